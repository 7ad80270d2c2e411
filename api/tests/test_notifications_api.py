"""GET /inbox (the home page's cards), the user's own notifications, marking one read and
the e-mail preferences — an outsider sees none of another's."""

import pytest

from dashboard import reads
from notifications.models import Channel, Kind, Notification
from notifications.services import notify
from tests.factories import GroupFactory, bearer_client, case_in_step_2, send_groepsscan

pytestmark = pytest.mark.django_db


def test_inbox_is_the_home_page_read(world):
    case = case_in_step_2(world, GroupFactory(municipality=world.municipality), partners=["politie"])
    send_groepsscan(world, case)
    body = bearer_client(world.teamchef).get("/api/v1/inbox").json()["results"]
    expected = reads.waiting_for(world.teamchef)
    assert [c["kind"] for c in body] == [c.kind for c in expected] and "verzoeken" in [
        c["kind"] for c in body
    ]
    card = next(c for c in body if c["kind"] == "verzoeken")
    assert card["count"] == 1 and card["items"][0]["case"] == case.pk
    assert bearer_client(world.outsider).get("/api/v1/inbox").json()["results"] == []


def test_notifications_are_the_users_own_and_marked_read(world):
    mine = notify([world.wijkagent], Kind.NAMED, alias="Groep Oost", link="/casussen/1/", case_id=1)[0]
    theirs = notify([world.outsider], Kind.NAMED, alias="Groep West", link="/casussen/2/", case_id=2)[0]
    client = bearer_client(world.wijkagent)
    listed = client.get("/api/v1/notifications").json()["results"]
    assert [n["id"] for n in listed] == [mine.pk]
    assert listed[0]["text"] == "U bent bij naam verbonden aan Groep Oost" and listed[0]["read_at"] is None
    assert client.get(f"/api/v1/notifications/{theirs.pk}").status_code == 404
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read").status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    response = client.post(f"/api/v1/notifications/{mine.pk}/read")
    assert response.status_code == 200 and response.json()["read_at"] is not None
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert client.get(f"/api/v1/notifications/{mine.pk}").json()["read_at"] is not None


def test_preferences_get_and_put(world):
    client = bearer_client(world.wijkagent)
    prefs = client.get("/api/v1/notifications/preferences").json()
    assert set(prefs) == set(Kind.values) and prefs["named"] == Channel.IMMEDIATE
    response = client.put(
        "/api/v1/notifications/preferences", {"named": "uit", "escalation": "dagelijks"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["named"] == "uit" and response.json()["escalation"] == "dagelijks"
    assert (
        client.put("/api/v1/notifications/preferences", {"named": "soms"}, format="json").status_code == 400
    )
    # PUT replaces: a kind left out goes back to its default
    after = client.put("/api/v1/notifications/preferences", {"escalation": "uit"}, format="json").json()
    assert after["named"] == Channel.IMMEDIATE and after["escalation"] == "uit"
    # the choice is the user's own
    assert bearer_client(world.boa).get("/api/v1/notifications/preferences").json()["escalation"] == "direct"


def test_anonymous_gets_401(client):
    for url in ("/api/v1/inbox", "/api/v1/notifications", "/api/v1/notifications/preferences"):
        assert client.get(url).status_code == 401
