"""Every CSV file Groepsaanpak writes goes through this writer, so no cell can start a
formula when the file is opened in a spreadsheet (CSV injection, OWASP "CSV Injection").

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a single
quote in front: the spreadsheet shows the text as typed and runs nothing. Numbers are
written as they are (a negative number is not a formula). `tests` fail on a `csv.writer`
anywhere else in the code (documents/tests/test_csv_safe.py).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """The value as it may go into a CSV cell."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer with every cell passed through `cell`."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream, **kwargs) -> SafeWriter:
    return SafeWriter(stream, **kwargs)


def attachment(filename: str, columns: Iterable[str], rows: Iterable[Iterable[Any]]):
    """A CSV download (UTF-8, comma-separated, a header row), every cell through `cell`."""
    from django.http import HttpResponse

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    out = writer(response)
    out.writerow(columns)
    out.writerows(rows)
    return response
