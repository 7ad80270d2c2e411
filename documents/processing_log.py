"""The processing log about one youth as a CSV file (verwerkingen.csv): one row per log
entry, the columns the privacy officer and the data subject's request need.

`privacy.reads.export_person_log` is the one use case around it: it logs the export
(`processing_log.export`) and returns this response; the privacy page and the API both call
it, so the file is the same through either door."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse

from . import csv_safe

FILENAME = "verwerkingen.csv"
COLUMNS = (
    "volgnummer", "tijd", "gebruiker", "organisatie", "handeling", "activiteit",
    "casus", "doel", "grondslag", "categorieën", "trace",
)  # fmt: skip


def row(entry) -> list:
    """One log entry (privacy.models.ProcessingLogEntry, or anything with its fields)."""
    return [
        entry.sequence, entry.started_at.isoformat(), entry.actor_username, entry.actor_organisation,
        entry.operation, entry.activity, entry.case_id or "", entry.purpose, entry.legal_basis,
        entry.categories, entry.trace_id,
    ]  # fmt: skip


def csv_response(entries: Iterable) -> HttpResponse:
    """The entries as an attachment `verwerkingen.csv` (UTF-8, comma-separated, a header
    row). A queryset is read with `.iterator()`: the log about a person can be long."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    writer = csv_safe.writer(response)
    writer.writerow(COLUMNS)
    for entry in entries.iterator() if hasattr(entries, "iterator") else entries:
        writer.writerow(row(entry))
    return response


WORDS_FILENAME = "verwerkingslog-in-woorden.csv"
WORDS_COLUMNS = (
    "tijd", "wie", "organisatie", "wat", "handeling", "persoon", "pseudoniem", "casus",
    "doel", "grondslag", "verzoek",
)  # fmt: skip


def words_csv_response(rows: Iterable) -> HttpResponse:
    """The privacy officer's overview as CSV: the log in words (names and labels, no codes),
    rows as `privacy.overview.export_rows` tells them; every cell through csv_safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{WORDS_FILENAME}"'
    writer = csv_safe.writer(response)
    writer.writerow(WORDS_COLUMNS)
    writer.writerows(rows)
    return response
