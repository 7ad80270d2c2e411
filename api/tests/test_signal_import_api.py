"""The signals CSV import through the API: the same parser and all-or-nothing import as
the import page, a dry run, line-numbered errors, the privacy guard on every line."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from intake.models import Signal
from intake.tests.test_signals import CSV_OK

pytestmark = pytest.mark.django_db

URL = "/api/v1/signals/import"


def _post(client, content: str, query: str = "", **extra):
    return client.generic("POST", URL + query, content.encode(), content_type="text/csv", **extra)


def test_youth_worker_imports_a_file_of_signals(world, api):
    client = api(world.jongerenwerker)
    response = _post(client, CSV_OK)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["imported"] == 2 and body["rows"] == 2 and len(body["signals"]) == 2
    assert set(Signal.objects.values_list("organisation_id", flat=True)) == {
        world.jongerenwerker.organisation_id
    }


def test_multipart_upload_and_dry_run_saves_nothing(world, api):
    client = api(world.wijkagent)
    upload = SimpleUploadedFile("m.csv", CSV_OK.encode(), "text/csv")
    response = client.post(URL + "?dry_run=true", {"file": upload}, format="multipart")
    assert response.status_code == 200 and response.json()["dry_run"] is True
    assert response.json()["rows"] == 2 and not Signal.objects.exists()


def test_one_bad_line_imports_nothing_and_names_the_line(world, api):
    bad = CSV_OK + "morgen;Plein;;onbekend;;;;bewoner;hoog;Groep op het plein\n"
    response = _post(api(world.wijkagent), bad)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "regel 4" in errors and any("onbekend" in m for m in errors["regel 4"])
    assert not Signal.objects.exists()


def test_a_name_in_a_line_is_refused_by_the_guard(world, api):
    named = CSV_OK + "2026-11-03 21:00;Plein;;overlast;;;;bewoner;laag;Kevin de Vries gooide een fles\n"
    response = _post(api(world.boa), named)
    assert response.status_code == 400 and "regel 4" in response.json()["errors"]
    assert not Signal.objects.exists()


def test_missing_columns_and_empty_body_are_400(world, api):
    client = api(world.wijkagent)
    assert _post(client, "datum,locatie\n2026-11-01,Plein\n").status_code == 400
    assert _post(client, "").status_code == 400


def test_roles_without_signals_get_403(world, api):
    for user in (world.privacy, world.beheer, world.burgemeester):
        assert _post(api(user), CSV_OK).status_code == 403
    assert not Signal.objects.exists()


def test_retry_with_the_same_idempotency_key_imports_once(world, api):
    client = api(world.jongerenwerker)
    first = _post(client, CSV_OK, HTTP_IDEMPOTENCY_KEY="import-1")
    again = _post(client, CSV_OK, HTTP_IDEMPOTENCY_KEY="import-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and Signal.objects.count() == 2
