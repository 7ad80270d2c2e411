"""Serializers of step 2's information chain (issue 18): the groepsscan from the burgemeester
to the teamchef's function, the answer per name, the standard report to the burgemeester and
the gebiedsofficier, the police's own groepsscan and the OM request. They only shape data:
what the caller may see or do is decided in the views and the domain."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.models import InformationPosition, NameOutcome, RequestKind, RequestStatus
from groepsaanpak import uploads
from groups.models import ReferralKind, ReferralStatus
from privacy.categories import Category

from .serializers import (
    TEXT_LIMIT,
    DateTimeField,
    GroupRefSerializer,
    GuardedInputSerializer,
    OrganisationRefSerializer,
    UserRefSerializer,
    id_field,
    not_in_past,
)

PAST = _("De uiterste datum ligt in het verleden.")


class ChainRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    addressee = OrganisationRefSerializer()
    addressee_function = serializers.CharField(
        allow_blank=True, help_text="De functie waaraan het verzoek is gericht (groepsscan: teamchef)."
    )
    requested_by = UserRefSerializer(help_text="De contactpersoon die het verzoek verstuurde.")
    mayor = UserRefSerializer(allow_null=True, help_text="Namens wie (de burgemeester).")
    om_officer = UserRefSerializer(allow_null=True, help_text="De gebiedsofficier die het rapport ontvangt.")
    reported_at = DateTimeField(allow_null=True, help_text="Wanneer het standaardrapport werd verstrekt.")
    police_initiated = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)
    consulted_on = serializers.DateField(allow_null=True)
    question = serializers.CharField()
    due_date = serializers.DateField()
    answer = serializers.CharField(allow_blank=True)
    unknown_to_police = serializers.IntegerField(allow_null=True)
    information_position = serializers.ChoiceField(choices=InformationPosition.choices, allow_blank=True)
    names = serializers.IntegerField(
        source="names.count", help_text="Aantal namen waarover het verzoek gaat."
    )


class GroepsscanCreateSerializer(GuardedInputSerializer):
    addressee = id_field(help_text="Het politiebasisteam (of de regionale politie-eenheid).")
    addressee_function = serializers.CharField(max_length=60, required=False, default="teamchef")
    mayor = id_field(help_text="De burgemeester (of wie namens hem beslist) van de gemeente.")
    om_officer = id_field(help_text="De gebiedsofficier van een OM-parket dat de gemeente bedient.")
    question = serializers.CharField(max_length=TEXT_LIMIT)
    due_date = serializers.DateField(validators=[not_in_past(PAST)])


class OmRequestCreateSerializer(GuardedInputSerializer):
    addressee = id_field(help_text="Het OM-parket.")
    question = serializers.CharField(max_length=TEXT_LIMIT)
    due_date = serializers.DateField(validators=[not_in_past(PAST)])
    reason = serializers.CharField(
        max_length=TEXT_LIMIT, help_text="Waarom strafrechtelijke aspecten overheersen."
    )
    consulted_on = serializers.DateField(help_text="Wanneer de noodzaak vooraf met het OM is afgestemd.")


class PoliceGroepsscanSerializer(GuardedInputSerializer):
    answer = serializers.CharField(max_length=TEXT_LIMIT, help_text="Samenvatting, zonder namen.")
    information_position = serializers.ChoiceField(
        choices=InformationPosition.choices, required=False, allow_blank=True, default=""
    )
    mayor = id_field()
    om_officer = id_field()
    attachment = serializers.FileField(
        required=False, help_text="Alleen bij multipart/form-data: het geanonimiseerde standaardrapport."
    )

    def validate_attachment(self, f):
        return uploads.check(f) if f else None


class NameAnswerRowSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="membership_id", help_text="De regel op de namenlijst.")
    person = serializers.CharField(source="membership.person.full_name")
    outcome = serializers.CharField(
        allow_blank=True, help_text="unknown, known of selected; leeg: nog niet beantwoord."
    )
    content = serializers.CharField(allow_blank=True, help_text="OM-verzoek: de informatie per persoon.")
    category = serializers.ChoiceField(choices=Category.choices)
    answered_at = DateTimeField(allow_null=True)


class RequestNamesSerializer(serializers.Serializer):
    request = ChainRequestSerializer()
    names = NameAnswerRowSerializer(many=True, help_text="Leeg als u ze niet mag zien (zie withheld).")
    withheld = serializers.CharField(allow_blank=True)


class NameAnswerWriteSerializer(serializers.Serializer):
    member = id_field()
    outcome = serializers.ChoiceField(choices=NameOutcome.choices)
    content = serializers.CharField(max_length=TEXT_LIMIT, required=False, allow_blank=True, default="")


class NameAnswersWriteSerializer(serializers.Serializer):
    answers = NameAnswerWriteSerializer(many=True, max_length=500)


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    group = GroupRefSerializer(source="case.group")
    addressee = OrganisationRefSerializer()
    reported_at = DateTimeField()
    answer = serializers.CharField()
    unknown_to_police = serializers.IntegerField(allow_null=True)
    information_position = serializers.ChoiceField(choices=InformationPosition.choices, allow_blank=True)
    has_attachment = serializers.SerializerMethodField()

    def get_has_attachment(self, request) -> bool:
        return bool(request.attachment)


# --- referrals (their own covenant category, a status and an outcome) ---------------------------


class ReferralDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ReferralKind.choices)
    category = serializers.ChoiceField(choices=Category.choices)
    referred_on = serializers.DateField()
    note = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    outcome = serializers.CharField(allow_blank=True)
    status_changed_at = DateTimeField(allow_null=True)
    supplied_by = OrganisationRefSerializer()
    next_statuses = serializers.ListField(
        child=serializers.ChoiceField(choices=ReferralStatus.choices),
        help_text="De statussen waarnaar u de verwijzing nu kunt zetten (leeg: geen).",
    )


class ReferralStatusWriteSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    outcome = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
