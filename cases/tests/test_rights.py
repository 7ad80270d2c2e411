"""Correction and objection (issue 17): requests recorded per person with their deadline
(one month, extendable by two with a reason) and outcome; an upheld correction keeps the
old value for the privacy officer only; an upheld objection removes the person from the
case with tombstones."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from analysis.tests.conftest import build_case
from cases import rights
from cases import services as case_services
from cases.models import InformationItem, RightsRequest
from groups.models import Assessment, Membership, Person
from privacy.access import AccessDenied
from privacy.models import MatrixItem, ProcessingLogEntry, Tombstone
from privacy.retention import add_months

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def case(world):
    return build_case(world, to_step=2)


@pytest.fixture
def ryan(case):
    return case.memberships.get(person__full_name="Ryan Meijer").person


def test_a_request_gets_a_deadline_of_one_month_extendable_with_a_reason(world, case, ryan):
    received = TODAY() - timedelta(days=3)
    req = rights.record_request(
        ryan, actor=world.regisseur, kind="access", received_on=received, request="Wat weet u?"
    )
    assert req.deadline == add_months(received, 1) and req.status == "open"
    with pytest.raises(rights.RightsError):
        rights.extend_deadline(req, actor=world.regisseur, until=add_months(received, 2), reason="")
    with pytest.raises(rights.RightsError):  # at most three months after receipt
        rights.extend_deadline(
            req, actor=world.regisseur, until=add_months(received, 3) + timedelta(days=1), reason="Veel"
        )
    req = rights.extend_deadline(
        req, actor=world.regisseur, until=add_months(received, 3), reason="Veel partners."
    )
    assert req.deadline == add_months(received, 3) and req.extension_reason == "Veel partners."
    assert ProcessingLogEntry.objects.filter(
        operation="rights_request.record", data_subject=str(ryan.pseudonym)
    ).exists()


@pytest.mark.parametrize("persona", ["coordinator", "wijkagent", "privacy", "outsider"])
def test_only_the_procesregisseur_records_and_decides(world, case, ryan, persona):
    with pytest.raises(AccessDenied):
        rights.record_request(ryan, actor=getattr(world, persona), kind="access", received_on=TODAY())
    req = rights.record_request(ryan, actor=world.regisseur, kind="access", received_on=TODAY())
    with pytest.raises(AccessDenied):
        rights.decide(req, actor=getattr(world, persona), upheld=True, outcome="x")


def test_bad_input_is_refused_and_nothing_saved(world, case, ryan):
    with pytest.raises(rights.RightsError):
        rights.record_request(
            ryan, actor=world.regisseur, kind="correction", received_on=TODAY(), field="bsn", new_value="1"
        )
    with pytest.raises(rights.RightsError):
        rights.record_request(
            ryan,
            actor=world.regisseur,
            kind="correction",
            received_on=TODAY(),
            field="date_of_birth",
            new_value="31-02",
        )
    with pytest.raises(rights.RightsError):
        rights.record_request(ryan, actor=world.regisseur, kind="objection", received_on=TODAY())
    with pytest.raises(rights.RightsError):
        rights.record_request(
            ryan, actor=world.regisseur, kind="access", received_on=TODAY() + timedelta(days=1)
        )
    assert not RightsRequest.objects.exists()


def test_an_upheld_correction_changes_the_field_and_keeps_the_old_value(world, case, ryan):
    req = rights.record_request(
        ryan,
        actor=world.regisseur,
        kind="correction",
        received_on=TODAY(),
        field="address",
        new_value="Kerkstraat 4",
    )
    old = Person.objects.get(pk=ryan.pk).address
    req = rights.decide(req, actor=world.regisseur, upheld=True, outcome="Adres was verouderd.")
    assert Person.objects.get(pk=ryan.pk).address == "Kerkstraat 4"
    assert req.status == "upheld" and req.old_value == old
    assert ProcessingLogEntry.objects.filter(
        operation="person.correct", data_subject=str(ryan.pseudonym)
    ).exists()
    with pytest.raises(rights.RightsError):  # decided once
        rights.decide(req, actor=world.regisseur, upheld=False, outcome="x")


def test_a_rejected_correction_changes_nothing(world, case, ryan):
    req = rights.record_request(
        ryan,
        actor=world.regisseur,
        kind="correction",
        received_on=TODAY(),
        field="date_of_birth",
        new_value="2010-01-01",
    )
    before = Person.objects.get(pk=ryan.pk).date_of_birth
    with pytest.raises(rights.RightsError):
        rights.decide(req, actor=world.regisseur, upheld=False, outcome="")
    req = rights.decide(
        req, actor=world.regisseur, upheld=False, outcome="De geboortedatum klopt volgens de BRP."
    )
    assert Person.objects.get(pk=ryan.pk).date_of_birth == before and req.old_value == ""


def test_an_upheld_objection_removes_the_person_from_the_case_with_tombstones(world, case, ryan):
    membership = case.memberships.get(person=ryan)
    Assessment.objects.create(
        membership=membership, assessed_on=TODAY(), dynamic="min", assessed_by=world.coordinator
    )
    InformationItem.objects.create(
        case=case,
        person=ryan,
        matrix_item=MatrixItem.objects.filter(category="care").first(),
        category="care",
        content="Hulp van het wijkteam.",
        supplied_by=world.orgs["zorg"],
        created_by=world.zorg,
    )
    other = build_case(world, name="Andere groep", members=[], to_step=2)
    case_services.add_to_name_list(other, actor=world.coordinator, full_name="", person=ryan)
    members = case.memberships.count()

    req = rights.record_request(ryan, actor=world.regisseur, kind="objection", received_on=TODAY(), case=case)
    rights.decide(req, actor=world.regisseur, upheld=True, outcome="Belang van de jongere weegt zwaarder.")

    assert not Membership.objects.filter(case=case, person=ryan).exists()
    assert case.memberships.count() == members - 1
    assert not InformationItem.objects.filter(case=case, person=ryan).exists()
    stones = Tombstone.objects.filter(case_id=case.pk, rule=f"bezwaar {req.pk} toegewezen")
    assert {s.kind for s in stones} >= {"groups.Membership", "groups.Assessment", "cases.InformationItem"}
    assert stones.get(kind="cases.InformationItem").category == "care"
    # still on the other case: kept there, not anonymised
    assert Person.objects.get(pk=ryan.pk).full_name == "Ryan Meijer"
    assert Membership.objects.filter(case=other, person=ryan).exists()
    assert ProcessingLogEntry.objects.filter(
        operation="name_list.remove_on_objection", case_id=case.pk
    ).exists()


def test_an_objection_on_the_only_case_anonymises_the_person(world, case, ryan):
    req = rights.record_request(
        ryan, actor=world.regisseur, kind="objection", received_on=date.today(), case=case
    )  # noqa: DTZ011
    rights.decide(req, actor=world.regisseur, upheld=True, outcome="Toegewezen.")
    assert Person.objects.get(pk=ryan.pk).full_name.startswith("Verwijderd (pseudoniem ")


def test_the_regisseur_records_and_decides_on_the_page(world, case, ryan, verified_client):
    client = verified_client(world.regisseur)
    url = f"/casussen/personen/{ryan.pk}/verzoeken/"
    assert "Verzoek vastleggen" in client.get(url).content.decode()
    response = client.post(
        f"{url}nieuw/",
        {"kind": "correction", "received_on": TODAY().isoformat(), "field": "nickname", "new_value": "R."},
    )
    assert response.status_code == 302
    req = RightsRequest.objects.get(person=ryan)
    assert req.deadline == add_months(TODAY(), 1)
    # bad input: the Dutch message on the page, nothing saved
    response = client.post(
        f"{url}nieuw/", {"kind": "correction", "received_on": TODAY().isoformat(), "field": "bsn"}
    )
    assert response.status_code == 400 and RightsRequest.objects.count() == 1
    response = client.post(f"/casussen/verzoeken/{req.pk}/besluit/", {"upheld": "1", "outcome": "Klopt."})
    assert response.status_code == 302
    assert Person.objects.get(pk=ryan.pk).nickname == "R."
    # the old value: on the privacy officer's list only
    old = RightsRequest.objects.get(pk=req.pk).old_value
    assert old and old not in client.get(url).content.decode()
    overview = verified_client(world.privacy).get("/casussen/verzoeken/")
    assert overview.status_code == 200 and f"{old} → R." in overview.content.decode()
    assert verified_client(world.regisseur).get("/casussen/verzoeken/").status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "wijkagent", "privacy", "outsider"])
def test_others_do_not_see_the_requests_page(world, case, ryan, verified_client, persona):
    assert (
        verified_client(getattr(world, persona)).get(f"/casussen/personen/{ryan.pk}/verzoeken/").status_code
        == 404
    )
