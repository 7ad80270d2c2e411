"""The privacy officer's overview (issue 17): on one page the register of processing
activities, the covenant versions, the processing log in words (grouped per request,
filtered), cases by retention date and legal holds, the informatieplicht in numbers, guard
confirmations and the security log to review, and the latest verification and checkpoint
of the logs. Reads only; reading the log here is itself logged (`processing_log.read`,
per person shown) and so is its export (`processing_log.export`).

More sections (purge history, subject requests) register through `register_section`: a
title, a template and a function giving its context for the user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from . import chain, log, operations, registry, shipping
from .models import (
    Covenant,
    GuardConfirmation,
    ProcessingActivity,
    ProcessingLogEntry,
    SecurityEvent,
    Tombstone,
    TombstoneAction,
)
from .security import STREAM as SECURITY_STREAM

PAGE_SIZE = 25  # requests (groups of log rows) per page


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    context: Callable  # (user) -> dict


SECTIONS: list[Section] = []


def register_section(key: str, title, template: str, context: Callable) -> None:
    """A section another app adds to the overview (e.g. the purge history of retention)."""
    if any(s.key == key for s in SECTIONS):
        raise ValueError(f"overview section {key!r} registered twice")
    SECTIONS.append(Section(key, title, template, context))


def extra_sections(user) -> list[tuple[Section, dict]]:
    return [(s, s.context(user)) for s in SECTIONS]


# --- the purge history (tombstones of privacy.retention) ------------------------------------------

PURGE_DAYS = 20  # the latest days on which something was purged


def purge_history(user) -> dict:
    """What the retention run (and upheld objections) removed in the municipality's cases, per
    day, kind of record, category and action — counts only, as the tombstones hold no content."""
    municipality_id = user.organisation.municipality_id if user.organisation_id else None
    stones = Tombstone.objects.filter(case_id__in=registry.case_ids_of_municipality(municipality_id))
    days = list(
        stones.annotate(day=TruncDate("at"))
        .values_list("day", flat=True)
        .distinct()
        .order_by("-day")[:PURGE_DAYS]
    )
    rows = (
        stones.annotate(day=TruncDate("at"))
        .filter(day__in=days)
        .values("day", "kind", "category", "action")
        .annotate(n=Count("pk"), cases=Count("case_id", distinct=True))
        .order_by("-day", "kind", "category")
    )
    actions = dict(TombstoneAction.choices)
    return {
        "rows": [{**r, "action_label": actions.get(r["action"], r["action"])} for r in rows],
        "total": stones.count(),
    }


register_section(
    "opschonen",
    _("Opgeschoond na de bewaartermijn (grafstenen)"),
    "privacy/overview_purges.html",
    purge_history,
)

register_section(
    "verzending",
    _("Verzending naar het logboek van de organisatie"),
    "privacy/overview_shipping.html",
    shipping.state,
)


# --- the register, the covenant ----------------------------------------------------------------


def register_of_activities() -> list[dict]:
    """Each processing activity with its purpose, basis and the operations logged under it."""
    ops: dict[str, list] = {}
    for op in operations.OPERATIONS.values():
        for activity in op.activities:
            ops.setdefault(activity, []).append(op)
    return [
        {"activity": a, "operations": ops.get(a.code, [])}
        for a in ProcessingActivity.objects.order_by("code")
    ]


def covenant_versions(municipality_id: int):
    return Covenant.objects.filter(municipality_id=municipality_id).order_by("-effective_from", "-version")


# --- the processing log in words ------------------------------------------------------------------


def municipality_log(municipality_id: int):
    """The log rows of the municipality: about its cases, or by its users."""
    return ProcessingLogEntry.objects.filter(
        Q(case_id__in=registry.case_ids_of_municipality(municipality_id))
        | Q(actor_id__in=User.objects.filter(organisation__municipality_id=municipality_id).values("pk"))
    )


def filtered(entries, *, date_from=None, date_to=None, code="", organisation="", case=None, person=""):
    """The entries within the filters (all optional); `code`: one operation of the register."""
    tz = timezone.get_current_timezone()
    if date_from:
        entries = entries.filter(started_at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        entries = entries.filter(
            started_at__lt=datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=tz)
        )
    if code:
        entries = entries.filter(operation=code)
    if organisation:
        entries = entries.filter(actor_organisation=organisation)
    if case:
        entries = entries.filter(case_id=case)
    if person:
        entries = entries.filter(data_subject=str(person))
    return entries


@dataclass
class Request:
    """The rows one request wrote (one trace), told in words."""

    trace_id: str
    started_at: datetime
    actor: str
    organisation: str
    what: list[str] = field(default_factory=list)  # operation labels, in order, once each
    persons: list[tuple[str, str]] = field(default_factory=list)  # (pseudonym, name)
    cases: list[tuple[int, str]] = field(default_factory=list)  # (id, group name)
    purpose: str = ""
    legal_basis: str = ""


class Names:
    """Names for the page: officials by id, persons by pseudonym, cases by id (one query
    each per page, a person's through the registry)."""

    def __init__(self, municipality_id: int):
        self._cases = {c["id"]: c["label"] for c in registry.case_facts(municipality_id)}
        self._users: dict[int, str] = {}
        self._persons: dict[str, str] = {}

    def load_users(self, ids) -> None:
        missing = {i for i in ids if i is not None and i not in self._users}
        for user in User.objects.filter(pk__in=missing):
            self._users[user.pk] = user.display_name()

    def user(self, pk, username: str) -> str:
        return self._users.get(pk) or username

    def person(self, pseudonym: str) -> str:
        if pseudonym not in self._persons:
            found = registry.subject(pseudonym) if pseudonym else None
            self._persons[pseudonym] = getattr(found, "full_name", "") or ""
        return self._persons[pseudonym]

    def case(self, pk) -> str:
        return self._cases.get(pk, "")


def requests(entries, names: Names, *, page_number=None):
    """A page of requests (newest first) and their rows told in words."""
    traces = (
        entries.values("trace_id").annotate(first=Min("sequence"), last=Max("sequence")).order_by("-last")
    )
    page = Paginator(traces, PAGE_SIZE).get_page(page_number)
    ids = [t["trace_id"] for t in page.object_list]
    rows = list(entries.filter(trace_id__in=ids).order_by("sequence"))
    names.load_users({r.actor_id for r in rows})
    grouped: dict[str, Request] = {}
    for r in rows:
        req = grouped.get(r.trace_id)
        if req is None:
            req = grouped[r.trace_id] = Request(
                trace_id=r.trace_id,
                started_at=r.started_at,
                actor=names.user(r.actor_id, r.actor_username),
                organisation=r.actor_organisation,
                purpose=r.purpose,
                legal_basis=r.legal_basis,
            )
        label = operations.label(r.operation)
        if label not in req.what:
            req.what.append(label)
        if r.data_subject and r.data_subject not in {p for p, _n in req.persons}:
            req.persons.append((r.data_subject, names.person(r.data_subject)))
        if r.case_id and r.case_id not in {c for c, _l in req.cases}:
            req.cases.append((r.case_id, names.case(r.case_id)))
    page.object_list = [grouped[i] for i in ids if i in grouped]
    return page


def read_log_page(user, entries, names: Names, *, page_number=None):
    """The page of the log in words; logs that the user read the log about each person shown."""
    page = requests(entries, names, page_number=page_number)
    subjects = {p for req in page.object_list for p, _n in req.persons}
    if subjects:
        log.read(user, "processing_log.read", subjects)
    return page


def export_rows(user, entries, names: Names) -> list[list]:
    """The filtered log in words for the CSV (documents.processing_log.words_csv_response);
    the export is logged with every person in it."""
    rows, subjects = [], set()
    names.load_users(set(entries.values_list("actor_id", flat=True).distinct()))
    for r in entries.order_by("sequence").iterator():
        subjects.add(r.data_subject)
        rows.append(
            [
                timezone.localtime(r.started_at).strftime("%Y-%m-%d %H:%M:%S"),
                names.user(r.actor_id, r.actor_username),
                r.actor_organisation,
                operations.label(r.operation),
                r.action,
                names.person(r.data_subject),
                r.data_subject,
                names.case(r.case_id) if r.case_id else "",
                r.purpose,
                r.legal_basis,
                r.trace_id,
            ]
        )
    subjects.discard("")
    if subjects:
        log.write(user, "processing_log.export", subjects)
    return rows


# --- the rest of the page --------------------------------------------------------------------------


def retention(municipality_id: int) -> dict:
    cases = registry.case_facts(municipality_id)
    closed = [c for c in cases if not c["is_open"]]
    dated = sorted((c for c in closed if c["retention_until"]), key=lambda c: c["retention_until"])
    return {
        "dated": dated,
        "undated": [c for c in closed if not c["retention_until"]],
        "holds": [c for c in cases if c["legal_hold"]],
        "open_count": sum(1 for c in cases if c["is_open"]),
        "today": timezone.localdate(),
    }


def guard_confirmations_count(municipality_id: int, since) -> int:
    return GuardConfirmation.objects.filter(
        confirmed_by__organisation__municipality_id=municipality_id, confirmed_at__gte=since
    ).count()


def security_summary(municipality_id: int, since) -> list[tuple[str, int]]:
    from django.db.models import Count

    from .security import KINDS

    counts = (
        SecurityEvent.objects.filter(municipality_id=municipality_id, at__gte=since)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "kind")
    )
    return [(str(KINDS.get(c["kind"], c["kind"])), c["n"]) for c in counts]


def log_state() -> list[dict]:
    """Per log: the latest full verification (kept by verify_processing_log) and the latest
    signed checkpoint, compared with the row it names."""
    out = []
    for stream in (log.STREAM, SECURITY_STREAM):
        found = chain.read_checkpoints(stream)
        latest = found.valid[-1] if found.valid else None
        matches = None
        if latest is not None:
            row = (
                stream.model.objects.filter(sequence=latest["sequence"])
                .values_list("entry_hash", flat=True)
                .first()
            )
            matches = latest["sequence"] == 0 or row == latest.get("hash")
        out.append(
            {
                "label": stream.label,
                "verification": chain.last_verification(stream),
                "checkpoint": latest,
                "checkpoint_matches": matches,
                "checkpoint_problems": found.problems,
            }
        )
    return out
