"""Youth groups, persons, their membership (the name list), and the group's dynamics.

Group-level fields carry category `group`; everything on Person, Membership and
Assessment is personal data (`personal`), and only exists inside a case that
allows personal data (see privacy.access.personal_data_gate).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from groepsaanpak.choices import ChoiceLabelsMixin
from privacy import access
from privacy.categories import Category


class YouthGroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The groups this user may open, as privacy.access.group_scope decides."""
        scope = access.group_scope(user)
        if scope.nothing:
            return self.none()
        if scope.municipality_id is not None:
            also_active = YouthGroup.other_municipalities.through.objects.filter(
                municipality_id=scope.municipality_id
            ).values("youthgroup_id")
            return self.filter(models.Q(municipality_id=scope.municipality_id) | models.Q(pk__in=also_active))
        # The groups of the cases this user sees; cases sit beside groups, so reach them
        # through the relation rather than an import.
        case_model = YouthGroup._meta.get_field("cases").related_model
        return self.filter(pk__in=case_model.objects.visible_to(user).values("group_id"))


class YouthGroup(models.Model):
    name = models.CharField(_("naam of werknaam"), max_length=120)
    aliases = models.CharField(_("andere namen"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="groups", verbose_name=_("gemeente")
    )
    other_municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="shared_groups", verbose_name=_("ook actief in")
    )
    locations = models.CharField(_("locaties waar actief"), max_length=300, blank=True)
    description = models.TextField(
        _("beschrijving op groepsniveau"),
        blank=True,
        help_text=_("Zonder namen of andere persoonsgegevens; de privacytoets controleert dit."),
    )
    related_groups = models.ManyToManyField("self", blank=True, verbose_name=_("verwante groepen"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    category = Category.GROUP

    objects = YouthGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("jeugdgroep")
        verbose_name_plural = _("jeugdgroepen")

    def __str__(self) -> str:
        return self.name


class Person(ChoiceLabelsMixin, models.Model):
    """A youth known to the approach. Exists only through a case's name list."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    pseudonym = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    full_name = models.CharField(_("naam"), max_length=150)
    nickname = models.CharField(_("bijnaam"), max_length=80, blank=True)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    bsn = models.CharField(_("BSN"), max_length=9, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    FIELD_CATEGORIES = {
        "full_name": Category.PERSONAL,
        "nickname": Category.PERSONAL,
        "date_of_birth": Category.PERSONAL,
        "address": Category.PERSONAL,
        "bsn": Category.BSN,
    }

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")

    def __str__(self) -> str:
        return self.full_name

    def cases(self) -> list:
        """The cases whose name list holds this person (a fact for the log's access check)."""
        return [m.case for m in self.memberships.select_related("case")]


class GroupRole(models.TextChoices):
    KOPSTUK = "kopstuk", _("Kopstuk")
    HARDE_KERN = "harde_kern", _("Harde kern")
    MEELOPER = "meeloper", _("Meeloper")
    AANHANG = "aanhang", _("Aanhang")


class MembershipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Voorgesteld")
    AGREED = "agreed", _("Afgestemd")
    REMOVED = "removed", _("Verwijderd")


class Membership(ChoiceLabelsMixin, models.Model):
    """A person on a case's name list (namenlijst) for a group."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="memberships")
    group = models.ForeignKey(YouthGroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role_in_group = models.CharField(
        _("rol in de groep"), max_length=12, choices=GroupRole.choices, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PROPOSED,
    )
    known_to_police = models.BooleanField(_("bekend bij politie"), null=True, blank=True)
    assigned_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_memberships",
        verbose_name=_("vaste professional"),
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    status_note = models.CharField(_("toelichting"), max_length=300, blank=True)

    category = Category.PERSONAL

    class Meta:
        ordering = ["person__full_name"]
        unique_together = [("case", "person")]


class Dynamic(models.TextChoices):
    PLUS = "plus", _("Plus")
    MIN = "min", _("Min")
    MEE = "mee", _("Mee")


class Assessment(ChoiceLabelsMixin, models.Model):
    """A dated plus/min/mee assessment of one member; history is kept (append only)."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("datum"))
    dynamic = models.CharField(_("plus/min/mee"), max_length=4, choices=Dynamic.choices)
    influence = models.PositiveSmallIntegerField(_("invloed (1–5)"), default=3)
    is_leader = models.BooleanField(_("leider"), default=False)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    category = Category.PERSONAL

    class Meta:
        ordering = ["-assessed_on", "-pk"]


class ReferralKind(models.TextChoices):
    PGA = "pga", _("Persoonsgerichte aanpak (PGA)")
    TOP_X = "topx", _("Top X-aanpak")
    VEILIGHEIDSHUIS = "veiligheidshuis", _("Veiligheidshuis / Zorg- en Veiligheidshuis")
    JEUGDBESCHERMING = "jeugdbescherming", _("Jeugdbescherming")
    HALT = "halt", _("Halt")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")


# Which category a referral carries: referrals are part of the approach per person and have
# their own category in the covenant (issue 18), so the regisseur who makes them in the
# stories needs no criminal-law or care data (migration 0003 moved the earlier ones over).
REFERRAL_CATEGORIES = {kind: Category.REFERRAL for kind in ReferralKind}


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Voorgesteld")
    SUBMITTED = "submitted", _("Aangemeld")
    ACCEPTED = "accepted", _("Geaccepteerd")
    REFUSED = "refused", _("Afgewezen")
    ENDED = "ended", _("Beëindigd")


# From each status, the next ones; refused and ended are final.
REFERRAL_MOVES = {
    ReferralStatus.PROPOSED: {ReferralStatus.SUBMITTED, ReferralStatus.ENDED},
    ReferralStatus.SUBMITTED: {ReferralStatus.ACCEPTED, ReferralStatus.REFUSED, ReferralStatus.ENDED},
    ReferralStatus.ACCEPTED: {ReferralStatus.ENDED},
    ReferralStatus.REFUSED: set(),
    ReferralStatus.ENDED: set(),
}


class Referral(ChoiceLabelsMixin, models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="referrals")
    kind = models.CharField(_("verwijzing naar"), max_length=20, choices=ReferralKind.choices)
    category = models.CharField(max_length=10, choices=Category.choices)
    referred_on = models.DateField(_("datum"))
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    supplied_by = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )
    outcome = models.CharField(_("uitkomst"), max_length=300, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-referred_on", "-pk"]


class FamilyRelation(models.TextChoices):
    SIBLING = "sibling", _("Broer of zus")
    COUSIN = "cousin", _("Neef of nicht")
    OTHER = "other", _("Andere familie")


class FamilyLink(ChoiceLabelsMixin, models.Model):
    """Family ties between persons, e.g. siblings seen in other groups."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="family_links")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(_("relatie"), max_length=10, choices=FamilyRelation.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    category = Category.PERSONAL

    class Meta:
        unique_together = [("person", "relative")]
