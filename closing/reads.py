"""Reads of step 7: the hand-overs of a case and those offered to the user's organisation,
as the user may see them. A youth's name only for who may receive personal data (the read
logged per youth), else the reason it is withheld."""

from __future__ import annotations

from django.http import Http404

from cases.models import Case, Step
from cases.reads import case_or_404
from closing.models import Evaluation, Handover, HandoverStatus
from plans.common import pseudonyms
from privacy import access, log, policies
from privacy.categories import Category


def case_for_closing(user, pk) -> tuple[Case, bool]:
    """(case, officer_only). The privacy officer of the municipality may open the retention
    part of the closing page (policy closing.retention_only); everyone else goes through
    cases.reads.case_or_404. Http404 for who may not."""
    if policies.allowed(user, "closing.retention_only"):
        case = Case.objects.select_related("group", "municipality").filter(pk=pk).first()
        if case is None or not policies.allowed(user, "retention.set", case=case):
            raise Http404
        return case, True
    return case_or_404(user, pk), False


def closing_rights(user, case, officer_only: bool) -> dict:
    """What the closing page and the API show and allow this user in step 7."""
    in_step = case.step == Step.AFRONDEN and case.is_open
    can_manage = not officer_only and access.can_manage_case(user, case)
    return {
        "in_step": in_step,
        "can_manage": can_manage,
        "may_decide": not officer_only and policies.allowed(user, "closing.decide", case=case) and in_step,
        "may_offer": can_manage and in_step,
        "may_retention": policies.allowed(user, "retention.set", case=case)
        and (case.step == Step.AFRONDEN or not case.is_open),
        "may_hold": policies.allowed(user, "legal_hold.set", case=case),
    }


def evaluation_of(case) -> Evaluation | None:
    return Evaluation.objects.filter(case=case).first()


def evaluation_rights(user, case, evaluation) -> dict:
    """Who may open the evaluation, contribute to it and record its discussion."""
    can_manage = access.can_manage_case(user, case)
    in_step = case.step == Step.AFRONDEN and case.is_open
    is_open = evaluation is not None and evaluation.discussed_on is None
    return {
        "can_manage": can_manage,
        "in_step": in_step,
        "may_open": evaluation is None and can_manage and in_step,
        "may_contribute": is_open and policies.allowed(user, "evaluation.contribute", case=case),
        "may_discuss": is_open and can_manage and in_step,
    }


def _annotate(user, case, handovers, decision) -> None:
    """Per hand-over: the youth's name (only with `decision`, may receive personal data),
    the withheld reason, whether the user may answer; the read of the names logged."""
    for h in handovers:
        h.case = case
        h.member_name = h.membership.person.full_name if h.membership_id and decision else ""
        h.withheld = "" if decision or not h.membership_id else str(decision.reason)
        h.may_answer = (
            h.status == HandoverStatus.OFFERED
            and case.is_open
            and policies.allowed(user, "handover.answer", obj=h)
        )
    named = [h.membership for h in handovers if h.membership_id]
    if named and decision:
        log.read(user, "handover.read", pseudonyms(named), case=case)


def handovers_for(user, case, pk=None) -> tuple[list[Handover], str]:
    """The case's hand-overs (or the one with `pk`) as this user may see them; a youth's
    name only for who may receive personal data (read logged per youth), else the
    withheld reason."""
    handovers = case.handovers.select_related(
        "to_organisation", "action", "membership__person", "answered_by", "offered_by"
    )
    handovers = list(handovers if pk is None else handovers.filter(pk=pk))
    decision = access.can_receive(user, case, Category.PERSONAL)
    _annotate(user, case, handovers, decision)
    return handovers, "" if decision else str(decision.reason)


def offered_to(user) -> list[Handover]:
    """Hand-overs to the user's organisation, in cases the user may see (newest first);
    names of youths as handovers_for decides."""
    if not user.is_authenticated or not user.organisation_id:
        return []
    rows = list(
        Handover.objects.filter(
            to_organisation_id=user.organisation_id, case__in=Case.objects.visible_to(user)
        )
        .select_related(
            "case__group", "case__municipality", "action", "membership__person", "to_organisation"
        )
        .order_by("-offered_at", "-pk")
    )
    by_case: dict[int, list] = {}
    for h in rows:
        by_case.setdefault(h.case_id, []).append(h)
    for items in by_case.values():
        case = items[0].case
        _annotate(user, case, items, access.can_receive(user, case, Category.PERSONAL))
    return rows
