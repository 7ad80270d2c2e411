"""The quick signal from the phone: what, where, chips; the rest has defaults. Same service
and guard as the full form; the error summary at the top links each error to its field."""

from datetime import timedelta

import pytest
from django.utils import timezone

from intake.models import Signal, SignalStatus
from tests.factories import SignalFactory

pytestmark = pytest.mark.django_db

TEXT = "Ongeveer tien jongeren met brommers, harde muziek bij het speelveld."


def test_what_and_where_is_enough_the_rest_has_defaults(world, verified_client):
    client = verified_client(world.wijkagent)
    before = timezone.now()
    response = client.post(
        "/signalen/snel/",
        {"description": TEXT, "location": "Speelveld Oost", "source": "eigen", "impact": "middel"},
    )
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.location == "Speelveld Oost" and signal.status == SignalStatus.NEW
    assert signal.organisation == world.wijkagent.organisation and signal.reported_by == world.wijkagent
    assert before - timedelta(seconds=5) <= signal.observed_at <= timezone.now()  # when: now
    assert list(signal.tags.values_list("behaviour", flat=True)) == ["overig"]  # no chip: overig


def test_a_recent_place_is_one_tap_and_chips_are_kept(world, verified_client):
    SignalFactory(reported_by=world.wijkagent, location="Metrostation Noord")
    client = verified_client(world.wijkagent)
    page = client.get("/signalen/snel/").content.decode()
    assert 'value="Metrostation Noord"' in page  # offered as a recent place
    response = client.post(
        "/signalen/snel/",
        {"description": TEXT, "recent": "Metrostation Noord", "behaviours": ["overlast", "intimidatie"],
         "source": "eigen", "impact": "middel"},
    )  # fmt: skip
    assert response.status_code == 302
    signal = Signal.objects.latest("pk")
    assert signal.location == "Metrostation Noord"
    assert set(signal.tags.values_list("behaviour", flat=True)) == {"overlast", "intimidatie"}


def test_browser_position_without_a_place_name_is_kept_as_coordinates(world, verified_client):
    client = verified_client(world.wijkagent)
    response = client.post(
        "/signalen/snel/",
        {
            "description": TEXT,
            "latitude": "52.370216",
            "longitude": "4.895168",
            "source": "eigen",
            "impact": "middel",
        },
    )
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.location == "Eigen positie" and str(signal.latitude) == "52.370216"


def test_no_place_at_all_is_refused_with_the_summary_linking_to_the_field(world, verified_client):
    client = verified_client(world.wijkagent)
    html = client.post(
        "/signalen/snel/", {"description": TEXT, "source": "eigen", "impact": "middel"}
    ).content.decode()
    assert 'class="app-error-summary"' in html and 'tabindex="-1"' in html
    assert 'href="#id_location"' in html
    assert Signal.objects.count() == 0


def test_the_guard_stops_a_name_and_the_summary_names_the_finding(world, verified_client):
    client = verified_client(world.wijkagent)
    response = client.post(
        "/signalen/snel/",
        {
            "description": "Kevin de Vries gooide een fles naar een bus.",
            "location": "Plein",
            "source": "eigen",
            "impact": "middel",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and Signal.objects.count() == 0
    summary = html.split('class="app-error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_description_guard"' in summary and "Kevin de Vries" in summary


@pytest.mark.parametrize("persona", ["burgemeester", "privacy", "beheer"])
def test_who_may_not_report_gets_404(world, verified_client, persona):
    assert verified_client(getattr(world, persona)).get("/signalen/snel/").status_code == 404


def test_the_same_signal_twice_is_warned_about_not_refused(world, verified_client):
    SignalFactory(  # a colleague of the same organisation: a signal the reporter may see
        reported_by=world.teamchef,
        location="Speelveld Oost",
        observed_at=timezone.now() - timedelta(minutes=30),
    )
    client = verified_client(world.wijkagent)
    response = client.post(
        "/signalen/snel/",
        {"description": TEXT, "location": "speelveld oost", "source": "eigen", "impact": "middel"},
        follow=True,
    )
    html = response.content.decode()
    assert Signal.objects.count() == 2
    assert "lijkt op een eerder signaal" in html
    newest = Signal.objects.latest("pk")
    detail = verified_client(world.regisseur).get(f"/signalen/{newest.pk}/").content.decode()
    assert "Lijkt op een ander signaal" in detail


def test_a_signal_elsewhere_is_no_duplicate(world, verified_client):
    SignalFactory(
        reported_by=world.boa, location="Marktplein", observed_at=timezone.now() - timedelta(minutes=30)
    )
    client = verified_client(world.wijkagent)
    html = client.post(
        "/signalen/snel/",
        {"description": TEXT, "location": "Speelveld Oost", "source": "eigen", "impact": "middel"},
        follow=True,
    ).content.decode()
    assert "lijkt op een eerder signaal" not in html


def test_the_full_signal_form_shows_the_same_summary(world, verified_client):
    client = verified_client(world.boa)
    html = client.post("/signalen/melden/", {"description": TEXT}).content.decode()
    summary = html.split('class="app-error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_location"' in summary and 'href="#id_behaviours_0"' in summary
    assert "problemen met wat u invulde" in summary
