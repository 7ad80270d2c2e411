"""Every security event of issue 14 beyond the interactive login (accounts/tests/
test_security_log.py) and the API tokens (api/tests/test_security_log_api.py): four-eyes
requests and decisions with the changes they apply, de- and reactivation by every path
(with the sessions they end), unlocking, resetting the second factor, and access denied to
an existing object."""

from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LoginFailure, OrganisationKind, Role, User
from accounts.services import deactivate_user, is_locked_out
from privacy import chain, changes, security
from privacy.models import SecurityEvent
from tests.factories import PASSWORD, GroupFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()  # access.denied is rate-limited in the cache; user ids repeat between tests
    yield
    cache.clear()


@pytest.fixture
def admins(world):
    perms = Permission.objects.filter(content_type__app_label="accounts")
    world.beheer.user_permissions.set(perms)
    world.beheer2 = UserFactory(
        username="beheer2",
        organisation=world.orgs[OrganisationKind.GEMEENTE],
        role=Role.BEHEERDER,
        is_staff=True,
    )
    world.beheer2.user_permissions.set(perms)
    return world


def _login(user) -> Client:
    """A client of its own, logged in through password and second factor."""
    client = Client()
    device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"confirmed": True, "name": "app"})
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    client.post("/inloggen/", {"username": user.username, "password": PASSWORD})
    response = client.post("/inloggen/code/", {"token": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 302
    return client


def _events(kind):
    return list(SecurityEvent.objects.filter(kind=kind).order_by("sequence"))


def _is_logged_in(client) -> bool:
    return client.get("/profiel/").status_code == 200


# --- four eyes: request, decision, and the change applied ----------------------------------------


def test_request_and_approval_of_a_role_change_are_logged_with_the_change_itself(admins):
    subject = admins.jongerenwerker
    change = changes.request_user_access(
        subject,
        actor=admins.beheer,
        reason="Nieuwe regisseur",
        organisation=admins.orgs[OrganisationKind.GEMEENTE],
        role=Role.PROCESREGISSEUR,
    )
    changes.approve(change, actor=admins.beheer2, reason="Besluit")
    rows = SecurityEvent.objects.order_by("sequence").values_list("kind", "user_id", "actor_id", "target")
    target = f"privacy.changerequest:{change.pk}"
    assert list(rows) == [
        ("change.requested", subject.pk, admins.beheer.pk, target),
        ("user.role_changed", subject.pk, admins.beheer2.pk, ""),
        ("user.organisation_changed", subject.pk, admins.beheer2.pk, f"accounts.organisation:{admins.orgs['gemeente'].pk}"),
        ("change.approved", subject.pk, admins.beheer2.pk, target),
    ]  # fmt: skip
    role_event = SecurityEvent.objects.get(kind="user.role_changed")
    assert role_event.detail == f"professional -> procesregisseur (verzoek #{change.pk})"
    assert chain.verify(security.STREAM).problems == []


def test_rejection_is_logged_and_changes_nothing(admins):
    change = changes.request_user_access(admins.boa, actor=admins.beheer, reason="x", role=Role.COORDINATOR)
    changes.reject(change, actor=admins.privacy, reason="Nee")
    assert [e.kind for e in SecurityEvent.objects.order_by("sequence")] == [
        "change.requested",
        "change.rejected",
    ]
    assert _events("change.rejected")[0].actor_id == admins.privacy.pk


def test_organisation_change_is_logged_for_the_organisations_municipality(admins):
    boa_org = admins.orgs[OrganisationKind.HANDHAVING]
    change = changes.request_organisation_change(
        boa_org, actor=admins.beheer, reason="Fusie", kind=OrganisationKind.POLITIE
    )
    changes.approve(change, actor=admins.beheer2, reason="Akkoord")
    [event] = _events("organisation.changed")
    assert (event.target, event.actor_id, event.municipality_id) == (
        f"accounts.organisation:{boa_org.pk}", admins.beheer2.pk, admins.municipality.pk,
    )  # fmt: skip
    assert event.detail.startswith("kind handhaving -> politie")


def test_reactivation_after_approval_is_logged(admins):
    deactivate_user(admins.boa, actor=admins.beheer)
    change = changes.request_user_access(
        User.objects.get(pk=admins.boa.pk), actor=admins.beheer, reason="Terug", is_active=True
    )
    changes.approve(change, actor=admins.beheer2, reason="Akkoord")
    [event] = _events("user.reactivated")
    assert (event.user_id, event.actor_id) == (admins.boa.pk, admins.beheer2.pk)


# --- deactivation: every path ends the sessions ----------------------------------------------------


def test_deactivation_ends_the_users_sessions_and_is_logged(admins):
    client = _login(admins.boa)
    deactivate_user(admins.boa, actor=admins.beheer)
    assert not _is_logged_in(client)
    [event] = _events("user.deactivated")
    assert (event.user_id, event.actor_id) == (admins.boa.pk, admins.beheer.pk)


def test_bulk_deactivation_in_the_admin_ends_sessions_and_names_the_beheerder(admins):
    boa, school = _login(admins.boa), _login(admins.school)
    admin = _login(admins.beheer)
    response = admin.post(
        "/beheer/accounts/user/",
        {"action": "deactivate", "_selected_action": [admins.boa.pk, admins.school.pk, admins.beheer.pk]},
    )
    assert response.status_code == 302
    assert not _is_logged_in(boa) and not _is_logged_in(school)
    assert _is_logged_in(admin)  # the beheerder does not deactivate themselves
    events = _events("user.deactivated")
    assert sorted((e.user_id, e.actor_id) for e in events) == sorted(
        [(admins.boa.pk, admins.beheer.pk), (admins.school.pk, admins.beheer.pk)]
    )


def test_a_queryset_update_deactivates_like_a_save(admins):
    clients = [_login(admins.boa), _login(admins.school)]
    assert User.objects.filter(pk__in=[admins.boa.pk, admins.school.pk]).update(is_active=False) == 2
    assert [_is_logged_in(c) for c in clients] == [False, False]
    assert sorted(e.user_id for e in _events("user.deactivated")) == sorted([admins.boa.pk, admins.school.pk])
    # updating accounts that are already inactive switches nothing and logs nothing more
    User.objects.filter(pk=admins.boa.pk).update(is_active=False)
    assert len(_events("user.deactivated")) == 2


def test_a_session_stops_at_the_next_request_whatever_deactivated_the_account(admins):
    client = _login(admins.boa)
    key = client.session.session_key
    with connection.cursor() as cursor:  # behind the application's back: no signal, no update()
        cursor.execute("UPDATE accounts_user SET is_active = %s WHERE id = %s", [False, admins.boa.pk])
    assert not _is_logged_in(client)
    assert not Session.objects.filter(session_key=key).exists()


# --- unlock and second-factor reset (admin actions) ------------------------------------------------


def test_unlocking_a_locked_account_is_logged_and_keeps_the_attempts(admins, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        Client().post("/inloggen/", {"username": admins.boa.username, "password": "fout"})
    assert is_locked_out(admins.boa.username, None)
    admin = _login(admins.beheer)
    admin.post("/beheer/accounts/user/", {"action": "unlock", "_selected_action": [admins.boa.pk]})
    assert not is_locked_out(admins.boa.username, None)
    assert LoginFailure.objects.filter(username=admins.boa.username).count() == settings.LOGIN_MAX_FAILURES
    [event] = _events("login.unlocked")
    assert (event.user_id, event.actor_id) == (admins.boa.pk, admins.beheer.pk)
    # nothing left to unlock: nothing logged
    admin.post("/beheer/accounts/user/", {"action": "unlock", "_selected_action": [admins.boa.pk]})
    assert len(_events("login.unlocked")) == 1


def test_mfa_reset_removes_the_app_ends_sessions_and_asks_for_a_new_one(admins):
    boa = _login(admins.boa)
    admin = _login(admins.beheer)
    admin.post(
        "/beheer/accounts/user/", {"action": "reset_second_factor", "_selected_action": [admins.boa.pk]}
    )
    assert not TOTPDevice.objects.filter(user=admins.boa).exists()
    assert not _is_logged_in(boa)
    [event] = _events("mfa.reset")
    assert (event.user_id, event.actor_id) == (admins.boa.pk, admins.beheer.pk)
    response = Client().post("/inloggen/", {"username": admins.boa.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/inloggen/tweede-factor/"


def test_a_beheerder_cannot_reset_their_own_second_factor(admins):
    admin = _login(admins.beheer)
    admin.post(
        "/beheer/accounts/user/", {"action": "reset_second_factor", "_selected_action": [admins.beheer.pk]}
    )
    assert TOTPDevice.objects.filter(user=admins.beheer).exists()
    assert not _events("mfa.reset")


# --- access denied to an existing object -----------------------------------------------------------


@pytest.fixture
def case(world):
    from cases import services

    group = GroupFactory(municipality=world.municipality, name="Testgroep")
    return services.open_case(group, actor=world.regisseur, reason="signalen")


def test_opening_an_invisible_existing_case_is_logged_once_a_minute(world, case):
    client = _login(world.outsider)
    for _ in range(3):
        assert client.get(f"/casussen/{case.pk}/").status_code == 404
    [event] = _events("access.denied")
    assert (event.user_id, event.target, event.municipality_id) == (
        world.outsider.pk, f"cases.case:{case.pk}", world.neighbour.pk,
    )  # fmt: skip
    client.get(f"/casussen/{case.pk + 1000}/")  # does not exist: nothing to report
    assert len(_events("access.denied")) == 1


def test_the_owner_of_a_visible_case_leaves_no_denial(world, case):
    assert _login(world.regisseur).get(f"/casussen/{case.pk}/").status_code == 200
    assert not _events("access.denied")


def test_a_refused_service_call_is_logged_although_its_transaction_rolls_back(admins):
    change = changes.request_user_access(admins.boa, actor=admins.beheer, reason="x", role=Role.COORDINATOR)
    client = _login(admins.beheer)
    response = client.post(f"/privacy/wijzigingen/{change.pk}/goedkeuren/", {f"c{change.pk}-reason": "zelf"})
    assert response.status_code == 400  # one's own request: refused
    [event] = _events("access.denied")
    assert (event.user_id, event.target) == (admins.beheer.pk, f"privacy.changerequest:{change.pk}")
    assert event.detail.startswith("change.decide: ")


# --- denials from pages that load their own object, and from services' own checks -----------------


@contextmanager
def _in_request():
    """As the middleware does for a request: denials gathered during a service call are
    written after its transaction has rolled back."""
    token = security.start_request()
    try:
        yield
    finally:
        security.end_request(token)


def test_opening_an_invisible_existing_group_or_signal_page_is_logged(world, case):
    from intake.models import Signal
    from tests.factories import SignalFactory

    signal = SignalFactory(municipality=world.municipality, organisation=world.orgs[OrganisationKind.POLITIE])
    client = _login(world.outsider)
    assert client.get(f"/groepen/{case.group_id}/").status_code == 404
    assert client.get(f"/signalen/{signal.pk}/").status_code == 404
    targets = [e.target for e in _events("access.denied")]
    assert targets == [f"groups.youthgroup:{case.group_id}", f"intake.signal:{signal.pk}"]
    assert Signal.objects.filter(pk=signal.pk + 1000).count() == 0
    assert client.get(f"/signalen/{signal.pk + 1000}/").status_code == 404  # none: nothing to report
    assert client.get("/groepen/abc/").status_code == 404
    assert len(_events("access.denied")) == 2


def test_a_service_refusing_a_non_manager_is_logged_with_the_case(world, case):
    from cases import services
    from privacy.access import AccessDenied

    with _in_request(), pytest.raises(AccessDenied):
        services.appoint_coordinator(
            case, coordinator=world.coordinator, legal_basis_choice="", legal_basis="", necessity="",
            actor=world.wijkagent,
        )  # fmt: skip
    [event] = _events("access.denied")
    assert (event.user_id, event.target) == (world.wijkagent.pk, f"cases.case:{case.pk}")
    assert event.detail.startswith("case.manage: ")


def test_a_supply_refused_under_the_covenant_is_logged_but_a_step_gate_is_not(world, case):
    from cases import services
    from privacy.access import AccessDenied
    from privacy.categories import Category
    from privacy.models import MatrixItem

    care = MatrixItem.objects.filter(category=Category.CARE).first()
    with _in_request(), pytest.raises(AccessDenied) as gate:  # step 1: no personal data yet, a gate
        services.add_information(case, actor=world.regisseur, matrix_item=care, content="x")
    assert gate.value.code == "gate"
    assert not _events("access.denied")
    group_item = MatrixItem.objects.filter(category=Category.GROUP).first()
    with _in_request(), pytest.raises(AccessDenied) as refused:  # the beslisser never supplies
        services.add_information(case, actor=world.burgemeester, matrix_item=group_item, content="x")
    assert refused.value.code == "forbidden"
    [event] = _events("access.denied")
    assert (event.user_id, event.target) == (world.burgemeester.pk, f"cases.case:{case.pk}")
    assert event.detail.startswith("case.supply.group: ")
