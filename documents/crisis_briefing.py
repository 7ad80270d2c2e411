"""The half-A4 crisis briefing (issue 19, the fast track from the first hour): what
happened, what is planned and who is where, from the day's briefing and debriefing, for a
distribution list of organisations and functions. Composed from plain data; the owning
service (monitoring.services.publish_briefing) gathers the facts, guards the text, stores
the publication and logs it. Half A4 is A5: it fits a phone screen and a pocket."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from django.template.loader import render_to_string

from .letters import dutch_date

STYLESHEET = Path(__file__).with_name("crisis_briefing.css")


@dataclass(frozen=True)
class Part:
    """One briefing of the day (briefing before the shift, debriefing after it)."""

    kind: str  # "Briefing", "Debriefing"
    happened: str
    planned: str
    whereabouts: str


@dataclass(frozen=True)
class BriefingFacts:
    municipality: str  # "Gemeente Westerhaven"
    group: str  # the group's name as the case knows it (group level, guarded)
    day: date
    reason: str  # why crisis mode runs
    parts: tuple[Part, ...]
    distribution: tuple[str, ...]  # organisations and functions
    published_by: str  # a function and organisation, not a person's name: "procesregisseur, Gemeente …"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["day"] = self.day.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict) -> BriefingFacts:
        return cls(
            municipality=data["municipality"],
            group=data["group"],
            day=date.fromisoformat(data["day"]),
            reason=data["reason"],
            parts=tuple(Part(**p) for p in data["parts"]),
            distribution=tuple(data["distribution"]),
            published_by=data["published_by"],
        )


def title(facts: BriefingFacts) -> str:
    return f"Crisisbriefing {facts.group} — {dutch_date(facts.day)}"


def compose(facts: BriefingFacts) -> str:
    """The briefing as plain text: what the guard reads and what is kept as published."""
    lines = [facts.municipality, title(facts), f"Aanleiding: {facts.reason}"]
    for part in facts.parts:
        lines += [
            part.kind,
            f"Gebeurd: {part.happened}",
            f"Gepland: {part.planned}",
            f"Wie is waar: {part.whereabouts}",
        ]
    lines += [f"Verspreiding: {', '.join(facts.distribution)}", f"Uitgegeven door: {facts.published_by}"]
    return "\n".join(line for line in lines if line)


def html(facts: BriefingFacts) -> str:
    return render_to_string("documents/crisis_briefing.html", {"facts": facts, "title": title(facts)})


def pdf(facts: BriefingFacts) -> bytes:
    from weasyprint import CSS, HTML  # imported here: loading Pango costs time at start-up

    return HTML(string=html(facts)).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
