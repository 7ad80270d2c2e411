import os
import subprocess
import sys

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_security_headers_on_login_page(client):
    response = client.get("/inloggen/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"


def test_authenticated_pages_are_not_cached(verified_client):
    client = verified_client(UserFactory())
    response = client.get("/")
    assert response["Cache-Control"] == "no-store"


def test_csrf_is_enforced_on_post():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/inloggen/", {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_pages_have_no_inline_script(verified_client):
    client = verified_client(UserFactory())
    for url in ["/", "/inloggen/", "/profiel/"]:
        html = client.get(url).content.decode()
        for chunk in html.split("<script")[1:]:
            assert "src=" in chunk.split(">")[0], f"inline script on {url}"


def _run_with_env(env_extra, *args):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DEMO_MODE", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _run_with_env(
        {
            "GROEPSAANPAK_ENV": "production",
            "SECRET_KEY": "x" * 20 + "-production-secret-key-with-enough-entropy-9f8e7d",
            "ALLOWED_HOSTS": "groepsaanpak.example.nl",
            "EMAIL_HOST": "smtp.example.nl",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout


def test_production_without_secret_key_fails_hard():
    result = _run_with_env({"GROEPSAANPAK_ENV": "production"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_demo_mode():
    result = _run_with_env(
        {
            "GROEPSAANPAK_ENV": "production",
            "SECRET_KEY": "y" * 60,
            "ALLOWED_HOSTS": "a.nl",
            "EMAIL_HOST": "smtp.a.nl",
            "DEMO_MODE": "1",
        },
        "check",
    )
    assert result.returncode != 0
    assert "DEMO_MODE" in result.stderr
