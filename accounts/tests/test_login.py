import time

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LoginFailure
from accounts.services import deactivate_user
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _token(device):
    return f"{totp(device.bin_key):06d}"


def test_password_alone_does_not_log_in_when_user_has_a_device(client):
    user = UserFactory()
    TOTPDevice.objects.create(user=user, confirmed=True, name="app")
    response = client.post("/inloggen/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/inloggen/code/"
    assert client.get("/").status_code == 302  # home still redirects to login


def test_login_with_totp_reaches_home_and_rotates_session(client):
    user = UserFactory(first_name="Renske")
    device = TOTPDevice.objects.create(user=user, confirmed=True, name="app")
    client.get("/inloggen/")
    client.post("/inloggen/", {"username": user.username, "password": PASSWORD})
    before = client.session.session_key
    response = client.post("/inloggen/code/", {"token": _token(device)})
    assert response.status_code == 302
    assert client.session.session_key != before
    home = client.get("/")
    assert home.status_code == 200
    assert "Renske" in home.content.decode()


def test_wrong_totp_code_gives_dutch_field_error(client):
    user = UserFactory()
    TOTPDevice.objects.create(user=user, confirmed=True, name="app")
    client.post("/inloggen/", {"username": user.username, "password": PASSWORD})
    response = client.post("/inloggen/code/", {"token": "000000"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert (
        'aria-describedby="id_token_helptext id_token_error"' in response.content.decode()
        or "id_token_error" in response.content.decode()
    )


def test_user_without_device_must_set_up_totp_before_any_page(client):
    user = UserFactory()
    response = client.post("/inloggen/", {"username": user.username, "password": PASSWORD})
    assert response.url == "/inloggen/tweede-factor/"
    assert client.get("/").status_code == 302
    page = client.get("/inloggen/tweede-factor/")
    assert page.status_code == 200 and b"data:image/svg+xml" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/inloggen/tweede-factor/", {"token": _token(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


def test_unverified_session_is_logged_out_outside_demo_mode(client):
    user = UserFactory()
    client.force_login(user)  # a session without second factor (e.g. from another door)
    response = client.get("/")
    assert response.status_code == 302 and "/inloggen/" in response.url
    assert client.get("/").status_code == 302


@override_settings(DEMO_MODE=True)
def test_demo_mode_allows_password_only_and_shows_banner(client):
    user = UserFactory()
    response = client.post("/inloggen/", {"username": user.username, "password": PASSWORD})
    assert response.url == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert "Demonstratieomgeving" in page.content.decode()


def test_wrong_password_is_counted_and_locks_out(client, settings):
    user = UserFactory()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        response = client.post("/inloggen/", {"username": user.username, "password": "fout"})
        assert "onjuist" in response.content.decode()
    assert LoginFailure.objects.filter(username=user.username).count() == settings.LOGIN_MAX_FAILURES
    # Even the right password is refused while locked.
    response = client.post("/inloggen/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "tijdelijk geblokkeerd" in response.content.decode()


def test_deactivated_user_open_session_stops_working(verified_client):
    user = UserFactory()
    client = verified_client(user)
    assert client.get("/").status_code == 200
    deactivate_user(user)
    assert client.get("/").status_code == 302


def test_deactivation_in_admin_also_ends_sessions(verified_client):
    user = UserFactory()
    client = verified_client(user)
    user.is_active = False
    user.save()
    assert client.get("/").status_code == 302


def test_absolute_session_lifetime(verified_client, settings):
    user = UserFactory()
    client = verified_client(user)
    session = client.session
    session["login_at"] = time.time() - settings.SESSION_ABSOLUTE_LIFETIME - 1
    session.save()
    assert client.get("/").status_code == 302


def test_idle_timeout_is_30_minutes_and_renewed(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_logout_requires_post_and_ends_session(verified_client):
    client = verified_client(UserFactory())
    assert client.get("/uitloggen/").status_code == 405
    client.post("/uitloggen/")
    assert client.get("/").status_code == 302


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory()
    assert user.password.startswith("argon2")


def test_admin_login_goes_through_our_two_step_login(client):
    response = client.get("/beheer/login/")
    assert response.status_code == 302 and response.url.startswith("/inloggen/")


def test_access_fields_are_read_only_in_the_admin_for_everyone(rf):
    """Four eyes (privacy.changes): role, organisation, staff status and e-mail change only
    through an approved request — for a beheerder and a superuser alike, for any account."""
    from django.contrib.admin.sites import site

    from accounts.models import User

    beheer = UserFactory(role="beheerder", is_staff=True)
    superuser = UserFactory(role="beheerder", is_staff=True, is_superuser=True)
    for actor in (beheer, superuser):
        request = rf.get("/beheer/")
        request.user = actor
        for account in (actor, UserFactory()):
            readonly = set(site._registry[User].get_readonly_fields(request, account))
            assert {
                "role",
                "organisation",
                "is_staff",
                "is_superuser",
                "user_permissions",
                "email",
            } <= readonly
        assert "is_active" in site._registry[User].get_readonly_fields(request, actor)  # not oneself
