"""What the step machine (cases.workflow) asks of steps 3–4: plain yes/no questions on
this app's records, so the transition table stays readable."""

from __future__ import annotations

from cases.models import Step


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
    qs = case.plan_versions.all()
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
