"""Merging two records of the same youth (issue 18): by the procesregisseur, logged, every
reference moved, the processing log still resolving, undone within the period."""

import datetime

import pytest
from django.utils import timezone

from cases import name_lists, services
from cases.models import InformationItem
from groups.models import Membership
from persons import merging
from persons.models import PersonMerge
from privacy import registry, subject_access
from privacy.access import AccessDenied
from privacy.log import entries_for_subject
from privacy.models import MatrixItem, ProcessingLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(world, two):
    """The same youth typed on both lists (before linking existed): two records."""
    west, east, kees = two
    other = services.add_to_name_list(
        east, actor=world.coordinator, full_name="K. Voorbeeld", accept_warnings=True
    )
    item = services.add_information(
        east, actor=world.wijkagent, matrix_item=MatrixItem.objects.filter(category="personal").first(),
        content="Woont in de wijk", person=other.person,
    )  # fmt: skip
    return west, east, kees, other, item


def test_the_regisseur_merges_and_every_reference_moves(world, twins):
    west, east, kees, other, item = twins
    absorbed_pseudonym = other.person.pseudonym
    merge = merging.merge_persons(
        actor=world.regisseur, kept=kees.person, absorbed=other.person, reason="zelfde"
    )
    assert Membership.objects.get(pk=other.pk).person == kees.person
    assert InformationItem.objects.get(pk=item.pk).person == kees.person
    assert {c.pk for c in kees.person.cases()} == {west.pk, east.pk}
    assert ProcessingLogEntry.objects.filter(operation="person.merge", case_id=east.pk).count() == 2
    # the log rows written about the absorbed record still resolve for the kept person
    assert registry.subject(absorbed_pseudonym) == kees.person
    subjects = set(entries_for_subject(str(kees.person.pseudonym)).values_list("data_subject", flat=True))
    assert str(absorbed_pseudonym) in subjects
    lines = subject_access.log_lines(world.regisseur, kees.person, [west.pk, east.pk])
    assert any(line.case == east.pk and "Naam op de namenlijst" in str(line.what) for line in lines)
    assert merge.undo_until > timezone.now()


@pytest.mark.parametrize("persona", ["coordinator", "wijkagent", "privacy", "outsider"])
def test_only_the_regisseur_merges(world, twins, persona):
    _west, _east, kees, other, _item = twins
    with pytest.raises(AccessDenied):
        merging.merge_persons(
            actor=getattr(world, persona), kept=kees.person, absorbed=other.person, reason="x"
        )
    assert Membership.objects.get(pk=other.pk).person == other.person
    assert not PersonMerge.objects.exists()


def test_two_records_on_the_same_list_are_not_merged(world, twins):
    _west, east, kees, other, _item = twins
    name_lists.link_person(east, actor=world.regisseur, person=kees.person, accept_warnings=True)
    with pytest.raises(merging.MergeError, match="dezelfde casus"):
        merging.merge_persons(actor=world.regisseur, kept=kees.person, absorbed=other.person, reason="x")


def test_the_merge_is_undone_within_the_period(world, twins):
    _west, east, kees, other, item = twins
    merge = merging.merge_persons(actor=world.regisseur, kept=kees.person, absorbed=other.person, reason="x")
    with pytest.raises(AccessDenied):
        merging.undo_merge(merge, actor=world.coordinator)
    merging.undo_merge(merge, actor=world.privacy)
    assert Membership.objects.get(pk=other.pk).person == other.person
    assert InformationItem.objects.get(pk=item.pk).person == other.person
    assert registry.subject(other.person.pseudonym) == other.person
    assert ProcessingLogEntry.objects.filter(operation="person.merge_undo").exists()
    with pytest.raises(AccessDenied, match="al ongedaan"):
        merging.undo_merge(merge, actor=world.regisseur)


def test_after_the_period_the_merge_stays(world, twins):
    _west, _east, kees, other, _item = twins
    merge = merging.merge_persons(actor=world.regisseur, kept=kees.person, absorbed=other.person, reason="x")
    PersonMerge.objects.filter(pk=merge.pk).update(undo_until=timezone.now() - datetime.timedelta(minutes=1))
    merge.refresh_from_db()
    with pytest.raises(AccessDenied, match="termijn"):
        merging.undo_merge(merge, actor=world.regisseur)
    assert Membership.objects.get(pk=other.pk).person == kees.person


def test_the_merge_page(world, twins, verified_client):
    _west, _east, kees, other, _item = twins
    client = verified_client(world.regisseur)
    page = client.get(f"/groepen/personen/{kees.person_id}/bekend-bij/").content.decode()
    assert "Samenvoegen" in page
    response = client.post(
        f"/groepen/personen/{kees.person_id}/samenvoegen/", {"absorbed": other.person_id, "reason": "zelfde"}
    )
    assert response.status_code == 302
    merge = PersonMerge.objects.get()
    assert "Ongedaan maken" in client.get(f"/groepen/personen/{kees.person_id}/bekend-bij/").content.decode()
    assert (
        verified_client(world.outsider)
        .post(f"/groepen/personen/samenvoegingen/{merge.pk}/ongedaan/")
        .status_code
        == 404
    )
    client = verified_client(world.regisseur)  # the test client is shared: log the regisseur in again
    assert client.post(f"/groepen/personen/samenvoegingen/{merge.pk}/ongedaan/").status_code == 302
    assert PersonMerge.objects.get().undone_at is not None


def test_the_coordinator_sees_no_merge_form(world, twins, verified_client):
    _west, _east, kees, other, _item = twins
    client = verified_client(world.coordinator)
    assert "Samenvoegen" not in client.get(f"/groepen/personen/{kees.person_id}/bekend-bij/").content.decode()
    response = client.post(
        f"/groepen/personen/{kees.person_id}/samenvoegen/", {"absorbed": other.person_id, "reason": "x"}
    )
    assert response.status_code == 200 and not PersonMerge.objects.exists()


def test_retention_takes_the_merged_record_with_the_kept_persons_last_case(world, twins):
    from cases.models import Case
    from groups.shredders import is_anonymised
    from persons import shredders
    from privacy import retention

    west, east, kees, other, _item = twins
    merging.merge_persons(actor=world.regisseur, kept=kees.person, absorbed=other.person, reason="x")
    today = timezone.localdate()
    # Oostkant still runs: the kept person is live there, the merged record stays
    done = shredders.shred(west, retention.ShredContext(today=today, case_id=west.pk))
    assert PersonMerge.objects.exists() and not done.purged
    Case.objects.filter(pk=east.pk).update(
        status="closed", retention_until=today - datetime.timedelta(days=1)
    )
    done = shredders.shred(west, retention.ShredContext(today=today, case_id=west.pk))
    other.person.refresh_from_db()
    assert is_anonymised(other.person) and not PersonMerge.objects.exists()
    assert ("persons.PersonMerge", done.purged[-1][1], "personal", "deleted") in done.purged


def test_family_links_and_rights_requests_move_too(world, twins):
    from groups.models import FamilyLink

    west, east, kees, other, _item = twins
    sister = services.add_to_name_list(east, actor=world.coordinator, full_name="Zus Voorbeeld")
    towards = FamilyLink.objects.create(
        person=sister.person, relative=other.person, relation="sibling", created_by=world.coordinator
    )
    back = FamilyLink.objects.create(
        person=other.person, relative=sister.person, relation="sibling", created_by=world.coordinator
    )
    from cases.models import RightsRequest

    asked = RightsRequest.objects.create(
        person=other.person, kind="access", received_on=datetime.date.today(),
        deadline=datetime.date.today() + datetime.timedelta(days=30), recorded_by=world.regisseur,
    )  # fmt: skip
    merge = merging.merge_persons(actor=world.regisseur, kept=kees.person, absorbed=other.person, reason="x")
    towards.refresh_from_db(), back.refresh_from_db(), asked.refresh_from_db()
    assert asked.person == kees.person
    assert towards.relative == kees.person and back.person == kees.person
    assert "groups.FamilyLink.relative" in merge.moved
    merging.undo_merge(merge, actor=world.regisseur)
    towards.refresh_from_db()
    assert towards.relative == other.person
