"""English covers steps 5–7: the plan, actions, monitoring and "My actions" pages show English.

Needs the compiled catalogue (locale/en/LC_MESSAGES/django.mo); `make test` runs compilemessages first.
"""

import pytest
from django.utils import translation

from plans.tests.conftest import step5_case, with_plan
from tests.test_english import _assert_english, _page, _switch_to_english

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """An English request leaves English active in this thread; later tests expect Dutch."""
    yield
    translation.deactivate()


@pytest.fixture
def english_coordinator(world, verified_client):
    case = step5_case(world)
    with_plan(world, case)
    client = verified_client(world.coordinator)
    _switch_to_english(client)  # after login: logging in starts with a fresh client
    return client, case


def test_plan_page_in_english(english_coordinator):
    client, case = english_coordinator
    html = _page(client, f"/casussen/{case.pk}/plan-van-aanpak/")
    _assert_english(
        html,
        english=[
            "Integrated plan of approach",
            "The three tracks",
            "Intervention matrix of the plan",
            "Version history",
        ],
        dutch=[
            "Integraal plan van aanpak",
            "De drie sporen",
            "Interventiematrix van het plan",
            "Versiegeschiedenis",
        ],
    )


def test_actions_page_in_english(english_coordinator):
    client, case = english_coordinator
    html = _page(client, f"/casussen/{case.pk}/acties/")
    _assert_english(
        html,
        english=[
            "Progress per track and per partner",
            "Measures from the plan of approach",
            "Measures with the number of actions",
            "Add action",
        ],
        dutch=[
            "Voortgang per spoor en per partner",
            "Maatregelen uit het plan van aanpak",
            "Maatregelen met het aantal acties",
            "Actie toevoegen",
        ],
    )


def test_monitoring_page_in_english(english_coordinator):
    client, case = english_coordinator
    html = _page(client, f"/casussen/{case.pk}/monitoring/")
    _assert_english(
        html,
        english=[
            "Implementation and monitoring",
            "Effect indicators",
            "Progress reports to the meeting",
            "Add indicator",
        ],
        dutch=[
            "Uitvoeren en monitoren",
            "Effectindicatoren",
            "Voortgangsrapportages aan het overleg",
            "Indicator toevoegen",
        ],
    )


def test_my_actions_page_in_english(english_coordinator):
    client, _case = english_coordinator
    html = _page(client, "/mijn-acties/")
    _assert_english(
        html,
        english=["My actions", "Open actions"],
        dutch=["Mijn acties", "Open acties", "U heeft geen openstaande acties."],
    )
