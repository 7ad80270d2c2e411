"""Fast choice labels for list pages.

Django's `get_<field>_display()` hashes every (value, label) pair of the field's choices
on each call; with translated (lazy) labels every hash translates the label again. A list
of 50 signals with their behaviour tags made ~1,400 translations per request, a sixth of
the signal list's time (bench/RESULTS.md, issue 8). ChoiceLabelsMixin keeps one
{value: label} table per field and language, so the same call is a dictionary lookup.
The result is the same text as Django's (tests/test_choice_labels.py compares both)."""

from django.utils.translation import get_language

_LABELS: dict[tuple[int, str | None], dict] = {}


def choice_labels(field) -> dict:
    """{value: label as text} for a model field with choices, in the active language."""
    key = (id(field), get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {value: str(label) for value, label in field.flatchoices}
    return labels


class ChoiceLabelsMixin:
    """For models shown in long lists: get_<field>_display() from choice_labels()."""

    def _get_FIELD_display(self, field):  # noqa: N802 - Django's name
        value = getattr(self, field.attname)
        try:
            return choice_labels(field)[value]
        except (KeyError, TypeError):  # not a choice (or unhashable): Django's own answer
            return super()._get_FIELD_display(field)
