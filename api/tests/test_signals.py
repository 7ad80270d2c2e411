"""Step 1 through the API: a youth worker reports a signal, the guard has the last word,
the regisseur triages."""

import pytest
from django.utils import timezone

from intake.models import Signal
from privacy.models import GuardConfirmation
from tests.factories import SignalFactory

pytestmark = pytest.mark.django_db


def _signal(**overrides):
    body = {
        "observed_at": timezone.now().isoformat(),
        "location": "Skatebaan Noorderpark",
        "area": "Noord",
        "behaviours": ["overlast", "alcohol_drugs"],
        "group_size": 10,
        "age_min": 12,
        "age_max": 14,
        "source": "eigen",
        "impact": "middel",
        "description": "Groep van ongeveer tien jongeren met blikjes bier, na aanspreken weggegaan.",
    }
    return {**body, **overrides}


def test_youth_worker_posts_a_signal(world, api):
    response = api(world.jongerenwerker).post("/api/v1/signals", _signal(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "nieuw"
    assert body["behaviours"] == ["overlast", "alcohol_drugs"]
    assert body["organisation"]["name"] == "Jongerenwerk Teststad"
    signal = Signal.objects.get(pk=body["id"])
    assert signal.reported_by == world.jongerenwerker and signal.municipality == world.municipality


def test_guard_blocks_a_signal_with_a_name_and_saves_nothing(world, api):
    text = "Kevin de Vries gooide flessen naar voorbijgangers, bel hem op 06-12345678."
    response = api(world.jongerenwerker).post("/api/v1/signals", _signal(description=text), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "privacy_guard"
    assert "persoonsgegevens" in body["errors"]["description"][0]
    kinds = {f["kind"] for f in body["findings"]["description"]}
    assert {"name", "phone"} <= kinds
    for finding in body["findings"]["description"]:
        assert text[finding["start"] : finding["end"]] == finding["text"]
    assert not Signal.objects.exists()


def test_confirmed_findings_let_a_false_alarm_through_and_are_kept(world, api):
    text = "Jongeren hangen rond bij Bakkerij Pietersen en maken veel lawaai."  # a shop, flagged
    client = api(world.jongerenwerker)
    first = client.post("/api/v1/signals", _signal(description=text), format="json")
    assert first.status_code == 400
    confirmed = [{"kind": f["kind"], "text": f["text"]} for f in first.json()["findings"]["description"]]
    response = client.post(
        "/api/v1/signals", _signal(description=text, confirmed_findings=confirmed), format="json"
    )
    assert response.status_code == 201, response.content
    assert GuardConfirmation.objects.filter(subject=f"intake.signal:{response.json()['id']}").exists()


def test_signal_validation_errors_are_per_field_and_dutch(world, api):
    response = api(world.jongerenwerker).post(
        "/api/v1/signals", _signal(behaviours=[], age_min=16, age_max=12, source="telepathie"), format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["behaviours"] == ["Kies ten minste één categorie."]
    assert errors["source"] == ['"telepathie" is een ongeldige keuze.']


def test_signal_in_the_future_is_refused(world, api):
    later = (timezone.now() + timezone.timedelta(days=1)).isoformat()
    response = api(world.boa).post("/api/v1/signals", _signal(observed_at=later), format="json")
    assert response.json()["errors"]["observed_at"] == ["Het tijdstip ligt in de toekomst."]


@pytest.mark.parametrize("persona", ["burgemeester", "privacy", "beheer"])
def test_roles_that_do_not_report_get_403(world, api, persona):
    response = api(getattr(world, persona)).post("/api/v1/signals", _signal(), format="json")
    assert response.status_code == 403
    assert not Signal.objects.exists()


def test_signal_filters_are_validated(world, api):
    response = api(world.regisseur).get("/api/v1/signals?date_from=gisteren&behaviour=zingen")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"date_from", "behaviour"}


def test_regisseur_handles_and_links_signals(world, api):
    first = SignalFactory(reported_by=world.boa)
    second = SignalFactory(reported_by=world.wijkagent)
    client = api(world.regisseur)
    response = client.post(f"/api/v1/signals/{first.pk}/handle", {"note": "Extra toezicht"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "regulier"
    again = client.post(f"/api/v1/signals/{first.pk}/handle", {"note": "nogmaals"}, format="json")
    assert again.status_code == 409
    response = client.post(
        f"/api/v1/signals/{second.pk}/link", {"new_group_name": "Groep Skatebaan"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["group"]["name"] == "Groep Skatebaan"


def test_partner_may_see_own_signal_but_not_triage_it(world, api):
    signal = SignalFactory(reported_by=world.boa)
    client = api(world.boa)
    assert client.get(f"/api/v1/signals/{signal.pk}").status_code == 200
    response = client.post(f"/api/v1/signals/{signal.pk}/handle", {"note": "x"}, format="json")
    assert response.status_code == 403


def test_the_signal_count_stops_at_its_cap_and_paging_goes_on(world, api, monkeypatch):
    """Past the cap `count` is a lower bound (count_capped), as "meer dan 200" on the page;
    `next` is still there while rows follow, and near the end the count is exact again."""
    from api.pagination import BoundedCountPagination

    monkeypatch.setattr(BoundedCountPagination, "count_cap", 3)
    made = SignalFactory.create_batch(7, reported_by=world.jongerenwerker)
    client = api(world.regisseur)
    first = client.get("/api/v1/signals", {"limit": 1}).json()
    assert first["count"] == 3 and first["count_capped"] is True and first["next"]
    late = client.get("/api/v1/signals", {"limit": 2, "offset": 4}).json()
    assert late["count"] == 7 and late["count_capped"] is False
    assert len(late["results"]) == 2 and late["next"]
    last = client.get("/api/v1/signals", {"limit": 2, "offset": 6}).json()
    assert len(last["results"]) == 1 and last["next"] is None and last["count"] == 7
    seen = set()
    url, params = "/api/v1/signals", {"limit": 2}
    while url:
        page = client.get(url, params).json()
        seen |= {r["id"] for r in page["results"]}
        url, params = page["next"], None
    assert seen == {s.pk for s in made}
