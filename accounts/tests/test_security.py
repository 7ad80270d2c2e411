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
        and not k.startswith("LOG_CHAIN_")
        and k != "LOG_CHECKPOINT_DIR"
    }
    env.update(env_extra)
    # A generous limit: it only stops a hung command. collectstatic compresses every npm asset
    # and took over 120 s on a loaded 2-core CI machine.
    return subprocess.run(
        [sys.executable, "manage.py", *args], env=env, capture_output=True, text=True, timeout=900
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _run_with_env(
        {
            "GROEPSAANPAK_ENV": "production",
            "SECRET_KEY": "x" * 20 + "-production-secret-key-with-enough-entropy-9f8e7d",
            "ALLOWED_HOSTS": "groepsaanpak.example.nl",
            "EMAIL_HOST": "smtp.example.nl",
            "LOG_CHAIN_KEY": "k" * 40,
            "LOG_CHECKPOINT_DIR": "/nonexistent/ga-checkpoints",
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


@pytest.mark.parametrize("value", ["prod", "Production", "PRODUCTION", "staging", " production"])
def test_unknown_environment_stops_the_start(value):
    result = _run_with_env({"GROEPSAANPAK_ENV": value, "SECRET_KEY": "z" * 60}, "check")
    assert result.returncode != 0
    assert "GROEPSAANPAK_ENV" in result.stderr and "development, test, production" in result.stderr


@pytest.mark.parametrize(
    "secret", ["dev-only-insecure-key-not-for-production-0123456789abcdefghijklmnop", "short-secret"]
)
def test_production_refuses_the_development_or_a_short_secret_key(secret):
    env = {
        "GROEPSAANPAK_ENV": "production",
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": "a.nl",
        "EMAIL_HOST": "smtp.a.nl",
    }
    result = _run_with_env(env, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


PRODUCTION_BASE = {
    "GROEPSAANPAK_ENV": "production",
    "SECRET_KEY": "s" * 60,
    "ALLOWED_HOSTS": "a.nl",
    "EMAIL_HOST": "smtp.a.nl",
    "LOG_CHECKPOINT_DIR": "/nonexistent/ga-checkpoints",
}


def test_production_without_a_log_chain_key_fails_hard():
    result = _run_with_env(PRODUCTION_BASE, "check")
    assert result.returncode != 0
    assert "LOG_CHAIN_KEY of LOG_CHAIN_KEY_FILE is verplicht in productie" in result.stderr


@pytest.mark.parametrize("key", ["dev-only-log-chain-key-not-for-production-0123456789", "te-kort"])
def test_production_refuses_the_development_or_a_short_log_chain_key(key):
    result = _run_with_env({**PRODUCTION_BASE, "LOG_CHAIN_KEY": key}, "check")
    assert result.returncode != 0
    assert "LOG_CHAIN_KEY moet in productie een eigen geheime waarde" in result.stderr


def test_production_reads_the_log_chain_key_from_a_file(tmp_path):
    (tmp_path / "key").write_text("f" * 40 + "\n")
    result = _run_with_env({**PRODUCTION_BASE, "LOG_CHAIN_KEY_FILE": str(tmp_path / "key")}, "check")
    assert result.returncode == 0, result.stderr
    missing = _run_with_env({**PRODUCTION_BASE, "LOG_CHAIN_KEY_FILE": str(tmp_path / "nope")}, "check")
    assert missing.returncode != 0 and "LOG_CHAIN_KEY_FILE" in missing.stderr


def test_production_collectstatic_builds_the_manifest(tmp_path):
    """The README's production start: collectstatic with the manifest storage must not stop
    on a CSS reference to a file a front-end package does not ship."""
    env = {
        "GROEPSAANPAK_ENV": "production",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "a.nl",
        "EMAIL_HOST": "smtp.a.nl",
        "STATIC_ROOT": str(tmp_path),
        "LOG_CHAIN_KEY": "k" * 40,
        "LOG_CHECKPOINT_DIR": str(tmp_path / "checkpoints"),
    }
    result = _run_with_env(env, "collectstatic", "--noinput", "-v0")
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/utrecht-tokens/index.css" in manifest and "css/app.css" in manifest


def test_no_template_carries_inline_styles():
    """The CSP allows styles only from 'self': an inline <style> or style="" would be dropped
    (print styles included), so they live in static/css/app.css."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("*/templates/**/*.html")
        if "<style" in path.read_text() or 'style="' in path.read_text()
    ] + [
        str(p.relative_to(root)) for p in (root / "templates").glob("**/*.html") if "<style" in p.read_text()
    ]
    assert offenders == []
