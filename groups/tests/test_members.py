import pytest

from cases import services as case_services
from groups.models import Assessment, FamilyLink, Referral
from privacy.models import ProcessingLogEntry
from tests.factories import GroupFactory, case_in_step_2

pytestmark = pytest.mark.django_db


def _case(world, name):
    return case_in_step_2(
        world,
        GroupFactory(municipality=world.municipality, name=name),
        partners=("politie", "jongerenwerk", "zorg"),
    )


@pytest.fixture
def member(world):
    case = _case(world, "Groep A")
    return case_services.add_to_name_list(case, actor=world.coordinator, full_name="Noah de Jong")


def test_plus_min_mee_history_is_kept(world, member, verified_client):
    client = verified_client(world.jongerenwerker)
    url = f"/groepen/leden/{member.pk}/"
    for day, dyn in (("2026-09-01", "min"), ("2026-11-01", "plus")):
        client.post(
            f"{url}beoordeling/",
            {"assess-assessed_on": day, "assess-dynamic": dyn, "assess-influence": "4"},
        )
    assert list(Assessment.objects.filter(membership=member).values_list("dynamic", flat=True)) == [
        "plus",
        "min",
    ]
    html = client.get(url).content.decode()
    assert html.index("1-11-2026") < html.index("1-9-2026")


def test_invalid_assessment_gets_field_error(world, member, verified_client):
    client = verified_client(world.jongerenwerker)
    html = client.post(
        f"/groepen/leden/{member.pk}/beoordeling/",
        {
            "assess-assessed_on": "2026-11-01",
            "assess-dynamic": "plus",
            "assess-influence": "9",
        },
    ).content.decode()
    assert "hoogstens 5" in html
    assert not Assessment.objects.exists()


def test_referral_only_by_and_for_those_the_covenant_allows(world, member, verified_client):
    """Referrals have their own covenant category (issue 18): youth work receives them under
    the demo covenant but does not make them; the police and the regisseur do."""
    url = f"/groepen/leden/{member.pk}/"
    youth = verified_client(world.jongerenwerker)
    html = youth.post(
        f"{url}verwijzing/", {"referral-kind": "halt", "referral-referred_on": "2026-10-01"}
    ).content.decode()
    assert "geen verwijzingen verstrekken" in html
    assert not Referral.objects.exists()
    police = verified_client(world.wijkagent)
    police.post(
        f"{url}verwijzing/",
        {
            "referral-kind": "halt",
            "referral-referred_on": "2026-10-01",
            "referral-note": "vernieling",
        },
    )
    assert Referral.objects.get().category == "referral"
    assert "vernieling" in police.get(url).content.decode()
    html = verified_client(world.jongerenwerker).get(url).content.decode()
    assert "vernieling" in html and "afgeschermd: verwijzingen" not in html


def test_assign_worker_and_role_by_coordinator_only(world, member, verified_client):
    url = f"/groepen/leden/{member.pk}/"
    data = {
        "member-role_in_group": "kopstuk",
        "member-assigned_worker": world.jongerenwerker.pk,
    }
    verified_client(world.wijkagent).post(f"{url}rol/", data)
    member.refresh_from_db()
    assert member.assigned_worker is None
    verified_client(world.coordinator).post(f"{url}rol/", data)
    member.refresh_from_db()
    assert (member.role_in_group, member.assigned_worker) == ("kopstuk", world.jongerenwerker)


def test_sibling_in_another_group_and_overlap(world, member, verified_client):
    other_case = _case(world, "Groep B")
    sibling = case_services.add_to_name_list(other_case, actor=world.coordinator, full_name="Liam de Jong")
    also = case_services.add_to_name_list(
        other_case, actor=world.coordinator, full_name="Noah de Jong", person=member.person
    )
    client = verified_client(world.coordinator)
    client.post(
        f"/groepen/leden/{member.pk}/familie/",
        {"family-relative": sibling.person_id, "family-relation": "sibling"},
    )
    assert FamilyLink.objects.filter(person=member.person, relative=sibling.person).exists()
    assert FamilyLink.objects.filter(person=sibling.person, relative=member.person).exists()
    html = client.get(f"/groepen/{member.group_id}/").content.decode()
    assert "Ook in" in html and "Groep B" in html
    assert also.person == member.person


def test_member_page_is_404_for_those_without_personal_data_and_logs_reads(world, member, verified_client):
    url = f"/groepen/leden/{member.pk}/"
    for persona in ("burgemeester", "school", "outsider", "privacy", "beheer", "boa"):
        assert verified_client(getattr(world, persona)).get(url).status_code == 404, persona
    verified_client(world.zorg).get(url)
    assert (
        ProcessingLogEntry.objects.filter(
            operation="member.read", actor_id=world.zorg.pk, data_subject=str(member.person.pseudonym)
        ).count()
        == 1
    )
