"""Writes on youth groups and the group's dynamics."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groepsaanpak.errors import DomainError
from privacy import access, log, policies
from privacy.categories import Category
from privacy.guarding import GuardRefused, guard
from privacy.services import confirm_findings

from .models import (
    REFERRAL_CATEGORIES,
    REFERRAL_MOVES,
    Assessment,
    FamilyLink,
    Membership,
    Referral,
    ReferralKind,
    ReferralStatus,
    YouthGroup,
)


class GroupError(DomainError):
    pass


class GroupTextRefused(GuardRefused, GroupError):
    """Group details in which the privacy guard found personal data."""


LABELS = {
    "name": _("De (werk)naam"),
    "description": _("De beschrijving"),
    "locations": _("De locaties"),
    "aliases": _("Andere namen"),
}


@transaction.atomic
def create_group(
    *,
    actor,
    name: str,
    description: str = "",
    locations: str = "",
    aliases: str = "",
    confirmed_findings=(),
) -> YouthGroup:
    decision = policies.check(actor, "group.create")
    if not decision:
        raise GroupError(decision.reason)
    if not name.strip():
        raise GroupError(_("Geef de groep een (werk)naam."))
    texts = {"name": name, "description": description, "aliases": aliases, "locations": locations}
    accepted_all = guard(texts, confirmed_findings, labels=LABELS, refused=GroupTextRefused)
    group = YouthGroup.objects.create(
        name=name,
        description=description,
        locations=locations,
        aliases=aliases,
        municipality=actor.organisation.municipality,
        created_by=actor,
    )
    if accepted_all:
        confirm_findings(subject=f"groups.youthgroup:{group.pk}", findings=accepted_all, actor=actor)
    return group


@transaction.atomic
def update_group(group: YouthGroup, *, actor, confirmed_findings=(), **fields) -> YouthGroup:
    decision = policies.check(actor, "group.edit", obj=group)
    if not decision:
        raise GroupError(decision.reason)
    texts = {name: fields[name] for name in LABELS if name in fields}
    accepted_all = guard(
        texts,
        confirmed_findings,
        labels=LABELS,
        refused=GroupTextRefused,
        subject=f"groups.youthgroup:{group.pk}",
    )
    related = fields.pop("related_groups", None)
    others = fields.pop("other_municipalities", None)
    for key, value in fields.items():
        setattr(group, key, value)
    group.save(update_fields=list(fields))
    if related is not None:
        group.related_groups.set(related)
    if others is not None:
        group.other_municipalities.set(others)
    if accepted_all:
        confirm_findings(subject=f"groups.youthgroup:{group.pk}", findings=accepted_all, actor=actor)
    return group


@transaction.atomic
def assess_member(
    membership: Membership,
    *,
    actor,
    assessed_on,
    dynamic: str,
    influence: int,
    is_leader: bool = False,
    note: str = "",
) -> Assessment:
    """A dated plus/min/mee assessment; earlier ones stay as history."""
    case = membership.case
    decision = access.can_supply(actor, case, Category.PERSONAL)
    if not decision:
        raise GroupError(decision.reason)
    if not 1 <= influence <= 5:
        raise GroupError(_("Invloed loopt van 1 tot en met 5."))
    assessment = Assessment.objects.create(
        membership=membership,
        assessed_on=assessed_on,
        dynamic=dynamic,
        influence=influence,
        is_leader=is_leader,
        note=note,
        assessed_by=actor,
    )
    log.write(actor, "dynamics.assess", [membership.person.pseudonym], case=case)
    return assessment


@transaction.atomic
def update_membership(
    membership: Membership, *, actor, role_in_group: str, assigned_worker=None
) -> Membership:
    case = membership.case
    if not access.can_manage_case(actor, case) or not case.is_open:
        raise GroupError(_("Alleen de procesregisseur of de uitvoeringscoördinator wijzigt de namenlijst."))
    if (
        assigned_worker is not None
        and not case.participants.filter(organisation_id=assigned_worker.organisation_id).exists()
    ):
        raise GroupError(_("De vaste professional moet werken bij een deelnemende organisatie."))
    membership.role_in_group = role_in_group
    membership.assigned_worker = assigned_worker
    membership.save(update_fields=["role_in_group", "assigned_worker"])
    log.write(actor, "member.update", [membership.person.pseudonym], case=case)
    return membership


@transaction.atomic
def add_referral(
    membership: Membership,
    *,
    actor,
    kind: str,
    referred_on,
    note: str = "",
    status: str = ReferralStatus.PROPOSED,
) -> Referral:
    """A referral in the approach per person: its own covenant category, so whoever the
    covenant lets supply referrals makes it — the municipality's regisseur too."""
    category = REFERRAL_CATEGORIES[ReferralKind(kind)]
    decision = access.can_supply(actor, membership.case, category)
    if not decision:
        raise GroupError(decision.reason, code=decision.code)
    if status not in (ReferralStatus.PROPOSED, ReferralStatus.SUBMITTED):
        raise GroupError(_("Een nieuwe verwijzing is voorgesteld of aangemeld."))
    referral = Referral.objects.create(
        membership=membership,
        kind=kind,
        category=category,
        referred_on=referred_on,
        note=note,
        created_by=actor,
        supplied_by=actor.organisation,
        status=status,
    )
    log.write(
        actor, "member.referral", [membership.person.pseudonym], case=membership.case, categories=[category]
    )
    return referral


@transaction.atomic
def update_referral(referral: Referral, *, actor, status: str, outcome: str = "") -> Referral:
    """Move a referral along proposed → submitted → accepted / refused → ended, with its
    outcome; who may supply its category in the case may do so, while the case runs."""
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("membership__case")
        .get(pk=referral.pk)
    )
    case = referral.membership.case
    decision = access.can_supply(actor, case, referral.category)
    if not decision:
        raise GroupError(decision.reason, code=decision.code)
    current = ReferralStatus(referral.status)
    if status not in ReferralStatus.values or status not in REFERRAL_MOVES[current]:
        raise GroupError(
            _("Een verwijzing met status %(now)s kan niet naar %(to)s.")
            % {
                "now": current.label,
                "to": ReferralStatus(status).label if status in ReferralStatus.values else status,
            }
        )
    if status in (ReferralStatus.REFUSED, ReferralStatus.ENDED) and not outcome.strip():
        raise GroupError(_("Geef de uitkomst: waarom afgewezen of hoe beëindigd?"))
    referral.status, referral.outcome = status, outcome.strip()
    referral.status_changed_at, referral.status_changed_by = timezone.now(), actor
    referral.save(update_fields=["status", "outcome", "status_changed_at", "status_changed_by"])
    log.write(
        actor,
        "member.referral_status",
        [referral.membership.person.pseudonym],
        case=case,
        categories=[referral.category],
    )
    return referral


def relatives_for(actor, membership: Membership):
    """Persons the actor may link as family: on a name list the actor may see (any case)."""
    cases = [
        c
        for c in Membership.case.field.related_model.objects.visible_to(actor)
        .filter(memberships__isnull=False)
        .distinct()
        if access.can_receive(actor, c, Category.PERSONAL)
    ]
    if not cases:
        return Membership.objects.none()
    return (
        Membership.objects.filter(case__in=[c.pk for c in cases])
        .exclude(person=membership.person)
        .select_related("person", "group")
    )


@transaction.atomic
def add_family_link(membership: Membership, *, actor, relative, relation: str) -> FamilyLink:
    decision = access.can_supply(actor, membership.case, Category.PERSONAL)
    if not decision:
        raise GroupError(decision.reason)
    allowed = relatives_for(actor, membership)
    if not allowed.filter(person=relative).exists():
        raise GroupError(_("Deze persoon is voor u niet beschikbaar."))
    link, _created = FamilyLink.objects.get_or_create(
        person=membership.person, relative=relative, defaults={"relation": relation, "created_by": actor}
    )
    FamilyLink.objects.get_or_create(
        person=relative, relative=membership.person, defaults={"relation": relation, "created_by": actor}
    )
    log.write(actor, "member.family", [membership.person.pseudonym, relative.pseudonym], case=membership.case)
    return link
