"""A progress report (step 6) as a document for cases.case_documents: the stored text of the
report, laid out. Group level: before it is produced the parts people wrote pass the
privacy guard again (the same check as when it was generated, with today's guard and what
was confirmed then), so it names no one and its export logs no person."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import case_documents
from cases.case_documents import Composed, DocumentRefused
from documents import progress_report
from documents import report as doc
from privacy import guard
from privacy.services import previously_confirmed

from .services import report_facts, written_findings


def _missing(case) -> str:
    if not case.progress_reports.exists():
        return _("Er is nog geen voortgangsrapportage (stap 6).")
    return ""


def report_sections(body: str) -> tuple[list[tuple[str, str]], list[doc.Section]]:
    """The stored text (documents.progress_report.compose) as facts and sections: a block
    starts with its heading in capitals; 'Per spoor:' starts a part with its bullets."""
    blocks = [b for b in body.replace("\r\n", "\n").split("\n\n") if b.strip()]
    facts = []
    for line in blocks[0].split("\n")[1:] if blocks else []:
        label, _sep, value = line.partition(": ")
        facts.append((label.strip(), value.strip()))
    sections: list[doc.Section] = []
    for block in blocks[1:]:
        lines = [line for line in block.split("\n") if line.strip()]
        heading, current = lines[0].strip().capitalize(), {"heading": "", "paragraphs": [], "bullets": []}
        parts = [current]
        for line in lines[1:]:
            text = line.strip()
            if text.startswith("- "):
                current["bullets"].append(text[2:])
            elif line.startswith("  ") and current["bullets"]:  # a briefing's second line
                current["bullets"][-1] += f" — {text}"
            elif text.endswith(":") and len(text) < 40:
                current = {"heading": text[:-1], "paragraphs": [], "bullets": []}
                parts.append(current)
            else:
                current["paragraphs"].append(text)
        first = parts[0]
        sections.append(
            doc.Section(
                heading, tuple(first["paragraphs"]), tuple(first["bullets"]), parts_follow=len(parts) > 1
            )
        )
        sections += [
            doc.Section(p["heading"], tuple(p["paragraphs"]), tuple(p["bullets"]), level=3) for p in parts[1:]
        ]
    return facts, sections


def _report(case, *, actor, number=None) -> Composed:
    reports = case.progress_reports.all()
    report = reports.filter(number=number).first() if number else reports.first()
    if report is None:
        raise DocumentRefused(_("Deze voortgangsrapportage bestaat niet."))
    body = progress_report.compose(
        report_facts(case, period_from=report.period_from, period_to=report.period_to, forum=report.forum)
    )
    remaining = guard.filter_confirmed(
        written_findings(body), previously_confirmed(f"analysis.progressreport:{report.pk}")
    )
    if remaining:
        raise DocumentRefused(
            _("De rapportage is niet gemaakt: de privacytoets vindt mogelijk persoonsgegevens: %(items)s.")
            % {"items": ", ".join(f"'{f.text}'" for f in remaining)}
        )
    facts, sections = report_sections(report.body)
    composed = doc.Report(
        title=_("Voortgangsrapportage"),
        subject=case.group.name,
        facts=((_("Casus"), str(case.pk)), (_("Nummer"), str(report.number)), *facts),
        note=_("Groepsniveau: deze rapportage bevat geen persoonsgegevens."),
        sections=tuple(sections),
        file_name=case_documents.file_name(f"voortgangsrapportage-{report.number}", case),
    )
    return Composed(composed, ())


def register() -> None:
    case_documents.register(
        "progress-report",
        gettext_lazy("Voortgangsrapportage"),
        operation="document.progress_report",
        missing=_missing,
        compose=_report,
        page="monitoring:monitoring",
        anonymous=True,
    )
