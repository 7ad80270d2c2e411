"""Reads of steps 3–4, composed from the one access decision (privacy.access); nothing
here decides on its own. Each function returns only what the user may see, names what
is withheld and why, and logs every read of personal data once per subject."""

from __future__ import annotations

from cases.models import Case, CaseStatus, Step
from groups.models import MembershipStatus
from privacy import access, log
from privacy.categories import Category

from . import anonymise, sociogram
from .models import SEVERITY_RANK, URGENCY_RANK, InterventionEntry

MEMBER_CATEGORIES = (Category.PERSONAL, Category.CRIMINAL, Category.CARE)


def personal_text(user, case, text: str, operation: str) -> tuple[str, str]:
    """A field that may name persons (picture.persons, plan.person_line): (text, "") for who
    may receive personal data — the read logged for the members it names — else ("", reason)."""
    decision = access.can_receive(user, case, Category.PERSONAL)
    if not decision:
        return "", decision.reason
    if text:
        log.read(
            user, operation, [m.person.pseudonym for m in anonymise.for_case(case).mentioned(text)], case=case
        )
    return text, ""


def members(user, case) -> tuple[list, str]:
    """The name list (not removed) as this user may see it; the read is logged."""
    decision = access.can_receive(user, case, Category.PERSONAL)
    if not decision:
        return [], decision.reason
    result = list(
        case.memberships.exclude(status=MembershipStatus.REMOVED)
        .select_related("person")
        .order_by("person__full_name")
    )
    log.read(
        user,
        "name_list.read",
        [m.person.pseudonym for m in result],
        case=case,
        activity="informatie-uitwisseling",
    )
    return result, ""


def sociogram_on(user, case, on) -> tuple[sociogram.Picture | None, str]:
    decision = access.can_receive(user, case, Category.PERSONAL)
    if not decision:
        return None, decision.reason
    picture = sociogram.state_on(case, on)
    log.read(user, "dynamics.read", [n.membership.person.pseudonym for n in picture.nodes], case=case)
    return picture, ""


def interventions(user, case) -> tuple[list, list, list[str]]:
    """(group entries, [(membership, entries)], withheld reasons). Member rows appear only
    for who may receive personal data; within them only the categories the user may see."""
    entries = list(
        InterventionEntry.objects.filter(case=case).select_related("organisation", "membership__person")
    )
    group_entries = [e for e in entries if e.membership_id is None]
    allowed = {c for c in MEMBER_CATEGORIES if access.can_receive(user, case, c)}
    withheld = [access.can_receive(user, case, c).reason for c in MEMBER_CATEGORIES if c not in allowed]
    rows = []
    if Category.PERSONAL in allowed:
        visible = [e for e in entries if e.membership_id and e.category in allowed]
        active, _reason = members(user, case)
        by_member = {m.pk: [] for m in active}
        for e in visible:
            by_member.setdefault(e.membership_id, []).append(e)
        member_objs = {m.pk: m for m in active} | {e.membership_id: e.membership for e in visible}
        rows = [(member_objs[pk], by_member[pk]) for pk in by_member]
        rows.sort(key=lambda row: row[0].person.full_name)
        log.read(
            user,
            "interventiematrix.read",
            [e.membership.person.pseudonym for e in visible],
            case=case,
            categories=sorted({e.category for e in visible}),
        )
    return group_entries, rows, withheld


def round_answers(user, circular_round) -> tuple[list, dict, str]:
    """The answers of a round per question, side by side: ([(question, label, [(answer,
    items)])], {answer_pk: [memberships]} for key figures inside, withheld reason)."""
    case = circular_round.case
    answers = list(
        circular_round.answers.select_related("organisation").prefetch_related("key_figures_inside__person")
    )
    decision = access.can_receive(user, case, Category.PERSONAL)
    inside = {}
    if decision:
        inside = {a.pk: list(a.key_figures_inside.all()) for a in answers}
        log.read(user, "circular.read", [m.person.pseudonym for ms in inside.values() for m in ms], case=case)
    return answers, inside, "" if decision else decision.reason


def agenda(user):
    """Cases of the user's municipality at step 4 (awaiting or just decided), and the
    prioritised groups already in the approach (steps 5–6) to weigh against. Group level
    only: no members' data is read."""
    from .services import current_decision, decision_in_step

    municipality_id = user.organisation.municipality_id
    cases = (
        Case.objects.visible_to(user)
        .filter(municipality_id=municipality_id, status=CaseStatus.OPEN)
        .select_related("group")
    )
    waiting, in_approach = [], []
    for case in cases.filter(step=Step.ADVIES).order_by("group__name"):
        picture = case.picture_versions.order_by("-number").first()
        advice = case.advices.filter(status="verzonden").order_by("-sent_at").first()
        estimates = list(case.capacity_estimates.all())
        waiting.append(
            {
                "case": case,
                "picture": picture,
                "advice": advice,
                "decision": decision_in_step(case),
                "hours": sum(e.total_hours or 0 for e in estimates),
                "cost": sum(int(e.cost or 0) for e in estimates),
                "size": case.memberships.exclude(status=MembershipStatus.REMOVED).count(),
            }
        )
    for case in cases.filter(step__in=(Step.PLAN, Step.UITVOEREN)).order_by("priority", "group__name"):
        in_approach.append({"case": case, "decision": current_decision(case)})
    waiting.sort(
        key=lambda row: (
            URGENCY_RANK.get(row["picture"].urgency if row["picture"] else "", 4),
            SEVERITY_RANK.get(row["picture"].severity if row["picture"] else "", 4),
            row["case"].group.name,
        )
    )
    return waiting, in_approach
