"""Issue 16: the API names the field of every privacy-guard finding (api.exceptions.guard_findings)."""

from api.exceptions import guard_findings
from privacy.guard import Finding
from privacy.guarding import GuardRefused


def _refusal(text: str, name: str, **kwargs) -> GuardRefused:
    start = text.index(name)
    return GuardRefused("refused", [Finding(start, start + len(name), "name", name)], **kwargs)


def test_a_finding_goes_to_the_field_that_holds_it_even_nested():
    text = "Gesprek met Ryan Meijer."
    data = {"version": 0, "content": {"tracks": {"groep": text, "individu": "Niets."}}, "cells": [{"c": "x"}]}
    exc = guard_findings(_refusal(text, "Ryan Meijer"), data)
    assert list(exc.findings) == ["content.tracks.groep"]
    assert list(exc.detail) == ["content.tracks.groep"]


def test_the_same_text_in_two_fields_goes_to_the_one_where_the_span_fits():
    data = {"title": "Ryan Meijer", "note": "Gesprek met Ryan Meijer."}
    exc = guard_findings(_refusal("Gesprek met Ryan Meijer.", "Ryan Meijer"), data)
    assert list(exc.findings) == ["note"]


def test_named_fields_of_the_service_win():
    refusal = _refusal("Kevin", "Kevin")
    refusal.fields = {"description": refusal.findings}
    assert list(guard_findings(refusal, {"other": "Kevin"}).findings) == ["description"]


def test_text_not_in_the_request_goes_to_the_field_the_service_names_else_non_field():
    assert list(guard_findings(_refusal("Ryan Meijer", "Ryan Meijer", field="body"), {}).findings) == ["body"]
    assert list(guard_findings(_refusal("Ryan Meijer", "Ryan Meijer"), {}).findings) == ["non_field_errors"]
