"""Municipalities, organisations and users.

A user belongs to exactly one organisation; an organisation to one
municipality. Several municipalities may share an installation (a region).
"""

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    code = models.CharField(_("CBS-code"), max_length=10, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    POLITIE = "politie", _("Politie")
    OM = "om", _("Openbaar Ministerie")
    JONGERENWERK = "jongerenwerk", _("Jongerenwerk")
    HANDHAVING = "handhaving", _("Handhaving / BOA")
    LEERPLICHT = "leerplicht", _("Leerplicht")
    SCHOOL = "school", _("School")
    ZORG = "zorg", _("Zorg / jeugdhulp")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    JEUGDBESCHERMING = "jeugdbescherming", _("Jeugdbescherming / jeugdreclassering")
    RAAD_KINDERBESCHERMING = "raad_kb", _("Raad voor de Kinderbescherming")
    RECLASSERING = "reclassering", _("Reclassering")
    HALT = "halt", _("Halt")
    JJI = "jji", _("Justitiële jeugdinrichting (JJI)")
    WONINGCORPORATIE = "woningcorporatie", _("Woningcorporatie")
    VERVOERDER = "vervoerder", _("Vervoerder")
    OVERIG = "overig", _("Overig")


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=150)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("gemeente"),
    )
    # A regional partner (one police unit or OM office for several municipalities): one
    # organisation, one account per worker, taking part in the cases of each municipality it
    # serves — under that municipality's covenant, and only where invited and named.
    also_serves = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="regional_organisations",
        verbose_name=_("bedient ook de gemeenten"),
    )

    class Meta:
        ordering = ["municipality__name", "name"]
        unique_together = [("municipality", "name")]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality})"

    def serves(self, municipality_id) -> bool:
        """Its own municipality, or one it serves as a regional partner."""
        return self.municipality_id == municipality_id or self.also_serves.filter(pk=municipality_id).exists()


class Role(models.TextChoices):
    PROCESREGISSEUR = "procesregisseur", _("Procesregisseur")
    COORDINATOR = "coordinator", _("Uitvoeringscoördinator")
    PROFESSIONAL = "professional", _("Professional")
    BESLISSER = "beslisser", _("Beslisser")
    PRIVACYFUNCTIONARIS = "privacyfunctionaris", _("Privacyfunctionaris")
    BEHEERDER = "beheerder", _("Beheerder")


class UserQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """A bulk update that switches accounts off (or on) has the same consequences as a
        save: sessions end, tokens are revoked, the security log records it
        (accounts.services.after_deactivation)."""
        if "is_active" not in kwargs or not isinstance(kwargs["is_active"], bool):
            return super().update(**kwargs)
        from .services import after_deactivation, after_reactivation

        active = kwargs["is_active"]
        with transaction.atomic(using=self.db):
            switched = list(self.filter(is_active=not active).values_list("pk", flat=True))
            count = super().update(**kwargs)
            if switched:
                (after_reactivation if active else after_deactivation)(switched)
        return count


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("organisatie"),
        help_text=_("Alleen leeg voor technische beheeraccounts."),
    )
    role = models.CharField(_("rol"), max_length=24, choices=Role.choices, default=Role.PROFESSIONAL)
    function_title = models.CharField(
        _("functie"), max_length=100, blank=True, help_text=_("Bijvoorbeeld: wijkagent")
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @property
    def municipality_id(self) -> int | None:
        return self.organisation.municipality_id if self.organisation_id else None

    @property
    def organisation_kind(self) -> str | None:
        return self.organisation.kind if self.organisation_id else None

    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def __str__(self) -> str:
        """How a person is shown in pickers and lists: "Voornaam Achternaam — organisatie",
        never a bare username (issue 19)."""
        organisation = getattr(self, "organisation", None)
        return f"{self.display_name()} — {organisation.name}" if organisation else self.display_name()


class LoginFailure(models.Model):
    """One failed login attempt; used for throttling (see accounts.services)."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    stage = models.CharField(max_length=10, default="password")  # password | totp
    # Set at the next successful login (or an unlock): the attempt no longer counts towards
    # the lockout, but the record stays (issue 14: failed logins are not erased).
    cleared_at = models.DateTimeField(null=True, blank=True)


class UserSession(models.Model):
    """Which sessions belong to which user, so deactivation can end them all."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)


class MfaPolicy(models.TextChoices):
    """When the identity provider's second factor counts (accounts/oidc.py)."""

    LOCAL = "local", _("Altijd de eigen code van Groepsaanpak vragen")
    PROVIDER_OR_LOCAL = (
        "provider_or_local",
        _("De tweede factor van de provider als het token die aantoont, anders de eigen code"),
    )
    PROVIDER_REQUIRED = (
        "provider_required",
        _("De tweede factor van de provider is verplicht; een token zonder wordt geweigerd"),
    )


class MatchField(models.TextChoices):
    EMAIL = "email", _("E-mailadres")
    USERNAME = "username", _("Gebruikersnaam")


class IdentityProvider(models.Model):
    """The OpenID Connect provider through which the users of one organisation sign in
    (issue 21; docs/adr/0017-sign-in-with-openid-connect.md). Set only through a four-eyes
    request (privacy/changes.py, accounts.services.apply_identity_provider): who signs in
    where decides who sees case data."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="identity_provider",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam op de inlogknop"), max_length=100)
    issuer = models.CharField(_("issuer (URL)"), max_length=300)
    client_id = models.CharField(_("client-id"), max_length=200)
    client_secret = models.CharField(_("client-secret"), max_length=500, blank=True)
    scopes = models.CharField(_("scopes"), max_length=200, default="openid email profile")
    match_claim = models.CharField(_("claim voor de eerste koppeling"), max_length=60, default="email")
    match_field = models.CharField(
        _("vergelijken met"), max_length=10, choices=MatchField.choices, default=MatchField.EMAIL
    )
    organisation_claim = models.CharField(_("claim met de organisatie"), max_length=60, blank=True)
    organisation_value = models.CharField(_("verwachte waarde van die claim"), max_length=200, blank=True)
    mfa_policy = models.CharField(
        _("tweede factor"), max_length=20, choices=MfaPolicy.choices, default=MfaPolicy.PROVIDER_OR_LOCAL
    )
    mfa_amr = models.CharField(_("amr-waarden die een tweede factor aantonen"), max_length=200, default="mfa")
    mfa_acr = models.CharField(_("acr-waarden die een tweede factor aantonen"), max_length=200, blank=True)
    allow_local_login = models.BooleanField(_("ook lokaal inloggen toestaan"), default=False)
    enabled = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("inlogvoorziening (OpenID Connect)")
        verbose_name_plural = _("inlogvoorzieningen (OpenID Connect)")

    def __str__(self) -> str:
        return self.name


class ExternalIdentity(models.Model):
    """A user's account at an identity provider: issuer + `sub`, linked at the first
    sign-in to the pre-registered user (never a new user)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="external_identity_unique_sub"),
            models.UniqueConstraint(fields=["user", "issuer"], name="external_identity_one_per_issuer"),
        ]
