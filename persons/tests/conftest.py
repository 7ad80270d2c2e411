import datetime

import pytest

from cases import services
from tests.factories import GroupFactory, case_in_step_2

DOB = datetime.date(2010, 4, 3)


@pytest.fixture
def two(world):
    """Two cases of Teststad in step 2: "Westkant" (police and youth work take part) with
    Kees Voorbeeld on its list, and "Oostkant" (only the police). The youth worker takes
    part in Westkant only."""
    west = case_in_step_2(world, GroupFactory(municipality=world.municipality, name="Westkant"),
                          partners=("politie", "jongerenwerk"))  # fmt: skip
    east = case_in_step_2(
        world, GroupFactory(municipality=world.municipality, name="Oostkant"), partners=("politie",)
    )
    kees = services.add_to_name_list(
        west, actor=world.coordinator, full_name="Kees Voorbeeld", date_of_birth=DOB
    )
    return west, east, kees
