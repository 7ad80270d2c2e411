"""Demo story 1, steps 5–7, through the browser (issue 6, "Done when").

The group of story 1 ("Groep Skatebaan Noord") is brought to step 5 with the real services:
case opened, coordinator and legal basis, partners invited (police, youth work, enforcement
and others), name list agreed, the step-3 picture and concept plan, the advice sent and the
burgemeester's prioritising decision with its escalation line. From there every actor logs
in through password + TOTP in a browser of their own:

5. the coordinator drafts the plan from the concept and the decision (goals, three tracks,
   two SMART results with a baseline, an interventiematrix for police, youth work and
   enforcement), then makes actions from the measures and moves the case to step 6;
6. the youth worker works their action from "Mijn acties"; one action runs late, gets one
   reminder e-mail and is escalated to the teamleider with an outcome; an indicator is
   measured four times and charted against baseline and target; the plan is revised and
   the versions compared;
7. the burgemeester records the closing decision on the pre-filled results, the open actions
   are handed over and accepted, the retention period is fixed, the partners evaluate, the
   system's measured figures are shown, the discussion is recorded and the case is closed.

axe-core checks every new kind of page.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from analysis import services as analysis_services
from analysis.models import MatrixColumn
from analysis.tests.conftest import build_case, sent_advice
from cases import services as case_services
from cases.models import Case
from closing import services as closing_services
from closing.models import ClosingDecision, Evaluation, Handover, HandoverStatus
from monitoring.models import Action, ActionStatus, Escalation, Measurement
from plans.models import PlanVersion
from privacy.models import ProcessingLogEntry
from tests.browser.test_story1 import (  # noqa: F401 - login_as is a fixture
    GROUP,
    MEMBERS,
    expect_step,
    field,
    login_as,
    move_case,
    see,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = MEMBERS[0][0]  # Jayden Bakker, the one the police measure is aimed at
NAMES = [name for name, _role in MEMBERS]

DECISION = {
    "forum": "driehoek",
    "outcome": "geprioriteerd",
    "priority": 1,
    "goals": "Overlast bij de skatebaan binnen zes maanden halveren.",
    "frame_cost": "Binnen het bestaande budget veiligheid.",
    "frame_capacity": "Ten hoogste 40 uur per week over alle partners.",
    "steering": "Het ketenoverleg Noord.",
    "escalation_line": ["professional", "teamleider", "directeur", "burgemeester"],
    "inform_moments": "Elke zes weken over voortgang en effect.",
    "external_communication": "De woordvoerder van de burgemeester.",
}

POLICE = "Politie Teststad"
YOUTH_WORK = "Jongerenwerk Teststad"
ENFORCEMENT = "Handhaving / BOA Teststad"
POLICE_MEASURE = "Stopgesprek door de wijkagent."
YOUTH_MEASURE = "Wekelijkse groepsgesprekken bij de skatebaan."  # from the interventiematrix
ENFORCEMENT_MEASURE = "Extra toezicht op vrijdag- en zaterdagavond."
RESULT_1 = "Overlastmeldingen per week"
RESULT_2 = "Jongeren met werk of school"


def step5_case(world):
    """Story 1's group brought to step 5 with the real services (steps 1–4)."""
    case = build_case(world, name=GROUP, members=[(name, "", None, "") for name in NAMES])
    analysis_services.save_picture(
        case,
        actor=world.coordinator,
        based_on=0,
        group_characteristics="Kleine groep van drie vaste jongeren met wisselende aanhang.",
        persons=f"{MEMBER} heeft de meeste invloed in de groep.",
        behaviour="Vernielingen en intimidatie rond de skatebaan in de avond.",
        severity="hoog",
        urgency="middel",
        domain_openbare_orde="Overlast bij de skatebaan in de avonduren.",
    )
    analysis_services.save_concept_plan(
        case,
        actor=world.coordinator,
        based_on=0,
        person_line=f"{MEMBER}: persoonsgerichte aanpak met de wijkagent.",
        group_line="Groepsgesprekken door het jongerenwerk.",
        area_line="Extra toezicht en verlichting bij de skatebaan.",
        strategy="Eerst de overlast stoppen, dan perspectief bieden.",
    )
    # A group-level possible intervention: the plan's draft turns it into a measure.
    analysis_services.add_intervention(
        case, actor=world.jongerenwerker, column=MatrixColumn.INTERVENTIONS, content=YOUTH_MEASURE
    )
    case = case_services.advance_case(case, to_step=4, actor=world.regisseur, reason="advies aan het overleg")
    sent_advice(world, case)
    analysis_services.record_decision(
        case, actor=world.burgemeester, decided_on=timezone.localdate(), **DECISION
    )
    return case_services.advance_case(case, to_step=5, actor=world.regisseur, reason="geprioriteerd")


def fill_result(group, *, indicator, unit, baseline, target, deadline, domain, goal):
    field(group, "textbox", "Indicator").fill(indicator)
    field(group, "textbox", "Eenheid").fill(unit)
    field(group, "textbox", "Nulmeting").fill(baseline)
    field(group, "textbox", "Streefwaarde").fill(target)
    group.get_by_label("Uiterlijk bereikt op").fill(deadline)
    field(group, "combobox", "Domein").select_option(label=domain)
    field(group, "combobox", "Hoort bij doel").select_option(label=goal)


def fill_measure(group, *, track, partner, target, description, member=None, location=None):
    field(group, "combobox", "Spoor").select_option(label=track)
    field(group, "combobox", "Partner die uitvoert").select_option(label=partner)
    field(group, "combobox", "Gericht op").select_option(label=target)
    if member:
        field(group, "combobox", "Jongere").select_option(label=member)
    if location:
        field(group, "textbox", "Locatie").fill(location)
    field(group, "textbox", "Maatregel").fill(description)


def names_in(text: str) -> list[str]:
    return [name for name in NAMES if name in text]


@pytest.fixture
def case(world):
    # Reminders go to the coordinator (the actions get no personal owner); it needs an address.
    world.coordinator.email = "coordinator@teststad.example"
    world.coordinator.save(update_fields=["email"])
    return step5_case(world)


def test_story1_plan_to_closed_case(live_server, page, axe, world, login_as, case):  # noqa: F811
    today = timezone.localdate()
    case_url = f"{live_server.url}/casussen/{case.pk}/"
    deadline = (today + timedelta(days=180)).isoformat()

    # --- Step 5: the plan of approach, drafted from the concept plan and the decision ---------
    coordinator = login_as(world.coordinator)
    coordinator.goto(case_url)
    expect_step(coordinator, "5. Integraal plan van aanpak")
    coordinator.get_by_role("link", name="Plan van aanpak", exact=True).click()
    coordinator.wait_for_url("**/plan-van-aanpak/")
    see(coordinator, "Er is nog geen plan van aanpak vastgesteld.")
    axe(coordinator, context="plan van aanpak (leeg)")
    coordinator.get_by_role("link", name="Plan opstellen vanuit concept plan en besluit").click()
    coordinator.wait_for_url("**/plan-van-aanpak/bewerken/")
    axe(coordinator, context="plan van aanpak opstellen (voorstel)")

    # The draft: the four standard goals ticked, the decision's goal as a local goal, the
    # group and area lines of the concept as tracks, the group-level intervention as a measure.
    for goal in ("Verminderen van criminaliteit en overlast", "Versterken van de sociale positie"):
        expect(coordinator.get_by_role("checkbox", name=re.compile(f"^{goal}"))).to_be_checked()
    coordinator.get_by_role("checkbox", name="Voorkomen van aanwas").uncheck()
    local = coordinator.get_by_role("group", name="Lokaal doel 1")
    expect(field(local, "textbox", "Lokaal doel")).to_have_value(DECISION["goals"])
    expect(field(coordinator, "textbox", "Groeps- en netwerkgericht")).to_have_value(
        "Groepsgesprekken door het jongerenwerk."
    )
    person_track = field(coordinator, "textbox", "Persoons- en gezinsgericht")
    expect(person_track).to_have_value("")  # the concept's person line is not copied
    person_track.fill("Persoonsgerichte aanpak voor de kern van de groep.")
    field(coordinator, "textbox", "Omgevingsgericht").fill("Extra toezicht en verlichting bij de skatebaan.")
    field(coordinator, "textbox", "First things first").fill("Eerst de overlast in de avond stoppen.")
    field(coordinator, "textbox", "Welke partner levert welke informatie").fill(
        "Politie levert wekelijks de overlastmeldingen voor de monitoring."
    )
    new_results = coordinator.get_by_role("group", name=re.compile("^Nieuw resultaat"))
    fill_result(
        new_results.nth(0),
        indicator=RESULT_1,
        unit="meldingen",
        baseline="12",
        target="6",
        deadline=deadline,
        domain="Openbare orde",
        goal="Verminderen van criminaliteit en overlast",
    )
    fill_result(
        new_results.nth(1),
        indicator=RESULT_2,
        unit="jongeren",
        baseline="1",
        target="3",
        deadline=deadline,
        domain="Onderwijs",
        goal="Versterken van de sociale positie en het perspectief",
    )
    drafted = coordinator.get_by_role("group", name="Maatregel 1")
    expect(field(drafted, "textbox", "Maatregel")).to_have_value(YOUTH_MEASURE)
    expect(field(drafted, "combobox", "Partner die uitvoert")).to_have_value(
        str(world.orgs["jongerenwerk"].pk)
    )
    new_measures = coordinator.get_by_role("group", name=re.compile("^Nieuwe maatregel"))
    fill_measure(
        new_measures.nth(0),
        track="Persoons- en gezinsgericht",
        partner=POLICE,
        target="Een jongere",
        member=MEMBER,
        description=POLICE_MEASURE,
    )
    fill_measure(
        new_measures.nth(1),
        track="Omgevingsgericht",
        partner=ENFORCEMENT,
        target="Een locatie",
        location="Skatebaan Noord",
        description=ENFORCEMENT_MEASURE,
    )
    coordinator.get_by_role("button", name="Versie 1 opslaan").click()
    see(coordinator, "Versie 1 van het plan van aanpak is opgeslagen en nu van kracht.")
    expect(coordinator.get_by_role("heading", name=re.compile("^Versie 1"))).to_contain_text("van kracht")
    matrix = coordinator.get_by_role("table", name=re.compile("^Maatregelen gegroepeerd per spoor"))
    expect(matrix.get_by_role("row").filter(has_text=POLICE)).to_contain_text(f"Een jongere: {MEMBER}")
    expect(matrix.get_by_role("row").filter(has_text=YOUTH_WORK)).to_contain_text("De groep")
    expect(matrix.get_by_role("row").filter(has_text=ENFORCEMENT)).to_contain_text("Locatie: Skatebaan Noord")
    axe(coordinator, context="plan van aanpak (versie 1)")
    v1 = PlanVersion.objects.get(case=case, number=1)
    assert len(v1.content["measures"]) == 3 and len(v1.content["results"]) == 2
    member_pk = case.memberships.get(person__full_name=MEMBER).pk
    assert ProcessingLogEntry.objects.filter(
        case_id=case.pk, operation="approach_plan.save", action="create", actor_username="coordinator"
    ).exists()
    assert ProcessingLogEntry.objects.filter(
        case_id=case.pk, operation="approach_plan.read", actor_username="coordinator"
    ).exists()
    assert [m["membership"] for m in v1.content["measures"] if m["target_kind"] == "jongere"] == [member_pk]

    # A first revision: a scenario is added (version 2).
    coordinator.get_by_role("link", name="Plan wijzigen (nieuwe versie)").click()
    coordinator.wait_for_url("**/plan-van-aanpak/bewerken/")
    expect(
        field(coordinator.get_by_role("group", name="Resultaat 1"), "textbox", "Streefwaarde")
    ).to_have_value("6")
    scenario = coordinator.get_by_role("group", name=re.compile("^Nieuw scenario"))
    field(scenario, "textbox", "Wanneer").fill("Een geweldsincident bij de skatebaan.")
    field(scenario, "textbox", "Wat er dan gebeurt").fill("Crisismodus met een dagelijkse korte briefing.")
    field(coordinator, "textbox", "Reden van de wijziging").fill(
        "Scenario voor een geweldsincident toegevoegd."
    )
    coordinator.get_by_role("button", name="Nieuwe versie opslaan").click()
    see(coordinator, "Versie 2 van het plan van aanpak is opgeslagen en nu van kracht.")
    results = coordinator.get_by_role("table", name="SMART-resultaten met nulmeting, streefwaarde en termijn")
    expect(results.get_by_role("row").filter(has_text=RESULT_1)).to_contain_text("12")
    expect(results.get_by_role("row").filter(has_text=RESULT_2)).to_contain_text("Onderwijs")
    coordinator.get_by_role("link", name="Versie 1 lezen").click()
    coordinator.wait_for_url("**/plan-van-aanpak/versie/1/")
    expect(coordinator.get_by_role("heading", name=re.compile("^Versie 1"))).to_contain_text(
        "niet meer van kracht"
    )
    axe(coordinator, context="plan van aanpak, versie 1 lezen")

    # --- Step 5: actions from every measure, then on to step 6 -------------------------------
    coordinator.get_by_role("link", name="Acties", exact=True).click()
    coordinator.wait_for_url("**/acties/")
    axe(coordinator, context="acties (nog geen)")
    due = {
        POLICE_MEASURE: today + timedelta(days=30),
        YOUTH_MEASURE: today + timedelta(days=14),
        ENFORCEMENT_MEASURE: today + timedelta(days=7),
    }
    measures = coordinator.get_by_role("table", name="Maatregelen met het aantal acties")
    for description, due_date in due.items():
        measures.get_by_role("row").filter(has_text=description).get_by_role(
            "link", name="actie maken"
        ).click()
        expect(field(coordinator, "textbox", "Wat wordt er gedaan")).to_have_value(description)
        coordinator.get_by_label("Uiterlijk gereed").fill(due_date.isoformat())
        coordinator.get_by_role("button", name="Actie toevoegen").click()
        see(coordinator, "De actie is toegevoegd.")
        coordinator.get_by_role("link", name="Terug naar alle acties").click()
        coordinator.wait_for_url("**/acties/")
    for description in due:
        expect(
            measures.get_by_role("row").filter(has_text=description).get_by_role("cell").last
        ).to_contain_text("1")
    see(coordinator, "0 van 3 acties gereed; 0 te laat.")
    axe(coordinator, context="acties")
    actions = {a.description: a for a in Action.objects.filter(case=case)}
    assert {a.organisation.name for a in actions.values()} == {POLICE, YOUTH_WORK, ENFORCEMENT}
    assert actions[POLICE_MEASURE].membership_id == member_pk

    coordinator.goto(case_url)
    move_case(coordinator, to="Door naar stap 6", reason="Plan vastgesteld; elke maatregel heeft een actie.")
    see(coordinator, "De casus is verplaatst.")
    expect_step(coordinator, "6. Uitvoeren en monitoren")

    # --- Step 6: the youth worker works their action from "Mijn acties" ------------------------
    jongerenwerker = login_as(world.jongerenwerker)
    jongerenwerker.get_by_role("link", name="Mijn acties", exact=True).click()
    jongerenwerker.wait_for_url("**/mijn-acties/")
    see(jongerenwerker, "1 open")
    axe(jongerenwerker, context="mijn acties")
    jongerenwerker.get_by_role("link", name=YOUTH_MEASURE).click()
    jongerenwerker.wait_for_url(re.compile(r"/acties/\d+/$"))
    axe(jongerenwerker, context="actie (uitvoerder)")
    field(jongerenwerker, "combobox", "Status").select_option(label="Lopend")
    field(jongerenwerker, "textbox", "Resultaat of toelichting").fill("Eerste twee groepsgesprekken gevoerd.")
    jongerenwerker.get_by_role("button", name="Bijwerken").click()
    see(jongerenwerker, "De actie is bijgewerkt.")
    field(jongerenwerker, "combobox", "Status").select_option(label="Gereed")
    field(jongerenwerker, "textbox", "Resultaat of toelichting").fill(
        "Zes groepsgesprekken gevoerd; de groep komt nu op de sportavond."
    )
    jongerenwerker.get_by_role("button", name="Bijwerken").click()
    see(jongerenwerker, "De actie is bijgewerkt.")
    history = jongerenwerker.get_by_role("table", name="Wijzigingen van deze actie, oudste eerst")
    expect(history.get_by_role("row")).to_have_count(4)  # header, created, lopend, gereed
    expect(history.get_by_role("row").last).to_contain_text("Lopend → Gereed")
    jongerenwerker.get_by_role("link", name="Mijn acties", exact=True).click()
    see(jongerenwerker, "U heeft geen openstaande acties.")
    expect(jongerenwerker.get_by_role("region", name="Afgerond in de afgelopen 14 dagen")).to_contain_text(
        YOUTH_MEASURE
    )
    # A partner reads the plan but cannot change it.
    jongerenwerker.goto(f"{case_url}plan-van-aanpak/")
    see(jongerenwerker, YOUTH_MEASURE)
    expect(jongerenwerker.get_by_role("link", name="Plan wijzigen (nieuwe versie)")).to_have_count(0)
    assert jongerenwerker.goto(f"{case_url}plan-van-aanpak/bewerken/").status == 404
    done = Action.objects.get(pk=actions[YOUTH_MEASURE].pk)
    assert done.status == ActionStatus.DONE and done.completed_at is not None

    # --- Step 6: one action runs late ------------------------------------------------------------
    # Simulate time passing: the enforcement action's deadline was yesterday.
    late = actions[ENFORCEMENT_MEASURE]
    Action.objects.filter(pk=late.pk).update(due_date=today - timedelta(days=1))
    mail.outbox.clear()
    call_command("send_action_reminders")
    call_command("send_action_reminders")  # a second run sends nothing new
    assert len(mail.outbox) == 1
    reminder = mail.outbox[0]
    assert reminder.to == ["coordinator@teststad.example"]
    assert GROUP in reminder.subject and ENFORCEMENT_MEASURE in reminder.body
    assert names_in(reminder.subject + reminder.body) == []

    coordinator.get_by_role("link", name="Acties", exact=True).click()
    coordinator.wait_for_url("**/acties/")
    late_row = coordinator.get_by_role("row").filter(has_text=ENFORCEMENT_MEASURE).filter(has_text="Te laat")
    expect(late_row).to_have_class(re.compile("is-overdue"))
    see(coordinator, "1 van 3 acties gereed; 1 te laat.")
    late_row.get_by_role("link", name=ENFORCEMENT_MEASURE).click()
    coordinator.wait_for_url(f"**/acties/{late.pk}/")
    expect(coordinator.get_by_role("heading", level=2, name=re.compile(ENFORCEMENT_MEASURE))).to_contain_text(
        "Te laat"
    )
    expect(coordinator.get_by_role("list", name="Escalatielijn").get_by_role("listitem")).to_have_text(
        [re.compile("^professional"), "teamleider", "directeur", "burgemeester"]
    )
    see(coordinator, "Escaleren naar teamleider")
    field(coordinator, "textbox", "Waarom escaleert u?").fill(
        "Het toezicht op vrijdagavond is twee weken niet ingeroosterd."
    )
    coordinator.get_by_role("button", name="Escaleren").click()
    see(coordinator, "Geëscaleerd naar teamleider.")
    field(coordinator, "textbox", "Uitkomst van de escalatie").fill(
        "De teamleider roostert vanaf deze week twee boa's in op vrijdag en zaterdag."
    )
    coordinator.get_by_role("button", name="Uitkomst vastleggen").click()
    see(coordinator, "De uitkomst van de escalatie is vastgelegd.")
    escalations = coordinator.get_by_role("table", name="Escalaties van deze actie")
    expect(escalations.get_by_role("row").filter(has_text="teamleider")).to_contain_text(
        "twee boa's in op vrijdag en zaterdag"
    )
    see(coordinator, "Escaleren naar directeur")  # the next level, should it be needed
    axe(coordinator, context="actie (coördinator, geëscaleerd)")
    escalation = Escalation.objects.get(action=late)
    assert escalation.level_label == "teamleider" and escalation.outcome

    # --- Step 6: an indicator from result 1, measured four weeks running ---------------------
    coordinator.get_by_role("link", name="Monitoring").click()
    coordinator.wait_for_url("**/monitoring/")
    axe(coordinator, context="monitoring (geen indicatoren)")
    field(coordinator, "combobox", "Resultaat uit het plan van aanpak").select_option(
        label=f"{RESULT_1} (12 → 6 meldingen)"
    )
    field(coordinator, "combobox", "Bron van de metingen").select_option(label="Met de hand ingevoerd")
    coordinator.get_by_role("button", name="Indicator uit het plan toevoegen").click()
    see(coordinator, "Indicator toegevoegd uit het plan van aanpak.")
    monday = today - timedelta(days=today.weekday())
    weeks = [(monday - timedelta(weeks=3 - i), value) for i, value in enumerate(("11", "9", "8,5", "7"))]
    for week, value in weeks:
        form = coordinator.get_by_role("region", name="Meting invoeren")
        field(form, "combobox", "Indicator").select_option(label=RESULT_1)
        form.get_by_label("Periode vanaf").fill(week.isoformat())
        field(form, "textbox", "Waarde").fill(value)
        form.get_by_role("button", name="Meting opslaan").click()
        see(coordinator, "Meting opgeslagen.")
    card = coordinator.get_by_role("article", name=RESULT_1)
    chart = card.get_by_role("img", name="4 metingen, laatste 7 meldingen; nulmeting 12, streefwaarde 6")
    expect(chart).to_be_visible()
    expect(chart.locator("circle.app-chart__point")).to_have_count(4)
    expect(chart.locator("line.app-chart__baseline")).to_have_count(1)
    expect(chart.locator("line.app-chart__target")).to_have_count(1)
    expect(chart.locator("text.app-chart__baseline-label")).to_have_text("nulmeting 12")
    expect(chart.locator("text.app-chart__target-label")).to_have_text("streefwaarde 6")
    axe(coordinator, context="monitoring (grafiek met vier metingen)")
    assert Measurement.objects.filter(indicator__case=case).count() == 4
    card.get_by_role("link", name=RESULT_1).click()
    coordinator.wait_for_url(re.compile(r"/monitoring/indicator/\d+/$"))
    measured = coordinator.get_by_role("table", name=re.compile(f"^Alle metingen van {RESULT_1}"))
    expect(measured.get_by_role("row")).to_have_count(5)
    expect(measured.get_by_role("row").nth(1)).to_contain_text(weeks[-1][0].strftime("%d-%m-%Y"))
    axe(coordinator, context="indicator")

    # --- Step 6: a revision of the plan (reason required) and the comparison -----------------
    coordinator.goto(f"{case_url}plan-van-aanpak/")
    coordinator.get_by_role("link", name="Plan wijzigen (nieuwe versie)").click()
    second = coordinator.get_by_role("group", name="Resultaat 2")
    field(second, "textbox", "Streefwaarde").fill("2")
    coordinator.get_by_role("button", name="Nieuwe versie opslaan").click()
    expect(coordinator.get_by_role("alert")).to_contain_text("Het plan is nog niet compleet of klopt niet")
    reason_error = coordinator.get_by_text("Geef de reden van deze wijziging.", exact=True)
    expect(reason_error).to_be_visible()  # next to the reason field; nothing saved
    assert PlanVersion.objects.filter(case=case).count() == 2
    axe(coordinator, context="plan wijzigen (met melding)")
    field(coordinator, "textbox", "Reden van de wijziging").fill(
        "Streefwaarde bijgesteld na de voortgangsbespreking in de driehoek."
    )
    coordinator.get_by_role("button", name="Nieuwe versie opslaan").click()
    see(coordinator, "Versie 3 van het plan van aanpak is opgeslagen en nu van kracht.")
    coordinator.get_by_role("link", name="Vergelijk met de vorige versie").click()
    coordinator.wait_for_url("**/plan-van-aanpak/vergelijken/**")
    expect(coordinator.get_by_role("heading", name="Van versie 2 naar versie 3")).to_be_visible()
    changed = coordinator.get_by_role("listitem").filter(has_text="Gewijzigd:").filter(has_text=RESULT_2)
    expect(changed).to_contain_text("was: 3")
    expect(changed).to_contain_text("wordt: 2")
    expect(changed.locator("del")).to_have_text("3")
    expect(changed.locator("ins")).to_have_text("2")
    axe(coordinator, context="plan vergelijken")

    # --- Step 7: the forum's closing decision on the pre-filled results ----------------------
    coordinator.goto(case_url)
    move_case(coordinator, to="Door naar stap 7", reason="Het overleg besluit over afschalen.")
    see(coordinator, "De casus is verplaatst.")
    expect_step(coordinator, "7. Afronden en evalueren")

    burgemeester = login_as(world.burgemeester)
    burgemeester.goto(f"{case_url}afronden/")
    axe(burgemeester, context="afronden (beslisser)")
    expect(field(burgemeester, "textbox", "Datum van het besluit")).to_have_value(today.isoformat())
    figures_1 = field(burgemeester, "textbox", "Resultaat 1: cijfers")
    expect(figures_1).to_have_value(
        f"{RESULT_1}: nulmeting 12, streefwaarde 6 meldingen, laatste meting 7 (periode vanaf "
        f"{weeks[-1][0].strftime('%d-%m-%Y')}): streefwaarde niet bereikt."
    )
    reached_1 = burgemeester.locator(".app-field").filter(has_text=f"Resultaat 1: {RESULT_1} — bereikt?")
    expect(reached_1.get_by_role("radio", name="Nee, niet bereikt")).to_be_checked()
    expect(field(burgemeester, "textbox", "Resultaat 2: cijfers")).to_have_value(
        re.compile("^Nulmeting 1, streefwaarde 2 jongeren; geen indicator gekoppeld.")
    )
    reached_2 = burgemeester.locator(".app-field").filter(has_text=f"Resultaat 2: {RESULT_2} — bereikt?")
    reached_2.get_by_role("radio", name="Ja, bereikt").check()
    field(burgemeester, "textbox", "Resultaat 2: cijfers").fill(
        "Nulmeting 1, streefwaarde 2 jongeren; nu 2 jongeren met werk of school (opgave jongerenwerk)."
    )
    field(burgemeester, "combobox", "Overleg").select_option(label="Lokale driehoek")
    burgemeester.get_by_role("radio", name=re.compile("^Afschalen")).check()
    field(burgemeester, "textbox", "Motivering").fill(
        "De overlast is bijna gehalveerd; de reguliere aanpak van politie en handhaving neemt het over."
    )
    burgemeester.get_by_role("button", name="Besluit vastleggen").click()
    see(burgemeester, "Het besluit is vastgelegd. Het kan niet meer worden gewijzigd.")
    tested = burgemeester.get_by_role("table", name="Getoetste resultaten")
    expect(tested.get_by_role("row").filter(has_text=RESULT_1)).to_contain_text("nee")
    expect(tested.get_by_role("row").filter(has_text=RESULT_2)).to_contain_text("ja")
    assert names_in(burgemeester.locator("main").inner_text()) == []
    # The decider reads the plan without names: the member-aimed measure is withheld.
    burgemeester.goto(f"{case_url}plan-van-aanpak/")
    matrix = burgemeester.get_by_role("table", name=re.compile("^Maatregelen gegroepeerd per spoor"))
    expect(matrix.get_by_role("row").filter(has_text=POLICE)).to_contain_text("een jongere (afgeschermd)")
    assert names_in(burgemeester.locator("main").inner_text()) == []
    decision = ClosingDecision.objects.get(case=case)
    assert decision.outcome == "afschalen" and decision.recorded_by == world.burgemeester

    # --- Step 7: the coordinator hands over every open action ---------------------------------
    coordinator.get_by_role("link", name="Afronden").click()
    coordinator.wait_for_url("**/afronden/")
    checklist = coordinator.get_by_role("region", name="Wat nodig is om af te sluiten")
    expect(checklist).to_contain_text("Lopende acties overgedragen (geaccepteerd) of afgerond (nog 2 open)")
    axe(coordinator, context="afronden (coördinator)")
    handover_to = {POLICE_MEASURE: POLICE, ENFORCEMENT_MEASURE: ENFORCEMENT}
    for description, organisation in handover_to.items():
        offer = coordinator.get_by_role("region", name="Overdracht aanbieden")
        field(offer, "combobox", "Overdragen aan").select_option(label=organisation)
        field(offer, "combobox", "Wat draagt u over").select_option(label=f"Actie: {description}")
        field(offer, "textbox", "Omschrijving van de overdracht").fill(
            "Gaat door in het reguliere werk; terugkoppeling aan het ketenoverleg na drie maanden."
        )
        offer.get_by_role("button", name="Aanbieden").click()
        see(coordinator, f"De overdracht is aangeboden aan {organisation}.")
    expect(checklist).to_contain_text("Alle aangeboden overdrachten beantwoord✗ nog nodig")

    partners = {}
    for user in (world.wijkagent, world.boa):
        partner = partners[user.username] = login_as(user)
        partner.goto(f"{live_server.url}/overdrachten/")
        offered = partner.get_by_role("article").filter(has_text=GROUP)
        expect(offered).to_have_count(1)
        if user == world.wijkagent:
            axe(partner, context="overdrachten (te beantwoorden)")
        offered.get_by_role("button", name="Accepteren").click()
        see(partner, "U hebt de overdracht geaccepteerd.")
        expect(partner.get_by_role("table", name="Beantwoorde overdrachten")).to_contain_text("Geaccepteerd")
    assert set(Handover.objects.filter(case=case).values_list("status", flat=True)) == {
        HandoverStatus.ACCEPTED
    }

    # --- Step 7: the retention period (covenant default) ---------------------------------------
    coordinator.reload()
    expect(checklist).to_contain_text("Lopende acties overgedragen (geaccepteerd) of afgerond✓ gereed")
    keep_until = closing_services.default_keep_until(case)
    retention = coordinator.get_by_role("region", name="Bewaartermijn en bewaarplicht")
    expect(retention.get_by_label("Bewaren tot")).to_have_value(keep_until.isoformat())
    retention.get_by_role("button", name="Vaststellen").click()
    see(coordinator, "De bewaartermijn is vastgesteld.")
    expect(retention).to_contain_text(f"Bewaren tot: {keep_until.day}-{keep_until.month}-{keep_until.year}")
    case.refresh_from_db()
    assert case.retention_until == keep_until

    # --- Step 7: the evaluation --------------------------------------------------------------
    coordinator.get_by_role("link", name="Evaluatie", exact=True).click()
    coordinator.wait_for_url("**/evaluatie/")
    see(coordinator, "De evaluatie is nog niet geopend.")
    coordinator.get_by_role("button", name="Evaluatie openen").click()
    see(coordinator, "De evaluatie is geopend; de partners kunnen hun bijdrage schrijven.")
    axe(coordinator, context="evaluatie")

    contributions = {
        jongerenwerker: "Duidelijke afspraken; de groepsgesprekken liepen goed.",
        partners["boa"]: "Het toezicht kwam laat op gang; na de escalatie ging het goed.",
    }
    for user_page, text in contributions.items():
        user_page.goto(f"{case_url}evaluatie/")
        field(user_page, "textbox", "Duidelijkheid van rollen en werkbaarheid van afspraken").fill(text)
        field(user_page, "textbox", "Informatieoverdracht").fill("Wekelijkse cijfers hielpen.")
        user_page.get_by_role("button", name="Bijdrage opslaan").click()
        see(user_page, "De bijdrage van uw organisatie is opgeslagen.")
    axe(partners["boa"], context="evaluatie (partner)")

    # What the system measured itself: actions on time, escalations, realised duration.
    planned_days = (
        today
        + timedelta(days=180)
        - timezone.localdate(PlanVersion.objects.get(case=case, number=1).created_at)
    ).days
    coordinator.reload()
    criteria = coordinator.get_by_role("table", name="Criteria: gemeten en per organisatie")
    roles_row = criteria.get_by_role("row", name=re.compile("^Duidelijkheid van rollen"))
    expect(roles_row).to_contain_text(
        "1 van 3 acties op tijd gereed (33%), 0 te laat, 0 niet nagekomen, 2 nog open."
    )
    expect(roles_row).to_contain_text("Escalaties: 1")
    expect(roles_row).to_contain_text(f"{YOUTH_WORK}: Duidelijke afspraken")
    duration_row = criteria.get_by_role("row", name=re.compile("^Geplande versus gerealiseerde doorlooptijd"))
    expect(duration_row).to_contain_text(f"Gepland: {planned_days} dagen")
    expect(duration_row).to_contain_text("Gerealiseerd: 0 dagen (vanaf stap 5 tot het besluit tot afronden)")
    expect(criteria.get_by_role("row", name=re.compile("^Effectiviteit"))).to_contain_text(
        "1 van 2 resultaten van het plan bereikt (volgens het besluit tot afronden)."
    )
    expect(criteria.get_by_role("row", name=re.compile("^Snelheid"))).to_contain_text(
        "Versies van het plan van aanpak: 3"
    )
    expect(criteria.get_by_role("row", name=re.compile("^Mate en soort van inzet"))).to_contain_text(
        f"Acties per partner: {ENFORCEMENT} 1, {YOUTH_WORK} 1, {POLICE} 1"
    )
    see(coordinator, "2 organisaties hebben bijgedragen.")

    # The forum discussed it: the coordinator records the discussion; the figures freeze.
    discuss = coordinator.get_by_role("region", name="Besproken in het overleg")
    expect(discuss.get_by_label("Besproken op")).to_have_value(today.isoformat())
    field(discuss, "combobox", "Overleg").select_option(label="Lokale driehoek")
    field(discuss, "textbox", "Samenvatting en lessen").fill(
        "De aanpak werkte; les: toezicht eerder inroosteren en de escalatielijn eerder gebruiken."
    )
    discuss.get_by_role("button", name="Bespreking vastleggen").click()
    see(coordinator, "De bespreking is vastgelegd; de cijfers liggen nu vast.")
    evaluation = Evaluation.objects.get(case=case)
    assert evaluation.discussed_on == today and evaluation.measured["agreements"]["on_time"] == 1
    coordinator.get_by_role("link", name="Evaluatierapport (afdrukbaar)").click()
    coordinator.wait_for_url("**/evaluatie/rapport/")
    see(coordinator, "1 van 3 acties op tijd gereed (33%), 0 te laat, 0 niet nagekomen, 2 nog open.")
    see(coordinator, "Dit rapport bevat geen persoonsgegevens.")
    assert names_in(coordinator.locator("main").inner_text()) == []
    axe(coordinator, context="evaluatierapport")

    # A user of another municipality does not find the case's step-7 pages.
    outsider = login_as(world.outsider)
    for path in ("afronden/", "evaluatie/", "evaluatie/rapport/", "acties/"):
        assert outsider.goto(f"{case_url}{path}").status == 404, path

    # --- Closing the case ----------------------------------------------------------------------
    coordinator.goto(f"{case_url}afronden/")
    for item in checklist.get_by_role("listitem").all():
        expect(item).to_contain_text("✓ gereed")
    coordinator.goto(case_url)
    move_case(
        coordinator,
        to="Afsluiten (gerichte actie volstaat / afgerond)",
        reason="Afgeschaald door de driehoek; de aanpak is geëvalueerd.",
    )
    see(coordinator, "De casus is verplaatst.")
    expect(coordinator.get_by_text("afgesloten", exact=True)).to_be_visible()
    case = Case.objects.get(pk=case.pk)
    assert not case.is_open
    assert list(case.transitions.order_by("at", "pk").values_list("to_step", flat=True))[-3:] == [6, 7, None]
