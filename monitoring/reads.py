"""Reads of step 6: the actions a user may see (per case, one action, "my actions") and the
progress figures. Member-aimed actions are personal data: only who may receive personal
data sees the member, and what is shown is logged per member (log_shown, action_for,
my_actions). Nothing here writes except those log rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Case, Q, Value, When, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case as CaseModel
from cases.models import CaseStatus
from cases.reads import prime_participation
from monitoring.models import OPEN_ACTION_STATUSES, Action, ActionStatus
from plans.common import pseudonyms
from plans.models import Track
from privacy import access, log, policies
from privacy.categories import Category

RECENT_DAYS = 14  # "recently closed" in my actions


# --- reads -------------------------------------------------------------------------------------


def _base_queryset():
    return Action.objects.select_related(
        "case__group", "organisation", "owner", "membership__person"
    ).order_by("due_date", "pk")


# Open actions before closed ones (the per-track overview of the actions page).
OPEN_FIRST = Case(When(status__in=OPEN_ACTION_STATUSES, then=Value(0)), default=Value(1))


def visible_actions(user, case, *, track: str = "", status: str = "", partner=None):
    """(queryset, withheld reason or ""): the case's actions this user may see, with the
    filters of the actions page and the API (status "open" = gepland or lopend; partner =
    organisation pk), ordered by due date. Member-aimed actions are left out, with the
    reason, for who may not receive personal data. Nothing is read or logged yet: the
    caller shows a page of rows and passes exactly those to log_shown, so the processing
    log records what was disclosed and a case with hundreds of actions costs one page."""
    qs = _base_queryset().filter(case=case)
    withheld = ""
    if Action.objects.filter(case=case, membership__isnull=False).exists():
        decision = access.can_receive(user, case, Category.PERSONAL)
        if not decision:
            qs = qs.filter(membership__isnull=True)
            withheld = str(decision.reason)
    if track:
        qs = qs.filter(track=track)
    if status == "open":
        qs = qs.filter(status__in=OPEN_ACTION_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if partner:
        qs = qs.filter(organisation_id=partner)
    return qs, withheld


def first_per_track(visible, case, limit: int) -> tuple[list[Action], dict[str, int]]:
    """(the first `limit` actions of every track in display order — open before closed, then
    by due date — with partner, owner and member; {track: number visible}) from the
    queryset visible_actions gave. The keys of all visible actions first, then the rows
    shown by key: a window query per track did it in one, but Django compiled it slower
    than both of these ran, and PostgreSQL planned the join of the full list longer than it
    read it (bench/RESULTS.md, issue 8)."""
    per_track, first = {}, []
    for pk, track in visible.order_by(OPEN_FIRST, "due_date", "pk").values_list("pk", "track"):
        per_track[track] = per_track.get(track, 0) + 1
        if per_track[track] <= limit:
            first.append(pk)
    rows = (
        Action.objects.filter(case=case, pk__in=first)
        .select_related("organisation", "owner")
        .prefetch_related("membership__person")
        .in_bulk()
    )
    return [rows[pk] for pk in first], per_track


def log_shown(user, case, actions, *, operation: str = "approach_actions.read") -> None:
    """Log the read of the members the shown actions are aimed at (once per subject)."""
    log.read(user, operation, pseudonyms(a.membership for a in actions if a.membership_id), case=case)


def action_for(user, action, *, operation: str = "approach_action.read") -> tuple[Action | None, str]:
    """(the action, "") when the user may see it (a member read logged), else (None, reason)."""
    decision = policies.check(user, "action.see", obj=action)
    if not decision:
        return None, str(decision.reason)
    if action.membership_id:
        log.read(user, operation, pseudonyms([action.membership]), case=action.case)
    return action, ""


def _sort_key(action, today):
    overdue = action.is_open and action.due_date < today
    return (not action.is_open, not overdue, action.due_date, action.pk)


def my_actions(user, *, today: date | None = None, show_members: bool = True) -> list[Action]:
    """The user's actions in the open cases they may see: owned by them, or by their
    organisation without a named owner; open ones plus those closed in the last
    RECENT_DAYS days. Sorted: open and overdue first, then open by due date, then closed.
    Member-aimed actions only where the user may receive personal data (read logged per
    case); the others are left out. With show_members=False (the home page, which shows
    no member) the actions are listed without their member and nothing is logged."""
    if not user.is_authenticated or not user.organisation_id:
        return []
    today = today or timezone.localdate()
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    cases = CaseModel.objects.visible_to(user).filter(status=CaseStatus.OPEN)
    # The member of an action comes with a second query, for the actions shown with their
    # member only: joining it as well made the query take longer to plan on PostgreSQL
    # (4-5 ms) than to run (bench/RESULTS.md, issue 8).
    qs = (
        Action.objects.select_related("case__group", "organisation", "owner")
        .order_by("due_date", "pk")
        .filter(case__in=cases)
        .filter(Q(owner=user) | Q(owner__isnull=True, organisation_id=user.organisation_id))
        .filter(Q(status__in=OPEN_ACTION_STATUSES) | Q(updated_at__gte=since))
    )
    actions = list(qs)
    # One query for the participants of every case with a member-aimed action, instead of
    # one per case in the decisions below (tests/test_query_counts.py).
    prime_participation(user, [a.case for a in actions if a.membership_id])
    result, allowed = [], {}
    for action in actions:
        if action.membership_id:
            if action.case_id not in allowed:
                allowed[action.case_id] = bool(access.can_receive(user, action.case, Category.PERSONAL))
            if not allowed[action.case_id]:
                continue
        result.append(action)
    if show_members:
        aimed = [a for a in result if a.membership_id]
        prefetch_related_objects(aimed, "membership__person")
        members_by_case = {}
        for action in aimed:
            members_by_case.setdefault(action.case_id, (action.case, []))[1].append(action.membership)
        for case, members in members_by_case.values():
            log.read(user, "my_actions.read", pseudonyms(members), case=case)
    result.sort(key=lambda a: _sort_key(a, today))
    return result


@dataclass
class Tally:
    """Counts for one track, one partner or the whole case.

    key: track code, organisation pk, or "" for the total; label: display name;
    total: number of actions; by_status: {status code: count} (every status present);
    open: gepland + lopend; done: gereed; done_on_time: gereed with completed_at on or
    before the due date; overdue: open with due_date before today; lapsed: vervallen;
    percent_done: done / (total − lapsed) × 100, rounded (0 when nothing counts)."""

    key: object
    label: str
    total: int = 0
    by_status: dict = field(default_factory=lambda: {s: 0 for s in ActionStatus.values})
    done: int = 0
    done_on_time: int = 0
    overdue: int = 0
    open: int = 0
    lapsed: int = 0

    @property
    def countable(self) -> int:
        return self.total - self.lapsed

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.countable) if self.countable else 0

    def add(self, action, today) -> None:
        self.total += 1
        self.by_status[action.status] = self.by_status.get(action.status, 0) + 1
        if action.status in OPEN_ACTION_STATUSES:
            self.open += 1
            if action.due_date < today:
                self.overdue += 1
        elif action.status == ActionStatus.DONE:
            self.done += 1
            if action.completed_at and timezone.localdate(action.completed_at) <= action.due_date:
                self.done_on_time += 1
        elif action.status == ActionStatus.LAPSED:
            self.lapsed += 1


PROGRESS_FIELDS = ("track", "status", "due_date", "completed_at", "organisation_id", "organisation__name")


def progress_rows(case):
    """The fields progress() counts, for every action of the case, as plain named rows (no
    model instances: a case with hundreds of actions is counted in a millisecond)."""
    return Action.objects.filter(case=case).values_list(*PROGRESS_FIELDS, named=True)


def progress(case, *, today: date | None = None, actions=None) -> dict:
    """Progress of the case's actions, counts only (no persons; safe for every viewer):

        {"total": Tally, "tracks": [Tally per track, in Track order, key = track code],
         "partners": [Tally per organisation with actions, by name, key = organisation pk]}

    `actions` (optional) restricts the counts to these rows (progress_rows, or Action
    instances with their organisation); by default all of the case's actions count —
    counts are group level even for member-aimed actions. Stable signature: used by the
    monitoring page and the progress report."""
    today = today or timezone.localdate()
    if actions is None:
        actions = progress_rows(case)
    total = Tally(key="", label=_("Alle acties"))
    tracks = {code: Tally(key=code, label=str(label)) for code, label in Track.choices}
    partners: dict[int, Tally] = {}
    for action in actions:
        total.add(action, today)
        tracks[action.track].add(action, today)
        if action.organisation_id not in partners:
            name = getattr(action, "organisation__name", None)
            partners[action.organisation_id] = Tally(
                key=action.organisation_id, label=action.organisation.name if name is None else name
            )
        partners[action.organisation_id].add(action, today)
    return {
        "total": total,
        "tracks": list(tracks.values()),
        "partners": sorted(partners.values(), key=lambda t: t.label),
    }


# --- reminders -------------------------------------------------------------------------------
