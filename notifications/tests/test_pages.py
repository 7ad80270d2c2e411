"""The notifications page, marking read (own only), the preferences page and the unread
count in the header."""

import pytest

from notifications.models import Kind, Notification, Preference
from notifications.services import notify

pytestmark = pytest.mark.django_db


def tell(user, alias="Groep Oost"):
    return notify([user], Kind.NAMED, alias=alias, link="/casussen/7/", case_id=7)[0]


def test_list_shows_own_notifications_and_the_header_counts_unread(world, verified_client):
    tell(world.wijkagent)
    tell(world.outsider, alias="Groep Buurdorp")
    client = verified_client(world.wijkagent)
    html = client.get("/meldingen/").content.decode()
    assert "U bent bij naam verbonden aan Groep Oost" in html and "Groep Buurdorp" not in html
    home = client.get("/").content.decode()
    assert 'class="app-count-badge">1<' in home


def test_mark_read_opens_the_link_and_another_users_is_404(world, verified_client):
    mine, theirs = tell(world.wijkagent), tell(world.outsider)
    client = verified_client(world.wijkagent)
    response = client.post(f"/meldingen/{mine.pk}/gelezen/", {"open": "1"})
    assert response.status_code == 302 and response.url == "/casussen/7/"
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    assert client.post(f"/meldingen/{theirs.pk}/gelezen/").status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert 'class="app-count-badge"' not in client.get("/").content.decode()


def test_mark_all_read(world, verified_client):
    tell(world.wijkagent), tell(world.wijkagent, alias="Groep Zuid"), tell(world.outsider)
    client = verified_client(world.wijkagent)
    assert client.post("/meldingen/alles-gelezen/").status_code == 302
    assert not Notification.objects.filter(recipient=world.wijkagent, read_at=None).exists()
    assert Notification.objects.filter(recipient=world.outsider, read_at=None).exists()


def test_preferences_page_saves_per_kind(world, verified_client):
    client = verified_client(world.wijkagent)
    html = client.get("/meldingen/voorkeuren/").content.decode()
    assert "Een advies wacht op mijn besluit" in html
    data = {kind: "direct" for kind in Kind.values} | {"named": "uit", "action_due": "dagelijks"}
    assert client.post("/meldingen/voorkeuren/", data).status_code == 302
    assert (
        dict(Preference.objects.filter(user=world.wijkagent).values_list("kind", "channel"))["named"] == "uit"
    )
    assert not Preference.objects.filter(user=world.outsider).exists()
    bad = client.post("/meldingen/voorkeuren/", data | {"named": "soms"})
    assert (
        bad.status_code == 200 and Preference.objects.get(user=world.wijkagent, kind="named").channel == "uit"
    )


def test_anonymous_is_sent_to_login(client):
    assert client.get("/meldingen/").status_code == 302
