"""Input no text field can hold (a NUL character) gets a 400 with a clear message — a page
for the browser, field errors in the API — and nothing is read or saved (issue 15)."""

import pytest

from api.tests.conftest import api  # noqa: F401 - fixture
from intake.models import Signal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/zoeken/?q=ab%00cd", "/groepen/?q=%00", "/signalen/?q=x%00"])
def test_nul_in_a_query_parameter_gives_a_dutch_400_page(world, verified_client, url):
    response = verified_client(world.regisseur).get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert "niet is toegestaan (een NUL-teken)" in html and "Ongeldig verzoek" in html


def test_nul_in_a_form_field_saves_nothing(world, verified_client):
    client = verified_client(world.regisseur)
    before = Signal.objects.count()
    response = client.post(
        "/signalen/melden/",
        {"location": "Plein\x00", "description": "Overlast bij het plein", "behaviours": ["overlast"]},
    )
    assert response.status_code == 400
    assert Signal.objects.count() == before


@pytest.mark.parametrize(
    ("url", "field"),
    [("/api/v1/groups/?q=a%00", "q"), ("/api/v1/processing-log/?actor=%00", "actor")],
)
def test_nul_in_an_api_query_parameter_gives_400_with_the_field(world, api, url, field):  # noqa: F811
    response = api(world.regisseur).get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and list(body["errors"]) == [field]
    assert "NUL" in body["errors"][field][0]


def test_english_message_with_english_language(world, api):  # noqa: F811
    response = api(world.regisseur, HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/groups/?q=%00")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"] and "niet" not in response.json()["detail"]


def test_ordinary_input_passes(world, verified_client):
    assert verified_client(world.regisseur).get("/zoeken/?q=plein").status_code == 200


HEADER = "datum;locatie;wijk;categorieen;bron;impact;omschrijving\n"


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (
            HEADER + "2026-11-01 20:00;Plein;Centrum;overlast;politie;midden;" + "x" * 140_000 + "\n",
            "Het bestand is geen geldige CSV: een veld is te lang of het bestand is beschadigd.",
        ),
        (
            HEADER + "2026-11-01 20:00;Plein\x00;Centrum;overlast;politie;midden;Overlast\n",
            "Het bestand bevat een NUL-teken; dat is geen tekst. Er is niets ingelezen.",
        ),
    ],
    ids=["field-over-the-csv-limit", "nul"],
)
def test_signal_csv_that_cannot_be_read_gives_a_dutch_file_error(body, error):
    from intake.services import parse_csv

    assert parse_csv(body.encode()) == ([], [error])


def test_measurement_csv_with_an_overlong_field_gives_a_dutch_file_error(world):
    from monitoring.services import parse_measurements_csv
    from plans.tests.conftest import step5_case

    case = step5_case(world)
    body = "indicator;periode;waarde;toelichting\nOverlast;2026-11;3;" + "x" * 140_000 + "\n"
    rows, errors = parse_measurements_csv(case, body.encode())
    assert rows == [] and errors == [
        "Het bestand is geen geldige CSV: een veld is te lang of het bestand is beschadigd."
    ]


def test_an_unparsable_multipart_body_is_left_to_the_view(world, api, verified_client):  # noqa: F811
    """The NUL check does not parse API bodies (the API's parsers do: 415 for multipart) and
    a broken multipart form post to a page gets Django's 400, as before."""
    response = api(world.regisseur).generic("POST", "/api/v1/cases", b"x", content_type="multipart/form-data")
    assert response.status_code == 415
    client = verified_client(world.regisseur)
    page = client.generic("POST", "/signalen/melden/", b"x", content_type="multipart/form-data")
    assert page.status_code == 400


def test_nul_in_a_json_body_gives_400_on_the_field_and_saves_nothing(world, api):  # noqa: F811
    from groups.models import YouthGroup

    before = YouthGroup.objects.count()
    response = api(world.regisseur).post(
        "/api/v1/groups", {"name": "Groep\x00Plein", "description": "Overlast"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["name"]
    assert "NUL" in response.json()["errors"]["name"][0]
    assert YouthGroup.objects.count() == before


# Direction controls and zero-width characters (groepsaanpak/text.py): refused in every field
# with a Dutch message that names the character; nothing saved.
RLO, ZWSP = "\u202e", "\u200b"


@pytest.mark.parametrize(
    ("char", "named"),
    [
        (RLO, "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\u2067", "U+2067 RIGHT-TO-LEFT ISOLATE"),
        (ZWSP, "U+200B ZERO WIDTH SPACE"),
        ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ],
)
def test_a_direction_control_or_zero_width_character_in_a_form_saves_nothing(
    world, verified_client, char, named
):
    client = verified_client(world.regisseur)
    before = Signal.objects.count()
    response = client.post(
        "/signalen/melden/",
        {
            "observed_at": "2026-11-20T21:30",
            "location": f"Markt{char}plein",
            "description": "Overlast bij het plein",
            "behaviours": ["overlast"],
            "source": "eigen",
            "impact": "middel",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "De invoer bevat een onzichtbaar teken" in html and named in html
    assert "Er is niets opgeslagen." in html
    assert Signal.objects.count() == before


def test_a_name_reading_backwards_is_refused_on_the_search_page(world, verified_client):
    response = verified_client(world.regisseur).get(f"/zoeken/?q=Kees{RLO}nesaj")
    assert response.status_code == 400
    assert "leesrichting" in response.content.decode()


def test_the_api_reports_the_field_holding_a_direction_control(world, api):  # noqa: F811
    before = Signal.objects.count()
    response = api(world.boa).post(
        "/api/v1/signals",
        {
            "observed_at": "2026-11-20T21:30:00+01:00",
            "location": "Marktplein",
            "description": f"Overlast{ZWSP}",
            "behaviours": ["overlast"],
            "source": "eigen",
            "impact": "middel",
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and list(body["errors"]) == ["description"]
    assert "U+200B ZERO WIDTH SPACE" in body["errors"]["description"][0]
    assert Signal.objects.count() == before


def test_the_api_query_parameter_with_a_direction_control_is_refused(world, api):  # noqa: F811
    response = api(world.regisseur, HTTP_ACCEPT_LANGUAGE="en").get(f"/api/v1/groups/?q=a{RLO}b")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["q"]
    assert "changes the reading direction" in response.json()["detail"]


def test_ordinary_dutch_and_other_scripts_pass(world, verified_client):
    """Accents, the trema, Arabic and Hebrew letters (right-to-left by themselves) are text."""
    client = verified_client(world.regisseur)
    for q in ("Coördinator", "café", "محمد", "שלום", "Zoë-Anne d'Hondt"):
        assert client.get("/zoeken/", {"q": q}).status_code == 200, q


@pytest.mark.parametrize("url", ["/zoeken/", "/groepen/", "/api/v1/groups/"])
def test_a_search_term_of_more_than_1000_characters_is_refused(world, verified_client, api, url):  # noqa: F811
    client = api(world.regisseur) if url.startswith("/api/") else verified_client(world.regisseur)
    assert client.get(url, {"q": "x" * 1000}).status_code == 200
    response = client.get(url, {"q": "x" * 1001})
    assert response.status_code == 400
    assert "Een zoekterm of filter is te lang (meer dan 1000 tekens)." in response.content.decode()
