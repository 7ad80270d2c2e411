"""The plan of approach through the API: the same service and read as the page — versions,
409 on a stale version, 400 per field, member names only for who may receive them."""

import pytest

from api.tests.guard_fields import assert_guard_fields
from plans.tests.conftest import plan_content, step5_case, with_plan
from privacy.models import ProcessingLogEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def step5(world):
    return step5_case(world)


def _url(case):
    return f"/api/v1/cases/{case.pk}/plan"


def test_coordinator_saves_versions_and_a_stale_version_is_409(world, api, step5):
    client = api(world.coordinator)
    body = {"version": 0, "content": plan_content(world, step5)}
    first = client.post(_url(step5), body, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["number"] == 1 and first.json()["in_force"] is True
    body.update(version=1, reason="streefwaarde scherper")
    body["content"]["results"][0]["target"] = "4"
    assert client.post(_url(step5), body, format="json").status_code == 201
    stale = api(world.regisseur).post(_url(step5), {**body, "reason": "tegelijk"}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    assert step5.approach_plans.count() == 2
    listing = client.get(_url(step5)).json()
    assert listing["in_force"]["number"] == 2 and [v["number"] for v in listing["versions"]] == [2, 1]
    assert listing["in_force"]["content"]["results"][0]["target"] == "4"
    assert client.get(f"{_url(step5)}/1").json()["content"]["results"][0]["target"] == "6"
    assert client.get(f"{_url(step5)}/9").status_code == 404


def test_invalid_plan_is_400_per_field_and_saves_nothing(world, api, step5):
    content = plan_content(world, step5)
    content["results"][0]["baseline"] = "veel"
    response = api(world.coordinator).post(_url(step5), {"version": 0, "content": content}, format="json")
    assert response.status_code == 400
    assert "results.0.baseline" in response.json()["errors"]
    assert not step5.approach_plans.exists()


def test_guard_finding_is_400_privacy_guard(world, api, step5):
    content = plan_content(world, step5)
    content["tracks"]["groep"] = "Gesprek met Ryan Meijer."
    response = api(world.coordinator).post(_url(step5), {"version": 0, "content": content}, format="json")
    assert_guard_fields(response, "content.tracks.groep")


def test_partner_reads_but_may_not_write_and_outsider_gets_404(world, api, step5):
    with_plan(world, step5)
    assert api(world.jongerenwerker).get(_url(step5)).status_code == 200
    refused = api(world.jongerenwerker).post(
        _url(step5), {"version": 1, "content": plan_content(world, step5), "reason": "x"}, format="json"
    )
    assert refused.status_code == 403
    assert api(world.outsider).get(_url(step5)).status_code == 404


def test_member_of_a_measure_only_for_who_may_receive_and_the_read_is_logged(world, api, step5):
    with_plan(world, step5)
    member = step5.memberships.order_by("pk").first()
    police = api(world.wijkagent).get(_url(step5)).json()["in_force"]
    m1 = next(m for m in police["content"]["measures"] if m["key"] == "m1")
    assert m1["member_name"] == member.person.full_name and police["withheld"] == {}
    assert ProcessingLogEntry.objects.filter(
        data_subject=str(member.person.pseudonym), actor_id=world.wijkagent.pk, operation="approach_plan.read"
    ).exists()
    vt = UserFactory(username="vt", organisation=world.orgs["veilig_thuis"])
    hidden = api(vt).get(_url(step5)).json()["in_force"]
    m1 = next(m for m in hidden["content"]["measures"] if m["key"] == "m1")
    assert m1["membership"] is None and m1["member_name"] == ""
    assert "measures.membership" in hidden["withheld"]
    assert member.person.full_name not in str(hidden)
