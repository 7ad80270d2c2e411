"""The fast track on the crisis page: choose it, start crisis mode in step 2, brief and
debrief, publish the half-A4 briefing, read it and download its PDF; who may not gets 404."""

import pytest
from django.utils import timezone

from accounts.models import OrganisationKind as K
from monitoring.models import CrisisPublication, FastTrack
from tests.factories import GroupFactory, agree_names, case_in_step_2

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate().isoformat()


@pytest.fixture
def step2(world):
    case = case_in_step_2(world, GroupFactory(municipality=world.municipality), partners=(K.POLITIE,))
    agree_names(world, case, "Jan Jansen")
    return case


def test_from_fast_track_to_the_published_half_a4_in_step_2(world, verified_client, step2):
    client = verified_client(world.regisseur)
    page = client.get(f"/casussen/{step2.pk}/crisis/").content.decode()
    assert "Snelle route kiezen" in page and "Crisismodus starten" not in page
    response = client.post(
        f"/casussen/{step2.pk}/crisis/snelle-route/", {"fast-reason": "De groep escaleert snel."}
    )
    assert response.status_code == 302 and FastTrack.objects.get().chosen_by == world.regisseur
    client.post(f"/casussen/{step2.pk}/crisis/starten/", {"start-reason": "Geweld bij de sporthal."})
    page = client.get(f"/casussen/{step2.pk}/crisis/").content.decode()
    assert "De crisismodus loopt" in page and "gekozen door" in page
    for kind, text in (("briefing", "Onrust verwacht."), ("debriefing", "Rustige avond.")):
        response = verified_client(world.wijkagent).post(
            f"/casussen/{step2.pk}/crisis/briefing/",
            {"brief-day": TODAY, "brief-kind": kind, "brief-happened": text, "brief-planned": "Toezicht.",
             "brief-whereabouts": "Twee agenten."},
        )  # fmt: skip
        assert response.status_code == 302, response.content.decode()[:2000]
    client = verified_client(world.regisseur)
    response = client.post(
        f"/casussen/{step2.pk}/crisis/publiceren/",
        {
            "pub-day": TODAY,
            "pub-organisations": [world.orgs[K.POLITIE].pk],
            "pub-functions": "burgemeester, teamchef",
        },
    )
    publication = CrisisPublication.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/crisis/briefing/{publication.pk}/")
    html = client.get(response.url).content.decode()
    assert "Onrust verwacht." in html and "Rustige avond." in html and "burgemeester, teamchef" in html
    pdf = client.get(f"{response.url}pdf/")
    assert (
        pdf.status_code == 200
        and pdf["Content-Type"] == "application/pdf"
        and pdf.content.startswith(b"%PDF")
    )
    # who may see the case reads it; the outsider gets 404 for both
    assert verified_client(world.wijkagent).get(response.url).status_code == 200
    outsider = verified_client(world.outsider)
    assert outsider.get(response.url).status_code == 404
    assert outsider.get(f"{response.url}pdf/").status_code == 404


def test_fast_track_without_reason_shows_the_error_summary(world, verified_client, step2):
    response = verified_client(world.regisseur).post(
        f"/casussen/{step2.pk}/crisis/snelle-route/", {"fast-reason": ""}
    )
    assert response.status_code == 400
    assert 'class="app-error-summary"' in response.content.decode()
    assert not FastTrack.objects.exists()


@pytest.mark.parametrize("persona", ["coordinator", "wijkagent", "outsider"])
def test_only_the_regisseur_may_choose_the_fast_track(world, verified_client, step2, persona):
    client = verified_client(getattr(world, persona))
    response = client.post(f"/casussen/{step2.pk}/crisis/snelle-route/", {"fast-reason": "Escaleert."})
    assert response.status_code == 404
    assert not FastTrack.objects.exists()
    if persona != "outsider":
        assert "Snelle route kiezen" not in client.get(f"/casussen/{step2.pk}/crisis/").content.decode()
