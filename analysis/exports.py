"""The documents of steps 3–4 for cases.case_documents: the concept plan of approach in force
and the anonymised policy advice, as plain `documents.report.Report`s.

The concept plan's person-aimed line may name youths: it is in the document only for who
may receive personal data, and the export is logged for the youths it names. The advice is
anonymised (Jongere A, B, …): it passes the privacy guard — no member's name left, nothing
else that looks like personal data unless confirmed before — and the export is logged for
the youths its labels stand for (pseudonymised data are still about them)."""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import case_documents
from cases.case_documents import Composed, DocumentRefused
from documents import advice as advice_document
from documents import report as doc
from privacy import access
from privacy.categories import Category
from privacy.services import previously_confirmed

from . import anonymise
from .services import capacity_estimates


def _day(value) -> str:
    return doc.dutch_date(timezone.localtime(value).date() if hasattr(value, "hour") else value)


# --- concept plan (step 3) -------------------------------------------------------------------------


def _concept_missing(case) -> str:
    if not case.concept_plan_versions.exists():
        return _("Er is nog geen concept plan van aanpak (stap 3).")
    return ""


def _concept_plan(case, *, actor, number=None) -> Composed:
    versions = case.concept_plan_versions.select_related("author_organisation")
    plan = versions.filter(number=number).first() if number else versions.first()
    if plan is None:
        raise DocumentRefused(_("Deze versie van het concept plan bestaat niet."))
    decision = access.can_receive(actor, case, Category.PERSONAL)
    subjects: tuple[str, ...] = ()
    if decision:
        person = doc.Section(_("Persoonsgericht (hoofdlijnen)"), doc.paragraphs_of(plan.person_line))
        subjects = tuple(m.person.pseudonym for m in anonymise.for_case(case).mentioned(plan.person_line))
        note = _(
            "Dit document kan persoonsgegevens bevatten (de persoonsgerichte lijn). Deel het alleen met deelnemers aan de aanpak."
        )
    else:
        person = doc.Section(
            _("Persoonsgericht (hoofdlijnen)"), (_("Afgeschermd: %(why)s") % {"why": decision.reason},)
        )
        note = _("De persoonsgerichte lijn is afgeschermd; dit document bevat geen persoonsgegevens.")
    estimates = capacity_estimates(case)
    rows = [
        (
            e.organisation,
            str(e.hours_per_week or "—").replace(".", ","),
            str(e.fte or "—").replace(".", ","),
            str(e.months),
            f"€ {e.cost}" if e.cost is not None else "—",
            e.note,
        )
        for e in estimates
    ]
    capacity = doc.Section(
        _("Globale schatting van inzet en kosten"),
        paragraphs=tuple(line for line in advice_document.capacity_lines(estimates)[-1:]),
        tables=(
            doc.table(
                [_("Partner"), _("Uur per week"), _("fte"), _("Maanden"), _("Kosten"), _("Waarvoor")], rows
            ),
        )
        if rows
        else (),
    )
    report = doc.Report(
        title=_("Concept plan van aanpak"),
        subject=case.group.name,
        facts=(
            (_("Casus"), str(case.pk)),
            (_("Versie"), str(plan.number)),
            (_("Vastgelegd op"), _day(plan.created_at)),
            (_("Door"), plan.author_organisation.name),
            (_("Gemaakt op"), doc.dutch_date(timezone.localdate())),
        ),
        note=note,
        sections=(
            person,
            doc.Section(_("Groepsgericht (hoofdlijnen)"), doc.paragraphs_of(plan.group_line)),
            doc.Section(_("Gebiedsgericht (hoofdlijnen)"), doc.paragraphs_of(plan.area_line)),
            doc.Section(_("Strategie en advies over de aanpak"), doc.paragraphs_of(plan.strategy)),
            capacity,
        ),
        empty_text=_("Niet ingevuld."),
        file_name=case_documents.file_name("concept-plan", case),
    )
    return Composed(report, subjects)


# --- the advice (step 4) ------------------------------------------------------------------------


def _advice_missing(case) -> str:
    if not case.advices.exists():
        return _("Er is nog geen advies (stap 4): genereer het eerst.")
    return ""


_NUMBERED = re.compile(r"^(\d+)\.\s+(.+)$")


def advice_sections(body: str) -> tuple[tuple[str, ...], list[doc.Section]]:
    """The advice's text (documents.advice.compose, perhaps edited) as intro paragraphs and
    numbered sections; a line starting with '- ' is a bullet."""
    intro: list[str] = []
    sections: list[doc.Section] = []
    blocks = [b for b in (body or "").replace("\r\n", "\n").split("\n\n") if b.strip()]
    for block in blocks[1:]:  # the first block is the title
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        match = _NUMBERED.match(lines[0])
        if match is None and not sections:
            intro.append(" ".join(lines))
            continue
        heading = match.group(2) if match else ""
        rest = lines[1:] if match else lines
        paragraphs = tuple(line for line in rest if not line.startswith("- "))
        bullets = tuple(line[2:] for line in rest if line.startswith("- "))
        if match or not sections:
            sections.append(doc.Section(heading, paragraphs, bullets))
        else:  # a paragraph the author added after a section: part of it
            last = sections[-1]
            sections[-1] = doc.Section(last.heading, last.paragraphs + paragraphs, last.bullets + bullets)
    return tuple(intro), sections


def _advice(case, *, actor, number=None) -> Composed:
    advices = case.advices.all()
    advice = advices.filter(number=number).first() if number else advices.first()
    if advice is None:
        raise DocumentRefused(_("Dit advies bestaat niet."))
    anonymiser = anonymise.for_case(case)
    findings = anonymiser.findings(advice.body, previously_confirmed(f"analysis.advice:{advice.pk}"))
    if findings:
        raise DocumentRefused(
            _(
                "Het advies bevat nog %(n)s gegevens die op persoonsgegevens lijken (%(items)s); pas het "
                "advies aan voordat u het als document maakt."
            )
            % {"n": len(findings), "items": ", ".join(f"'{f.text}'" for f in findings[:5])}
        )
    labelled = tuple(
        m.person.pseudonym
        for m in anonymiser.memberships
        if re.search(rf"{re.escape(anonymiser.labels[m.pk])}(?!\w)", advice.body)
    )
    intro, sections = advice_sections(advice.body)
    facts = [
        (_("Casus"), str(case.pk)),
        (_("Advies"), str(advice.number)),
        (
            _("Status"),
            _("verzonden op %(d)s") % {"d": _day(advice.sent_at)} if advice.is_sent else _("concept"),
        ),
    ]
    if advice.forum:
        facts.append((_("Overleg"), advice.get_forum_display()))
    if advice.meeting_on:
        facts.append((_("Datum van het overleg"), doc.dutch_date(advice.meeting_on)))
    members = [(m.organisation, m.mandate) for m in advice.forum_members.all()]
    if members:
        sections.append(
            doc.Section(
                _("Samenstelling van het overleg"),
                tables=(doc.table([_("Organisatie"), _("Mandaat")], members),),
            )
        )
    report = doc.Report(
        title=_("Beleidsadvies"),
        subject=case.group.name,
        facts=tuple(facts),
        note=" ".join(intro),
        sections=tuple(sections),
        file_name=case_documents.file_name("advies", case),
    )
    return Composed(report, labelled)


def register() -> None:
    case_documents.register(
        "concept-plan",
        gettext_lazy("Concept plan van aanpak"),
        operation="document.concept_plan",
        missing=_concept_missing,
        compose=_concept_plan,
        page="analysis:plan",
    )
    case_documents.register(
        "advice",
        gettext_lazy("Beleidsadvies (geanonimiseerd)"),
        operation="document.advice",
        missing=_advice_missing,
        compose=_advice,
        page="analysis:advice",
        anonymous=True,
    )
