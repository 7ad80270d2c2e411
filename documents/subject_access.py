"""The subject-access export (inzage, issue 17) composed from plain data: JSON for the API,
HTML for the page and a PDF (WeasyPrint) of the same HTML. privacy.subject_access gathers
the facts, decides what is disclosed and logs the export."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Part:
    """One thing held about the person: a heading, its category and label/value rows."""

    title: str
    category: str
    rows: tuple[tuple[str, str], ...]


@dataclass
class CaseFacts:
    pk: int
    title: str
    parts: list[Part] = field(default_factory=list)


@dataclass(frozen=True)
class LogLine:
    when: datetime
    what: str
    who: str  # the official's name where the covenant says so, else the organisation
    organisation: str
    purpose: str
    case: int | None


@dataclass
class AccessFacts:
    subject: str  # the pseudonym
    identity: list[tuple[str, str]]
    cases: list[CaseFacts]
    log: list[LogLine]
    withheld: list[tuple[str, str]]  # (what, why)
    generated_at: datetime
    requested_by: str  # the organisation that answers the request


def as_json(facts: AccessFacts) -> dict:
    return {
        "subject": facts.subject,
        "generated_at": facts.generated_at.isoformat(),
        "answered_by": facts.requested_by,
        "identity": [{"label": k, "value": v} for k, v in facts.identity],
        "cases": [
            {
                "case": c.pk,
                "group": c.title,
                "parts": [
                    {
                        "title": p.title,
                        "category": p.category,
                        "rows": [{"label": k, "value": v} for k, v in p.rows],
                    }
                    for p in c.parts
                ],
            }
            for c in facts.cases
        ],
        "processing_log": [
            {
                "when": line.when.isoformat(),
                "what": line.what,
                "who": line.who,
                "organisation": line.organisation,
                "purpose": line.purpose,
                "case": line.case,
            }
            for line in facts.log
        ],
        "withheld": [{"what": what, "reason": why} for what, why in facts.withheld],
    }


def html(facts: AccessFacts) -> str:
    return render_to_string("documents/subject_access.html", {"facts": facts, "title": _("Inzageoverzicht")})


# Kept out of the template: no template carries inline styles (the CSP test checks them all).
STYLESHEET = Path(__file__).with_name("subject_access.css")


def pdf(facts: AccessFacts) -> bytes:
    from weasyprint import CSS, HTML  # imported here: only the PDF needs it (and its system libraries)

    return HTML(string=html(facts)).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
