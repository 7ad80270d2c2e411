"""The map page (intake.maps): only the signals the user may see, per group or all; the grid
plot without a tile server; 404 for who may not list signals and for a group out of sight."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from intake import maps
from intake.models import Signal
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


def _signal(world, municipality, group, location, lat, lon, area="Parkwijk"):
    return Signal.objects.create(
        municipality=municipality, organisation=world.orgs["politie"], reported_by=world.wijkagent,
        observed_at=timezone.now() - timedelta(days=1), location=location, area=area,
        latitude=Decimal(lat) if lat else None, longitude=Decimal(lon) if lon else None,
        source="eigen", impact="laag", description="Groep jongeren.", group=group,
    )  # fmt: skip


@pytest.fixture
def signals(world):
    group = GroupFactory(
        municipality=world.municipality, name="Jongeren Parkwijk", locations="sporthal; winkelstrip"
    )
    other = GroupFactory(municipality=world.municipality, name="Andere groep")
    elsewhere = GroupFactory(municipality=world.neighbour, name="Groep Buurdorp")
    _signal(world, world.municipality, group, "Sporthal", "52.2068", "4.4162")
    _signal(world, world.municipality, group, "Winkelstrip", "52.2037", "4.4163")
    _signal(world, world.municipality, group, "Ergens", None, None)
    _signal(world, world.municipality, other, "Station", "52.2249", "4.4058", area="Noord")
    _signal(world, world.neighbour, elsewhere, "Buurdorp plein", "52.3", "4.5", area="Buurdorp")
    return group


def test_the_map_holds_only_visible_signals_with_areas_and_hangouts(world, signals):
    data = maps.map_data(world.regisseur, signals)
    assert sorted(p.location for p in data.points) == ["Sporthal", "Winkelstrip"]
    assert data.without_place == 1
    assert [(a.name, a.signals) for a in data.areas] == [("Parkwijk", 3)]
    assert data.hangouts == [("Jongeren Parkwijk", ["sporthal", "winkelstrip"])]
    everything = maps.map_data(world.regisseur)
    assert "Buurdorp plein" not in [p.location for p in everything.points]
    assert len(everything.points) == 3
    plot = maps.plot(data)
    assert len(plot.dots) == 2 and all("," not in x and "," not in y for x, y, _p in plot.dots)


def test_the_page_draws_the_grid_without_tiles_and_refuses_outsiders(
    world, signals, verified_client, settings
):
    settings.MAP_TILE_URL = ""
    page = verified_client(world.regisseur).get(f"/signalen/kaart/?groep={signals.pk}")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="map-fallback"' in html and 'id="map"' not in html and "leaflet.js" not in html
    assert html.count('class="app-map__dot"') == 2 and "Winkelstrip" in html
    settings.MAP_TILE_URL = "https://tegels.example/{z}/{x}/{y}.png"
    html = verified_client(world.regisseur).get(f"/signalen/kaart/?groep={signals.pk}").content.decode()
    assert 'data-tile-url="https://tegels.example/{z}/{x}/{y}.png"' in html and "leaflet.js" in html
    # Another municipality's procesregisseur: the group is not in sight (404) and the
    # municipality-wide map has none of Teststad's points.
    outsider = verified_client(world.outsider)
    assert outsider.get(f"/signalen/kaart/?groep={signals.pk}").status_code == 404
    assert "Sporthal" not in outsider.get("/signalen/kaart/").content.decode()
    # The privacy officer does not list signals.
    assert verified_client(world.privacy).get("/signalen/kaart/").status_code == 404
