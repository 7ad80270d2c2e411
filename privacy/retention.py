"""Retention: privacy decides *when* a closed case's personal data go; each app that holds
personal data knows *what* it holds and scrubs it (a shredder, as in pretix's
base/shredder.py). See docs/adr/0007-retention.md.

When: a case is due once it is closed, its retention date (`Case.retention_until`, fixed in
step 7 by closing.services.set_retention) has passed (`retention_until < today`) and no
legal hold is on. Per due case, in one transaction with the case row locked, every
registered shredder runs in `order`; together they return what they removed, and one
"retention.apply" entry per youth goes to the processing log. A dry run does the same
work and rolls it back, so its report is exact. A second run finds nothing left.

What: the apps register in their AppConfig.ready() (`<app>/shredders.py`):

    retention.register_shredder("groups", _("Namenlijst en personen"), shred, order=90,
                                covers=("groups.Person", "groups.Membership", ...))

`shred(case, ctx) -> Shredded`: the rows removed or unlinked per Dutch label, the data
categories touched, and (the name list's shredder) the youths logged and the persons
anonymised or kept. `ctx.live_case_ids` are the other cases that may still need a
person (open, under a legal hold, or within their retention); a person on one of them is
kept. `covers` names the models whose personal data the shredder removes
(privacy/tests/test_retention_registry.py checks every such model is covered).

The case questions (which cases are due, lock one, which are live) are answered by the
cases app through privacy.registry; privacy imports no domain app."""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import LoginFailure
from privacy import access, log, registry, security
from privacy.categories import PERSONAL_CATEGORIES, Category
from privacy.models import Tombstone

# --- how long: the covenant's terms per category --------------------------------------------------

DEFAULT_RETENTION_MONTHS = 24  # CovenantRule's default, used when no covenant is in force
# The order the terms are shown in; ordinary personal data last (it goes last, see category_dates).
TERM_CATEGORIES = (Category.CARE, Category.SPECIAL, Category.CRIMINAL, Category.BSN, Category.PERSONAL)


def add_months(day: date, months: int) -> date:
    """`day` plus whole months; the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def covenant_months(municipality_id: int, on: date | None = None) -> dict[str, int]:
    """Per personal category, the covenant's retention term in months: the longest term of
    the rules for that category that let some partner supply or receive it (a partner's
    term is never cut short). A category no rule mentions, or no covenant in force: 24."""
    covenant = access.covenant_in_force(municipality_id, on)
    months: dict[str, int] = {}
    if covenant is not None:
        for rule in covenant.rules.filter(category__in=[str(c) for c in PERSONAL_CATEGORIES]):
            if rule.may_supply or rule.may_receive:
                months[rule.category] = max(months.get(rule.category, 0), rule.retention_months)
    return {str(c): months.get(str(c), DEFAULT_RETENTION_MONTHS) for c in TERM_CATEGORIES}


def category_dates(base: date, months: dict[str, int]) -> dict[str, date]:
    """The date each category's data may be kept until, counted from `base` (the closing
    date). Ordinary personal data (the name, the name list) go last: criminal or care data
    about a person cannot outlive the person they are about, so the name is kept until the
    longest of the other terms has passed too."""
    dates = {cat: add_months(base, n) for cat, n in months.items()}
    personal = str(Category.PERSONAL)
    dates[personal] = max(dates.values())
    return dates


def group_level_months(municipality_id: int, on: date | None = None) -> int:
    """How long a signal or group that never became a case is kept: the covenant's term for
    group-level information (the longest of its rules), else 24 months."""
    covenant = access.covenant_in_force(municipality_id, on)
    terms = (
        [r.retention_months for r in covenant.rules.filter(category=str(Category.GROUP))]
        if covenant is not None
        else []
    )
    return max(terms) if terms else DEFAULT_RETENTION_MONTHS


# --- what a shredder returns and gets -------------------------------------------------------------


@dataclass
class Shredded:
    """What one shredder did to one case (or one expiry to its records)."""

    rows: Counter = field(default_factory=Counter)  # Dutch label -> rows removed or unlinked
    categories: set[str] = field(default_factory=set)  # data categories touched
    subjects: list[str] = field(default_factory=list)  # pseudonyms of the youths concerned
    persons_anonymised: int = 0
    persons_kept: int = 0
    # One tombstone per record: (kind "app.Model", former id, category, action); no content.
    purged: list[tuple[str, int, str, str]] = field(default_factory=list)

    def count(self, label: str, n: int, categories: Iterable = (Category.PERSONAL,)) -> None:
        """Add `n` rows under `label`; only rows actually touched mark their categories."""
        if n:
            self.rows[label] += n
            self.categories.update(str(c) for c in categories)

    def purge(
        self, label: str, kind: str, rows: Iterable[tuple[int, str]], action: str = "deleted"
    ) -> list[int]:
        """Count the records (pk, category) under `label` and leave a tombstone for each;
        returns their pks, for the caller's delete or update."""
        rows = list(rows)
        self.count(label, len(rows), {cat for _pk, cat in rows})
        self.purged += [(kind, pk, str(cat), action) for pk, cat in rows]
        return [pk for pk, _cat in rows]


ALL_EXPIRED = frozenset(str(c) for c in PERSONAL_CATEGORIES)


@dataclass(frozen=True)
class ShredContext:
    today: date
    case_id: int
    # The personal categories whose term has passed (all of them once the ordinary personal
    # data's term has: that one is the last, see category_dates).
    expired: frozenset[str] = ALL_EXPIRED
    dates: dict = field(default_factory=dict)  # category -> keep-until date, for the rule text

    @property
    def live_case_ids(self):
        """The ids of the other cases that may still need a person's data."""
        return registry.live_case_ids(self.today, exclude=self.case_id)

    @property
    def personal_expired(self) -> bool:
        """Everything goes: names, the name list, the links to a youth."""
        return str(Category.PERSONAL) in self.expired

    def expired_of(self, categories: Iterable[str]) -> list[str]:
        return [str(c) for c in categories if str(c) in self.expired]

    def rule(self, category: str) -> str:
        """The rule a tombstone names: the category's term and its date."""
        day = self.dates.get(str(category))
        return f"bewaartermijn {category} tot {day:%Y-%m-%d}" if day else f"bewaartermijn {category}"


@dataclass(frozen=True)
class Shredder:
    name: str  # the app
    label: Any  # what it removes, in Dutch (lazily translated)
    shred: Callable[[Any, ShredContext], Shredded]
    order: int  # lower runs first
    covers: tuple[str, ...] = ()  # "app_label.Model" whose personal data it removes


_shredders: dict[str, Shredder] = {}


def register_shredder(
    name: str, label: str, shred: Callable, *, order: int, covers: Iterable[str] = ()
) -> None:
    """Called from an AppConfig.ready(); registering the same name again replaces it."""
    _shredders[name] = Shredder(name, label, shred, order, tuple(covers))


def shredders() -> list[Shredder]:
    return sorted(_shredders.values(), key=lambda s: (s.order, s.name))


@dataclass(frozen=True)
class Expiry:
    """Records outside a case that expire on their own term: a signal or group that never
    became a case, API idempotency records, failed logins. `purge(today, dry_run)` removes
    or anonymises what has expired (in its own transaction) and returns a Shredded."""

    name: str
    label: Any
    purge: Callable[[date], Shredded]
    rule: str  # for the tombstones, e.g. "groepsniveau zonder casus (convenant)"


_expiries: dict[str, Expiry] = {}


def register_expiry(name: str, label, purge: Callable, *, rule: str) -> None:
    """Called from an AppConfig.ready(); registering the same name again replaces it."""
    _expiries[name] = Expiry(name, label, purge, rule)


def expiries() -> list[Expiry]:
    return sorted(_expiries.values(), key=lambda e: e.name)


# --- the report ---------------------------------------------------------------------------------


@dataclass
class CaseRetention:
    case_id: int
    group: str
    persons_anonymised: int = 0
    persons_kept: int = 0
    rows: Counter = field(default_factory=Counter)
    tombstones: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.persons_anonymised or sum(self.rows.values()))


@dataclass
class RetentionReport:
    today: date
    dry_run: bool
    cases: list[CaseRetention] = field(default_factory=list)  # due and changed
    done_before: list[int] = field(default_factory=list)  # due, nothing left to remove
    on_hold: list[int] = field(default_factory=list)
    security_events_removed: int = 0  # older than SECURITY_LOG_RETENTION_DAYS (privacy.security)
    expired: Counter = field(default_factory=Counter)  # Dutch label -> records outside a case
    tombstones: int = 0

    @property
    def persons_anonymised(self) -> int:
        return sum(c.persons_anonymised for c in self.cases)

    @property
    def rows_removed(self) -> int:
        return sum(sum(c.rows.values()) for c in self.cases)


# --- the orchestration --------------------------------------------------------------------------


class _DryRun(Exception):
    pass


def expired_categories(dates: dict, today: date) -> frozenset[str]:
    """The categories whose keep-until date has passed (date < today)."""
    return frozenset(cat for cat, day in dates.items() if day < today)


def _tombstones(purged, case_id, rule_of) -> int:
    """One Tombstone row per purged record, written with one executemany (a purge of
    10,000 persons leaves some 60,000; bulk_create spent seconds building objects)."""
    if not purged:
        return 0
    meta = Tombstone._meta
    names = ["kind", "record_id", "case_id", "category", "action", "rule", "at"]
    columns = ", ".join(connection.ops.quote_name(meta.get_field(n).column) for n in names)
    at = meta.get_field("at").get_db_prep_value(timezone.now(), connection)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) "  # noqa: S608 - names from the model
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql, [(kind, pk, case_id, cat, action, rule_of(cat), at) for kind, pk, cat, action in purged]
        )
    return len(purged)


def write_tombstones(purged, case_id, rule: str) -> int:
    """Tombstones for records removed outside the retention run (an upheld objection)."""
    return _tombstones(purged, case_id, lambda _cat: rule)


def shred_case(case, today: date) -> CaseRetention:
    """Run every shredder on one due case (locked by the caller) for the categories whose
    term has passed, leave a tombstone per record, and log one "retention.apply" per youth
    concerned if anything changed."""
    result = CaseRetention(case_id=case.pk, group=case.group.name)
    dates = case.retention_dates()
    ctx = ShredContext(today=today, case_id=case.pk, expired=expired_categories(dates, today), dates=dates)
    categories: set[str] = set()
    subjects: list[str] = []
    purged: list = []
    for shredder in shredders():
        done = shredder.shred(case, ctx)
        result.rows.update(done.rows)
        result.persons_anonymised += done.persons_anonymised
        result.persons_kept += done.persons_kept
        categories |= done.categories
        subjects += done.subjects
        purged += done.purged
    if result.changed:
        result.tombstones = _tombstones(purged, case.pk, ctx.rule)
        log.write(
            None,
            "retention.apply",
            list(dict.fromkeys(subjects)),
            case=case,
            categories=sorted(categories) or [Category.PERSONAL],
        )
    return result


def _login_failures(moment: datetime) -> Shredded:
    """Failed logins (username and IP address) are kept LOGIN_FAILURE_RETENTION_DAYS for
    the lockout and an investigation; the security log keeps its own record longer."""
    done = Shredded()
    old = LoginFailure.objects.filter(at__lt=moment - timedelta(days=settings.LOGIN_FAILURE_RETENTION_DAYS))
    done.count("mislukte inlogpogingen", old.delete()[0])
    return done


register_expiry(
    "accounts.loginfailure",
    _("Mislukte inlogpogingen"),
    _login_failures,
    rule="LOGIN_FAILURE_RETENTION_DAYS",
)


def apply_retention(today: date | None = None, dry_run: bool = False) -> RetentionReport:
    """Remove the personal data of every closed case whose retention date has passed
    (retention_until < today) and that is not under a legal hold. What goes is each
    shredder's business (see the module docstring and docs/privacy.md): in short, persons
    not on another live case are anonymised ("Verwijderd (pseudoniem …)"), the case's
    personal rows are deleted, member-aimed actions and hand-overs lose their link to the
    youth, the personal text of the picture and concept plan is blanked.

    What stays: group-level information (signals, plan, actions, indicators, decisions,
    evaluation) and the processing log, which is the accountability record and is never
    deleted; one "delete" entry per youth is added to it. The security log (no case data)
    loses its entries older than SECURITY_LOG_RETENTION_DAYS (default three years). A second run finds nothing left
    and changes nothing. `dry_run` does the same work and rolls it back, so the report is
    exact and nothing changes."""
    today = today or timezone.localdate()
    report = RetentionReport(today=today, dry_run=dry_run)
    for case in registry.due_cases(today):
        if case.legal_hold:
            report.on_hold.append(case.pk)
            continue
        try:
            with transaction.atomic():
                case = registry.lock_case(case.pk)
                if case.legal_hold or case.is_open:
                    report.on_hold.append(case.pk)
                    continue
                result = shred_case(case, today)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        if result.changed:
            report.cases.append(result)
            report.tombstones += result.tombstones
        else:
            report.done_before.append(case.pk)
    # A run "on" another day is this moment with the clock moved by whole days, so an
    # hour-based term (idempotency: 24 hours) does not depend on the time of day of the run.
    moment = timezone.now() + timedelta(days=(today - timezone.localdate()).days)
    for expiry in expiries():
        try:
            with transaction.atomic():
                done = expiry.purge(moment)
                report.expired.update(done.rows)
                report.tombstones += _tombstones(done.purged, None, lambda _cat, e=expiry: e.rule)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
    # The security log holds no case data: it is kept SECURITY_LOG_RETENTION_DAYS counted
    # from `today` (never less than from now), then purged from its oldest entry.
    before = datetime.combine(today, time.min, tzinfo=timezone.get_current_timezone()) - timedelta(
        days=settings.SECURITY_LOG_RETENTION_DAYS
    )
    report.security_events_removed = security.purgeable(before) if dry_run else security.purge(before)
    return report


# --- the guard's confirmations of a case --------------------------------------------------------


def _shred_confirmations(case, ctx: ShredContext) -> Shredded:
    """The guard's confirmations quote the case's texts around a finding: they go with the
    case's personal data (the last term), leaving a tombstone each."""
    from .models import GuardConfirmation

    done = Shredded()
    if ctx.personal_expired:
        rows = GuardConfirmation.objects.filter(case_id=case.pk)
        pks = done.purge(
            "bevestigingen bij de privacytoets",
            "privacy.GuardConfirmation",
            ((pk, Category.GROUP) for pk in rows.values_list("pk", flat=True)),
        )
        GuardConfirmation.objects.filter(pk__in=pks).delete()
    return done


register_shredder(
    "privacy",
    _("Bevestigingen bij de privacytoets (met de tekst eromheen)"),
    _shred_confirmations,
    order=5,
    covers=("privacy.GuardConfirmation",),
)
