from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from groepsaanpak.widgets import LightSelect
from privacy.guarding import GuardedFormMixin

from .models import Dynamic, FamilyRelation, GroupRole, ReferralKind, ReferralStatus, YouthGroup


class GroupForm(GuardedFormMixin, forms.ModelForm):
    guarded_fields = ("name", "aliases", "locations", "description")

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
    accept_warnings = forms.BooleanField(
        label=_("Ik heb de waarschuwing gelezen: toch toevoegen"),
        required=False,
        help_text=_(
            "Alleen nodig na een waarschuwing (waarschijnlijk dezelfde jongere, of leeftijd buiten de grens)."
        ),
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


class MembershipForm(forms.Form):
    role_in_group = forms.ChoiceField(
        label=_("Rol in de groep"), choices=[("", "—")] + GroupRole.choices, required=False
    )
    assigned_worker = forms.ModelChoiceField(
        label=_("Vaste professional"), queryset=None, required=False, widget=LightSelect
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.models import User

        self.fields["assigned_worker"].queryset = (
            User.objects.filter(is_active=True, organisation__in=case.participants.values("organisation"))
            .exclude(role__in=["beheerder", "privacyfunctionaris", "beslisser"])
            .select_related("organisation")
        )
        self.fields["assigned_worker"].label_from_instance = lambda u: (
            f"{u.display_name()} ({u.organisation.name})"
        )


class ReferralForm(forms.Form):
    kind = forms.ChoiceField(label=_("Verwijzing naar"), choices=ReferralKind.choices)
    referred_on = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(ReferralStatus.PROPOSED, ReferralStatus.PROPOSED.label),
                 (ReferralStatus.SUBMITTED, ReferralStatus.SUBMITTED.label)],
        initial=ReferralStatus.PROPOSED,
        required=False,
    )  # fmt: skip

    def clean_status(self):
        return self.cleaned_data.get("status") or ReferralStatus.PROPOSED


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=ReferralStatus.choices)
    outcome = forms.CharField(label=_("Uitkomst"), max_length=300, required=False)


class FamilyForm(forms.Form):
    relative = forms.ChoiceField(label=_("Familielid (op een namenlijst)"))
    relation = forms.ChoiceField(label=_("Relatie"), choices=FamilyRelation.choices)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relative"].choices = [
            (str(m.person_id), f"{m.person.full_name} — {m.group.name}") for m in candidates
        ]
