"""Who sees what on the pages of steps 3–4. The denials are tested as carefully as the
grants: the outsider gets 404 everywhere, the privacy officer and the administrator see no
case content, the decider (beslisser) sees the advice and agenda but no member's personal
data, and youth work sees no criminal-law cells."""

from datetime import timedelta

import pytest
from django.utils import timezone

from analysis import services
from analysis.tests.conftest import PRIORITISED, build_case, ready_for_step_4, sent_advice
from privacy.categories import Category
from privacy.models import ProcessingLogEntry

pytestmark = pytest.mark.django_db

CRIMINAL_CELL = "Twee processen-verbaal voor vernieling in 2026."
PERSONAL_CELL = "Speelt voetbal, kansrijke verbinding met de club."
GROUP_CELL = "Groep hangt na sluitingstijd bij de sporthal."


@pytest.fixture
def full_case(world):
    """A case in step 4 with every kind of record of steps 3–4, personal and group-level."""
    case = build_case(world, name="Jongeren Volledig")
    ryan = case.memberships.get(person__full_name="Ryan Meijer")
    yusuf = case.memberships.get(person__full_name="Yusuf Demir")
    today = timezone.localdate()
    services.assess_members(
        case,
        actor=world.jongerenwerker,
        assessed_on=today - timedelta(days=30),
        rows=[(ryan, "min", 5, True, ""), (yusuf, "mee", 3, False, "")],
    )
    services.add_tie(
        case, actor=world.jongerenwerker, source=ryan, target=yusuf, kind="leider_volger", since=today
    )
    services.add_intervention(case, actor=world.jongerenwerker, column="signalen", content=GROUP_CELL)
    services.add_intervention(
        case, actor=world.wijkagent, membership=ryan, column="informatie", category=Category.CRIMINAL,
        content=CRIMINAL_CELL,
    )  # fmt: skip
    services.add_intervention(
        case, actor=world.jongerenwerker, membership=yusuf, column="interventies", category=Category.PERSONAL,
        content=PERSONAL_CELL,
    )  # fmt: skip
    r = services.open_round(case, actor=world.coordinator)
    services.answer_round(r, actor=world.wijkagent, characteristics=["Hecht"], key_figures_inside=[ryan])
    services.record_thread(r, actor=world.coordinator, question="kenmerken", text="Hechte kern, losse rand.")
    services.add_capacity(
        case, actor=world.wijkagent, organisation=world.orgs["politie"], months=6, hours_per_week=8
    )
    case = ready_for_step_4(world, case)
    sent_advice(world, case)
    services.record_decision(case, actor=world.burgemeester, decided_on=today, **PRIORITISED)
    services.record_municipality_contact(
        case, actor=world.regisseur, municipality=world.neighbour, informed_on=today,
        shared_information="Groep is ook actief bij het station van Buurdorp.",
    )  # fmt: skip
    return case


def case_urls(case):
    base = f"/casussen/{case.pk}"
    return [
        f"{base}/beeld/",
        f"{base}/beeld/versie/1/",
        f"{base}/groepsdynamiek/",
        f"{base}/groepsdynamiek/?op=2026-01-01",
        f"{base}/interventiematrix/",
        f"{base}/circulair/",
        f"{base}/circulair/1/",
        f"{base}/concept-pva/",
        f"{base}/advies/",
        f"{base}/besluit/",
        f"{base}/gemeenten/",
    ]


def write_urls(case):
    """Every URL of steps 3-4 that takes a POST: the pages with one form, and one per action."""
    base = f"/casussen/{case.pk}"
    estimate = case.capacity_estimates.first()
    return [
        f"{base}/beeld/",
        f"{base}/interventiematrix/",
        f"{base}/circulair/",
        f"{base}/besluit/",
        f"{base}/gemeenten/",
        f"{base}/groepsdynamiek/beoordelen/",
        f"{base}/groepsdynamiek/banden/",
        f"{base}/groepsdynamiek/banden/1/beeindigen/",
        f"{base}/circulair/1/antwoorden/",
        f"{base}/circulair/1/rode-draad/",
        f"{base}/circulair/1/afsluiten/",
        f"{base}/concept-pva/opslaan/",
        f"{base}/concept-pva/inzet/",
        f"{base}/concept-pva/inzet/{estimate.pk}/verwijderen/",
        f"{base}/advies/genereren/",
        f"{base}/advies/opslaan/",
        f"{base}/advies/deelnemers/",
        f"{base}/advies/deelnemers/1/verwijderen/",
        f"{base}/advies/verzenden/",
    ]


@pytest.mark.parametrize("persona", ["outsider", "privacy", "beheer"])
def test_no_case_content_for_outsider_privacy_officer_or_administrator(
    world, full_case, verified_client, persona
):
    client = verified_client(getattr(world, persona))
    for url in case_urls(full_case):
        assert client.get(url).status_code == 404, url
    for url in write_urls(full_case):
        assert client.post(url, {}).status_code == 404, url


def test_professional_of_a_non_participating_organisation_gets_404(world, full_case, verified_client):
    full_case.participants.filter(organisation=world.orgs["leerplicht"]).delete()
    client = verified_client(world.leerplicht)
    for url in case_urls(full_case):
        assert client.get(url).status_code == 404, url


def test_beslisser_reads_advice_agenda_and_decision_but_no_personal_data(world, full_case, verified_client):
    client = verified_client(world.burgemeester)
    names = [m.person.full_name for m in full_case.memberships.all()] + ["Kleine R", "Noekie", "Daantje"]
    for url in case_urls(full_case) + ["/casussen/agenda/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for name in names:
            assert name not in html, (url, name)
    assert "Jongere A" in client.get(f"/casussen/{full_case.pk}/advies/").content.decode()
    dynamics = client.get(f"/casussen/{full_case.pk}/groepsdynamiek/").content.decode()
    assert "afgeschermd: beslissers zien alleen geanonimiseerde stukken" in dynamics
    assert 'id="soc-title"' not in dynamics and "Legenda" not in dynamics
    for member in full_case.memberships.all():
        assert client.get(f"/groepen/leden/{member.pk}/").status_code == 404
        assert client.get(f"/groepen/personen/{member.person_id}/").status_code == 404
    assert not ProcessingLogEntry.objects.filter(actor_username="burgemeester").exists()


def test_beslisser_cannot_write_in_step_3_work_forms(world, verified_client):
    case = build_case(world, name="Stap 3")
    client = verified_client(world.burgemeester)
    base = f"/casussen/{case.pk}"
    for url, data in [
        (f"{base}/beeld/", {"based_on": "0", "behaviour": "x"}),
        (f"{base}/interventiematrix/", {"column": "signalen", "content": "x"}),
        (f"{base}/concept-pva/opslaan/", {"plan-based_on": "0"}),
        (f"{base}/circulair/", {}),
        (f"{base}/gemeenten/", {}),
        (f"{base}/advies/genereren/", {}),
    ]:
        assert client.post(url, data).status_code == 404, url
    with pytest.raises(services.AccessDenied):
        services.add_intervention(case, actor=world.burgemeester, column="signalen", content="x")


def test_youth_worker_sees_no_criminal_cells_but_sees_ordinary_ones(world, full_case, verified_client):
    html = (
        verified_client(world.jongerenwerker)
        .get(f"/casussen/{full_case.pk}/interventiematrix/")
        .content.decode()
    )
    assert CRIMINAL_CELL not in html
    assert PERSONAL_CELL in html and GROUP_CELL in html
    assert "afgeschermd: strafrechtelijke gegevens" in html
    police = (
        verified_client(world.wijkagent).get(f"/casussen/{full_case.pk}/interventiematrix/").content.decode()
    )
    assert CRIMINAL_CELL in police


def test_youth_work_may_not_supply_criminal_cells(world, case):
    ryan = case.memberships.get(person__full_name="Ryan Meijer")
    with pytest.raises(services.AccessDenied, match="strafrechtelijke gegevens"):
        services.add_intervention(
            case, actor=world.jongerenwerker, membership=ryan, column="informatie", category=Category.CRIMINAL,
            content="Verdacht van heling.",
        )  # fmt: skip


def test_reading_the_interventiematrix_is_logged_once_per_subject_with_the_categories_shown(
    world, full_case, verified_client
):
    verified_client(world.wijkagent).get(f"/casussen/{full_case.pk}/interventiematrix/")
    reads = ProcessingLogEntry.objects.filter(actor_username="wijkagent", action="read")
    subjects = list(reads.values_list("data_subject", flat=True))
    assert len(subjects) == len(set(subjects)) == full_case.memberships.count()  # the name list is shown too
    ryan = full_case.memberships.get(person__full_name="Ryan Meijer").person
    assert reads.get(data_subject=str(ryan.pseudonym)).categories == "criminal,personal"


def test_agenda_is_for_deciders_and_the_municipality_only(world, full_case, verified_client):
    assert verified_client(world.wijkagent).get("/casussen/agenda/").status_code == 404
    assert verified_client(world.privacy).get("/casussen/agenda/").status_code == 404
    outsider = verified_client(world.outsider).get("/casussen/agenda/").content.decode()
    assert "Jongeren Volledig" not in outsider
    regisseur = verified_client(world.regisseur).get("/casussen/agenda/").content.decode()
    assert "Jongeren Volledig" in regisseur
