"""What the step machine (cases.workflow) asks of steps 3–4, registered as named
requirements when the app starts (AnalysisConfig.ready); cases imports nothing from here."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Step
from cases.workflow import requirement


def _entered(case, step: int):
    t = case.transitions.filter(to_step=step).order_by("-at", "-pk").first()
    return t.at if t else None


def _cycle_started(case):
    t = case.transitions.filter(kind__in=("open", "reopen")).order_by("-at", "-pk").first()
    return t.at if t else None


def picture_saved_in_step_3(case) -> bool:
    """A version of the integral picture saved since the case (last) entered step 3; after
    a request for further analysis or a move back from step 6 the picture is redone."""
    entered = _entered(case, Step.BEELD)
    qs = case.picture_versions.all()
    return (qs.filter(created_at__gte=entered) if entered else qs).exists()


def has_concept_plan(case) -> bool:
    """A concept plan (any version) in the current cycle of the case."""
    started = _cycle_started(case)
    qs = case.concept_plan_versions.all()
    return (qs.filter(created_at__gte=started) if started else qs).exists()


def advice_sent_in_step_4(case) -> bool:
    entered = _entered(case, Step.ADVIES)
    qs = case.advices.filter(status="verzonden")
    return (qs.filter(sent_at__gte=entered) if entered else qs).exists()


def decision_outcome(case) -> str | None:
    """The outcome of the decision recorded during the case's current stay in step 4."""
    from .services import decision_in_step

    decision = decision_in_step(case)
    return decision.outcome if decision else None


def register() -> None:
    requirement("picture.saved_in_step_3", gettext_lazy("Integraal beeld opgeslagen (in deze stap 3)"))(
        lambda case: (
            None
            if picture_saved_in_step_3(case)
            else _("sla het integraal beeld op (ten minste één versie in deze stap 3)")
        )
    )
    requirement("concept_plan.drafted", gettext_lazy("Concept plan van aanpak opgesteld"))(
        lambda case: None if has_concept_plan(case) else _("stel het concept plan van aanpak op")
    )
    requirement("advice.sent_in_step_4", gettext_lazy("Geanonimiseerd advies verzonden aan het overleg"))(
        lambda case: None if advice_sent_in_step_4(case) else _("verstuur het advies aan het overleg")
    )
    requirement("decision.recorded", gettext_lazy("Besluit van het overleg vastgelegd"))(
        lambda case: None if decision_outcome(case) else _("leg het besluit van het overleg vast")
    )
    for name, outcome, refusal in (
        (
            "decision.prioritised",
            "geprioriteerd",
            gettext_lazy(
                "Stap 5 kan pas beginnen als het overleg heeft besloten de groep te prioriteren (besluit vastleggen)."
            ),
        ),
        (
            "decision.further_analysis",
            "verdere_analyse",
            gettext_lazy(
                "Terug naar stap 3 kan alleen als het overleg om een aanvullende analyse heeft gevraagd."
            ),
        ),
        (
            "decision.not_prioritised",
            "niet_geprioriteerd",
            gettext_lazy(
                "Afsluiten in stap 4 kan alleen als het overleg heeft besloten de groep niet te prioriteren."
            ),
        ),
    ):
        requirement(name, gettext_lazy("Besluit van het overleg vastgelegd"))(
            lambda case, outcome=outcome, refusal=refusal: (
                None if decision_outcome(case) == outcome else str(refusal)
            )
        )
