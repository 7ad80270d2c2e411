"""Sign-in with OpenID Connect (issue 21), end to end against an issuer on loopback
(oidc_issuer.py): a good sign-in with PKCE, state and nonce; the id token's refusals (wrong
audience, expired, replayed nonce, replayed answer, another signing key); the second factor
taken from the provider only when amr/acr proves it, the local code otherwise, refused where
the provider's is required; pre-registered users only, linked by issuer + sub; no local
password for the users of an organisation with a provider unless the beheerder allows it;
and the sign-in events in the security log with the provider."""

import pytest
import requests
from django.core.cache import cache
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from joserfc.jwk import RSAKey

from accounts.models import ExternalIdentity, MfaPolicy, OrganisationKind, User
from accounts.services import apply_identity_provider
from accounts.tests.oidc_issuer import CLIENT_ID, CLIENT_SECRET, Issuer
from privacy.models import SecurityEvent

pytestmark = pytest.mark.django_db

PASSWORD = "test-Wachtwoord-2026"  # noqa: S105 - the factories' password
EMAIL = "wijkagent@politie.example"
HOME = "/"


@pytest.fixture
def issuer():
    cache.clear()  # discovery documents are cached per issuer URL
    issuer = Issuer()
    yield issuer
    issuer.stop()


@pytest.fixture
def police(world, issuer):
    """The police signs in through its own provider; the wijkagent is pre-registered."""
    world.wijkagent.email = EMAIL
    world.wijkagent.save(update_fields=["email"])
    world.provider = apply_identity_provider(
        world.orgs[OrganisationKind.POLITIE],
        name="Politie-ID",
        issuer=issuer.url,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        scopes="openid email",
        mfa_policy=MfaPolicy.PROVIDER_OR_LOCAL,
        mfa_amr="mfa,hwk",
    )
    return world


def _sign_in(client, issuer, world, claims, **overrides):
    """The browser's way: our start page -> the provider's authorize -> our callback."""
    issuer.next_claims = {"sub": "politie-sub-17", "email": EMAIL, **claims}
    issuer.token_overrides = overrides
    start = client.get(f"/inloggen/oidc/{world.orgs[OrganisationKind.POLITIE].pk}/")
    assert start.status_code == 302 and start.url.startswith(issuer.url + "/authorize?")
    answer = requests.get(start.url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    callback = answer.headers["Location"]
    assert callback.startswith("http://testserver/inloggen/oidc/terug/?")
    client.last_callback = callback.removeprefix("http://testserver")
    return client.get(client.last_callback)


def _events(kind):
    return list(SecurityEvent.objects.filter(kind=kind).order_by("sequence"))


def _signed_in(client) -> bool:
    return client.get(HOME).status_code == 200


def test_good_sign_in_with_the_providers_second_factor(client, issuer, police):
    response = _sign_in(client, issuer, police, {"amr": ["pwd", "mfa"]})
    assert response.status_code == 302 and response.url == "/"
    assert _signed_in(client)  # the provider's second factor counts: no local code asked
    asked = issuer.authorize_requests[-1]
    assert asked["code_challenge_method"] == "S256" and asked["code_challenge"]
    assert asked["nonce"] and asked["state"] and asked["scope"] == "openid email"
    assert asked["client_id"] == CLIENT_ID
    assert issuer.token_requests[-1]["code_verifier"]  # PKCE: the issuer checked it
    link = ExternalIdentity.objects.get()
    assert (link.user, link.issuer, link.subject) == (police.wijkagent, issuer.url, "politie-sub-17")
    success = _events("login.success")[-1]
    assert success.user_id == police.wijkagent.pk
    assert "via Politie-ID" in success.detail and issuer.url in success.detail
    assert "tweede factor bij de provider" in success.detail
    assert _events("account.linked")[-1].user_id == police.wijkagent.pk


def test_the_next_sign_in_finds_the_user_by_sub_not_by_email(client, issuer, police):
    _sign_in(client, issuer, police, {"amr": ["mfa"]})
    client.post("/uitloggen/")
    response = _sign_in(client, issuer, police, {"amr": ["mfa"], "email": "nieuw-adres@politie.example"})
    assert response.status_code == 302 and _signed_in(client)
    assert ExternalIdentity.objects.count() == 1


def test_without_mfa_claim_the_local_code_is_asked(client, issuer, police):
    device = TOTPDevice.objects.create(user=police.wijkagent, name="app", confirmed=True)
    response = _sign_in(client, issuer, police, {"amr": ["pwd"]})
    assert response.status_code == 302 and response.url == "/inloggen/code/"
    assert not _signed_in(client)
    done = client.post("/inloggen/code/", {"token": f"{totp(device.bin_key):06d}"})
    assert done.status_code == 302 and _signed_in(client)
    success = _events("login.success")[-1]
    assert "via Politie-ID" in success.detail and "tweede factor bij de provider" not in success.detail


def test_an_acr_level_can_prove_the_second_factor(client, issuer, police):
    police.provider.mfa_acr = "urn:politie:loa3"
    police.provider.save()
    assert _sign_in(client, issuer, police, {"acr": "urn:politie:loa3"}).url == "/"


def test_policy_local_always_asks_the_own_code(client, issuer, police):
    police.provider.mfa_policy = MfaPolicy.LOCAL
    police.provider.save()
    response = _sign_in(client, issuer, police, {"amr": ["mfa"]})
    assert response.url in ("/inloggen/code/", "/inloggen/tweede-factor/")
    assert not _signed_in(client)


def test_missing_mfa_claim_is_refused_where_the_provider_must_prove_it(client, issuer, police):
    police.provider.mfa_policy = MfaPolicy.PROVIDER_REQUIRED
    police.provider.save()
    response = _sign_in(client, issuer, police, {"amr": ["pwd"]})
    assert response.status_code == 403
    assert "vereist dat u bij Politie-ID inlogt met een tweede factor" in response.content.decode()
    assert not _signed_in(client)
    failure = _events("login.failure")[-1]
    assert "Politie-ID" in failure.detail and "tweede factor" in failure.detail


def _refused(response, reason, *, linked_before=0):
    assert response.status_code == 403
    assert "Inloggen via uw organisatie is niet gelukt" in response.content.decode()
    assert reason in _events("login.failure")[-1].detail
    assert ExternalIdentity.objects.count() == linked_before


def test_wrong_audience_is_refused(client, issuer, police):
    _refused(_sign_in(client, issuer, police, {"amr": ["mfa"]}, aud="een-andere-client"), "aud")
    assert not _signed_in(client)


def test_expired_token_is_refused(client, issuer, police):
    _refused(
        _sign_in(client, issuer, police, {"amr": ["mfa"]}, exp=1_700_000_000, iat=1_699_999_000), "verlopen"
    )
    assert not _signed_in(client)


def test_replayed_nonce_is_refused(client, issuer, police):
    """An id token minted for an earlier sign-in (its nonce) is not accepted for this one."""
    _sign_in(client, issuer, police, {"amr": ["mfa"]})
    old_nonce = issuer.issued[-1]["nonce"]
    client.post("/uitloggen/")
    _refused(_sign_in(client, issuer, police, {"amr": ["mfa"]}, nonce=old_nonce), "nonce", linked_before=1)
    assert not _signed_in(client)


def test_replayed_answer_of_the_provider_is_refused(client, issuer, police):
    _sign_in(client, issuer, police, {"amr": ["mfa"]})
    client.post("/uitloggen/")
    again = client.get(client.last_callback)  # the same state and code once more
    assert again.status_code == 403 and "verlopen of al gebruikt" in again.content.decode()
    assert "state" in _events("login.failure")[-1].detail
    assert not _signed_in(client)


def test_a_token_signed_with_another_key_is_refused(client, issuer, police):
    issuer.sign_with = RSAKey.generate_key(2048, parameters={"kid": "sleutel-1"})
    _refused(_sign_in(client, issuer, police, {"amr": ["mfa"]}), "ongeldig")


def test_a_token_without_expiry_is_refused(client, issuer, police):
    issuer.remove_claims = ("exp",)
    _refused(_sign_in(client, issuer, police, {"amr": ["mfa"]}), "ongeldig")


def test_unknown_user_is_refused_and_no_account_is_created(client, issuer, police):
    users = User.objects.count()
    response = _sign_in(client, issuer, police, {"amr": ["mfa"], "email": "onbekend@politie.example"})
    assert response.status_code == 403
    assert "U bent (nog) niet bekend in Groepsaanpak" in response.content.decode()
    assert User.objects.count() == users and not ExternalIdentity.objects.exists()
    assert "onbekende gebruiker" in _events("login.failure")[-1].detail


def test_a_user_of_another_organisation_with_that_email_is_not_linked(client, issuer, police):
    police.regisseur.email = "regisseur@gemeente.example"
    police.regisseur.save(update_fields=["email"])
    response = _sign_in(client, issuer, police, {"amr": ["mfa"], "email": "regisseur@gemeente.example"})
    assert response.status_code == 403 and not ExternalIdentity.objects.exists()


def test_an_inactive_user_is_refused(client, issuer, police):
    User.objects.filter(pk=police.wijkagent.pk).update(is_active=False)
    response = _sign_in(client, issuer, police, {"amr": ["mfa"]})
    assert response.status_code == 403 and "niet actief" in response.content.decode()


def test_an_organisation_claim_must_match_when_configured(client, issuer, police):
    police.provider.organisation_claim = "org"
    police.provider.organisation_value = "eenheid-oost"
    police.provider.save()
    assert _sign_in(client, issuer, police, {"amr": ["mfa"], "org": "eenheid-west"}).status_code == 403
    assert _sign_in(client, issuer, police, {"amr": ["mfa"], "org": ["eenheid-oost"]}).url == "/"


# --- local accounts ----------------------------------------------------------------------------


def test_a_user_of_an_organisation_with_a_provider_cannot_sign_in_locally(client, police):
    response = client.post("/inloggen/", {"username": "wijkagent", "password": PASSWORD})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Uw organisatie meldt aan via Politie-ID" in html
    assert f"/inloggen/oidc/{police.orgs[OrganisationKind.POLITIE].pk}/" in html  # the button
    assert "mfa_pending_user" not in client.session
    assert _events("login.local_refused")[-1].user_id == police.wijkagent.pk


def test_the_beheerder_can_allow_a_local_login(client, police):
    police.provider.allow_local_login = True
    police.provider.save()
    response = client.post("/inloggen/", {"username": "wijkagent", "password": PASSWORD})
    assert response.status_code == 302 and response.url in ("/inloggen/code/", "/inloggen/tweede-factor/")


def test_organisations_without_a_provider_keep_their_local_accounts(client, police, verified_client):
    assert verified_client(police.regisseur).get(HOME).status_code == 200


def test_a_wrong_password_says_nothing_about_the_provider(client, police):
    response = client.post("/inloggen/", {"username": "wijkagent", "password": "fout"})
    assert "Politie-ID inlogt" not in response.content.decode()
    assert "Gebruikersnaam of wachtwoord is onjuist" in response.content.decode()


def test_no_provider_no_start(client, world):
    assert client.get(f"/inloggen/oidc/{world.orgs[OrganisationKind.ZORG].pk}/").status_code == 404


def test_a_disabled_provider_does_not_start(client, police):
    police.provider.enabled = False
    police.provider.save()
    assert client.get(f"/inloggen/oidc/{police.orgs[OrganisationKind.POLITIE].pk}/").status_code == 404


def test_an_unreachable_provider_is_a_clear_refusal(client, issuer, police):
    issuer.stop()
    response = client.get(f"/inloggen/oidc/{police.orgs[OrganisationKind.POLITIE].pk}/")
    assert response.status_code == 403
    assert "Inloggen via uw organisatie is niet gelukt" in response.content.decode()
    assert "discovery" in _events("login.failure")[-1].detail


def test_a_discovery_document_naming_another_issuer_is_refused(client, issuer, police, monkeypatch):
    monkeypatch.setattr(issuer, "discovery", lambda: {"issuer": "https://elders.example"})
    response = client.get(f"/inloggen/oidc/{police.orgs[OrganisationKind.POLITIE].pk}/")
    assert response.status_code == 403 and "andere issuer" in _events("login.failure")[-1].detail
