"""The text of a progress report to the forum (step 6): the plan in force, the actions,
the escalations, the effect indicators and crisis mode over a period. Group level: counts
and group-level text, never persons.

`monitoring.services.generate_progress_report` prepares the facts (`ReportFacts`),
composes, runs the privacy guard over what people wrote in it (the `Written` pieces, whose
places the `Body` keeps) and stores the report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class Written(str):
    """A piece of the report that people wrote (the group name, an indicator's name, a
    briefing): what the guard checks. Everything else is the system's own wording,
    numbers, dates and reference labels."""


class Body:
    """The composed text and where in it the `Written` pieces are."""

    def __init__(self):
        self.text = ""
        self.spans: list[tuple[int, int]] = []

    def line(self, *pieces) -> None:
        for piece in pieces:
            piece = piece if isinstance(piece, Written) else str(piece)
            if isinstance(piece, Written) and piece:
                self.spans.append((len(self.text), len(self.text) + len(piece)))
            self.text += piece
        self.text += "\n"

    def in_user_text(self, finding) -> bool:
        return any(finding.start < end and finding.end > start for start, end in self.spans)


@dataclass(frozen=True)
class Tally:
    """Counts of actions for the whole case, one track or one partner
    (monitoring.reads.Tally)."""

    label: str
    total: int = 0
    by_status: Sequence[tuple[str, int]] = ()  # (status label, count), in status order, counts > 0
    overdue: int = 0
    percent_done: int = 0


@dataclass(frozen=True)
class Escalated:
    level: str  # the level's label, as people named it
    has_outcome: bool = False


@dataclass(frozen=True)
class Crisis:
    started_on: date
    ended_on: date | None
    reason: str


@dataclass(frozen=True)
class Briefing:
    day: date
    happened: str
    planned: str


@dataclass(frozen=True)
class ReportFacts:
    group_name: str
    period_from: date
    period_to: date
    step: str  # the step's label
    actions: Tally
    forum: str = ""  # the forum's label, "" when none
    plan_number: int | None = None  # the plan of approach in force, None when there is none
    plan_adopted_on: date | None = None
    plan_versions_in_period: int = 0
    tracks: Sequence[Tally] = ()
    partners: Sequence[Tally] = ()
    escalations: Sequence[Escalated] = ()  # escalated in the period, in order
    indicators: Sequence[tuple[str, str]] = ()  # (indicator name, status summary)
    crises: Sequence[Crisis] = ()  # crisis periods overlapping the period
    briefings: Sequence[Briefing] = ()  # daily briefings in the period


def _day(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def _one_line(text: str) -> Written:
    return Written(" ".join((text or "").split()))


def tally_line(tally: Tally) -> str:
    """'5 acties: gepland 2, gereed 1; over de termijn 1; 25% gereed'."""
    head = ngettext("%(n)s actie", "%(n)s acties", tally.total) % {"n": tally.total}
    parts = [f"{str(label).lower()} {n}" for label, n in tally.by_status if n]
    line = head + (": " + ", ".join(parts) if parts else "")
    if tally.total:
        line += "; " + _("over de termijn %(n)s") % {"n": tally.overdue}
        line += "; " + _("%(pct)s%% gereed") % {"pct": tally.percent_done}
    return line


def compose(facts: ReportFacts) -> Body:
    body = Body()
    body.line(_("Voortgangsrapportage — "), Written(facts.group_name))
    body.line(
        _("Periode: %(from)s t/m %(to)s") % {"from": _day(facts.period_from), "to": _day(facts.period_to)}
    )
    if facts.forum:
        body.line(_("Voor: %(forum)s") % {"forum": facts.forum})
    body.line(_("Stap: %(step)s") % {"step": facts.step})
    body.line()

    body.line(_("PLAN VAN AANPAK"))
    if facts.plan_number is None:
        body.line(_("Er is nog geen plan van aanpak vastgesteld."))
    else:
        body.line(
            _("Versie %(n)s is van kracht (vastgesteld op %(when)s).")
            % {"n": facts.plan_number, "when": _day(facts.plan_adopted_on) if facts.plan_adopted_on else ""}
        )
        changed = facts.plan_versions_in_period
        if changed:
            body.line(
                ngettext(
                    "In deze periode is %(n)s versie vastgesteld.",
                    "In deze periode zijn %(n)s versies vastgesteld.",
                    changed,
                )
                % {"n": changed}
            )
    body.line()

    total = facts.actions
    body.line(_("ACTIES"))
    if not total.total:
        body.line(_("Er zijn nog geen acties."))
    else:
        body.line(_("Totaal: %(line)s.") % {"line": tally_line(total)})
        body.line(_("Over de termijn (open, einddatum verstreken): %(n)s.") % {"n": total.overdue})
        body.line(_("Per spoor:"))
        for tally in facts.tracks:
            body.line(f"- {tally.label}: {tally_line(tally)}")
        body.line(_("Per partner:"))
        for tally in facts.partners:
            body.line(f"- {tally.label}: {tally_line(tally)}")
    body.line()

    escalations = facts.escalations
    body.line(_("ESCALATIES IN DEZE PERIODE"))
    if not escalations:
        body.line(_("Geen."))
    else:
        body.line(_("Aantal: %(n)s.") % {"n": len(escalations)})
        for level, n in Counter(e.level for e in escalations).items():
            body.line(_("- naar "), Written(level), f": {n}")
        body.line(_("Nog zonder uitkomst: %(n)s.") % {"n": sum(1 for e in escalations if not e.has_outcome)})
    body.line()

    body.line(_("EFFECTINDICATOREN"))
    if not facts.indicators:
        body.line(_("Er zijn nog geen effectindicatoren."))
    for name, summary in facts.indicators:
        body.line("- ", Written(name), f": {summary}")
    body.line()

    briefings = facts.briefings
    body.line(_("CRISISMODUS"))
    if not facts.crises and not briefings:
        body.line(_("In deze periode niet van toepassing."))
    for p in facts.crises:
        start = _day(p.started_on)
        if p.ended_on:
            when = _("Crisisperiode van %(start)s tot %(end)s: ") % {"start": start, "end": _day(p.ended_on)}
        else:
            when = _("Crisisperiode vanaf %(start)s (loopt nog): ") % {"start": start}
        body.line(when, _one_line(p.reason))
    if briefings:
        body.line(
            ngettext("%(n)s dagbriefing:", "%(n)s dagbriefings:", len(briefings)) % {"n": len(briefings)}
        )
        for b in briefings:
            body.line(f"- {_day(b.day)}: ", _one_line(b.happened))
            body.line(f"  {_('Gepland')}: ", _one_line(b.planned))
    return body
