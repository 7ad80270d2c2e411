import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from tests.factories import PASSWORD, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_set_up_totp_then_log_in_and_see_home(live_server, page, axe):
    org = OrganisationFactory(name="Gemeente Browserstad")
    user = UserFactory(username="renske", first_name="Renske", organisation=org, role=Role.PROCESREGISSEUR)

    page.goto(f"{live_server.url}/")
    assert "/inloggen/" in page.url
    axe(page, context="inlogpagina")
    page.get_by_label("Gebruikersnaam").fill("renske")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Volgende").click()

    # First login: set up the authenticator app.
    page.wait_for_url("**/inloggen/tweede-factor/")
    axe(page, context="MFA instellen")
    device = TOTPDevice.objects.get(user=user)
    page.get_by_label("Code uit uw authenticator-app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Bevestigen en inloggen").click()

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Goedendag, Renske")
    assert "Gemeente Browserstad" in page.locator("header").inner_text()
    axe(page, context="home")

    # Log out and in again, now with the code step.
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("renske")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url("**/inloggen/code/")
    axe(page, context="MFA code")
    page.get_by_label("Code uit uw authenticator-app").fill("000000")
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_text("Deze code klopt niet").first.is_visible()


def test_keyboard_user_reaches_content_through_skip_link(live_server, page):
    page.goto(f"{live_server.url}/handleiding/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Naar de inhoud" in focused
    assert page.get_by_role("link", name="Naar de inhoud").is_visible()  # visible on focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
