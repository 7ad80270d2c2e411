"""The member page (`/groepen/leden/<pk>/`) through the API: role and fixed professional,
plus/min/mee, referrals (criminal-law and care data, per covenant) and family links —
the same rules, withheld reasons and processing-log entry (member.read) as the page."""

import pytest
from django.utils import timezone

from analysis.tests.conftest import build_case
from groups import services as group_services
from groups.models import Assessment, FamilyLink, Referral
from privacy.models import ProcessingLogEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["regisseur", "wijkagent", "jongerenwerker", "zorg", "vt", "burgemeester", "outsider"]


@pytest.fixture
def step3(world):
    return build_case(world)


@pytest.fixture
def vt(world):
    return UserFactory(username="vt", organisation=world.orgs["veilig_thuis"])


@pytest.fixture
def ryan(world, step3):
    """Ryan with a referral in each category and his brother on the list."""
    ryan = step3.memberships.get(person__full_name="Ryan Meijer")
    yusuf = step3.memberships.get(person__full_name="Yusuf Demir")
    today = timezone.localdate()
    group_services.add_referral(
        ryan, actor=world.wijkagent, kind="halt", referred_on=today, note="Halt-traject"
    )
    group_services.add_referral(
        ryan, actor=world.zorg, kind="jeugdbescherming", referred_on=today, note="Ondertoezichtstelling"
    )
    group_services.add_family_link(ryan, actor=world.coordinator, relative=yusuf.person, relation="sibling")
    group_services.assess_member(
        ryan, actor=world.jongerenwerker, assessed_on=today, dynamic="min", influence=4, is_leader=True
    )
    return ryan


def _url(member, rest=""):
    return f"/api/v1/cases/{member.case_id}/name-list/{member.pk}{rest}"


def _last_sequence():
    return ProcessingLogEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def _new_log(before):
    return set(
        ProcessingLogEntry.objects.filter(sequence__gt=before).values_list(
            "operation", "data_subject", "categories"
        )
    )


def test_member_detail_as_the_member_page(world, api, ryan):
    before = _last_sequence()
    body = api(world.coordinator).get(_url(ryan)).json()
    assert body["person"]["full_name"] == "Ryan Meijer" and body["can_manage"] is True
    assert [(a["dynamic"], a["influence"], a["is_leader"]) for a in body["assessments"]] == [("min", 4, True)]
    assert {r["note"] for r in body["referrals"]} == {"Halt-traject", "Ondertoezichtstelling"}
    assert [(f["relative"]["full_name"], f["relation"]) for f in body["family"]] == [
        ("Yusuf Demir", "sibling")
    ]
    assert body["withheld"] == {}
    assert _new_log(before) == {("member.read", str(ryan.person.pseudonym), "personal,referral")}
    # Referrals are their own covenant category: youth work and the police receive both.
    youth = api(world.jongerenwerker).get(_url(ryan)).json()
    assert len(youth["referrals"]) == 2 and youth["withheld"] == {}
    boa = api(world.boa).get(_url(ryan)).json()  # handhaving: names, no referrals
    assert boa["referrals"] == [] and set(boa["withheld"]) == {"referral"}


def test_member_detail_denials(world, api, ryan, vt):
    for user in (world.outsider, world.burgemeester, vt, world.school):
        assert api(user).get(_url(ryan)).status_code == 404, user.username
    assert api(world.coordinator).get(f"/api/v1/cases/{ryan.case_id}/name-list/999999").status_code == 404
    other = build_case(world, name="Andere groep", members=[("Iemand Anders", "", None, "")])
    elsewhere = other.memberships.get()
    assert (
        api(world.coordinator).get(f"/api/v1/cases/{ryan.case_id}/name-list/{elsewhere.pk}").status_code
        == 404
    )
    # The existing PATCH (status) still works on the same path.
    patched = api(world.coordinator).patch(
        _url(ryan), {"status": "proposed", "note": "opnieuw"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["status"] == "proposed"


def test_referrals_per_covenant(world, api, ryan):
    today = str(timezone.localdate())
    police = api(world.wijkagent).post(
        _url(ryan, "/referrals"), {"kind": "pga", "referred_on": today}, format="json"
    )
    assert police.status_code == 201 and police.json()["category"] == "referral"
    refused = api(world.jongerenwerker).post(
        _url(ryan, "/referrals"), {"kind": "pga", "referred_on": today}, format="json"
    )
    assert refused.status_code == 403  # youth work receives referrals, but does not make them
    regisseur = api(world.regisseur).post(
        _url(ryan, "/referrals"), {"kind": "veiligheidshuis", "referred_on": today}, format="json"
    )
    assert regisseur.status_code == 201  # the municipality refers, as in the stories
    invalid = api(world.wijkagent).post(_url(ryan, "/referrals"), {"kind": "elders"}, format="json")
    assert invalid.status_code == 400 and {"kind", "referred_on"} <= set(invalid.json()["errors"])
    assert Referral.objects.filter(membership=ryan).count() == 4
    assert ProcessingLogEntry.objects.filter(
        operation="member.referral", actor_id=world.wijkagent.pk
    ).exists()


def test_referral_is_idempotent(world, api, ryan):
    client = api(world.wijkagent, HTTP_IDEMPOTENCY_KEY="verwijzing-1")
    body = {"kind": "topx", "referred_on": str(timezone.localdate()), "note": "Top X"}
    first = client.post(_url(ryan, "/referrals"), body, format="json")
    again = client.post(_url(ryan, "/referrals"), body, format="json")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Referral.objects.filter(membership=ryan, kind="topx").count() == 1
    other = client.post(_url(ryan, "/referrals"), {**body, "note": "anders"}, format="json")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"


def test_family_links_assessments_and_role(world, api, ryan, step3):
    luuk = step3.memberships.get(person__full_name="Luuk Smit")
    linked = api(world.jongerenwerker).post(
        _url(ryan, "/family-links"), {"relative": luuk.person_id, "relation": "cousin"}, format="json"
    )
    assert linked.status_code == 201 and linked.json()["relative"]["full_name"] == "Luuk Smit"
    assert FamilyLink.objects.filter(person=luuk.person, relative=ryan.person).exists()  # both ways
    stranger = build_case(world, name="Elders", members=[("Vreemde Persoon", "", None, "")])
    unknown = api(world.outsider).post(
        _url(ryan, "/family-links"),
        {"relative": stranger.memberships.get().person_id, "relation": "other"},
        format="json",
    )
    assert unknown.status_code == 404  # the outsider does not see the case at all

    assessed = api(world.wijkagent).post(
        _url(ryan, "/assessments"),
        {"assessed_on": str(timezone.localdate()), "dynamic": "mee"},
        format="json",
    )
    assert assessed.status_code == 201 and assessed.json()["influence"] == 3
    future = api(world.wijkagent).post(
        _url(ryan, "/assessments"), {"assessed_on": "2999-01-01", "dynamic": "mee"}, format="json"
    )
    assert future.status_code == 400 and "assessed_on" in future.json()["errors"]
    assert Assessment.objects.filter(membership=ryan).count() == 2

    role = {"role_in_group": "harde_kern", "assigned_worker": world.jongerenwerker.pk}
    assert api(world.wijkagent).post(_url(ryan, "/role"), role, format="json").status_code == 403
    school_worker = api(world.coordinator).post(
        _url(ryan, "/role"), {**role, "assigned_worker": world.school.pk}, format="json"
    )
    assert school_worker.status_code == 400 and "assigned_worker" in school_worker.json()["errors"]
    done = api(world.coordinator).post(_url(ryan, "/role"), role, format="json")
    assert done.status_code == 200, done.content
    assert (
        done.json()["role_in_group"] == "harde_kern"
        and done.json()["assigned_worker"]["id"] == world.jongerenwerker.pk
    )


def test_member_writes_refused_for_who_may_not_see_the_member(world, api, ryan, vt):
    today = str(timezone.localdate())
    for user in (vt, world.burgemeester):
        response = api(user).post(
            _url(ryan, "/assessments"), {"assessed_on": today, "dynamic": "plus"}, format="json"
        )
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_member_page_and_api_agree(world, api, verified_client, ryan, vt, persona):
    user = vt if persona == "vt" else getattr(world, persona)
    before = _last_sequence()
    response = api(user).get(_url(ryan))
    api_log = _new_log(before)
    before = _last_sequence()
    page = verified_client(user).get(f"/groepen/leden/{ryan.pk}/")
    page_log = _new_log(before)
    assert response.status_code == page.status_code
    assert api_log == page_log
    if page.status_code == 404:
        assert not api_log
        return
    html = page.content.decode()
    body = response.json()
    notes = {r["note"] for r in body["referrals"]}
    for note in ("Halt-traject", "Ondertoezichtstelling"):
        assert (note in html) is (note in notes), note
    for reason in body["withheld"].values():
        assert reason in html
    assert ("Yusuf Demir" in html) and body["family"][0]["relative"]["full_name"] == "Yusuf Demir"
