"""The API's main lists and reads do as many queries for 1 row as for 50 (the same
building blocks as tests/test_query_counts.py, through a bearer-token client)."""

from tests.factories import GroupFactory
from tests.test_query_counts import (
    action_grower,
    assert_flat,
    case_with_basis,
    member_grower,
    planned_case,
    signal_grower,
)


def test_signals_query_count_is_flat(world, api):
    group = GroupFactory(name="De Pleinjongens", municipality=world.municipality)
    assert_flat(
        api(world.regisseur),
        "/api/v1/signals?behaviour=overlast&date_from=2020-01-01",
        signal_grower(world, group=group, status="gekoppeld"),
    )


def test_actions_list_query_count_is_flat(world, api):
    case = planned_case(world)
    assert_flat(api(world.wijkagent), f"/api/v1/cases/{case.pk}/actions", action_grower(world, [case]))


def test_my_actions_query_count_is_flat(world, api):
    cases = [planned_case(world)]
    assert_flat(
        api(world.wijkagent), "/api/v1/my-actions", action_grower(world, cases, owner=world.wijkagent)
    )


def test_case_read_query_count_is_flat(world, api):
    case = case_with_basis(world)
    assert_flat(api(world.regisseur), f"/api/v1/cases/{case.pk}", member_grower(world, case))


def _cases_grower(world):
    made = []

    def grow(n):
        for i in range(len(made), n):
            made.append(case_with_basis(world, name=f"Groep {i:02d}"))

    return grow


def test_cases_and_groups_lists_query_count_is_flat(world, api):
    client = api(world.regisseur)
    grow = _cases_grower(world)
    assert_flat(client, "/api/v1/cases", grow)
    assert_flat(client, "/api/v1/groups", grow)
