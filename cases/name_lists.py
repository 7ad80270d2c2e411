"""Writes on the name list for one youth across groups (issue 18): link a person already
known on another list instead of typing the name again, and import a list from CSV — all
rows or none. Both go through services.add_to_name_list (the gate, the covenant, the
duplicate refusal, the warnings, the log)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from groups.models import Membership, MembershipStatus, Person
from persons import checks, importing
from persons import reads as person_reads
from privacy import access, log
from privacy.categories import Category

from . import services
from .models import Case


@transaction.atomic
def link_person(
    case: Case, *, actor, person: Person, role_in_group: str = "", accept_warnings=False
) -> Membership:
    """Put a person the actor may see on another list on this case's list. A person the
    actor may not see is refused as if unknown (nothing about the other case is revealed)."""
    case = Case.objects.select_for_update().get(pk=case.pk)  # the current step, not a stale copy
    access.can_supply(actor, case, Category.PERSONAL).enforce()
    if case.memberships.filter(person=person).exists():
        checks.refuse_duplicate(case, person=person, full_name=person.full_name, date_of_birth=None)
    if not person_reads.linkable(actor, case, person):
        message = _("Deze persoon is voor u niet beschikbaar om te koppelen.")
        raise checks.NameRefused(message, errors={"person": [message]})
    return services.add_to_name_list(
        case,
        actor=actor,
        full_name=person.full_name,
        person=person,
        role_in_group=role_in_group,
        accept_warnings=accept_warnings,
    )


def check_import(case: Case, *, actor, rows: list) -> list:
    """The preview: per row its errors (refused) and warnings (to confirm), as the import
    would decide them; nothing saved."""
    access.can_supply(actor, case, Category.PERSONAL).enforce()
    may_agree = access.can_manage_case(actor, case)
    for row in rows:
        if not row.ok:
            continue
        if row.status == MembershipStatus.AGREED and not may_agree:
            row.errors.append(_("Alleen de procesregisseur of de coördinator zet een naam op afgestemd."))
        try:
            checks.refuse_duplicate(
                case, person=None, full_name=row.full_name, date_of_birth=row.date_of_birth
            )
        except checks.NameRefused as exc:
            row.errors.append(str(exc))
            continue
        try:
            checks.warn(actor, case, person=None, full_name=row.full_name, date_of_birth=row.date_of_birth)
        except checks.NameWarning as exc:
            row.warnings.append(str(exc))
    return rows


@transaction.atomic
def import_name_list(case: Case, *, actor, rows: list, accept_warnings: bool = False) -> list[Membership]:
    """Every row on the list, or none: a row with an error, or with a warning that was not
    confirmed, refuses the whole import (code invalid, the rows under `rows`)."""
    check_import(case, actor=actor, rows=rows)
    blocked = [r for r in rows if r.errors or (r.warnings and not accept_warnings)]
    if blocked or not rows:
        message = (
            _("Niets ingelezen: %(n)s regel(s) met een fout of een waarschuwing om te bevestigen.")
            % {"n": len(blocked)}
            if rows
            else _("Het bestand bevat geen namen.")
        )
        raise importing.ImportRefused(
            message,
            errors={
                "rows": [
                    f"{_('regel')} {r.line}: {'; '.join([*r.errors, *([] if accept_warnings else r.warnings)])}"
                    for r in blocked
                ]
                or [message]
            },
        )
    added = []
    for row in rows:
        membership = services.add_to_name_list(
            case,
            actor=actor,
            full_name=row.full_name,
            nickname=row.nickname,
            date_of_birth=row.date_of_birth,
            role_in_group=row.role_in_group,
            accept_warnings=True,
        )
        if row.status == MembershipStatus.AGREED:
            membership = services.set_membership_status(
                membership, status=MembershipStatus.AGREED, actor=actor, note=_("Afgestemd (import)")
            )
        added.append(membership)
    log.write(actor, "name_list.import", [m.person.pseudonym for m in added], case=case)
    return added
