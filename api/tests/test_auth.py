"""Bearer tokens: one user's rights, hashed at rest, revocable, expiring; 401 at once."""

import io
import logging
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services import deactivate_user
from api.models import ApiToken, hash_key
from api.services import create_token, revoke_token

pytestmark = pytest.mark.django_db


def _bearer(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_no_token_is_401_with_bearer_challenge(world):
    response = APIClient().get("/api/v1/cases")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "header", ["Bearer nonsense", "Bearer", "Bearer a b", "Basic dXNlcjpwYXNz", "Bearer ga_\u00e9"]
)
def test_bad_token_is_401(world, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get("/api/v1/cases").status_code == 401


def test_token_is_stored_hashed_and_works(world):
    token, key = create_token(world.wijkagent, name="politiesysteem")
    assert key.startswith("ga_") and len(key) > 40
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    assert token.prefix == key[:10]
    assert token.expires_at - timezone.now() > timedelta(days=89)
    response = _bearer(key).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "wijkagent"


def test_revoked_token_is_401_at_once(world):
    token, key = create_token(world.wijkagent, name="x")
    client = _bearer(key)
    assert client.get("/api/v1/me").status_code == 200
    revoke_token(token, actor=world.wijkagent)
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["detail"] == "Dit token is ingetrokken."


def test_expired_token_is_401(world):
    token, key = create_token(world.wijkagent, name="x")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _bearer(key).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["detail"] == "Dit token is verlopen."


def test_token_of_deactivated_user_is_401_at_once(world):
    _token, key = create_token(world.jongerenwerker, name="x")
    client = _bearer(key)
    assert client.get("/api/v1/signals").status_code == 200
    deactivate_user(world.jongerenwerker)
    assert client.get("/api/v1/signals").status_code == 401


def test_token_use_is_logged_like_a_login_and_kept(world, caplog):
    token, key = create_token(world.wijkagent, name="x")
    with caplog.at_level(logging.INFO, logger="groepsaanpak.auth"):
        _bearer(key).get("/api/v1/me")
        _bearer("ga_wrong").get("/api/v1/me")
    token.refresh_from_db()
    assert token.last_used_at is not None
    messages = [r.getMessage() for r in caplog.records if r.name == "groepsaanpak.auth"]
    assert any("api.token.used user=wijkagent" in m for m in messages)
    assert any("api.token.refused" in m for m in messages)
    assert not any(key in m for m in messages)  # never the secret itself


def test_a_session_does_not_authenticate_the_api(world, verified_client):
    client = verified_client(world.regisseur)
    assert client.get("/api/v1/cases").status_code == 401


def test_token_auth_needs_no_csrf_token(world):
    _token, key = create_token(world.regisseur, name="x")
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = client.post("/api/v1/privacy/scan", {"text": "Op het plein"}, format="json")
    assert response.status_code == 200


def test_create_api_token_command_prints_the_token_alone(world):
    out = io.StringIO()
    call_command("create_api_token", "wijkagent", stdout=out)
    key = out.getvalue().strip()
    assert out.getvalue() == key + "\n"
    assert ApiToken.objects.filter(user=world.wijkagent, key_hash=hash_key(key)).exists()
    assert _bearer(key).get("/api/v1/me").json()["username"] == "wijkagent"


def test_create_api_token_command_refuses_unknown_and_inactive_users(world):
    with pytest.raises(CommandError):
        call_command("create_api_token", "niemand", stdout=io.StringIO())
    deactivate_user(world.boa)
    with pytest.raises(CommandError):
        call_command("create_api_token", "boa", stdout=io.StringIO())


def test_profile_page_creates_a_token_shown_once_and_revokes_it(world, verified_client):
    client = verified_client(world.wijkagent)
    profile = client.get("/profiel/").content.decode()
    assert "API-tokens" in profile
    response = client.post(
        "/api/v1/profiel/tokens/", {"action": "create", "name": "politiesysteem", "days": 30}
    )
    assert response.status_code == 200
    html = response.content.decode()
    token = ApiToken.objects.get(user=world.wijkagent)
    key = re.search(r'<code id="api-token">([^<]+)</code>', html).group(1)
    assert hash_key(key) == token.key_hash
    assert _bearer(key).get("/api/v1/me").status_code == 200
    profile = client.get("/profiel/").content.decode()
    assert token.prefix in profile and key not in profile  # shown once, never again
    client.post("/api/v1/profiel/tokens/", {"action": "revoke", "token": token.pk})
    assert _bearer(key).get("/api/v1/me").status_code == 401


def test_profile_tokens_need_a_csrf_token_and_a_login(world, verified_client):
    assert APIClient().post("/api/v1/profiel/tokens/", {"action": "create", "name": "x"}).status_code == 302
    client = verified_client(world.wijkagent)
    client.handler.enforce_csrf_checks = True
    response = client.post("/api/v1/profiel/tokens/", {"action": "create", "name": "x", "days": 30})
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_a_user_cannot_revoke_someone_elses_token(world, verified_client):
    other, key = create_token(world.regisseur, name="x")
    client = verified_client(world.wijkagent)
    assert client.post("/api/v1/profiel/tokens/", {"action": "revoke", "token": other.pk}).status_code == 404
    assert _bearer(key).get("/api/v1/me").status_code == 200


def test_rate_limit_is_429(world, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": "3/min"}}
    _token, key = create_token(world.wijkagent, name="x")
    client = _bearer(key)
    codes = [client.get("/api/v1/me").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/me")
    assert response.json()["code"] == "throttled" and "Retry-After" in response


def test_schema_and_docs_are_public_and_docs_need_no_javascript(db, client):
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    document = schema.json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/cases/{id}/transitions" in document["paths"]
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    docs = client.get("/api/v1/docs/")
    html = docs.content.decode()
    assert docs.status_code == 200
    assert "POST /api/v1/cases/{id}/transitions" in html
    assert "<script>" not in html and "cdn" not in html.lower()


def test_in_production_schema_and_docs_need_a_token_or_a_signed_in_user(
    world, client, settings, verified_client
):
    settings.API_DOCS_PUBLIC = False  # the production default (GROEPSAANPAK_ENV=production)
    assert client.get("/api/v1/schema/?format=json").status_code == 401
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/inloggen/")
    assert _bearer("niet-een-token").get("/api/v1/schema/?format=json").status_code == 401
    _token, key = create_token(world.wijkagent, name="x")
    assert _bearer(key).get("/api/v1/schema/?format=json").json()["openapi"].startswith("3.")
    signed_in = verified_client(world.wijkagent)
    assert signed_in.get("/api/v1/schema/?format=json").status_code == 200
    assert "POST /api/v1/cases/{id}/transitions" in signed_in.get("/api/v1/docs/").content.decode()


def test_beheerder_can_revoke_a_token_in_the_admin_but_not_see_or_add_keys(world, client, settings):
    settings.DEMO_MODE = True  # second factor optional, so force_login suffices here
    token, key = create_token(world.wijkagent, name="politiesysteem")
    admin = type(world.beheer).objects.create_superuser("root", "root@example.nl", "x-Wachtwoord-2026!")
    client.force_login(admin)
    page = client.get(f"/beheer/api/apitoken/{token.pk}/change/").content.decode()
    assert token.prefix in page and token.key_hash not in page
    assert client.get("/beheer/api/apitoken/add/").status_code == 403
    client.post("/beheer/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert _bearer(key).get("/api/v1/me").status_code == 401
