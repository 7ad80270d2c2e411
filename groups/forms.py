from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from privacy.guarding import GuardedFormMixin

from .models import Dynamic, GroupRole, YouthGroup


class GroupForm(GuardedFormMixin, forms.ModelForm):
    guarded_fields = ("name", "aliases", "description")

    class Meta:
        model = YouthGroup
        fields = [
            "name",
            "aliases",
            "locations",
            "description",
            "other_municipalities",
            "related_groups",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "other_municipalities": forms.CheckboxSelectMultiple,
            "related_groups": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, visible_groups, **kwargs):
        super().__init__(*args, **kwargs)
        qs = visible_groups
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        self.fields["related_groups"].queryset = qs
        self.fields["related_groups"].required = False
        self.fields["other_municipalities"].queryset = Municipality.objects.all()
        self.fields["other_municipalities"].required = False


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Naam"), max_length=150)
    nickname = forms.CharField(label=_("Bijnaam"), max_length=80, required=False)
    date_of_birth = forms.DateField(
        label=_("Geboortedatum"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    address = forms.CharField(label=_("Adres"), max_length=200, required=False)
    role_in_group = forms.ChoiceField(
        label=_("Rol in de groep"), choices=[("", "—")] + GroupRole.choices, required=False
    )

    def clean_date_of_birth(self):
        dob = self.cleaned_data["date_of_birth"]
        if dob and (dob > timezone.localdate() or dob.year < 1950):
            raise forms.ValidationError(_("Deze geboortedatum kan niet kloppen."))
        return dob


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    dynamic = forms.ChoiceField(
        label=_("Plus, min of mee"), choices=Dynamic.choices, widget=forms.RadioSelect
    )
    influence = forms.IntegerField(
        label=_("Invloed op de groep (1 = weinig, 5 = veel)"), min_value=1, max_value=5, initial=3
    )
    is_leader = forms.BooleanField(label=_("Leider in de groep"), required=False)
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)
