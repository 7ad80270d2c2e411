"""Sign-in through an organisation's identity provider is configured by the beheerder as a
four-eyes change (issue 21, ADR 0017): nothing applies until a second person approves; the
client secret is never shown; the settings are checked; and a sign-in after approval works
end to end against the issuer on loopback."""

import pytest
import requests

from accounts.models import IdentityProvider, MfaPolicy, OrganisationKind, Role
from accounts.services import apply_identity_provider
from accounts.tests.oidc_issuer import CLIENT_ID, CLIENT_SECRET, Issuer
from privacy import changes
from privacy.access import AccessDenied
from privacy.models import ChangeKind, ChangeStatus, SecurityEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/privacy/wijzigingen/organisatie/{}/inloggen/"


@pytest.fixture
def issuer():
    issuer = Issuer()
    yield issuer
    issuer.stop()


def _form(issuer_url, **extra):
    return {
        "name": "Politie-ID",
        "issuer": issuer_url,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "scopes": "openid email",
        "match_claim": "email",
        "match_field": "email",
        "mfa_policy": MfaPolicy.PROVIDER_OR_LOCAL,
        "mfa_amr": "mfa",
        "enabled": "on",
        "reason": "De politie meldt aan via haar eigen inlogvoorziening",
        **extra,
    }


def test_the_request_applies_only_after_a_second_person_approves(world, issuer, verified_client, client):
    police = world.orgs[OrganisationKind.POLITIE]
    page = verified_client(world.beheer)
    assert page.get(URL.format(police.pk)).status_code == 200
    response = page.post(URL.format(police.pk), _form(issuer.url))
    assert response.status_code == 302
    change = changes.visible_to(world.beheer).get()
    assert change.kind == ChangeKind.IDENTITY_PROVIDER and change.status == ChangeStatus.PENDING
    assert not IdentityProvider.objects.exists()  # nothing yet
    listing = page.get("/privacy/wijzigingen/").content.decode()
    assert "Politie-ID" in listing and "nieuw (niet getoond)" in listing
    assert CLIENT_SECRET not in listing
    assert not SecurityEvent.objects.filter(detail__contains=CLIENT_SECRET).exists()
    with pytest.raises(AccessDenied):
        changes.approve(change, actor=world.beheer, reason="zelf")  # no self-approval
    changes.approve(change, actor=world.privacy, reason="Afgestemd met de politie")
    provider = IdentityProvider.objects.get(organisation=police)
    assert (provider.issuer, provider.client_id, provider.client_secret) == (
        issuer.url,
        CLIENT_ID,
        CLIENT_SECRET,
    )
    assert not provider.allow_local_login
    event = SecurityEvent.objects.filter(kind="identity_provider.changed").get()
    assert (
        "client_secret" in event.detail
        and CLIENT_SECRET not in event.detail
        and event.actor_id == world.privacy.pk
    )

    # and the police's wijkagent can now sign in through it
    world.wijkagent.email = "wijkagent@politie.example"
    world.wijkagent.save(update_fields=["email"])
    issuer.next_claims = {"sub": "s-1", "email": "wijkagent@politie.example", "amr": ["mfa"]}
    client.post("/uitloggen/")  # the same test client as the beheerder's
    start = client.get(f"/inloggen/oidc/{police.pk}/")
    answer = requests.get(start.url, allow_redirects=False, timeout=5)
    done = client.get(answer.headers["Location"].removeprefix("http://testserver"))
    assert done.status_code == 302 and client.get("/").status_code == 200


def test_an_empty_secret_keeps_the_current_one(world, issuer):
    police = world.orgs[OrganisationKind.POLITIE]
    apply_identity_provider(
        police, **{k: v for k, v in _form(issuer.url).items() if k not in ("reason", "enabled")}
    )
    values = {
        k: v for k, v in _form(issuer.url, client_secret="", allow_local_login=True).items() if k != "reason"
    }
    values["enabled"] = True
    change = changes.request_identity_provider(police, actor=world.beheer, reason="lokaal ook", **values)
    assert set(change.changes) == {"allow_local_login"}
    changes.approve(change, actor=world.privacy, reason="ok")
    provider = IdentityProvider.objects.get()
    assert provider.allow_local_login and provider.client_secret == CLIENT_SECRET


def test_a_stale_request_is_not_applied(world, issuer):
    police = world.orgs[OrganisationKind.POLITIE]
    values = {k: v for k, v in _form(issuer.url).items() if k != "reason"} | {"enabled": True}
    change = changes.request_identity_provider(police, actor=world.beheer, reason="eerste", **values)
    apply_identity_provider(police, **(values | {"client_id": "iets-anders"}))
    with pytest.raises(changes.ChangeError):
        changes.approve(change, actor=world.privacy, reason="te laat")
    assert IdentityProvider.objects.get().client_id == "iets-anders"


@pytest.mark.parametrize(
    ("field", "value", "error_field"),
    [
        ("issuer", "http://login.politie.example", "issuer"),  # no TLS outside loopback
        ("scopes", "email profile", "scopes"),
        ("mfa_amr", "", "mfa_amr"),  # required MFA without the values that prove it
        ("organisation_claim", "org", "organisation_value"),
    ],
)
def test_the_settings_are_checked(world, issuer, verified_client, field, value, error_field):
    police = world.orgs[OrganisationKind.POLITIE]
    data = _form(issuer.url, mfa_policy=MfaPolicy.PROVIDER_REQUIRED, **{field: value})
    response = verified_client(world.beheer).post(URL.format(police.pk), data)
    assert response.status_code == 400
    assert response.context["form"].errors.get(error_field)
    assert not changes.visible_to(world.beheer).exists()


@pytest.mark.parametrize("persona", ["regisseur", "privacy", "wijkagent", "outsider"])
def test_only_a_beheerder_asks(world, verified_client, persona):
    police = world.orgs[OrganisationKind.POLITIE]
    assert verified_client(getattr(world, persona)).get(URL.format(police.pk)).status_code == 404


def test_a_beheerder_of_the_police_cannot_approve_a_request_for_the_police_alone(world, issuer):
    """The second person is another beheerder or the privacy officer — never the requester."""
    police = world.orgs[OrganisationKind.POLITIE]
    values = {k: v for k, v in _form(issuer.url).items() if k != "reason"} | {"enabled": True}
    change = changes.request_identity_provider(police, actor=world.beheer, reason="x", **values)
    second = UserFactory(
        username="beheer2", organisation=world.orgs[OrganisationKind.GEMEENTE], role=Role.BEHEERDER
    )
    changes.approve(change, actor=second, reason="akkoord")
    assert IdentityProvider.objects.filter(organisation=police).exists()
