"""Reads behind the search box and the regie overview, shared by the pages and the API:
every result through the access decision; a person hit is a read of personal data and is
logged (once per subject per request)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from analysis.models import Advice, AdviceStatus, Forum, ForumDecision, PictureVersion
from cases.models import Case, CaseStatus, InformationRequest, Participant, Step, Transition
from cases.reads import prime_participation
from groups.models import Membership, MembershipStatus, YouthGroup
from intake.models import Signal
from intake.search import text_matches
from monitoring.models import OPEN_ACTION_STATUSES, Action, Escalation
from privacy import access, log, policies
from privacy import reads as privacy_reads
from privacy.categories import Category

MIN_QUERY = 2
MAX_HITS = 20


def search(user, query: str) -> dict:
    """{"groups", "persons" (memberships), "signals"} for a query of at least two characters."""
    query = (query or "").strip()[:100]
    results = {"groups": [], "persons": [], "signals": []}
    if len(query) < MIN_QUERY or not policies.allowed(user, "search"):
        return results
    results["groups"] = list(
        YouthGroup.objects.visible_to(user).filter(Q(name__icontains=query) | Q(aliases__icontains=query))[
            :MAX_HITS
        ]
    )
    memberships = list(
        # Only the cases the searcher is named for: the rest is not searched at all, so the
        # answer says nothing about them (no count, no hint); can_receive still decides.
        Membership.objects.filter(case__in=Case.objects.visible_to(user).named_for(user))
        .filter(Q(person__full_name__icontains=query) | Q(person__nickname__icontains=query))
        .select_related("person", "group", "case")[:50]
    )
    prime_participation(user, [m.case for m in memberships])
    hits = [m for m in memberships if access.can_receive(user, m.case, Category.PERSONAL)][:MAX_HITS]
    for m in hits:
        log.read(user, "search.hit", [m.person.pseudonym], case=m.case)
    results["persons"] = hits
    # icontains on location, description and area; on SQLite narrowed by the FTS5 trigram
    # index first (intake/search.py), on PostgreSQL served by its trigram index.
    results["signals"] = list(
        text_matches(Signal.objects.visible_to(user), query).select_related("organisation")[:MAX_HITS]
    )
    return results


def _count_per_case(model, **filters):
    rows = model.objects.filter(case=OuterRef("pk"), **filters).order_by().values("case")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


TREND_WEEKS = 4

# The columns the regie overview sorts on (?sorteer=<key>, "-<key>" for descending).
SORTS = {
    "groep": "group__name",
    "stap": "step",
    "dagen": "step_since",  # longest in the step first = oldest date first
    "trend": "trend",
    "signaal": "last_signal",
    "acties": "open_actions",
    "overleg": "next_meeting",
}


def regie_cases(user, *, step=None, query="", sort=""):
    """The open cases the user may see, with the columns of the regie overview. One
    correlated subquery per column: joining signals, requests and participants at once
    multiplied the rows (seconds at city scale; bench/RESULTS.md, issue 8).

    Also: since when the case is in its step (its last transition into it), the signals of
    the group in the last TREND_WEEKS weeks against the TREND_WEEKS before (`trend`, the
    difference), and the next meeting the advice was sent to. `step`, `query` (the group's
    name) and `sort` (a key of SORTS) filter and order."""
    today = timezone.localdate()
    now = timezone.now()
    recent_from, before_from = now - timedelta(weeks=TREND_WEEKS), now - timedelta(weeks=2 * TREND_WEEKS)

    def signals(**filters):
        rows = Signal.objects.filter(group=OuterRef("group"), **filters).order_by().values("group")
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)

    cases = (
        Case.objects.visible_to(user)
        .filter(status=CaseStatus.OPEN)
        .select_related("group", "coordinator")
        .annotate(
            last_signal=Subquery(
                Signal.objects.filter(group=OuterRef("group"))
                .order_by("-observed_at")
                .values("observed_at")[:1]
            ),
            open_requests=_count_per_case(InformationRequest, status="open"),
            overdue_requests=_count_per_case(InformationRequest, status="open", due_date__lt=today),
            partners=_count_per_case(Participant),
            open_actions=_count_per_case(Action, status__in=OPEN_ACTION_STATUSES),
            overdue_actions=_count_per_case(Action, status__in=OPEN_ACTION_STATUSES, due_date__lt=today),
            step_since=Coalesce(
                Subquery(
                    Transition.objects.filter(case=OuterRef("pk"), to_step=OuterRef("step"))
                    .order_by("-at")
                    .values("at")[:1]
                ),
                F("opened_at"),
            ),
            signals_recent=signals(observed_at__gte=recent_from),
            signals_before=signals(observed_at__gte=before_from, observed_at__lt=recent_from),
            next_meeting=Subquery(
                Advice.objects.filter(case=OuterRef("pk"), meeting_on__gte=today)
                .order_by("meeting_on")
                .values("meeting_on")[:1]
            ),
        )
        .annotate(trend=F("signals_recent") - F("signals_before"))
    )
    if step:
        cases = cases.filter(step=step)
    if query:
        cases = cases.filter(Q(group__name__icontains=query) | Q(group__aliases__icontains=query))
    key = sort.lstrip("-")
    if key in SORTS:
        field = F(SORTS[key])
        order = field.desc(nulls_last=True) if sort.startswith("-") else field.asc(nulls_last=True)
        return cases.order_by(order, "group__name", "pk")
    return cases.order_by("priority", "-step", "group__name")


def days_in_step(case) -> int:
    return (timezone.localdate() - timezone.localtime(case.step_since).date()).days


# --- what waits for me (issue 19): the home page and GET /api/v1/inbox/ -----------------------
#
# One card per kind of work; each item is found through the decision that lets the user do
# it (privacy.policies) — the same rule the page behind the link applies, never a second
# one. A card without items is not shown. Group level only: a card names the group, never
# a youth (the action's text is the group-level, guarded description).

WAITING_LIMIT = 5  # items per card on the home page; the card's own page lists them all
DUE_SOON = timedelta(days=7)


@dataclass
class Item:
    label: str
    url: str
    note: str = ""
    urgent: bool = False
    case_id: int | None = None


@dataclass
class Card:
    kind: str
    title: str
    items: list[Item] = field(default_factory=list)
    url: str = ""  # the page that lists all of them

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def urgent(self) -> int:
        return sum(1 for i in self.items if i.urgent)


def _open_cases(user):
    return Case.objects.visible_to(user).filter(status=CaseStatus.OPEN).select_related("group")


def _advices(user) -> list[Item]:
    cases = with_next_step_facts(_open_cases(user).filter(step=Step.ADVIES)).filter(
        sent_at__isnull=False, decided_in_step=False
    )
    return [
        Item(
            case.group.name,
            reverse("analysis:decision", args=[case.pk]),
            _("advies verzonden op %(date)s") % {"date": _day(case.sent_at)},
            True,
            case.pk,
        )
        for case in cases.order_by("sent_at", "pk")
        if policies.allowed(user, "step4.record_decision", case=case)
    ]


def _requests(user) -> list[Item]:
    if not user.organisation_id:
        return []
    requests = (
        InformationRequest.objects.filter(
            status="open", addressee_id=user.organisation_id, case__in=_open_cases(user)
        )
        .select_related("case__group")
        .order_by("due_date", "pk")
    )
    return [
        Item(
            f"{r.case.group.name}: {r.get_kind_display()}",
            reverse("cases:request_answer", args=[r.case_id, r.pk]),
            _("uiterlijk %(date)s") % {"date": formats.date_format(r.due_date)},
            r.is_overdue,
            r.case_id,
        )
        for r in requests
        if policies.allowed(user, "request.answer", case=r.case, obj=r)
    ]


def _actions(user) -> list[Item]:
    from monitoring.reads import my_actions

    today = timezone.localdate()
    due = [a for a in my_actions(user, show_members=False) if a.is_open and a.due_date <= today + DUE_SOON]
    return [
        Item(
            f"{a.case.group.name}: {a.description[:80]}",
            reverse("monitoring:action", kwargs={"pk": a.case_id, "action_pk": a.pk}),
            (_("te laat, was uiterlijk %(date)s") if a.is_overdue else _("uiterlijk %(date)s"))
            % {"date": formats.date_format(a.due_date)},
            a.is_overdue,
            a.case_id,
        )
        for a in due
    ]


def _escalations(user) -> list[Item]:
    escalations = (
        Escalation.objects.filter(outcome="", case__in=_open_cases(user))
        .select_related("case__group", "action")
        .order_by("escalated_at")
    )
    items = []
    for e in escalations:
        reached = policies.holds_function(user, e.level_label)
        if not (reached or policies.allowed(user, "action.escalate", case=e.case)):
            continue
        if not policies.allowed(user, "action.see", case=e.case, obj=e.action):
            continue
        note = _("geëscaleerd naar %(level)s; de uitkomst ontbreekt nog") % {"level": e.level_label}
        url = reverse("monitoring:action", kwargs={"pk": e.case_id, "action_pk": e.action_id})
        items.append(Item(e.case.group.name, url, note, reached, e.case_id))
    return items


def _handovers(user) -> list[Item]:
    from closing.models import Handover, HandoverStatus

    if not user.organisation_id or not policies.allowed(user, "handover.list"):
        return []
    offered = Handover.objects.filter(
        status=HandoverStatus.OFFERED, to_organisation_id=user.organisation_id
    ).select_related("case__group")
    return [
        Item(h.case.group.name, reverse("closing:handovers"), _("overdracht aangeboden"), True, h.case_id)
        for h in offered
        if policies.allowed(user, "handover.answer", case=h.case, obj=h)
    ]


def _signals(user) -> list[Item]:
    if not policies.allowed(user, "signal.triage"):
        return []
    new = Signal.objects.visible_to(user).filter(status="nieuw").order_by("-observed_at", "-pk")
    return [
        Item(
            f"{s.location} ({_day(s.observed_at)})",
            reverse("intake:detail", args=[s.pk]),
            _("koppel het aan een groep of handel het af in het reguliere werk"),
        )
        for s in new
        if policies.allowed(user, "signal.triage", obj=s)
    ]


def _my_cases(user) -> list[Item]:
    cases = with_next_step_facts(_open_cases(user).named_for(user)).order_by("step", "group__name")
    items = []
    for case in cases:
        hint, url = next_step(case)
        items.append(Item(f"{case.group.name} — {case.get_step_display()}", url, hint, False, case.pk))
    return items


def _confirmations(user) -> list[Item]:
    if not policies.allowed(user, "guard_confirmations.read"):
        return []
    open_ones = privacy_reads.guard_confirmations_for(user).filter(reviewed_at__isnull=True)
    url = reverse("privacy:guard_confirmations") + "?open=1"
    return [
        Item(f"{c.kind_label}: “{c.text}”", url, _("bevestigd op %(date)s") % {"date": _day(c.confirmed_at)})
        for c in open_ones
    ]


def _changes(user) -> list[Item]:
    from privacy import changes
    from privacy.models import ChangeStatus

    if not policies.allowed(user, "change.decide"):
        return []
    pending = changes.visible_to(user).filter(status=ChangeStatus.PENDING).order_by("requested_at", "pk")
    return [
        Item(str(c), reverse("privacy:changes"), _("wacht op een tweede persoon"), False)
        for c in pending
        if policies.allowed(user, "change.decide", obj=c)
    ]


def _outbox(user) -> list[Item]:
    from notifications.services import failed_deliveries

    if not policies.allowed(user, "admin.open"):
        return []
    return [
        Item(
            _("E-mail %(n)s: %(error)s") % {"n": d.pk, "error": d.last_error[:80]},
            reverse("admin:notifications_delivery_change", args=[d.pk]),
            _("opgegeven na %(n)s pogingen") % {"n": d.attempts},
            True,
        )
        for d in failed_deliveries().order_by("-pk")
    ]


def _day(moment) -> str:
    return formats.date_format(timezone.localtime(moment))


# (kind, title, the function that finds its items, the page that lists them all — None: the
# card's own page, dashboard:waiting)
CARDS = {
    "advies": (gettext_lazy("Advies wacht op uw besluit"), _advices, None),
    "verzoeken": (gettext_lazy("Informatieverzoeken aan u"), _requests, None),
    "acties": (gettext_lazy("Acties met een deadline deze week"), _actions, "monitoring:my_actions"),
    "escalaties": (gettext_lazy("Escalaties zonder uitkomst"), _escalations, None),
    "overdrachten": (gettext_lazy("Overdrachten aan uw organisatie"), _handovers, "closing:handovers"),
    "signalen": (gettext_lazy("Nieuwe signalen om te beoordelen"), _signals, "intake:list"),
    "casussen": (gettext_lazy("Groepsaanpakken waaraan u bij naam bent verbonden"), _my_cases, None),
    "privacytoets": (gettext_lazy("Bevestigingen bij de privacytoets"), _confirmations, None),
    "goedkeuringen": (gettext_lazy("Wijzigingen die op uw goedkeuring wachten"), _changes, "privacy:changes"),
    "verzending": (gettext_lazy("E-mail die niet kon worden verstuurd"), _outbox, None),
}


def waiting_card(user, kind: str) -> Card | None:
    """One card with all its items, or None when nothing of that kind waits for the user."""
    if kind not in CARDS or not user.is_authenticated:
        return None
    title, find, page = CARDS[kind]
    items = find(user)
    if not items:
        return None
    items.sort(key=lambda i: not i.urgent)  # stable: most urgent first, then each card's order
    return Card(kind, str(title), items, reverse(page or "dashboard:waiting", args=() if page else [kind]))


def waiting_for(user) -> list[Card]:
    """What waits for this user, a card per kind that has something (home page and API)."""
    return [card for kind in CARDS if (card := waiting_card(user, kind)) is not None]


def with_next_step_facts(cases):
    """The facts next_step reads, for many cases in one query (the home page stays flat)."""
    entered = (
        Transition.objects.filter(case=OuterRef("pk"), to_step=Step.ADVIES)
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    # An advice of this stay in step 4 (one sent in an earlier round does not count).
    sent = Advice.objects.filter(
        case=OuterRef("pk"), status=AdviceStatus.SENT, sent_at__gte=OuterRef("entered_advice")
    ).order_by("-sent_at", "-pk")
    decided = ForumDecision.objects.filter(
        case=OuterRef("pk"), superseded_by__isnull=True, recorded_at__gte=OuterRef("entered_advice")
    )
    return cases.annotate(entered_advice=Subquery(entered)).annotate(
        names_agreed=Exists(Membership.objects.filter(case=OuterRef("pk"), status=MembershipStatus.AGREED)),
        open_requests=_count_per_case(InformationRequest, status="open"),
        has_picture=Exists(PictureVersion.objects.filter(case=OuterRef("pk"))),
        sent_forum=Subquery(sent.values("forum")[:1]),
        sent_at=Subquery(sent.values("sent_at")[:1]),
        decided_in_step=Exists(decided),
    )


def next_step(case) -> tuple[str, str]:
    """What comes next for a case (annotated by with_next_step_facts), in one sentence, and
    the page where it is done."""
    pk = case.pk
    step = case.step
    if step == Step.SIGNALEN:
        return _("Koppel de signalen en besluit of stap 2 nodig is"), reverse("cases:detail", args=[pk])
    if step == Step.INFORMATIE:
        if not case.coordinator_id:
            return _("Wijs een uitvoeringscoördinator aan"), reverse("cases:coordinator", args=[pk])
        if not case.names_agreed:
            return _("Stel de namenlijst vast"), reverse("cases:name_list", args=[pk])
        if case.open_requests:
            return (
                ngettext(
                    "Wacht op het antwoord op %(n)s informatieverzoek",
                    "Wacht op het antwoord op %(n)s informatieverzoeken",
                    case.open_requests,
                )
                % {"n": case.open_requests},
                reverse("cases:requests", args=[pk]),
            )
        return _("Vul de informatiematrix en besluit over stap 3"), reverse("cases:matrix", args=[pk])
    if step == Step.BEELD:
        if not case.has_picture:
            return _("Maak het integrale beeld"), reverse("analysis:picture", args=[pk])
        return _("Maak het concept plan van aanpak en stel het advies op"), reverse(
            "analysis:plan", args=[pk]
        )
    if step == Step.ADVIES:
        if case.decided_in_step:
            return _("Het overleg heeft besloten: ga naar de volgende stap"), reverse(
                "cases:detail", args=[pk]
            )
        if case.sent_forum is not None:
            forum = dict(Forum.choices).get(case.sent_forum, case.sent_forum)
            return (
                _("Wacht op het besluit van het overleg (%(forum)s)") % {"forum": forum},
                reverse("analysis:decision", args=[pk]),
            )
        return _("Stuur het advies naar het overleg"), reverse("analysis:advice", args=[pk])
    if step == Step.PLAN:
        return _("Stel het plan van aanpak vast en maak de acties"), reverse("plans:plan", args=[pk])
    if step == Step.UITVOEREN:
        return _("Volg de acties en meet het effect"), reverse("monitoring:actions", args=[pk])
    return _("Rond af: besluit, overdracht, bewaartermijn en evaluatie"), reverse(
        "closing:closing", args=[pk]
    )
