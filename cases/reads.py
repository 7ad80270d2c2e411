"""Reads of cases: a single case only for those who may see it, the participation of many
cases in one query, the information matrix and the name list as this user may see them
(the read of personal data logged). Lists use Case.objects.visible_to(user). Page and API
both read through here."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.http import Http404

from accounts.models import Organisation, OrganisationKind, Role, User
from groups.models import MembershipStatus
from groups.reads import visible_members
from privacy import access, log, policies, security
from privacy.categories import Category

from .models import Case, InformationRequest, NamedPerson, Participant, RequestKind, RequestStatus

WITHHELD_CATEGORIES = (Category.PERSONAL, Category.CRIMINAL, Category.CARE, Category.SPECIAL)


def case_or_404(user, pk) -> Case:
    """The case, if this user may see it; otherwise 404 (never 403: its existence is
    not disclosed)."""
    case = Case.objects.select_related("group", "municipality", "coordinator").filter(pk=pk).first()
    if case is None:
        raise Http404
    if not access.can_view_case(user, case):
        security.denied(user, f"cases.case:{case.pk}", detail="case.view")  # rate-limited
        raise Http404
    return case


def prime_participation(user, cases) -> None:
    """Load the participants of many cases in one query (lists and search), and whether
    the user is named for each in one more, so the per-case access decisions that follow
    do not query again."""
    _prime_naming(user, cases)
    missing = {c.pk for c in cases if not access.participation_known(user, c.pk)}
    if not missing:
        return
    participants: dict[int, set[int]] = defaultdict(set)
    for case_id in missing:
        participants[case_id] = set()
    for case_id, org_id in Participant.objects.filter(case_id__in=missing).values_list(
        "case_id", "organisation_id"
    ):
        participants[case_id].add(org_id)
    access.remember_participation(user, participants)


def _prime_naming(user, cases) -> None:
    missing = {c.pk: c for c in cases if not access.naming_known(user, c.pk)}
    if not missing or not getattr(user, "pk", None):
        return
    named = set(
        NamedPerson.objects.filter(case_id__in=missing, user_id=user.pk, removed_at=None).values_list(
            "case_id", flat=True
        )
    )
    access.remember_naming(
        user,
        {
            pk: pk in named or user.pk in (case.opened_by_id, case.coordinator_id)
            for pk, case in missing.items()
        },
    )


def matrix_for(user, case) -> tuple[list, set, dict]:
    """(entries, allowed categories, withheld): the entries of the information matrix in
    the categories this user may receive, the read of those about persons logged
    (matrix.read); each category withheld with its reason."""
    allowed = {c for c in Category.values if access.can_receive(user, case, c)}
    entries = list(
        case.information.filter(category__in=allowed).select_related("matrix_item", "person", "supplied_by")
    )
    log.read(
        user,
        "matrix.read",
        [e.person.pseudonym for e in entries if e.person_id],
        case=case,
        categories=sorted({e.category for e in entries if e.person_id}),
    )
    withheld = {c: access.can_receive(user, case, c).reason for c in WITHHELD_CATEGORIES if c not in allowed}
    return entries, allowed, withheld


def name_list(user, case) -> dict:
    """The name list of `case` as this user may see it (groups.reads.visible_members: the
    read logged), with the counts and the police's count of unknown names from the
    groepsscan; the whole list withheld with its reason for who may not receive it."""
    if case is None:
        return {
            "case": None,
            "members": [],
            "count": 0,
            "agreed": 0,
            "unknown_to_police": None,
            "withheld": {},
        }
    members, withheld = visible_members(user, case)
    if withheld:
        return {"case": case.pk, "withheld": {"members": str(withheld)}}
    groepsscan = (
        case.requests.filter(kind=RequestKind.GROEPSSCAN, status=RequestStatus.ANSWERED)
        .exclude(unknown_to_police=None)
        .first()
    )
    return {
        "case": case.pk,
        "members": members,
        "count": len(members),
        "agreed": sum(1 for m in members if m.status == MembershipStatus.AGREED),
        "unknown_to_police": groepsscan.unknown_to_police if groepsscan else None,
        "withheld": {},
    }


def attachment_for_download(user, case, request_pk) -> InformationRequest:
    """The information request of this (visible) case whose attachment the user may
    download, else 404. The download is logged (`request_attachment.download`): one row
    per person on the case's name list, as the anonymised report is about the group —
    the same subjects as every other group-level decision of the case."""
    info_request = case.requests.filter(pk=request_pk).exclude(attachment="").first()
    if info_request is None or not policies.allowed(
        user, "category.receive", case=case, obj=InformationRequest.category
    ):
        raise Http404
    subjects = case.memberships.values_list("person__pseudonym", flat=True).distinct()
    log.write(user, "request_attachment.download", [str(p) for p in subjects], case=case)
    return info_request


def attachment_filename(info_request) -> str:
    """The name a download is offered under: from our facts, never the uploader's name."""
    extension = info_request.attachment.name.rsplit(".", 1)[-1]
    return f"bijlage-verzoek-{info_request.pk}.{extension}"


def nameable_users(actor, case):
    """Whom this actor can name for the case (page form and API alike), following
    privacy.access.nameable / names_for_all: the coordinator or a named regisseur chooses
    from the participating organisations and the municipality's own; a named professional
    from the colleagues of their own organisation. Not who is named already, nor oneself."""
    if access.names_for_all(actor, case):
        where = Q(organisation__in=case.participants.values("organisation")) | Q(
            organisation__kind=OrganisationKind.GEMEENTE,
            organisation__municipality_id=case.municipality_id,
        )
    else:
        where = Q(organisation_id=actor.organisation_id)
    return (
        User.objects.filter(where, is_active=True)
        .exclude(role__in=access.NOT_NAMEABLE_ROLES)
        .exclude(pk__in=case.named_user_ids() | {actor.pk})
        .select_related("organisation")
        .order_by("last_name", "first_name", "username")
    )


def namings(user, case) -> list[NamedPerson]:
    """Who is (or was) named for the case, as the case page shows it to this user: each with
    `may_end`, whether this user may end that naming (the managers, or a colleague of the
    same organisation)."""
    may_name = policies.allowed(user, "case.name", case=case)
    named = list(case.named.select_related("user__organisation", "added_by", "removed_by"))
    for n in named:
        n.may_end = (
            may_name and n.removed_at is None and policies.allowed(user, "case.name", case=case, obj=n.user)
        )
    return named


# --- step 2: the information chain ------------------------------------------------------------


def serving_organisations(municipality_id):
    """The organisations of a municipality and the regional partners that serve it."""
    from django.db.models import Q

    return Organisation.objects.filter(
        Q(municipality_id=municipality_id) | Q(also_serves__id=municipality_id)
    ).distinct()


def mayor_candidates(case):
    """For whom a groepsscan is requested: the burgemeester (or who decides in his name) —
    a beslisser of the municipality's own organisation."""
    return User.objects.filter(
        is_active=True,
        role=Role.BESLISSER,
        organisation__kind=OrganisationKind.GEMEENTE,
        organisation__municipality_id=case.municipality_id,
    ).order_by("last_name", "username")


def om_officer_candidates(case):
    """The gebiedsofficier who receives the standard report: someone of an OM office that
    serves the case's municipality (its own, or a regional one), whether or not the OM
    takes part in the case."""
    return (
        User.objects.filter(
            is_active=True,
            organisation__kind=OrganisationKind.OM,
            organisation__in=serving_organisations(case.municipality_id),
        )
        .exclude(role__in=[Role.BEHEERDER, Role.PRIVACYFUNCTIONARIS])
        .select_related("organisation")
        .order_by("last_name", "username")
    )


def request_names(user, info_request) -> tuple[list, str]:
    """The names a groepsscan or OM request covers, with the answer per name, as this user
    may see them: criminal-law data (the police's and the OM's information about a person),
    so only for who may receive that category in the case — and the addressee who answers
    them. (rows, withheld reason); the read is logged (request.names_read)."""
    case = info_request.case
    rows = list(info_request.names.select_related("membership__person", "answered_by"))
    if not rows:
        return [], ""
    answering = info_request.status == RequestStatus.OPEN and policies.allowed(
        user, "request.answer", case=case, obj=info_request
    )
    decision = access.can_receive(user, case, Category.CRIMINAL)
    if not (decision or answering):
        return [], decision.reason
    log.read(user, "request.names_read", [r.membership.person.pseudonym for r in rows], case=case)
    return rows, ""


def reports_for(user):
    """The groepsscan standard reports provided to this user as burgemeester or gebiedsofficier."""
    from django.db.models import Q

    if not getattr(user, "pk", None):
        return InformationRequest.objects.none()
    return (
        InformationRequest.objects.filter(Q(mayor_id=user.pk) | Q(om_officer_id=user.pk))
        .exclude(reported_at=None)
        .select_related("case__group", "addressee")
        .order_by("-reported_at", "-pk")
    )


def report_for_download(user, request_pk) -> InformationRequest:
    """A standard report's attachment for its recipient (the burgemeester or the gebiedsofficier,
    also when the OM takes no part in the case), else 404; logged as every download is."""
    info_request = reports_for(user).filter(pk=request_pk).exclude(attachment="").first()
    if info_request is None:
        raise Http404
    case = info_request.case
    subjects = case.memberships.values_list("person__pseudonym", flat=True).distinct()
    log.write(user, "request_attachment.download", [str(p) for p in subjects], case=case)
    return info_request
