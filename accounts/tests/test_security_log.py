"""Every interactive security event of accounts lands in the security log (issue 14), with
the account, the client address and the user agent; failed logins are kept."""

import time

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LoginFailure
from privacy import chain, security
from privacy.models import SecurityEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
AGENT = {"HTTP_USER_AGENT": "Testbrowser/1.0", "REMOTE_ADDR": "198.51.100.4"}


def _kinds():
    return list(SecurityEvent.objects.order_by("sequence").values_list("kind", flat=True))


def _login(client, user, device):
    client.post("/inloggen/", {"username": user.username, "password": PASSWORD}, **AGENT)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return client.post("/inloggen/code/", {"token": f"{totp(device.bin_key):06d}"}, **AGENT)


def test_login_success_with_address_and_user_agent(client):
    user = UserFactory()
    device = TOTPDevice.objects.create(user=user, confirmed=True, name="app")
    assert _login(client, user, device).status_code == 302
    event = SecurityEvent.objects.get(kind="login.success")
    assert (event.user_id, event.username, event.ip_address, event.user_agent) == (
        user.pk, user.username, "198.51.100.4", "Testbrowser/1.0",
    )  # fmt: skip
    assert chain.verify(security.STREAM).problems == []


def test_login_failure_for_an_unknown_and_a_known_account(client):
    user = UserFactory()
    client.post("/inloggen/", {"username": user.username, "password": "fout"}, **AGENT)
    client.post("/inloggen/", {"username": "niemand", "password": "fout"}, **AGENT)
    events = list(SecurityEvent.objects.filter(kind="login.failure").values_list("user_id", "username"))
    assert events == [(user.pk, user.username), (None, "niemand")]


def test_lockout_is_logged_once_the_limit_is_reached(client):
    user = UserFactory()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post("/inloggen/", {"username": user.username, "password": "fout"}, **AGENT)
    assert _kinds() == ["login.failure"] * settings.LOGIN_MAX_FAILURES + ["login.locked"]


def test_wrong_mfa_code_is_logged(client):
    user = UserFactory()
    TOTPDevice.objects.create(user=user, confirmed=True, name="app")
    client.post("/inloggen/", {"username": user.username, "password": PASSWORD}, **AGENT)
    client.post("/inloggen/code/", {"token": "000000"}, **AGENT)
    assert SecurityEvent.objects.filter(kind="mfa.failure", user_id=user.pk).count() == 1


def test_mfa_enrolment_is_logged(client):
    user = UserFactory()
    client.post("/inloggen/", {"username": user.username, "password": PASSWORD}, **AGENT)
    client.get("/inloggen/tweede-factor/")
    device = TOTPDevice.objects.get(user=user)
    client.post("/inloggen/tweede-factor/", {"token": f"{totp(device.bin_key):06d}"}, **AGENT)
    assert "mfa.enrolled" in _kinds() and "login.success" in _kinds()


def test_logout_is_logged(client):
    user = UserFactory()
    device = TOTPDevice.objects.create(user=user, confirmed=True, name="app")
    _login(client, user, device)
    client.post("/uitloggen/", **AGENT)
    assert _kinds()[-1] == "logout"


def test_session_expiry_is_logged(client):
    user = UserFactory()
    device = TOTPDevice.objects.create(user=user, confirmed=True, name="app")
    _login(client, user, device)
    session = client.session
    session["login_at"] = time.time() - settings.SESSION_ABSOLUTE_LIFETIME - 1
    session.save()
    client.get("/", **AGENT)
    assert _kinds()[-1] == "session.expired"


def test_failed_logins_are_kept_after_a_successful_login(client):
    user = UserFactory()
    device = TOTPDevice.objects.create(user=user, confirmed=True, name="app")
    client.post("/inloggen/", {"username": user.username, "password": "fout"}, **AGENT)
    _login(client, user, device)
    failure = LoginFailure.objects.get(username=user.username)
    assert failure.cleared_at is not None  # no longer counts towards the lockout, but kept
