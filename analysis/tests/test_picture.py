"""The integral picture: every save a new, immutable version; stale saves are refused
with a Dutch conflict and nothing lost; group-level text guarded; persons withheld."""

import pytest

from analysis import services
from analysis.models import ImmutableError, PictureVersion
from privacy.models import GuardConfirmation, ProcessingLogEntry

pytestmark = pytest.mark.django_db


def _save(world, case, based_on, actor=None, **fields):
    fields.setdefault("group_characteristics", "Kleine harde kern, veel meelopers.")
    return services.save_picture(case, actor=actor or world.coordinator, based_on=based_on, **fields)


def test_every_save_is_a_new_version_and_each_can_be_read_back(world, case, verified_client):
    v1 = _save(
        world, case, 0, behaviour="Vernielingen bij de sporthal.", domain_zorg="Weinig zicht op thuis."
    )
    v2 = _save(
        world, case, 1, actor=world.wijkagent, behaviour="Vernielingen en intimidatie.", severity="hoog"
    )
    assert [v.number for v in case.picture_versions.all()] == [2, 1]
    assert (v1.author, v2.author, v2.author_organisation) == (
        world.coordinator,
        world.wijkagent,
        world.orgs["politie"],
    )
    client = verified_client(world.jongerenwerker)
    old = client.get(f"/casussen/{case.pk}/beeld/versie/1/").content.decode()
    assert "Vernielingen bij de sporthal." in old and "Weinig zicht op thuis." in old
    assert "Dit is een eerdere versie; de huidige is versie 2." in old
    current = client.get(f"/casussen/{case.pk}/beeld/").content.decode()
    assert "Huidige versie: 2" in current and "Vernielingen en intimidatie." in current
    assert "Versie 1 lezen" in current and "Versie 2 lezen" in current


def test_a_version_cannot_be_changed(world, case):
    version = _save(world, case, 0)
    version.behaviour = "achteraf anders"
    with pytest.raises(ImmutableError):
        version.save()
    assert PictureVersion.objects.get().behaviour == ""


def test_stale_save_is_refused_with_a_dutch_conflict_and_nothing_is_lost(world, case, verified_client):
    _save(world, case, 0)
    _save(world, case, 1, actor=world.wijkagent, behaviour="De wijkagent was eerder.")
    with pytest.raises(services.VersionConflict, match="Iemand anders heeft intussen versie 2 opgeslagen"):
        _save(world, case, 1, behaviour="Mijn eigen analyse")
    client = verified_client(world.coordinator)
    response = client.post(
        f"/casussen/{case.pk}/beeld/",
        {"based_on": "1", "group_characteristics": "Mijn tekst die niet verloren mag gaan."},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft intussen versie 2 opgeslagen" in html
    assert "Mijn tekst die niet verloren mag gaan." in html  # still in the form
    assert 'name="based_on" value="2"' in html  # a second save is based on the newest version
    assert case.picture_versions.count() == 2
    response = client.post(
        f"/casussen/{case.pk}/beeld/",
        {"based_on": "2", "group_characteristics": "Mijn tekst die niet verloren mag gaan."},
    )
    assert response.status_code == 302
    assert case.picture_versions.first().group_characteristics == "Mijn tekst die niet verloren mag gaan."


def test_group_text_with_a_name_is_refused_unless_confirmed(world, case, verified_client):
    with pytest.raises(services.GuardRefused, match="Kevin de Vries"):
        _save(world, case, 0, behaviour="Kevin de Vries gooide een fles.")
    client = verified_client(world.coordinator)
    html = client.post(
        f"/casussen/{case.pk}/beeld/", {"based_on": "0", "area_impact": "Kevin de Vries gooide een fles."}
    ).content.decode()
    assert "Deze tekst lijkt persoonsgegevens te bevatten" in html
    assert not PictureVersion.objects.exists()
    # A confirmed false alarm goes through.
    _save(
        world,
        case,
        0,
        environment="Overlast bij de snackbar van Piet Hein op de hoek.",
        confirmed_findings=[("name", "Piet Hein")],
    )
    assert case.picture_versions.count() == 1


def test_persons_are_withheld_from_who_may_not_receive_them_and_reads_are_logged(
    world, case, verified_client
):
    _save(world, case, 0, persons="Ryan Meijer is de leider; Yusuf Demir volgt.")
    burgemeester = verified_client(world.burgemeester).get(f"/casussen/{case.pk}/beeld/").content.decode()
    assert "Ryan Meijer" not in burgemeester
    assert "afgeschermd: beslissers zien alleen geanonimiseerde stukken" in burgemeester
    assert not ProcessingLogEntry.objects.filter(actor_username="burgemeester").exists()
    html = verified_client(world.jongerenwerker).get(f"/casussen/{case.pk}/beeld/").content.decode()
    assert "Ryan Meijer is de leider" in html
    reads = ProcessingLogEntry.objects.filter(actor_username="jongerenwerker", action="read")
    ryan, yusuf = (case.memberships.get(person__full_name=n).person for n in ("Ryan Meijer", "Yusuf Demir"))
    assert set(reads.values_list("data_subject", flat=True)) == {str(ryan.pseudonym), str(yusuf.pseudonym)}


def test_partner_without_personal_rights_keeps_persons_unchanged(world, case, veilig_thuis, verified_client):
    _save(world, case, 0, persons="Ryan Meijer is de leider.")
    client = verified_client(veilig_thuis)
    html = client.get(f"/casussen/{case.pk}/beeld/").content.decode()
    assert "Ryan Meijer" not in html and 'name="persons"' not in html
    response = client.post(
        f"/casussen/{case.pk}/beeld/",
        {"based_on": "1", "group_characteristics": "Aangevuld door Veilig Thuis."},
    )
    assert response.status_code == 302
    latest = case.picture_versions.first()
    assert (latest.number, latest.persons) == (2, "Ryan Meijer is de leider.")
    with pytest.raises(services.AccessDenied):
        _save(world, case, 2, actor=veilig_thuis, persons="Iets anders over personen.")


def test_picture_is_made_in_step_3_only(world, verified_client):
    from analysis.tests.conftest import build_case

    case = build_case(world, name="Nog in stap 2", to_step=2)
    with pytest.raises(services.WorkflowError, match="stap 3"):
        _save(world, case, 0)
    html = verified_client(world.coordinator).get(f"/casussen/{case.pk}/beeld/").content.decode()
    assert "Dit onderdeel wordt in stap 3 ingevuld" in html


@pytest.mark.parametrize("persona", ["burgemeester", "privacy"])
def test_who_cannot_supply_cannot_post(world, case, verified_client, persona):
    client = verified_client(getattr(world, persona))
    response = client.post(f"/casussen/{case.pk}/beeld/", {"based_on": "0", "behaviour": "x"})
    assert response.status_code == 404
    assert not PictureVersion.objects.exists()


def test_confirmation_of_a_false_alarm_is_kept_for_the_privacy_officer(world, case):
    version = _save(
        world,
        case,
        0,
        environment="Overlast bij de snackbar van Piet Hein op de hoek.",
        confirmed_findings=[("name", "Piet Hein")],
    )
    confirmation = GuardConfirmation.objects.get(subject=f"analysis.pictureversion:{version.pk}")
    assert (confirmation.kind, confirmation.text, confirmation.confirmed_by) == (
        "name",
        "Piet Hein",
        world.coordinator,
    )


def test_partners_to_involve_are_kept_by_the_next_version_unless_changed(world, case):
    services.save_picture(
        case, actor=world.coordinator, based_on=0, partners=[world.orgs["politie"], world.orgs["zorg"]]
    )
    services.save_picture(case, actor=world.wijkagent, based_on=1, behaviour="Aangevuld.")
    assert set(case.picture_versions.get(number=2).partners.all()) == {
        world.orgs["politie"],
        world.orgs["zorg"],
    }
    services.save_picture(case, actor=world.coordinator, based_on=2, partners=[])
    assert not case.picture_versions.get(number=3).partners.exists()
    with pytest.raises(services.AccessDenied, match="eigen gemeente"):
        services.save_picture(
            case, actor=world.coordinator, based_on=3, partners=[world.outsider.organisation]
        )
