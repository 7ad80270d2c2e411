"""Issue 19 in the browser: the home page shows what waits for each role and clicking
through reaches it; the header counts unread notifications, a notification leads to its
page and is then read; the pages pass axe-core and do not scroll sideways at 320 px."""

import re

import pytest
from playwright.sync_api import expect

from analysis.tests.conftest import build_case, ready_for_step_4, sent_advice
from tests.browser.test_story1 import login_as  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def advised(world):
    """A case in step 4 whose advice waits for the burgemeester's decision."""
    case = ready_for_step_4(world, build_case(world))
    sent_advice(world, case)
    return case


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_burgemeester_decides_from_the_home_page_and_the_notification(
    live_server,
    axe,
    world,
    advised,
    login_as,  # noqa: F811
):
    case = advised

    mayor = login_as(world.burgemeester)
    card = mayor.locator("#wacht-advies")
    expect(card.get_by_role("heading", name="Advies wacht op uw besluit")).to_be_visible()
    expect(mayor.locator("header .app-count-badge")).to_contain_text("1")
    axe(mayor, context="startpagina beslisser")
    card.get_by_role("link", name="Jongeren Testwijk").click()
    mayor.wait_for_url(f"**/casussen/{case.pk}/besluit/")

    mayor.get_by_role("link", name="Meldingen").first.click()
    mayor.wait_for_url("**/meldingen/")
    axe(mayor, context="meldingen")
    mayor.get_by_role(
        "button", name="Het advies over Jongeren Testwijk wacht op uw besluit", exact=True
    ).click()
    mayor.wait_for_url(f"**/casussen/{case.pk}/besluit/")
    expect(mayor.locator("header .app-count-badge")).to_have_count(0)

    mayor.goto(f"{live_server.url}/meldingen/voorkeuren/")
    axe(mayor, context="voorkeuren meldingen")
    mayor.get_by_role("group", name="Een advies wacht op mijn besluit").get_by_label(
        "Eén keer per dag per e-mail"
    ).check()
    mayor.get_by_role("button", name="Opslaan").click()
    expect(mayor.get_by_text("Uw keuzes voor meldingen zijn opgeslagen.")).to_be_visible()

    for path in ("/", "/meldingen/", "/meldingen/voorkeuren/"):
        mayor.set_viewport_size({"width": 320, "height": 800})
        mayor.goto(f"{live_server.url}{path}")
        assert no_sideways_scroll(mayor), path


def test_a_named_partner_sees_what_comes_next_and_not_the_decision(
    live_server,
    axe,
    world,
    advised,
    login_as,  # noqa: F811
):
    case = advised

    agent = login_as(world.wijkagent)
    card = agent.locator("#wacht-casussen")
    expect(card).to_contain_text("Jongeren Testwijk")
    expect(card).to_contain_text("Wacht op het besluit van het overleg (Lokale driehoek)")
    expect(agent.locator("#wacht-advies")).to_have_count(0)
    axe(agent, context="startpagina professional")
    card.get_by_role("link", name=re.compile(r"^1 Groepsaanpakken")).click()  # the count is a link
    agent.wait_for_url("**/wacht-op-mij/casussen/")
    axe(agent, context="alles van een kaart")
    agent.get_by_role("link", name="Jongeren Testwijk — 4. Adviseren en prioriteren").click()
    agent.wait_for_url(f"**/casussen/{case.pk}/besluit/")
