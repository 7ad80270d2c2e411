"""No self-granted access (issue 14): what decides who sees case data changes only after a
second person approves — every path a beheerder has (admin add, admin change, admin
password, the request pages, the covenant page and API), the approval by a second
beheerder and by the privacy officer, self-approval refused, rejection changes nothing,
and each request and decision on record with who, when and why."""

import io
import logging
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, Role, User
from privacy import access, changes
from privacy.access import AccessDenied
from privacy.models import ChangeKind, ChangeRequest, ChangeStatus, Covenant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(world):
    """The beheerder of the world and a second one, both with the demo beheerder's rights."""
    perms = Permission.objects.filter(content_type__app_label="accounts")
    world.beheer.user_permissions.set(perms)
    second = UserFactory(
        username="beheer2",
        organisation=world.orgs[OrganisationKind.GEMEENTE],
        role=Role.BEHEERDER,
        is_staff=True,
    )
    second.user_permissions.set(perms)
    world.beheer2 = second
    return world


def _request_regisseur_role(world, subject=None):
    subject = subject or world.jongerenwerker
    return changes.request_user_access(
        subject,
        actor=world.beheer,
        reason="Nieuwe regisseur OOV",
        organisation=world.orgs[OrganisationKind.GEMEENTE],
        role=Role.PROCESREGISSEUR,
    )


# --- a beheerder alone: every path -----------------------------------------------------------


def test_admin_add_creates_an_inactive_account_without_access_or_password(admins, verified_client):
    client = verified_client(admins.beheer)
    gemeente = admins.orgs[OrganisationKind.GEMEENTE]
    response = client.post(
        "/beheer/accounts/user/add/",
        {
            "username": "nieuweregisseur",
            "first_name": "Nina",
            "last_name": "Nieuw",
            "email": "nina@teststad.example",
            "function_title": "procesregisseur",
            # Fields the add form does not have are ignored, also when posted:
            "organisation": gemeente.pk,
            "role": Role.PROCESREGISSEUR,
            "is_staff": "on",
            "password1": "een-Zelfgekozen-2026",
            "password2": "een-Zelfgekozen-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="nieuweregisseur")
    assert (user.is_active, user.organisation_id, user.is_staff) == (False, None, False)
    assert not user.has_usable_password()
    assert not access.can_view_case(user, _any_case(admins))


def _any_case(world):
    from types import SimpleNamespace

    return SimpleNamespace(
        pk=1,
        municipality_id=world.municipality.pk,
        step=2,
        is_open=True,
        coordinator_id=world.coordinator.pk,
        has_legal_basis=True,
        participant_organisation_ids=lambda: [o.pk for o in world.orgs.values()],
    )


def test_admin_change_does_not_change_role_organisation_staff_or_email(admins, verified_client):
    client = verified_client(admins.beheer)
    subject = admins.jongerenwerker
    subject.email = "jw@teststad.example"
    subject.save()
    response = client.post(
        f"/beheer/accounts/user/{subject.pk}/change/",
        {
            "username": subject.username,
            "first_name": "Jan",
            "last_name": "Werker",
            "email": "beheerder@elders.example",
            "function_title": "jongerenwerker",
            "is_active": "on",
            "organisation": admins.orgs[OrganisationKind.GEMEENTE].pk,
            "role": Role.PROCESREGISSEUR,
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302
    subject.refresh_from_db()
    assert subject.first_name == "Jan"  # the harmless part is saved
    assert subject.role == Role.PROFESSIONAL
    assert subject.organisation == admins.orgs[OrganisationKind.JONGERENWERK]
    assert (subject.is_staff, subject.is_superuser, subject.email) == (False, False, "jw@teststad.example")


def test_admin_reactivation_is_not_possible_directly_but_deactivation_is(admins, verified_client):
    client = verified_client(admins.beheer)
    subject = admins.boa
    base = {"username": subject.username, "first_name": "B", "last_name": "Oa", "function_title": "boa"}
    client.post(f"/beheer/accounts/user/{subject.pk}/change/", base)  # is_active unticked
    subject.refresh_from_db()
    assert subject.is_active is False
    client.post(f"/beheer/accounts/user/{subject.pk}/change/", {**base, "is_active": "on"})
    subject.refresh_from_db()
    assert subject.is_active is False


def test_admin_organisation_kind_and_municipality_are_read_only(admins, verified_client):
    client = verified_client(admins.beheer)
    boa_org = admins.orgs[OrganisationKind.HANDHAVING]
    response = client.post(
        f"/beheer/accounts/organisation/{boa_org.pk}/change/",
        {
            "name": "Handhaving Teststad",
            "kind": OrganisationKind.POLITIE,
            "municipality": admins.neighbour.pk,
        },
    )
    assert response.status_code == 302
    boa_org.refresh_from_db()
    assert (boa_org.kind, boa_org.municipality_id) == (OrganisationKind.HANDHAVING, admins.municipality.pk)


def test_admin_sets_no_password(admins, verified_client):
    client = verified_client(admins.beheer)
    subject = admins.jongerenwerker
    before = subject.password
    url = f"/beheer/accounts/user/{subject.pk}/password/"
    assert client.get(url).status_code == 403
    response = client.post(
        url, {"password1": "een-Ander-Wachtwoord-1", "password2": "een-Ander-Wachtwoord-1"}
    )
    assert response.status_code == 403
    subject.refresh_from_db()
    assert subject.password == before


def test_request_page_changes_nothing_until_approved(admins, verified_client):
    client = verified_client(admins.beheer)
    subject = admins.jongerenwerker
    response = client.post(
        f"/privacy/wijzigingen/gebruiker/{subject.pk}/",
        {
            "organisation": admins.orgs[OrganisationKind.GEMEENTE].pk,
            "role": Role.PROCESREGISSEUR,
            "is_active": "on",
            "email": "",
            "reason": "Wordt regisseur",
        },
    )
    assert response.status_code == 302 and response.url == "/privacy/wijzigingen/"
    subject.refresh_from_db()
    assert subject.role == Role.PROFESSIONAL
    change = ChangeRequest.objects.get()
    assert change.status == ChangeStatus.PENDING and change.requested_by == admins.beheer
    assert change.changes == {
        "organisation": [
            admins.orgs[OrganisationKind.JONGERENWERK].pk,
            admins.orgs[OrganisationKind.GEMEENTE].pk,
        ],
        "role": [Role.PROFESSIONAL, Role.PROCESREGISSEUR],
    }


def test_request_without_reason_is_refused_in_dutch_and_saves_nothing(admins, verified_client):
    client = verified_client(admins.beheer)
    response = client.post(
        f"/privacy/wijzigingen/gebruiker/{admins.jongerenwerker.pk}/",
        {"role": Role.PROCESREGISSEUR, "organisation": "", "is_active": "on", "reason": ""},
    )
    assert response.status_code == 400 and "Dit veld is vereist" in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_beheerder_cannot_request_a_change_of_their_own_account(admins, verified_client):
    response = verified_client(admins.beheer).post(
        f"/privacy/wijzigingen/gebruiker/{admins.beheer.pk}/",
        {"role": Role.PROCESREGISSEUR, "is_active": "on", "reason": "Ik wil meekijken"},
    )
    assert response.status_code == 403
    assert "vraag een collega-beheerder" in response.content.decode()
    assert not ChangeRequest.objects.exists()
    with pytest.raises(AccessDenied):
        changes.request_user_access(admins.beheer, actor=admins.beheer, reason="x", role=Role.PROCESREGISSEUR)


@pytest.mark.parametrize("persona", ["regisseur", "privacy", "wijkagent"])
def test_only_a_beheerder_requests_user_and_organisation_changes(admins, verified_client, persona):
    client = verified_client(getattr(admins, persona))
    assert client.get(f"/privacy/wijzigingen/gebruiker/{admins.jongerenwerker.pk}/").status_code == 404
    assert client.get(f"/privacy/wijzigingen/organisatie/{admins.orgs['handhaving'].pk}/").status_code == 404


# --- the second person -------------------------------------------------------------------------


def test_self_approval_is_refused_and_changes_nothing(admins, verified_client):
    change = _request_regisseur_role(admins)
    client = verified_client(admins.beheer)
    page = client.get("/privacy/wijzigingen/").content.decode()
    assert "U kunt uw eigen verzoek niet beoordelen" in page
    response = client.post(
        f"/privacy/wijzigingen/{change.pk}/goedkeuren/", {f"c{change.pk}-reason": "Akkoord"}
    )
    assert response.status_code == 400
    assert "U kunt uw eigen verzoek niet beoordelen" in response.content.decode()
    admins.jongerenwerker.refresh_from_db()
    assert admins.jongerenwerker.role == Role.PROFESSIONAL
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING
    with pytest.raises(AccessDenied):
        changes.reject(change, actor=admins.beheer, reason="Toch niet")


def test_a_second_beheerder_approves_and_it_is_recorded(admins, verified_client, caplog):
    change = _request_regisseur_role(admins)
    client = verified_client(admins.beheer2)
    with caplog.at_level(logging.INFO, logger="groepsaanpak.security"):
        response = client.post(
            f"/privacy/wijzigingen/{change.pk}/goedkeuren/", {f"c{change.pk}-reason": "Besluit OOV 12-3"}
        )
    assert response.status_code == 302
    subject = User.objects.get(pk=admins.jongerenwerker.pk)
    assert (subject.role, subject.organisation_id) == (Role.PROCESREGISSEUR, admins.orgs["gemeente"].pk)
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    assert (change.requested_by, change.reason) == (admins.beheer, "Nieuwe regisseur OOV")
    assert (change.decided_by, change.decision_reason) == (admins.beheer2, "Besluit OOV 12-3")
    assert timezone.now() - change.decided_at < timedelta(minutes=5)
    events = [r.event for r in caplog.records if hasattr(r, "event")]
    assert events == ["change.approved"]
    history = client.get("/privacy/wijzigingen/").content.decode()
    assert "Besluit OOV 12-3" in history and "Goedgekeurd en doorgevoerd" in history


def test_the_privacy_officer_approves(admins, verified_client):
    change = _request_regisseur_role(admins)
    page = verified_client(admins.privacy).get("/privacy/wijzigingen/").content.decode()
    assert "Nieuwe regisseur OOV" in page and "Procesregisseur" in page  # what changes, in words
    response = verified_client(admins.privacy).post(
        f"/privacy/wijzigingen/{change.pk}/goedkeuren/", {f"c{change.pk}-reason": "Getoetst"}
    )
    assert response.status_code == 302
    admins.jongerenwerker.refresh_from_db()
    assert admins.jongerenwerker.role == Role.PROCESREGISSEUR
    assert ChangeRequest.objects.get().decided_by == admins.privacy


def test_rejection_leaves_everything_as_it_was(admins, verified_client):
    change = _request_regisseur_role(admins)
    before = User.objects.filter(pk=admins.jongerenwerker.pk).values().get()
    response = verified_client(admins.privacy).post(
        f"/privacy/wijzigingen/{change.pk}/afwijzen/",
        {f"c{change.pk}-reason": "Geen besluit van het college"},
    )
    assert response.status_code == 302
    assert User.objects.filter(pk=admins.jongerenwerker.pk).values().get() == before
    change.refresh_from_db()
    assert (change.status, change.decided_by, change.decision_reason) == (
        ChangeStatus.REJECTED,
        admins.privacy,
        "Geen besluit van het college",
    )
    with pytest.raises(changes.ChangeError, match="al besloten"):
        changes.approve(change, actor=admins.beheer2, reason="Toch wel")


def test_a_decision_needs_a_reason(admins, verified_client):
    change = _request_regisseur_role(admins)
    response = verified_client(admins.beheer2).post(f"/privacy/wijzigingen/{change.pk}/goedkeuren/", {})
    assert response.status_code == 400
    assert ChangeRequest.objects.get().status == ChangeStatus.PENDING


@pytest.mark.parametrize("persona", ["regisseur", "coordinator", "wijkagent", "outsider"])
def test_others_cannot_decide(admins, verified_client, persona):
    change = _request_regisseur_role(admins)
    client = verified_client(getattr(admins, persona))
    response = client.post(f"/privacy/wijzigingen/{change.pk}/goedkeuren/", {f"c{change.pk}-reason": "ok"})
    assert response.status_code == 404
    assert ChangeRequest.objects.get().status == ChangeStatus.PENDING


def test_the_privacy_officer_of_another_municipality_cannot_decide(admins, verified_client):
    change = _request_regisseur_role(admins)
    other = UserFactory(
        organisation=Organisation.objects.get(name="Gemeente Buurdorp"), role=Role.PRIVACYFUNCTIONARIS
    )
    response = verified_client(other).post(
        f"/privacy/wijzigingen/{change.pk}/goedkeuren/", {f"c{change.pk}-reason": "ok"}
    )
    assert response.status_code == 404
    with pytest.raises(AccessDenied):
        changes.approve(change, actor=other, reason="ok")


def test_the_user_a_change_is_about_cannot_approve_it(admins):
    change = changes.request_user_access(
        admins.privacy, actor=admins.beheer, reason="Wisselt van functie", role=Role.PROCESREGISSEUR
    )
    with pytest.raises(AccessDenied, match="eigen account"):
        changes.approve(change, actor=admins.privacy, reason="ok")


def test_an_outdated_request_is_refused_as_stale(admins):
    first = _request_regisseur_role(admins)
    second = changes.request_user_access(
        admins.jongerenwerker, actor=admins.beheer, reason="Of toch coördinator", role=Role.COORDINATOR
    )
    changes.approve(first, actor=admins.beheer2, reason="ok")
    with pytest.raises(changes.ChangeError, match="na dit verzoek gewijzigd"):
        changes.approve(second, actor=admins.beheer2, reason="ok")
    admins.jongerenwerker.refresh_from_db()
    assert admins.jongerenwerker.role == Role.PROCESREGISSEUR


def test_new_account_gets_access_only_after_approval(admins, verified_client):
    """The whole way for a new colleague: added (inactive, nothing), access requested,
    approved by the second beheerder, then the password link to the colleague's mailbox."""
    client = verified_client(admins.beheer)
    client.post(
        "/beheer/accounts/user/add/",
        {"username": "nina", "first_name": "Nina", "last_name": "N", "email": "nina@teststad.example"},
    )
    nina = User.objects.get(username="nina")
    client.post(
        f"/privacy/wijzigingen/gebruiker/{nina.pk}/",
        {
            "organisation": admins.orgs["gemeente"].pk,
            "role": Role.PROCESREGISSEUR,
            "is_active": "on",
            "email": "nina@teststad.example",
            "reason": "Nieuwe regisseur",
        },
    )
    nina.refresh_from_db()
    assert not nina.is_active
    change = ChangeRequest.objects.get(user=nina)
    changes.approve(change, actor=admins.beheer2, reason="Aanstellingsbesluit gezien")
    nina.refresh_from_db()
    assert (nina.is_active, nina.role, nina.organisation) == (
        True,
        Role.PROCESREGISSEUR,
        admins.orgs["gemeente"],
    )
    # The link goes to Nina's mailbox, never onto the beheerder's screen.
    response = client.post(
        "/beheer/accounts/user/",
        {"action": "send_password_links", "_selected_action": [nina.pk]},
        follow=True,
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nina@teststad.example"]
    link = re.search(r"http\S+/inloggen/wachtwoord-instellen/\S+/", mail.outbox[0].body).group(0)
    path = link.split("8000", 1)[-1] if "8000" in link else "/" + link.split("/", 3)[3]
    assert path.split("/")[-2] not in response.content.decode()
    client.logout()
    response = client.post(
        path, {"new_password": "mijn-Eigen-Wachtwoord-26", "new_password_again": "mijn-Eigen-Wachtwoord-26"}
    )
    assert response.status_code == 302
    nina.refresh_from_db()
    assert nina.check_password("mijn-Eigen-Wachtwoord-26")
    again = client.post(
        path, {"new_password": "nog-Een-Wachtwoord-2026", "new_password_again": "nog-Een-Wachtwoord-2026"}
    )
    assert again.status_code == 400 and "werkt niet (meer)" in again.content.decode()


def test_password_link_with_a_weak_password_is_refused_in_dutch(admins, client):
    from accounts.services import password_link

    path = "/" + password_link(admins.jongerenwerker).split("/", 3)[3]
    response = client.post(path, {"new_password": "12345678", "new_password_again": "12345678"})
    assert response.status_code == 200 and "te kort" in response.content.decode()
    assert admins.jongerenwerker.check_password("test-Wachtwoord-2026")


# --- organisations ---------------------------------------------------------------------------


def test_organisation_kind_changes_after_approval_only(admins, verified_client):
    boa_org = admins.orgs[OrganisationKind.HANDHAVING]
    response = verified_client(admins.beheer).post(
        f"/privacy/wijzigingen/organisatie/{boa_org.pk}/",
        {"kind": OrganisationKind.POLITIE, "municipality": admins.municipality.pk, "reason": "Fusie"},
    )
    assert response.status_code == 302
    boa_org.refresh_from_db()
    assert boa_org.kind == OrganisationKind.HANDHAVING
    change = ChangeRequest.objects.get(kind=ChangeKind.ORGANISATION)
    assert change.changes == {"kind": ["handhaving", "politie"]}
    changes.approve(change, actor=admins.privacy, reason="Convenantpartner bevestigd")
    boa_org.refresh_from_db()
    assert boa_org.kind == OrganisationKind.POLITIE


def test_unchanged_request_is_refused(admins):
    boa_org = admins.orgs[OrganisationKind.HANDHAVING]
    with pytest.raises(changes.ChangeError, match="Er verandert niets"):
        changes.request_organisation_change(
            boa_org, actor=admins.beheer, reason="x", kind=boa_org.kind, municipality=boa_org.municipality
        )


# --- the covenant ----------------------------------------------------------------------------


def _covenant_post():
    return {
        "title": "Convenant 2027",
        "effective_from": timezone.localdate().isoformat(),
        "purposes": "Aanpak jeugdgroepen",
        "reason": "Jongerenwerk ontvangt zorggegevens",
        "jongerenwerk__basis": "avg6e_gw172",
        "jongerenwerk__care__receive": "on",
    }


def test_a_new_covenant_version_takes_effect_only_after_approval(admins, verified_client):
    client = verified_client(admins.regisseur)
    response = client.post("/privacy/convenant/nieuwe-versie/", _covenant_post())
    assert response.status_code == 302 and response.url == "/privacy/wijzigingen/"
    assert Covenant.objects.filter(municipality=admins.municipality).count() == 1
    change = ChangeRequest.objects.get(kind=ChangeKind.COVENANT)
    with pytest.raises(AccessDenied):
        changes.approve(change, actor=admins.regisseur, reason="ok")
    page = verified_client(admins.beheer).get("/privacy/wijzigingen/").content.decode()
    assert "Jongerenwerk" in page and "ontvangt" in page  # the changed rule, in words
    changes.approve(change, actor=admins.beheer, reason="Getekend door alle partijen")
    new = access.covenant_in_force(admins.municipality.pk)
    assert new.version == 2 and new.created_by == admins.regisseur
    assert ChangeRequest.objects.get().covenant == new
    assert access.covenant_rules(admins.municipality.pk)[("jongerenwerk", "care")].may_receive


def test_whether_subject_access_names_officials_is_a_covenant_decision_with_four_eyes(
    admins, verified_client
):
    current = access.covenant_in_force(admins.municipality.pk)
    assert not current.names_officials_in_access
    form = verified_client(admins.regisseur).get("/privacy/convenant/nieuwe-versie/").content.decode()
    assert 'name="names_officials_in_access"' in form
    verified_client(admins.regisseur).post(
        "/privacy/convenant/nieuwe-versie/", {**_covenant_post(), "names_officials_in_access": "on"}
    )
    change = ChangeRequest.objects.get(kind=ChangeKind.COVENANT)
    page = verified_client(admins.beheer).get("/privacy/wijzigingen/").content.decode()
    assert "Inzage noemt namen van medewerkers" in page  # the second person sees the change
    assert not access.covenant_in_force(admins.municipality.pk).names_officials_in_access  # not yet
    changes.approve(change, actor=admins.beheer, reason="Afgesproken in het ketenoverleg")
    assert access.covenant_in_force(admins.municipality.pk).names_officials_in_access


def test_privacy_officer_cannot_approve_their_own_covenant_request(admins, verified_client):
    verified_client(admins.privacy).post("/privacy/convenant/nieuwe-versie/", _covenant_post())
    change = ChangeRequest.objects.get()
    with pytest.raises(AccessDenied):
        changes.approve(change, actor=admins.privacy, reason="ok")
    changes.reject(change, actor=admins.beheer, reason="Eerst bespreken in het ketenoverleg")
    assert Covenant.objects.filter(municipality=admins.municipality).count() == 1


def test_an_approved_beheerder_gets_the_admin_rights_and_loses_them_with_the_role(admins):
    subject = admins.zorg
    change = changes.request_user_access(
        subject, actor=admins.beheer, reason="Tweede beheerder", role=Role.BEHEERDER, is_staff=True
    )
    assert not subject.user_permissions.exists()
    changes.approve(change, actor=admins.privacy, reason="Functiebesluit gezien")
    subject = User.objects.get(pk=subject.pk)
    assert subject.is_staff and subject.has_perm("accounts.change_user")
    back = changes.request_user_access(
        subject, actor=admins.beheer, reason="Terug naar zorg", role=Role.PROFESSIONAL, is_staff=False
    )
    changes.approve(back, actor=admins.beheer2, reason="ok")
    subject = User.objects.get(pk=subject.pk)
    assert not subject.is_staff and not subject.has_perm("accounts.change_user")


def test_the_admin_pages_show_the_request_links(admins, verified_client):
    client = verified_client(admins.beheer)
    user_page = client.get(f"/beheer/accounts/user/{admins.jongerenwerker.pk}/change/").content.decode()
    assert f"/privacy/wijzigingen/gebruiker/{admins.jongerenwerker.pk}/" in user_page
    assert "/password/" not in user_page
    org = admins.orgs[OrganisationKind.HANDHAVING]
    org_page = client.get(f"/beheer/accounts/organisation/{org.pk}/change/").content.decode()
    assert f"/privacy/wijzigingen/organisatie/{org.pk}/" in org_page


# --- the record cannot be rewritten unnoticed: rows sealed in the chained security log ------


def test_untouched_requests_match_their_seals(admins):
    approved = _request_regisseur_role(admins)
    changes.approve(approved, actor=admins.beheer2, reason="akkoord")
    _request_regisseur_role(admins, subject=admins.boa)  # still pending
    assert changes.verify_seals() == (2, [])


REQUEST_DIFFERS = "het verzoek wijkt af van wat het beveiligingslog vastlegde"
DECISION_DIFFERS = "het besluit wijkt af van wat het beveiligingslog vastlegde"


@pytest.mark.parametrize(
    ("edit", "problems"),
    [
        ({"changes": {"role": ["professional", "beheerder"]}}, [REQUEST_DIFFERS, DECISION_DIFFERS]),
        ({"reason": "iets anders"}, [REQUEST_DIFFERS, DECISION_DIFFERS]),
        ({"decision_reason": "achteraf"}, [DECISION_DIFFERS]),
        ({"status": ChangeStatus.REJECTED}, [DECISION_DIFFERS]),
        ({"status": ChangeStatus.PENDING}, ["staat open, maar het beveiligingslog legde een besluit vast"]),
    ],
)
def test_an_edited_request_or_decision_is_named(admins, edit, problems):
    change = _request_regisseur_role(admins)
    changes.approve(change, actor=admins.beheer2, reason="akkoord")
    ChangeRequest.objects.filter(pk=change.pk).update(**edit)  # as the database role could
    assert changes.verify_seals() == (1, [f"wijzigingsverzoek #{change.pk}: {p}" for p in problems])


def test_a_decided_by_swapped_to_the_requester_is_named(admins):
    change = _request_regisseur_role(admins)
    changes.approve(change, actor=admins.beheer2, reason="akkoord")
    ChangeRequest.objects.filter(pk=change.pk).update(decided_by=admins.beheer)
    assert changes.verify_seals()[1] == [
        f"wijzigingsverzoek #{change.pk}: het besluit wijkt af van wat het beveiligingslog vastlegde"
    ]


def test_a_request_inserted_without_its_event_is_named(admins):
    change = ChangeRequest.objects.create(
        kind=ChangeKind.USER_ACCESS, user=admins.boa, changes={"role": ["professional", "beheerder"]},
        reason="stil", requested_by=admins.beheer, status=ChangeStatus.APPROVED, decided_by=admins.beheer2,
        decided_at=timezone.now(),
    )  # fmt: skip
    assert changes.verify_seals()[1] == [
        f"wijzigingsverzoek #{change.pk}: {REQUEST_DIFFERS}",
        f"wijzigingsverzoek #{change.pk}: {DECISION_DIFFERS}",
    ]


def test_verify_processing_log_fails_on_an_edited_request(admins):
    from django.core.management import CommandError, call_command

    change = _request_regisseur_role(admins)
    changes.approve(change, actor=admins.beheer2, reason="akkoord")
    call_command("verify_processing_log", stdout=io.StringIO(), stderr=io.StringIO())
    ChangeRequest.objects.filter(pk=change.pk).update(reason="herschreven")
    with pytest.raises(CommandError, match=f"wijzigingsverzoek #{change.pk}: het verzoek wijkt af"):
        call_command("verify_processing_log", stdout=io.StringIO(), stderr=io.StringIO())
