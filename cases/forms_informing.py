"""Forms of the informatieplicht pages (cases/views_informing.py)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.guarding import GuardedFormMixin

from .models import Audience, InformedHow

FORMAT_CHOICES = [("pdf", _("PDF")), ("docx", _("Word (DOCX)"))]


class DateInput(forms.DateInput):
    input_type = "date"


class ParentForm(forms.Form):
    membership = forms.TypedChoiceField(label=_("Ouder of voogd van"), coerce=int)
    name = forms.CharField(label=_("Naam ouder of voogd"), max_length=150)
    address = forms.CharField(
        label=_("Adres"), max_length=200, required=False, help_text=_("Leeg: het adres van de jongere.")
    )

    def __init__(self, *args, youths, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].choices = [(m.pk, m.person.full_name) for m in youths]


class InformedForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Datum"), widget=DateInput, initial=timezone.localdate)
    how = forms.ChoiceField(label=_("Hoe"), choices=InformedHow.choices)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("De datum kan niet in de toekomst liggen."))
        return on


class PostponeForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reden van uitstel"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Bijvoorbeeld: informeren zou een strafrechtelijk onderzoek schaden (afgestemd met het OM)."
        ),
    )
    review_on = forms.DateField(label=_("Opnieuw beoordelen op"), widget=DateInput)

    def clean_review_on(self):
        review_on = self.cleaned_data["review_on"]
        if review_on <= timezone.localdate():
            raise forms.ValidationError(_("De datum van herbeoordeling moet in de toekomst liggen."))
        return review_on


class TemplateForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("why", "approach")
    why = forms.CharField(
        label=_("Waarom krijgt iemand deze brief?"), widget=forms.Textarea(attrs={"rows": 6})
    )
    approach = forms.CharField(label=_("Wat is de aanpak?"), widget=forms.Textarea(attrs={"rows": 4}))
    contact = forms.CharField(
        label=_("Met wie kan iemand contact opnemen?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld het algemene telefoonnummer van de gemeente."),
    )


AUDIENCES = dict(Audience.choices)


class SchoolLetterForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("school", "area", "situation", "approach", "parents_can", "contact")
    school = forms.CharField(label=_("School die de brief verspreidt"), max_length=150, required=False)
    area = forms.CharField(label=_("Buurt of plek"), max_length=150)
    situation = forms.CharField(
        label=_("Wat speelt er?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Op groepsniveau: geen namen, adressen of andere persoonsgegevens."),
    )
    approach = forms.CharField(
        label=_("Wat doen de gemeente en haar partners?"), widget=forms.Textarea(attrs={"rows": 4})
    )
    parents_can = forms.CharField(
        label=_("Wat kunnen ouders doen?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    contact = forms.CharField(label=_("Contact"), widget=forms.Textarea(attrs={"rows": 2}))
    format = forms.ChoiceField(label=_("Bestand"), choices=FORMAT_CHOICES, initial="pdf")
