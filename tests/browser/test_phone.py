"""A phone as quick as a group chat (issue 19): every page of the demo walk reflows at 320
and 390 CSS px without sideways scrolling (WCAG 1.4.10), the quick signal goes out with at
most three taps after typing, and a refused form puts its error summary in focus.

Logged in as in the demo (DEMO_MODE: password only), so each persona is one form away."""

import io

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from cases.models import Case
from intake.models import Signal
from privacy.models import MatrixItem
from privacy.reference import load_reference_data
from tests.factories import PASSWORD
from tests.permissions_table import rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-Groepsaanpak-2026"
WIDTHS = (320, 390)
# The demo walk: the personas of the stories, each on every page the permission table
# gives them (200) for the demo's cases in step 2 (De Jonkies) and step 6 (Jongeren Parkwijk).
PERSONAS = ("regisseur", "wijkagent", "burgemeester")
OBJECTS = ("none", "case1", "case3", "group3", "signal3")


@pytest.fixture
def demo_mode(settings):
    settings.DEMO_MODE = True


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_label("Wachtwoord").press("Enter")
    page.wait_for_url(f"{base_url}/")


def demo_walk(persona: str) -> list[str]:
    case1 = Case.objects.get(group__name="De Jonkies")
    case3 = Case.objects.get(group__name="Jongeren Parkwijk")
    signal3 = Signal.objects.filter(group=case3.group).order_by("pk").first()
    objects = {
        "none": {},
        "case1": {"pk": case1.pk},
        "case3": {"pk": case3.pk},
        "group3": {"pk": case3.group_id},
        "signal3": {"pk": signal3.pk},
    }
    urls = []
    for key, obj, outcomes in rows():
        if obj not in OBJECTS or outcomes[persona] != "200" or key.startswith("api:") or "/" in key:
            continue
        try:
            urls.append(reverse(key, kwargs=objects[obj]))
        except NoReverseMatch:  # a route whose arguments are more than the object's pk
            continue
    return urls


def overflow(page) -> tuple[int, int]:
    return tuple(page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))


def test_every_page_of_the_demo_walk_reflows_at_320_and_390_px(live_server, page, demo_mode):
    if not MatrixItem.objects.exists():  # flushed by an earlier transactional (browser) test
        load_reference_data()
    call_command("demo", stdout=io.StringIO())
    wide = []
    seen = 0
    for persona in PERSONAS:
        page.context.clear_cookies()
        log_in(page, live_server.url, persona, DEMO_PASSWORD)
        urls = demo_walk(persona)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            for url in urls:
                response = page.goto(f"{live_server.url}{url}")
                if response.status != 200:  # the table's extra seeding (an answered request)
                    continue
                seen += 1
                scroll, inner = overflow(page)
                if scroll > inner:
                    wide.append(f"{persona} {width}px {url}: {scroll} > {inner}")
    assert seen > 100, seen  # the walk was walked
    assert wide == [], "pages that scroll sideways:\n" + "\n".join(wide)


def test_narrow_header_is_compact_and_the_menu_opens(live_server, page, demo_mode, world):
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, live_server.url, world.wijkagent.username, PASSWORD)
    header = page.locator("header").bounding_box()
    assert header["height"] < 200, header  # was about 510 px before any content
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    assert not nav.is_visible()
    page.get_by_role("button", name="Menu").click()
    assert nav.is_visible()
    assert page.get_by_role("button", name="Menu").get_attribute("aria-expanded") == "true"
    page.set_viewport_size({"width": 1366, "height": 800})
    assert not page.get_by_role("button", name="Menu").is_visible()  # wide: the menu is just there
    assert nav.is_visible()


def test_quick_signal_goes_out_with_two_taps_after_typing(live_server, page, demo_mode, world, axe):
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, live_server.url, world.wijkagent.username, PASSWORD)
    page.goto(f"{live_server.url}/signalen/snel/")
    axe(page, context="snel signaal")
    taps = 0
    page.get_by_label("Wat ziet u?").fill("Groep van tien jongeren met brommers bij het speelveld.")
    page.get_by_label("Waar?").fill("Speelveld Oost")
    page.get_by_label("Overlast").click()  # a chip
    taps += 1
    page.get_by_role("button", name="Signaal delen").click()
    taps += 1
    page.wait_for_url(f"{live_server.url}/signalen/")
    assert taps <= 3
    assert page.get_by_text("Het signaal is gedeeld met de procesregisseur").is_visible()
    signal = Signal.objects.get()
    assert signal.location == "Speelveld Oost" and signal.reported_by == world.wijkagent
    assert list(signal.tags.values_list("behaviour", flat=True)) == ["overlast"]


def test_quick_signal_from_a_recent_place_is_three_taps(live_server, page, demo_mode, world):
    Signal.objects.create(
        municipality=world.municipality, organisation=world.wijkagent.organisation,
        reported_by=world.wijkagent, observed_at="2026-01-05T20:00+01:00", location="Metrostation Noord",
        source="eigen", impact="middel", description="Eerder signaal.",
    )  # fmt: skip
    page.set_viewport_size({"width": 320, "height": 700})
    log_in(page, live_server.url, world.wijkagent.username, PASSWORD)
    page.goto(f"{live_server.url}/signalen/snel/")
    page.get_by_label("Wat ziet u?").fill("Jongeren hangen bij de ingang, harde muziek.")
    page.get_by_label("Metrostation Noord").click()  # tap 1: the recent place
    page.get_by_label("Intimidatie").click()  # tap 2: a chip
    page.get_by_role("button", name="Signaal delen").click()  # tap 3
    page.wait_for_url(f"{live_server.url}/signalen/")
    assert Signal.objects.filter(location="Metrostation Noord").count() == 2
    assert overflow(page)[0] <= 320


def test_a_refused_form_focuses_its_error_summary_and_links_to_the_field(
    live_server, page, demo_mode, world, axe
):
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, live_server.url, world.wijkagent.username, PASSWORD)
    page.goto(f"{live_server.url}/signalen/snel/")
    page.get_by_label("Wat ziet u?").fill("Kevin de Vries gooide een fles naar een bus.")
    page.get_by_role("button", name="Signaal delen").click()
    page.wait_for_load_state()
    summary = page.locator(".app-error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('app-error-summary')")
    assert summary.bounding_box()["y"] < 500  # at the top, not below the fold
    assert "Kevin de Vries" in summary.inner_text()  # the guard's finding is in it
    axe(page, context="foutoverzicht")
    summary.get_by_role("link", name="Waar?").click()
    assert page.evaluate("document.activeElement.id") == "id_location"
    assert Signal.objects.count() == 0
