"""The member page (`/groepen/leden/<pk>/`, groups.views.member_detail) through the API:
role and fixed professional, plus/min/mee history, referrals and family links — the same
access decisions, withheld reasons and processing-log entry (member.read), and the same
service functions (groups.services) for its forms."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from groups import reads
from groups import services as group_services
from groups.forms import MembershipForm
from groups.models import REFERRAL_CATEGORIES, Person, ReferralKind
from privacy import access
from privacy.categories import Category

from . import serializers_analysis as sa
from . import views
from .exceptions import Conflict, invalid
from .idempotency import idempotent
from .views import IDEMPOTENCY, ApiView, _case, with_errors
from .views_analysis import _supply


def read_member(user, membership) -> dict:
    """groups.views.member_detail as data (both read through groups.reads.read_member)."""
    case = membership.case
    read = reads.read_member(user, membership)
    return {
        "id": membership.pk,
        "case_id": case.pk,
        "group": membership.group,
        "person": membership.person,
        "role_in_group": membership.role_in_group,
        "status": membership.status,
        "status_note": membership.status_note,
        "assigned_worker": membership.assigned_worker,
        "assessments": list(membership.assessments.select_related("assessed_by")),
        "referrals": read.referrals,
        "family": read.family,
        "can_manage": access.can_manage_case(user, case) and case.is_open,
        "can_supply": bool(access.can_supply(user, case, Category.PERSONAL)),
        "withheld": read.withheld,
    }


def _membership_or_404(user, pk, member_pk):
    case = _case(user, pk)
    if not access.can_receive(user, case, Category.PERSONAL):
        raise exceptions.NotFound()  # as the member page: no personal data, no member
    membership = (
        case.memberships.select_related("case", "group", "person", "assigned_worker")
        .filter(pk=member_pk)
        .first()
    )
    if membership is None:
        raise exceptions.NotFound()
    return membership


def _member_response(user, membership, code=status.HTTP_200_OK) -> Response:
    membership = _membership_or_404(user, membership.case_id, membership.pk)
    return Response(sa.MemberDetailSerializer(read_member(user, membership)).data, status=code)


class MemberView(views.MemberView):
    """GET added to the name-list entry (PATCH for its status stays in api.views)."""

    @extend_schema(
        tags=["namenlijst"],
        operation_id="cases_name_list_member_retrieve",
        summary="Eén jongere op de namenlijst, zoals de lid-pagina (gelogd als member.read)",
        description="Rol, vaste professional, plus/min/mee, doorverwijzingen en familieverbanden. "
        "Doorverwijzingen alleen in de categorieën die u mag ontvangen; de andere onder `withheld`. "
        "404 voor wie geen persoonsgegevens mag ontvangen.",
        responses=with_errors({200: sa.MemberDetailSerializer}, 404),
    )
    def get(self, request, pk, member_pk):
        membership = _membership_or_404(request.user, pk, member_pk)
        return Response(sa.MemberDetailSerializer(read_member(request.user, membership)).data)


class MemberRoleView(ApiView):
    @extend_schema(
        tags=["namenlijst"],
        summary="Rol in de groep en vaste professional vastleggen (regie)",
        request=sa.MemberRoleWriteSerializer,
        responses=with_errors({200: sa.MemberDetailSerializer}, 400, 403, 404, 409, 413),
    )
    def post(self, request, pk, member_pk):
        user = request.user
        membership = _membership_or_404(user, pk, member_pk)
        case = membership.case
        if not access.can_manage_case(user, case):
            raise exceptions.PermissionDenied(
                _("Alleen de procesregisseur of de uitvoeringscoördinator wijzigt de namenlijst.")
            )
        if not case.is_open:
            raise Conflict(_("Deze casus is afgesloten."))
        data = self.validated(sa.MemberRoleWriteSerializer)
        worker = None
        if data["assigned_worker"] is not None:
            choices = MembershipForm(case=case).fields["assigned_worker"].queryset
            worker = choices.filter(pk=data["assigned_worker"]).first()
            if worker is None:
                raise invalid(
                    "assigned_worker", _("De vaste professional moet werken bij een deelnemende organisatie.")
                )
        group_services.update_membership(
            membership, actor=user, role_in_group=data["role_in_group"], assigned_worker=worker
        )
        return _member_response(user, membership)


class MemberAssessmentView(ApiView):
    @extend_schema(
        tags=["namenlijst"],
        summary="Plus, min of mee voor deze jongere (gedateerd; eerdere blijven als geschiedenis)",
        parameters=[IDEMPOTENCY],
        request=sa.MemberAssessmentWriteSerializer,
        responses=with_errors({201: sa.AssessmentSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk, member_pk):
        user = request.user
        membership = _membership_or_404(user, pk, member_pk)
        _supply(user, membership.case, Category.PERSONAL)
        data = self.validated(sa.MemberAssessmentWriteSerializer)
        assessment = group_services.assess_member(membership, actor=user, **data)
        return Response(sa.AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)


class MemberReferralView(ApiView):
    @extend_schema(
        tags=["namenlijst"],
        summary="Doorverwijzing vastleggen (PGA, Top X, Veiligheidshuis, Halt: strafrechtelijk; "
        "jeugdbescherming: zorg) — het convenant beslist of u die mag verstrekken",
        parameters=[IDEMPOTENCY],
        request=sa.ReferralWriteSerializer,
        responses=with_errors({201: sa.ReferralSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk, member_pk):
        user = request.user
        membership = _membership_or_404(user, pk, member_pk)
        data = self.validated(sa.ReferralWriteSerializer)
        _supply(user, membership.case, REFERRAL_CATEGORIES[ReferralKind(data["kind"])])
        referral = group_services.add_referral(membership, actor=user, **data)
        return Response(sa.ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)


class MemberFamilyView(ApiView):
    @extend_schema(
        tags=["namenlijst"],
        summary="Familielid koppelen (iemand op een namenlijst die u mag zien; geldt in beide richtingen)",
        parameters=[IDEMPOTENCY],
        request=sa.FamilyLinkWriteSerializer,
        responses=with_errors({201: sa.FamilyLinkSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk, member_pk):
        user = request.user
        membership = _membership_or_404(user, pk, member_pk)
        _supply(user, membership.case, Category.PERSONAL)
        data = self.validated(sa.FamilyLinkWriteSerializer)
        candidates = group_services.relatives_for(user, membership)
        relative = Person.objects.filter(pk=data["relative"], pk__in=candidates.values("person_id")).first()
        if relative is None:
            raise invalid("relative", _("Deze persoon is voor u niet beschikbaar."))
        link = group_services.add_family_link(
            membership, actor=user, relative=relative, relation=data["relation"]
        )
        return Response(sa.FamilyLinkSerializer(link).data, status=status.HTTP_201_CREATED)
