"""The one access decision. Every page, API endpoint, export, document, search and
count asks this module what a user may see or do. See docs/adr/0002-access-decision.md.

Inputs: the user's organisation (kind, municipality) and role; whether the
organisation participates in the case; the case's step, coordinator and legal basis;
and the covenant row for (organisation kind, category) in the case's municipality.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import OrganisationKind, Role

from .categories import PERSONAL_CATEGORIES, SHORT_LABELS, Category
from .models import Covenant, CovenantRule

MUNICIPAL_ROLES = {Role.PROCESREGISSEUR, Role.COORDINATOR}
NO_CASE_DATA_ROLES = {Role.BEHEERDER, Role.PRIVACYFUNCTIONARIS}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True)


def _cache(user) -> dict:
    # Per-request memo on the user object; users are loaded anew for every request.
    if not hasattr(user, "_access_cache"):
        user._access_cache = {}
    return user._access_cache


def _is_municipal(user, municipality_id) -> bool:
    return (
        user.role in MUNICIPAL_ROLES
        and user.organisation_id is not None
        and user.organisation.kind == OrganisationKind.GEMEENTE
        and user.organisation.municipality_id == municipality_id
    )


# --- covenant ---------------------------------------------------------------


def covenant_in_force(municipality_id: int, on: date | None = None) -> Covenant | None:
    on = on or date.today()  # noqa: DTZ011 - a calendar date, local is fine
    return (
        Covenant.objects.filter(municipality_id=municipality_id, effective_from__lte=on)
        .order_by("-effective_from", "-version")
        .first()
    )


def covenant_rules(municipality_id: int, cache: dict | None = None) -> dict:
    """{(organisation_kind, category): CovenantRule} of the covenant in force."""
    key = ("rules", municipality_id)
    if cache is not None and key in cache:
        return cache[key]
    covenant = covenant_in_force(municipality_id)
    rules = {}
    if covenant is not None:
        for rule in CovenantRule.objects.filter(covenant=covenant):
            rules[(rule.organisation_kind, rule.category)] = rule
    if cache is not None:
        cache[key] = rules
    return rules


def receivers_of(municipality_id: int, category: str, cache: dict | None = None) -> list[str]:
    rules = covenant_rules(municipality_id, cache)
    return [
        str(OrganisationKind(kind).label)
        for (kind, cat), rule in rules.items()
        if cat == category and rule.may_receive
    ]


# --- cases ------------------------------------------------------------------


def participates(user, case) -> bool:
    if user.organisation_id is None:
        return False
    cache = _cache(user)
    key = ("participants", case.pk)
    if key not in cache:
        cache[key] = set(case.participants.values_list("organisation_id", flat=True))
    return user.organisation_id in cache[key]


def prime_participation(user, cases) -> None:
    """Load the participants of many cases in one query (lists and search), so the
    per-case decisions that follow do not query again."""
    from cases.models import Participant

    cache = _cache(user)
    missing = {c.pk for c in cases if ("participants", c.pk) not in cache}
    if not missing:
        return
    for pk in missing:
        cache[("participants", pk)] = set()
    for case_id, org_id in Participant.objects.filter(case_id__in=missing).values_list(
        "case_id", "organisation_id"
    ):
        cache[("participants", case_id)].add(org_id)


def can_view_case(user, case) -> bool:
    if not user.is_authenticated or not user.is_active or user.role in NO_CASE_DATA_ROLES:
        return False
    if user.organisation_id is None:
        return False
    if _is_municipal(user, case.municipality_id) or case.coordinator_id == user.pk:
        return True
    if user.role == Role.BESLISSER:
        return user.organisation.municipality_id == case.municipality_id
    return participates(user, case)


def personal_data_gate(case) -> Decision:
    """The source's footnote: no personal data in a case before step 2 with an appointed
    coordinator and a recorded legal basis and necessity."""
    if case.step < 2:
        return Decision(False, _("Persoonsgegevens zijn pas toegestaan vanaf stap 2."))
    if not case.coordinator_id:
        return Decision(False, _("Er is nog geen uitvoeringscoördinator aangewezen."))
    if not case.has_legal_basis:
        return Decision(False, _("Grondslag en noodzaak zijn nog niet vastgelegd."))
    return ALLOW


def withheld_reason(user, case, category: str) -> str:
    receivers = receivers_of(case.municipality_id, category, _cache(user))
    label = SHORT_LABELS[Category(category)]
    if receivers:
        return _("afgeschermd: %(label)s, alleen voor %(who)s volgens convenant") % {
            "label": label,
            "who": ", ".join(receivers),
        }
    return _("afgeschermd: %(label)s, volgens convenant voor niemand toegankelijk") % {"label": label}


def can_receive(user, case, category: str) -> Decision:
    """May this user see information of this category in this case?"""
    if not can_view_case(user, case):
        return Decision(False, _("Geen toegang tot deze casus."))
    if category == Category.GROUP:
        return ALLOW
    if user.role == Role.BESLISSER:
        return Decision(False, _("afgeschermd: beslissers zien alleen geanonimiseerde stukken"))
    gate = personal_data_gate(case)
    if not gate:
        return gate
    rule = covenant_rules(case.municipality_id, _cache(user)).get((user.organisation.kind, category))
    if rule is None or not rule.may_receive:
        return Decision(False, withheld_reason(user, case, category))
    return ALLOW


def can_supply(user, case, category: str) -> Decision:
    """May this user add information of this category to this case?"""
    if not can_view_case(user, case) or user.role == Role.BESLISSER:
        return Decision(False, _("U kunt in deze casus geen informatie toevoegen."))
    if not case.is_open:
        return Decision(False, _("Deze casus is afgesloten."))
    if category == Category.GROUP:
        return ALLOW
    gate = personal_data_gate(case)
    if not gate:
        return gate
    rule = covenant_rules(case.municipality_id, _cache(user)).get((user.organisation.kind, category))
    if rule is None or not rule.may_supply:
        return Decision(
            False,
            _("Uw organisatie mag volgens het convenant geen %(label)s verstrekken.")
            % {"label": SHORT_LABELS[Category(category)]},
        )
    return ALLOW


def can_manage_case(user, case) -> bool:
    """Move steps, invite partners, appoint the coordinator, agree the name list."""
    return _is_municipal(user, case.municipality_id) or case.coordinator_id == user.pk


def visible_cases(user) -> QuerySet:
    from cases.models import Case

    if not user.is_authenticated or user.role in NO_CASE_DATA_ROLES or not user.organisation_id:
        return Case.objects.none()
    municipality_id = user.organisation.municipality_id
    if user.role in MUNICIPAL_ROLES and user.organisation.kind == OrganisationKind.GEMEENTE:
        return Case.objects.filter(Q(municipality_id=municipality_id) | Q(coordinator=user))
    if user.role == Role.BESLISSER:
        return Case.objects.filter(municipality_id=municipality_id)
    from cases.models import Participant

    # IN (subquery) rather than a join: no duplicate rows, so no DISTINCT over big lists.
    participating = Participant.objects.filter(organisation_id=user.organisation_id).values("case_id")
    return Case.objects.filter(Q(pk__in=participating) | Q(coordinator=user))


def visible_groups(user) -> QuerySet:
    from groups.models import YouthGroup

    if not user.is_authenticated or user.role in NO_CASE_DATA_ROLES or not user.organisation_id:
        return YouthGroup.objects.none()
    if user.role in MUNICIPAL_ROLES | {Role.BESLISSER}:
        municipality_id = user.organisation.municipality_id
        also_active = YouthGroup.other_municipalities.through.objects.filter(
            municipality_id=municipality_id
        ).values("youthgroup_id")
        return YouthGroup.objects.filter(Q(municipality_id=municipality_id) | Q(pk__in=also_active))
    return YouthGroup.objects.filter(pk__in=visible_cases(user).values("group_id"))


def visible_signals(user) -> QuerySet:
    from intake.models import Signal

    if not user.is_authenticated or user.role in NO_CASE_DATA_ROLES or not user.organisation_id:
        return Signal.objects.none()
    if user.role in MUNICIPAL_ROLES and user.organisation.kind == OrganisationKind.GEMEENTE:
        return Signal.objects.filter(municipality_id=user.organisation.municipality_id)
    return Signal.objects.filter(
        Q(organisation_id=user.organisation_id) | Q(group_id__in=visible_groups(user).values("pk"))
    )


def can_report_signal(user) -> bool:
    return (
        user.is_authenticated
        and user.organisation_id is not None
        and user.role not in NO_CASE_DATA_ROLES | {Role.BESLISSER}
    )


def can_read_processing_log(user, case=None) -> bool:
    """Privacy officer: everything of their municipality; regisseur: their own cases."""
    if not user.is_authenticated or not user.organisation_id:
        return False
    if user.role == Role.PRIVACYFUNCTIONARIS:
        return case is None or case.municipality_id == user.organisation.municipality_id
    return case is not None and _is_municipal(user, case.municipality_id)


def get_case_or_404(user, pk):
    from cases.models import Case

    case = Case.objects.select_related("group", "municipality", "coordinator").filter(pk=pk).first()
    if case is None or not can_view_case(user, case):
        raise Http404
    return case


def categories_in_scope() -> frozenset:
    return PERSONAL_CATEGORIES
