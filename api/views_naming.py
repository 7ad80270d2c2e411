"""Need to know per person (issue 14) through the API: the case page's section "Bij naam
betrokken". The same reads (cases.reads.namings, nameable_users) and services
(cases.services.name_person, unname_person) as the page; the policy `case.name` decides."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions

from cases import services as case_services
from cases.reads import nameable_users, namings

from . import serializers_naming as s
from .base import CaseView, endpoint, or_404, or_invalid, policy


class NamingsView(CaseView):
    # /cases/<pk>/named: who is named for the case, as everyone who sees the case sees it.
    tag = "casussen"
    permission = policy("case.name")

    @endpoint(ok=s.NamingSerializer(many=True))
    def get(self, request, pk):
        """Bij naam betrokken: wie de persoonsgegevens van deze casus mag zien

        Ook beëindigde benoemingen, met wie, wanneer en waarom; `may_end` zegt of u een benoeming mag
        beëindigen."""
        return self.paginate(namings(request.user, self.case), s.NamingSerializer)

    @endpoint(request=s.NamingCreateSerializer, creates=s.NamingSerializer)
    def post(self, request, pk):
        """Iemand bij naam aan de casus verbinden (need to know)

        De coördinator of een benoemde procesregisseur kiest uit de deelnemende organisaties en de eigen
        gemeente; een benoemde professional uit de collega's van de eigen organisatie. 403 voor wie niemand
        mag benoemen; 409 op een afgesloten casus."""
        case = self.case
        data = self.checked_input(s.NamingCreateSerializer)
        message = _("Kies een medewerker die u voor deze casus kunt benoemen.")
        user = or_invalid(nameable_users(request.user, case), "user", message, pk=data["user"])
        named = case_services.name_person(case, user=user, reason=data["reason"], actor=request.user)
        return self.created(s.NamingSerializer, _one(request.user, case, named.pk))


class NamingView(CaseView):
    tag = "casussen"

    @endpoint(ok=s.NamingSerializer)
    def get(self, request, pk, named_pk):
        """Eén benoeming"""
        return self.respond(s.NamingSerializer, _one(request.user, self.case, named_pk))


class NamingEndView(CaseView):
    tag = "casussen"
    permission = policy("case.name")

    @endpoint(request=s.NamingEndSerializer, ok=s.NamingSerializer)
    def post(self, request, pk, named_pk):
        """Een benoeming beëindigen, met de reden

        De regel blijft bewaard met wie haar beëindigde, wanneer en waarom."""
        case = self.case
        named = or_404(case.named.all(), pk=named_pk)
        data = self.checked_input(s.NamingEndSerializer)
        case_services.unname_person(named, reason=data["reason"], actor=request.user)
        return self.respond(s.NamingSerializer, _one(request.user, case, named.pk))


def _one(user, case, named_pk):
    for named in namings(user, case):
        if named.pk == int(named_pk):
            return named
    raise exceptions.NotFound()
