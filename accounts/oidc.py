"""Sign-in with OpenID Connect, one provider per organisation (issue 21; ADR 0017).

Built on mozilla-django-oidc: its request view makes the authorisation request with state,
nonce and PKCE (S256) kept in the session, its backend exchanges the code and finds the
signing key in the provider's JWKS. What it leaves to the application, we do here, per
provider: the provider's settings (from `IdentityProvider`, configured through four eyes,
endpoints from its discovery document), the id token's audience, issuer, expiry and nonce
(mozilla-django-oidc does not check the audience), the link of the token's `sub` to a
pre-registered user, and whether the token proves a second factor (`amr`/`acr`).

A refusal is a `SignInRefused` with a Dutch sentence for the user and a short reason for
the security log; the views (accounts/views.py) show the one and log the other.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import absolutify, import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from .models import ExternalIdentity, IdentityProvider, MatchField, MfaPolicy, User
from .services import link_identity

CALLBACK = "accounts:oidc_callback"
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "ES256", "ES384")
DISCOVERY_SECONDS = 3600


class SignInRefused(Exception):
    """`message`: what the user reads (Dutch); `reason`: for the security log."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.message, self.reason = message, reason


def _refused(reason: str) -> SignInRefused:
    return SignInRefused(
        _(
            "Inloggen via uw organisatie is niet gelukt. Probeer het opnieuw of neem contact op met de beheerder."
        ),
        reason,
    )


def discover(provider: IdentityProvider) -> dict:
    """The provider's discovery document (cached an hour); its `issuer` must be the one
    configured, exactly (OpenID Connect Discovery 1.0, section 4.3)."""
    key = f"oidc-discovery:{provider.issuer}"
    found = cache.get(key)
    if found is None:
        url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            found = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise _refused(f"discovery onbereikbaar: {exc.__class__.__name__}") from exc
        if found.get("issuer") != provider.issuer:
            raise _refused("discovery noemt een andere issuer")
        cache.set(key, found, DISCOVERY_SECONDS)
    return found


def provider_or_404(pk) -> IdentityProvider:
    provider = (
        IdentityProvider.objects.filter(organisation_id=pk, enabled=True)
        .select_related("organisation")
        .first()
    )
    if provider is None:
        raise Http404
    return provider


# --- the authorisation request (mozilla-django-oidc's view, per provider) -----------------------


class StartView(OIDCAuthenticationRequestView):
    """GET /inloggen/oidc/<organisation>/: to the provider's authorisation endpoint with
    state, nonce and a PKCE challenge; the provider is remembered with the state."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)  # not the global settings

    def get_settings(self, attr, *args):
        own = {
            "OIDC_RP_SCOPES": self.provider.scopes,
            "OIDC_USE_NONCE": True,
            "OIDC_USE_PKCE": True,
            "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
            "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK,
        }
        return own[attr] if attr in own else import_from_settings(attr, *args)

    def get(self, request, pk):
        self.provider = provider_or_404(pk)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = discover(self.provider)["authorization_endpoint"]
        except KeyError as exc:
            raise _refused("discovery zonder authorization_endpoint") from exc
        self.OIDC_RP_CLIENT_ID = self.provider.client_id
        response = super().get(request)
        state = parse_qs(urlsplit(response.url).query)["state"][0]
        request.session["oidc_states"][state]["provider"] = self.provider.pk
        request.session.modified = True
        return response


# --- the callback: code -> tokens -> a verified id token -> the user -----------------------------


class ProviderBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend configured for one provider. Not in
    AUTHENTICATION_BACKENDS: the callback view calls `sign_in` itself and logs the user in
    as the password login does."""

    def __init__(self, provider: IdentityProvider, discovery: dict):
        ModelBackend.__init__(self)
        self.provider = provider
        self.UserModel = User
        self.OIDC_OP_TOKEN_ENDPOINT = discovery["token_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = discovery["jwks_uri"]
        self.OIDC_OP_USER_ENDPOINT = discovery.get("userinfo_endpoint")
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.OIDC_RP_SIGN_ALGO = "RS256"

    def get_settings(self, attr, *args):
        own = {
            "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK,
            "OIDC_TIMEOUT": settings.OIDC_TIMEOUT,
            "OIDC_VERIFY_SSL": True,
            "OIDC_USE_NONCE": True,
            "OIDC_STORE_ACCESS_TOKEN": False,
            "OIDC_STORE_ID_TOKEN": False,
            "OIDC_TOKEN_USE_BASIC_AUTH": False,
        }
        return own[attr] if attr in own else import_from_settings(attr, *args)

    def verify_token(self, token, **kwargs):
        """Signature (key from the JWKS by kid and alg), then everything mozilla-django-oidc
        leaves out: audience, issuer, expiry, issued-at, subject, and the nonce."""
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") not in SIGNING_ALGORITHMS:
                raise _refused(f"ondertekening {header.get('alg')!r} niet toegestaan")
            key = self.retrieve_matching_jwk(token)
            payload = jwt.decode(
                token,
                key,
                algorithms=[header["alg"]],
                audience=self.provider.client_id,
                issuer=self.provider.issuer,
                leeway=settings.OIDC_LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise _refused("id-token verlopen") from exc
        except jwt.InvalidAudienceError as exc:
            raise _refused("id-token voor een andere client (aud)") from exc
        except jwt.InvalidIssuerError as exc:
            raise _refused("id-token van een andere issuer") from exc
        except (jwt.PyJWTError, SuspiciousOperation, requests.RequestException, KeyError, ValueError) as exc:
            raise _refused(f"id-token ongeldig ({exc.__class__.__name__})") from exc
        audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
        if len(audiences) > 1 and payload.get("azp") != self.provider.client_id:
            raise _refused("id-token voor meerdere clients zonder azp")
        if payload.get("nonce") != kwargs.get("nonce"):
            raise _refused("nonce klopt niet (token hergebruikt)")
        return payload

    def sign_in(self, request, *, nonce: str, code_verifier: str | None) -> tuple[User, dict]:
        code = request.GET.get("code")
        if not code:
            raise _refused("geen code in het antwoord")
        try:
            tokens = self.get_token(
                {
                    "client_id": self.OIDC_RP_CLIENT_ID,
                    "client_secret": self.OIDC_RP_CLIENT_SECRET,
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": absolutify(request, _callback_path()),
                    "code_verifier": code_verifier,
                }
            )
        except requests.RequestException as exc:
            raise _refused(f"tokenuitwisseling mislukt ({exc.__class__.__name__})") from exc
        claims = self.verify_token(tokens.get("id_token") or "", nonce=nonce)
        if (
            self.provider.match_claim not in claims
            and self.OIDC_OP_USER_ENDPOINT
            and tokens.get("access_token")
        ):
            try:
                info = self.get_userinfo(tokens["access_token"], tokens.get("id_token"), claims)
            except requests.RequestException as exc:
                raise _refused(f"userinfo mislukt ({exc.__class__.__name__})") from exc
            if info.get("sub") != claims["sub"]:
                raise _refused("userinfo voor een ander sub")
            claims = {**info, **claims}  # what the signed id token says wins
        self.check_organisation(claims)
        return self.linked_user(request, claims), claims

    def check_organisation(self, claims: dict) -> None:
        claim, wanted = self.provider.organisation_claim, self.provider.organisation_value
        if not claim:
            return
        value = claims.get(claim)
        values = value if isinstance(value, list) else [value]
        if wanted not in [str(v) for v in values if v is not None]:
            raise SignInRefused(
                _("Uw account bij %(provider)s hoort niet bij %(organisation)s.")
                % {"provider": self.provider.name, "organisation": self.provider.organisation.name},
                f"claim {claim} is niet {wanted!r}",
            )

    def linked_user(self, request, claims: dict) -> User:
        """The user linked to (issuer, sub); at the first sign-in the one pre-registered user
        of the provider's organisation whose e-mail address or username is the claim's
        value, which is then linked. Never a new account (no just-in-time creation)."""
        issuer, subject = self.provider.issuer, str(claims["sub"])
        link = ExternalIdentity.objects.filter(issuer=issuer, subject=subject).select_related("user").first()
        if link is not None:
            user = link.user
        else:
            value = str(claims.get(self.provider.match_claim) or "").strip()
            lookup = "email__iexact" if self.provider.match_field == MatchField.EMAIL else "username"
            candidates = (
                list(User.objects.filter(organisation=self.provider.organisation, **{lookup: value})[:2])
                if value
                else []
            )
            if len(candidates) != 1:
                raise SignInRefused(
                    _(
                        "U bent (nog) niet bekend in Groepsaanpak. Vraag de beheerder van uw organisatie "
                        "om een account; daarna kunt u via %(provider)s inloggen."
                    )
                    % {"provider": self.provider.name},
                    "onbekende gebruiker" if not candidates else "meer dan één gebruiker past",
                )
            user = candidates[0]
            if ExternalIdentity.objects.filter(user=user, issuer=issuer).exists():
                raise _refused("account al gekoppeld aan een ander sub")
            try:
                with transaction.atomic():
                    link_identity(
                        user,
                        issuer=issuer,
                        subject=subject,
                        request=request,
                        provider_name=self.provider.name,
                    )
            except IntegrityError as exc:
                raise _refused("koppeling bestaat al") from exc
        if not user.is_active or user.organisation_id != self.provider.organisation_id:
            raise SignInRefused(
                _("Uw account in Groepsaanpak is niet actief. Neem contact op met de beheerder."),
                "account niet actief of in een andere organisatie",
            )
        return user


def _callback_path() -> str:
    from django.urls import reverse

    return reverse(CALLBACK)


def mfa_proven(provider: IdentityProvider, claims: dict) -> bool:
    """Does the id token prove a second factor, by the provider's own words (`amr`, RFC
    8176) or level (`acr`) as the beheerder configured them?"""
    amr = claims.get("amr") or []
    amr = [amr] if isinstance(amr, str) else amr
    wanted_amr = {v.strip() for v in provider.mfa_amr.split(",") if v.strip()}
    wanted_acr = {v.strip() for v in provider.mfa_acr.split(",") if v.strip()}
    return bool(wanted_amr & {str(v) for v in amr}) or str(claims.get("acr", "")) in wanted_acr


def second_factor(provider: IdentityProvider, claims: dict) -> str:
    """ "provider" (signed in, the provider's second factor counts), "local" (ask the own
    TOTP code), or SignInRefused when the provider's second factor is required and absent."""
    if provider.mfa_policy == MfaPolicy.LOCAL:
        return "local"
    if mfa_proven(provider, claims):
        return "provider"
    if provider.mfa_policy == MfaPolicy.PROVIDER_REQUIRED:
        raise SignInRefused(
            _(
                "Uw organisatie vereist dat u bij %(provider)s inlogt met een tweede factor (bijvoorbeeld "
                "een code of de app op uw telefoon). Dat is bij deze aanmelding niet gebeurd. Log opnieuw in "
                "en bevestig met uw tweede factor."
            )
            % {"provider": provider.name},
            "geen tweede factor in het token (amr/acr)",
        )
    return "local"
