import pytest

from cases import services
from privacy.models import ProcessingLogEntry
from tests.factories import GroupFactory, SignalFactory, case_in_step_2

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    group = GroupFactory(municipality=world.municipality, name="Groep Havenkant", aliases="De Kadejongens")
    case = case_in_step_2(world, group, partners=("politie",))
    services.add_to_name_list(case, actor=world.coordinator, full_name="Sven Havenga", nickname="Kade")
    SignalFactory(reported_by=world.boa, location="Havenkade", group=group)
    return case


def test_search_finds_groups_persons_signals_and_logs_person_hits(world, case, verified_client):
    html = verified_client(world.regisseur).get("/zoeken/?q=Have").content.decode()
    assert "Groep Havenkant" in html and "Sven Havenga" in html and "Havenkade" in html
    assert ProcessingLogEntry.objects.filter(operation="search.hit", actor_id=world.regisseur.pk).count() == 1


@pytest.mark.parametrize(
    "persona", ["burgemeester", "boa", "outsider", "jongerenwerker", "privacy", "beheer"]
)
def test_search_never_reveals_persons_to_those_who_may_not_see_them(world, case, verified_client, persona):
    html = verified_client(getattr(world, persona)).get("/zoeken/?q=Havenga").content.decode()
    assert "Sven Havenga" not in html
    assert not ProcessingLogEntry.objects.filter(operation="search.hit").exists()


def test_outsider_search_finds_no_groups(world, case, verified_client):
    html = verified_client(world.outsider).get("/zoeken/?q=Kadejongens").content.decode()
    assert "Groep Havenkant" not in html


def test_regie_overview_for_municipality_only(world, case, verified_client):
    html = verified_client(world.regisseur).get("/regie/").content.decode()
    assert "Groep Havenkant" in html and "2. Informatie verzamelen" in html
    assert verified_client(world.wijkagent).get("/regie/").status_code == 404
    assert "Groep Havenkant" not in verified_client(world.outsider).get("/regie/").content.decode()
