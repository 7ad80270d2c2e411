import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from groepsaanpak import security_events

# Paths reachable without a verified second factor.
OPEN_PREFIXES = ("/inloggen/", "/uitloggen/", "/static/", "/i18n/", "/favicon.ico")


class SessionLifetimeMiddleware:
    """Absolute session lifetime (12 h) on top of the idle timeout of the session cookie.
    A session whose account was deactivated (by whatever path) is ended at its next
    request: Django no longer resolves the inactive user, and the session is flushed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and SESSION_KEY in request.session:
            request.session.flush()
        elif request.user.is_authenticated:
            login_at = request.session.get("login_at")
            if login_at is None or time.time() - login_at > settings.SESSION_ABSOLUTE_LIFETIME:
                security_events.emit("session.expired", request=request, user=request.user)
                logout(request)
                messages.info(request, _("Uw sessie is verlopen. Log opnieuw in."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


PROVIDER_MFA_KEY = "mfa_by_provider"  # the user's pk: the identity provider proved the second factor


class ProviderSecondFactorMiddleware:
    """After django_otp's OTPMiddleware: a session whose sign-in through an identity provider
    proved a second factor (amr/acr, accounts/oidc.py) counts as verified, as a TOTP code
    does. The mark is set after login(), so it belongs to this session and this user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        marked = request.session.get(PROVIDER_MFA_KEY)
        if marked is not None and request.user.is_authenticated and request.user.pk == marked:
            request.user.is_verified = lambda: True
        return self.get_response(request)


class RequireSecondFactorMiddleware:
    """Outside demo mode, nothing but login and MFA set-up without a verified second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.user.is_authenticated
            and not settings.DEMO_MODE
            and not request.user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
            and not request.path.startswith("/api/")
        ):
            logout(request)
            return redirect(reverse("accounts:login"))
        return self.get_response(request)


class NoStoreForAuthenticatedMiddleware:
    """Pages with case data must not linger in browser or proxy caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
