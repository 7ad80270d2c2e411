"""Need to know per person (issue 14): who is named for a case, and naming or ending it."""

from __future__ import annotations

from rest_framework import serializers

from .serializers import DateTimeField, OrganisationRefSerializer, UserRefSerializer, id_field


class NamedUserSerializer(UserRefSerializer):
    organisation = OrganisationRefSerializer()


class NamingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user = NamedUserSerializer()
    reason = serializers.CharField()
    added_by = UserRefSerializer()
    added_at = DateTimeField()
    removed_by = UserRefSerializer(allow_null=True)
    removed_at = DateTimeField(allow_null=True)
    removal_reason = serializers.CharField(allow_blank=True)
    may_end = serializers.BooleanField(help_text="Of u deze benoeming mag beëindigen.")


class NamingCreateSerializer(serializers.Serializer):
    user = id_field(help_text="De medewerker die de namen nodig heeft.")
    reason = serializers.CharField(max_length=500, help_text="Waarom heeft deze persoon de namen nodig?")


class NamingEndSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text="Waarom beëindigen?")
