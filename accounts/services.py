"""Every write about accounts: login throttling, sessions, deactivation, access changes and
password links."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from groepsaanpak import clientip, security_events

from .models import ExternalIdentity, IdentityProvider, LoginFailure, Organisation, Role, User, UserSession

# The fields of a user that decide what they may see. A beheerder never changes them
# directly: privacy.changes asks a second person first, then calls apply_user_access.
ACCESS_FIELDS = ("organisation", "role", "is_staff", "is_active", "email")
# The fields of an organisation that decide what the covenant lets it see.
ORGANISATION_FIELDS = ("kind", "municipality")
# The identity provider of an organisation (accounts.models.IdentityProvider), set after a
# four-eyes approval like the fields above.
IDENTITY_PROVIDER_FIELDS = (
    "name", "issuer", "client_id", "client_secret", "scopes", "match_claim", "match_field",
    "organisation_claim", "organisation_value", "mfa_policy", "mfa_amr", "mfa_acr",
    "allow_local_login", "enabled",
)  # fmt: skip


def client_ip(request) -> str | None:
    """The real client address, also behind trusted reverse proxies (TRUSTED_PROXIES)."""
    return clientip.client_ip(request)


def is_locked_out(username: str, ip: str | None) -> bool:
    since = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    recent = LoginFailure.objects.filter(at__gte=since, cleared_at__isnull=True)
    if recent.filter(username__iexact=username).count() >= settings.LOGIN_MAX_FAILURES:
        return True
    # An address trying many usernames is throttled too (4x the per-account limit).
    return bool(ip) and recent.filter(ip_address=ip).count() >= 4 * settings.LOGIN_MAX_FAILURES


def record_login_failure(username: str, ip: str | None, stage: str = "password", *, request=None) -> None:
    """Count a failed attempt, and report it (and a lockout it causes) to the security log."""
    LoginFailure.objects.create(username=username[:150], ip_address=ip, stage=stage)
    user = User.objects.filter(username__iexact=username).first()
    kind = "mfa.failure" if stage == "totp" else "login.failure"
    security_events.emit(kind, request=request, user=user, username=username)
    if is_locked_out(username, ip):
        security_events.emit("login.locked", request=request, user=user, username=username)


def clear_login_failures(username: str) -> None:
    """The counter starts again; the failed attempts themselves are kept."""
    LoginFailure.objects.filter(username__iexact=username, cleared_at__isnull=True).update(
        cleared_at=timezone.now()
    )


def remember_session(user: User, session_key: str) -> None:
    UserSession.objects.get_or_create(user=user, session_key=session_key)


def end_all_sessions(user: User) -> int:
    """Log the user out everywhere: delete every session we know belongs to them."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    deleted, _ = Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    return deleted


# Sent once users have been deactivated, whatever the path (a save, the admin, a bulk
# QuerySet.update): kwargs user_ids, actor. The api app revokes their tokens for good.
users_deactivated = Signal()


def after_deactivation(user_ids, *, actor: User | None = None, request=None) -> None:
    """What follows every deactivation: the sessions end, the security log gets
    user.deactivated, and the receivers of users_deactivated run (api: tokens revoked; a
    reactivation brings none back). Called by the User signals and the bulk update."""
    user_ids = list(user_ids)
    for user in User.objects.filter(pk__in=user_ids).select_related("organisation"):
        end_all_sessions(user)
        security_events.emit("user.deactivated", request=request, user=user, actor=actor)
    users_deactivated.send(sender=User, user_ids=user_ids, actor=actor)


def after_reactivation(user_ids, *, actor: User | None = None, request=None) -> None:
    for user in User.objects.filter(pk__in=list(user_ids)).select_related("organisation"):
        security_events.emit("user.reactivated", request=request, user=user, actor=actor)


@transaction.atomic
def deactivate_user(user: User, *, actor: User | None = None, request=None) -> None:
    """Take the user's access away at once (no second person needed)."""
    user.security_actor, user.security_request = actor, request  # for accounts.signals
    user.is_active = False
    user.save(update_fields=["is_active"])


@transaction.atomic
def deactivate_users(users, *, actor: User | None = None, request=None) -> int:
    """Deactivate several users at once (the admin's bulk action); never the actor."""
    ids = [u.pk for u in users if u.is_active and (actor is None or u.pk != actor.pk)]
    for user in User.objects.filter(pk__in=ids):
        deactivate_user(user, actor=actor, request=request)
    return len(ids)


@transaction.atomic
def unlock_login(user: User, *, actor: User, request=None) -> bool:
    """Lift a lockout: the failed attempts stop counting (they are kept). Logged as
    login.unlocked; False when nothing was blocking."""
    cleared = LoginFailure.objects.filter(username__iexact=user.username, cleared_at__isnull=True).update(
        cleared_at=timezone.now()
    )
    if cleared:
        security_events.emit(
            "login.unlocked", request=request, user=user, actor=actor, detail=f"{cleared} poging(en)"
        )
    return bool(cleared)


@transaction.atomic
def reset_mfa(user: User, *, actor: User, request=None) -> bool:
    """Remove the user's authenticator app (lost phone): every session ends and the user
    sets up a new app at the next login. Logged as mfa.reset; False when there was none."""
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    if removed:
        end_all_sessions(user)
        security_events.emit("mfa.reset", request=request, user=user, actor=actor)
    return bool(removed)


def _password_message(error) -> str:
    """Django's password rules in our own words (its Dutch catalogue lacks some of them)."""

    minimum = next(
        (
            v.get("OPTIONS", {}).get("min_length", 8)
            for v in settings.AUTH_PASSWORD_VALIDATORS
            if "MinimumLength" in v["NAME"]
        ),
        8,
    )
    messages = {
        "password_too_short": _("Het wachtwoord is te kort: ten minste %(n)s tekens.") % {"n": minimum},
        "password_too_common": _("Dit wachtwoord wordt te vaak gebruikt; kies een ander."),
        "password_entirely_numeric": _("Het wachtwoord mag niet alleen uit cijfers bestaan."),
        "password_too_similar": _("Het wachtwoord lijkt te veel op uw naam of gebruikersnaam."),
    }
    return messages.get(error.code, " ".join(error.messages))


@transaction.atomic
def change_password(
    user: User, *, current: str, new: str, token: str | None, ip: str | None, keep_session_key: str | None
) -> dict[str, list[str]]:
    """Change the user's own password. Checks the current password and, if the user has an
    authenticator app, a code from it (both count as failed attempts for the lockout), and
    the password validators; then logs the user out of every other session. Returns a dict
    of field errors (empty on success); nothing changes when there is an error."""

    if is_locked_out(user.username, ip):
        return {"__all__": [_("Te veel mislukte pogingen. Probeer het later opnieuw.")]}
    if not user.check_password(current):
        record_login_failure(user.username, ip, stage="password")
        return {"current_password": [_("Het huidige wachtwoord klopt niet.")]}
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None and not (
        token and token.replace(" ", "").isdigit() and device.verify_token(token.replace(" ", ""))
    ):
        record_login_failure(user.username, ip, stage="totp")
        return {"token": [_("Deze code klopt niet of is verlopen.")]}
    return _set_new_password(user, new, keep_session_key=keep_session_key)


def _set_new_password(user: User, new: str, *, keep_session_key: str | None = None) -> dict[str, list[str]]:
    """The password rules, then the new password; every session of the user but the one
    kept ends. Field errors (empty on success)."""
    try:
        validate_password(new, user)
    except ValidationError as error:
        return {"new_password": [_password_message(e) for e in error.error_list]}
    user.set_password(new)
    user.save(update_fields=["password"])
    keys = UserSession.objects.filter(user=user).exclude(session_key=keep_session_key or "")
    Session.objects.filter(session_key__in=list(keys.values_list("session_key", flat=True))).delete()
    keys.delete()
    clear_login_failures(user.username)
    return {}


def _set_fields(obj, values: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"not among {allowed}: {sorted(unknown)}")
    for field, value in values.items():
        setattr(obj, field, value)
    obj.save(update_fields=list(values))


@transaction.atomic
def apply_user_access(user: User, *, actor: User | None = None, detail: str = "", **values) -> User:
    """Set the access fields of a user (ACCESS_FIELDS: organisation, role, is_staff,
    is_active, email). The one place these change: after a four-eyes approval
    (privacy.changes.approve, `actor` the approver) and when demo data or tests seed users.
    Nobody's own judgement alone reaches it from a page: the beheer pages only file
    requests. A changed role or organisation goes to the security log (de- and
    reactivation through accounts.signals)."""
    before = {"role": user.role, "organisation": user.organisation_id}
    user.security_actor = actor
    _set_fields(user, values, ACCESS_FIELDS)
    if "role" in values and user.role != before["role"]:
        security_events.emit(
            "user.role_changed",
            user=user,
            actor=actor,
            detail=" ".join(filter(None, [f"{before['role']} -> {user.role}", detail])),
        )
    if "organisation" in values and user.organisation_id != before["organisation"]:
        security_events.emit(
            "user.organisation_changed",
            user=user,
            actor=actor,
            target=f"accounts.organisation:{user.organisation_id}" if user.organisation_id else "",
            detail=" ".join(filter(None, [f"{before['organisation']} -> {user.organisation_id}", detail])),
        )
    if "role" in values or "is_staff" in values:
        # The rights in the admin follow the approved role: a beheerder with staff status
        # manages municipalities, organisations, users and the house style of documents;
        # nobody else has admin rights.
        beheerder = user.role == Role.BEHEERDER and user.is_staff
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label__in=("accounts", "documents"))
            if beheerder
            else []
        )
    return user


@transaction.atomic
def apply_organisation_change(
    organisation: Organisation, *, actor: User | None = None, detail: str = "", **values
) -> Organisation:
    """Set an organisation's kind or municipality (ORGANISATION_FIELDS): after a four-eyes
    approval (`actor` the approver; organisation.changed in the security log), or when
    seeding."""
    before = {"kind": organisation.kind, "municipality": organisation.municipality_id}
    _set_fields(organisation, values, ORGANISATION_FIELDS)
    after = {"kind": organisation.kind, "municipality": organisation.municipality_id}
    changed = [
        f"{field} {before[field]} -> {after[field]}" for field in before if before[field] != after[field]
    ]
    if changed:
        security_events.emit(
            "organisation.changed",
            actor=actor,
            target=f"accounts.organisation:{organisation.pk}",
            detail=" ".join([*changed, detail])[:300],
            municipality_id=organisation.municipality_id,
        )
    return organisation


def password_link(user: User) -> str:
    """The one-time link with which the user sets their own password (an invitation for a
    new account, or after a forgotten password). Valid PASSWORD_RESET_TIMEOUT seconds and
    void once used or once the password changes (Django's token covers the password hash
    and the last login)."""

    path = reverse(
        "accounts:set_password",
        args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)],
    )
    return settings.SITE_URL + path


def send_password_link(user: User, *, actor: User | None = None) -> bool:
    """Mail the user a link to set their own password. The beheerder who asks for it never
    sees the link or a password: only the user's mailbox does. False when the user has no
    e-mail address or is not active."""

    if not user.is_active or not user.email:
        return False
    body = _(
        "Beste %(name)s,\n\n"
        "Via deze link stelt u zelf uw wachtwoord voor Groepsaanpak in:\n%(link)s\n\n"
        "De link werkt één keer en is %(days)s dagen geldig. Daarna stelt u bij de eerste "
        "login de authenticator-app in. Hebt u hier niet om gevraagd? Meld het dan bij uw "
        "beheerder of de privacyfunctionaris.\n"
    ) % {
        "name": user.display_name(),
        "link": password_link(user),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    send_mail(_("Uw wachtwoord voor Groepsaanpak"), body, None, [user.email])
    return True


@transaction.atomic
def set_password_from_link(user: User, new: str) -> dict[str, list[str]]:
    """The user sets their own password through the link: validated like a change, every
    session of the user ends. Field errors (empty on success); nothing changes on error."""
    return _set_new_password(user, new)


@transaction.atomic
def apply_identity_provider(
    organisation: Organisation, *, actor: User | None = None, detail: str = "", **values
) -> IdentityProvider:
    """Create or change the organisation's identity provider (IDENTITY_PROVIDER_FIELDS):
    after a four-eyes approval (`actor` the approver), or when seeding and in tests.
    identity_provider.changed in the security log names the fields, never the secret."""
    provider = IdentityProvider.objects.filter(organisation=organisation).first()
    created = provider is None
    if created:
        provider = IdentityProvider(organisation=organisation)
    unknown = set(values) - set(IDENTITY_PROVIDER_FIELDS)
    if unknown:
        raise ValueError(f"not among {IDENTITY_PROVIDER_FIELDS}: {sorted(unknown)}")
    changed = sorted(f for f, v in values.items() if created or getattr(provider, f) != v)
    for field, value in values.items():
        setattr(provider, field, value)
    provider.full_clean(exclude=["organisation"])
    provider.save()
    security_events.emit(
        "identity_provider.changed",
        actor=actor,
        target=f"accounts.organisation:{organisation.pk}",
        detail=" ".join([("nieuw: " if created else "") + ", ".join(changed), detail])[:300],
        municipality_id=organisation.municipality_id,
    )
    return provider


def link_identity(user: User, *, issuer: str, subject: str, request=None, provider_name: str = "") -> None:
    """Link the pre-registered `user` to their account at the provider (first sign-in)."""
    ExternalIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    security_events.emit(
        "account.linked",
        request=request,
        user=user,
        target=f"accounts.user:{user.pk}",
        detail=f"{provider_name} ({issuer})"[:300],
    )
