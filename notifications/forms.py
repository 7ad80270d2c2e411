from django import forms

from .models import Channel, Kind


class PreferencesForm(forms.Form):
    """One choice per kind of event: immediately, a daily digest, or no e-mail."""

    def __init__(self, *args, initial_choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Channel.choices,
                initial=initial_choices.get(kind.value),
                widget=forms.RadioSelect,
            )
