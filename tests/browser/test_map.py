"""The map in the browser (issue 20): the demo group's signal locations on a plain grid when
no tile server is configured (this machine is offline), and on a Leaflet map with clustered
markers when one is — a local tile URL that answers 404 is enough: the markers must show.
The table of the same points is always there; axe-core checks the page."""

import os
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from intake.models import Signal
from tests.browser.test_story1 import login_as  # noqa: F401 - fixture
from tests.factories import GroupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLACES = [
    ("Winkelstrip Lindelaan", "Parkwijk", "52.2037", "4.4163"),
    ("Sporthal Parkwijk", "Parkwijk", "52.2068", "4.4162"),
    ("Speelveld Parkwijk", "Parkwijk", "52.2025", "4.4198"),
    ("Metrostation Noord", "Noord", "52.2249", "4.4058"),
]


def _signals(world):
    group = GroupFactory(
        municipality=world.municipality, name="Jongeren Parkwijk", locations="winkelstrip, sporthal"
    )
    other = GroupFactory(municipality=world.neighbour, name="Groep elders")
    now = timezone.now()
    for i, (location, area, lat, lon) in enumerate(PLACES):
        Signal.objects.create(
            municipality=world.municipality, organisation=world.orgs["politie"], reported_by=world.wijkagent,
            observed_at=now - timedelta(days=i), location=location, area=area, latitude=Decimal(lat),
            longitude=Decimal(lon), source="eigen", impact="laag", description="Groep jongeren, overlast.",
            group=group,
        )  # fmt: skip
    # Not visible to anyone in Teststad: another municipality's signal.
    Signal.objects.create(
        municipality=world.neighbour, organisation=world.orgs["politie"], reported_by=world.wijkagent,
        observed_at=now, location="Buurdorp plein", area="Buurdorp", latitude=Decimal("52.3"),
        longitude=Decimal("4.5"), source="eigen", impact="laag", description="Elders.", group=other,
    )  # fmt: skip
    return group


def _shot(page, name):
    folder = os.environ.get("MAP_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, name), full_page=True)


def test_without_a_tile_server_the_points_are_drawn_on_a_grid(live_server, settings, world, axe, login_as):  # noqa: F811
    settings.MAP_TILE_URL = ""
    group = _signals(world)
    page = login_as(world.regisseur)
    page.goto(f"{live_server.url}/signalen/kaart/?groep={group.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kaart: Jongeren Parkwijk")
    plot = page.locator("#map-fallback")
    expect(plot).to_be_visible()
    expect(page.locator("#map-fallback .app-map__dot")).to_have_count(len(PLACES))
    expect(page.locator("#map")).to_have_count(0)  # no tiles, no broken map
    expect(page.locator("figcaption")).to_contain_text("Zonder kaartondergrond")
    table = page.locator("#map-table")
    expect(table.locator("tbody tr")).to_have_count(len(PLACES))
    expect(table).to_contain_text("Winkelstrip Lindelaan")
    expect(page.locator("main")).not_to_contain_text("Buurdorp plein")
    expect(page.locator("main")).to_contain_text("winkelstrip, sporthal")  # the hang-out places
    axe(page, context="kaart zonder ondergrond")
    _shot(page, "map-fallback.png")
    # All groups: the regie's view holds the same points (and only the visible ones).
    page.goto(f"{live_server.url}/signalen/kaart/")
    expect(page.locator("#map-fallback .app-map__dot")).to_have_count(len(PLACES))


def test_with_a_tile_server_the_markers_show_even_when_tiles_do_not_load(
    live_server,
    settings,
    world,
    axe,
    login_as,  # noqa: F811 - the fixture
):
    settings.MAP_TILE_URL = f"{live_server.url}/tegels-bestaan-niet/{{z}}/{{x}}/{{y}}.png"
    group = _signals(world)
    page = login_as(world.coordinator)
    page.goto(f"{live_server.url}/signalen/kaart/?groep={group.pk}")
    tiles = page.locator("#map")
    expect(tiles).to_be_visible()
    expect(page.locator("#map.app-map__tiles--ready")).to_have_count(1)
    markers = page.locator("#map .leaflet-marker-icon")
    expect(markers.first).to_be_visible()
    # Clustered or single, together they hold every point.
    total = page.evaluate(
        """() => [...document.querySelectorAll('#map .leaflet-marker-icon')].reduce(
             (n, el) => n + (el.classList.contains('marker-cluster') ? parseInt(el.textContent, 10) : 1), 0)"""
    )
    assert total == len(PLACES)
    expect(page.locator("#map-fallback")).to_be_hidden()
    expect(page.locator("#map-table tbody tr")).to_have_count(len(PLACES))  # the table stays
    axe(page, context="kaart met ondergrond")
    _shot(page, "map-tiles.png")
