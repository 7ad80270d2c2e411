"""What privacy asks of the domain without importing it (privacy is the ground floor).

The domain apps answer these questions by registering a function in their
AppConfig.ready(): `cases` says which case ids belong to a municipality and, for
retention, which cases are due, which are still live, and locks one; `groups` finds a
data subject (a person) by pseudonym. Retention's shredders register the same way, in
privacy.retention."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_providers: dict[str, Callable] = {}

QUESTIONS = (
    "case_ids_of_municipality", "subject", "person", "due_cases", "live_case_ids", "lock_case",
    "case_facts", "informing_status", "aliases", "merged_into",
)  # fmt: skip


def provide(question: str, answer: Callable) -> None:
    if question not in QUESTIONS:
        raise ValueError(f"privacy asks no question {question!r}")
    _providers[question] = answer


def case_ids_of_municipality(municipality_id: int):
    """A queryset (or iterable) of the ids of the municipality's cases."""
    return _providers["case_ids_of_municipality"](municipality_id)


def subject(pseudonym) -> Any | None:
    """The person with this pseudonym, or None. The answer offers `pseudonym`,
    `municipality_id` and `cases()` (the cases whose name list holds them). The pseudonym of
    a record merged into another person leads to that person (persons.merging)."""
    merged = _providers.get("merged_into")
    kept = merged(pseudonym) if merged else None
    return kept if kept is not None else _providers["subject"](pseudonym)


def aliases(pseudonym) -> list[str]:
    """The pseudonyms of the records merged into this person: the processing log about a
    person also holds the rows written about them (the log is append-only)."""
    answer = _providers.get("aliases")
    return answer(pseudonym) if answer else []


def person(pk) -> Any | None:
    """The person with this id, or None (the same kind of answer as `subject`)."""
    return _providers["person"](pk)


# --- retention (privacy.retention) -------------------------------------------------------------


def due_cases(today):
    """The closed cases whose retention date has passed (retention_until < today), legal
    hold or not, ordered by pk; each offers `pk`, `legal_hold`, `is_open`, `group.name`."""
    return _providers["due_cases"](today)


def live_case_ids(today, exclude=None):
    """The ids of the cases that may still hold a person's data: open, under a legal hold,
    or closed without a retention date or with one not yet passed; `exclude` a case id."""
    return _providers["live_case_ids"](today, exclude)


def lock_case(pk):
    """The case, its row locked for the rest of the transaction."""
    return _providers["lock_case"](pk)


# --- the privacy officer's overview (privacy.overview) ----------------------------------------


def case_facts(municipality_id: int) -> list[dict]:
    """Per case of the municipality, group level only: `id`, `label` (the group's working
    name), `is_open`, `step`, `retention_until`, `legal_hold`."""
    return _providers["case_facts"](municipality_id)


def informing_status(municipality_id: int) -> dict:
    """The informatieplicht in numbers (no names): {"cases": [{case_id, case, informed,
    postponed, review_due, outstanding}]}; {} when no app answers."""
    answer = _providers.get("informing_status")
    return answer(municipality_id) if answer else {}
