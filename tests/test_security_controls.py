"""Security controls that docs/security.md points at and no other test states on its own:
output encoding of user text, the headers on every kind of response, and the cookie flags
in development and in production."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from accounts.tests.test_security import PRODUCTION_BASE, _run_with_env
from api.services import create_token
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_user_text_is_escaped_on_pages_and_plain_in_the_api(world, verified_client):
    group = GroupFactory(municipality=world.municipality, name=f"Groep {MARKUP}")
    html = verified_client(world.regisseur).get(f"/groepen/{group.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert MARKUP not in html
    _token, key = create_token(world.regisseur, name="x")
    body = APIClient().get(f"/api/v1/groups/{group.pk}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert body["Content-Type"] == "application/json" and body.json()["name"] == f"Groep {MARKUP}"


@pytest.mark.parametrize("path", ["/inloggen/", "/bestaat-niet/", "/api/v1/me", "/health/"])
def test_every_kind_of_response_carries_the_browser_protections(client, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp and "unsafe-inline" not in csp


def test_the_session_cookie_is_httponly_and_samesite(world, verified_client):
    client = verified_client(world.regisseur)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_production_cookies_are_secure_and_host_prefixed():
    result = _run_with_env(
        {**PRODUCTION_BASE, "LOG_CHAIN_KEY": "k" * 40},
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "True",
        "31536000",
    ]


def test_a_totp_code_works_once(world, client):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=world.wijkagent, confirmed=True, name="app")
    code = f"{totp(device.bin_key):06d}"
    client.post("/inloggen/", {"username": "wijkagent", "password": "test-Wachtwoord-2026"})
    assert client.post("/inloggen/code/", {"token": code}).status_code == 302
    client.post("/uitloggen/")
    client.post("/inloggen/", {"username": "wijkagent", "password": "test-Wachtwoord-2026"})
    again = client.post("/inloggen/code/", {"token": code})
    assert again.status_code == 200  # the form again, with the error: the same code is spent
    assert client.get("/").status_code == 302


def test_uploaded_files_are_not_served_from_their_folder(world, verified_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "requests" / "2026").mkdir(parents=True)
    (tmp_path / "requests" / "2026" / "x.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    client = verified_client(world.regisseur)
    assert not settings.MEDIA_URL or settings.MEDIA_URL == "/"
    for path in ("/media/requests/2026/x.pdf", "/requests/2026/x.pdf"):
        assert client.get(path).status_code == 404
