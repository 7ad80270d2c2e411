"""The plan of approach in force as a document for cases.case_documents (step 5): version
number and date, goals, the three tracks, strategy, organisation, SMART results, scenarios
and the interventiematrix. A measure aimed at one youth names them only for who may
receive personal data (plans.reads.export_names); the export is logged for those youths."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import case_documents
from cases.case_documents import Composed
from documents import report as doc
from plans import content as c
from plans.reads import export_names, present


def _missing(case) -> str:
    if not case.approach_plans.exists():
        return _("Er is nog geen plan van aanpak vastgesteld (stap 5).")
    return ""


def _texts(pairs) -> list[doc.Section]:
    return [doc.Section(str(label), doc.paragraphs_of(text), level=3) for label, text in pairs]


def _plan(case, *, actor, number=None) -> Composed:
    versions = case.approach_plans.select_related("author_organisation")
    in_force = versions.first()
    version = versions.filter(number=number).first() if number else in_force
    if version is None:
        raise case_documents.DocumentRefused(_("Deze versie van het plan bestaat niet."))
    names, withheld, subjects = export_names(actor, case, c.member_keys(version.content))
    plan = present(case, version.content, names, withheld)
    status = _("van kracht") if version.number == in_force.number else _("niet meer van kracht")
    sections = [
        doc.Section(
            _("Doelen"),
            bullets=tuple(
                g["label"] + (f" ({_('lokaal doel')})" if g["local"] else "") for g in plan["goals"]
            ),
        ),
        doc.Section(_("De drie sporen"), parts_follow=True),
        *_texts(plan["tracks_text"]),
        doc.Section(_("Strategie"), parts_follow=True),
        *_texts(plan["strategy"]),
        doc.Section(_("Organisatie"), parts_follow=True),
        *_texts(plan["organisation"]),
        doc.Section(
            _("SMART-resultaten"),
            tables=(
                doc.table(
                    [
                        _("Indicator"),
                        _("Eenheid"),
                        _("Nulmeting"),
                        _("Streefwaarde"),
                        _("Uiterlijk"),
                        _("Doel"),
                    ],
                    [
                        (
                            r["indicator"],
                            r["unit"] or "—",
                            r["baseline"],
                            r["target"],
                            r["deadline"],
                            r["goal"] or "—",
                        )
                        for r in plan["results"]
                    ],
                ),
            )
            if plan["results"]
            else (),
        ),
        doc.Section(
            _("Scenario's"),
            bullets=tuple(
                f"{_('Wanneer')}: {s.get('trigger')} — {s.get('response')}" for s in plan["scenarios"]
            ),
        ),
    ]
    matrix = []
    for track in plan["matrix"]:
        rows = [
            (
                m["organisation"],
                (_("Een jongere") + ": " if m["member"] and not m["target_withheld"] else "")
                + str(m["target"]),
                m["description"] or "",
            )
            for m in track["measures"]
        ]
        matrix.append(
            doc.Section(
                str(track["label"]),
                tables=(doc.table([_("Partner"), _("Gericht op"), _("Maatregel")], rows),) if rows else (),
                level=3,
            )
        )
    sections.append(
        doc.Section(
            _("Interventiematrix"),
            paragraphs=(_("Namen van jongeren zijn afgeschermd: %(why)s") % {"why": withheld},)
            if withheld
            else (),
            parts_follow=True,
        )
    )
    sections += matrix
    if subjects:
        note = _(
            "Dit document bevat persoonsgegevens (maatregelen gericht op een jongere). Deel het alleen met deelnemers aan de aanpak."
        )
    else:
        note = _("Dit document bevat geen namen van jongeren.")
    report = doc.Report(
        title=_("Plan van aanpak"),
        subject=case.group.name,
        facts=(
            (_("Casus"), str(case.pk)),
            (_("Versie"), f"{version.number} ({status})"),
            (_("Vastgesteld op"), doc.dutch_date(timezone.localtime(version.created_at).date())),
            (_("Door"), version.author_organisation.name),
            (
                _("Reden van de wijziging"),
                version.reason or (_("Eerste versie") if version.number == 1 else "—"),
            ),
            (_("Gemaakt op"), doc.dutch_date(timezone.localdate())),
        ),
        note=note,
        sections=tuple(sections),
        empty_text=_("Niet ingevuld."),
        file_name=case_documents.file_name(f"plan-van-aanpak-v{version.number}", case),
    )
    return Composed(report, tuple(subjects))


def register() -> None:
    case_documents.register(
        "plan",
        gettext_lazy("Plan van aanpak (versie van kracht)"),
        operation="document.plan",
        missing=_missing,
        compose=_plan,
        page="plans:plan",
    )
