"""Who may coordinate a case (§3.1, §4.1.1; issue 18): the ketenpartners appoint the
coordinator, who may work at the municipality or at any participating organisation the
covenant lets receive the case's personal data (Nieuw-West: the police). A coordinator from a
partner acts under a recorded mandate, with the partners' agreement (who agreed, when)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OrganisationKind, Role, User
from groepsaanpak.errors import INVALID
from privacy import access
from privacy.categories import Category

MUNICIPAL_COORDINATOR_ROLES = ("procesregisseur", "coordinator")
# Who never coordinates: they see no case data, or decide in the forum (privacy.access).
NEVER = (Role.BESLISSER, Role.PRIVACYFUNCTIONARIS, Role.BEHEERDER)


def partner_kinds(case) -> set[str]:
    """The organisation kinds the covenant lets receive the case's personal data."""
    rules = access.covenant_rules(case.municipality_id)
    return {
        kind for (kind, category), rule in rules.items() if category == Category.PERSONAL and rule.may_receive
    }


def participating_organisations(case):
    from accounts.models import Organisation

    return Organisation.objects.filter(pk__in=case.participants.values("organisation")).order_by("name")


def candidates(case):
    """The municipality's procesregisseurs and coordinators, and the professionals of the
    participating partners the covenant lets receive personal data."""
    municipal = Q(
        organisation__municipality_id=case.municipality_id,
        organisation__kind=OrganisationKind.GEMEENTE,
        role__in=MUNICIPAL_COORDINATOR_ROLES,
    )
    partner = Q(
        organisation__in=case.participants.values("organisation"),
        organisation__kind__in=partner_kinds(case),
    ) & ~Q(organisation__kind=OrganisationKind.GEMEENTE)
    return (
        User.objects.filter(is_active=True)
        .filter(municipal | partner)
        .exclude(role__in=NEVER)
        .select_related("organisation")
        .order_by("username")  # a stable order (PostgreSQL's heap order moves on every update)
    )


def is_partner(case, coordinator) -> bool:
    """A coordinator from a partner, not from the municipality's own organisation."""
    organisation = coordinator.organisation
    return not (
        organisation.kind == OrganisationKind.GEMEENTE
        and organisation.municipality_id == case.municipality_id
    )


def check(case, *, coordinator, mandate: str, agreed_by, agreed_on, error) -> list:
    """Refuse an appointment outside the candidates, or a partner's without its mandate and
    agreement; returns the agreeing organisations. `error(message, errors=…)` makes the
    refusal (the service's class)."""
    if coordinator is None or not candidates(case).filter(pk=coordinator.pk).exists():
        raise error(
            _(
                "De coördinator werkt bij de gemeente, of bij een deelnemende organisatie die volgens het "
                "convenant persoonsgegevens van deze casus mag ontvangen."
            ),
            code=INVALID,
            errors={"coordinator": [_("Kies een coördinator uit de gemeente of een deelnemende partner.")]},
        )
    agreed = list(agreed_by or [])
    allowed = set(participating_organisations(case).values_list("pk", flat=True))
    if any(o.pk not in allowed for o in agreed):
        raise error(
            _("Alleen deelnemende organisaties stemmen in met de aanwijzing."),
            code=INVALID,
            errors={"agreed_by": [_("Kies deelnemende organisaties.")]},
        )
    if agreed_on is not None and agreed_on > timezone.localdate():
        raise error(
            _("De datum van instemming ligt in de toekomst."),
            code=INVALID,
            errors={"agreed_on": [_("Niet in de toekomst.")]},
        )
    if is_partner(case, coordinator):
        missing = {}
        if not (mandate or "").strip():
            missing["mandate"] = [_("Leg het mandaat vast waaronder de coördinator werkt.")]
        if not agreed:
            missing["agreed_by"] = [_("Leg vast welke partners met de aanwijzing instemden.")]
        if agreed_on is None:
            missing["agreed_on"] = [_("Leg vast wanneer de partners instemden.")]
        if missing:
            raise error(
                _(
                    "Een coördinator van %(org)s wijzen de ketenpartners samen aan: leg het mandaat vast, "
                    "wie instemden en wanneer."
                )
                % {"org": coordinator.organisation.name},
                code=INVALID,
                errors=missing,
            )
    return agreed
