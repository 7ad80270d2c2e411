"""The evaluation report (step 7) for the printable page (`closing.views.evaluation_report`)
and as a document for cases.case_documents. Group level: before the document is produced
what people wrote in it (the contributions, the summary, the decision's motivation, the
hand-overs) passes the privacy guard, with what was confirmed for each record before; so
it names no one and its export logs no person."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import case_documents
from cases.case_documents import Composed, DocumentRefused
from documents import evaluation as evaluation_document
from documents import report as doc

from . import reads as closing_reads
from . import services as closing


def report_context(case, evaluation) -> dict:
    """Everything the evaluation report shows (page and document)."""
    contributions = list(evaluation.contributions.select_related("organisation", "author"))
    decision = closing.current_closing_decision(case)
    return {
        "case": case,
        "evaluation": evaluation,
        "criteria": evaluation_document.criteria(closing.evaluation_figures(evaluation, case), contributions),
        "contributions": contributions,
        "decision": decision,
        "tested": closing.tested_results(case, decision),
        "handovers": list(case.handovers.filter(membership__isnull=True).select_related("to_organisation")),
        "personal_handovers": case.handovers.filter(membership__isnull=False).count(),
        "retention": closing.current_retention(case),
    }


def _missing(case) -> str:
    if closing_reads.evaluation_of(case) is None:
        return _("Er is nog geen evaluatie (stap 7).")
    return ""


def _written(ctx) -> list[tuple[str, str, str]]:
    """(confirmation subject, field, text) of everything people wrote in the report."""
    texts = [(f"analysis.evaluation:{ctx['evaluation'].pk}", _("Samenvatting"), ctx["evaluation"].summary)]
    texts += [
        (f"analysis.evaluationcontribution:{c.pk}", c.organisation.name, text)
        for c in ctx["contributions"]
        for text in c.texts.values()
    ]
    if ctx["decision"]:
        texts.append(
            (f"analysis.closingdecision:{ctx['decision'].pk}", _("Motivering"), ctx["decision"].motivation)
        )
    texts += [(f"analysis.handover:{h.pk}", _("Overdracht"), h.what) for h in ctx["handovers"]]
    return texts


def _evaluation(case, *, actor, number=None) -> Composed:
    evaluation = closing_reads.evaluation_of(case)
    if evaluation is None:
        raise DocumentRefused(_missing(case))
    ctx = report_context(case, evaluation)
    case_documents.guard_texts(_written(ctx))
    decision = ctx["decision"]
    facts = [(_("Casus"), str(case.pk)), (_("Cyclus"), str(case.cycle))]
    if evaluation.discussed_on:
        facts.append(
            (_("Besproken"), f"{evaluation.get_forum_display()}, {doc.dutch_date(evaluation.discussed_on)}")
        )
    else:
        facts.append((_("Status"), _("Concept: nog niet besproken in het overleg.")))
    if decision:
        decided = doc.Section(
            _("Besluit van het overleg"),
            paragraphs=(
                f"{decision.get_outcome_display()} — {decision.get_forum_display()}, {doc.dutch_date(decision.decided_on)}",
                *doc.paragraphs_of(decision.motivation),
            ),
            tables=(
                doc.table(
                    [_("Resultaat"), _("Bereikt"), _("Cijfers")],
                    [
                        (r["indicator"], _("ja") if r.get("reached") else _("nee"), r.get("figures") or "")
                        for r in ctx["tested"]
                    ],
                    _("Resultaten van het plan van aanpak"),
                ),
            )
            if ctx["tested"]
            else (),
        )
    else:
        decided = doc.Section(
            _("Besluit van het overleg"), (_("Nog geen besluit tot afschalen of stoppen."),)
        )
    sections = [decided, doc.Section(_("Evaluatie per criterium"), parts_follow=True)]
    for c in ctx["criteria"]:
        sections.append(
            doc.Section(
                str(c["label"]),
                paragraphs=tuple(f"{org}: {' '.join(text.split())}" for org, text in c["texts"]),
                bullets=tuple(c["measured"]),
                level=3,
            )
        )
    if evaluation.summary:
        sections.append(doc.Section(_("Samenvatting en lessen"), doc.paragraphs_of(evaluation.summary)))
    handovers = [
        f"{h.to_organisation.name}: {h.what} ({h.get_status_display().lower()})" for h in ctx["handovers"]
    ]
    if ctx["personal_handovers"]:
        handovers.append(
            _("%(n)s overdracht(en) van de begeleiding van jongeren (niet in dit rapport)")
            % {"n": ctx["personal_handovers"]}
        )
    sections.append(doc.Section(_("Overdrachten"), bullets=tuple(handovers)))
    retention = ctx["retention"]
    if retention:
        kept = _("Persoonsgegevens worden bewaard tot %(d)s.") % {"d": doc.dutch_date(case.retention_until)}
        if case.legal_hold:
            kept += " " + _("Er geldt een bewaarplicht.")
        sections.append(doc.Section(_("Bewaartermijn"), (kept, *doc.paragraphs_of(retention.motivation))))
    else:
        sections.append(doc.Section(_("Bewaartermijn"), (_("Nog niet vastgesteld."),)))
    report = doc.Report(
        title=_("Evaluatierapport groepsaanpak"),
        subject=case.group.name,
        facts=tuple(facts),
        note=_("Dit rapport bevat geen persoonsgegevens."),
        sections=tuple(sections),
        empty_text=_("Geen gegevens."),
        file_name=case_documents.file_name("evaluatierapport", case),
    )
    return Composed(report, ())


def register() -> None:
    case_documents.register(
        "evaluation",
        gettext_lazy("Evaluatierapport"),
        operation="document.evaluation",
        missing=_missing,
        compose=_evaluation,
        page="closing:evaluation",
        anonymous=True,
    )
