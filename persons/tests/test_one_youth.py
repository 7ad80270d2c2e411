"""One youth across groups (issue 18, §4.1.5): link instead of typing again, one youth once
per list, a likely duplicate and an age outside the setting as warnings, the overlap only
for who may see both cases, "bekend bij" under the covenant."""

import datetime

import pytest

from cases import name_lists, services
from groups.models import Membership, Person
from persons import checks, reads
from privacy.access import AccessDenied
from privacy.models import ProcessingLogEntry

from .conftest import DOB

pytestmark = pytest.mark.django_db


def test_an_existing_person_is_linked_not_typed_again(world, two):
    west, east, kees = two
    found = reads.find(world.regisseur, east, "kees")
    assert [f.person for f in found] == [kees.person]
    assert [g.name for g in found[0].groups] == ["Westkant"]
    linked = name_lists.link_person(east, actor=world.regisseur, person=kees.person, role_in_group="meeloper")
    assert linked.person == kees.person and Person.objects.count() == 1
    assert ProcessingLogEntry.objects.filter(operation="person.search", case_id=west.pk).exists()
    assert ProcessingLogEntry.objects.filter(operation="name_list.add", case_id=east.pk).exists()


def test_spelling_variants_are_found(world, two):
    _west, east, kees = two
    assert [f.person for f in reads.find(world.regisseur, east, "Kées voorbeld")] == [kees.person]


def test_the_same_youth_twice_on_one_list_is_refused(world, two):
    west, _east, kees = two
    with pytest.raises(checks.NameRefused, match="staat al op de namenlijst van deze groep"):
        name_lists.link_person(west, actor=world.regisseur, person=kees.person)
    with pytest.raises(checks.NameRefused, match="staat al op deze namenlijst"):
        services.add_to_name_list(
            west, actor=world.coordinator, full_name="kees voorbeeld", date_of_birth=DOB
        )
    assert west.memberships.count() == 1


def test_a_likely_duplicate_elsewhere_is_a_warning_to_confirm(world, two):
    _west, east, kees = two
    with pytest.raises(checks.NameWarning, match="Westkant") as refused:
        services.add_to_name_list(
            east, actor=world.coordinator, full_name="Kees Voorbeelt", date_of_birth=DOB
        )
    assert [f.person for f in refused.value.found] == [kees.person]
    assert not east.memberships.exists()
    services.add_to_name_list(
        east, actor=world.coordinator, full_name="Kees Voorbeelt", date_of_birth=DOB, accept_warnings=True
    )
    assert east.memberships.count() == 1 and Person.objects.count() == 2


def test_the_warning_names_no_list_the_user_may_not_see(world, two):
    """The wijkagent supplies names in Oostkant; a namesake on a list he may not see is not
    mentioned (no warning, nothing revealed)."""
    west, east, _kees = two
    services.unname_person(west.named.get(user=world.wijkagent), reason="x", actor=world.regisseur)
    m = services.add_to_name_list(east, actor=world.wijkagent, full_name="Kees Voorbeeld", date_of_birth=DOB)
    assert m.person.pk != two[2].person_id


def test_a_person_the_user_may_not_see_cannot_be_linked(world, two):
    west, east, kees = two
    # The youth worker takes part in Westkant only; Oostkant's case is not his to add to
    with pytest.raises(AccessDenied):  # not a participant: refused by the covenant gate
        name_lists.link_person(east, actor=world.jongerenwerker, person=kees.person)
    # and who may add to Oostkant but not see Westkant cannot link Westkant's youth
    services.unname_person(west.named.get(user=world.wijkagent), reason="x", actor=world.regisseur)
    assert reads.find(world.wijkagent, east, "kees") == []
    with pytest.raises(checks.NameRefused, match="niet beschikbaar"):
        name_lists.link_person(east, actor=world.wijkagent, person=kees.person)
    assert not east.memberships.exists()


def test_the_outsider_finds_nobody(world, two):
    _west, east, _kees = two
    assert reads.find(world.outsider, east, "kees") == []
    assert reads.known_by(world.outsider, two[2].person) is None


def test_an_age_outside_the_setting_is_flagged_and_confirmed(world, two, settings):
    _west, east, _kees = two
    settings.YOUTH_AGE_MIN, settings.YOUTH_AGE_MAX = 12, 23
    old = datetime.date.today().replace(year=datetime.date.today().year - 30)
    with pytest.raises(checks.NameWarning, match="buiten de leeftijdsgrens"):
        services.add_to_name_list(east, actor=world.coordinator, full_name="Oude Bekende", date_of_birth=old)
    services.add_to_name_list(
        east, actor=world.coordinator, full_name="Oude Bekende", date_of_birth=old, accept_warnings=True
    )
    assert east.memberships.count() == 1


def _link(world, two):
    west, east, kees = two
    name_lists.link_person(east, actor=world.regisseur, person=kees.person)
    return west, east, kees


def test_overlap_shows_for_who_sees_both_cases(world, two, verified_client):
    west, east, kees = _link(world, two)
    html = verified_client(world.wijkagent).get(f"/casussen/{west.pk}/namenlijst/").content.decode()
    assert "ook op de lijst van" in html and "Oostkant" in html
    assert reads.other_lists(world.wijkagent, west, [kees]) == {kees.pk: [east.group]}


def test_a_non_participant_sees_no_overlap(world, two, verified_client):
    west, _east, kees = _link(world, two)
    html = verified_client(world.jongerenwerker).get(f"/casussen/{west.pk}/namenlijst/").content.decode()
    assert "Kees Voorbeeld" in html
    assert "ook op de lijst van" not in html and "Oostkant" not in html
    assert reads.other_lists(world.jongerenwerker, west, [kees]) == {}
    page = verified_client(world.jongerenwerker).get(f"/groepen/personen/{kees.person_id}/bekend-bij/")
    assert page.status_code == 200 and "Oostkant" not in page.content.decode()


def test_known_by_lists_the_partners_the_reader_may_see(world, two, verified_client):
    west, _east, kees = two
    from groups import services as group_services

    group_services.update_membership(kees, actor=world.regisseur, role_in_group="meeloper",
                                     assigned_worker=world.jongerenwerker)  # fmt: skip
    read = reads.known_by(world.regisseur, kees.person)
    partners = {k.organisation: k.how for k in read.partners}
    assert any("vaste professional" in how for how in partners[world.jongerenwerker.organisation.name])
    assert world.coordinator.organisation.name in partners
    assert ProcessingLogEntry.objects.filter(operation="person.known_by").exists()
    client = verified_client(world.outsider)
    assert client.get(f"/groepen/personen/{kees.person_id}/bekend-bij/").status_code == 404


def test_the_name_list_page_offers_the_likely_duplicate_to_link(world, two, verified_client):
    _west, east, kees = two
    client = verified_client(world.coordinator)
    response = client.post(
        f"/casussen/{east.pk}/namenlijst/",
        {"full_name": "Kees Voorbeeld", "date_of_birth": DOB.isoformat()},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Waarschijnlijk dezelfde jongere" in html
    assert f'name="person" value="{kees.person_id}"' in html
    assert not east.memberships.exists()
    response = client.post(f"/casussen/{east.pk}/namenlijst/koppelen/persoon/", {"person": kees.person_id})
    assert response.status_code == 302
    assert Membership.objects.filter(case=east, person=kees.person).exists()


def test_the_link_pages_refuse_the_outsider(world, two, verified_client):
    _west, east, kees = two
    client = verified_client(world.outsider)
    assert client.get(f"/casussen/{east.pk}/namenlijst/koppelen/?q=kees").status_code == 404
    response = client.post(f"/casussen/{east.pk}/namenlijst/koppelen/persoon/", {"person": kees.person_id})
    assert response.status_code == 404
    assert not east.memberships.exists()
