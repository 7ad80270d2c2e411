"""Widgets shared by the apps' forms."""

from django import forms
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe


class LightSelect(forms.Select):
    """A <select> rendered in Python: Django renders every <option> through its own template
    include, ~0.1 ms each — 25-30 ms for the 300 groups of a city, a third of the signal
    list, and 4 ms for the partners' staff in the add-action form (bench/RESULTS.md,
    issue 8). Same markup, same choices, same validation (tests/test_widgets.py). Used for
    selects whose options grow with the data (groups, organisations, users) and for the
    filter forms of the list pages."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        final_attrs = {"name": name, **self.build_attrs(self.attrs, attrs)}
        rendered_attrs = "".join(
            f" {escape(k)}" if v is True else f' {escape(k)}="{escape(v)}"'
            for k, v in final_attrs.items()
            if v is not False and v is not None
        )
        # Plain string building: format_html per option cost as much as the template did.
        options = []
        for option_value, label in self._option_pairs():
            text = str(option_value)
            mark = " selected" if text in selected else ""
            options.append(f'<option value="{escape(text)}"{mark}>{conditional_escape(label)}</option>')
        return mark_safe(f"<select{rendered_attrs}>{''.join(options)}</select>")  # noqa: S308 - escaped above

    def _option_pairs(self):
        for option_value, label in self.choices:
            value = "" if option_value is None else getattr(option_value, "value", option_value)
            yield value, label


class NameChoiceIterator(forms.models.ModelChoiceIterator):
    """The options of a ModelChoiceField from (pk, name) rows instead of model instances:
    building 300 group instances cost more than rendering their options. For models
    whose option label is their `name`; validation still goes through the queryset."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")
