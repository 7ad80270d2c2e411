"""The security log as a CSV file (beveiligingslog.csv): one row per event, for the privacy
officer and the beheerder. Every cell goes through documents.csv_safe (a user agent or a
username typed at the login can start with "=")."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse

from . import csv_safe

FILENAME = "beveiligingslog.csv"
COLUMNS = (
    "volgnummer", "tijd", "soort", "omschrijving", "gebruiker", "uitgevoerd door",
    "ip-adres", "user-agent", "object", "toelichting",
)  # fmt: skip


def row(event, label: str = "") -> list:
    """One event (privacy.models.SecurityEvent, or anything with its fields)."""
    return [
        event.sequence, event.at.isoformat(), event.kind, label, event.username, event.actor_username,
        event.ip_address, event.user_agent, event.target, event.detail,
    ]  # fmt: skip


def csv_response(events: Iterable, labels: dict | None = None) -> HttpResponse:
    """The events as an attachment `beveiligingslog.csv` (UTF-8, comma-separated, a header
    row); `labels` gives the Dutch description per kind."""
    labels = labels or {}
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    writer = csv_safe.writer(response)
    writer.writerow(COLUMNS)
    for event in events.iterator() if hasattr(events, "iterator") else events:
        writer.writerow(row(event, str(labels.get(event.kind, ""))))
    return response
