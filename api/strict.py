"""JSON types as the schema states them (issue 22): DRF turns a number sent for a text into
that text ("12"), a text sent for a number into the number and 1 into True. The OpenAPI
schema promises a string, an integer or a boolean, so a body that sends another JSON type is
refused with a 400 that names the field, before the serializer's own validation. Bodies sent
as forms (every value a string) are not checked here: they carry no JSON types."""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import serializers

# The DRF field classes and the JSON types the schema gives them.
_EXPECTED: tuple[tuple[type, tuple[type, ...], str], ...] = (
    (serializers.BooleanField, (bool,), "een booleaanse waarde (true of false)"),
    (serializers.CharField, (str,), "tekst"),
    (serializers.IntegerField, (int,), "een geheel getal"),
    (serializers.FloatField, (int, float), "een getal"),
    (serializers.DecimalField, (int, float, str), "een getal"),
)


def _expected(field) -> tuple[tuple[type, ...], str] | None:
    own = getattr(field, "json_types", None)  # a field that takes more, e.g. NumberField
    if own is not None:
        return own
    for cls, types, words in _EXPECTED:
        if isinstance(field, cls):
            return types, words
    return None


def _value_error(field, value) -> str | None:
    if value is None:
        return None  # allow_null decides
    expected = _expected(field)
    if expected is None:
        return None
    types, words = expected
    wrong = not isinstance(value, types) or (bool not in types and isinstance(value, bool))
    return _("Verwacht %(what)s.") % {"what": _(words)} if wrong else None


def type_errors(serializer, data) -> dict:
    """{field: [message]} for every value in `data` whose JSON type the field does not take,
    through nested serializers and lists."""
    if not isinstance(data, dict) or isinstance(data, QueryDict) or not hasattr(serializer, "fields"):
        return {}  # a query string or a form: every value is text
    errors: dict = {}
    for name, field in serializer.fields.items():
        if field.read_only or field.source == "*" or name not in data:
            continue
        value = data[name]
        if isinstance(field, serializers.ListSerializer):
            if isinstance(value, list):
                nested = {i: type_errors(field.child, item) for i, item in enumerate(value)}
                if any(nested.values()):
                    errors[name] = [nested.get(i, {}) for i in range(len(value))]
        elif isinstance(field, serializers.Serializer):
            nested = type_errors(field, value)
            if nested:
                errors[name] = nested
        elif isinstance(field, serializers.ListField):
            if isinstance(value, list):
                wrong = [_value_error(field.child, item) for item in value]
                if any(wrong):
                    errors[name] = [w for w in wrong if w]
        else:
            message = _value_error(field, value)
            if message:
                errors[name] = [message]
    return errors
