"""Search and the regie overview through the API: the same reads as the pages, so the
same hits for every persona, the same log entries, and the same refusals."""

import pytest

from privacy.models import ProcessingLogEntry

pytestmark = pytest.mark.django_db

PERSONAS = [
    "regisseur",
    "coordinator",
    "wijkagent",
    "jongerenwerker",
    "school",
    "burgemeester",
    "privacy",
    "outsider",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_search_finds_the_same_youth_on_page_and_api(story, persona, api, verified_client):
    user = getattr(story, persona)
    page = verified_client(user).get("/zoeken/", {"q": "Voorbeeld"})
    on_page = page.status_code == 200 and "Kees Voorbeeld" in page.content.decode()
    page_logs = ProcessingLogEntry.objects.filter(operation="search.hit", actor_id=user.pk).count()
    response = api(user).get("/api/v1/search", {"q": "Voorbeeld"})
    assert response.status_code == 200
    in_api = [p["person"]["full_name"] for p in response.json()["persons"]]
    assert on_page is ("Kees Voorbeeld" in in_api), persona
    api_logs = ProcessingLogEntry.objects.filter(operation="search.hit", actor_id=user.pk).count()
    assert api_logs - page_logs == page_logs, persona  # one logged read per hit, on both doors
    if persona in ("burgemeester", "privacy", "outsider", "school"):
        assert not on_page


def test_search_needs_two_characters(story, api):
    response = api(story.regisseur).get("/api/v1/search", {"q": "K"})
    assert response.status_code == 400 and "q" in response.json()["errors"]


def test_regie_lists_open_cases_with_counts_for_the_municipality_only(story, api, verified_client):
    body = api(story.regisseur).get("/api/v1/regie").json()
    row = next(r for r in body["results"] if r["id"] == story.case.pk)
    assert row["partners"] == story.case.participants.count()
    assert row["open_actions"] == 0 and row["overdue_actions"] == 0
    assert api(story.wijkagent).get("/api/v1/regie").status_code == 403
    assert verified_client(story.wijkagent).get("/regie/").status_code == 404
    elsewhere = api(story.outsider).get("/api/v1/regie")  # a regisseur of the neighbouring municipality
    assert elsewhere.status_code == 200 and story.case.pk not in [
        r["id"] for r in elsewhere.json()["results"]
    ]
