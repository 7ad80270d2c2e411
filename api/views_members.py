"""One entry on the name list: its status (PATCH), and the member page (`/groepen/leden/<pk>/`,
groups.views.member_detail) through the API: role and fixed professional, plus/min/mee
history, referrals and family links — the same access decisions, withheld reasons and
processing-log entry (member.read), and the same service functions (cases.services,
groups.services) for its forms."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions

from cases import services as case_services
from groups import reads
from groups import services as group_services
from groups.forms import MembershipForm
from groups.models import REFERRAL_CATEGORIES, Person, ReferralKind
from privacy import access
from privacy.categories import Category

from . import serializers as s
from . import serializers_analysis as sa
from .base import CaseView, Shown, case_open, endpoint, manager, or_404, or_invalid, supplies

P = Category.PERSONAL


def read_member(user, membership) -> Shown:
    """groups.views.member_detail as data (both read through groups.reads.read_member)."""
    case = membership.case
    read = reads.read_member(user, membership)
    return Shown(
        membership,
        assessments=list(membership.assessments.select_related("assessed_by")),
        referrals=read.referrals,
        family=read.family,
        can_manage=access.can_manage_case(user, case) and case.is_open,
        can_supply=bool(access.can_supply(user, case, P)),
        withheld=read.withheld,
    )


class MembershipView(CaseView):
    # /cases/<pk>/name-list/<member_pk>…: as on the member page, an entry does not exist
    # (404) for who may not receive personal data of the case.
    tag = "namenlijst"

    def load_membership(self):
        case = self.case
        if not access.can_receive(self.user, case, P):
            raise exceptions.NotFound()
        memberships = case.memberships.select_related(
            "case", "group", "person", "assigned_worker", "added_by_organisation"
        )
        return or_404(memberships, **self.lookup())

    def lookup(self) -> dict:
        return {"pk": self.kwargs["member_pk"]}

    def get_membership(self):
        if not hasattr(self, "_membership"):
            self._membership = self.load_membership()
        return self._membership

    def member_response(self):
        return self.respond(sa.MemberDetailSerializer, read_member(self.user, self.load_membership()))


class MemberView(MembershipView):
    @endpoint(operation_id="cases_name_list_member_retrieve", ok=sa.MemberDetailSerializer)
    def get(self, request, pk, member_pk):
        """Eén jongere op de namenlijst, zoals de lid-pagina (gelogd als member.read)

        Rol, vaste professional, plus/min/mee, doorverwijzingen en familieverbanden. Doorverwijzingen alleen
        in de categorieën die u mag ontvangen; de andere onder `withheld`. 404 voor wie geen persoonsgegevens
        mag ontvangen."""
        return self.respond(sa.MemberDetailSerializer, read_member(request.user, self.get_membership()))

    @endpoint(request=s.MemberStatusSerializer, ok=s.MemberSerializer)
    def patch(self, request, pk, member_pk):
        """Status op de namenlijst wijzigen (voorgesteld, afgestemd, verwijderd)"""
        membership = self.get_membership()
        data = self.input(s.MemberStatusSerializer)
        membership = case_services.set_membership_status(
            membership, status=data["status"], actor=request.user, note=data["note"]
        )
        return self.respond(s.MemberSerializer, membership)


class PersonOnListView(MembershipView):
    # /cases/<pk>/persons/<person_pk>: the same entry found by the youth's person id, the
    # one identity of a youth in the API (the name-list id is the older way to name it).

    def lookup(self) -> dict:
        return {"person_id": self.kwargs["person_pk"]}

    @endpoint(ok=sa.MemberDetailSerializer)
    def get(self, request, pk, person_pk):
        """Eén jongere van de casus, gevonden met het persoons-id (zoals de lid-pagina; gelogd)

        Hetzelfde als `/cases/{id}/name-list/{member_pk}`, met het persoons-id dat de hele API gebruikt.
        404 voor wie geen persoonsgegevens mag ontvangen."""
        return self.respond(sa.MemberDetailSerializer, read_member(request.user, self.get_membership()))


class MemberRoleView(MembershipView):
    permission = (
        manager("Alleen de procesregisseur of de uitvoeringscoördinator wijzigt de namenlijst."),
        case_open,
    )

    @endpoint(request=sa.MemberRoleWriteSerializer, ok=sa.MemberDetailSerializer)
    def post(self, request, pk, member_pk):
        """Rol in de groep en vaste professional vastleggen (regie)"""
        membership = self.get_membership()
        data = self.checked_input(sa.MemberRoleWriteSerializer)
        worker = None
        if data["assigned_worker"] is not None:
            choices = MembershipForm(case=membership.case).fields["assigned_worker"].queryset
            message = _("De vaste professional moet werken bij een deelnemende organisatie.")
            worker = or_invalid(choices, "assigned_worker", message, pk=data["assigned_worker"])
        group_services.update_membership(
            membership, actor=request.user, role_in_group=data["role_in_group"], assigned_worker=worker
        )
        return self.member_response()


class MemberAssessmentView(MembershipView):
    permission = supplies(P)

    @endpoint(request=sa.MemberAssessmentWriteSerializer, creates=sa.AssessmentSerializer)
    def post(self, request, pk, member_pk):
        """Plus, min of mee voor deze jongere (gedateerd; eerdere blijven als geschiedenis)"""
        membership = self.get_membership()
        assessment = self.write(group_services.assess_member, membership, sa.MemberAssessmentWriteSerializer)
        return self.created(sa.AssessmentSerializer, assessment)


class MemberReferralView(MembershipView):
    @endpoint(request=sa.ReferralWriteSerializer, creates=sa.ReferralSerializer)
    def post(self, request, pk, member_pk):
        """Doorverwijzing vastleggen (PGA, Top X, Veiligheidshuis, Halt: strafrechtelijk; jeugdbescherming:
        zorg) — het convenant beslist of u die mag verstrekken"""
        membership = self.get_membership()
        data = self.input(sa.ReferralWriteSerializer)
        self.check_permission(checks=(supplies(REFERRAL_CATEGORIES[ReferralKind(data["kind"])]),))
        return self.created(
            sa.ReferralSerializer, group_services.add_referral(membership, actor=request.user, **data)
        )


class MemberFamilyView(MembershipView):
    permission = supplies(P)

    @endpoint(request=sa.FamilyLinkWriteSerializer, creates=sa.FamilyLinkSerializer)
    def post(self, request, pk, member_pk):
        """Familielid koppelen (iemand op een namenlijst die u mag zien; geldt in beide richtingen)"""
        membership = self.get_membership()
        data = self.checked_input(sa.FamilyLinkWriteSerializer)
        candidates = group_services.relatives_for(request.user, membership)
        choices = Person.objects.filter(pk__in=candidates.values("person_id"))
        message = _("Deze persoon is voor u niet beschikbaar.")
        relative = or_invalid(choices, "relative", message, pk=data["relative"])
        link = group_services.add_family_link(
            membership, actor=request.user, relative=relative, relation=data["relation"]
        )
        return self.created(sa.FamilyLinkSerializer, link)
