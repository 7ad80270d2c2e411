"""The database going away mid-request (issue 15): a clean Dutch page with 503 (the API's
error shape with 503), nothing half-written, and the next request works again once the
database is back. The failure is injected with Django's execute_wrapper, raising the
OperationalError a dropped connection raises; .ci/two-servers terminates real PostgreSQL
backends under gunicorn."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

from api.tests.conftest import api  # noqa: F401 - fixture
from intake.models import BehaviourTag, Signal
from intake.tests.test_signals import VALID
from privacy.models import ProcessingLogEntry

pytestmark = pytest.mark.django_db


class DatabaseGone:
    """Fails every statement (or only those that contain `only`) like a dropped connection."""

    def __init__(self, only: str | None = None):
        self.only = only
        self.failed = 0

    def __call__(self, execute, sql, params, many, context):
        if self.only is None or self.only in sql:
            self.failed += 1
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


@pytest.fixture
def browser(world, verified_client):
    client = verified_client(world.boa)
    client.raise_request_exception = False  # answer as in production, not raise into the test
    return client


def test_a_page_answers_503_in_dutch_when_the_database_is_gone(browser):
    with connection.execute_wrapper(DatabaseGone()):
        response = browser.get("/signalen/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Tijdelijk niet beschikbaar" in html
    assert "De database is even niet bereikbaar. Wat u net deed, is niet opgeslagen." in html
    assert "Traceback" not in html and "OperationalError" not in html


def test_the_page_works_again_when_the_database_is_back(browser):
    with connection.execute_wrapper(DatabaseGone()):
        assert browser.get("/signalen/").status_code == 503
    assert browser.get("/signalen/").status_code == 200  # same session, nothing to repair


def test_a_write_cut_off_halfway_leaves_nothing(browser):
    """The signal row is inserted, then the database goes away at its behaviour tags: the
    whole report is gone, not a signal without tags and without its log."""
    signals, tags, log_rows = (
        Signal.objects.count(),
        BehaviourTag.objects.count(),
        ProcessingLogEntry.objects.count(),
    )
    gone = DatabaseGone(only=BehaviourTag._meta.db_table)
    with connection.execute_wrapper(gone):
        response = browser.post("/signalen/melden/", VALID)
    assert gone.failed == 1
    assert response.status_code == 503
    assert (Signal.objects.count(), BehaviourTag.objects.count(), ProcessingLogEntry.objects.count()) == (
        signals,
        tags,
        log_rows,
    )
    assert browser.post("/signalen/melden/", VALID).status_code == 302  # and it works again
    assert Signal.objects.count() == signals + 1


def test_the_api_answers_503_with_its_error_shape(world, api):  # noqa: F811
    client = api(world.regisseur)
    with connection.execute_wrapper(DatabaseGone()):
        response = client.get("/api/v1/groups/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "detail": "De database is even niet bereikbaar. Er is niets opgeslagen. "
        "Probeer het over een halve minuut opnieuw.",
        "code": "unavailable",
    }
    assert client.get("/api/v1/groups/").status_code == 200


def test_an_api_write_cut_off_halfway_leaves_nothing(world, api):  # noqa: F811
    client = api(world.boa)
    body = {
        **VALID,
        "observed_at": "2026-11-20T21:30:00+01:00",
        "group_size": 10,
        "age_min": 12,
        "age_max": 14,
    }
    signals = Signal.objects.count()
    gone = DatabaseGone(only=BehaviourTag._meta.db_table)
    with connection.execute_wrapper(gone):
        response = client.post("/api/v1/signals", body, format="json")
    assert gone.failed == 1, response.content
    assert response.status_code == 503 and response.json()["code"] == "unavailable"
    assert Signal.objects.count() == signals


def test_an_ordinary_server_error_is_a_dutch_500_page(world, rf):
    from groepsaanpak.errorpages import server_error

    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(rf.get("/signalen/"))
    assert response.status_code == 500 and not response.has_header("Retry-After")
    assert "Er ging iets mis" in response.content.decode()


def test_a_login_page_without_a_database_is_503_not_500(world):
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(DatabaseGone()):
        response = client.post("/inloggen/", {"username": "boa", "password": "x"})
    assert response.status_code == 503


def test_in_english_with_english_language(world, api, browser):  # noqa: F811
    client = api(world.regisseur, HTTP_ACCEPT_LANGUAGE="en")
    with connection.execute_wrapper(DatabaseGone()):
        body = client.get("/api/v1/groups/").json()
        page = browser.get("/signalen/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert body["detail"].startswith("The database cannot be reached right now.")
    assert "Temporarily unavailable" in page and "has not been saved" in page
