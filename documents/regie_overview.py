"""The regie overview as CSV (issue 20): one row per open case the user may see, group level
(no persons), formula-safe through documents.csv_safe. `dashboard.views.regie` gathers the
rows (`RegieRow`) with dashboard.reads.regie_cases."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import astuple, dataclass

from . import csv_safe

FILENAME = "regie-overzicht.csv"
COLUMNS = (
    "casus", "groep", "stap", "dagen in stap", "prioriteit", "signalen laatste 4 weken",
    "signalen 4 weken daarvoor", "trend", "laatste signaal", "open verzoeken", "verlopen verzoeken",
    "open acties", "te late acties", "partners", "coördinator", "volgend overleg",
)  # fmt: skip


@dataclass(frozen=True)
class RegieRow:
    case: int
    group: str
    step: str
    days_in_step: int
    priority: int | str
    signals_recent: int
    signals_before: int
    trend: int
    last_signal: str
    open_requests: int
    overdue_requests: int
    open_actions: int
    overdue_actions: int
    partners: int
    coordinator: str
    next_meeting: str


def csv_response(rows: Iterable[RegieRow]):
    return csv_safe.attachment(FILENAME, COLUMNS, (astuple(r) for r in rows))
