"""The processing-log CSV: written once (documents.processing_log), the same file through
the privacy page and the API, and every export logged as `processing_log.export`."""

import csv
import io
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from api.services import create_token
from cases import services
from documents.processing_log import COLUMNS, csv_response
from privacy.models import ProcessingLogEntry
from tests.factories import GroupFactory

HEADER = "volgnummer,tijd,gebruiker,organisatie,handeling,activiteit,casus,doel,grondslag,categorieën,trace"


def _entry(**fields):
    values = {
        "sequence": 7, "started_at": datetime(2026, 3, 1, 9, 30, tzinfo=UTC), "actor_username": "wijkagent",
        "actor_organisation": "Politie", "operation": "name_list.read", "activity": "namenlijst",
        "case_id": 3, "purpose": "Aanpak", "legal_basis": "AVG 6.1.e", "categories": "personal",
        "trace_id": "abc",
    }  # fmt: skip
    return SimpleNamespace(**(values | fields))


def test_the_csv_has_a_header_and_a_row_per_entry():
    response = csv_response([_entry(), _entry(sequence=8, case_id=None)])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="verwerkingen.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ",".join(rows[0]) == HEADER == ",".join(COLUMNS)
    assert rows[1] == [
        "7", "2026-03-01T09:30:00+00:00", "wijkagent", "Politie", "name_list.read", "namenlijst", "3",
        "Aanpak", "AVG 6.1.e", "personal", "abc",
    ]  # fmt: skip
    assert rows[2][6] == ""  # an entry without a case


@pytest.fixture
def person(world):
    case = services.open_case(
        GroupFactory(municipality=world.municipality), actor=world.regisseur, reason="x"
    )
    services.appoint_coordinator(
        case,
        coordinator=world.coordinator,
        legal_basis_choice="avg6e_gw172",
        legal_basis="Convenant art. 4",
        necessity="Overlast",
        actor=world.regisseur,
    )
    services.advance_case(case, to_step=2, actor=world.regisseur, reason="informatie verzamelen")
    return services.add_to_name_list(case, actor=world.coordinator, full_name="Kees Voorbeeld").person


def _exports(world, person):
    return ProcessingLogEntry.objects.filter(
        operation="processing_log.export", actor_id=world.privacy.pk, data_subject=str(person.pseudonym)
    ).count()


def test_page_and_api_export_the_same_file_and_each_logs_the_export(world, person, verified_client):
    page = verified_client(world.privacy).get(
        f"/privacy/personen/{person.pseudonym}/verwerkingen/?format=csv"
    )
    assert page.status_code == 200
    assert _exports(world, person) == 1
    _token, key = create_token(world.privacy, name="test")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = api.get(f"/api/v1/persons/{person.pk}/processing-log/export")
    assert response.status_code == 200
    assert _exports(world, person) == 2
    for r in (page, response):
        assert r["Content-Type"] == "text/csv; charset=utf-8"
        assert r["Content-Disposition"] == 'attachment; filename="verwerkingen.csv"'
    page_rows = page.content.decode().splitlines()
    api_rows = response.content.decode().splitlines()
    assert page_rows[0] == api_rows[0] == HEADER
    # Newest first, the export itself included: the API's file is the page's with one more row.
    assert api_rows[2:] == page_rows[1:]
    assert ",processing_log.export," in api_rows[1] and ",processing_log.export," in page_rows[1]


def test_who_may_not_read_the_log_exports_nothing(world, person, verified_client):
    response = verified_client(world.wijkagent).get(
        f"/privacy/personen/{person.pseudonym}/verwerkingen/?format=csv"
    )
    assert response.status_code == 404
    assert not ProcessingLogEntry.objects.filter(operation="processing_log.export").exists()
