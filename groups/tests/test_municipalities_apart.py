"""Municipalities stay apart (issue 14): a group of Teststad shared with its neighbour Buurdorp
shows Buurdorp the group level and whom to contact in Teststad, names the name list as
withheld (not "no members"), and Buurdorp cannot link its signals to it — a linked signal
would show Buurdorp's signal to Teststad's partners."""

import pytest

from cases import services
from intake import services as signal_services
from intake.models import Signal, SignalStatus
from tests.factories import GroupFactory, SignalFactory, bearer_client, case_in_step_2

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(world):
    group = GroupFactory(municipality=world.municipality, name="Groep Grensweg", locations="Grensweg")
    group.other_municipalities.add(world.neighbour)
    case = case_in_step_2(world, group)
    services.add_to_name_list(case, actor=world.coordinator, full_name="Sven Havenga")
    return group


def test_the_neighbour_sees_the_shared_group_and_whom_to_contact_not_the_names(
    world, shared, verified_client
):
    response = verified_client(world.outsider).get(f"/groepen/{shared.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Groep Grensweg" in page and "Grensweg" in page
    assert "Contact bij de gemeente van de groep" in page and world.coordinator.display_name() in page
    assert "afgeschermd: deze groep is van gemeente Teststad" in page
    assert "Sven Havenga" not in page and "Nog geen leden" not in page


def test_the_members_endpoint_names_what_is_withheld_from_the_neighbour(world, shared):
    body = bearer_client(world.outsider).get(f"/api/v1/groups/{shared.pk}/members").json()
    assert body["withheld"]["members"].startswith("afgeschermd: deze groep is van gemeente Teststad")
    assert "count" not in body and body.get("members") is None
    # the group's own municipality still gets the list
    own = bearer_client(world.coordinator).get(f"/api/v1/groups/{shared.pk}/members").json()
    assert own["count"] == 1 and own["withheld"] == {}


def test_the_neighbour_cannot_link_its_signal_to_the_shared_group(world, shared, verified_client):
    signal = SignalFactory(reported_by=world.outsider)
    with pytest.raises(signal_services.SignalError, match="van gemeente Teststad"):
        signal_services.link_to_group(signal, actor=world.outsider, group=shared)
    client = verified_client(world.outsider)
    page = client.get(f"/signalen/{signal.pk}/").content.decode()
    assert f'value="{shared.pk}"' not in page  # not offered
    client.post(f"/signalen/{signal.pk}/koppelen/", {"link-group": shared.pk})
    signal.refresh_from_db()
    assert (signal.status, signal.group_id) == (SignalStatus.NEW, None)
    # no Buurdorp signal reaches Teststad's group
    assert not Signal.objects.filter(group=shared, municipality=world.neighbour).exists()


def test_the_groups_own_municipality_still_links_its_signals(world, shared):
    signal = SignalFactory(reported_by=world.boa)
    signal_services.link_to_group(signal, actor=world.regisseur, group=shared)
    signal.refresh_from_db()
    assert (signal.status, signal.group_id) == (SignalStatus.LINKED, shared.pk)


def test_the_neighbour_changes_nothing_in_the_shared_group(world, shared):
    response = bearer_client(world.outsider).patch(
        f"/api/v1/groups/{shared.pk}", {"locations": "Elders"}, format="json"
    )
    assert response.status_code == 403
    shared.refresh_from_db()
    assert shared.locations == "Grensweg"
