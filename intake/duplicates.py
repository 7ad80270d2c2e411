"""Likely duplicates of a signal: two partners report the same evening on the same square,
or one person sends the same text twice. A warning, never a refusal — the regisseur decides."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q

from .models import Signal

WINDOW = timedelta(hours=2)  # the same place this close in time: probably the same event


def likely_duplicates(signal: Signal, visible, *, limit: int = 3) -> list[Signal]:
    """Other signals of the same municipality, among those the reader may see (`visible`),
    at the same place within WINDOW of this one, or with the same text within a day."""
    near = Q(observed_at__gte=signal.observed_at - WINDOW, observed_at__lte=signal.observed_at + WINDOW)
    same_day = Q(
        observed_at__gte=signal.observed_at - timedelta(days=1),
        observed_at__lte=signal.observed_at + timedelta(days=1),
    )
    return list(
        visible.filter(municipality_id=signal.municipality_id)
        .exclude(pk=signal.pk)
        .filter(
            (near & Q(location__iexact=signal.location.strip()))
            | (same_day & Q(description__iexact=signal.description.strip()))
        )
        .order_by("-observed_at")[:limit]
    )
