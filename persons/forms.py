from django import forms
from django.utils.translation import gettext_lazy as _


class MergeForm(forms.Form):
    absorbed = forms.ModelChoiceField(
        label=_("Dezelfde jongere als"),
        queryset=None,
        help_text=_(
            "Het gekozen record gaat op in deze persoon: namenlijsten, informatie, verwijzingen en verzoeken verhuizen mee."
        ),
    )
    reason = forms.CharField(
        label=_("Waaraan ziet u dat het dezelfde jongere is?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["absorbed"].queryset = candidates
        self.fields["absorbed"].label_from_instance = lambda p: (
            f"{p.full_name} ({p.date_of_birth:%d-%m-%Y})" if p.date_of_birth else p.full_name
        )


class LinkForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    role_in_group = forms.ChoiceField(label=_("Rol in deze groep"), required=False)
    accept_warnings = forms.BooleanField(
        label=_("Ik heb de waarschuwing gelezen: toch koppelen"), required=False
    )

    def __init__(self, *args, **kwargs):
        from groups.models import GroupRole

        super().__init__(*args, **kwargs)
        self.fields["role_in_group"].choices = [("", "—")] + GroupRole.choices


class ImportForm(forms.Form):
    csv_file = forms.FileField(label=_("CSV-bestand"), required=False)
    csv_text = forms.CharField(
        label=_("Of plak de regels hier"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Kopregel: naam;bijnaam;geboortedatum;rol;status — bijvoorbeeld: Jan Jansen;;03-04-2010;meeloper;voorgesteld"
        ),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("csv_file")
        if upload is not None:
            data["raw"] = upload.read()
        elif data.get("csv_text", "").strip():
            data["raw"] = data["csv_text"]
        else:
            raise forms.ValidationError(_("Kies een bestand of plak de regels."))
        return data


class ImportConfirmForm(forms.Form):
    csv_text = forms.CharField(widget=forms.HiddenInput)
    accept_warnings = forms.BooleanField(
        label=_("Ik heb de waarschuwingen gelezen: deze namen toch inlezen"), required=False
    )
