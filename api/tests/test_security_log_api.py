"""The API's security events (issue 14): token created, used (once per token per clock
hour), revoked — by its user, in the admin, by a deactivation that no reactivation undoes —
and access denied to an object that exists outside the caller's visibility."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import apply_user_access, deactivate_user
from api.models import ApiToken
from api.services import create_token
from privacy import chain, security
from privacy.models import SecurityEvent
from tests.factories import SignalFactory

pytestmark = pytest.mark.django_db


def _bearer(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_USER_AGENT="Koppeling/2.0")
    return client


def _events(kind):
    return list(SecurityEvent.objects.filter(kind=kind).order_by("sequence"))


def test_token_created_on_the_profile_page_is_logged_with_address_and_agent(world, verified_client):
    client = verified_client(world.wijkagent)
    client.post(
        "/api/v1/profiel/tokens/",
        {"name": "politiesysteem", "days": 30},
        HTTP_USER_AGENT="Testbrowser/1.0",
        REMOTE_ADDR="198.51.100.7",
    )
    token = ApiToken.objects.get(user=world.wijkagent)
    [event] = _events("token.created")
    assert (event.user_id, event.target, event.ip_address, event.user_agent) == (
        world.wijkagent.pk, f"api-token:{token.pk}", "198.51.100.7", "Testbrowser/1.0",
    )  # fmt: skip
    assert token.prefix in event.detail and "politiesysteem" in event.detail


def test_token_revoked_by_its_user_is_logged_once(world, verified_client):
    token, _key = create_token(world.wijkagent, name="x")
    client = verified_client(world.wijkagent)
    for _ in range(2):  # revoking again changes nothing and logs nothing
        client.post("/api/v1/profiel/tokens/", {"action": "revoke", "token": token.pk})
    [event] = _events("token.revoked")
    assert (event.user_id, event.actor_id, event.target) == (
        world.wijkagent.pk,
        None,
        f"api-token:{token.pk}",
    )


def test_token_revoked_in_the_admin_names_the_beheerder(world, client, settings):
    settings.DEMO_MODE = True  # second factor optional, so force_login suffices here
    token, _key = create_token(world.wijkagent, name="x")
    admin = User.objects.create_superuser("root", "root@example.nl", "x-Wachtwoord-2026!")
    client.force_login(admin)
    client.post("/beheer/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    [event] = _events("token.revoked")
    assert (event.user_id, event.actor_id, event.actor_username) == (world.wijkagent.pk, admin.pk, "root")


def test_token_use_is_logged_once_per_token_per_clock_hour(world):
    token, key = create_token(world.wijkagent, name="koppeling")
    client = _bearer(key)
    late = timezone.now().replace(minute=59, second=0, microsecond=0)
    moments = [
        late,  # first use ever: logged
        late + timedelta(seconds=20),  # same hour: not logged
        late + timedelta(minutes=2),  # the next hour (xx:01): logged
        late + timedelta(minutes=5),  # same hour, last_used_at moves on: not logged
    ]
    for moment in moments:
        with mock.patch("django.utils.timezone.now", return_value=moment):
            assert client.get("/api/v1/me").status_code == 200
    events = _events("token.used")
    assert [(e.user_id, e.target, e.user_agent) for e in events] == [
        (world.wijkagent.pk, f"api-token:{token.pk}", "Koppeling/2.0")
    ] * 2
    assert ApiToken.objects.get(pk=token.pk).last_used_at == moments[-1]


def test_deactivation_revokes_every_token_for_good(world):
    live, key = create_token(world.wijkagent, name="live")
    other, other_key = create_token(world.regisseur, name="other")
    deactivate_user(world.wijkagent, actor=world.beheer)
    assert ApiToken.objects.get(pk=live.pk).revoked_at is not None
    assert ApiToken.objects.get(pk=other.pk).revoked_at is None
    [event] = _events("token.revoked")
    assert (event.target, event.actor_id) == (f"api-token:{live.pk}", world.beheer.pk)
    apply_user_access(User.objects.get(pk=world.wijkagent.pk), is_active=True, actor=world.privacy)
    assert _bearer(key).get("/api/v1/me").status_code == 401  # reactivation brings none back
    assert _bearer(other_key).get("/api/v1/me").status_code == 200


def test_bulk_deactivation_revokes_tokens_too(world):
    a, key_a = create_token(world.wijkagent, name="a")
    b, key_b = create_token(world.boa, name="b")
    User.objects.filter(pk__in=[world.wijkagent.pk, world.boa.pk]).update(is_active=False)
    assert set(ApiToken.objects.filter(revoked_at__isnull=False).values_list("pk", flat=True)) == {a.pk, b.pk}
    User.objects.filter(pk__in=[world.wijkagent.pk, world.boa.pk]).update(is_active=True)
    assert [_bearer(k).get("/api/v1/me").status_code for k in (key_a, key_b)] == [401, 401]


def test_api_access_to_an_existing_invisible_case_is_logged_once_a_minute(story, api):
    client = api(story.outsider)
    for _ in range(3):
        assert client.get(f"/api/v1/cases/{story.case.pk}").status_code == 404
    [event] = _events("access.denied")
    assert (event.user_id, event.target) == (story.outsider.pk, f"cases.case:{story.case.pk}")
    assert chain.verify(security.STREAM).problems == []


def test_api_404_for_an_object_that_does_not_exist_is_not_logged(story, api):
    assert api(story.outsider).get("/api/v1/cases/999999").status_code == 404
    assert api(story.outsider).get("/api/v1/persons/999999").status_code == 404
    assert not SecurityEvent.objects.filter(kind="access.denied").exists()


def test_api_object_outside_the_callers_view_is_logged_with_its_model(story, api):
    person = story.person
    assert api(story.outsider).get(f"/api/v1/persons/{person.pk}").status_code == 404
    [event] = _events("access.denied")
    assert event.target == f"groups.person:{person.pk}"


def test_api_object_view_outside_the_callers_view_is_logged_with_its_model(story, api):
    signal = SignalFactory(reported_by=story.wijkagent)
    assert api(story.outsider).get(f"/api/v1/signals/{signal.pk}").status_code == 404
    [event] = _events("access.denied")
    assert event.target == f"intake.signal:{signal.pk}"


def test_a_403_on_a_visible_case_is_logged_with_its_reason(story, api):
    response = api(story.wijkagent).post(
        f"/api/v1/cases/{story.case.pk}/transitions", {"to_step": 3, "reason": "door"}, format="json"
    )
    assert response.status_code == 403
    [event] = _events("access.denied")
    assert (event.user_id, event.target) == (story.wijkagent.pk, f"cases.case:{story.case.pk}")
    assert "procesregisseur" in event.detail


def test_what_the_caller_may_do_leaves_no_denial(story, api):
    assert api(story.regisseur).get(f"/api/v1/cases/{story.case.pk}").status_code == 200
    assert not SecurityEvent.objects.filter(kind="access.denied").exists()
