"""The 7-step machine as data: which moves exist, which gate each must pass, and the
sentence of the source (appendix §2–3) each implements.

A gate returns None when the move may happen, or a Dutch explanation of what is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groepsaanpak.errors import GATE, DomainError


class WorkflowError(DomainError):
    """A refused transition or a write outside its steps; str(error) is the Dutch
    explanation for the user."""

    code = GATE


def _needs_coordinator_and_basis(case) -> str | None:
    missing = []
    if not case.coordinator_id:
        missing.append(_("wijs een uitvoeringscoördinator aan"))
    if not case.legal_basis_choice:
        missing.append(_("leg de grondslag vast"))
    if not case.necessity.strip():
        missing.append(_("onderbouw de noodzaak"))
    if missing:
        return _("Stap 2 kan pas beginnen als u: %(list)s.") % {"list": "; ".join(missing)}
    return None


def _needs_partners(case) -> str | None:
    if case.participants.count() < 2:
        return _("Nodig ten minste één ketenpartner uit voor het integrale beeld.")
    return None


def _needs_picture_and_concept_plan(case) -> str | None:
    from analysis import gates

    missing = []
    if not gates.picture_saved_in_step_3(case):
        missing.append(_("sla het integraal beeld op (ten minste één versie in deze stap 3)"))
    if not gates.has_concept_plan(case):
        missing.append(_("stel het concept plan van aanpak op"))
    if missing:
        return _("Stap 4 kan pas beginnen als u: %(list)s.") % {"list": "; ".join(missing)}
    return None


def _needs_decision(outcome: str, missing) -> Callable:
    """A gate on the outcome of the decision recorded in the current stay in step 4."""

    def gate(case) -> str | None:
        from analysis import gates

        return None if gates.decision_outcome(case) == outcome else str(missing)

    return gate


_needs_prioritising_decision = _needs_decision(
    "geprioriteerd",
    gettext_lazy(
        "Stap 5 kan pas beginnen als het overleg heeft besloten de groep te prioriteren (besluit vastleggen)."
    ),
)
_needs_further_analysis_request = _needs_decision(
    "verdere_analyse",
    gettext_lazy("Terug naar stap 3 kan alleen als het overleg om een aanvullende analyse heeft gevraagd."),
)
_needs_decision_not_to_prioritise = _needs_decision(
    "niet_geprioriteerd",
    gettext_lazy(
        "Afsluiten in stap 4 kan alleen als het overleg heeft besloten de groep niet te prioriteren."
    ),
)


def _needs_plan_with_actions(case) -> str | None:
    from approach import gates

    missing = gates.plan_missing(case)
    if missing:
        return _("Stap 6 kan pas beginnen als u: %(list)s.") % {"list": "; ".join(missing)}
    return None


def _needs_closing(case) -> str | None:
    from approach import gates

    missing = gates.closing_missing(case)
    if missing:
        return _("Afronden kan pas als u: %(list)s.") % {"list": "; ".join(missing)}
    return None


def _always(case) -> str | None:
    return None


@dataclass(frozen=True)
class Move:
    kind: str  # forward | back | close
    gate: Callable
    source: str  # the sentence of the work process this move implements


TRANSITIONS: dict[tuple[int, int | None], Move] = {
    (1, 2): Move(
        "forward",
        _needs_coordinator_and_basis,
        "Zodra persoonsgegevens worden uitgewisseld (een namenlijst is dat al) is een "
        "uitvoeringscoördinator en een grondslag nodig (§3.3, voetnoot).",
    ),
    (2, 3): Move("forward", _needs_partners, "Besluit: door naar stap 3 met de betrokken partners."),
    (3, 4): Move(
        "forward",
        _needs_picture_and_concept_plan,
        "Dit leidt tot een integraal beeld op het problematisch groepsgedrag. [...] Op basis van het "
        "integrale beeld wordt [...] ook een concept plan van aanpak opgesteld (§3.4).",
    ),
    (4, 5): Move(
        "forward",
        _needs_prioritising_decision,
        "Het ketenoverleg prioriteert al dan niet dit beleidsadvies [...] en besluit of en hoe de "
        "jeugdgroep aangepakt moet worden (§3.5).",
    ),
    (4, 3): Move(
        "back",
        _needs_further_analysis_request,
        "Indien het ketenoverleg [...] vaststelt dat er een aanvullende analyse moet worden uitgevoerd, "
        "geeft zij daartoe gemotiveerd én met aangegeven domeinonderdelen aan waar deze analyse zich op "
        "moet richten (§3.5).",
    ),
    (5, 6): Move(
        "forward",
        _needs_plan_with_actions,
        "Het integraal plan van aanpak [...] met doelen, resultaten en de interventiematrix: per "
        "maatregel wie wat doet (§3.6). Het vastgestelde PvA wordt uitgevoerd en gemonitord (§3.7).",
    ),
    (6, 7): Move("forward", _always, "Het overleg besluit tot afschalen of stoppen."),
    (6, 3): Move("back", _always, "Het beeld moet opnieuw: terug naar stap 3 (cyclisch proces)."),
    (6, 5): Move("back", _always, "Het plan moet worden bijgesteld: terug naar stap 5."),
    (2, None): Move("close", _always, "Na stap 2 kan worden afgesloten: een gerichte actie volstaat."),
    (3, None): Move("close", _always, "Na stap 3 kan worden afgesloten: een gerichte actie volstaat."),
    (4, None): Move(
        "close",
        _needs_decision_not_to_prioritise,
        "Het ketenoverleg prioriteert al dan niet dit beleidsadvies (§3.5): niet geprioriteerd, dan afsluiten.",
    ),
    (7, None): Move(
        "close",
        _needs_closing,
        "Het overleg besluit tot afschalen of stoppen, getoetst aan de doelen; lopende zaken worden "
        "overgedragen, de bewaartermijn vastgesteld en de aanpak geëvalueerd (§3.8).",
    ),
}


def allowed_moves(case) -> list[tuple[int | None, Move]]:
    return [(to, move) for (frm, to), move in TRANSITIONS.items() if frm == case.step]


def check(case, to_step: int | None) -> Move:
    """Return the move if it is allowed now, else raise WorkflowError with the reason."""
    if not case.is_open:
        raise WorkflowError(_("Deze casus is afgesloten. Heropen hem eerst als nieuwe cyclus."))
    move = TRANSITIONS.get((case.step, to_step))
    if move is None:
        if to_step is None:
            raise WorkflowError(_("Afsluiten kan alleen na stap 2, 3, 4 (niet geprioriteerd) of 7."))
        raise WorkflowError(
            _("Van stap %(frm)s naar stap %(to)s is geen toegestane overgang.")
            % {"frm": case.step, "to": to_step}
        )
    problem = move.gate(case)
    if problem:
        raise WorkflowError(problem)
    return move


def checklist(case) -> list[tuple[str, bool]]:
    """What the next forward transition still needs, as (item, done) pairs."""
    items: list[tuple[str, bool]] = []
    if case.step == 1:
        items = [
            (_("Uitvoeringscoördinator aangewezen"), bool(case.coordinator_id)),
            (_("Grondslag vastgelegd"), bool(case.legal_basis_choice)),
            (_("Noodzaak onderbouwd"), bool(case.necessity.strip())),
        ]
    elif case.step == 2:
        items = [(_("Ten minste één ketenpartner uitgenodigd"), case.participants.count() >= 2)]
    elif case.step == 3:
        from analysis import gates

        items = [
            (_("Integraal beeld opgeslagen (in deze stap 3)"), gates.picture_saved_in_step_3(case)),
            (_("Concept plan van aanpak opgesteld"), gates.has_concept_plan(case)),
        ]
    elif case.step == 4:
        from analysis import gates

        outcome = gates.decision_outcome(case)
        items = [
            (_("Geanonimiseerd advies verzonden aan het overleg"), gates.advice_sent_in_step_4(case)),
            (_("Besluit van het overleg vastgelegd"), outcome is not None),
        ]
    elif case.step == 5:
        from approach import gates

        missing = gates.plan_missing(case)
        has_plan = case.approach_plans.exists()
        items = [(_("Plan van aanpak vastgesteld"), has_plan)] + [(m, False) for m in missing if has_plan]
    elif case.step == 7:
        from approach import gates

        missing = gates.closing_missing(case)
        items = [(m[:1].upper() + m[1:], False) for m in missing] or [
            (_("Besluit, overdracht, bewaartermijn en evaluatie gereed"), True)
        ]
    return items
