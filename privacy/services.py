"""Writes on privacy data: covenant versions and guard confirmations."""

from __future__ import annotations

from datetime import date

from django.db import transaction

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
        created_by=actor,
    )
    covenant.parties.set(parties)
    CovenantRule.objects.bulk_create(CovenantRule(covenant=covenant, **rule) for rule in rules)
    return covenant


def confirm_findings(*, subject: str, findings, actor) -> None:
    """Keep the author's 'this is not personal data' next to the text, for the privacy officer."""
    GuardConfirmation.objects.bulk_create(
        GuardConfirmation(subject=subject, kind=f.kind, text=f.text[:200], confirmed_by=actor)
        for f in findings
    )
