"""The privacy officer's overview in the browser (issue 17, "Done when"): the officer opens
it from the menu, reads the log in words, filters it to one person and one week, and
exports what is shown. Her reading is logged. axe-core checks the page."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import OrganisationKind
from cases import services
from privacy.models import ProcessingLogEntry
from tests.browser.test_story1 import login_as  # noqa: F401 - fixture
from tests.factories import GroupFactory, case_in_step_2

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_privacy_officer_filters_the_log_to_one_person_and_one_week(
    live_server,
    page,
    axe,
    world,
    login_as,  # noqa: F811 - the fixture
):
    case = case_in_step_2(
        world,
        GroupFactory(municipality=world.municipality, name="Jongeren Havenkwartier"),
        partners=(OrganisationKind.POLITIE,),
    )
    sem = services.add_to_name_list(case, actor=world.coordinator, full_name="Sem Jansen")
    services.add_to_name_list(case, actor=world.coordinator, full_name="Tim de Wit")
    # The log is append-only (no back-dated rows): the week before this one is empty.

    officer = login_as(world.privacy)
    officer.get_by_role("link", name="Privacyoverzicht").click()
    officer.wait_for_url("**/privacy/overzicht/")
    expect(officer.get_by_role("heading", level=1)).to_have_text("Overzicht privacyfunctionaris")
    axe(officer, context="overzicht privacyfunctionaris")

    table = officer.locator("#log-table")
    expect(table).to_contain_text("Naam op de namenlijst gezet")  # in words, not name_list.add
    expect(table).to_contain_text(world.coordinator.display_name())
    expect(table).to_contain_text("Tim de Wit")

    # One person: the link next to her name.
    table.get_by_role("link", name="alleen deze persoon (Sem Jansen)").first.click()
    expect(officer.locator("#person-filter")).to_have_text("Alleen verwerkingen over Sem Jansen.")
    expect(officer.locator("#log-table")).not_to_contain_text("Tim de Wit")

    # One week: this week shows her rows; the week before shows none.
    today = timezone.localdate()
    officer.get_by_label("Vanaf").fill(str(today - timedelta(days=6)))
    officer.get_by_label("Tot en met").fill(str(today))
    officer.get_by_role("button", name="Filteren").click()
    expect(officer.locator("#person-filter")).to_be_visible()
    expect(officer.locator("#log-table")).to_contain_text("Sem Jansen")
    expect(officer.locator("#log-table")).not_to_contain_text("Tim de Wit")
    axe(officer, context="overzicht gefilterd")
    officer.get_by_label("Vanaf").fill(str(today - timedelta(days=13)))
    officer.get_by_label("Tot en met").fill(str(today - timedelta(days=7)))
    officer.get_by_role("button", name="Filteren").click()
    expect(officer.get_by_text("Geen verwerkingen gevonden.")).to_be_visible()

    # The export of what is shown, with the same filters.
    officer.get_by_label("Vanaf").fill(str(today - timedelta(days=6)))
    officer.get_by_label("Tot en met").fill(str(today))
    officer.get_by_role("button", name="Filteren").click()
    with officer.expect_download() as download:
        officer.get_by_role("link", name="Exporteren (CSV)").click()
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Sem Jansen" in content and "Tim de Wit" not in content

    # Her reading and her export are in the log, about Sem only.
    seen = ProcessingLogEntry.objects.filter(actor_username="privacy")
    assert {e.operation for e in seen} == {"processing_log.read", "processing_log.export"}
    assert {e.data_subject for e in seen.filter(operation="processing_log.export")} == {
        str(sem.person.pseudonym)
    }
