"""Login in two steps: password, then the TOTP code (or its first set-up)."""

import base64
import time
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from groepsaanpak import security_events

from . import oidc
from .forms import LoginForm, PasswordChangeForm, SetPasswordForm, TokenForm
from .middleware import PROVIDER_MFA_KEY
from .models import IdentityProvider, User
from .services import (
    change_password,
    clear_login_failures,
    client_ip,
    is_locked_out,
    record_login_failure,
    set_password_from_link,
)

PENDING_KEY = "mfa_pending_user"
PENDING_SECONDS = 5 * 60
LOCKED_MESSAGE = gettext_lazy(
    "Te veel mislukte pogingen. Dit account is tijdelijk geblokkeerd; probeer het later opnieuw."
)


def _pending_user(request) -> User | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=pending["id"], is_active=True).first()


def _finish_login(
    request, user: User, device: TOTPDevice | None, *, via: str = "", provider_mfa: bool = False
):
    pending = request.session.pop(PENDING_KEY, None) or {}
    # The security log's login.success names the identity provider (accounts.signals).
    request.signin_via = via or pending.get("via", "")
    # login() rotates the session id, so a session fixed before login is worthless.
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        otp_login(request, device)
    if provider_mfa:
        request.session[PROVIDER_MFA_KEY] = user.pk
    clear_login_failures(user.username)
    return redirect(settings.LOGIN_REDIRECT_URL)


def _to_second_factor(request, user: User, *, via: str = ""):
    """Password (or provider) done: on to the own TOTP code, or its first set-up."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and settings.DEMO_MODE:
        return _finish_login(request, user, None, via=via)
    request.session.cycle_key()
    request.session[PENDING_KEY] = {"id": user.pk, "at": time.time(), "via": via}
    return redirect("accounts:mfa_verify" if device else "accounts:mfa_setup")


def _login_page(request, form, *, status=200, refusal: str = ""):
    providers = IdentityProvider.objects.filter(enabled=True).select_related("organisation").order_by("name")
    context = {"form": form, "providers": providers, "refusal": refusal}
    return render(request, "accounts/login.html", context, status=status)


def _local_login_refused(user: User) -> IdentityProvider | None:
    """The provider of the user's organisation when it does not allow a local login."""
    provider = IdentityProvider.objects.filter(organisation_id=user.organisation_id, enabled=True).first()
    return provider if provider is not None and not provider.allow_local_login else None


def login_view(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        ip = client_ip(request)
        if is_locked_out(username, ip):
            form.add_error(None, LOCKED_MESSAGE)
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                record_login_failure(username, ip, request=request)
                form.add_error(None, _("Gebruikersnaam of wachtwoord is onjuist."))
            elif (provider := _local_login_refused(user)) is not None:
                security_events.emit(
                    "login.local_refused",
                    request=request,
                    user=user,
                    detail=f"{provider.name} ({provider.issuer})",
                )
                form.add_error(
                    None,
                    _(
                        "Uw organisatie meldt aan via %(provider)s. Gebruik de knop 'Inloggen via "
                        "%(provider)s' hieronder."
                    )
                    % {"provider": provider.name},
                )
            else:
                return _to_second_factor(request, user)
    return _login_page(request, form)


def oidc_start(request, pk):
    """To the identity provider of organisation `pk` (state, nonce, PKCE: accounts/oidc.py)."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    try:
        return oidc.StartView.as_view()(request, pk=pk)
    except oidc.SignInRefused as refusal:
        return _oidc_refused(request, refusal, oidc.provider_or_404(pk))


def _oidc_refused(request, refusal, provider=None):
    security_events.emit(
        "login.failure",
        request=request,
        detail=f"{provider.name if provider else 'OpenID Connect'}: {refusal.reason}"[:300],
        municipality_id=provider.organisation.municipality_id if provider else None,
    )
    return _login_page(request, LoginForm(), status=403, refusal=refusal.message)


def oidc_callback(request):
    """Back from the provider: the state must be one this session started (once: it is
    removed at once, so a replayed answer is refused), then the code is exchanged and the id
    token checked (accounts/oidc.py); then the second factor, by the provider's policy."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    states = request.session.get("oidc_states") or {}
    entry = states.pop(request.GET.get("state", ""), None)
    request.session.modified = True
    provider = (
        IdentityProvider.objects.filter(pk=entry.get("provider"), enabled=True)
        .select_related("organisation")
        .first()
        if entry
        else None
    )
    if provider is None:
        return _oidc_refused(
            request,
            oidc.SignInRefused(
                _("Deze aanmelding is verlopen of al gebruikt. Begin opnieuw met inloggen."),
                "onbekende of hergebruikte state",
            ),
        )
    if request.GET.get("error"):
        return _oidc_refused(request, oidc._refused(f"provider meldt {request.GET['error'][:60]}"), provider)
    try:
        backend = oidc.ProviderBackend(provider, oidc.discover(provider))
        user, claims = backend.sign_in(
            request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
        )
        factor = oidc.second_factor(provider, claims)
    except oidc.SignInRefused as refusal:
        return _oidc_refused(request, refusal, provider)
    via = f"via {provider.name} ({provider.issuer})"
    if factor == "provider":
        return _finish_login(
            request, user, None, via=f"{via}, tweede factor bij de provider", provider_mfa=True
        )
    return _to_second_factor(request, user, via=via)


def mfa_verify(request):
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect("accounts:mfa_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if is_locked_out(user.username, client_ip(request)):
            form.add_error(None, LOCKED_MESSAGE)
        elif device.verify_token(form.cleaned_data["token"]):
            return _finish_login(request, user, device)
        else:
            record_login_failure(user.username, client_ip(request), stage="totp", request=request)
            form.add_error("token", _("Deze code klopt niet of is verlopen."))
    return render(request, "accounts/mfa_verify.html", {"form": form})


def _qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def mfa_setup(request):
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:mfa_verify")
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Authenticator-app"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if is_locked_out(user.username, client_ip(request)):
            form.add_error(None, LOCKED_MESSAGE)
        elif device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            security_events.emit("mfa.enrolled", request=request, user=user)
            messages.success(request, _("Tweestapsverificatie is ingesteld."))
            return _finish_login(request, user, device)
        else:
            record_login_failure(user.username, client_ip(request), stage="totp", request=request)
            form.add_error("token", _("Deze code klopt niet. Controleer de tijd op uw telefoon."))
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr": _qr_data_uri(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "accounts/mfa_setup.html", context)


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        security_events.emit("logout", request=request, user=request.user)
    logout(request)
    messages.info(request, _("U bent uitgelogd."))
    return redirect("accounts:login")


@login_required
def profile(request):
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    return render(request, "accounts/profile.html", {"has_device": has_device})


@login_required
def password_change(request):
    """Change one's own password (current password, new one twice, and the authenticator
    code if the user has one); other sessions of the user end, this one stays."""
    needs_token = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    form = PasswordChangeForm(request.POST or None, needs_token=needs_token)
    if request.method == "POST" and form.is_valid():
        errors = change_password(
            request.user,
            current=form.cleaned_data["current_password"],
            new=form.cleaned_data["new_password"],
            token=form.cleaned_data.get("token"),
            ip=client_ip(request),
            keep_session_key=request.session.session_key,
        )
        if not errors:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Uw wachtwoord is gewijzigd. Andere sessies zijn uitgelogd."))
            return redirect("accounts:profile")
        for field, messages_ in errors.items():
            for message in messages_:
                form.add_error(None if field == "__all__" else field, message)
    return render(request, "accounts/password_change.html", {"form": form})


def _user_of_link(uidb64: str, token: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    return user if user is not None and default_token_generator.check_token(user, token) else None


def set_password(request, uidb64, token):
    """The one-time link from the beheerder's mail: the user sets their own password. No
    one else ever knows it; after this the link no longer works (the token covers the
    password hash)."""
    if request.user.is_authenticated:
        logout(request)
    user = _user_of_link(uidb64, token)
    if user is None:
        return render(request, "accounts/set_password.html", {"invalid": True}, status=400)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        errors = set_password_from_link(user, form.cleaned_data["new_password"])
        if not errors:
            messages.success(request, _("Uw wachtwoord is ingesteld. Log nu in."))
            return redirect("accounts:login")
        for field, messages_ in errors.items():
            for message in messages_:
                form.add_error(field, message)
    return render(request, "accounts/set_password.html", {"form": form, "invalid": False})
