"""The API: another door to the same rooms as the pages.

Every object is loaded through privacy.access (404 outside the caller's visibility);
every write goes through the owning app's service function; reads of personal data go
through api.readers, which logs exactly as the pages do. See docs/api.md."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, parsers, renderers, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Municipality, Organisation, OrganisationKind, User
from cases import services as case_services
from cases.forms import CoordinatorForm
from cases.models import Case, CaseStatus, InformationRequest, RequestKind, RequestStatus
from cases.reads import case_or_404
from groups import services as group_services
from groups.models import Person, YouthGroup
from intake import services as signal_services
from intake.forms import SignalFilterForm
from intake.models import Signal, SignalStatus
from privacy import access, guard, log, policies
from privacy.categories import Category
from privacy.guarding import check_text, parse_confirmations
from privacy.models import Covenant, MatrixItem, ProcessingLogEntry
from privacy.reads import export_person_log, person_for_log

from . import readers
from . import serializers as s
from .exceptions import Conflict, GuardFindings, PayloadTooLarge, invalid
from .idempotency import idempotent
from .pagination import BoundedCountPagination, LimitOffsetPagination
from .parsers import AnswerCSVParser, JSONParser, parse_answer_csv
from .serializers import ErrorSerializer

JSON_LIMIT = 1024 * 1024
MULTIPART_LIMIT = 10 * 1024 * 1024 + 64 * 1024  # a 10 MB attachment plus the form fields


# --- shared ---------------------------------------------------------------------------

_DESCRIPTIONS = {
    400: "Ongeldige invoer: per veld de meldingen in `errors`.",
    401: "Geen, een onbekend, verlopen of ingetrokken token, of een gedeactiveerd account.",
    403: "Het object is zichtbaar, maar deze handeling mag u niet uitvoeren.",
    404: "Bestaat niet, of valt buiten wat u mag zien.",
    409: "Een poort van het proces houdt dit tegen (met de uitleg), of de sleutel is al gebruikt.",
    413: "Het verzoek is te groot (JSON 1 MB, multipart 10 MB).",
    429: "Te veel verzoeken; zie Retry-After.",
}


def errors(*codes: int) -> dict:
    codes = tuple(sorted(set(codes) | {401, 429}))
    return {code: OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS[code]) for code in codes}


def with_errors(ok: dict, *codes: int) -> dict:
    return {**ok, **errors(*codes)}


IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Zelfde sleutel bij een herhaald verzoek: het eerste resultaat komt terug, er wordt "
    "niets nieuws aangemaakt. 1–255 zichtbare ASCII-tekens, bijvoorbeeld een UUID.",
)


def body_limit(request) -> int:
    content_type = request.META.get("CONTENT_TYPE", "")
    return MULTIPART_LIMIT if content_type.startswith("multipart/") else JSON_LIMIT


class ApiView(APIView):
    pagination_class = LimitOffsetPagination

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication (401), throttling (429)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > body_limit(request):
            raise PayloadTooLarge()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    def ctx(self) -> dict:
        return {"request": self.request}

    def paginate(self, queryset, serializer_class) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        return paginator.get_paginated_response(serializer_class(page, many=True, context=self.ctx()).data)

    def validated(self, serializer_class, data=None, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data if data is None else data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def form_errors(form) -> exceptions.ValidationError:
    return exceptions.ValidationError({name: [str(m) for m in msgs] for name, msgs in form.errors.items()})


def guard_fields(texts: dict[str, str], confirmed) -> list:
    """Run the privacy guard over free text where no personal data is allowed. Findings
    stop the request (400, code privacy_guard, with the spans); returns the confirmed ones."""
    pairs = [(c["kind"], c["text"]) for c in confirmed or []]
    found, accepted = {}, []
    for name, text in texts.items():
        remaining, ok = check_text(text or "", pairs)
        accepted += ok
        if remaining:
            found[name] = remaining
    if found:
        raise GuardFindings(
            {
                name: [
                    _(
                        "Deze tekst lijkt persoonsgegevens te bevatten (%(kinds)s). Herschrijf de "
                        "gemarkeerde delen, of bevestig per melding dat het geen persoonsgegeven is."
                    )
                    % {"kinds": ", ".join(sorted({f.kind for f in spans}))}
                ]
                for name, spans in found.items()
            },
            {name: [_finding(f) for f in spans] for name, spans in found.items()},
        )
    return pairs


def _finding(f) -> dict:
    return {"start": f.start, "end": f.end, "kind": f.kind, "text": f.text, "explanation": f.explanation}


def _municipality_id(user):
    return user.organisation.municipality_id if user.organisation_id else None


# --- the caller -----------------------------------------------------------------------


class MeView(ApiView):
    @extend_schema(tags=["account"], summary="Wie ben ik", responses=with_errors({200: s.MeSerializer}))
    def get(self, request):
        return Response(s.MeSerializer(request.user).data)


# --- signals (step 1) -----------------------------------------------------------------


def _signals(user):
    return Signal.objects.visible_to(user).select_related("organisation", "group").prefetch_related("tags")


def _signal_or_404(user, pk):
    signal = _signals(user).filter(pk=pk).first()
    if signal is None:
        raise exceptions.NotFound()
    return signal


def _require_triage(user, signal):
    if not policies.allowed(user, "signal.triage", obj=signal):
        raise exceptions.PermissionDenied(
            _("Alleen de procesregisseur of uitvoeringscoördinator beoordeelt signalen.")
        )
    if signal.status != SignalStatus.NEW:
        raise Conflict(_("Dit signaal is al beoordeeld."))


SIGNAL_GUARDED = ("description", "location", "area")  # as intake.forms.SignalForm
GROUP_GUARDED = ("name", "aliases", "locations", "description")  # as groups.forms.GroupForm


class SignalListView(ApiView):
    pagination_class = BoundedCountPagination

    @extend_schema(
        tags=["signalen"],
        summary="Signalen (zoals de signalenlijst)",
        parameters=[s.SignalFilterSerializer],
        responses=with_errors({200: s.SignalSerializer(many=True)}, 400, 403),
    )
    def get(self, request):
        user = request.user
        if not policies.allowed(user, "signal.list"):
            raise exceptions.PermissionDenied(_("U werkt niet met signalen."))
        form = SignalFilterForm(
            request.query_params,
            groups=YouthGroup.objects.visible_to(user),
            municipality_id=_municipality_id(user),
        )
        if not form.is_valid():
            raise form_errors(form)
        return self.paginate(form.apply(_signals(user)), s.SignalSerializer)

    @extend_schema(
        tags=["signalen"],
        summary="Signaal melden (stap 1, groepsniveau; de privacytoets controleert de beschrijving)",
        parameters=[IDEMPOTENCY],
        request=s.SignalCreateSerializer,
        responses=with_errors({201: s.SignalSerializer}, 400, 403, 409, 413),
    )
    @idempotent
    def post(self, request):
        user = request.user
        if not access.can_report_signal(user):
            raise exceptions.PermissionDenied(_("U kunt geen signalen melden."))
        data = dict(self.validated(s.SignalCreateSerializer))
        confirmed = guard_fields(
            {k: data.get(k, "") for k in SIGNAL_GUARDED}, data.pop("confirmed_findings", [])
        )
        behaviours = data.pop("behaviours")
        signal = signal_services.report_signal(
            actor=user, behaviours=behaviours, confirmed_findings=confirmed, **data
        )
        return Response(
            s.SignalSerializer(_signal_or_404(user, signal.pk), context=self.ctx()).data,
            status=status.HTTP_201_CREATED,
        )


class SignalDetailView(ApiView):
    @extend_schema(
        tags=["signalen"], summary="Eén signaal", responses=with_errors({200: s.SignalSerializer}, 404)
    )
    def get(self, request, pk):
        return Response(s.SignalSerializer(_signal_or_404(request.user, pk), context=self.ctx()).data)


class SignalHandleView(ApiView):
    @extend_schema(
        tags=["signalen"],
        summary="Afhandelen in het reguliere werk",
        request=s.SignalHandleSerializer,
        responses=with_errors({200: s.SignalSerializer}, 400, 403, 404, 409, 413),
    )
    def post(self, request, pk):
        user = request.user
        signal = _signal_or_404(user, pk)
        _require_triage(user, signal)
        data = self.validated(s.SignalHandleSerializer)
        signal_services.handle_in_regular_work(signal, actor=user, note=data["note"])
        return Response(s.SignalSerializer(_signal_or_404(user, pk), context=self.ctx()).data)


class SignalLinkView(ApiView):
    @extend_schema(
        tags=["signalen"],
        summary="Koppelen aan een (nieuwe) groep",
        request=s.SignalLinkSerializer,
        responses=with_errors({200: s.SignalSerializer}, 400, 403, 404, 409, 413),
    )
    def post(self, request, pk):
        user = request.user
        signal = _signal_or_404(user, pk)
        _require_triage(user, signal)
        data = self.validated(s.SignalLinkSerializer)
        with transaction.atomic():
            if data.get("group"):
                group = YouthGroup.objects.visible_to(user).filter(pk=data["group"]).first()
                if group is None:
                    raise invalid("group", _("Deze groep is voor u niet beschikbaar."))
            else:
                name = data["new_group_name"].strip()
                guard_fields({"new_group_name": name}, [])
                group = group_services.create_group(actor=user, name=name)
            signal_services.link_to_group(signal, actor=user, group=group, note=data["note"])
        return Response(s.SignalSerializer(_signal_or_404(user, pk), context=self.ctx()).data)


# --- groups, members, persons ----------------------------------------------------------


def _groups(user):
    return (
        YouthGroup.objects.visible_to(user)
        .select_related("municipality")
        .prefetch_related("cases", "other_municipalities")
        .order_by("name", "pk")
    )


def _group_or_404(user, pk) -> YouthGroup:
    group = _groups(user).filter(pk=pk).first()
    if group is None:
        raise exceptions.NotFound()
    return group


def _may_edit_group(user, group=None) -> bool:
    return policies.allowed(user, "group.create" if group is None else "group.edit", obj=group)


def _group_links(user, data) -> dict:
    links = {}
    if "related_groups" in data:
        ids = set(data["related_groups"])
        related = list(YouthGroup.objects.visible_to(user).filter(pk__in=ids))
        if len(related) != len(ids):
            raise invalid(
                "related_groups", _("Een of meer groepen bestaan niet of zijn voor u niet beschikbaar.")
            )
        links["related_groups"] = related
    if "other_municipalities" in data:
        ids = set(data["other_municipalities"])
        others = list(Municipality.objects.filter(pk__in=ids))
        if len(others) != len(ids):
            raise invalid("other_municipalities", _("Een of meer gemeenten bestaan niet."))
        links["other_municipalities"] = others
    return links


class GroupListView(ApiView):
    @extend_schema(
        tags=["groepen"],
        summary="Groepen die u mag zien",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="Zoek op (werk)naam.")],
        responses=with_errors({200: s.GroupSerializer(many=True)}),
    )
    def get(self, request):
        groups = _groups(request.user)
        q = request.query_params.get("q", "").strip()
        if q:
            groups = groups.filter(name__icontains=q)
        return self.paginate(groups, s.GroupSerializer)

    @extend_schema(
        tags=["groepen"],
        summary="Groep vastleggen (gemeente; de privacytoets controleert naam en beschrijving)",
        parameters=[IDEMPOTENCY],
        request=s.GroupWriteSerializer,
        responses=with_errors({201: s.GroupSerializer}, 400, 403, 409, 413),
    )
    @idempotent
    def post(self, request):
        user = request.user
        if not _may_edit_group(user):
            raise exceptions.PermissionDenied(_("Alleen de gemeente legt een nieuwe groep vast."))
        data = dict(self.validated(s.GroupWriteSerializer))
        confirmed = guard_fields(
            {k: data.get(k, "") for k in GROUP_GUARDED}, data.pop("confirmed_findings", [])
        )
        links = _group_links(user, data)
        with transaction.atomic():
            group = group_services.create_group(
                actor=user,
                name=data["name"],
                aliases=data.get("aliases", ""),
                locations=data.get("locations", ""),
                description=data.get("description", ""),
                confirmed_findings=confirmed,
            )
            if links:
                group_services.update_group(group, actor=user, **links)
        return Response(
            s.GroupSerializer(_group_or_404(user, group.pk), context=self.ctx()).data,
            status=status.HTTP_201_CREATED,
        )


class GroupDetailView(ApiView):
    @extend_schema(
        tags=["groepen"], summary="Eén groep", responses=with_errors({200: s.GroupSerializer}, 404)
    )
    def get(self, request, pk):
        return Response(s.GroupSerializer(_group_or_404(request.user, pk), context=self.ctx()).data)

    @extend_schema(
        tags=["groepen"],
        summary="Groepsgegevens wijzigen (gemeente)",
        request=s.GroupWriteSerializer(partial=True),
        responses=with_errors({200: s.GroupSerializer}, 400, 403, 404, 413),
    )
    def patch(self, request, pk):
        user = request.user
        group = _group_or_404(user, pk)
        if not _may_edit_group(user, group):
            raise exceptions.PermissionDenied(_("Alleen de gemeente wijzigt de groepsgegevens."))
        data = dict(self.validated(s.GroupWriteSerializer, partial=True))
        confirmed = guard_fields(
            {k: data[k] for k in GROUP_GUARDED if k in data},
            data.pop("confirmed_findings", []),
        )
        data.update(_group_links(user, data))
        group_services.update_group(
            YouthGroup.objects.get(pk=group.pk), actor=user, confirmed_findings=confirmed, **data
        )
        return Response(s.GroupSerializer(_group_or_404(user, pk), context=self.ctx()).data)


class GroupMembersView(ApiView):
    @extend_schema(
        tags=["groepen"],
        summary="Leden van de groep (de namenlijst van de casus, zoals de groepspagina)",
        responses=with_errors({200: s.NameListSerializer}, 404),
    )
    def get(self, request, pk):
        user = request.user
        group = _group_or_404(user, pk)
        case = s.visible_case_of(user, group)
        return Response(s.NameListSerializer(readers.name_list_view(user, case)).data)


class PersonDetailView(ApiView):
    @extend_schema(
        tags=["personen"],
        summary="Eén jongere: per categorie wat u mag zien; de rest onder withheld (gelogd)",
        responses=with_errors({200: s.PersonSerializer}, 404),
    )
    def get(self, request, pk):
        person = Person.objects.filter(pk=pk).first()
        data = readers.person_view(request.user, person) if person is not None else None
        if data is None:
            raise exceptions.NotFound()
        return Response(s.PersonSerializer(data).data)


def _person_for_log(user, pk) -> Person:
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise exceptions.NotFound()
    return person_for_log(user, person.pseudonym)


ACTOR_FILTER = OpenApiParameter("actor", OpenApiTypes.STR, description="Filter op gebruikersnaam (deel).")


class PersonLogView(ApiView):
    @extend_schema(
        tags=["privacy"],
        summary="Wie zag gegevens over deze jongere (privacyfunctionaris, regisseur van de casus)",
        parameters=[ACTOR_FILTER],
        responses=with_errors({200: s.LogEntrySerializer(many=True)}, 404),
    )
    def get(self, request, pk):
        person = _person_for_log(request.user, pk)
        entries = log.entries_for_subject(str(person.pseudonym))
        actor = request.query_params.get("actor", "").strip()
        if actor:
            entries = entries.filter(actor_username__icontains=actor)
        return self.paginate(entries, s.LogEntrySerializer)


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict):  # an error under Accept: text/csv
            return f"detail;code\n{data.get('detail', '')};{data.get('code', '')}\n".encode()
        return data


class PersonLogExportView(ApiView):
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]

    @extend_schema(
        tags=["privacy"],
        summary="Verwerkingen over deze jongere als CSV (de export zelf wordt gelogd)",
        parameters=[ACTOR_FILTER],
        responses=with_errors({(200, "text/csv"): OpenApiTypes.STR}, 404),
    )
    def get(self, request, pk):
        user = request.user
        person = _person_for_log(user, pk)
        entries = log.entries_for_subject(str(person.pseudonym))
        actor = request.query_params.get("actor", "").strip()
        if actor:
            entries = entries.filter(actor_username__icontains=actor)
        return export_person_log(user, person, entries)


class ProcessingLogView(ApiView):
    @extend_schema(
        tags=["privacy"],
        summary="Het verwerkingslog van uw gemeente (alleen privacyfunctionaris)",
        parameters=[ACTOR_FILTER],
        responses=with_errors({200: s.LogEntrySerializer(many=True)}, 403),
    )
    def get(self, request):
        user = request.user
        if not policies.allowed(user, "processing_log.read"):
            raise exceptions.PermissionDenied(_("Alleen de privacyfunctionaris leest het verwerkingslog."))
        # The same selection as the page (privacy.views.log_index): about its cases, or by its users.
        municipality_id = user.organisation.municipality_id
        entries = ProcessingLogEntry.objects.filter(
            Q(case_id__in=Case.objects.filter(municipality_id=municipality_id).values("pk"))
            | Q(actor_id__in=User.objects.filter(organisation__municipality_id=municipality_id).values("pk"))
        ).order_by("-sequence")
        actor = (request.query_params.get("actor") or request.query_params.get("q") or "").strip()
        if actor:
            entries = entries.filter(actor_username__icontains=actor)
        return self.paginate(entries, s.LogEntrySerializer)


# --- cases ------------------------------------------------------------------------------


def _case(user, pk):
    return case_or_404(user, pk)


def _case_response(view, case, code=status.HTTP_200_OK) -> Response:
    fresh = case_or_404(view.request.user, case.pk)
    return Response(s.CaseSerializer(fresh, context=view.ctx()).data, status=code)


class CaseFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)
    step = serializers.IntegerField(min_value=1, max_value=7, required=False)
    group = serializers.IntegerField(min_value=1, max_value=s.MAX_ID, required=False)


class CaseListView(ApiView):
    @extend_schema(
        tags=["casussen"],
        summary="Casussen die u mag zien",
        parameters=[CaseFilterSerializer],
        responses=with_errors({200: s.CaseListSerializer(many=True)}, 400),
    )
    def get(self, request):
        filters = self.validated(CaseFilterSerializer, data=request.query_params)
        cases = (
            Case.objects.visible_to(request.user)
            .select_related("group", "municipality", "coordinator")
            .order_by("-opened_at", "-pk")
        )
        for name in ("status", "step", "group"):
            if name in filters:
                cases = cases.filter(**{name: filters[name]})
        return self.paginate(cases, s.CaseListSerializer)

    @extend_schema(
        tags=["casussen"],
        summary="Casus openen voor een groep (gemeente)",
        parameters=[IDEMPOTENCY],
        request=s.CaseCreateSerializer,
        responses=with_errors({201: s.CaseSerializer}, 400, 403, 409, 413),
    )
    @idempotent
    def post(self, request):
        user = request.user
        data = self.validated(s.CaseCreateSerializer)
        group = YouthGroup.objects.visible_to(user).filter(pk=data["group"]).first()
        if group is None:
            raise invalid("group", _("Deze groep is voor u niet beschikbaar."))
        case = case_services.open_case(group, actor=user, reason=data["reason"] or _("Casus geopend."))
        return _case_response(self, case, status.HTTP_201_CREATED)


class CaseDetailView(ApiView):
    @extend_schema(
        tags=["casussen"],
        summary="Eén casus: stap, poort, coördinatie, deelnemers, mogelijke overgangen",
        responses=with_errors({200: s.CaseSerializer}, 404),
    )
    def get(self, request, pk):
        return _case_response(self, _case(request.user, pk))


class TransitionView(ApiView):
    @extend_schema(
        tags=["casussen"],
        summary="Verloop van de casus",
        responses=with_errors({200: s.TransitionSerializer(many=True)}, 404),
    )
    def get(self, request, pk):
        case = _case(request.user, pk)
        return self.paginate(
            case.transitions.select_related("actor").order_by("at", "pk"), s.TransitionSerializer
        )

    @extend_schema(
        tags=["casussen"],
        summary="Stap zetten (vooruit, terug of afsluiten met to_step null)",
        description="409 met de uitleg van de poort als de overgang (nog) niet mag.",
        parameters=[IDEMPOTENCY],
        request=s.TransitionCreateSerializer,
        responses=with_errors({201: s.TransitionSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        data = self.validated(s.TransitionCreateSerializer)
        case_services.advance_case(case, to_step=data["to_step"], actor=user, reason=data["reason"])
        transition = case.transitions.select_related("actor").order_by("-at", "-pk").first()
        return Response(s.TransitionSerializer(transition).data, status=status.HTTP_201_CREATED)


class CoordinatorView(ApiView):
    @extend_schema(
        tags=["casussen"],
        summary="Uitvoeringscoördinator, grondslag en noodzaak vastleggen",
        request=s.CoordinatorSerializer,
        responses=with_errors({200: s.CaseSerializer}, 400, 403, 404, 409, 413),
    )
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        if not access.can_manage_case(user, case):
            raise exceptions.PermissionDenied(
                _("Alleen de procesregisseur of de uitvoeringscoördinator kan dit doen.")
            )
        data = dict(self.validated(s.CoordinatorSerializer))
        choices = CoordinatorForm(municipality_id=case.municipality_id).fields["coordinator"].queryset
        coordinator = choices.filter(pk=data["coordinator"]).first()
        if coordinator is None:
            raise invalid(
                "coordinator", _("Kies een actieve procesregisseur of coördinator van deze gemeente.")
            )
        data["coordinator"] = User.objects.select_related("organisation").get(pk=coordinator.pk)
        case_services.appoint_coordinator(case, actor=user, **data)
        return _case_response(self, case)


class ParticipantView(ApiView):
    @extend_schema(
        tags=["casussen"],
        summary="Organisatie uitnodigen voor de casus",
        parameters=[IDEMPOTENCY],
        request=s.ParticipantCreateSerializer,
        responses=with_errors({201: s.ParticipantSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        if not access.can_manage_case(user, case):
            raise exceptions.PermissionDenied(
                _("Alleen de procesregisseur of de uitvoeringscoördinator kan dit doen.")
            )
        data = self.validated(s.ParticipantCreateSerializer)
        organisation = (
            Organisation.objects.filter(municipality_id=case.municipality_id, pk=data["organisation"])
            .exclude(pk__in=case.participants.values("organisation"))
            .first()
        )
        if organisation is None:
            raise invalid("organisation", _("Kies een organisatie uit deze gemeente die nog niet deelneemt."))
        participant = case_services.invite_participant(case, organisation=organisation, actor=user)
        return Response(s.ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)


class ReopenView(ApiView):
    @extend_schema(
        tags=["casussen"],
        summary="Afgesloten casus heropenen als nieuwe cyclus",
        request=s.ReopenSerializer,
        responses=with_errors({200: s.CaseSerializer}, 400, 403, 404, 409, 413),
    )
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        data = self.validated(s.ReopenSerializer)
        if not access.can_manage_case(user, case):
            raise exceptions.PermissionDenied(_("Alleen de gemeente kan een casus heropenen."))
        case_services.reopen_case(case, actor=user, reason=data["reason"] or _("Heropend."))
        return _case_response(self, case)


# --- name list -------------------------------------------------------------------------


class NameListView(ApiView):
    @extend_schema(
        tags=["namenlijst"],
        summary="De namenlijst (of de reden dat u die niet ziet); gelogd per persoon",
        responses=with_errors({200: s.NameListSerializer}, 404),
    )
    def get(self, request, pk):
        case = _case(request.user, pk)
        return Response(s.NameListSerializer(readers.name_list_view(request.user, case)).data)

    @extend_schema(
        tags=["namenlijst"],
        summary="Naam voorstellen (vanaf stap 2, met coördinator en grondslag, binnen het convenant)",
        parameters=[IDEMPOTENCY],
        request=s.MemberCreateSerializer,
        responses=with_errors({201: s.MemberSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        access.can_supply(user, case, Category.PERSONAL).enforce()
        data = self.validated(s.MemberCreateSerializer)
        membership = case_services.add_to_name_list(case, actor=user, **data)
        return Response(s.MemberSerializer(membership).data, status=status.HTTP_201_CREATED)


class MemberView(ApiView):
    @extend_schema(
        tags=["namenlijst"],
        summary="Status op de namenlijst wijzigen (voorgesteld, afgestemd, verwijderd)",
        request=s.MemberStatusSerializer,
        responses=with_errors({200: s.MemberSerializer}, 400, 403, 404, 409, 413),
    )
    def patch(self, request, pk, member_pk):
        user = request.user
        case = _case(user, pk)
        if not access.can_receive(user, case, Category.PERSONAL):
            raise exceptions.NotFound()
        membership = (
            case.memberships.select_related("person", "added_by_organisation").filter(pk=member_pk).first()
        )
        if membership is None:
            raise exceptions.NotFound()
        data = self.validated(s.MemberStatusSerializer)
        membership = case_services.set_membership_status(
            membership, status=data["status"], actor=user, note=data["note"]
        )
        return Response(s.MemberSerializer(membership).data)


# --- information requests -------------------------------------------------------------


def _requests(case):
    return (
        case.requests.select_related("addressee").prefetch_related("items").order_by("-requested_at", "-pk")
    )


def _request_or_404(case, request_pk) -> InformationRequest:
    info_request = _requests(case).filter(pk=request_pk).first()
    if info_request is None:
        raise exceptions.NotFound()
    return info_request


class RequestListView(ApiView):
    @extend_schema(
        tags=["informatieverzoeken"],
        summary="Informatieverzoeken van de casus",
        responses=with_errors({200: s.RequestSerializer(many=True)}, 404),
    )
    def get(self, request, pk):
        case = _case(request.user, pk)
        return self.paginate(_requests(case), s.RequestSerializer)

    @extend_schema(
        tags=["informatieverzoeken"],
        summary="Verzoek versturen (groepsscan aan de politie, OM, intern, extern)",
        parameters=[IDEMPOTENCY],
        request=s.RequestCreateSerializer,
        responses=with_errors({201: s.RequestSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        if not access.can_manage_case(user, case):
            raise exceptions.PermissionDenied(
                _("Alleen de procesregisseur of de uitvoeringscoördinator kan dit doen.")
            )
        data = dict(self.validated(s.RequestCreateSerializer))
        addressee = Organisation.objects.filter(
            municipality_id=case.municipality_id, pk=data.pop("addressee")
        ).first()
        if addressee is None:
            raise invalid("addressee", _("Kies een organisatie uit deze gemeente."))
        if data["kind"] == RequestKind.GROEPSSCAN and addressee.kind != OrganisationKind.POLITIE:
            raise invalid("addressee", _("Een groepsscan vraagt u aan bij de politie."))
        if data["kind"] == RequestKind.OM and addressee.kind != OrganisationKind.OM:
            raise invalid("addressee", _("Strafrechtelijke informatie vraagt u aan bij het OM."))
        ids = set(data.pop("items", []))
        items = list(MatrixItem.objects.filter(pk__in=ids))
        if len(items) != len(ids):
            raise invalid("items", _("Een of meer onderwerpen bestaan niet."))
        confirmed = guard_fields({"question": data["question"]}, data.pop("confirmed_findings", []))
        created = case_services.send_request(
            case, actor=user, addressee=addressee, items=items, confirmed_findings=confirmed, **data
        )
        return Response(
            s.RequestSerializer(_request_or_404(case, created.pk), context=self.ctx()).data,
            status=status.HTTP_201_CREATED,
        )


class RequestDetailView(ApiView):
    @extend_schema(
        tags=["informatieverzoeken"],
        summary="Eén informatieverzoek",
        responses=with_errors({200: s.RequestSerializer}, 404),
    )
    def get(self, request, pk, request_pk):
        case = _case(request.user, pk)
        return Response(s.RequestSerializer(_request_or_404(case, request_pk), context=self.ctx()).data)


class AnswerView(ApiView):
    parser_classes = [JSONParser, parsers.MultiPartParser, AnswerCSVParser]

    @extend_schema(
        tags=["informatieverzoeken"],
        summary="Verzoek beantwoorden (alleen de geadresseerde organisatie)",
        description=(
            "JSON, multipart/form-data (met `attachment`, bijv. het geanonimiseerde standaardrapport, "
            "eventueel een deel `csv`, en bevestigde meldingen als herhaald veld `guard_confirm` = "
            "`soort:tekst`), of text/csv: een kopregel `unknown_to_police;information_position;answer` "
            "en één antwoordregel. Het antwoord is geanonimiseerd: de privacytoets controleert het."
        ),
        parameters=[IDEMPOTENCY],
        request={
            "application/json": s.AnswerSerializer,
            "multipart/form-data": s.AnswerSerializer,
            "text/csv": OpenApiTypes.STR,
        },
        responses=with_errors({200: s.RequestSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk, request_pk):
        user = request.user
        case = _case(user, pk)
        info_request = _request_or_404(case, request_pk)
        if user.organisation_id != info_request.addressee_id:
            raise exceptions.PermissionDenied(
                _("Alleen de organisatie aan wie het verzoek is gericht, kan het beantwoorden.")
            )
        if info_request.status != RequestStatus.OPEN:
            raise Conflict(_("Dit verzoek is al afgehandeld."))
        data = request.data
        if hasattr(data, "getlist"):  # multipart: form fields, optionally a CSV part
            files = request.FILES
            fields = {k: data.get(k) for k in data if k not in files}
            if "csv" in files:
                fields = {**parse_answer_csv(files["csv"].read()), **fields}
            if "attachment" in files:
                fields["attachment"] = files["attachment"]
            fields.pop("guard_confirm", None)
            confirmations = parse_confirmations(request.data.getlist("guard_confirm"))
            if confirmations:
                fields["confirmed_findings"] = [{"kind": k, "text": t} for k, t in confirmations]
            data = fields
        values = dict(self.validated(s.AnswerSerializer, data=data))
        confirmed = guard_fields({"answer": values["answer"]}, values.pop("confirmed_findings", []))
        case_services.answer_request(info_request, actor=user, confirmed_findings=confirmed, **values)
        return Response(s.RequestSerializer(_request_or_404(case, request_pk), context=self.ctx()).data)


# --- the information matrix ------------------------------------------------------------


class MatrixView(ApiView):
    @extend_schema(
        tags=["informatiematrix"],
        summary="Wat u mag zien van de informatiematrix; de rest onder withheld (gelogd)",
        responses=with_errors({200: s.MatrixSerializer}, 404),
    )
    def get(self, request, pk):
        case = _case(request.user, pk)
        return Response(s.MatrixSerializer(readers.matrix_view(request.user, case)).data)

    @extend_schema(
        tags=["informatiematrix"],
        summary="Informatie toevoegen (groep of persoon op de namenlijst; convenant beslist)",
        parameters=[IDEMPOTENCY],
        request=s.MatrixCreateSerializer,
        responses=with_errors({201: s.InformationSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        data = self.validated(s.MatrixCreateSerializer)
        item = MatrixItem.objects.filter(pk=data["matrix_item"]).first()
        if item is None:
            raise invalid("matrix_item", _("Dit onderwerp bestaat niet."))
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
            guard_fields({"content": data["content"]}, [])
        entry = case_services.add_information(
            case, actor=user, matrix_item=item, content=data["content"], person=person
        )
        entry = case.information.select_related("matrix_item", "person", "supplied_by").get(pk=entry.pk)
        return Response(s.InformationSerializer(entry).data, status=status.HTTP_201_CREATED)


class MatrixItemListView(ApiView):
    @extend_schema(
        tags=["informatiematrix"],
        summary="De onderwerpen van de informatiematrix (bijlage I, clusters I–VII)",
        responses=with_errors({200: s.MatrixItemSerializer(many=True)}),
    )
    def get(self, request):
        return self.paginate(MatrixItem.objects.order_by("cluster", "order", "pk"), s.MatrixItemSerializer)


# --- privacy guard, organisations, covenants -----------------------------------------


class ScanView(ApiView):
    @extend_schema(
        tags=["privacy"],
        summary="Privacytoets: persoonsgegevens in vrije tekst",
        request=s.ScanRequestSerializer,
        responses=with_errors({200: s.ScanResponseSerializer}, 400, 413),
    )
    def post(self, request):
        data = self.validated(s.ScanRequestSerializer)
        findings = [_finding(f) for f in guard.scan(data["text"])]
        return Response(s.ScanResponseSerializer({"findings": findings}).data)


def _organisations(user):
    return Organisation.objects.filter(municipality_id=_municipality_id(user)).select_related("municipality")


class OrganisationListView(ApiView):
    @extend_schema(
        tags=["referentie"],
        summary="Organisaties in uw gemeente",
        responses=with_errors({200: s.OrganisationSerializer(many=True)}),
    )
    def get(self, request):
        return self.paginate(_organisations(request.user).order_by("name", "pk"), s.OrganisationSerializer)


class OrganisationDetailView(ApiView):
    @extend_schema(
        tags=["referentie"],
        summary="Eén organisatie",
        responses=with_errors({200: s.OrganisationSerializer}, 404),
    )
    def get(self, request, pk):
        organisation = _organisations(request.user).filter(pk=pk).first()
        if organisation is None:
            raise exceptions.NotFound()
        return Response(s.OrganisationSerializer(organisation).data)


def _covenants(user):
    if not policies.allowed(user, "covenant.view"):
        raise exceptions.PermissionDenied(
            _("Het convenant is in te zien voor regisseur, coördinator en privacyfunctionaris.")
        )
    return Covenant.objects.filter(municipality_id=user.organisation.municipality_id).prefetch_related(
        "parties", "rules"
    )


def _covenant_data(covenant, in_force) -> dict:
    return {
        "id": covenant.pk,
        "title": covenant.title,
        "version": covenant.version,
        "effective_from": covenant.effective_from,
        "in_force": in_force is not None and in_force.pk == covenant.pk,
        "purposes": covenant.purposes,
        "parties": list(covenant.parties.all()),
        "rules": list(covenant.rules.all()),
    }


class CovenantListView(ApiView):
    @extend_schema(
        tags=["referentie"],
        summary="Het convenant van uw gemeente, alle versies (lezen)",
        responses=with_errors({200: s.CovenantSerializer(many=True)}, 403),
    )
    def get(self, request):
        covenants = _covenants(request.user).order_by("-effective_from", "-version")
        in_force = access.covenant_in_force(request.user.organisation.municipality_id)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(covenants, request, view=self)
        data = s.CovenantSerializer([_covenant_data(c, in_force) for c in page], many=True).data
        return paginator.get_paginated_response(data)


class CovenantDetailView(ApiView):
    @extend_schema(
        tags=["referentie"],
        summary="Eén convenantversie",
        responses=with_errors({200: s.CovenantSerializer}, 403, 404),
    )
    def get(self, request, pk):
        covenant = _covenants(request.user).filter(pk=pk).first()
        if covenant is None:
            raise exceptions.NotFound()
        in_force = access.covenant_in_force(request.user.organisation.municipality_id)
        return Response(s.CovenantSerializer(_covenant_data(covenant, in_force)).data)
