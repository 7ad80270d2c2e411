"""The privacy officer's overview (issue 17): one page, the log in words grouped per
request and filtered by date, operation, organisation, case and person, its CSV export in
words, and that reading and exporting it is logged. Only the privacy officer opens it."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import OrganisationKind
from cases import informing, services
from privacy.models import ProcessingLogEntry, SecurityEvent
from tests.factories import GroupFactory, case_in_step_2

pytestmark = pytest.mark.django_db

URL = "/privacy/overzicht/"


def _table(response) -> str:
    """The log table only (the filter's options name every operation too)."""
    html = response.content.decode()
    start = html.find('id="log-table"')
    return html[start : html.find("</table>", start)] if start >= 0 else ""


@pytest.fixture
def case(world):
    case = case_in_step_2(
        world,
        GroupFactory(municipality=world.municipality, name="De Jonkies"),
        partners=(OrganisationKind.POLITIE,),
    )
    case.sem = services.add_to_name_list(case, actor=world.coordinator, full_name="Sem Jansen")
    case.tim = services.add_to_name_list(case, actor=world.coordinator, full_name="Tim de Wit")
    return case


@pytest.mark.parametrize(
    "persona", ["regisseur", "coordinator", "wijkagent", "burgemeester", "beheer", "outsider"]
)
def test_only_the_privacy_officer_opens_it(world, verified_client, persona):
    assert verified_client(getattr(world, persona)).get(URL).status_code == 404


def test_the_log_reads_in_words_with_names_and_organisations(world, case, verified_client):
    html = verified_client(world.privacy).get(URL).content.decode()
    assert "Naam op de namenlijst gezet" in html  # the operation's label, not name_list.add
    assert "name_list.add (create)" not in html and ">name_list.add<" not in html
    assert world.coordinator.display_name() in html and "Gemeente Teststad" in html
    assert "Sem Jansen" in html and "Tim de Wit" in html
    assert "De Jonkies" in html  # the case by its group's name
    for section in (
        "Register van verwerkingsactiviteiten",
        "Versies van het convenant",
        "Bewaarplicht",
        "Informatieplicht",
        "Controle van de logs",
    ):
        assert section in html


def test_filtering_to_one_person_and_one_week_and_the_read_is_logged(world, case, verified_client):
    old = (
        ProcessingLogEntry.objects.filter(data_subject=str(case.sem.person.pseudonym))
        .order_by("sequence")
        .first()
    )
    client = verified_client(world.privacy)
    today = timezone.localdate()
    response = client.get(
        URL, {"persoon": str(case.sem.person.pseudonym), "van": today - timedelta(days=6), "tot": today}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Alleen verwerkingen over Sem Jansen." in html
    assert "Tim de Wit" not in html
    read = ProcessingLogEntry.objects.filter(operation="processing_log.read")
    assert {(r.actor_username, r.data_subject) for r in read} == {("privacy", str(case.sem.person.pseudonym))}
    assert old is not None
    nothing = client.get(URL, {"persoon": str(case.sem.person.pseudonym), "van": today + timedelta(days=1)})
    assert "Geen verwerkingen gevonden." in nothing.content.decode()


def test_filters_by_operation_organisation_and_case(world, case, verified_client):
    client = verified_client(world.privacy)
    informing.record_informed(
        case, f"youth-{case.sem.pk}", actor=world.wijkagent, on=timezone.localdate(), how="handed"
    )
    html = _table(client.get(URL, {"handeling": "informing.record"}))
    assert "Vastgelegd dat iemand is geïnformeerd" in html and "Naam op de namenlijst gezet" not in html
    html = _table(client.get(URL, {"organisatie": world.wijkagent.organisation.name}))
    assert "Vastgelegd dat iemand is geïnformeerd" in html and "Naam op de namenlijst gezet" not in html
    other = case_in_step_2(world, GroupFactory(municipality=world.municipality, name="Andere groep"))
    services.add_to_name_list(other, actor=world.coordinator, full_name="Kees Vreemd")
    html = _table(client.get(URL, {"casus": case.pk}))
    assert "Sem Jansen" in html and "Kees Vreemd" not in html


def test_bad_filters_give_400_with_the_dutch_message(world, verified_client):
    response = verified_client(world.privacy).get(
        URL, {"van": "2026-12-31", "tot": "2026-01-01", "persoon": "geen-uuid"}
    )
    assert response.status_code == 400
    assert "De einddatum ligt vóór de begindatum." in response.content.decode()


def test_the_csv_export_in_words_is_logged_and_formula_safe(world, case, verified_client):
    services.add_to_name_list(case, actor=world.coordinator, full_name="=HYPERLINK(1)")
    response = verified_client(world.privacy).get(URL, {"format": "csv", "casus": case.pk})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:6] == ["tijd", "wie", "organisatie", "wat", "handeling", "persoon"]
    assert any(r[3] == "Naam op de namenlijst gezet" and r[5] == "Sem Jansen" for r in rows[1:])
    assert not any(cell.startswith("=") for r in rows for cell in r)
    exported = ProcessingLogEntry.objects.filter(operation="processing_log.export", actor_username="privacy")
    assert {r.data_subject for r in exported} >= {
        str(case.sem.person.pseudonym),
        str(case.tim.person.pseudonym),
    }


def test_reading_and_exporting_the_security_log_are_security_events(world, verified_client):
    client = verified_client(world.privacy)
    client.get("/privacy/beveiligingslog/")
    client.get("/privacy/beveiligingslog/", {"format": "csv"})
    kinds = list(SecurityEvent.objects.filter(user_id=world.privacy.pk).values_list("kind", flat=True))
    assert "security_log.read" in kinds and "security_log.export" in kinds


def test_the_latest_verification_and_checkpoint_are_shown(world, case, verified_client):
    from django.core.management import call_command

    call_command("checkpoint_processing_log")
    call_command("verify_processing_log")
    html = verified_client(world.privacy).get(URL).content.decode()
    assert "intact (" in html
    assert "klopt met het log." in html


def test_the_purge_history_counts_tombstones_of_the_own_municipality_only(world, case, verified_client):
    from privacy.models import Tombstone, TombstoneAction

    now = timezone.now()
    Tombstone.objects.create(
        kind="cases.InformationItem", record_id=7, case_id=case.pk, category="care",
        action=TombstoneAction.DELETED, rule="bewaartermijn care tot 2026-01-01", at=now,
    )  # fmt: skip
    Tombstone.objects.create(
        kind="cases.InformationItem", record_id=8, case_id=case.pk, category="care",
        action=TombstoneAction.DELETED, rule="bewaartermijn care tot 2026-01-01", at=now,
    )  # fmt: skip
    other = services.open_case(
        GroupFactory(municipality=world.neighbour, name="Elders"), actor=world.outsider, reason="x"
    )
    Tombstone.objects.create(
        kind="groups.Person", record_id=9, case_id=other.pk, category="personal",
        action=TombstoneAction.ANONYMISED, rule="bewaartermijn personal", at=now,
    )  # fmt: skip
    html = verified_client(world.privacy).get(URL).content.decode()
    section = html[html.find('id="opschonen"') : html.find("</section>", html.find('id="opschonen"'))]
    assert "2 grafstenen in totaal" in section
    assert "cases.InformationItem" in section and "verwijderd" in section
    assert "groups.Person" not in section  # the neighbour's purge is not ours


def test_open_requests_of_data_subjects_are_listed_by_deadline(world, case, verified_client):
    from cases import rights

    rights.record_request(
        case.sem.person, actor=world.regisseur, kind="access", received_on=timezone.localdate(), case=case
    )
    html = verified_client(world.privacy).get(URL).content.decode()
    section = html[html.find('id="verzoeken"') : html.find("</section>", html.find('id="verzoeken"'))]
    assert "1 open, 0 afgehandeld." in section
    assert "Inzage" in section and "De Jonkies" in section
    assert "Sem Jansen" not in section  # the overview names no youth here
