"""Steps 3–4 through the API: the same services (analysis.services) and the same reads
(analysis.reads, with their withheld reasons and processing-log entries) as the pages in
analysis.views. Nothing here decides on access by itself: the checks up front only pick
the right status (403 forbidden action, 409 gate or state) before the service refuses."""

from __future__ import annotations

from contextlib import contextmanager

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from accounts.models import Municipality, Organisation
from analysis import anonymise, reads
from analysis import services as analysis_services
from analysis.models import AdviceStatus, Domain, PictureVersion
from groups.models import MembershipStatus
from privacy import access, policies
from privacy.categories import Category

from . import serializers_analysis as sa
from .exceptions import Conflict, invalid
from .idempotency import idempotent
from .views import IDEMPOTENCY, ApiView, _case, with_errors

P = Category.PERSONAL
MANAGER_ONLY = "Alleen de procesregisseur of de uitvoeringscoördinator kan dit doen."
NOT_ON_LIST = "Deze jongere staat niet (meer) op de namenlijst van deze casus."


# --- shared ---------------------------------------------------------------------------------


def _confirmed(data) -> list:
    return [(f["kind"], f["text"]) for f in data.pop("confirmed_findings", None) or []]


@contextmanager
def _state():
    """Around a service whose remaining refusals describe the state of the resource (a round
    already closed, an advice without sources): those are a gate of the process, 409."""
    try:
        yield
    except (analysis_services.GuardRefused, analysis_services.VersionConflict):
        raise
    except analysis_services.AnalysisError as exc:
        raise Conflict(str(exc)) from None


def _supply(user, case, category) -> None:
    """May this user add data of this category here? 403 (role, covenant) or 409 (closed case, gate)."""
    access.can_supply(user, case, category).enforce()


def _receive(user, case) -> None:
    """Choosing members by id needs the name list: who may not receive it gets 403 with the reason."""
    decision = access.can_receive(user, case, P)
    if not decision:
        raise exceptions.PermissionDenied(str(decision.reason))


def _manager(user, case) -> None:
    if not access.can_manage_case(user, case):
        raise exceptions.PermissionDenied(_(MANAGER_ONLY))


def _active_members(case) -> dict:
    return {
        m.pk: m for m in case.memberships.exclude(status=MembershipStatus.REMOVED).select_related("person")
    }


def _member(members: dict, pk, field: str):
    membership = members.get(pk)
    if membership is None:
        raise invalid(field, _(NOT_ON_LIST))
    return membership


def _version(data: dict, version, latest) -> dict:
    return {
        "number": version.number,
        "author": version.author,
        "author_organisation": version.author_organisation,
        "created_at": version.created_at,
        "current": version.number == latest,
        **data,
    }


# --- the integral picture ---------------------------------------------------------------------


def _picture_data(user, case, version, latest) -> dict:
    """analysis.views._picture_display as data: persons only for who may receive them (logged)."""
    persons, withheld = reads.personal_text(user, case, version.persons, "picture.read")
    data = {name: getattr(version, name) for name in PictureVersion.GROUP_TEXT_FIELDS}
    data.update(
        domains={code: version.domains.get(code, "") for code in Domain.values},
        severity=version.severity,
        urgency=version.urgency,
        partners=list(version.partners.order_by("name")),
        withheld={"persons": str(withheld)} if withheld else {},
    )
    if not withheld:
        data["persons"] = persons
    return _version(data, version, latest)


def _picture_versions(case):
    return case.picture_versions.select_related("author", "author_organisation").order_by("-number")


class PictureView(ApiView):
    @extend_schema(
        tags=["stap 3: integraal beeld"],
        summary="Het integraal beeld: de nieuwste versie, de lijst van versies en de rode draden",
        description="`persons` (analyse op personen) ontbreekt voor wie geen persoonsgegevens mag "
        "ontvangen en staat dan onder `withheld`; wie het wel krijgt, staat in het verwerkingslog "
        "(`picture.read`), zoals op de pagina.",
        responses=with_errors({200: sa.PictureSerializer}, 404),
    )
    def get(self, request, pk):
        user = request.user
        case = _case(user, pk)
        versions = list(_picture_versions(case))
        current = versions[0] if versions else None
        if current is None:  # the page checks the decision too, without a read to log
            reads.personal_text(user, case, "", "picture.read")
        body = {
            "case": case.pk,
            "current": _picture_data(user, case, current, current.number) if current else None,
            "versions": versions,
            "threads": analysis_services.current_threads(case).select_related("round", "recorded_by"),
        }
        return Response(sa.PictureSerializer(body).data)

    @extend_schema(
        tags=["stap 3: integraal beeld"],
        summary="Nieuwe versie van het integraal beeld opslaan (stap 3; privacytoets op groepsteksten)",
        description="De hele nieuwe versie: weggelaten tekstvelden worden leeg, behalve `persons` en "
        "`partners` (weglaten = ongewijzigd). `version` is het nummer waarop u voortbouwt; 409 "
        "`stale_version` als iemand intussen een nieuwere versie opsloeg.",
        parameters=[IDEMPOTENCY],
        request=sa.PictureWriteSerializer,
        responses=with_errors({201: sa.PictureVersionSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _supply(user, case, Category.GROUP)
        data = dict(self.validated(sa.PictureWriteSerializer))
        confirmed = _confirmed(data)
        partners = None
        if "partners" in data:
            ids = set(data.pop("partners"))
            partners = list(Organisation.objects.filter(municipality_id=case.municipality_id, pk__in=ids))
            if len(partners) != len(ids):
                raise invalid("partners", _("Kies partners uit de eigen gemeente."))
        domains = data.pop("domains", None) or {}
        data.update({f"domain_{code}": domains.get(code, "") for code in Domain.values})
        version = analysis_services.save_picture(
            case,
            actor=user,
            based_on=data.pop("version"),
            partners=partners,
            confirmed_findings=confirmed,
            **data,
        )
        version = _picture_versions(case).get(pk=version.pk)
        body = sa.PictureVersionSerializer(_picture_data(user, case, version, version.number)).data
        return Response(body, status=status.HTTP_201_CREATED)


class PictureVersionView(ApiView):
    @extend_schema(
        tags=["stap 3: integraal beeld"],
        operation_id="cases_picture_version_retrieve",
        summary="Eén versie van het integraal beeld",
        responses=with_errors({200: sa.PictureVersionSerializer}, 404),
    )
    def get(self, request, pk, number):
        user = request.user
        case = _case(user, pk)
        version = _picture_versions(case).filter(number=number).first()
        if version is None:
            raise exceptions.NotFound()
        latest = case.picture_versions.order_by("-number").values_list("number", flat=True).first()
        return Response(sa.PictureVersionSerializer(_picture_data(user, case, version, latest)).data)


# --- the concept plan and the capacity --------------------------------------------------------


def _plan_versions(case):
    return case.concept_plan_versions.select_related("author", "author_organisation").order_by("-number")


def _plan_data(user, case, version, latest) -> dict:
    person_line, withheld = reads.personal_text(user, case, version.person_line, "concept_plan.read")
    data = {
        "group_line": version.group_line,
        "area_line": version.area_line,
        "strategy": version.strategy,
        "withheld": {"person_line": str(withheld)} if withheld else {},
    }
    if not withheld:
        data["person_line"] = person_line
    return _version(data, version, latest)


class ConceptPlanView(ApiView):
    @extend_schema(
        tags=["stap 3: concept plan van aanpak"],
        summary="Het concept plan van aanpak: de nieuwste versie en de lijst van versies",
        description="`person_line` ontbreekt voor wie geen persoonsgegevens mag ontvangen (zie "
        "`withheld`); de inzage wordt gelogd als `concept_plan.read`.",
        responses=with_errors({200: sa.ConceptPlanSerializer}, 404),
    )
    def get(self, request, pk):
        user = request.user
        case = _case(user, pk)
        versions = list(_plan_versions(case))
        current = versions[0] if versions else None
        body = {
            "case": case.pk,
            "current": _plan_data(user, case, current, current.number) if current else None,
            "versions": versions,
        }
        return Response(sa.ConceptPlanSerializer(body).data)

    @extend_schema(
        tags=["stap 3: concept plan van aanpak"],
        summary="Nieuwe versie van het concept plan opslaan (stap 3)",
        description="Weggelaten tekstvelden worden leeg, behalve `person_line` (weglaten = ongewijzigd). "
        "409 `stale_version` als `version` niet meer de nieuwste is.",
        parameters=[IDEMPOTENCY],
        request=sa.ConceptPlanWriteSerializer,
        responses=with_errors({201: sa.ConceptPlanVersionSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _supply(user, case, Category.GROUP)
        data = dict(self.validated(sa.ConceptPlanWriteSerializer))
        confirmed = _confirmed(data)
        version = analysis_services.save_concept_plan(
            case, actor=user, based_on=data.pop("version"), confirmed_findings=confirmed, **data
        )
        version = _plan_versions(case).get(pk=version.pk)
        body = sa.ConceptPlanVersionSerializer(_plan_data(user, case, version, version.number)).data
        return Response(body, status=status.HTTP_201_CREATED)


class ConceptPlanVersionView(ApiView):
    @extend_schema(
        tags=["stap 3: concept plan van aanpak"],
        operation_id="cases_concept_plan_version_retrieve",
        summary="Eén versie van het concept plan van aanpak",
        responses=with_errors({200: sa.ConceptPlanVersionSerializer}, 404),
    )
    def get(self, request, pk, number):
        user = request.user
        case = _case(user, pk)
        version = _plan_versions(case).filter(number=number).first()
        if version is None:
            raise exceptions.NotFound()
        latest = case.concept_plan_versions.order_by("-number").values_list("number", flat=True).first()
        return Response(sa.ConceptPlanVersionSerializer(_plan_data(user, case, version, latest)).data)


def _capacity_data(case) -> dict:
    estimates = list(case.capacity_estimates.select_related("organisation", "created_by"))
    return {
        "case": case.pk,
        "estimates": estimates,
        "total_hours": sum(e.total_hours or 0 for e in estimates),
        "total_cost": sum(int(e.cost or 0) for e in estimates),
    }


class CapacityView(ApiView):
    @extend_schema(
        tags=["stap 3: concept plan van aanpak"],
        summary="De geschatte inzet en kosten per partner, met totalen",
        responses=with_errors({200: sa.CapacityListSerializer}, 404),
    )
    def get(self, request, pk):
        case = _case(request.user, pk)
        return Response(sa.CapacityListSerializer(_capacity_data(case)).data)

    @extend_schema(
        tags=["stap 3: concept plan van aanpak"],
        summary="Inzet schatten (stap 3; partners voor de eigen organisatie, de regie voor elke deelnemer)",
        parameters=[IDEMPOTENCY],
        request=sa.CapacityWriteSerializer,
        responses=with_errors({201: sa.CapacitySerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _supply(user, case, Category.GROUP)
        data = dict(self.validated(sa.CapacityWriteSerializer))
        confirmed = _confirmed(data)
        organisation = Organisation.objects.filter(
            pk=data.pop("organisation"), pk__in=case.participants.values("organisation")
        ).first()
        if organisation is None:
            raise invalid("organisation", _("Deze organisatie neemt niet deel aan de casus."))
        estimate = analysis_services.add_capacity(
            case, actor=user, organisation=organisation, confirmed_findings=confirmed, **data
        )
        estimate = case.capacity_estimates.select_related("organisation", "created_by").get(pk=estimate.pk)
        return Response(sa.CapacitySerializer(estimate).data, status=status.HTTP_201_CREATED)


class CapacityDetailView(ApiView):
    @extend_schema(
        tags=["stap 3: concept plan van aanpak"],
        summary="Een schatting verwijderen (stap 3; eigen organisatie, of de regie)",
        responses=with_errors({204: OpenApiResponse(description="Verwijderd.")}, 403, 404, 409),
    )
    def delete(self, request, pk, estimate_pk):
        user = request.user
        case = _case(user, pk)
        estimate = case.capacity_estimates.filter(pk=estimate_pk).first()
        if estimate is None:
            raise exceptions.NotFound()
        _supply(user, case, Category.GROUP)
        analysis_services.remove_capacity(estimate, actor=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- work form 1: the interventiematrix ---------------------------------------------------------


class InterventionsView(ApiView):
    @extend_schema(
        tags=["stap 3: werkvormen"],
        summary="De interventiematrix: de groepsrij, en rijen per jongere voor wie persoonsgegevens mag zien",
        description="Binnen de rijen per jongere alleen de categorieën die u mag ontvangen; de andere "
        "staan, met de reden, onder `withheld` (ook als er niets is). Gelogd zoals de pagina.",
        responses=with_errors({200: sa.InterventionsSerializer}, 404),
    )
    def get(self, request, pk):
        user = request.user
        case = _case(user, pk)
        group_entries, rows, reasons = reads.interventions(user, case)
        hidden = [c for c in reads.MEMBER_CATEGORIES if not access.can_receive(user, case, c)]
        body = {
            "case": case.pk,
            "group": group_entries,
            "withheld": {str(c): str(r) for c, r in zip(hidden, reasons, strict=True)},
        }
        if P not in hidden:
            body["members"] = [{"member": m, "entries": entries} for m, entries in rows]
        return Response(sa.InterventionsSerializer(body).data)

    @extend_schema(
        tags=["stap 3: werkvormen"],
        summary="Een cel aanvullen: over de groep (groepsniveau, privacytoets) of over één jongere",
        description="Bij een jongere (`member`) beslist het convenant per categorie of u mag verstrekken.",
        parameters=[IDEMPOTENCY],
        request=sa.InterventionWriteSerializer,
        responses=with_errors({201: sa.InterventionEntrySerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _supply(user, case, Category.GROUP)
        data = dict(self.validated(sa.InterventionWriteSerializer))
        confirmed = _confirmed(data)
        membership = None
        if data.get("member"):
            _receive(user, case)
            _supply(user, case, data["category"])
            membership = _member(_active_members(case), data["member"], "member")
        entry = analysis_services.add_intervention(
            case,
            actor=user,
            membership=membership,
            column=data["column"],
            category=data["category"],
            content=data["content"],
            confirmed_findings=confirmed,
        )
        return Response(sa.InterventionEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


# --- work form 2: group dynamics -----------------------------------------------------------------


class DynamicsView(ApiView):
    @extend_schema(
        tags=["stap 3: werkvormen"],
        summary="Groepsdynamiek: het sociogram op een dag (jongeren, banden) en alle banden",
        description="Alleen voor wie persoonsgegevens mag ontvangen; anders alleen `withheld` met de "
        "reden. Gelogd zoals de pagina.",
        parameters=[sa.DynamicsQuerySerializer],
        responses=with_errors({200: sa.DynamicsSerializer}, 400, 404),
    )
    def get(self, request, pk):
        user = request.user
        case = _case(user, pk)
        query = self.validated(sa.DynamicsQuerySerializer, data=request.query_params)
        today = timezone.localdate()
        on = min(query.get("on") or today, today)
        _members, withheld = reads.members(user, case)  # as the page (its forms list the members)
        if withheld:
            return Response(
                sa.DynamicsSerializer(
                    {"case": case.pk, "on": on, "withheld": {"members": str(withheld)}}
                ).data
            )
        picture, _reason = reads.sociogram_on(user, case, on)
        body = {
            "case": case.pk,
            "on": on,
            "nodes": picture.nodes,
            "edges": picture.edges,
            "moments": picture.moments,
            "ties": case.ties.select_related("source__person", "target__person"),
            "withheld": {},
        }
        return Response(sa.DynamicsSerializer(body).data)


class AssessmentsView(ApiView):
    @extend_schema(
        tags=["stap 3: werkvormen"],
        summary="Plus, min of mee voor meerdere jongeren tegelijk (de werkvorm van de sessie)",
        parameters=[IDEMPOTENCY],
        request=sa.AssessmentSessionSerializer,
        responses=with_errors({201: sa.AssessmentSerializer(many=True)}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _supply(user, case, P)
        _receive(user, case)
        data = self.validated(sa.AssessmentSessionSerializer)
        members = _active_members(case)
        rows = [
            (
                _member(members, row["member"], f"rows.{i}.member"),
                row["dynamic"],
                row["influence"],
                row["is_leader"],
                row["note"],
            )
            for i, row in enumerate(data["rows"])
        ]
        done = analysis_services.assess_members(case, actor=user, assessed_on=data["assessed_on"], rows=rows)
        return Response(sa.AssessmentSerializer(done, many=True).data, status=status.HTTP_201_CREATED)


class TiesView(ApiView):
    @extend_schema(
        tags=["stap 3: werkvormen"],
        summary="Een band tussen twee jongeren vastleggen (voor het sociogram)",
        parameters=[IDEMPOTENCY],
        request=sa.TieWriteSerializer,
        responses=with_errors({201: sa.TieSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _supply(user, case, P)
        _receive(user, case)
        data = self.validated(sa.TieWriteSerializer)
        members = _active_members(case)
        source = _member(members, data["source"], "source")
        target = _member(members, data["target"], "target")
        with _state():  # what remains: this tie is already recorded
            tie = analysis_services.add_tie(
                case,
                actor=user,
                source=source,
                target=target,
                kind=data["kind"],
                since=data["since"],
                note=data["note"],
            )
        return Response(sa.TieSerializer(tie).data, status=status.HTTP_201_CREATED)


class TieEndView(ApiView):
    @extend_schema(
        tags=["stap 3: werkvormen"],
        summary="Een band beëindigen; hij blijft zichtbaar in de geschiedenis",
        request=sa.TieEndSerializer,
        responses=with_errors({200: sa.TieSerializer}, 400, 403, 404, 409, 413),
    )
    def post(self, request, pk, tie_pk):
        user = request.user
        case = _case(user, pk)
        _supply(user, case, P)
        _receive(user, case)
        tie = case.ties.filter(pk=tie_pk).first()
        if tie is None:
            raise exceptions.NotFound()
        if tie.until is not None:
            raise Conflict(_("Deze band is al beëindigd."))
        data = self.validated(sa.TieEndSerializer)
        try:
            tie = analysis_services.end_tie(tie, actor=user, until=data.get("until") or timezone.localdate())
        except analysis_services.AnalysisError as exc:
            raise invalid("until", str(exc)) from None
        return Response(sa.TieSerializer(tie).data)


# --- work form 3: circular questioning ------------------------------------------------------


def _rounds(case):
    return (
        case.circular_rounds.select_related("opened_by")
        .annotate(n_answers=Count("answers", distinct=True), n_threads=Count("threads", distinct=True))
        .order_by("-number")
    )


def _round_or_404(case, number):
    circular_round = case.circular_rounds.select_related("opened_by").filter(number=number).first()
    if circular_round is None:
        raise exceptions.NotFound()
    return circular_round


def _answer_data(answer, inside) -> dict:
    data = {
        name: getattr(answer, name)
        for name in (
            "id", "organisation", "answered_by", "answered_at", "characteristics", "risks", "connections",
            "key_figures_inside_note", "key_figures_outside",
        )
    }  # fmt: skip
    if inside is not None:
        data["key_figures_inside"] = inside
    return data


def _round_data(user, circular_round) -> dict:
    """analysis.views.circular_round as data: answers side by side, key figures inside the
    group only for who may receive personal data (logged as circular.read)."""
    answers, inside, withheld = reads.round_answers(user, circular_round)
    return {
        "number": circular_round.number,
        "session_on": circular_round.session_on,
        "is_open": circular_round.is_open,
        "opened_by": circular_round.opened_by,
        "opened_at": circular_round.opened_at,
        "closed_at": circular_round.closed_at,
        "answers": [_answer_data(a, None if withheld else inside.get(a.pk, [])) for a in answers],
        "threads": list(circular_round.threads.select_related("round", "recorded_by")),
        "withheld": {"answers.key_figures_inside": str(withheld)} if withheld else {},
    }


class RoundListView(ApiView):
    @extend_schema(
        tags=["stap 3: circulair bevragen"],
        summary="De rondes circulair bevragen",
        responses=with_errors({200: sa.RoundSerializer(many=True)}, 404),
    )
    def get(self, request, pk):
        case = _case(request.user, pk)
        return self.paginate(_rounds(case), sa.RoundSerializer)

    @extend_schema(
        tags=["stap 3: circulair bevragen"],
        summary="Een ronde openen (regie; stap 3; één open ronde tegelijk)",
        parameters=[IDEMPOTENCY],
        request=sa.RoundCreateSerializer,
        responses=with_errors({201: sa.RoundDetailSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _manager(user, case)
        data = self.validated(sa.RoundCreateSerializer)
        with _state():
            circular_round = analysis_services.open_round(case, actor=user, session_on=data["session_on"])
        circular_round = _round_or_404(case, circular_round.number)
        return Response(
            sa.RoundDetailSerializer(_round_data(user, circular_round)).data, status=status.HTTP_201_CREATED
        )


class RoundDetailView(ApiView):
    @extend_schema(
        tags=["stap 3: circulair bevragen"],
        operation_id="cases_circular_round_retrieve",
        summary="Eén ronde: de antwoorden per organisatie en de rode draden",
        description="Spilfiguren binnen de groep (`key_figures_inside`) alleen voor wie "
        "persoonsgegevens mag ontvangen; anders onder `withheld`.",
        responses=with_errors({200: sa.RoundDetailSerializer}, 404),
    )
    def get(self, request, pk, number):
        user = request.user
        case = _case(user, pk)
        return Response(sa.RoundDetailSerializer(_round_data(user, _round_or_404(case, number))).data)


class RoundAnswerView(ApiView):
    @extend_schema(
        tags=["stap 3: circulair bevragen"],
        summary="De antwoorden van uw organisatie opslaan of herzien (zolang de ronde open is)",
        description="Teksten op groepsniveau (privacytoets; beschrijf sleutelfiguren naar hun rol). "
        "Spilfiguren kiest u met ids van de namenlijst (alleen wie persoonsgegevens mag ontvangen én "
        "verstrekken).",
        request=sa.AnswerWriteSerializer,
        responses=with_errors({200: sa.CircularAnswerSerializer}, 400, 403, 404, 409, 413),
    )
    def post(self, request, pk, number):
        user = request.user
        case = _case(user, pk)
        circular_round = _round_or_404(case, number)
        _supply(user, case, Category.GROUP)
        if not circular_round.is_open:
            raise Conflict(_("Deze ronde is afgesloten."))
        data = dict(self.validated(sa.AnswerWriteSerializer))
        confirmed = _confirmed(data)
        inside = []
        if data["key_figures_inside"]:
            _supply(user, case, P)
            _receive(user, case)
            members = _active_members(case)
            inside = [
                _member(members, m, f"key_figures_inside.{i}")
                for i, m in enumerate(data["key_figures_inside"])
            ]
        answer = analysis_services.answer_round(
            circular_round,
            actor=user,
            characteristics=data["characteristics"],
            risks=data["risks"],
            connections=data["connections"],
            key_figures_inside=inside,
            key_figures_inside_note=data["key_figures_inside_note"],
            key_figures_outside=data["key_figures_outside"],
            confirmed_findings=confirmed,
        )
        answer = circular_round.answers.select_related("organisation", "answered_by").get(pk=answer.pk)
        may_see = bool(access.can_receive(user, case, P))
        shown = list(answer.key_figures_inside.select_related("person")) if may_see else None
        return Response(sa.CircularAnswerSerializer(_answer_data(answer, shown)).data)


class RoundThreadView(ApiView):
    @extend_schema(
        tags=["stap 3: circulair bevragen"],
        summary="Een rode draad vastleggen bij een vraag (regie; groepsniveau, privacytoets)",
        parameters=[IDEMPOTENCY],
        request=sa.ThreadWriteSerializer,
        responses=with_errors({201: sa.ThreadSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk, number):
        user = request.user
        case = _case(user, pk)
        circular_round = _round_or_404(case, number)
        _manager(user, case)
        data = dict(self.validated(sa.ThreadWriteSerializer))
        confirmed = _confirmed(data)
        thread = analysis_services.record_thread(
            circular_round,
            actor=user,
            question=data["question"],
            text=data["text"],
            confirmed_findings=confirmed,
        )
        return Response(sa.ThreadSerializer(thread).data, status=status.HTTP_201_CREATED)


class RoundCloseView(ApiView):
    @extend_schema(
        tags=["stap 3: circulair bevragen"],
        summary="De ronde afsluiten (regie)",
        request=None,
        responses=with_errors({200: sa.RoundDetailSerializer}, 403, 404, 409),
    )
    def post(self, request, pk, number):
        user = request.user
        case = _case(user, pk)
        circular_round = _round_or_404(case, number)
        _manager(user, case)
        with _state():
            analysis_services.close_round(circular_round, actor=user)
        circular_round = _round_or_404(case, number)
        return Response(sa.RoundDetailSerializer(_round_data(user, circular_round)).data)


# --- step 4: the advice -------------------------------------------------------------------------


def _advices(user, case):
    advices = (
        case.advices.select_related("created_by", "sent_by", "picture", "plan")
        .prefetch_related("forum_members")
        .order_by("-number")
    )
    if not access.can_manage_case(user, case):
        advices = advices.filter(status=AdviceStatus.SENT)  # drafts may still hold names
    return advices


def _advice_or_404(user, case, number):
    advice = _advices(user, case).filter(number=number).first()
    if advice is None:
        raise exceptions.NotFound()
    return advice


def _advice_data(case, advice, with_findings=False) -> dict:
    data = {
        name: getattr(advice, name)
        for name in (
            "number", "status", "body", "forum", "meeting_on", "created_by", "created_at", "updated_at",
            "sent_by", "sent_at",
        )
    }  # fmt: skip
    data.update(
        picture=advice.picture.number,
        plan=advice.plan.number,
        forum_members=list(advice.forum_members.all()),
    )
    if with_findings and not advice.is_sent:  # as the page shows them next to the draft
        anonymiser = anonymise.for_case(case)
        leftovers = {(f.start, f.end) for f in anonymiser.leftover_names(advice.body)}
        data["findings"] = [
            {
                "start": f.start,
                "end": f.end,
                "kind": f.kind,
                "text": f.text,
                "explanation": anonymise.describe_finding(f),
                "confirmable": (f.start, f.end) not in leftovers,
            }
            for f in anonymiser.findings(advice.body)
        ]
    return data


def _open_draft(user, case, number):
    advice = _advice_or_404(user, case, number)  # a partner does not see drafts: 404
    _manager(user, case)
    if advice.is_sent:
        raise Conflict(_("Dit advies is verzonden en kan niet meer worden gewijzigd."))
    return advice


def _advice_response(user, case, number, code=status.HTTP_200_OK) -> Response:
    advice = _advice_or_404(user, case, number)
    return Response(sa.AdviceSerializer(_advice_data(case, advice, with_findings=True)).data, status=code)


class AdviceListView(ApiView):
    @extend_schema(
        tags=["stap 4: advies en besluit"],
        summary="De adviezen aan het overleg (de regie ziet ook het concept)",
        responses=with_errors({200: sa.AdviceSerializer(many=True)}, 404),
    )
    def get(self, request, pk):
        user = request.user
        case = _case(user, pk)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(_advices(user, case), request, view=self)
        data = sa.AdviceSerializer([_advice_data(case, a) for a in page], many=True).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        tags=["stap 4: advies en besluit"],
        summary="Het advies genereren en anonimiseren (regie; een open concept wordt opnieuw gegenereerd)",
        description="201 met een nieuw concept, 200 als het bestaande concept opnieuw is opgebouwd "
        "(de bewerkingen vervallen). 409 zolang beeld of concept plan ontbreekt.",
        parameters=[IDEMPOTENCY],
        request=None,
        responses=with_errors({201: sa.AdviceSerializer, 200: sa.AdviceSerializer}, 403, 404, 409),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _manager(user, case)
        had_draft = case.advices.filter(status=AdviceStatus.DRAFT).exists()
        with _state():
            advice = analysis_services.generate_advice(case, actor=user)
        code = status.HTTP_200_OK if had_draft else status.HTTP_201_CREATED
        return _advice_response(user, case, advice.number, code)


class AdviceDetailView(ApiView):
    @extend_schema(
        tags=["stap 4: advies en besluit"],
        operation_id="cases_advice_retrieve",
        summary="Eén advies; bij een concept ook wat nog op persoonsgegevens lijkt (`findings`)",
        responses=with_errors({200: sa.AdviceSerializer}, 404),
    )
    def get(self, request, pk, number):
        user = request.user
        case = _case(user, pk)
        return _advice_response(user, case, number)

    @extend_schema(
        tags=["stap 4: advies en besluit"],
        operation_id="cases_advice_partial_update",
        summary="Het concept bewerken: tekst, overleg en datum (regie); weggelaten velden blijven",
        request=sa.AdviceEditSerializer,
        responses=with_errors({200: sa.AdviceSerializer}, 400, 403, 404, 409, 413),
    )
    def patch(self, request, pk, number):
        user = request.user
        case = _case(user, pk)
        advice = _open_draft(user, case, number)
        data = self.validated(sa.AdviceEditSerializer)
        analysis_services.edit_advice(
            advice,
            actor=user,
            body=data.get("body", advice.body),
            forum=data.get("forum", advice.forum),
            meeting_on=data.get("meeting_on", advice.meeting_on),
        )
        return _advice_response(user, case, number)


class ForumMemberListView(ApiView):
    @extend_schema(
        tags=["stap 4: advies en besluit"],
        summary="Wie in het overleg zit: naam, organisatie, mandaat (regie; bij het concept)",
        parameters=[IDEMPOTENCY],
        request=sa.ForumMemberWriteSerializer,
        responses=with_errors({201: sa.ForumMemberSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk, number):
        user = request.user
        case = _case(user, pk)
        advice = _open_draft(user, case, number)
        data = self.validated(sa.ForumMemberWriteSerializer)
        member = analysis_services.add_forum_member(advice, actor=user, **data)
        return Response(sa.ForumMemberSerializer(member).data, status=status.HTTP_201_CREATED)


class ForumMemberDetailView(ApiView):
    @extend_schema(
        tags=["stap 4: advies en besluit"],
        summary="Een deelnemer aan het overleg verwijderen (regie; bij het concept)",
        responses=with_errors({204: OpenApiResponse(description="Verwijderd.")}, 403, 404, 409),
    )
    def delete(self, request, pk, number, member_pk):
        user = request.user
        case = _case(user, pk)
        advice = _open_draft(user, case, number)
        member = advice.forum_members.filter(pk=member_pk).first()
        if member is None:
            raise exceptions.NotFound()
        analysis_services.remove_forum_member(member, actor=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AdviceSendView(ApiView):
    @extend_schema(
        tags=["stap 4: advies en besluit"],
        summary="Het advies verzenden aan het overleg (regie; stap 4)",
        description="Alleen als overleg en deelnemers zijn vastgelegd (anders 409) en niets meer op "
        "persoonsgegevens lijkt (anders 400 `privacy_guard` met de vondsten; een vals alarm "
        "bevestigt u in `confirmed_findings`, de naam van een jongere nooit).",
        request=sa.SendSerializer,
        responses=with_errors({200: sa.AdviceSerializer}, 400, 403, 404, 409, 413),
    )
    def post(self, request, pk, number):
        user = request.user
        case = _case(user, pk)
        advice = _open_draft(user, case, number)
        data = dict(self.validated(sa.SendSerializer))
        with _state():
            analysis_services.send_advice(advice, actor=user, confirmed_findings=_confirmed(data))
        return _advice_response(user, case, number)


# --- step 4: the decision -------------------------------------------------------------------------


def _decisions(case):
    return case.decisions.select_related("recorded_by", "advice", "supersedes").order_by(
        "-recorded_at", "-pk"
    )


class DecisionListView(ApiView):
    @extend_schema(
        tags=["stap 4: advies en besluit"],
        summary="De besluiten van het overleg (nieuwste eerst; een later besluit vervangt het vorige)",
        responses=with_errors({200: sa.DecisionSerializer(many=True)}, 404),
    )
    def get(self, request, pk):
        case = _case(request.user, pk)
        return self.paginate(_decisions(case), sa.DecisionSerializer)

    @extend_schema(
        tags=["stap 4: advies en besluit"],
        summary="Het besluit vastleggen (alleen een gemandateerde beslisser; stap 4; onveranderlijk)",
        parameters=[IDEMPOTENCY],
        request=sa.DecisionWriteSerializer,
        responses=with_errors({201: sa.DecisionSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        if not policies.allowed(user, "step4.record_decision", case=case):
            raise exceptions.PermissionDenied(
                _("Alleen een gemandateerde beslisser van deze gemeente legt het besluit vast.")
            )
        data = dict(self.validated(sa.DecisionWriteSerializer))
        confirmed = _confirmed(data)
        decision = analysis_services.record_decision(case, actor=user, confirmed_findings=confirmed, **data)
        return Response(sa.DecisionSerializer(_decisions(case).get(pk=decision.pk)).data, status=201)


# --- contacts with other municipalities, the forum's agenda ---------------------------------------


class ContactListView(ApiView):
    @extend_schema(
        tags=["stap 4: advies en besluit"],
        summary="Contacten met andere gemeenten (welke, wanneer, welke groepsinformatie)",
        responses=with_errors({200: sa.ContactSerializer(many=True)}, 404),
    )
    def get(self, request, pk):
        case = _case(request.user, pk)
        return self.paginate(
            case.municipality_contacts.select_related("municipality", "recorded_by").order_by(
                "-informed_on", "-pk"
            ),
            sa.ContactSerializer,
        )

    @extend_schema(
        tags=["stap 4: advies en besluit"],
        summary="Contact met een andere gemeente vastleggen (regie; groepsniveau, privacytoets)",
        parameters=[IDEMPOTENCY],
        request=sa.ContactWriteSerializer,
        responses=with_errors({201: sa.ContactSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _manager(user, case)
        data = dict(self.validated(sa.ContactWriteSerializer))
        confirmed = _confirmed(data)
        municipality = (
            Municipality.objects.exclude(pk=case.municipality_id).filter(pk=data.pop("municipality")).first()
        )
        if municipality is None:
            raise invalid("municipality", _("Kies een andere gemeente dan de eigen."))
        contact = analysis_services.record_municipality_contact(
            case, actor=user, municipality=municipality, confirmed_findings=confirmed, **data
        )
        contact = case.municipality_contacts.select_related("municipality", "recorded_by").get(pk=contact.pk)
        return Response(sa.ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


def _agenda_decision(decision):
    if decision is None:
        return None
    return {"outcome": decision.outcome, "priority": decision.priority, "fast_track": decision.fast_track}


class AgendaView(ApiView):
    @extend_schema(
        tags=["stap 4: advies en besluit"],
        summary="De agenda van het overleg: groepen in stap 4 en geprioriteerde groepen in aanpak",
        description="Groepsniveau, geen namen. Voor beslissers, procesregisseur en coördinator (anders 403).",
        responses=with_errors({200: sa.AgendaSerializer}, 403),
    )
    def get(self, request):
        user = request.user
        if not policies.allowed(user, "agenda.view"):
            raise exceptions.PermissionDenied(
                _("De agenda is er voor beslissers, procesregisseur en coördinator.")
            )
        waiting, in_approach = reads.agenda(user)
        body = {
            "waiting": [
                {
                    "case": row["case"],
                    "urgency": row["picture"].urgency if row["picture"] else "",
                    "severity": row["picture"].severity if row["picture"] else "",
                    "size": row["size"],
                    "advice": row["advice"],
                    "hours": row["hours"],
                    "cost": row["cost"],
                    "decision": _agenda_decision(row["decision"]),
                }
                for row in waiting
            ],
            "in_approach": [
                {"case": row["case"], "decision": _agenda_decision(row["decision"])} for row in in_approach
            ],
        }
        return Response(sa.AgendaSerializer(body).data)
