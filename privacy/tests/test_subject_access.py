"""Subject access (inzage, issue 17): the procesregisseur's export of everything held about
one person in the cases they may disclose, plus the processing log about them; withheld
parts listed with the reason; the export logged; a person in two cases gets both; nothing
of a third person (a family link shows the relation only)."""

import shutil
import subprocess

import pytest
from django.utils import timezone

from analysis.tests.conftest import build_case
from cases import services as case_services
from cases.models import InformationItem
from groups.models import FamilyLink, Referral
from privacy import access
from privacy.models import MatrixItem, ProcessingLogEntry
from tests.factories import bearer_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    from django.core.cache import cache

    cache.clear()  # API throttle counters live in the cache; user ids repeat between tests
    yield
    cache.clear()


def item(world, case, person, category, content):
    return InformationItem.objects.create(
        case=case,
        person=person,
        matrix_item=MatrixItem.objects.filter(category=category).first(),
        category=category,
        content=content,
        supplied_by=world.orgs["politie"],
        created_by=world.wijkagent,
    )


@pytest.fixture
def two_cases(world):
    """Ryan on the name lists of two cases, with data in both; Yusuf (a third person) on the
    first, with data of his own and a family link to Ryan."""
    first = build_case(world, name="Jongeren Testwijk", to_step=2)
    ryan = first.memberships.get(person__full_name="Ryan Meijer").person
    yusuf = first.memberships.get(person__full_name="Yusuf Demir").person
    second = build_case(world, name="Groep Stationsplein", members=[], to_step=2)
    case_services.add_to_name_list(second, actor=world.coordinator, full_name="", person=ryan)
    item(world, first, ryan, "personal", "Speelt voetbal bij VV Testwijk.")
    item(world, first, ryan, "care", "Heeft hulp van het wijkteam.")
    item(world, second, ryan, "criminal", "Eén proces-verbaal voor vernieling.")
    item(world, first, yusuf, "personal", "Werkt bij de supermarkt aan het plein.")
    Referral.objects.create(
        membership=first.memberships.get(person=yusuf),
        kind="halt",
        category="criminal",
        referred_on=timezone.localdate(),
        created_by=world.officier,
        supplied_by=world.orgs["om"],
    )
    FamilyLink.objects.create(person=ryan, relative=yusuf, relation="sibling", created_by=world.coordinator)
    return first, second, ryan, yusuf


def export_json(client, person):
    response = client.get(f"/privacy/personen/{person.pk}/inzage/?format=json")
    assert response.status_code == 200
    return response.json()


def flat(data) -> str:
    import json

    return json.dumps(data, ensure_ascii=False)


def test_a_person_in_two_cases_gets_both_and_nothing_of_a_third_person(world, two_cases, verified_client):
    first, second, ryan, yusuf = two_cases
    data = export_json(verified_client(world.regisseur), ryan)
    assert [c["group"] for c in data["cases"]] == ["Jongeren Testwijk", "Groep Stationsplein"]
    text = flat(data)
    for held in (
        "Speelt voetbal bij VV Testwijk.",
        "Heeft hulp van het wijkteam.",
        "Eén proces-verbaal voor vernieling.",
    ):
        assert held in text
    assert {"label": "Naam", "value": "Ryan Meijer"} in data["identity"]
    # the family link shows the relation, not who
    assert "van een andere jongere" in text
    assert "Yusuf" not in text and "Demir" not in text and "supermarkt" not in text and "Halt" not in text
    assert str(yusuf.pseudonym) not in text


def test_withheld_parts_are_listed_with_the_reason(world, two_cases, verified_client):
    first, _second, ryan, _yusuf = two_cases
    data = export_json(verified_client(world.regisseur), ryan)
    # the demo covenant lets the municipality receive no special categories
    reason = str(access.can_receive(world.regisseur, first, "special").reason)
    assert {"what": "bijzondere persoonsgegevens in de casus Jongeren Testwijk", "reason": reason} in data[
        "withheld"
    ]


def test_the_processing_log_about_them_by_organisation_not_by_official(world, two_cases, verified_client):
    first, _second, ryan, _yusuf = two_cases
    data = export_json(verified_client(world.regisseur), ryan)
    lines = data["processing_log"]
    assert lines and all(line["who"] and line["what"] for line in lines)
    assert "Naam op de namenlijst gezet" in {line["what"] for line in lines}
    whos = {line["who"] for line in lines}
    assert "coordinator" not in whos and world.orgs["gemeente"].name in whos
    # where the covenant says so, the officials are named
    covenant = access.covenant_in_force(world.municipality.pk)
    type(covenant).objects.filter(pk=covenant.pk).update(names_officials_in_access=True)
    data = export_json(verified_client(world.regisseur), ryan)
    assert world.coordinator.display_name() in {line["who"] for line in data["processing_log"]}


def test_the_export_itself_is_logged(world, two_cases, verified_client):
    _first, _second, ryan, _yusuf = two_cases
    export_json(verified_client(world.regisseur), ryan)
    entry = ProcessingLogEntry.objects.get(operation="subject_access.export")
    assert (entry.data_subject, entry.action, entry.actor_id) == (
        str(ryan.pseudonym),
        "export",
        world.regisseur.pk,
    )
    assert set(entry.categories.split(",")) >= {"personal", "care", "criminal"}


@pytest.mark.parametrize("persona", ["coordinator", "wijkagent", "privacy", "outsider", "beheer"])
def test_only_the_procesregisseur_may_compile_it(world, two_cases, verified_client, persona):
    _first, _second, ryan, _yusuf = two_cases
    response = verified_client(getattr(world, persona)).get(f"/privacy/personen/{ryan.pk}/inzage/")
    assert response.status_code == 404
    assert not ProcessingLogEntry.objects.filter(operation="subject_access.export").exists()


def test_the_page_shows_the_same(world, two_cases, verified_client):
    _first, _second, ryan, _yusuf = two_cases
    html = verified_client(world.regisseur).get(f"/privacy/personen/{ryan.pk}/inzage/").content.decode()
    assert "Inzageoverzicht" in html and "Speelt voetbal bij VV Testwijk." in html and "Yusuf" not in html
    assert "Niet in dit overzicht" in html


def test_the_api_gives_json_and_refuses_who_may_not(world, two_cases):
    _first, _second, ryan, _yusuf = two_cases
    response = bearer_client(world.regisseur).get(f"/api/v1/persons/{ryan.pk}/subject-access")
    assert response.status_code == 200
    assert [c["group"] for c in response.json()["cases"]] == ["Jongeren Testwijk", "Groep Stationsplein"]
    assert (
        bearer_client(world.coordinator).get(f"/api/v1/persons/{ryan.pk}/subject-access").status_code == 404
    )
    assert bearer_client(world.outsider).get(f"/api/v1/persons/{ryan.pk}/subject-access").status_code == 404


def test_an_error_asked_as_pdf_is_json_with_its_content_type(world, two_cases):
    """Found by schemathesis: ?format=pdf on a missing person answered 404 with an empty body."""
    _first, _second, ryan, _yusuf = two_cases
    client = bearer_client(world.regisseur)
    for url in (
        "/api/v1/persons/0/subject-access?format=pdf",
        f"/api/v1/persons/{ryan.pk}/subject-access?format=pdf",
    ):
        response = client.get(url) if "/0/" in url else bearer_client(world.coordinator).get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert "detail" in response.json()


def test_the_pdf_holds_the_same_content(world, two_cases, verified_client):
    pytest.importorskip("weasyprint")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    _first, _second, ryan, _yusuf = two_cases
    response = verified_client(world.regisseur).get(f"/privacy/personen/{ryan.pk}/inzage/?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(  # noqa: S603 - poppler on our own PDF
        [shutil.which("pdftotext"), "-layout", "-", "-"],
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for expected in (
        "Inzageoverzicht",
        "Ryan Meijer",
        "Jongeren Testwijk",
        "Groep Stationsplein",
        "Heeft hulp van het wijkteam.",
    ):
        assert expected in text
    assert "Yusuf" not in text
    entry = ProcessingLogEntry.objects.get(operation="subject_access.export")
    assert entry.action == "print"
    api = bearer_client(world.regisseur).get(f"/api/v1/persons/{ryan.pk}/subject-access?format=pdf")
    assert api.status_code == 200 and api.content.startswith(b"%PDF")


def test_the_person_page_links_to_it_for_the_regisseur_only(world, two_cases, verified_client):
    _first, _second, ryan, _yusuf = two_cases
    link = f"/privacy/personen/{ryan.pk}/inzage/"
    assert link in verified_client(world.regisseur).get(f"/groepen/personen/{ryan.pk}/").content.decode()
    assert (
        link not in verified_client(world.coordinator).get(f"/groepen/personen/{ryan.pk}/").content.decode()
    )
