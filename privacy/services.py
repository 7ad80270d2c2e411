"""Writes on privacy data: covenant versions and guard confirmations."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from . import policies
from .models import Covenant, CovenantRule, GuardConfirmation


@transaction.atomic
def publish_covenant(
    *,
    municipality,
    title: str,
    effective_from: date,
    purposes: str,
    parties,
    rules: list[dict],
    names_officials_in_access: bool = False,
    actor=None,
) -> Covenant:
    """A new covenant version; earlier versions stay for the record."""
    last = Covenant.objects.filter(municipality=municipality).order_by("-version").first()
    covenant = Covenant.objects.create(
        municipality=municipality,
        title=title,
        version=(last.version + 1) if last else 1,
        effective_from=effective_from,
        purposes=purposes,
        names_officials_in_access=names_officials_in_access,
        created_by=actor,
    )
    covenant.parties.set(parties)
    CovenantRule.objects.bulk_create(CovenantRule(covenant=covenant, **rule) for rule in rules)
    return covenant


def confirm_findings(*, subject: str, findings, actor, field: str = "", case_id: int | None = None) -> None:
    """Keep the author's 'this is not personal data' next to the text, for the privacy officer:
    with the field and the text around it (privacy.guarding.AcceptedFinding). The same text
    confirmed again in the same field of the same object is kept once. `case_id`: the case
    the text belongs to (a 'cases.case:<id>' subject names it already)."""
    model, _sep, pk = subject.partition(":")
    if case_id is None and model == "cases.case" and pk.isdigit():
        case_id = int(pk)
    seen = set(GuardConfirmation.objects.filter(subject=subject).values_list("field", "kind", "text"))
    rows = []
    for f in findings:
        key = (str(getattr(f, "field", "") or field)[:60], f.kind, f.text[:200])
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            GuardConfirmation(
                subject=subject,
                field=key[0],
                kind=f.kind,
                text=key[2],
                context=str(getattr(f, "context", ""))[:400],
                confirmed_by=actor,
                case_id=case_id,
            )
        )
    GuardConfirmation.objects.bulk_create(rows)


def previously_confirmed(subject: str, field: str | None = None) -> list[tuple[str, str]]:
    """(kind, text) the authors confirmed before for this object (and field): a false alarm
    confirmed once is not asked again when the same text is saved in the same field."""
    rows = GuardConfirmation.objects.filter(subject=subject)
    if field is not None:
        rows = rows.filter(field=field)
    return list(rows.values_list("kind", "text").distinct())


def review_confirmation(confirmation: GuardConfirmation, *, actor, remark: str = "") -> GuardConfirmation:
    """The privacy officer marks a confirmation as reviewed, with an optional remark."""
    if not policies.allowed(actor, "guard_confirmations.read"):
        raise PermissionDenied
    confirmation.reviewed_at = timezone.now()
    confirmation.reviewed_by = actor
    confirmation.review_remark = remark.strip()[:500]
    confirmation.save(update_fields=["reviewed_at", "reviewed_by", "review_remark"])
    return confirmation
