"""Step 1: signals about group behaviour, at group level only (no personal data)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation
from groepsaanpak.choices import ChoiceLabelsMixin
from groups.models import YouthGroup
from privacy import access
from privacy.categories import Category


class Behaviour(models.TextChoices):
    OVERLAST = "overlast", _("Overlast")
    VANDALISME = "vandalisme", _("Vandalisme")
    INTIMIDATIE = "intimidatie", _("Intimidatie")
    GEWELD = "geweld", _("Geweld")
    WAPENS = "wapens", _("Wapens")
    ALCOHOL_DRUGS = "alcohol_drugs", _("Alcohol / drugs")
    DEALEN = "dealen", _("Dealen")
    CRIMINALITEIT = "criminaliteit", _("Criminaliteit")
    SOCIAL_MEDIA = "social_media", _("Oproep / social media")
    SCHOOLVERZUIM = "schoolverzuim", _("Schoolverzuim")
    OVERIG = "overig", _("Overig")


class Source(models.TextChoices):
    OWN = "eigen", _("Eigen waarneming")
    RESIDENT = "bewoner", _("Bewoner")
    BUSINESS = "ondernemer", _("Ondernemer")
    SCHOOL = "school", _("School")
    SOCIAL_MEDIA = "social_media", _("Social media")
    POLICE_REPORT = "politiemelding", _("Politiemelding")
    GROUP_APP = "groepsapp", _("Groepsapp")


class Impact(models.TextChoices):
    LOW = "laag", _("Laag")
    MEDIUM = "middel", _("Middel")
    HIGH = "hoog", _("Hoog")


class SignalStatus(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    REGULAR = "regulier", _("Afgehandeld in reguliere werk")
    LINKED = "gekoppeld", _("Gekoppeld aan groep")


class BehaviourTag(ChoiceLabelsMixin, models.Model):
    """One behaviour category of a signal (a row per category keeps filtering portable)."""

    signal = models.ForeignKey("Signal", on_delete=models.CASCADE, related_name="tags")
    behaviour = models.CharField(max_length=20, choices=Behaviour.choices, db_index=True)

    class Meta:
        unique_together = [("signal", "behaviour")]


class SignalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The signals this user may read, as privacy.access.signal_scope decides."""
        scope = access.signal_scope(user)
        if scope.nothing:
            return self.none()
        if scope.municipality_id is not None:
            return self.filter(municipality_id=scope.municipality_id)
        return self.filter(
            models.Q(organisation_id=scope.organisation_id)
            | models.Q(group_id__in=YouthGroup.objects.visible_to(user).values("pk"))
        )


class Signal(ChoiceLabelsMixin, models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="signals")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="signals")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signals"
    )
    observed_at = models.DateTimeField(_("wanneer"), db_index=True)
    location = models.CharField(
        _("waar"), max_length=200, help_text=_("Plek, straat zonder huisnummer, of wijk.")
    )
    area = models.CharField(_("wijk / gebied"), max_length=100, blank=True, db_index=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    group_size = models.PositiveSmallIntegerField(_("geschatte groepsgrootte"), null=True, blank=True)
    age_min = models.PositiveSmallIntegerField(_("leeftijd vanaf"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("leeftijd tot"), null=True, blank=True)
    source = models.CharField(_("bron"), max_length=20, choices=Source.choices)
    impact = models.CharField(_("impact"), max_length=8, choices=Impact.choices)
    description = models.TextField(
        _("beschrijving"), help_text=_("Op groepsniveau: geen namen of andere persoonsgegevens.")
    )
    status = models.CharField(
        max_length=10, choices=SignalStatus.choices, default=SignalStatus.NEW, db_index=True
    )
    group = models.ForeignKey(
        YouthGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )
    handling_note = models.TextField(_("wat is er gedaan"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    category = Category.GROUP

    objects = SignalQuerySet.as_manager()

    class Meta:
        ordering = ["-observed_at", "-pk"]
        indexes = [
            # Measured in bench/RESULTS.md (issue 8). `area` makes the filtered count of the
            # signal list an index-only scan; the others serve a group's timeline and the
            # regie's last signal, "my signals" on the home page and the count of new signals.
            models.Index(fields=["municipality", "-observed_at", "area"]),
            models.Index(fields=["group", "-observed_at"]),
            models.Index(fields=["reported_by", "-observed_at"]),
            models.Index(fields=["municipality", "status"]),
        ]
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")

    def __str__(self) -> str:
        return f"{self.observed_at:%d-%m-%Y} {self.location}"
