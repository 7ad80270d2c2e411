"""What privacy asks of the domain without importing it (privacy is the ground floor).

The domain apps answer these questions by registering a function in their
AppConfig.ready(): `cases` says which case ids belong to a municipality, `groups` finds a
data subject (a person) by pseudonym. Retention's shredders register the same way
(privacy.retention)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_providers: dict[str, Callable] = {}

QUESTIONS = ("case_ids_of_municipality", "subject")


def provide(question: str, answer: Callable) -> None:
    if question not in QUESTIONS:
        raise ValueError(f"privacy asks no question {question!r}")
    _providers[question] = answer


def case_ids_of_municipality(municipality_id: int):
    """A queryset (or iterable) of the ids of the municipality's cases."""
    return _providers["case_ids_of_municipality"](municipality_id)


def subject(pseudonym) -> Any | None:
    """The person with this pseudonym, or None. The answer offers `pseudonym`,
    `municipality_id` and `cases()` (the cases whose name list holds them)."""
    return _providers["subject"](pseudonym)
