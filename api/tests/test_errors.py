"""One error shape, in the caller's language; oversized bodies and odd input never reach
a 500; a retried create with the same Idempotency-Key creates nothing new."""

import json

import pytest
from django.utils import timezone

from api.models import IdempotencyKey
from groups.models import YouthGroup
from intake.models import Signal

pytestmark = pytest.mark.django_db


def _signal():
    return {
        "observed_at": timezone.now().isoformat(),
        "location": "Marktplein",
        "behaviours": ["overlast"],
        "source": "eigen",
        "impact": "laag",
        "description": "Groep van ongeveer acht jongeren op de bankjes.",
    }


def test_field_errors_are_dutch_by_default(world, api):
    response = api(world.jongerenwerker).post("/api/v1/signals", {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["detail"] == "De invoer is niet geldig."
    assert body["errors"]["location"] == ["Dit veld is vereist."]


def test_field_errors_are_english_with_accept_language_en(world, api):
    client = api(world.jongerenwerker, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/api/v1/signals", {}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["location"] == ["This field is required."]
    assert client.get("/api/v1/cases/999999").json()["detail"] == "Not found."


def test_api_messages_are_english_too(world, api):
    from datetime import timedelta

    from api.models import ApiToken

    client = api(world.wijkagent, HTTP_ACCEPT_LANGUAGE="en")
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/me").json()["detail"] == "This token has expired."
    dutch = api(world.wijkagent)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert dutch.get("/api/v1/me").json()["detail"] == "Dit token is verlopen."


def test_nested_errors_are_flattened(world, api):
    body = {**_signal(), "confirmed_findings": [{"kind": "name"}, {"kind": "raadsel", "text": "x"}]}
    response = api(world.jongerenwerker).post("/api/v1/signals", body, format="json")
    errors = response.json()["errors"]
    assert "confirmed_findings.0.text" in errors and "confirmed_findings.1.kind" in errors
    assert all(isinstance(v, list) and all(isinstance(m, str) for m in v) for v in errors.values())


def test_oversized_json_is_413(world, api):
    big = {**_signal(), "description": "x" * (1024 * 1024 + 10)}
    response = api(world.jongerenwerker).post("/api/v1/signals", big, format="json")
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert not Signal.objects.exists()


def test_oversized_multipart_is_413(story, api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/api/v1/cases/{story.case.pk}/requests/1/answer"
    huge = SimpleUploadedFile("rapport.pdf", b"0" * (11 * 1024 * 1024))
    response = api(story.wijkagent).post(url, {"answer": "x", "attachment": huge}, format="multipart")
    assert response.status_code == 413


@pytest.mark.parametrize(
    "raw",
    [
        b'{"text": "\\ud800"}',  # a lone surrogate no database can store
        b"[" * 100000 + b"]" * 100000,  # nesting deeper than the parser allows
        b'{"text": NaN}',
        b"{not json",
        b'"just a string"',
    ],
)
def test_malformed_json_is_400(world, api, raw):
    response = api(world.jongerenwerker).generic(
        "POST", "/api/v1/privacy/scan", raw, content_type="application/json"
    )
    assert response.status_code == 400, response.content[:200]
    assert response.json()["code"] in {"parse_error", "invalid"}


def test_unknown_paths_and_huge_ids_are_json_404(world, api):
    client = api(world.regisseur)
    for url in ("/api/v1/nergens", "/api/v1/cases/-1", f"/api/v1/cases/{2**70}", "/api/v1/cases/abc/matrix"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"


def test_trailing_slash_is_accepted(story, api):
    client = api(story.regisseur)
    assert client.get(f"/api/v1/cases/{story.case.pk}/").status_code == 200
    response = client.post("/api/v1/privacy/scan/", {"text": "Bel 06-12345678"}, format="json")
    assert response.status_code == 200 and response.json()["findings"][0]["kind"] == "phone"


def test_huge_offsets_and_ids_in_bodies_do_not_break(story, api):
    client = api(story.regisseur)
    assert client.get(f"/api/v1/signals?offset={10**30}&limit=500").status_code == 200
    # What the schema refuses (limit from 1, offset from 0, whole numbers), the server refuses too.
    for bad in ("limit=-5", "limit=0", "offset=-1", "offset=abc", "limit=1.5"):
        response = client.get(f"/api/v1/signals?{bad}")
        assert response.status_code == 400 and bad.split("=")[0] in response.json()["errors"], bad
    assert client.get(f"/api/v1/signals?group={2**70}").status_code == 400
    response = client.post("/api/v1/cases", {"group": 2**70}, format="json")
    assert response.status_code == 400


def test_privacy_scan_contract(world, api):
    text = "Jongere met BSN 111222333 woont op Dorpsstraat 12, mail kevin@example.nl."
    response = api(world.wijkagent).post("/api/v1/privacy/scan", {"text": text}, format="json")
    assert response.status_code == 200
    findings = response.json()["findings"]
    assert {"bsn", "address", "email"} <= {f["kind"] for f in findings}
    for f in findings:
        assert set(f) >= {"start", "end", "kind", "text"}
        assert text[f["start"] : f["end"]] == f["text"]


def test_idempotency_key_returns_the_first_result_and_creates_nothing_new(world, api):
    client = api(world.jongerenwerker)
    first = client.post("/api/v1/signals", _signal(), format="json", HTTP_IDEMPOTENCY_KEY="melding-42")
    second = client.post(
        "/api/v1/signals",
        _signal() | {"observed_at": first.json()["observed_at"]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="melding-42",
    )
    assert first.status_code == 201
    assert Signal.objects.count() == 1
    # The retried request differs in observed_at's text form only if re-generated; same key,
    # different body is a conflict, the same body replays.
    if second.status_code == 201:
        assert second.json() == first.json()
        assert second["Idempotent-Replayed"] == "true"
    else:
        assert second.status_code == 409
    body = _signal()
    a = client.post("/api/v1/signals", body, format="json", HTTP_IDEMPOTENCY_KEY="melding-43")
    b = client.post("/api/v1/signals", body, format="json", HTTP_IDEMPOTENCY_KEY="melding-43")
    assert (a.status_code, b.status_code) == (201, 201)
    assert a.json() == b.json() and b["Idempotent-Replayed"] == "true"
    assert Signal.objects.count() == 2


def test_same_idempotency_key_with_another_body_is_409(world, api):
    client = api(world.regisseur)
    assert (
        client.post(
            "/api/v1/groups", {"name": "Groep A"}, format="json", HTTP_IDEMPOTENCY_KEY="k1"
        ).status_code
        == 201
    )
    response = client.post("/api/v1/groups", {"name": "Groep B"}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert response.status_code == 409 and response.json()["code"] == "idempotency_key_reused"
    assert YouthGroup.objects.count() == 1


def test_idempotency_keys_are_per_user_and_failures_are_not_kept(world, api):
    one, two = api(world.regisseur), api(world.coordinator)
    assert (
        one.post("/api/v1/groups", {"name": "Groep A"}, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code
        == 201
    )
    assert (
        two.post("/api/v1/groups", {"name": "Groep A"}, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code
        == 201
    )
    assert YouthGroup.objects.count() == 2
    failed = one.post("/api/v1/groups", {"name": ""}, format="json", HTTP_IDEMPOTENCY_KEY="k2")
    assert failed.status_code == 400
    assert not IdempotencyKey.objects.filter(key="k2").exists()
    assert (
        one.post("/api/v1/groups", {"name": "Groep C"}, format="json", HTTP_IDEMPOTENCY_KEY="k2").status_code
        == 201
    )


def test_bad_idempotency_key_is_400(world, api):
    client = api(world.regisseur)
    response = client.post(
        "/api/v1/groups", {"name": "Groep A"}, format="json", HTTP_IDEMPOTENCY_KEY="x" * 300
    )
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["errors"]


def test_responses_are_not_cached(story, api):
    response = api(story.regisseur).get(f"/api/v1/persons/{story.person.pk}")
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content)["full_name"] == "Kees Voorbeeld"


def test_incomplete_confirmation_in_a_patch_is_400(world, api):
    client = api(world.regisseur)
    group = client.post("/api/v1/groups", {"name": "Groep A"}, format="json").json()
    response = client.patch(
        f"/api/v1/groups/{group['id']}",
        {"name": "0", "confirmed_findings": [{"kind": "name"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "confirmed_findings" in response.json()["errors"]


def test_old_dates_still_render_as_rfc3339(world, api):
    body = {**_signal(), "observed_at": "0771-03-22T21:16:19+10:11"}
    response = api(world.jongerenwerker).post("/api/v1/signals", body, format="json")
    assert response.status_code == 201
    assert response.json()["observed_at"].endswith("Z")
