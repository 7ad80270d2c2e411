"""Issue 22: a JSON body is held to the types its schema states. DRF by itself turns a number
sent for a text into that text and "10" into 10; the API refuses another JSON type with a
400 that names the field, and saves nothing."""

import pytest

from api.tests.test_signals import _signal
from intake.models import Signal
from privacy.models import ChangeRequest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("description", 12345, "Verwacht tekst."),
        ("location", True, "Verwacht tekst."),
        ("location", ["Skatebaan"], "Verwacht tekst."),
        ("group_size", "10", "Verwacht een geheel getal."),
        ("group_size", 10.0, "Verwacht een geheel getal."),
        ("age_min", True, "Verwacht een geheel getal."),
    ],
)
def test_a_value_of_another_json_type_is_a_field_error_and_nothing_is_saved(
    world, api, field, value, message
):
    response = api(world.jongerenwerker).post("/api/v1/signals", _signal(**{field: value}), format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}
    assert not Signal.objects.exists()


def test_null_is_left_to_the_field(world, api):
    # allow_null decides: group_size may be null, description may not (DRF's own message)
    ok = api(world.jongerenwerker).post("/api/v1/signals", _signal(group_size=None), format="json")
    assert ok.status_code == 201
    refused = api(world.jongerenwerker).post("/api/v1/signals", _signal(description=None), format="json")
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["description"]


def test_nested_values_are_checked_with_their_place(world, api):
    from api.tests.test_privacy_admin_api import _body

    body = _body()
    body["kinds"][0]["categories"][1]["may_supply"] = "ja"
    response = api(world.privacy).post("/api/v1/covenants", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "kinds.0.categories.1.may_supply": ["Verwacht een booleaanse waarde (true of false)."]
    }
    assert not ChangeRequest.objects.exists()


# A multipart or text/csv body carries only text and is not held to JSON types: the request
# answers in api/tests/test_cases.py (test_police_answers_a_groepsscan_with_csv,
# test_csv_and_attachment_together_in_multipart) send their numbers as text.
