"""A bulk name list from CSV (issue 18, Nieuw-West's second ring): a preview with per-row
errors, formula-safe, all rows or none."""

import pytest

from cases import name_lists
from groups.models import Membership, MembershipStatus
from persons import importing
from privacy.access import AccessDenied
from privacy.models import ProcessingLogEntry

pytestmark = pytest.mark.django_db

GOOD = "naam;bijnaam;geboortedatum;rol;status\nAli Bakker;Ali B;03-04-2010;meeloper;afgestemd\nBo de Vries;;2011-01-02;;voorgesteld\n"


def test_a_good_file_is_imported_whole(world, two):
    _west, east, _kees = two
    added = name_lists.import_name_list(east, actor=world.coordinator, rows=importing.parse(GOOD))
    assert [m.person.full_name for m in added] == ["Ali Bakker", "Bo de Vries"]
    assert added[0].status == MembershipStatus.AGREED and added[0].role_in_group == "meeloper"
    assert added[0].person.nickname == "Ali B"
    assert ProcessingLogEntry.objects.filter(operation="name_list.import", case_id=east.pk).count() == 2


def test_each_row_gets_its_own_error_and_nothing_is_half_saved(world, two):
    _west, east, _kees = two
    bad = (
        "naam,geboortedatum,rol,status\n"
        "Ali Bakker,03-04-2010,,\n"
        '=HYPERLINK("x"),03-04-2010,,\n'
        ",01-01-2010,,\n"
        "Cor Smit,31-02-2010,baas,misschien\n"
        "ali bakker,03-04-2010,,\n"
    )
    rows = name_lists.check_import(east, actor=world.coordinator, rows=importing.parse(bad))
    errors = {r.line: " ".join(r.errors) for r in rows}
    assert errors[2] == ""
    assert "formules" in errors[3]
    assert "Naam ontbreekt" in errors[4]
    assert (
        "dd-mm-jjjj" in errors[5] and "Onbekende rol" in errors[5] and "voorgesteld of afgestemd" in errors[5]
    )
    assert "regel 2" in errors[6]
    with pytest.raises(importing.ImportRefused) as refused:
        name_lists.import_name_list(east, actor=world.coordinator, rows=importing.parse(bad))
    assert len(refused.value.errors["rows"]) == 4
    assert not east.memberships.exists()


def test_a_name_already_on_the_list_refuses_the_file(world, two):
    west, _east, _kees = two
    rows = importing.parse("naam;geboortedatum\nKees Voorbeeld;03-04-2010\nNieuw Iemand;01-01-2011\n")
    with pytest.raises(importing.ImportRefused):
        name_lists.import_name_list(west, actor=world.coordinator, rows=rows)
    assert west.memberships.count() == 1


def test_warnings_are_confirmed_for_the_whole_file(world, two):
    _west, east, kees = two
    text = "naam;geboortedatum\nKees Voorbeeld;03-04-2010\n"
    with pytest.raises(importing.ImportRefused):
        name_lists.import_name_list(east, actor=world.coordinator, rows=importing.parse(text))
    [added] = name_lists.import_name_list(
        east, actor=world.coordinator, rows=importing.parse(text), accept_warnings=True
    )
    assert added.person != kees.person  # confirmed as someone else; linking is the other way


def test_only_the_manager_imports_agreed_names(world, two):
    west, _east, _kees = two
    rows = name_lists.check_import(west, actor=world.wijkagent, rows=importing.parse(GOOD))
    assert "afgestemd" in " ".join(rows[0].errors) and rows[1].ok


def test_who_may_not_supply_names_imports_nothing(world, two):
    _west, east, _kees = two
    with pytest.raises(AccessDenied):
        name_lists.import_name_list(east, actor=world.jongerenwerker, rows=importing.parse(GOOD))
    assert not Membership.objects.filter(case=east).exists()


def test_the_file_is_refused_as_a_whole_when_unreadable():
    with pytest.raises(importing.ImportRefused, match="Kopregel"):
        importing.parse("voornaam;achternaam\nAli;Bakker\n")
    with pytest.raises(importing.ImportRefused, match="leeg"):
        importing.parse(" \n")
    with pytest.raises(importing.ImportRefused, match="Ten hoogste"):
        importing.parse("naam\n" + "Jan\n" * (importing.MAX_ROWS + 1))


def test_the_import_pages_preview_then_save(world, two, verified_client):
    _west, east, _kees = two
    client = verified_client(world.coordinator)
    assert client.get(f"/casussen/{east.pk}/namenlijst/importeren/").status_code == 200
    page = client.post(f"/casussen/{east.pk}/namenlijst/importeren/", {"csv_text": GOOD}).content.decode()
    assert "Voorbeeld" in page and "Ali Bakker" in page and "Deze namen inlezen" in page
    assert not east.memberships.exists()
    response = client.post(f"/casussen/{east.pk}/namenlijst/importeren/bevestigen/", {"csv_text": GOOD})
    assert response.status_code == 302 and east.memberships.count() == 2


def test_the_import_pages_refuse_the_outsider(world, two, verified_client):
    _west, east, _kees = two
    client = verified_client(world.outsider)
    assert client.get(f"/casussen/{east.pk}/namenlijst/importeren/").status_code == 404
    assert (
        client.post(f"/casussen/{east.pk}/namenlijst/importeren/bevestigen/", {"csv_text": GOOD}).status_code
        == 404
    )
    assert not east.memberships.exists()
