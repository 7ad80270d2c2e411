"""One youth across groups through the API (issue 18): find and link, import, bekend bij,
merge. The same reads and services as the pages (persons, cases.name_lists)."""

from __future__ import annotations

from rest_framework import serializers

from groups.models import GroupRole, MembershipStatus

from .serializers import GroupRefSerializer, MemberSerializer, PersonRefSerializer


class NameListCandidateQuerySerializer(serializers.Serializer):
    q = serializers.CharField(min_length=2, max_length=100, help_text="(Deel van de) naam of bijnaam.")


class NameListCandidateSerializer(serializers.Serializer):
    person = PersonRefSerializer()
    date_of_birth = serializers.DateField(allow_null=True, source="person.date_of_birth")
    groups = GroupRefSerializer(many=True, help_text="Alleen de groepen waarvan u de namenlijst mag zien.")
    age_flag = serializers.CharField(allow_blank=True, help_text="Leeg, of: buiten de leeftijdsgrens.")


class NameListLinkSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text="Id van een persoon op een namenlijst die u mag zien.")
    role_in_group = serializers.ChoiceField(
        choices=GroupRole.choices, required=False, allow_blank=True, default=""
    )
    accept_warnings = serializers.BooleanField(required=False, default=False)


class NameListImportSerializer(serializers.Serializer):
    csv = serializers.CharField(
        max_length=512 * 1024,
        help_text="De CSV-tekst: kopregel naam;bijnaam;geboortedatum;rol;status, dan één regel per jongere.",
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Alleen het voorbeeld: per regel fouten en waarschuwingen."
    )
    accept_warnings = serializers.BooleanField(required=False, default=False)


class NameListImportRowSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    full_name = serializers.CharField(allow_blank=True)
    nickname = serializers.CharField(allow_blank=True)
    date_of_birth = serializers.DateField(allow_null=True)
    role_in_group = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=MembershipStatus.choices)
    errors = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField())


class NameListImportResultSerializer(serializers.Serializer):
    rows = NameListImportRowSerializer(many=True)
    added = MemberSerializer(many=True, help_text="Leeg bij dry_run.")


class KnownBySerializer(serializers.Serializer):
    organisation = serializers.CharField()
    how = serializers.ListField(child=serializers.CharField())
    groups = serializers.ListField(child=serializers.CharField())


class KnownByListSerializer(serializers.Serializer):
    membership = serializers.IntegerField(source="pk")
    case = serializers.IntegerField(source="case_id")
    group = GroupRefSerializer()
    status = serializers.ChoiceField(choices=MembershipStatus.choices)


class KnownByWithheldSerializer(serializers.Serializer):
    group = serializers.CharField()
    reason = serializers.CharField()


class KnownReadSerializer(serializers.Serializer):
    person = PersonRefSerializer()
    lists = KnownByListSerializer(many=True, source="memberships")
    partners = KnownBySerializer(many=True)
    withheld = KnownByWithheldSerializer(many=True)


class MergeCreateSerializer(serializers.Serializer):
    absorbed = serializers.IntegerField(help_text="De persoon die opgaat in deze persoon.")
    reason = serializers.CharField(max_length=300)


class MergeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kept = PersonRefSerializer()
    absorbed = PersonRefSerializer()
    reason = serializers.CharField()
    merged_at = serializers.DateTimeField()
    undo_until = serializers.DateTimeField()
    undone_at = serializers.DateTimeField(allow_null=True)
