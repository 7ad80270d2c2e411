"""Changing one's own password: the current password and the authenticator code are asked;
the password rules hold; other sessions end, this one stays; nothing changes on an error."""

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LoginFailure
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
OLD = "test-Wachtwoord-2026"
NEW = "een-Nieuw-wachtwoord-77"


def _code(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the login used this 30 s window
    return f"{totp(device.bin_key):06d}"


def _post(client, user, **overrides):
    data = {"current_password": OLD, "new_password": NEW, "new_password_again": NEW, "token": _code(user)}
    data.update(overrides)
    return client.post("/profiel/wachtwoord/", data)


def test_password_change_keeps_this_session_and_ends_the_others(verified_client):
    user = UserFactory()
    other = Client()
    # a second session of the same user, on another device
    device = TOTPDevice.objects.create(user=user, confirmed=True, name="test")
    other.post("/inloggen/", {"username": user.username, "password": OLD})
    assert other.post("/inloggen/code/", {"token": f"{totp(device.bin_key):06d}"}).status_code == 302
    client = verified_client(user)
    response = _post(client, user)
    assert response.status_code == 302 and response["Location"] == "/profiel/"
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get("/profiel/").status_code == 200  # still logged in here
    assert other.get("/profiel/").status_code == 302  # logged out there


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"current_password": "fout-wachtwoord-123"}, "Het huidige wachtwoord klopt niet."),
        ({"token": "000000"}, "Deze code klopt niet of is verlopen."),
        ({"new_password_again": NEW + "x"}, "De twee nieuwe wachtwoorden zijn niet gelijk."),
        ({"new_password": "kort", "new_password_again": "kort"}, "te kort"),
    ],
    ids=["wrong-current", "wrong-code", "mismatch", "too-short"],
)
def test_refused_change_shows_the_reason_and_changes_nothing(verified_client, overrides, field_error):
    user = UserFactory()
    client = verified_client(user)
    response = _post(client, user, **overrides)
    assert response.status_code == 200
    assert field_error in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(OLD)


def test_wrong_current_password_counts_towards_the_lockout(verified_client, settings):
    user = UserFactory()
    client = verified_client(user)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _post(client, user, current_password="fout-wachtwoord-123")
    assert LoginFailure.objects.filter(username=user.username).count() == settings.LOGIN_MAX_FAILURES
    response = _post(client, user)  # now even the right password is refused
    assert "Te veel mislukte pogingen" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(OLD)


def test_anonymous_is_sent_to_login(client):
    response = client.get("/profiel/wachtwoord/")
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
