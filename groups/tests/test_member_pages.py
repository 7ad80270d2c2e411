"""The member page: one URL and one view per form (POST only). Success redirects with
"Opgeslagen.", invalid input or a refusal renders the same page with the error and saves
nothing; who may not receive personal data in the case gets 404; who may see the member but
not do this gets the page with the refusal (as before)."""

import pytest

from cases import services as case_services
from groups.models import Assessment, FamilyLink, Referral
from tests.factories import GroupFactory, case_in_step_2

pytestmark = pytest.mark.django_db


def _case(world, name):
    return case_in_step_2(
        world, GroupFactory(municipality=world.municipality, name=name), partners=("politie", "jongerenwerk")
    )


@pytest.fixture
def member(world):
    case = _case(world, "Groep A")
    return case_services.add_to_name_list(case, actor=world.coordinator, full_name="Noah de Jong")


@pytest.fixture
def sibling(world):
    case = _case(world, "Groep B")
    return case_services.add_to_name_list(case, actor=world.coordinator, full_name="Liam de Jong")


def _url(member, path=""):
    return f"/groepen/leden/{member.pk}/{path}"


def _saved(client, response, member):
    """Redirected to the member page, which shows the success message."""
    assert response.status_code == 302 and response["Location"] == _url(member)
    return client.get(response["Location"]).content.decode()


def _nothing_saved(member):
    member.refresh_from_db()
    assert (member.role_in_group, member.assigned_worker_id) == ("", None)
    assert not Assessment.objects.exists() and not Referral.objects.exists()
    assert not FamilyLink.objects.exists()


def _close(world, member):
    case_services.advance_case(member.case, to_step=None, actor=world.regisseur, reason="klaar")


def test_page_has_one_form_per_url_and_refuses_a_post(world, member, sibling, verified_client):
    client = verified_client(world.coordinator)
    html = client.get(_url(member)).content.decode()
    for path in ("rol/", "beoordeling/", "verwijzing/", "familie/"):
        assert f'action="{_url(member, path)}"' in html
    assert 'name="action"' not in html
    assert client.post(_url(member), {"action": "member"}).status_code == 405


# --- role and worker -----------------------------------------------------------------------------


def test_role_and_worker_are_saved(world, member, verified_client):
    client = verified_client(world.coordinator)
    response = client.post(
        _url(member, "rol/"),
        {"member-role_in_group": "kopstuk", "member-assigned_worker": world.wijkagent.pk},
    )
    assert "Opgeslagen." in _saved(client, response, member)
    member.refresh_from_db()
    assert (member.role_in_group, member.assigned_worker) == ("kopstuk", world.wijkagent)


def test_worker_outside_the_participants_is_a_field_error(world, member, verified_client):
    response = verified_client(world.coordinator).post(
        _url(member, "rol/"), {"member-role_in_group": "kopstuk", "member-assigned_worker": world.zorg.pk}
    )
    assert response.status_code == 200
    assert 'id="id_member-assigned_worker_error"' in response.content.decode()
    _nothing_saved(member)


def test_role_by_a_partner_is_refused(world, member, verified_client):
    """The police officer sees the member but not the form: the page again, nothing saved."""
    response = verified_client(world.wijkagent).post(
        _url(member, "rol/"), {"member-role_in_group": "kopstuk"}
    )
    assert response.status_code == 200 and "Opgeslagen." not in response.content.decode()
    _nothing_saved(member)


# --- plus/min/mee ----------------------------------------------------------------------------------

ASSESS = {"assess-assessed_on": "2026-11-01", "assess-dynamic": "plus", "assess-influence": "4"}


def test_assessment_is_saved(world, member, verified_client):
    client = verified_client(world.jongerenwerker)
    assert "Opgeslagen." in _saved(client, client.post(_url(member, "beoordeling/"), ASSESS), member)
    assert Assessment.objects.get().dynamic == "plus"


def test_assessment_without_date_is_a_field_error(world, member, verified_client):
    response = verified_client(world.jongerenwerker).post(
        _url(member, "beoordeling/"), {**ASSESS, "assess-assessed_on": ""}
    )
    assert response.status_code == 200 and 'id="id_assess-assessed_on_error"' in response.content.decode()
    _nothing_saved(member)


def test_assessment_in_a_closed_case_is_refused(world, member, verified_client):
    """The form is not shown in a closed case; a post anyway gets the page and saves nothing."""
    _close(world, member)
    response = verified_client(world.jongerenwerker).post(_url(member, "beoordeling/"), ASSESS)
    assert response.status_code == 200 and "Opgeslagen." not in response.content.decode()
    _nothing_saved(member)


# --- referral --------------------------------------------------------------------------------------


def test_referral_is_saved(world, member, verified_client):
    client = verified_client(world.wijkagent)
    response = client.post(
        _url(member, "verwijzing/"), {"referral-kind": "halt", "referral-referred_on": "2026-10-01"}
    )
    assert "Opgeslagen." in _saved(client, response, member)
    assert Referral.objects.get().kind == "halt"


def test_halt_referral_by_youth_work_is_refused_on_the_page(world, member, verified_client):
    response = verified_client(world.jongerenwerker).post(
        _url(member, "verwijzing/"), {"referral-kind": "halt", "referral-referred_on": "2026-10-01"}
    )
    assert response.status_code == 200
    assert "geen verwijzingen verstrekken" in response.content.decode()
    _nothing_saved(member)


def test_referral_without_kind_is_a_field_error(world, member, verified_client):
    response = verified_client(world.wijkagent).post(
        _url(member, "verwijzing/"), {"referral-referred_on": "2026-10-01"}
    )
    assert response.status_code == 200 and 'id="id_referral-kind_error"' in response.content.decode()
    _nothing_saved(member)


# --- family ----------------------------------------------------------------------------------------


def test_family_link_is_saved(world, member, sibling, verified_client):
    client = verified_client(world.coordinator)
    response = client.post(
        _url(member, "familie/"), {"family-relative": sibling.person_id, "family-relation": "sibling"}
    )
    assert "Opgeslagen." in _saved(client, response, member)
    assert FamilyLink.objects.filter(person=member.person, relative=sibling.person).exists()


def test_family_link_to_an_unknown_person_is_a_field_error(world, member, sibling, verified_client):
    response = verified_client(world.coordinator).post(
        _url(member, "familie/"), {"family-relative": "999999", "family-relation": "sibling"}
    )
    assert response.status_code == 200 and 'id="id_family-relative_error"' in response.content.decode()
    _nothing_saved(member)


def test_family_link_in_a_closed_case_is_refused(world, member, sibling, verified_client):
    _close(world, member)
    response = verified_client(world.coordinator).post(
        _url(member, "familie/"), {"family-relative": sibling.person_id, "family-relation": "sibling"}
    )
    assert response.status_code == 200 and "Opgeslagen." not in response.content.decode()
    _nothing_saved(member)


# --- denial ----------------------------------------------------------------------------------------

POSTS = [
    ("rol/", {"member-role_in_group": "kopstuk"}),
    ("beoordeling/", ASSESS),
    ("verwijzing/", {"referral-kind": "pga", "referral-referred_on": "2026-10-01"}),
    ("familie/", {"family-relation": "sibling"}),
]


@pytest.mark.parametrize("persona", ["outsider", "burgemeester", "school"])
@pytest.mark.parametrize(("path", "data"), POSTS)
def test_who_may_not_see_the_member_gets_404(world, member, sibling, verified_client, persona, path, data):
    data = {**data, "family-relative": sibling.person_id}
    response = verified_client(getattr(world, persona)).post(_url(member, path), data)
    assert response.status_code == 404
    _nothing_saved(member)
