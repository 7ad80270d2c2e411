"""Issue 16: a privacy-guard refusal names the field of every finding."""


def assert_guard_fields(response, field: str, text: str = "Ryan Meijer") -> None:
    """A 400 privacy_guard whose finding `text` sits under `field` in both `errors` and
    `findings`, and nothing only under non_field_errors."""
    body = response.json()
    assert response.status_code == 400 and body["code"] == "privacy_guard", body
    assert field in body["errors"] and field in body["findings"], body
    assert any(text in f["text"] or f["text"] in text for f in body["findings"][field]), body
    assert "non_field_errors" not in body["findings"], body
