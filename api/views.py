"""The API: another door to the same rooms as the pages.

Every endpoint follows api.base: load through the domain's visible_to reads (404 outside
the caller's visibility), check the existing permission decisions, validate, call the
owning app's service, serialize. Reads of personal data go through the apps' reads (cases.reads, groups.reads), which log
exactly as the pages do. See docs/api.md."""

from __future__ import annotations

import io
from functools import partial

from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, parsers, renderers, serializers
from rest_framework.response import Response

from accounts.models import Municipality, Organisation, OrganisationKind, User
from cases import coordination, workflow
from cases import reads as case_reads
from cases import services as case_services
from cases.models import Case, CaseStatus, RequestKind, RequestStatus
from cases.reads import case_or_404
from documents import csv_safe
from documents import subject_access as subject_access_document
from groepsaanpak import uploads
from groups import services as group_services
from groups.models import Person, YouthGroup
from groups.reads import read_person, shared_from_elsewhere
from intake import services as signal_services
from intake.forms import SignalFilterForm
from intake.models import Signal
from privacy import access, guard, log, operations, policies, security, subject_access
from privacy import reads as privacy_reads
from privacy.categories import Category
from privacy.guarding import GuardRefused, parse_confirmations
from privacy.models import Covenant, MatrixItem
from privacy.reads import export_person_log, person_for_log

from . import serializers as s
from .base import (
    ApiView,
    CaseView,
    ObjectView,
    Shown,
    all_or_invalid,
    allowed,
    endpoint,
    manager,
    or_404,
    or_invalid,
    supplies,
)
from .exceptions import finding, invalid
from .pagination import LogPagination, SignalPagination
from .parsers import AnswerCSVParser, JSONParser, parse_answer_csv

# --- shared ---------------------------------------------------------------------------


def form_errors(form) -> exceptions.ValidationError:
    return exceptions.ValidationError({name: [str(m) for m in msgs] for name, msgs in form.errors.items()})


def _municipality_id(user):
    return user.organisation.municipality_id if user.organisation_id else None


# --- the caller -----------------------------------------------------------------------


class MeView(ApiView):
    tag = "account"

    @endpoint(ok=s.MeSerializer)
    def get(self, request):
        """Wie ben ik"""
        return self.respond(s.MeSerializer, request.user)


# --- signals (step 1) -----------------------------------------------------------------

REPORTER = allowed(lambda user, _target: access.can_report_signal(user), "U kunt geen signalen melden.")


def _signals(user):
    return Signal.objects.visible_to(user).select_related("organisation", "group").prefetch_related("tags")


def _triage(user, signal) -> None:
    if not policies.allowed(user, "signal.triage", obj=signal):
        raise exceptions.PermissionDenied(
            _("Alleen de procesregisseur of uitvoeringscoördinator beoordeelt signalen.")
        )


class SignalListView(ApiView):
    tag = "signalen"
    pagination_class = SignalPagination
    permission = REPORTER

    @endpoint(ok=s.SignalSerializer(many=True), errors=(400, 403), parameters=[s.SignalFilterSerializer])
    def get(self, request):
        """Signalen (zoals de signalenlijst)"""
        user = request.user
        if not policies.allowed(user, "signal.list"):
            raise exceptions.PermissionDenied(_("U werkt niet met signalen."))
        visible_groups = YouthGroup.objects.visible_to(user)
        form = SignalFilterForm(
            request.query_params, groups=visible_groups, municipality_id=_municipality_id(user)
        )
        if not form.is_valid():
            raise form_errors(form)
        return self.paginate(form.apply(_signals(user)), s.SignalSerializer)

    @endpoint(request=s.SignalCreateSerializer, creates=s.SignalSerializer)
    def post(self, request):
        """Signaal melden (stap 1, groepsniveau; de privacytoets controleert de beschrijving)"""
        data = self.checked_input(s.SignalCreateSerializer)
        signal = signal_services.report_signal(actor=request.user, **data)
        return self.created(s.SignalSerializer, or_404(_signals(request.user), pk=signal.pk))


class SignalView(ObjectView):
    # /signals/<pk>/…: a signal the caller may see; its writes are the triage of the regie.
    tag = "signalen"
    permission = _triage

    def get_queryset(self):
        return _signals(self.user)


class SignalDetailView(SignalView):
    @endpoint(ok=s.SignalSerializer)
    def get(self, request, pk):
        """Eén signaal"""
        return self.respond(s.SignalSerializer, self.get_object())


class SignalHandleView(SignalView):
    @endpoint(request=s.SignalHandleSerializer, ok=s.SignalSerializer)
    def post(self, request, pk):
        """Afhandelen in het reguliere werk"""
        data = self.checked_input(s.SignalHandleSerializer)
        signal_services.handle_in_regular_work(
            self.get_object(),
            actor=request.user,
            note=data["note"],
            confirmed_findings=data.get("confirmed_findings", ()),
        )
        return self.respond(s.SignalSerializer, self.load())


class SignalLinkView(SignalView):
    @endpoint(request=s.SignalLinkSerializer, ok=s.SignalSerializer)
    def post(self, request, pk):
        """Koppelen aan een (nieuwe) groep"""
        user = request.user
        data = self.checked_input(s.SignalLinkSerializer)
        with transaction.atomic():
            if data.get("group"):
                group = or_invalid(
                    YouthGroup.objects.visible_to(user),
                    "group",
                    _("Deze groep is voor u niet beschikbaar."),
                    pk=data["group"],
                )
            else:
                try:
                    group = group_services.create_group(
                        actor=user,
                        name=data["new_group_name"].strip(),
                        confirmed_findings=data.get("confirmed_findings", ()),
                    )
                except GuardRefused as exc:  # the name as this endpoint calls it
                    exc.fields = {"new_group_name": exc.findings}
                    raise
            signal_services.link_to_group(
                self.get_object(),
                actor=user,
                group=group,
                note=data["note"],
                confirmed_findings=data.get("confirmed_findings", ()),
            )
        return self.respond(s.SignalSerializer, self.load())


# --- groups, members, persons ----------------------------------------------------------


def _groups(user):
    related = Prefetch(
        "related_groups",
        queryset=YouthGroup.objects.visible_to(user).order_by("name"),
        to_attr="visible_related",
    )
    return (
        YouthGroup.objects.visible_to(user)
        .select_related("municipality")
        .prefetch_related("cases", "other_municipalities", related)
        .order_by("name", "pk")
    )


def _latest_case(group):
    """The case the group page shows: the open one, else the latest."""
    cases = sorted(group.cases.all(), key=lambda c: (c.status != CaseStatus.OPEN, -c.opened_at.timestamp()))
    return cases[0] if cases else None


def _visible_case(user, group):
    """The case the group page shows, only if visible."""
    case = _latest_case(group)
    return case if case is not None and access.can_view_case(user, case) else None


def _shown_group(user, group) -> Shown:
    """The group as GroupSerializer shows it: the related groups (prefetched by _groups)
    and the case this user may see."""
    return Shown(group, visible_case=_visible_case(user, group))


def _may_edit_group(user, group=None) -> bool:
    return policies.allowed(user, "group.create" if group is None else "group.edit", obj=group)


def _group_links(user, data) -> dict:
    links = {}
    if "related_groups" in data:
        links["related_groups"] = all_or_invalid(
            YouthGroup.objects.visible_to(user),
            data["related_groups"],
            "related_groups",
            _("Een of meer groepen bestaan niet of zijn voor u niet beschikbaar."),
        )
    if "other_municipalities" in data:
        links["other_municipalities"] = all_or_invalid(
            Municipality.objects.all(),
            data["other_municipalities"],
            "other_municipalities",
            _("Een of meer gemeenten bestaan niet."),
        )
    return links


class GroupListView(ApiView):
    tag = "groepen"
    permission = allowed(_may_edit_group, "Alleen de gemeente legt een nieuwe groep vast.")

    @endpoint(
        ok=s.GroupSerializer(many=True),
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="Zoek op (werk)naam.")],
    )
    def get(self, request):
        """Groepen die u mag zien"""
        groups = _groups(request.user)
        q = request.query_params.get("q", "").strip()
        if q:
            groups = groups.filter(name__icontains=q)
        return self.paginate(groups, s.GroupSerializer, row=partial(_shown_group, request.user))

    @endpoint(request=s.GroupWriteSerializer, creates=s.GroupSerializer)
    def post(self, request):
        """Groep vastleggen (gemeente; de privacytoets controleert naam en beschrijving)"""
        user = request.user
        data = self.checked_input(s.GroupWriteSerializer)
        texts = {k: data.get(k, "") for k in group_services.LABELS}
        links = _group_links(user, data)
        with transaction.atomic():
            group = group_services.create_group(
                actor=user, confirmed_findings=data["confirmed_findings"], **texts
            )
            if links:
                group_services.update_group(group, actor=user, **links)
        return self.created(s.GroupSerializer, _shown_group(user, or_404(_groups(user), pk=group.pk)))


class GroupView(ObjectView):
    # /groups/<pk>/…: a group the caller may see (YouthGroup.objects.visible_to).
    tag = "groepen"
    permission = allowed(_may_edit_group, "Alleen de gemeente wijzigt de groepsgegevens.")

    def get_queryset(self):
        return _groups(self.user)

    def group_response(self):
        return self.respond(s.GroupSerializer, _shown_group(self.user, self.get_object()))


class GroupDetailView(GroupView):
    @endpoint(ok=s.GroupSerializer)
    def get(self, request, pk):
        """Eén groep"""
        return self.group_response()

    @endpoint(request=s.GroupWriteSerializer(partial=True), ok=s.GroupSerializer, errors=(400, 403, 404, 413))
    def patch(self, request, pk):
        """Groepsgegevens wijzigen (gemeente)"""
        group = self.get_object()
        data = self.checked_input(s.GroupWriteSerializer, partial=True)
        data.update(_group_links(request.user, data))
        group_services.update_group(YouthGroup.objects.get(pk=group.pk), actor=request.user, **data)
        self._object = self.load()
        return self.group_response()


class GroupMembersView(GroupView):
    @endpoint(ok=s.NameListSerializer)
    def get(self, request, pk):
        """Leden van de groep (de namenlijst van de casus, zoals de groepspagina)"""
        group = self.get_object()
        shared = shared_from_elsewhere(request.user, group, _latest_case(group))
        if shared is not None:  # a neighbour's group: named as withheld, not "0 members"
            return self.respond(
                s.NameListSerializer, {"case": None, "withheld": {"members": shared["withheld"]}}
            )
        case = _visible_case(request.user, group)
        return self.respond(s.NameListSerializer, case_reads.name_list(request.user, case))


class PersonDetailView(ApiView):
    tag = "personen"

    @endpoint(ok=s.PersonSerializer)
    def get(self, request, pk):
        """Eén jongere: per categorie wat u mag zien; de rest onder withheld (gelogd)"""
        person = or_404(Person.objects.all(), pk=pk)
        read = read_person(request.user, person)  # as the person page: the reads logged
        if read is None:
            security.denied(request.user, f"groups.person:{person.pk}")  # exists, not for this caller
            raise exceptions.NotFound()
        fields = ("id", "pseudonym", "full_name", "nickname", "date_of_birth", "address")
        data = {name: getattr(person, name) for name in fields}
        data["cases"] = [
            {
                "case": sec["case"].pk,
                "group": sec["case"].group,
                "membership": sec["membership"].pk,
                "role_in_group": sec["membership"].role_in_group,
                "status": sec["membership"].status,
                "information": sec["items"],
                "withheld": sec["withheld"],
            }
            for sec in read.sections
        ]
        data["withheld"] = {}
        if read.bsn_visible:
            if person.bsn:
                data["bsn"] = person.bsn
        else:  # named whether or not a BSN exists, so its existence is not revealed
            case = read.memberships[0].case
            data["withheld"]["bsn"] = str(access.can_receive(request.user, case, Category.BSN).reason)
        return self.respond(s.PersonSerializer, data)


class LogFilterSerializer(serializers.Serializer):
    # The processing log's filters (privacy.reads.filter_log), as query parameters.
    actor = serializers.CharField(
        required=False,
        max_length=150,
        help_text="Uitvoerder: een gebruikers-id (getal), of een (deel van de) gebruikersnaam.",
    )
    organisation = s.id_field(required=False, help_text="Organisatie van de uitvoerder (id).")
    operation = serializers.ChoiceField(
        choices=sorted(operations.OPERATIONS), required=False, help_text="Handeling, bijv. `person.read`."
    )
    case = s.id_field(required=False, help_text="Casus (id).")
    person = s.id_field(required=False, help_text="Jongere (id).")
    date_from = serializers.DateField(required=False, help_text="Vanaf deze dag (JJJJ-MM-DD).")
    date_to = serializers.DateField(required=False, help_text="Tot en met deze dag (JJJJ-MM-DD).")


class LogView(ApiView):
    # A processing-log list: offset pages, or cursor pages with ?cursor= (newest first).
    tag = "privacy"
    pagination_class = LogPagination

    def filtered(self, entries):
        data = self.validated(LogFilterSerializer, data=self.request.query_params)
        actor = data.pop("actor", "").strip()
        if actor.isdigit():
            data["actor"] = int(actor)
        elif actor:
            data["actor_name"] = actor
        if "organisation" in data:
            data["organisation"] = (
                Organisation.objects.filter(pk=data["organisation"]).first() or Organisation()
            )
        if "person" in data:
            person = Person.objects.filter(pk=data.pop("person")).first()
            data["data_subject"] = str(person.pseudonym) if person else "-"
        return privacy_reads.filter_log(entries, **data)


class PersonLogView(ObjectView, LogView):
    # /persons/<pk>/processing-log: who saw data about this youth, for who may know
    # (privacy.reads.person_for_log: the privacy officer, the regie of the case).

    tag = "privacy"

    def load(self):
        person = or_404(Person.objects.all(), pk=self.kwargs["pk"])
        return person_for_log(self.user, person.pseudonym)

    def entries(self):
        return self.filtered(log.entries_for_subject(str(self.get_object().pseudonym)))

    @endpoint(ok=s.LogEntrySerializer(many=True), errors=(400, 404), parameters=[LogFilterSerializer])
    def get(self, request, pk):
        """Wie zag gegevens over deze jongere (privacyfunctionaris, regisseur van de casus)"""
        return self.paginate(self.entries(), s.LogEntrySerializer)


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict):  # an error under Accept: text/csv
            out = io.StringIO()
            csv_safe.writer(out, delimiter=";", lineterminator="\n").writerows(
                [("detail", "code"), (data.get("detail", ""), data.get("code", ""))]
            )
            return out.getvalue().encode()
        return data


class PersonLogExportView(PersonLogView):
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]

    @endpoint(ok={(200, "text/csv"): OpenApiTypes.STR}, errors=(400, 404), parameters=[LogFilterSerializer])
    def get(self, request, pk):
        """Verwerkingen over deze jongere als CSV (de export zelf wordt gelogd)"""
        return export_person_log(request.user, self.get_object(), self.entries())


class PDFRenderer(renderers.BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else b""


FORMAT_PARAMETER = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=["json", "pdf"], description="json (standaard) of pdf."
)


class SubjectAccessView(ApiView):
    # /persons/<pk>/subject-access: the inzage export (issue 17), as the page
    # (privacy.views.subject_access_page): the same gather, the same log entry.

    tag = "privacy"
    renderer_classes = [renderers.JSONRenderer, PDFRenderer]

    def handle_exception(self, exc):
        # An error is JSON, also when ?format=pdf chose the PDF renderer (which has no body
        # for an error; found by schemathesis: a 404 came back empty without a Content-Type).
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return super().handle_exception(exc)

    @endpoint(
        ok={(200, "application/json"): OpenApiTypes.OBJECT, (200, "application/pdf"): OpenApiTypes.BINARY},
        parameters=[FORMAT_PARAMETER],
    )
    def get(self, request, pk):
        """Inzageoverzicht van één jongere (procesregisseur; de export wordt gelogd)"""
        person = or_404(Person.objects.all(), pk=pk)
        if not policies.allowed(request.user, "subject_access.export", obj=person):
            security.denied(request.user, f"groups.person:{person.pk}")
            raise exceptions.NotFound()
        fmt = request.query_params.get("format", "json")
        if fmt not in ("json", "pdf"):
            raise invalid("format", _("Kies json of pdf."))
        facts = subject_access.gather(request.user, person)
        subject_access.export(request.user, person, facts, fmt)
        if fmt == "pdf":
            return HttpResponse(
                subject_access_document.pdf(facts),
                content_type="application/pdf",
                headers={"Content-Disposition": 'attachment; filename="inzageoverzicht.pdf"'},
            )
        return Response(subject_access_document.as_json(facts))


class ProcessingLogView(LogView):
    @endpoint(ok=s.LogEntrySerializer(many=True), errors=(400, 403), parameters=[LogFilterSerializer])
    def get(self, request):
        """Het verwerkingslog van uw gemeente (alleen privacyfunctionaris)

        Filters zoals de pagina: uitvoerder, organisatie, handeling, casus, jongere, periode. Met `cursor`
        (leeg voor de eerste pagina) bladert u met een cursor in plaats van `offset`."""
        if not policies.allowed(request.user, "processing_log.read"):
            raise exceptions.PermissionDenied(_("Alleen de privacyfunctionaris leest het verwerkingslog."))
        entries = privacy_reads.log_of_municipality(request.user)
        q = request.query_params.get("q", "").strip()  # the page's search box, kept for old clients
        if q:
            entries = privacy_reads.filter_log(entries, actor_name=q)
        return self.paginate(self.filtered(entries), s.LogEntrySerializer)


# --- cases ------------------------------------------------------------------------------


def _shown_case(user, case):
    """The case as CaseSerializer shows it: the personal-data gate, whether this user
    manages it, the moves from its step (with what still blocks them) and the checklist."""
    gate = access.personal_data_gate(case)
    moves = workflow.allowed_moves(case) if case.is_open else []
    return Shown(
        case,
        personal_data_gate={"allowed": gate.allowed, "reason": str(gate.reason)},
        can_manage=access.can_manage_case(user, case),
        moves=[
            {"to_step": to, "kind": move.kind, "source": move.source, "blocked_by": move.gate(case)}
            for to, move in moves
        ],
        checklist=[{"item": str(item), "done": done} for item, done in workflow.checklist(case)],
        coordinator_mandate=case.coordinator_mandates.filter(coordinator_id=case.coordinator_id)
        .prefetch_related("agreed_by")
        .first(),
    )


class CaseFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)
    step = serializers.IntegerField(min_value=1, max_value=7, required=False)
    group = s.id_field(required=False)


class CaseListView(ApiView):
    tag = "casussen"

    @endpoint(ok=s.CaseListSerializer(many=True), errors=(400,), parameters=[CaseFilterSerializer])
    def get(self, request):
        """Casussen die u mag zien"""
        filters = self.validated(CaseFilterSerializer, data=request.query_params)
        cases = (
            Case.objects.visible_to(request.user)
            .select_related("group", "municipality", "coordinator")
            .order_by("-opened_at", "-pk")
            .filter(**filters)
        )
        return self.paginate(cases, s.CaseListSerializer)

    @endpoint(request=s.CaseCreateSerializer, creates=s.CaseSerializer)
    def post(self, request):
        """Casus openen voor een groep (gemeente)"""
        user = request.user
        data = self.input(s.CaseCreateSerializer)
        group = or_invalid(
            YouthGroup.objects.visible_to(user),
            "group",
            _("Deze groep is voor u niet beschikbaar."),
            pk=data["group"],
        )
        case = case_services.open_case(group, actor=user, reason=data["reason"] or _("Casus geopend."))
        return self.created(s.CaseSerializer, _shown_case(user, case_or_404(user, case.pk)))


class CaseDetailView(CaseView):
    tag = "casussen"

    @endpoint(ok=s.CaseSerializer)
    def get(self, request, pk):
        """Eén casus: stap, poort, coördinatie, deelnemers, mogelijke overgangen"""
        return self.respond(s.CaseSerializer, _shown_case(request.user, self.case))


class CaseUpdateView(CaseView):
    # A write on the case itself; the answer is the case afresh.
    tag = "casussen"
    permission = manager()

    def case_response(self) -> Response:
        return self.respond(s.CaseSerializer, _shown_case(self.user, self.load()))


def _transitions(case):
    return case.transitions.select_related("actor").order_by("at", "pk")


class TransitionView(CaseView):
    tag = "casussen"

    @endpoint(ok=s.TransitionSerializer(many=True))
    def get(self, request, pk):
        """Verloop van de casus"""
        return self.paginate(_transitions(self.case), s.TransitionSerializer)

    @endpoint(request=s.TransitionCreateSerializer, creates=s.TransitionSerializer)
    def post(self, request, pk):
        """Stap zetten (vooruit, terug of afsluiten met to_step null)

        409 met de uitleg van de poort als de overgang (nog) niet mag."""
        case_services.advance_case(self.case, actor=request.user, **self.input(s.TransitionCreateSerializer))
        return self.created(s.TransitionSerializer, _transitions(self.case).last())


class TransitionDetailView(CaseView):
    tag = "casussen"

    @endpoint(ok=s.TransitionSerializer)
    def get(self, request, pk, transition_pk):
        """Eén overgang (vastgelegd, onveranderlijk)"""
        return self.respond(s.TransitionSerializer, or_404(_transitions(self.case), pk=transition_pk))


class CoordinatorView(CaseUpdateView):
    @endpoint(request=s.CoordinatorSerializer, ok=s.CaseSerializer)
    def post(self, request, pk):
        """Uitvoeringscoördinator, grondslag en noodzaak vastleggen"""
        case = self.case
        data = self.checked_input(s.CoordinatorSerializer)
        # as the page: the municipality's own, or a participating partner's (cases.coordination)
        choices = coordination.candidates(case)
        message = _("Kies een coördinator uit de gemeente of een deelnemende partner.")
        coordinator = or_invalid(choices, "coordinator", message, pk=data["coordinator"])
        data["coordinator"] = User.objects.select_related("organisation").get(pk=coordinator.pk)
        data["agreed_by"] = all_or_invalid(
            coordination.participating_organisations(case),
            data["agreed_by"],
            "agreed_by",
            _("Kies deelnemende organisaties."),
        )
        case_services.appoint_coordinator(case, actor=request.user, **data)
        return self.case_response()


class ParticipantView(CaseUpdateView):
    @endpoint(request=s.ParticipantCreateSerializer, creates=s.ParticipantSerializer)
    def post(self, request, pk):
        """Organisatie uitnodigen voor de casus"""
        case = self.case
        data = self.checked_input(s.ParticipantCreateSerializer)
        # The municipality's own organisations and the regional partners serving it, as the page.
        choices = case_reads.serving_organisations(case.municipality_id).exclude(
            pk__in=case.participants.values("organisation")
        )
        message = _("Kies een organisatie uit deze gemeente die nog niet deelneemt.")
        organisation = or_invalid(choices, "organisation", message, pk=data["organisation"])
        participant = case_services.invite_participant(case, organisation=organisation, actor=request.user)
        return self.created(s.ParticipantSerializer, participant)


class ReopenView(CaseUpdateView):
    permission = manager("Alleen de gemeente kan een casus heropenen.")

    @endpoint(request=s.ReopenSerializer, ok=s.CaseSerializer)
    def post(self, request, pk):
        """Afgesloten casus heropenen als nieuwe cyclus"""
        data = self.input(s.ReopenSerializer)
        self.check_permission()
        case_services.reopen_case(self.case, actor=request.user, reason=data["reason"] or _("Heropend."))
        return self.case_response()


# --- name list -------------------------------------------------------------------------


class NameListView(CaseView):
    tag = "namenlijst"
    permission = supplies(Category.PERSONAL)

    @endpoint(ok=s.NameListSerializer)
    def get(self, request, pk):
        """De namenlijst (of de reden dat u die niet ziet); gelogd per persoon"""
        return self.respond(s.NameListSerializer, case_reads.name_list(request.user, self.case))

    @endpoint(request=s.MemberCreateSerializer, creates=s.MemberSerializer)
    def post(self, request, pk):
        """Naam voorstellen (vanaf stap 2, met coördinator en grondslag, binnen het convenant)"""
        membership = self.write(case_services.add_to_name_list, self.case, s.MemberCreateSerializer)
        return self.created(s.MemberSerializer, membership)


# --- information requests -------------------------------------------------------------


class RequestView(CaseView):
    # /cases/<pk>/requests…: the information requests of a visible case.
    tag = "informatieverzoeken"

    def requests(self):
        return (
            self.case.requests.select_related("addressee")
            .prefetch_related("items")
            .order_by("-requested_at", "-pk")
        )

    def shown(self, info_request) -> Shown:
        """Whether the caller can answer it now: the policy request.answer, as the page."""
        can_answer = info_request.status == RequestStatus.OPEN and policies.allowed(
            self.user, "request.answer", case=self.case, obj=info_request
        )
        return Shown(info_request, can_answer=can_answer)

    def request_response(self, request_pk, code=200):
        return self.respond(s.RequestSerializer, self.shown(or_404(self.requests(), pk=request_pk)), code)


class RequestListView(RequestView):
    permission = manager()

    @endpoint(ok=s.RequestSerializer(many=True))
    def get(self, request, pk):
        """Informatieverzoeken van de casus"""
        return self.paginate(self.requests(), s.RequestSerializer, row=self.shown)

    @endpoint(request=s.RequestCreateSerializer, creates=s.RequestSerializer)
    def post(self, request, pk):
        """Verzoek versturen (groepsscan aan de politie, OM, intern, extern)"""
        case = self.case
        data = self.checked_input(s.RequestCreateSerializer)
        choices = case_reads.serving_organisations(case.municipality_id)
        message = _("Kies een organisatie uit deze gemeente.")
        addressee = or_invalid(choices, "addressee", message, pk=data.pop("addressee"))
        if data["kind"] == RequestKind.GROEPSSCAN and addressee.kind != OrganisationKind.POLITIE:
            raise invalid("addressee", _("Een groepsscan vraagt u aan bij de politie."))
        if data["kind"] == RequestKind.OM and addressee.kind != OrganisationKind.OM:
            raise invalid("addressee", _("Strafrechtelijke informatie vraagt u aan bij het OM."))
        items = all_or_invalid(
            MatrixItem.objects.all(),
            data.pop("items", []),
            "items",
            _("Een of meer onderwerpen bestaan niet."),
        )
        created = case_services.send_request(
            case, actor=request.user, addressee=addressee, items=items, **data
        )
        return self.request_response(created.pk, 201)


class RequestDetailView(RequestView):
    @endpoint(ok=s.RequestSerializer)
    def get(self, request, pk, request_pk):
        """Eén informatieverzoek"""
        return self.request_response(request_pk)


class AttachmentRenderer(renderers.BaseRenderer):
    # The attachment is sent as a finished response; this renderer only lets a client ask
    # for a file (Accept: application/octet-stream) and still read an error as JSON.
    media_type = "application/octet-stream"
    format = "bin"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data)


class RequestAttachmentView(RequestView):
    renderer_classes = [renderers.JSONRenderer, AttachmentRenderer]

    # The file goes out with the type found in its content at upload: one of these.
    @endpoint(ok={(200, t.content_type): OpenApiTypes.BINARY for t in uploads.BY_EXTENSION.values()})
    def get(self, request, pk, request_pk):
        """De bijlage bij een informatieverzoek downloaden (wie de casus op groepsniveau ziet)

        Het bestand met het type dat bij het uploaden in de inhoud is vastgesteld, als
        `Content-Disposition: attachment`. Elke download komt in het verwerkingslog
        (`request_attachment.download`). 404 als er geen bijlage is."""
        info_request = case_reads.attachment_for_download(request.user, self.case, request_pk)
        return uploads.download_response(
            info_request.attachment,
            filename=case_reads.attachment_filename(info_request),
            content_type=info_request.attachment_content_type,
        )


def _answer_fields(request) -> dict:
    """A multipart answer as the JSON one: form fields, optionally a CSV part, the
    attachment, and confirmed findings as repeated `guard_confirm` = `kind:text`."""
    data, files = request.data, request.FILES
    fields = {k: data.get(k) for k in data if k not in files}
    if "csv" in files:
        fields = {**parse_answer_csv(files["csv"].read()), **fields}
    if "attachment" in files:
        fields["attachment"] = files["attachment"]
    fields.pop("guard_confirm", None)
    confirmations = parse_confirmations(data.getlist("guard_confirm"))
    if confirmations:
        fields["confirmed_findings"] = [{"kind": k, "text": t} for k, t in confirmations]
    return fields


def _addressee(user, info_request) -> None:
    # The same rule as the page and the chain API: the policy request.answer.
    decision = policies.check(user, "request.answer", case=info_request.case, obj=info_request)
    if not decision:
        raise exceptions.PermissionDenied(str(decision.reason))


class AnswerView(RequestView):
    parser_classes = [JSONParser, parsers.MultiPartParser, AnswerCSVParser]
    permission = _addressee

    @endpoint(
        request={
            "application/json": s.AnswerSerializer,
            "multipart/form-data": s.AnswerSerializer,
            "text/csv": OpenApiTypes.STR,
        },
        ok=s.RequestSerializer,
        idempotent=True,
    )
    def post(self, request, pk, request_pk):
        """Verzoek beantwoorden (alleen de geadresseerde organisatie)

        JSON, multipart/form-data (met `attachment`, bijv. het geanonimiseerde standaardrapport, eventueel een
        deel `csv`, en bevestigde meldingen als herhaald veld `guard_confirm` = `soort:tekst`), of text/csv:
        een kopregel `unknown_to_police;information_position;answer` en één antwoordregel. Het antwoord is
        geanonimiseerd: de privacytoets controleert het."""
        info_request = or_404(self.requests(), pk=request_pk)
        self.check_permission(info_request)
        multipart = hasattr(request.data, "getlist")
        data = self.input(s.AnswerSerializer, data=_answer_fields(request) if multipart else None)
        case_services.answer_request(info_request, actor=request.user, **data)
        return self.request_response(request_pk)


# --- the information matrix ------------------------------------------------------------


class MatrixView(CaseView):
    tag = "informatiematrix"

    @endpoint(ok=s.MatrixSerializer)
    def get(self, request, pk):
        """Wat u mag zien van de informatiematrix; de rest onder withheld (gelogd)"""
        entries, _allowed, withheld = case_reads.matrix_for(request.user, self.case)
        body = {"case": self.case.pk, "entries": entries, "filled": len(entries), "withheld": withheld}
        return self.respond(
            s.MatrixSerializer, {**body, "withheld": {str(c): str(r) for c, r in withheld.items()}}
        )

    @endpoint(request=s.MatrixCreateSerializer, creates=s.InformationSerializer)
    def post(self, request, pk):
        """Informatie toevoegen (groep of persoon op de namenlijst; convenant beslist)"""
        user, case = request.user, self.case
        data = self.input(s.MatrixCreateSerializer)
        item = or_invalid(
            MatrixItem.objects.all(), "matrix_item", _("Dit onderwerp bestaat niet."), pk=data["matrix_item"]
        )
        person = None
        if data.get("person"):
            membership = None
            if access.can_receive(user, case, Category.PERSONAL):
                membership = (
                    case.memberships.select_related("person").filter(person_id=data["person"]).first()
                )
            if membership is None:
                raise invalid("person", _("Deze persoon staat niet op de namenlijst van deze casus."))
            person = membership.person
        elif item.category == Category.GROUP:
            access.can_supply(user, case, Category.GROUP).enforce()
        entry = case_services.add_information(
            case,
            actor=user,
            matrix_item=item,
            content=data["content"],
            person=person,
            confirmed_findings=data.get("confirmed_findings", ()),
        )
        entry = case.information.select_related("matrix_item", "person", "supplied_by").get(pk=entry.pk)
        return self.created(s.InformationSerializer, entry)


class MatrixItemListView(ApiView):
    tag = "informatiematrix"

    @endpoint(ok=s.MatrixItemSerializer(many=True))
    def get(self, request):
        """De onderwerpen van de informatiematrix (bijlage I, clusters I–VII)"""
        return self.paginate(MatrixItem.objects.order_by("cluster", "order", "pk"), s.MatrixItemSerializer)


# --- privacy guard, organisations, covenants -----------------------------------------


class ScanView(ApiView):
    tag = "privacy"

    @endpoint(request=s.ScanRequestSerializer, ok=s.ScanResponseSerializer, errors=(400, 413))
    def post(self, request):
        """Privacytoets: persoonsgegevens in vrije tekst"""
        data = self.validated(s.ScanRequestSerializer)
        return self.respond(
            s.ScanResponseSerializer, {"findings": [finding(f) for f in guard.scan(data["text"])]}
        )


def _organisations(user):
    return Organisation.objects.filter(municipality_id=_municipality_id(user)).select_related("municipality")


class OrganisationListView(ApiView):
    tag = "referentie"

    @endpoint(ok=s.OrganisationSerializer(many=True))
    def get(self, request):
        """Organisaties in uw gemeente"""
        return self.paginate(_organisations(request.user).order_by("name", "pk"), s.OrganisationSerializer)


class OrganisationDetailView(ObjectView):
    tag = "referentie"

    def get_queryset(self):
        return _organisations(self.user)

    @endpoint(ok=s.OrganisationSerializer)
    def get(self, request, pk):
        """Eén organisatie"""
        return self.respond(s.OrganisationSerializer, self.get_object())


def _covenants(user):
    if not policies.allowed(user, "covenant.view"):
        raise exceptions.PermissionDenied(
            _("Het convenant is in te zien voor regisseur, coördinator en privacyfunctionaris.")
        )
    return Covenant.objects.filter(municipality_id=user.organisation.municipality_id).prefetch_related(
        "parties", "rules"
    )


def shown_covenant(covenant, in_force) -> Shown:
    return Shown(covenant, current=in_force is not None and in_force.pk == covenant.pk)


class CovenantView(ApiView):
    # The covenant versions of the caller's municipality (403 for roles that do not read it).
    tag = "referentie"

    def covenants(self):
        return _covenants(self.user)

    def shown(self, covenant) -> Shown:
        return shown_covenant(covenant, access.covenant_in_force(self.user.organisation.municipality_id))


class CovenantListView(CovenantView):
    @endpoint(ok=s.CovenantSerializer(many=True), errors=(403,))
    def get(self, request):
        """Het convenant van uw gemeente, alle versies (lezen)"""
        covenants = self.covenants().order_by("-effective_from", "-version")
        in_force = access.covenant_in_force(request.user.organisation.municipality_id)
        return self.paginate(covenants, s.CovenantSerializer, row=lambda c: shown_covenant(c, in_force))


class CovenantDetailView(CovenantView):
    @endpoint(ok=s.CovenantSerializer, errors=(403, 404))
    def get(self, request, pk):
        """Eén convenantversie"""
        return self.respond(s.CovenantSerializer, self.shown(or_404(self.covenants(), pk=pk)))
