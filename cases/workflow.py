"""The 7-step machine as data: one table of step rules.

- REQUIREMENTS: named conditions ("picture.saved_in_step_3") with the checklist line a user
  sees and a check that returns None when met or what is still to be done. The steps' apps
  register their own requirements at start-up (`AppConfig.ready` → `requirement(...)`), so
  this module imports none of them.
- TRANSITIONS: per move its requirements and the sentence of the source (appendix §2–3).
- WRITES: per kind of write the steps in which it is allowed (`require_write`).
- The checklist a user sees is derived from the same requirements (`checklist`).

Who may see personal data in which step is decided in privacy.access.personal_data_gate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groepsaanpak.errors import GATE, DomainError


class WorkflowError(DomainError):
    """A refused transition or a write outside its steps; str(error) is the Dutch
    explanation for the user."""

    code = GATE


# --- requirements -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    name: str
    label: str | Promise | Callable  # the checklist line; a callable gets the case
    check: Callable  # case -> None when met, else what is still to be done (a phrase)
    after: tuple[str, ...] = ()  # only checked once these are met (else: not done, no todo)

    def line(self, case) -> str:
        return str(self.label(case) if callable(self.label) else self.label)


REQUIREMENTS: dict[str, Requirement] = {}


def requirement(name: str, label, *, after: tuple[str, ...] = ()) -> Callable:
    """Register the decorated check as the requirement `name` (idempotent per name)."""

    def register(check: Callable) -> Callable:
        REQUIREMENTS[name] = Requirement(name, label, check, after)
        return check

    return register


def _status(case, names) -> list[tuple[Requirement, str | None, bool]]:
    """Per requirement: (requirement, todo, done); todo is None when met or when an
    earlier requirement it comes after is not met yet."""
    done: dict[str, bool] = {}
    rows = []
    for name in names:
        req = REQUIREMENTS[name]
        if not all(done.get(first, False) for first in req.after):
            done[name] = False
            rows.append((req, None, False))
            continue
        todo = req.check(case)
        done[name] = todo is None
        rows.append((req, todo, todo is None))
    return rows


# The requirements of steps 1–2 are about the case itself; the steps' apps add theirs.


@requirement("case.coordinator", gettext_lazy("Uitvoeringscoördinator aangewezen"))
def _coordinator(case):
    return None if case.coordinator_id else _("wijs een uitvoeringscoördinator aan")


@requirement("case.legal_basis", gettext_lazy("Grondslag vastgelegd"))
def _legal_basis(case):
    return None if case.legal_basis_choice else _("leg de grondslag vast")


@requirement("case.necessity", gettext_lazy("Noodzaak onderbouwd"))
def _necessity(case):
    return None if case.necessity.strip() else _("onderbouw de noodzaak")


@requirement("case.partner_invited", gettext_lazy("Ten minste één ketenpartner uitgenodigd"))
def _partner(case):
    if case.participants.count() < 2:
        return _("Nodig ten minste één ketenpartner uit voor het integrale beeld.")
    return None


# --- transitions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    kind: str  # forward | back | close
    requires: tuple[str, ...]
    source: str  # the sentence of the work process this move implements
    intro: str | Promise | None = None  # "Stap 2 kan pas beginnen als u: %(list)s."

    def gate(self, case) -> str | None:
        """None when the move may happen, else a Dutch explanation of what is missing."""
        todos = [str(todo) for _req, todo, _done in _status(case, self.requires) if todo is not None]
        if not todos:
            return None
        if self.intro is None:
            return " ".join(todos)
        return str(self.intro) % {"list": "; ".join(todos)}


TRANSITIONS: dict[tuple[int, int | None], Move] = {
    (1, 2): Move(
        "forward",
        ("case.coordinator", "case.legal_basis", "case.necessity"),
        "Zodra persoonsgegevens worden uitgewisseld (een namenlijst is dat al) is een "
        "uitvoeringscoördinator en een grondslag nodig (§3.3, voetnoot).",
        gettext_lazy("Stap 2 kan pas beginnen als u: %(list)s."),
    ),
    (2, 3): Move(
        "forward", ("case.partner_invited",), "Besluit: door naar stap 3 met de betrokken partners."
    ),
    (3, 4): Move(
        "forward",
        ("picture.saved_in_step_3", "concept_plan.drafted"),
        "Dit leidt tot een integraal beeld op het problematisch groepsgedrag. [...] Op basis van het "
        "integrale beeld wordt [...] ook een concept plan van aanpak opgesteld (§3.4).",
        gettext_lazy("Stap 4 kan pas beginnen als u: %(list)s."),
    ),
    (4, 5): Move(
        "forward",
        ("decision.prioritised",),
        "Het ketenoverleg prioriteert al dan niet dit beleidsadvies [...] en besluit of en hoe de "
        "jeugdgroep aangepakt moet worden (§3.5).",
    ),
    (4, 3): Move(
        "back",
        ("decision.further_analysis",),
        "Indien het ketenoverleg [...] vaststelt dat er een aanvullende analyse moet worden uitgevoerd, "
        "geeft zij daartoe gemotiveerd én met aangegeven domeinonderdelen aan waar deze analyse zich op "
        "moet richten (§3.5).",
    ),
    (5, 6): Move(
        "forward",
        ("plan.in_force", "plan.smart_result", "plan.measures", "plan.measures_have_actions"),
        "Het integraal plan van aanpak [...] met doelen, resultaten en de interventiematrix: per "
        "maatregel wie wat doet (§3.6). Het vastgestelde PvA wordt uitgevoerd en gemonitord (§3.7).",
        gettext_lazy("Stap 6 kan pas beginnen als u: %(list)s."),
    ),
    (6, 7): Move("forward", (), "Het overleg besluit tot afschalen of stoppen."),
    (6, 3): Move("back", (), "Het beeld moet opnieuw: terug naar stap 3 (cyclisch proces)."),
    (6, 5): Move("back", (), "Het plan moet worden bijgesteld: terug naar stap 5."),
    (2, None): Move("close", (), "Na stap 2 kan worden afgesloten: een gerichte actie volstaat."),
    (3, None): Move("close", (), "Na stap 3 kan worden afgesloten: een gerichte actie volstaat."),
    (4, None): Move(
        "close",
        ("decision.not_prioritised",),
        "Het ketenoverleg prioriteert al dan niet dit beleidsadvies (§3.5): niet geprioriteerd, dan afsluiten.",
    ),
    (7, None): Move(
        "close",
        (
            "closing.decided",
            "closing.actions_handed_over",
            "closing.handovers_answered",
            "closing.retention_set",
            "closing.evaluation_discussed",
        ),
        "Het overleg besluit tot afschalen of stoppen, getoetst aan de doelen; lopende zaken worden "
        "overgedragen, de bewaartermijn vastgesteld en de aanpak geëvalueerd (§3.8).",
        gettext_lazy("Afronden kan pas als u: %(list)s."),
    ),
}

# What a step's checklist shows: by default the requirements of its way forward (for step 7:
# closing). Step 4's way forward depends on the forum's decision, so it shows the advice and
# the decision instead (a decision without an advice is the fast track, hence not a gate).
CHECKLIST: dict[int, tuple[str, ...]] = {
    4: ("advice.sent_in_step_4", "decision.recorded"),
    7: TRANSITIONS[(7, None)].requires,
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


def checklist_names(step: int) -> tuple[str, ...]:
    if step in CHECKLIST:
        return CHECKLIST[step]
    forward = TRANSITIONS.get((step, step + 1))
    return forward.requires if forward else ()


def checklist(case, step: int | None = None) -> list[tuple[str, bool]]:
    """What a step (default: the case's own) still needs, as (line, done) pairs: the same
    requirements the gate checks."""
    names = checklist_names(case.step if step is None else step)
    return [(req.line(case), done) for req, _todo, done in _status(case, names)]


def missing(case, names) -> list[str]:
    """What is still to be done for these requirements (empty: all met)."""
    return [str(todo) for _req, todo, _done in _status(case, names) if todo is not None]


# --- writes per step ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Write:
    what: str | Promise  # "Het plan van aanpak" — the subject of the refusal sentence
    steps: tuple[int, ...]
    # Also allowed in any step once the regisseur chose the fast track for the case (the
    # source: acting within hours, measures that cannot wait for the decision).
    fast_track: bool = False


# Whether the fast track was chosen for a case: registered by the app that records the
# choice (monitoring, in AppConfig.ready), as the steps' requirements are.
_FAST_TRACK: list = []


def register_fast_track(predicate) -> None:
    _FAST_TRACK[:] = [predicate]


def on_fast_track(case) -> bool:
    return bool(_FAST_TRACK) and bool(_FAST_TRACK[0](case))


WRITES: dict[str, Write] = {
    # step 3–4 (analysis)
    "picture": Write(gettext_lazy("Het integraal beeld en het concept plan"), (3,)),
    "estimate": Write(gettext_lazy("De schatting van kosten en inzet"), (3,)),
    "interventiematrix": Write(gettext_lazy("De interventiematrix van stap 3"), (3,)),
    "circular": Write(gettext_lazy("Circulair bevragen"), (3,)),
    "advice": Write(gettext_lazy("Het advies"), (3, 4)),
    "advice.send": Write(gettext_lazy("Het advies versturen"), (4,)),
    "decision": Write(gettext_lazy("Het besluit van het overleg"), (4,)),
    # step 5–6 (plans, monitoring)
    "plan": Write(gettext_lazy("Het plan van aanpak"), (5, 6)),
    "action": Write(gettext_lazy("Acties maken"), (5, 6)),
    "indicator": Write(gettext_lazy("Een effectindicator toevoegen"), (5, 6)),
    "crisis": Write(gettext_lazy("De crisismodus"), (5, 6), fast_track=True),
    "urgent_action": Write(gettext_lazy("Een spoedmaatregel vóór het plan"), (), fast_track=True),
    "measurement": Write(gettext_lazy("Een meting vastleggen"), (5, 6, 7)),
    "measurement.import": Write(gettext_lazy("Metingen importeren"), (5, 6, 7)),
    "indicator.compute": Write(gettext_lazy("Een indicator berekenen uit de signalen"), (5, 6, 7)),
    "report": Write(gettext_lazy("Een voortgangsrapportage"), (5, 6, 7)),
    # step 7 (closing)
    "closing.decision": Write(gettext_lazy("Het besluit tot afschalen of stoppen"), (7,)),
    "handover": Write(gettext_lazy("Overdragen"), (7,)),
    "evaluation": Write(gettext_lazy("De evaluatie"), (7,)),
    "retention": Write(gettext_lazy("De bewaartermijn"), (7,)),  # and after closing (closing.py)
}


def write_allowed(case, write: str) -> bool:
    rule = WRITES[write]
    return case.step in rule.steps or (rule.fast_track and case.is_open and on_fast_track(case))


def require_write(case, write: str) -> None:
    """Raise WorkflowError unless the case's step (or its fast track) allows this kind of write."""
    rule = WRITES[write]
    if write_allowed(case, write):
        return
    if not rule.steps:
        raise WorkflowError(
            _("%(what)s kan alleen als de procesregisseur de snelle route heeft gekozen.")
            % {"what": rule.what}
        )
    raise WorkflowError(
        _("%(what)s hoort bij stap %(steps)s; deze casus staat in stap %(now)s.")
        % {"what": rule.what, "steps": _(" of ").join(str(s) for s in rule.steps), "now": case.step}
    )


def unregistered() -> list[str]:
    """Requirement names used in the tables that no app registered (a test keeps this empty)."""
    used = {n for move in TRANSITIONS.values() for n in move.requires}
    used |= {n for names in CHECKLIST.values() for n in names}
    used |= {a for req in REQUIREMENTS.values() for a in req.after}
    return sorted(used - REQUIREMENTS.keys())
