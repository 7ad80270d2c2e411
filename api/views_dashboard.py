"""The search box and the regie overview through the API, with the same reads as the
pages (dashboard.reads): the access decision on every hit, person hits logged."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers

from dashboard import reads
from privacy import policies

from . import serializers as s
from .base import ApiView, endpoint


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(min_length=reads.MIN_QUERY, max_length=100, help_text="Ten minste twee tekens.")


class PersonHitSerializer(serializers.Serializer):
    person = s.PersonRefSerializer()
    group = s.GroupRefSerializer()
    case = serializers.IntegerField(source="case_id")
    membership = serializers.IntegerField(source="pk")


class SearchSerializer(serializers.Serializer):
    groups = s.GroupRefSerializer(many=True)
    persons = PersonHitSerializer(many=True)
    signals = s.SignalSerializer(many=True)


class SearchView(ApiView):
    tag = "zoeken"

    @endpoint(parameters=[SearchQuerySerializer], ok=SearchSerializer, errors=(400,))
    def get(self, request):
        """Zoeken op groep, naam of bijnaam van een jongere, of plek van een signaal (zoals /zoeken/)

        Alleen wat u mag zien; elke gevonden jongere is een inzage en wordt gelogd (`search.hit`). Ten hoogste
        20 treffers per soort."""
        query = self.validated(SearchQuerySerializer, data=request.query_params)["q"]
        return self.respond(SearchSerializer, reads.search(request.user, query))


class RegieCaseSerializer(s.CaseListSerializer):
    last_signal = s.DateTimeField(allow_null=True)
    open_requests = serializers.IntegerField()
    overdue_requests = serializers.IntegerField()
    open_actions = serializers.IntegerField()
    overdue_actions = serializers.IntegerField()
    partners = serializers.IntegerField()


class RegieView(ApiView):
    tag = "casussen"

    @endpoint(ok=RegieCaseSerializer(many=True), errors=(403,))
    def get(self, request):
        """Het regie-overzicht: lopende casussen met laatste signaal, verzoeken, acties, partners"""
        user = request.user
        if not policies.allowed(user, "regie.view"):
            raise exceptions.PermissionDenied(_("Het regie-overzicht is er voor gemeente en beslissers."))
        return self.paginate(reads.regie_cases(user).select_related("municipality"), RegieCaseSerializer)
