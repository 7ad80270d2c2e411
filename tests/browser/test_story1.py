"""Demo story 1, steps 1–2, through the browser.

Signals from three partners, linked to a new group, case opened, coordinator appointed
with legal basis, name list agreed, a groepsscan request sent and answered, matrix partly
filled, moved to step 3. Every actor logs in through the real two-step login (password +
TOTP) in a browser context of their own, and axe-core checks each new kind of page.
"""

import re
from datetime import date, timedelta

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cases.models import Case
from intake.models import Signal, SignalStatus
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUP = "Groep Skatebaan Noord"
MEMBERS = [("Jayden Bakker", "Kopstuk"), ("Milan Visser", "Harde kern"), ("Sem Jansen", "Meeloper")]
HALT = "II. Aantal maal verwezen naar Halt"
HALT_TEXT = "Tweemaal naar Halt verwezen (vernieling bushokje, 2025)."


# --- helpers --------------------------------------------------------------------


@pytest.fixture
def login_as(live_server, page, browser, browser_context_args):
    """login_as(user) -> a Page logged in as that user through password + TOTP code.

    The first user gets the `page` fixture; every other user a browser context of their
    own, so each TOTP device is used for exactly one login (codes can't be reused)."""
    contexts = []
    pages = []

    def login(user):
        if pages:
            context = browser.new_context(**browser_context_args)
            contexts.append(context)
            user_page = context.new_page()
        else:
            user_page = page
        pages.append(user_page)
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)
        user_page.goto(f"{live_server.url}/inloggen/")
        user_page.get_by_label("Gebruikersnaam").fill(user.username)
        user_page.get_by_label("Wachtwoord").fill(PASSWORD)
        user_page.get_by_role("button", name="Volgende").click()
        user_page.wait_for_url("**/inloggen/code/")
        user_page.get_by_label("Code uit uw authenticator-app").fill(f"{totp(device.bin_key):06d}")
        user_page.get_by_role("button", name="Inloggen").click()
        user_page.wait_for_url(f"{live_server.url}/")
        return user_page

    yield login
    for context in contexts:
        context.close()


def field(page, role, label_start):
    """A form control by the start of its label (labels end in '(verplicht)' when required)."""
    pattern = re.escape(label_start).replace("/", r"\/")  # the regex travels as /.../ to JS
    return page.get_by_role(role, name=re.compile(f"^{pattern}"))


def fill_signal_form(page, *, where, area, behaviours, size, description):
    field(page, "textbox", "Waar").fill(where)
    field(page, "textbox", "Wijk / gebied").fill(area)
    for behaviour in behaviours:
        page.get_by_role("checkbox", name=behaviour, exact=True).check()
    field(page, "spinbutton", "Geschatte groepsgrootte").fill(str(size))
    field(page, "spinbutton", "Leeftijd vanaf").fill("14")
    field(page, "spinbutton", "Leeftijd tot").fill("18")
    field(page, "combobox", "Bron").select_option(label="Eigen waarneming")
    field(page, "combobox", "Impact").select_option(label="Middel")
    field(page, "textbox", "Beschrijving").fill(description)


def report_signal(page, live_server, **signal):
    """A partner reports a step-1 signal through the form and lands on the signal list."""
    page.goto(f"{live_server.url}/signalen/melden/")
    fill_signal_form(page, **signal)
    page.get_by_role("button", name="Signaal delen").click()
    page.wait_for_url(f"{live_server.url}/signalen/")
    see(page, "Dank u. Het signaal is gedeeld met de procesregisseur.")


def open_signal(page, live_server, where):
    """The regisseur opens a signal from the list by its location."""
    page.goto(f"{live_server.url}/signalen/")
    page.get_by_role("row").filter(has_text=where).get_by_role("link").click()
    page.wait_for_url(re.compile(r"/signalen/\d+/$"))


def see(page, text):
    """Wait until the text is visible (after a submit the new page may still be loading)."""
    expect(page.get_by_text(text).first).to_be_visible()  # a refused form says it twice: summary and field


def expect_step(page, label):
    expect(page.get_by_role("list", name="Stappen").locator("[aria-current=step]")).to_have_text(label)


def move_case(page, *, to, reason):
    field(page, "combobox", "Naar").select_option(label=to)
    field(page, "textbox", "Reden").fill(reason)
    page.get_by_role("button", name="Stap zetten").click()


# --- the story ------------------------------------------------------------------


def test_story1_signals_to_step_3(live_server, page, axe, world, login_as):
    # Step 1 — three partners each report what they saw, at group level only.
    wijkagent = login_as(world.wijkagent)
    wijkagent.goto(f"{live_server.url}/signalen/melden/")
    axe(wijkagent, context="signaal melden")
    report_signal(
        wijkagent,
        live_server,
        where="Skatebaan Noord",
        area="Noord",
        behaviours=["Overlast", "Vandalisme"],
        size=12,
        description="Rond de twaalf jongeren hangen 's avonds bij de skatebaan; vernielde bankjes "
        "en intimidatie van voorbijgangers.",
    )
    axe(wijkagent, context="signalenlijst (partner)")

    jongerenwerker = login_as(world.jongerenwerker)
    report_signal(
        jongerenwerker,
        live_server,
        where="Winkelcentrum De Kade",
        area="Noord",
        behaviours=["Overlast", "Alcohol / drugs"],
        size=8,
        description="Groep van ongeveer acht jongeren bij het winkelcentrum, harde muziek en "
        "scooters op de stoep.",
    )

    # The privacy guard stops a signal that names someone, in Dutch, and saves nothing.
    boa = login_as(world.boa)
    boa.goto(f"{live_server.url}/signalen/melden/")
    fill_signal_form(
        boa,
        where="Parkeerdek Stationsplein",
        area="Noord",
        behaviours=["Geweld"],
        size=10,
        description="Kevin de Vries gooide een fles naar een bewoner.",
    )
    boa.get_by_role("button", name="Signaal delen").click()
    see(boa, "Deze tekst lijkt persoonsgegevens te bevatten")
    see(boa, "Privacytoets — gemarkeerd in uw tekst:")
    expect(boa.locator("mark").filter(has_text="Kevin de Vries")).to_have_count(1)
    assert not Signal.objects.filter(description__contains="Kevin").exists()
    assert Signal.objects.count() == 2
    axe(boa, context="signaal melden met melding van de privacytoets")
    # Rewritten at group level, the same report goes through.
    field(boa, "textbox", "Beschrijving").fill(
        "Een jongere uit de groep gooide een fles naar een bewoner op het parkeerdek."
    )
    boa.get_by_role("button", name="Signaal delen").click()
    boa.wait_for_url(f"{live_server.url}/signalen/")
    see(boa, "Dank u. Het signaal is gedeeld met de procesregisseur.")
    assert Signal.objects.count() == 3

    # Step 1 — the regisseur links the first signal to a new group, the others to it.
    regisseur = login_as(world.regisseur)
    regisseur.goto(f"{live_server.url}/signalen/")
    see(regisseur, "3 signalen")
    axe(regisseur, context="signalenlijst (regisseur)")
    open_signal(regisseur, live_server, "Skatebaan Noord")
    axe(regisseur, context="signaal (beoordelen)")
    regisseur.get_by_label("Of: naam van een nieuwe groep").fill(GROUP)
    regisseur.get_by_role("button", name="Koppelen").click()
    see(regisseur, f"Signaal gekoppeld aan {GROUP}.")
    for where in ("Winkelcentrum De Kade", "Parkeerdek Stationsplein"):
        open_signal(regisseur, live_server, where)
        regisseur.get_by_label("Bestaande groep").select_option(label=GROUP)
        regisseur.get_by_role("button", name="Koppelen").click()
        see(regisseur, f"Signaal gekoppeld aan {GROUP}.")
    assert set(Signal.objects.values_list("status", flat=True)) == {SignalStatus.LINKED}
    assert set(Signal.objects.values_list("group__name", flat=True)) == {GROUP}

    # Step 1 — from the group page the regisseur opens the case.
    regisseur.get_by_role("link", name=GROUP).click()
    regisseur.wait_for_url(re.compile(r"/groepen/\d+/$"))
    expect(regisseur.get_by_role("heading", level=1)).to_have_text(GROUP)
    axe(regisseur, context="groepspagina")
    regisseur.get_by_role("button", name="Groepsaanpak starten (casus openen)").click()
    regisseur.wait_for_url(re.compile(r"/casussen/\d+/$"))
    see(regisseur, "Casus geopend in stap 1.")
    expect_step(regisseur, "1. Signalen delen")
    axe(regisseur, context="casuspagina")
    case = Case.objects.get(group__name=GROUP)
    case_url = f"{live_server.url}/casussen/{case.pk}/"

    # Step 1 → 2 is refused until there is a coordinator, a legal basis and necessity.
    move_case(regisseur, to="Door naar stap 2", reason="Signalen van drie partners wijzen op één groep.")
    expect(regisseur.get_by_role("alert")).to_have_text(
        "Stap 2 kan pas beginnen als u: wijs een uitvoeringscoördinator aan; leg de grondslag vast; "
        "onderbouw de noodzaak."
    )
    expect_step(regisseur, "1. Signalen delen")

    # Appoint the coordinator with legal basis and necessity; invite police and youth work.
    field(regisseur, "combobox", "Uitvoeringscoördinator").select_option(
        value=str(world.coordinator.pk)
    )  # labels are names now
    field(regisseur, "combobox", "Grondslag").select_option(
        label="AVG art. 6 lid 1 sub e jo. Gemeentewet art. 172"
    )
    field(regisseur, "textbox", "Toelichting grondslag").fill("Convenant aanpak jeugdgroepen, art. 4.")
    field(regisseur, "textbox", "Noodzaak en proportionaliteit").fill(
        "Overlast en vernielingen nemen toe; zonder zicht op de leden is geen gerichte aanpak mogelijk."
    )
    regisseur.get_by_role("button", name="Vastleggen").click()
    see(regisseur, "Uitvoeringscoördinator en grondslag vastgelegd.")
    participants = regisseur.get_by_role("region", name="Deelnemende organisaties").get_by_role("listitem")
    for organisation in ("Politie Teststad", "Jongerenwerk Teststad"):
        field(regisseur, "combobox", "Organisatie").select_option(label=f"{organisation} (Teststad)")
        regisseur.get_by_role("button", name="Uitnodigen").click()
        expect(participants.filter(has_text=organisation)).to_be_visible()
    see(regisseur, "Organisatie uitgenodigd.")

    # Need to know: the regisseur names the professionals who work with this group; only
    # they, of their organisations, will see the youths' names.
    for professional in (world.wijkagent, world.jongerenwerker):
        field(regisseur, "combobox", "Medewerker").select_option(value=str(professional.pk))
        field(regisseur, "textbox", "Waarom heeft deze persoon").fill("Werkt met deze groep.")
        regisseur.get_by_role("button", name="Bij naam verbinden").click()
        see(regisseur, "is bij naam aan de casus verbonden.")
    axe(regisseur, context="casus: bij naam betrokken")

    # Step 1 → 2.
    move_case(regisseur, to="Door naar stap 2", reason="Coördinator en grondslag vastgelegd.")
    see(regisseur, "De casus is verplaatst.")
    expect_step(regisseur, "2. Informatie verzamelen en verbinden")

    # Step 2 — the coordinator puts names on the list and agrees them.
    coordinator = login_as(world.coordinator)
    coordinator.goto(case_url)
    coordinator.get_by_role("link", name="Namenlijst").click()
    coordinator.wait_for_url("**/namenlijst/")
    for name, role in MEMBERS:
        field(coordinator, "textbox", "Naam").fill(name)
        field(coordinator, "combobox", "Rol in de groep").select_option(label=role)
        coordinator.get_by_role("button", name="Toevoegen").click()
        expect(coordinator.get_by_role("row").filter(has_text=name)).to_contain_text("Voorgesteld")
    axe(coordinator, context="namenlijst")
    see(coordinator, "Naam toegevoegd aan de namenlijst (voorgesteld).")
    see(coordinator, "3 namen, waarvan 0 afgestemd")
    for agreed, (name, _role) in enumerate(MEMBERS, start=1):
        row = coordinator.get_by_role("row").filter(has_text=name)
        row.get_by_label("Status").select_option(label="Afgestemd")
        row.get_by_role("button", name="Opslaan").click()
        see(coordinator, f"3 namen, waarvan {agreed} afgestemd")
    see(coordinator, "Status op de namenlijst bijgewerkt.")

    # Step 2 — the coordinator sends a groepsscan request to the police ...
    coordinator.get_by_role("link", name="Informatieverzoeken").click()
    coordinator.wait_for_url("**/verzoeken/")
    field(coordinator, "combobox", "Soort verzoek").select_option(value="groepsscan")
    field(coordinator, "combobox", "Gericht aan").select_option(label="Politie Teststad (Teststad)")
    field(coordinator, "textbox", "Vraag").fill(
        "Graag een groepsscan van de groep bij de skatebaan: standaardrapport, aantal onbekende "
        "namen en de sterkte van de informatiepositie."
    )
    field(coordinator, "listbox", "Gevraagde onderwerpen").select_option(label=[HALT, "II. Ontvangen PV's"])
    coordinator.get_by_label("Uiterste datum").fill((date.today() + timedelta(days=14)).isoformat())
    # §3.3: from the burgemeester (the coordinator is the contact person) to the teamchef's
    # function; the standard report also goes to the OM's gebiedsofficier.
    expect(field(coordinator, "textbox", "Gericht aan functie")).to_have_value("teamchef")
    field(coordinator, "combobox", "Namens de burgemeester").select_option(index=1)
    field(coordinator, "combobox", "Gebiedsofficier van het OM").select_option(index=1)
    coordinator.get_by_role("button", name="Verzoek versturen").click()
    see(coordinator, "Informatieverzoek verstuurd.")
    axe(coordinator, context="informatieverzoeken")

    # ... and the teamchef (not any wijkagent) answers it: first per name, then the report.
    teamchef = login_as(world.teamchef)
    teamchef.goto(case_url)
    teamchef.get_by_role("link", name="Informatieverzoeken").click()
    teamchef.get_by_role("link", name="Beantwoorden").click()
    teamchef.wait_for_url(re.compile(r"/verzoeken/\d+/$"))
    axe(teamchef, context="verzoek beantwoorden")
    for number, (name, _role) in enumerate(MEMBERS):
        outcome = "Onbekend bij de politie" if number == 0 else "Bekend bij de politie"
        field(teamchef, "combobox", name).select_option(label=outcome)
    teamchef.get_by_role("button", name="Antwoord per naam vastleggen").click()
    teamchef.wait_for_url(re.compile(r"/verzoeken/\d+/$"))
    field(teamchef, "textbox", "Antwoord").fill(
        "Groepsscan uitgevoerd; het geanonimiseerde standaardrapport is bijgevoegd bij de burgemeester."
    )
    field(teamchef, "combobox", "Sterkte informatiepositie").select_option(label="Matig")
    teamchef.get_by_role("button", name="Antwoord versturen").click()
    teamchef.wait_for_url("**/verzoeken/")
    see(teamchef, "Antwoord verstuurd.")
    answered = teamchef.get_by_role("row").filter(has_text="Groepsscan")
    expect(answered).to_contain_text("Beantwoord")
    expect(answered).to_contain_text("Onbekend bij politie: 1")
    expect(answered).to_contain_text("Informatiepositie: Matig")

    # Step 2 — the matrix, partly: the wijkagent adds criminal information about one
    # member, the jongerenwerker something about the group as a whole.
    member = MEMBERS[0][0]
    wijkagent.goto(case_url)
    wijkagent.get_by_role("link", name="Informatiematrix").click()
    wijkagent.wait_for_url("**/informatiematrix/")
    axe(wijkagent, context="informatiematrix")
    field(wijkagent, "combobox", "Onderwerp").select_option(label=HALT)
    field(wijkagent, "combobox", "Over").select_option(label=member)
    field(wijkagent, "textbox", "Wat weet u?").fill(HALT_TEXT)
    wijkagent.get_by_role("button", name="Toevoegen").click()
    see(wijkagent, "Informatie toegevoegd aan de matrix.")
    wijkagent.get_by_text("II. Strafrechtelijke informatie").click()  # open the cluster
    see(wijkagent, HALT_TEXT)

    jongerenwerker.goto(f"{case_url}informatiematrix/")
    field(jongerenwerker, "combobox", "Onderwerp").select_option(label="I. Hechte groep?")
    field(jongerenwerker, "combobox", "Over").select_option(label="De groep als geheel")
    field(jongerenwerker, "textbox", "Wat weet u?").fill(
        "Vaste kern van vijf jongeren, daaromheen wisselende aanhang."
    )
    jongerenwerker.get_by_role("button", name="Toevoegen").click()
    see(jongerenwerker, "Informatie toegevoegd aan de matrix.")
    see(jongerenwerker, "Vaste kern van vijf jongeren")
    see(jongerenwerker, "afgeschermd: strafrechtelijke gegevens")
    expect(jongerenwerker.get_by_text(HALT_TEXT)).to_have_count(0)

    # The person page: youth work sees the criminal item withheld, the police sees it.
    jongerenwerker.get_by_role("link", name="Namenlijst").click()
    jongerenwerker.get_by_role("link", name=member).click()
    jongerenwerker.wait_for_url(re.compile(r"/groepen/leden/\d+/$"))  # the member page
    axe(jongerenwerker, context="lidpagina (jongerenwerk)")
    jongerenwerker.get_by_role("link", name="Alle gegevens over deze persoon").click()
    jongerenwerker.wait_for_url(re.compile(r"/groepen/personen/\d+/$"))
    expect(jongerenwerker.get_by_role("heading", level=1)).to_have_text(member)
    see(jongerenwerker, "afgeschermd: strafrechtelijke gegevens")
    expect(jongerenwerker.get_by_text(HALT_TEXT)).to_have_count(0)
    axe(jongerenwerker, context="persoonspagina (jongerenwerk)")

    wijkagent.get_by_role("link", name=member).click()
    wijkagent.wait_for_url(re.compile(r"/groepen/personen/\d+/$"))
    expect(wijkagent.get_by_role("cell", name="Aantal maal verwezen naar Halt")).to_be_visible()
    see(wijkagent, HALT_TEXT)
    expect(wijkagent.get_by_text("afgeschermd: strafrechtelijke gegevens")).to_have_count(0)
    axe(wijkagent, context="persoonspagina (politie)")

    # Step 2 → 3: the regisseur decides to continue with the partners.
    regisseur.goto(case_url)
    expect_step(regisseur, "2. Informatie verzamelen en verbinden")
    move_case(regisseur, to="Door naar stap 3", reason="Beeld is voldoende voor het integrale beeld.")
    see(regisseur, "De casus is verplaatst.")
    expect_step(regisseur, "3. Integraal beeld en concept PvA")
    case.refresh_from_db()
    assert case.step == 3
    assert list(case.transitions.order_by("at").values_list("to_step", flat=True)) == [1, 2, 3]
