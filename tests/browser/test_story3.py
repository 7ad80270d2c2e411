"""A story-3-like case (a neighbourhood network, plus/min/mee) through steps 3–4 in the browser.

Issue 5, "Done when": the interventiematrix filled by two partners, plus/min/mee for at least
ten members with the sociogram shown, a round of circular questioning with answers from three
organisations and recorded threads, the concept plan, the anonymised advice (free of the
members' names; the privacy guard stops a name typed into it), and a recorded decision with
goals and steering. The decider reads advice and agenda but sees no member's personal data.
Every actor logs in through password + TOTP; axe-core checks every new page.
"""

import re

import pytest
from playwright.sync_api import expect

from analysis.models import Advice, CircularAnswer, CommonThread, ForumDecision, InterventionEntry
from analysis.tests.conftest import build_case
from groups.models import Assessment
from tests.browser.test_story1 import expect_step, field, login_as, move_case, see  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBERS = [
    ("Ryan Meijer", "Kleine R", "min", "5", True),
    ("Yusuf Demir", "", "min", "4", False),
    ("Luuk Smit", "", "mee", "2", False),
    ("Anouk de Wit", "Noekie", "plus", "4", False),
    ("Daan Visser", "", "mee", "2", False),
    ("Mila Bakker", "", "plus", "3", False),
    ("Sem de Groot", "Semmie", "mee", "3", False),
    ("Noah de Jong", "", "mee", "1", False),
    ("Lotte Peters", "", "plus", "2", False),
    ("Milan Jansen", "", "mee", "2", False),
    ("Sara El Amrani", "", "plus", "3", False),
    ("Finn Mulder", "", "min", "3", False),
]
CRIMINAL_CELL = "Twee processen-verbaal voor vernieling in het afgelopen jaar."


def names_in(text: str) -> list[str]:
    """Every member's full name, first name, surname or nickname that occurs in `text`."""
    found = []
    for full, nick, *_rest in MEMBERS:
        words = {full, nick} | {w for w in full.split() if w[0].isupper() and w != "El"}
        found += [w for w in words if w and re.search(rf"\b{re.escape(w)}\b", text)]
    return found


def test_story3_picture_to_decision(live_server, page, axe, world, login_as):  # noqa: F811 - the fixture
    case = build_case(
        world, name="Jongeren Lindewijk", members=[(n, nick, None, "") for n, nick, *_ in MEMBERS]
    )
    case_url = f"{live_server.url}/casussen/{case.pk}/"

    # Work form 1 — the interventiematrix, filled beforehand by two partners.
    wijkagent = login_as(world.wijkagent)
    wijkagent.goto(case_url)
    wijkagent.get_by_role("link", name="Interventiematrix").click()
    wijkagent.wait_for_url("**/interventiematrix/")
    axe(wijkagent, context="interventiematrix")
    field(wijkagent, "combobox", "Rij").select_option(label="Ryan Meijer")
    field(wijkagent, "combobox", "Kolom").select_option(label="Beschikbare informatie")
    field(wijkagent, "combobox", "Soort informatie").select_option(label="Strafrechtelijke gegevens")
    field(wijkagent, "textbox", "Inhoud").fill(CRIMINAL_CELL)
    wijkagent.get_by_role("button", name="Toevoegen").click()
    see(wijkagent, "Toegevoegd aan de interventiematrix.")
    see(wijkagent, CRIMINAL_CELL)

    jongerenwerker = login_as(world.jongerenwerker)
    jongerenwerker.goto(f"{case_url}interventiematrix/")
    field(jongerenwerker, "combobox", "Rij").select_option(label="De groep als geheel")
    field(jongerenwerker, "combobox", "Kolom").select_option(label="Mogelijke interventies")
    field(jongerenwerker, "textbox", "Inhoud").fill("Avondopenstelling van de sporthal met jongerenwerk.")
    jongerenwerker.get_by_role("button", name="Toevoegen").click()
    see(jongerenwerker, "Toegevoegd aan de interventiematrix.")
    see(jongerenwerker, "Avondopenstelling van de sporthal met jongerenwerk.")
    expect(jongerenwerker.get_by_text(CRIMINAL_CELL)).to_have_count(0)  # youth work: no criminal cells
    see(jongerenwerker, "afgeschermd: strafrechtelijke gegevens, alleen voor")
    assert InterventionEntry.objects.filter(case=case).count() == 2

    # Work form 2 — plus/min/mee for all twelve members in one session, then a tie.
    jongerenwerker.get_by_role("link", name="Groepsdynamiek").click()
    jongerenwerker.wait_for_url("**/groepsdynamiek/")
    axe(jongerenwerker, context="groepsdynamiek (leeg)")
    for name, _nick, dynamic, influence, leader in MEMBERS:
        jongerenwerker.get_by_label(f"Plus, min of mee: {name}", exact=True).select_option(value=dynamic)
        jongerenwerker.get_by_label(f"Invloed: {name}", exact=True).select_option(value=influence)
        if leader:
            jongerenwerker.get_by_label(f"Leider: {name}", exact=True).check()
    jongerenwerker.get_by_role("button", name="Beoordelingen opslaan").click()
    see(jongerenwerker, "12 beoordelingen vastgelegd.")
    assert Assessment.objects.filter(membership__case=case).count() == 12
    field(jongerenwerker, "combobox", "Van").select_option(label="Ryan Meijer")
    field(jongerenwerker, "combobox", "Soort band").select_option(label="Leider – volger")
    field(jongerenwerker, "combobox", "Naar").select_option(label="Yusuf Demir")
    jongerenwerker.get_by_role("button", name="Band vastleggen").click()
    see(jongerenwerker, "Band vastgelegd.")
    sociogram = jongerenwerker.get_by_role("img", name=re.compile("^Sociogram van de groep op"))
    expect(sociogram).to_be_visible()
    expect(jongerenwerker.locator("svg .app-soc-node")).to_have_count(12)
    expect(jongerenwerker.locator("svg .app-soc-node--min.app-soc-node--leader")).to_have_count(1)
    expect(jongerenwerker.locator("svg line.app-soc-edge--leider_volger")).to_have_count(1)
    table = jongerenwerker.get_by_role("table", name="Tekstalternatief van het sociogram")
    expect(table.get_by_role("row", name=re.compile("^Ryan Meijer"))).to_contain_text(
        "leider van Yusuf Demir"
    )
    axe(jongerenwerker, context="groepsdynamiek met sociogram")

    # Work form 3 — circular questioning: the coordinator opens a round ...
    coordinator = login_as(world.coordinator)
    coordinator.goto(case_url)
    coordinator.get_by_role("link", name="Circulair bevragen").click()
    coordinator.wait_for_url("**/circulair/")
    axe(coordinator, context="circulair bevragen (rondes)")
    coordinator.get_by_role("button", name="Ronde openen").click()
    coordinator.wait_for_url(re.compile(r"/circulair/1/$"))
    see(coordinator, "Ronde geopend. De partners kunnen de vragen nu vooraf beantwoorden.")

    # ... three organisations answer beforehand ...
    answers = {
        wijkagent: (
            ["Kleine harde kern, grote aanhang", "Territoriaal rond de winkelstrip"],
            ["Doorgroei naar drugshandel"],
            ["Voetbalclub in de wijk"],
        ),
        jongerenwerker: (
            ["Zoeken erkenning"],
            ["Schooluitval bij meelopers"],
            ["Sporthal in de avonden", "Stages bij ondernemers"],
        ),
    }
    boa = login_as(world.boa)
    answers[boa] = (
        ["Overlast na sluitingstijd"],
        ["Bewoners melden niet meer"],
        ["Ondernemers willen meedenken"],
    )
    for user_page, (kenmerken, risicos, verbindingen) in answers.items():
        user_page.goto(f"{case_url}circulair/1/")
        for question, items in (
            ("De 3 belangrijkste kenmerken van de groep", kenmerken),
            ("De 3 grootste risico's of zorgen", risicos),
            ("De 3 meest kansrijke verbindingen met het 'gewone' leven", verbindingen),
        ):
            for i, item in enumerate(items, start=1):
                field(user_page, "textbox", f"{question} — {i}").fill(item)
        if user_page is wijkagent:
            wijkagent.get_by_role("checkbox", name="Ryan Meijer").check()
            field(wijkagent, "textbox", "De belangrijkste sleutelfiguren buiten de groep").fill(
                "Oudere broers"
            )
        user_page.get_by_role("button", name="Antwoorden opslaan").click()
        see(user_page, "Uw antwoorden zijn opgeslagen.")
    axe(boa, context="circulair bevragen (antwoorden)")
    assert CircularAnswer.objects.filter(round__case=case).count() == 3

    # ... and in the session the coordinator reads them side by side and records the threads.
    coordinator.reload()
    see(coordinator, "3 organisaties hebben geantwoord")
    question1 = coordinator.get_by_role("region", name="1. De 3 belangrijkste kenmerken van de groep")
    for text in ("Kleine harde kern, grote aanhang", "Zoeken erkenning", "Overlast na sluitingstijd"):
        expect(question1.get_by_text(text)).to_be_visible()
    for question, thread in (
        ("De 3 belangrijkste kenmerken van de groep", "Een kleine kern stuurt veel meelopers."),
        ("De 3 grootste risico's of zorgen", "Doorgroei van de kern naar criminaliteit."),
        ("De 3 meest kansrijke verbindingen met het 'gewone' leven", "Sport en stages."),
    ):
        field(coordinator, "combobox", "Bij vraag").select_option(label=question)
        field(coordinator, "textbox", "Rode draad").fill(thread)
        coordinator.get_by_role("button", name="Rode draad vastleggen").click()
        see(coordinator, "Rode draad vastgelegd.")
    axe(coordinator, context="circulair bevragen (sessie)")
    assert CommonThread.objects.filter(round__case=case).count() == 3

    # The integral picture: the threads are shown on it; the coordinator saves version 1.
    coordinator.get_by_role("link", name="Integraal beeld").click()
    coordinator.wait_for_url("**/beeld/")
    see(coordinator, "Een kleine kern stuurt veel meelopers.")
    axe(coordinator, context="integraal beeld (leeg)")
    field(coordinator, "textbox", "Groepskenmerken").fill(
        "Netwerk van ongeveer zestig jongeren; een kleine kern stuurt veel meelopers."
    )
    field(coordinator, "textbox", "Analyse op personen").fill(
        "Ryan Meijer is de leider; Yusuf Demir volgt hem."
    )
    field(coordinator, "textbox", "Duiding: gedrag").fill("Intimidatie en vernielingen in de avond.")
    field(coordinator, "textbox", "Probleemdefinitie: Openbare orde").fill("Overlast bij de winkelstrip.")
    field(coordinator, "combobox", "Ernst").select_option(label="Hoog")
    field(coordinator, "combobox", "Urgentie").select_option(label="Middel")
    coordinator.get_by_role("checkbox", name="Politie Teststad").check()
    coordinator.get_by_role("button", name="Versie opslaan").click()
    see(coordinator, "Nieuwe versie van het integraal beeld opgeslagen.")
    see(coordinator, "Huidige versie: 1")
    axe(coordinator, context="integraal beeld (versie 1)")
    coordinator.get_by_role("link", name="Versie 1 lezen").click()
    coordinator.wait_for_url("**/beeld/versie/1/")
    see(coordinator, "Dit is de huidige versie.")
    axe(coordinator, context="integraal beeld, versie lezen")

    # The concept plan with a capacity estimate.
    coordinator.get_by_role("link", name="Concept plan van aanpak").click()
    coordinator.wait_for_url("**/concept-pva/")
    axe(coordinator, context="concept plan van aanpak (leeg)")
    field(coordinator, "textbox", "Persoonsgericht").fill(
        "Ryan Meijer: persoonsgerichte aanpak met de wijkagent."
    )
    field(coordinator, "textbox", "Groepsgericht").fill("Groepsgesprekken door het jongerenwerk.")
    field(coordinator, "textbox", "Gebiedsgericht").fill("Extra toezicht bij de winkelstrip.")
    field(coordinator, "textbox", "Strategie en advies").fill("Eerst de kern, perspectief voor de meelopers.")
    coordinator.get_by_role("button", name="Concept plan opslaan").click()
    see(coordinator, "Nieuwe versie van het concept plan van aanpak opgeslagen.")
    field(coordinator, "combobox", "Partner").select_option(label="Jongerenwerk Teststad")
    field(coordinator, "spinbutton", "Uren per week").fill("16")
    field(coordinator, "spinbutton", "Periode (maanden)").fill("12")
    field(coordinator, "spinbutton", "Kosten (euro)").fill("25000")
    coordinator.get_by_role("button", name="Schatting toevoegen").click()
    see(coordinator, "Schatting van de inzet toegevoegd.")
    axe(coordinator, context="concept plan van aanpak")

    # Step 3 → 4.
    regisseur = login_as(world.regisseur)
    regisseur.goto(case_url)
    move_case(regisseur, to="Door naar stap 4", reason="Integraal beeld en concept plan gereed.")
    see(regisseur, "De casus is verplaatst.")
    expect_step(regisseur, "4. Adviseren en prioriteren")

    # Step 4 — the advice, generated and anonymised.
    regisseur.get_by_role("link", name="Advies", exact=True).click()
    regisseur.wait_for_url("**/advies/")
    regisseur.get_by_role("button", name="Advies genereren").click()
    see(regisseur, "Advies gegenereerd en geanonimiseerd.")
    see(regisseur, "Privacytoets: geen persoonsgegevens gevonden.")
    body = field(regisseur, "textbox", "Tekst van het advies")
    text = body.input_value()
    assert names_in(text) == [], names_in(text)
    assert "Jongere A is de leider; Jongere B volgt hem." in text
    axe(regisseur, context="advies (concept)")
    # A name typed into the advice is caught by the privacy guard and stops sending.
    body.fill(text + "\nNB: Ryan Meijer is gisteren nog gezien.")
    field(regisseur, "combobox", "Overleg").select_option(label="Lokale driehoek")
    regisseur.get_by_role("button", name="Concept opslaan").click()
    see(regisseur, "Concept opgeslagen.")
    expect(regisseur.locator("mark.app-guard-mark").filter(has_text="Ryan Meijer")).to_have_count(1)
    for name, organisation, mandate in (
        ("B. Burgemeester", "Gemeente Teststad", "Voorzitter driehoek"),
        ("O. Officier", "Openbaar Ministerie", "Gebiedsofficier"),
    ):
        field(regisseur, "textbox", "Naam").fill(name)
        field(regisseur, "textbox", "Organisatie").fill(organisation)
        field(regisseur, "textbox", "Mandaat").fill(mandate)
        regisseur.get_by_role("button", name="Deelnemer toevoegen").click()
        see(regisseur, "Deelnemer aan het overleg toegevoegd.")
    regisseur.get_by_role("button", name="Advies verzenden aan het overleg").click()
    see(regisseur, "het is niet verzonden")
    see(regisseur, "Dit is de naam van een jongere op de namenlijst; die moet uit de tekst.")
    axe(regisseur, context="advies met melding van de privacytoets")
    field(regisseur, "textbox", "Tekst van het advies").fill(text)
    regisseur.get_by_role("button", name="Concept opslaan").click()
    see(regisseur, "Privacytoets: geen persoonsgegevens gevonden.")
    regisseur.get_by_role("button", name="Advies verzenden aan het overleg").click()
    see(regisseur, "Het advies is verzonden aan het overleg.")
    advice = Advice.objects.get(case=case)
    assert advice.status == "verzonden" and names_in(advice.body) == []

    # The decider: agenda, advice (anonymised), no personal data, and the decision.
    burgemeester = login_as(world.burgemeester)
    burgemeester.goto(f"{live_server.url}/casussen/agenda/")
    axe(burgemeester, context="agenda van het overleg")
    row = burgemeester.get_by_role("row").filter(has_text="Jongeren Lindewijk")
    expect(row).to_contain_text("wacht op besluit")
    expect(row).to_contain_text("Hoog")
    row.get_by_role("link", name="Jongeren Lindewijk").click()
    burgemeester.wait_for_url("**/advies/")
    see(burgemeester, "Jongere A is de leider; Jongere B volgt hem.")
    assert names_in(burgemeester.locator("main").inner_text()) == []
    axe(burgemeester, context="advies (beslisser)")
    burgemeester.goto(f"{case_url}groepsdynamiek/")
    see(burgemeester, "afgeschermd: beslissers zien alleen geanonimiseerde stukken")
    assert names_in(burgemeester.locator("main").inner_text()) == []

    burgemeester.goto(f"{case_url}besluit/")
    axe(burgemeester, context="besluit vastleggen")
    burgemeester.get_by_role("radio", name="Geprioriteerd: de groep wordt integraal aangepakt").check()
    field(burgemeester, "combobox", "Overleg").select_option(label="Lokale driehoek")
    field(burgemeester, "spinbutton", "Prioriteit").fill("1")
    field(burgemeester, "textbox", "Doelen").fill("Overlast bij de winkelstrip binnen zes maanden halveren.")
    field(burgemeester, "textbox", "Kader: inzet").fill("Ten hoogste 40 uur per week over alle partners.")
    field(burgemeester, "textbox", "Wie stuurt").fill("Het ketenoverleg Lindewijk.")
    field(burgemeester, "textbox", "Escalatielijn").fill("professional\nteamleider\ndirecteur\nburgemeester")
    field(burgemeester, "textbox", "Wanneer en waarover").fill("Elke zes weken over voortgang en effect.")
    field(burgemeester, "textbox", "Wie communiceert").fill("De woordvoerder van de burgemeester.")
    burgemeester.get_by_role("button", name="Besluit vastleggen").click()
    see(burgemeester, "Het besluit is vastgelegd. Het kan niet meer worden gewijzigd.")
    decision = burgemeester.get_by_role("article")
    expect(decision).to_contain_text("Overlast bij de winkelstrip binnen zes maanden halveren.")
    expect(decision).to_contain_text("Het ketenoverleg Lindewijk.")
    expect(decision.get_by_role("listitem")).to_have_text(
        ["professional", "teamleider", "directeur", "burgemeester"]
    )
    axe(burgemeester, context="besluit (vastgelegd)")
    recorded = ForumDecision.objects.get(case=case)
    assert (recorded.outcome, recorded.priority, recorded.recorded_by) == (
        "geprioriteerd",
        1,
        world.burgemeester,
    )

    # With the decision recorded the regisseur can move the case on to step 5.
    regisseur.goto(case_url)
    move_case(regisseur, to="Door naar stap 5", reason="Geprioriteerd door de driehoek.")
    see(regisseur, "De casus is verplaatst.")
    expect_step(regisseur, "5. Integraal plan van aanpak")
