"""Step 2's information chain through the API (issue 18), on the same reads and services as
the pages (cases.reads, cases.services): the groepsscan from the burgemeester, through the
contact person, to the teamchef's function; the answer per name (criminal-law data); the
standard report to the burgemeester and the gebiedsofficier; the police's own groepsscan;
the OM request with its reason and prior consultation."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from rest_framework import exceptions, parsers, renderers

from accounts.models import OrganisationKind
from cases import reads as case_reads
from cases import services as case_services
from cases.models import RequestKind
from groepsaanpak import uploads
from groups import reads as group_reads
from groups import services as group_services
from groups.models import REFERRAL_MOVES, ReferralStatus
from privacy import access

from . import serializers_chain as sc
from .base import ApiView, CaseView, Shown, endpoint, manager, or_404, or_invalid, policy, refusals
from .parsers import JSONParser
from .views import AttachmentRenderer
from .views_members import MembershipView


class ChainRequestView(CaseView):
    # /cases/<pk>/requests/…: the chain's requests of a visible case.
    tag = "informatieverzoeken"

    def route(self, data: dict) -> dict:
        """The organisations and people the body names, each from the choices the form offers."""
        case = self.case
        found = {}
        if "addressee" in data:
            found["addressee"] = or_invalid(
                case_reads.serving_organisations(case.municipality_id),
                "addressee",
                _("Kies een organisatie uit (of voor) deze gemeente."),
                pk=data["addressee"],
            )
        if "mayor" in data:
            found["mayor"] = or_invalid(
                case_reads.mayor_candidates(case),
                "mayor",
                _("Kies de burgemeester van deze gemeente."),
                pk=data["mayor"],
            )
        if "om_officer" in data:
            found["om_officer"] = or_invalid(
                case_reads.om_officer_candidates(case),
                "om_officer",
                _("Kies de gebiedsofficier van een OM-parket dat deze gemeente bedient."),
                pk=data["om_officer"],
            )
        return {**data, **found}

    def request_response(self, info_request, code=200):
        return self.respond(sc.ChainRequestSerializer, info_request, code)


class GroepsscanView(ChainRequestView):
    permission = manager()

    @endpoint(request=sc.GroepsscanCreateSerializer, creates=sc.ChainRequestSerializer)
    def post(self, request, pk):
        """Groepsscan aanvragen: namens de burgemeester, via u als contactpersoon, aan de teamchef

        Pas als de namenlijst is afgestemd (anders 409); de groepsscan gaat over de afgestemde namen. Het
        standaardrapport gaat naar de burgemeester en de gebiedsofficier van het OM, ook als het OM verder
        niet aan de casus deelneemt."""
        data = self.route(self.checked_input(sc.GroepsscanCreateSerializer))
        if data["addressee"].kind != OrganisationKind.POLITIE:
            raise exceptions.ValidationError(
                {"addressee": [_("Een groepsscan vraagt u aan bij de politie.")]}
            )
        created = case_services.send_request(
            self.case, actor=request.user, kind=RequestKind.GROEPSSCAN, **data
        )
        return self.request_response(created, 201)


class OmRequestView(ChainRequestView):
    permission = manager()

    @endpoint(request=sc.OmRequestCreateSerializer, creates=sc.ChainRequestSerializer)
    def post(self, request, pk):
        """Strafrechtelijke informatie vragen aan het OM (alleen waar strafrechtelijke aspecten overheersen)

        Met de reden en de datum van de voorafgaande afstemming met het OM. Het verzoek gaat over de namen die
        de politie in de groepsscan selecteerde (proces-verbaal in het afgelopen jaar); zonder die selectie
        409."""
        data = self.route(self.checked_input(sc.OmRequestCreateSerializer))
        if data["addressee"].kind != OrganisationKind.OM:
            raise exceptions.ValidationError(
                {"addressee": [_("Strafrechtelijke informatie vraagt u aan bij het OM.")]}
            )
        created = case_services.send_request(self.case, actor=request.user, kind=RequestKind.OM, **data)
        return self.request_response(created, 201)


class PoliceGroepsscanView(ChainRequestView):
    parser_classes = [JSONParser, parsers.MultiPartParser]
    permission = policy("groepsscan.police_start")

    @endpoint(
        request={
            "application/json": sc.PoliceGroepsscanSerializer,
            "multipart/form-data": sc.PoliceGroepsscanSerializer,
        },
        creates=sc.ChainRequestSerializer,
    )
    def post(self, request, pk):
        """Eigen groepsscan van de politie vastleggen (stap 1 of 2; groepsniveau, zonder namen)

        De namen die de politie gebruikte, stelt zij in stap 2 voor op de namenlijst; de partners stemmen af
        met welke lijst het werkproces verder gaat."""
        data = self.route(self.checked_input(sc.PoliceGroepsscanSerializer))
        created = case_services.record_police_groepsscan(self.case, actor=request.user, **data)
        return self.request_response(created, 201)


class RequestNamesView(ChainRequestView):
    def info_request(self):
        return or_404(self.case.requests.select_related("addressee", "case"), pk=self.kwargs["request_pk"])

    def names_response(self, info_request):
        rows, withheld = case_reads.request_names(self.user, info_request)
        return self.respond(
            sc.RequestNamesSerializer,
            Shown(info_request, request=info_request, names=rows, withheld=withheld),
        )

    @endpoint(ok=sc.RequestNamesSerializer)
    def get(self, request, pk, request_pk):
        """De namen van een groepsscan of OM-verzoek en het antwoord per naam (strafrechtelijke gegevens)

        Alleen voor wie strafrechtelijke gegevens in de casus mag ontvangen (en de geadresseerde die
        antwoordt); anders leeg met de reden onder `withheld`. Gelogd per persoon."""
        return self.names_response(self.info_request())

    @endpoint(request=sc.NameAnswersWriteSerializer, ok=sc.RequestNamesSerializer, idempotent=True)
    def post(self, request, pk, request_pk):
        """Antwoord per naam: bekend, onbekend of geselecteerd (alleen de teamchef of wie hem waarneemt)

        Bij een groepsscan elke naam van het verzoek; het aantal onbekende namen volgt hieruit. Bij een
        OM-verzoek ook de informatie per persoon (`content`)."""
        info_request = self.info_request()
        self.check_permission(info_request, checks=(policy("request.answer", on="obj"),))
        data = self.input(sc.NameAnswersWriteSerializer)
        answers = {}
        for row in data["answers"]:
            if row["member"] in answers:
                raise exceptions.ValidationError({"answers": [_("Elke naam één keer.")]})
            answers[row["member"]] = (row["outcome"], row["content"])
        case_services.answer_names(info_request, actor=request.user, answers=answers)
        return self.names_response(info_request)


class ReportListView(ApiView):
    tag = "informatieverzoeken"

    @endpoint(ok=sc.ReportSerializer(many=True))
    def get(self, request):
        """De standaardrapportages van groepsscans die aan u zijn verstrekt (burgemeester, gebiedsofficier)"""
        return self.paginate(case_reads.reports_for(request.user), sc.ReportSerializer)


class ReportAttachmentView(ApiView):
    tag = "informatieverzoeken"
    renderer_classes = [renderers.JSONRenderer, AttachmentRenderer]

    @endpoint(ok={(200, t.content_type): OpenApiTypes.BINARY for t in uploads.BY_EXTENSION.values()})
    def get(self, request, pk):
        """Het geanonimiseerde standaardrapport downloaden (als ontvanger; gelogd)

        Voor de burgemeester en de gebiedsofficier aan wie het rapport is verstrekt, ook als hun organisatie
        niet aan de casus deelneemt; 404 voor ieder ander."""
        info_request = case_reads.report_for_download(request.user, pk)
        return uploads.download_response(
            info_request.attachment,
            filename=case_reads.attachment_filename(info_request),
            content_type=info_request.attachment_content_type,
        )


class ReferralDetailView(MembershipView):
    # /cases/<pk>/name-list/<member_pk>/referrals/<referral_pk>: one referral, as the member
    # page shows it (only in a category the caller may receive; else 404).

    def referral(self):
        membership = self.get_membership()
        read = group_reads.read_member(self.user, membership)
        referral = next((r for r in read.referrals if r.pk == self.kwargs["referral_pk"]), None)
        if referral is None:
            raise exceptions.NotFound()
        return referral

    def shown(self, referral):
        may = access.can_supply(self.user, referral.membership.case, referral.category)
        moves = REFERRAL_MOVES[ReferralStatus(referral.status)] if may else set()
        return Shown(referral, next_statuses=[s.value for s in ReferralStatus if s in moves])

    @endpoint(ok=sc.ReferralDetailSerializer)
    def get(self, request, pk, member_pk, referral_pk):
        """Eén verwijzing: soort, status en uitkomst (alleen in een categorie die u mag ontvangen)"""
        return self.respond(sc.ReferralDetailSerializer, self.shown(self.referral()))

    @endpoint(request=sc.ReferralStatusWriteSerializer, ok=sc.ReferralDetailSerializer, idempotent=True)
    def patch(self, request, pk, member_pk, referral_pk):
        """Status van een verwijzing bijwerken: voorgesteld → aangemeld → geaccepteerd / afgewezen → beëindigd

        Wie de categorie van de verwijzing volgens het convenant mag verstrekken (ook de regisseur van de
        gemeente waar het convenant dat zegt); bij afgewezen of beëindigd met de uitkomst."""
        referral = self.referral()
        self.check_permission(referral.membership.case, checks=(supplies_category(referral.category),))
        data = self.input(sc.ReferralStatusWriteSerializer)
        with refusals(
            group_services.GroupError, lambda message: exceptions.ValidationError({"status": [message]})
        ):
            referral = group_services.update_referral(referral, actor=request.user, **data)
        return self.respond(sc.ReferralDetailSerializer, self.shown(referral))


def supplies_category(category):
    def check(user, case) -> None:
        access.can_supply(user, case, category).enforce()

    return check
