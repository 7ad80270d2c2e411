"""Subject access (inzage, AVG art. 15; issue 17): everything held about one person in the
cases the requester may disclose, plus the processing log about them.

As with retention, privacy decides *who* and *how much*, each app knows *what* it holds:
the apps register a section in their AppConfig.ready() (`<app>/disclosure.py`):

    subject_access.register_section("groups", _("Namenlijst"), collect, order=10)

`collect(user, person, cases) -> list[Part]`: for each of `cases` (the cases the requester
may disclose: the person is on their name list and the requester may receive personal data
there) the rows the app holds about the person, only in the categories the requester may
receive there (privacy.access.can_receive). What the requester may not disclose is listed
here once per case and category, with the reason; cases the requester may not see at all
are not mentioned (that would reveal that the person is on them).

`gather(user, person)` returns the plain facts (documents.subject_access.AccessFacts); the
page and the API render them as HTML, JSON or PDF and log the export once
(`subject_access.export`). Family links show the relation, never the other person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from documents.subject_access import AccessFacts, CaseFacts, LogLine, Part

from . import access, log, operations, registry
from .categories import SHORT_LABELS, Category
from .models import ProcessingLogEntry

WITHHELD_SCOPE = (Category.CRIMINAL, Category.CARE, Category.SPECIAL, Category.BSN)


@dataclass(frozen=True)
class Section:
    name: str
    label: Any
    collect: Callable[[Any, Any, Any], list[Part]]  # (user, person, case) -> parts
    order: int


_sections: dict[str, Section] = {}


def register_section(name: str, label, collect: Callable, *, order: int) -> None:
    _sections[name] = Section(name, label, collect, order)


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.name))


def disclosed_cases(user, person) -> list:
    """The cases whose name list holds the person and where the requester may receive
    personal data (the same decision as the person page)."""
    cases = sorted(person.cases(), key=lambda c: c.pk)  # a stable order: PostgreSQL returns rows as they lie
    return [c for c in cases if access.can_receive(user, c, Category.PERSONAL)]


def allowed_categories(user, case) -> set[str]:
    return {str(c) for c in Category if access.can_receive(user, case, c)}


def _names_officials(municipality_id) -> bool:
    covenant = access.covenant_in_force(municipality_id)
    return bool(covenant and covenant.names_officials_in_access)


def log_lines(user, person, case_ids) -> list[LogLine]:
    """The processing log about the person, within the disclosed cases (or about no case):
    when, what (in words), which organisation, for which purpose; the official's name only
    where the covenant says so, else the organisation."""
    from accounts.models import User

    names = _names_officials(person.municipality_id)
    entries = list(
        ProcessingLogEntry.objects.filter(
            data_subject__in=[str(person.pseudonym), *registry.aliases(str(person.pseudonym))]
        )
        .filter(case_id__in=list(case_ids) + [None])
        .order_by("sequence")
    )
    people = (
        {
            u.pk: u.display_name()
            for u in User.objects.filter(pk__in={e.actor_id for e in entries if e.actor_id})
        }
        if names
        else {}
    )
    lines = []
    for e in entries:
        organisation = e.actor_organisation or (_("het systeem") if e.actor_id is None else "")
        who = people.get(e.actor_id, organisation) if names else organisation
        lines.append(
            LogLine(
                when=timezone.localtime(e.started_at),
                what=operations.label(e.operation),
                who=who or _("het systeem"),
                organisation=organisation,
                purpose=e.purpose,
                case=e.case_id,
            )
        )
    return lines


def gather(user, person) -> AccessFacts:
    """Everything the requester may disclose about `person` (the caller checked the policy
    `subject_access.export`). Not logged here: the export is (`export`)."""
    facts = AccessFacts(
        subject=str(person.pseudonym),
        identity=[],
        cases=[],
        log=[],
        withheld=[],
        generated_at=timezone.localtime(),
        requested_by=user.organisation.name if user.organisation_id else "",
    )
    cases = disclosed_cases(user, person)
    for case in cases:
        allowed = allowed_categories(user, case)
        case_facts = CaseFacts(pk=case.pk, title=str(case.group.name), parts=[])
        for section in sections():
            case_facts.parts += [p for p in section.collect(user, person, case) if p.category in allowed]
        facts.cases.append(case_facts)
        for c in WITHHELD_SCOPE:
            decision = access.can_receive(user, case, c)
            if not decision:
                facts.withheld.append(
                    (
                        _("%(what)s in de casus %(case)s")
                        % {"what": SHORT_LABELS[c], "case": case.group.name},
                        str(decision.reason),
                    )
                )
    bsn_allowed = any(str(Category.BSN) in allowed_categories(user, c) for c in cases)
    facts.identity = [
        (_("Naam"), person.full_name),
        (_("Bijnaam"), person.nickname or "—"),
        (_("Geboortedatum"), person.date_of_birth.strftime("%d-%m-%Y") if person.date_of_birth else "—"),
        (_("Adres"), person.address or "—"),
    ]
    if bsn_allowed:  # never in full
        facts.identity.append((_("BSN"), f"*****{person.bsn[-4:]}" if person.bsn else "—"))
    facts.log = log_lines(user, person, [c.pk for c in cases])
    return facts


def export(user, person, facts: AccessFacts, fmt: str) -> None:
    """Log the export once: which categories left the system about this person."""
    categories = sorted({p.category for c in facts.cases for p in c.parts} | {str(Category.PERSONAL)})
    log.write(
        user,
        "subject_access.export",
        [person.pseudonym],
        categories=categories,
        action="print" if fmt == "pdf" else "export",
    )
