"""Steps 5–7 through the API: the same services and reads as the pages (approach.*).

Every case is loaded through privacy.access (404 outside the caller's visibility); who may
act is asked of the same predicates the pages use (privacy.access, privacy.policies, also
through monitoring.actions.may_* and closing.services.may_*), a refusal on a visible
object being 403; every write is the service function of the page; member-aimed actions
and hand-overs name the member only for who may receive personal data, the read logged
exactly as the page does (monitoring.actions.visible_actions/log_shown/action_for/my_actions,
closing.services.handovers_for)."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, parsers, status
from rest_framework.response import Response

from accounts.models import Organisation, User
from cases.models import Case, Step
from closing import services as closing
from closing.models import Criterion, Evaluation, Handover, HandoverStatus
from documents.evaluation import measured_lines
from monitoring import actions as action_services
from monitoring import services as monitoring
from monitoring.models import Action, Indicator, IndicatorSource, Measurement
from plans import reads as approach_reads
from plans import services as plan_services
from plans.reads import plan_diff
from privacy import access, log, policies
from privacy.categories import Category

from . import serializers_approach as sa
from .exceptions import Conflict, invalid
from .idempotency import idempotent
from .views import IDEMPOTENCY, ApiView, _case, with_errors

PLAN, ACTIONS, MONITORING, CLOSING = "plan van aanpak", "acties", "monitoring", "afronden en evalueren"


def _confirmed(data) -> list[tuple[str, str]]:
    return [(f["kind"], f["text"]) for f in data.get("confirmed_findings", [])]


def _version_data(user, case, version, in_force_number) -> dict:
    content, withheld = approach_reads.plan_for(user, case, version)
    return {
        "number": version.number,
        "reason": version.reason,
        "author": version.author,
        "author_organisation": version.author_organisation,
        "created_at": version.created_at,
        "in_force": version.number == in_force_number,
        "content": content,
        "withheld": {"measures.membership": withheld} if withheld else {},
    }


def _plan_data(user, case) -> dict:
    versions = list(case.approach_plans.select_related("author", "author_organisation").order_by("-number"))
    current = versions[0] if versions else None
    return {
        "case": case.pk,
        "in_force": _version_data(user, case, current, current.number) if current else None,
        "versions": versions,
    }


class PlanView(ApiView):
    @extend_schema(
        tags=["plan van aanpak"],
        summary="Het plan van aanpak: de versie die geldt en de lijst van versies",
        responses=with_errors({200: sa.PlanSerializer}, 404),
    )
    def get(self, request, pk):
        case = _case(request.user, pk)
        return Response(sa.PlanSerializer(_plan_data(request.user, case)).data)

    @extend_schema(
        tags=["plan van aanpak"],
        summary="Nieuwe versie van het plan opslaan (procesregisseur, coördinator; stap 5–6)",
        description="`version` is het nummer waarop u voortbouwt; 409 `stale_version` als iemand "
        "intussen een nieuwere versie opsloeg. Vanaf versie 2 is `reason` verplicht.",
        parameters=[IDEMPOTENCY],
        request=sa.PlanWriteSerializer,
        responses=with_errors({201: sa.PlanVersionSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        data = self.validated(sa.PlanWriteSerializer)
        version = plan_services.save_plan(
            case,
            actor=user,
            based_on=data["version"],
            content=data["content"],
            reason=data["reason"],
            confirmed_findings=[(f["kind"], f["text"]) for f in data.get("confirmed_findings", [])],
        )
        version = case.approach_plans.select_related("author", "author_organisation").get(pk=version.pk)
        body = sa.PlanVersionSerializer(_version_data(user, case, version, version.number)).data
        return Response(body, status=status.HTTP_201_CREATED)


class PlanVersionView(ApiView):
    @extend_schema(
        tags=["plan van aanpak"],
        operation_id="cases_plan_version_retrieve",
        summary="Eén versie van het plan van aanpak",
        responses=with_errors({200: sa.PlanVersionSerializer}, 404),
    )
    def get(self, request, pk, number):
        case = _case(request.user, pk)
        version = (
            case.approach_plans.select_related("author", "author_organisation").filter(number=number).first()
        )
        if version is None:
            raise exceptions.NotFound()
        latest = case.approach_plans.order_by("-number").values_list("number", flat=True).first()
        return Response(sa.PlanVersionSerializer(_version_data(request.user, case, version, latest)).data)


# --- comparing two versions -------------------------------------------------------------------


def _field_change(f) -> dict:
    return {
        "name": f.name,
        "label": f.label,
        "old": f.old,
        "new": f.new,
        "status": f.status,
        "words": [{"op": op, "text": text} for op, text in f.words],
    }


class PlanCompareView(ApiView):
    @extend_schema(
        tags=[PLAN],
        operation_id="cases_plan_compare_retrieve",
        summary="Twee versies van het plan vergelijken (zoals de pagina: per onderdeel wat erbij kwam, "
        "verviel of wijzigde)",
        description="Zonder `from`/`to`: de vorige tegen de geldende versie. Een jongere bij een "
        "maatregel heet alleen bij naam voor wie persoonsgegevens mag ontvangen (gelogd).",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.INT, description="Versienummer (oud)."),
            OpenApiParameter("to", OpenApiTypes.INT, description="Versienummer (nieuw)."),
        ],
        responses=with_errors({200: sa.PlanCompareSerializer}, 400, 404, 409),
    )
    def get(self, request, pk):
        user = request.user
        case = _case(user, pk)
        versions = {v.number: v for v in case.approach_plans.all()}
        numbers = sorted(versions, reverse=True)
        chosen = {}
        for name, default in (("from", 1), ("to", 0)):
            raw = request.query_params.get(name)
            if raw is None:
                if len(numbers) < 2:
                    raise Conflict(_("Er zijn nog geen twee versies van het plan om te vergelijken."))
                chosen[name] = numbers[default]
                continue
            try:
                number = int(raw)
            except ValueError:
                raise invalid(name, _("Geef een versienummer.")) from None
            if number not in versions:
                raise invalid(name, _("Versie %(n)s bestaat niet.") % {"n": raw[:12]})
            chosen[name] = number
        old, new = versions[chosen["from"]], versions[chosen["to"]]
        sections, summary, withheld = plan_diff(user, case, old.content, new.content, "approach_plan.compare")
        body = {
            "case": case.pk,
            "from_version": old.number,
            "to_version": new.number,
            "summary": summary,
            "sections": [
                {
                    "code": sec.code,
                    "label": sec.label,
                    "items": [
                        {
                            "key": i.key,
                            "status": i.status,
                            "title": i.title,
                            "fields": [_field_change(f) for f in i.fields],
                        }
                        for i in sec.items
                    ],
                    "fields": [_field_change(f) for f in sec.fields],
                }
                for sec in sections
            ],
            "withheld": {"measures.membership": withheld} if withheld else {},
        }
        return Response(sa.PlanCompareSerializer(body).data)


# --- step 6: actions ---------------------------------------------------------------------------


def _action_dict(action, *, name: str = "", withheld: str = "") -> dict:
    return {
        "id": action.pk,
        "case_id": action.case_id,
        "case": action.case,
        "measure_key": action.measure_key,
        "track": action.track,
        "organisation": action.organisation,
        "owner": action.owner,
        "target_kind": action.target_kind,
        "membership_id": None if withheld else action.membership_id,
        "member_name": "" if withheld else name,
        "location": action.location,
        "description": action.description,
        "due_date": action.due_date,
        "status": action.status,
        "result_note": action.result_note,
        "completed_at": action.completed_at,
        "is_overdue": action.is_overdue,
        "created_by": action.created_by,
        "created_at": action.created_at,
        "updated_at": action.updated_at,
        "withheld": {"membership": withheld} if withheld else {},
    }


def _named(action) -> str:
    return action.membership.person.full_name if action.membership_id else ""


def _actions(case):
    return Action.objects.select_related(
        "case__group", "organisation", "owner", "membership__person", "created_by"
    ).filter(case=case)


def _visible_action(user, case, action_pk) -> Action:
    """The action when the user may see it (a member read logged as the page does), else 404."""
    action = _actions(case).filter(pk=action_pk).first()
    if action is None:
        raise exceptions.NotFound()
    action.case = case
    shown, _reason = action_services.action_for(user, action)
    if shown is None:
        raise exceptions.NotFound()
    return action


def _action_detail(user, case, action) -> dict:
    state = action_services.escalation_state(action)
    may_update = action_services.may_update(user, action)
    return {
        **_action_dict(action, name=_named(action)),
        "history": list(action.updates.select_related("actor").order_by("at", "pk")),
        "escalation": {
            "line": state["line"],
            "current": state["current"],
            "next": state["next"],
            "escalations": _escalations(action),
        },
        "may_update": bool(may_update),
        "may_update_reason": "" if may_update else str(may_update.reason),
        "may_escalate": action_services.may_escalate(user, case),
    }


def _escalations(action):
    return list(action.escalations.select_related("escalated_by", "outcome_by").order_by("level"))


def _require_manager(user, case) -> None:
    if not access.can_manage_case(user, case):
        raise exceptions.PermissionDenied(
            _("Alleen de procesregisseur of de uitvoeringscoördinator kan dit doen.")
        )


class ActionListView(ApiView):
    @extend_schema(
        tags=[ACTIONS],
        operation_id="cases_actions_list",
        summary="De acties van de casus (zoals de pagina Acties), met filters",
        description="Acties gericht op een jongere alleen voor wie persoonsgegevens mag ontvangen "
        "(gelogd als `approach_actions.read`); voor anderen ontbreken ze en staat de reden onder "
        "`withheld.member_actions`. De voortgang per spoor en partner: `/actions/progress`.",
        parameters=[sa.ActionFilterSerializer],
        responses=with_errors({200: sa.ActionPageSerializer}, 400, 404),
    )
    def get(self, request, pk):
        user = request.user
        case = _case(user, pk)
        filters = self.validated(sa.ActionFilterSerializer, data=request.query_params)
        visible, withheld = action_services.visible_actions(
            user,
            case,
            track=filters.get("track", ""),
            status=filters.get("status", ""),
            partner=filters.get("partner"),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(visible.select_related("created_by"), request, view=self)
        action_services.log_shown(user, case, page)
        rows = [_action_dict(a, name=_named(a)) for a in page]
        response = paginator.get_paginated_response(sa.ActionSerializer(rows, many=True).data)
        response.data["withheld"] = {"member_actions": withheld} if withheld else {}
        return response

    @extend_schema(
        tags=[ACTIONS],
        summary="Actie toevoegen uit een maatregel van het plan (procesregisseur, coördinator; stap 5–6)",
        description="Spoor, doelwit en partner komen uit de maatregel. Een actie gericht op een jongere "
        "maakt alleen wie persoonsgegevens mag verstrekken. De beschrijving gaat door de privacytoets.",
        parameters=[IDEMPOTENCY],
        request=sa.ActionCreateSerializer,
        responses=with_errors({201: sa.ActionDetailSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _require_manager(user, case)
        data = self.validated(sa.ActionCreateSerializer)
        organisation = None
        if data.get("organisation"):
            organisation = Organisation.objects.filter(
                pk=data["organisation"], municipality_id=case.municipality_id
            ).first()
            if organisation is None:
                raise invalid("organisation", _("Kies een partner uit de gemeente van deze casus."))
        owner = None
        if data.get("owner"):
            owner = User.objects.filter(
                pk=data["owner"], is_active=True, organisation__municipality_id=case.municipality_id
            ).first()
            if owner is None:
                raise invalid("owner", _("Deze medewerker bestaat niet of werkt niet in deze gemeente."))
        action = action_services.add_action(
            case,
            actor=user,
            measure_key=data["measure"],
            organisation=organisation,
            owner=owner,
            description=data["description"],
            due_date=data["due_date"],
            confirmed_findings=_confirmed(data),
        )
        action = _actions(case).get(pk=action.pk)
        return Response(
            sa.ActionDetailSerializer(_created_action(user, case, action)).data,
            status=status.HTTP_201_CREATED,
        )


def _created_action(user, case, action) -> dict:
    """The new action as its author may see it: a member's name only for who may receive
    personal data (then logged as a read, like the page the author is sent to)."""
    if action.membership_id:
        shown, reason = action_services.action_for(user, action)
        if shown is None:
            body = _action_detail(user, case, action)
            return {**body, **_action_dict(action, withheld=reason)}
    return _action_detail(user, case, action)


class ActionDetailView(ApiView):
    @extend_schema(
        tags=[ACTIONS],
        operation_id="cases_actions_retrieve",
        summary="Eén actie: gegevens, geschiedenis, escalatielijn",
        description="Een actie gericht op een jongere bestaat voor wie geen persoonsgegevens mag "
        "ontvangen niet (404); voor wie wel, is de inzage gelogd (`approach_action.read`).",
        responses=with_errors({200: sa.ActionDetailSerializer}, 404),
    )
    def get(self, request, pk, action_pk):
        user = request.user
        case = _case(user, pk)
        action = _visible_action(user, case, action_pk)
        return Response(sa.ActionDetailSerializer(_action_detail(user, case, action)).data)

    @extend_schema(
        tags=[ACTIONS],
        operation_id="cases_actions_partial_update",
        summary="Status, resultaat of deadline bijwerken (de uitvoerende partner of de coördinator)",
        description="De wijziging komt in de geschiedenis van de actie. Alleen de coördinator verzet de "
        "deadline. Het resultaat gaat door de privacytoets.",
        request=sa.ActionUpdateSerializer,
        responses=with_errors({200: sa.ActionDetailSerializer}, 400, 403, 404, 409, 413),
    )
    def patch(self, request, pk, action_pk):
        user = request.user
        case = _case(user, pk)
        action = _visible_action(user, case, action_pk)
        decision = action_services.may_update(user, action)
        if not decision and case.is_open:
            raise exceptions.PermissionDenied(str(decision.reason))
        data = self.validated(sa.ActionUpdateSerializer)
        action_services.update_action(
            action,
            actor=user,
            status=data.get("status") or action.status,
            result_note=data.get("result_note", ""),
            due_date=data.get("due_date"),
            confirmed_findings=_confirmed(data),
        )
        action = _actions(case).get(pk=action.pk)
        return Response(sa.ActionDetailSerializer(_action_detail(user, case, action)).data)


class EscalationListView(ApiView):
    @extend_schema(
        tags=[ACTIONS],
        operation_id="cases_actions_escalations_retrieve",
        summary="De escalatielijn van het besluit en waar deze actie daarop staat",
        responses=with_errors({200: sa.EscalationStateSerializer}, 404),
    )
    def get(self, request, pk, action_pk):
        user = request.user
        case = _case(user, pk)
        action = _visible_action(user, case, action_pk)
        state = action_services.escalation_state(action)
        body = {**state, "escalations": _escalations(action)}
        return Response(sa.EscalationStateSerializer(body).data)

    @extend_schema(
        tags=[ACTIONS],
        operation_id="cases_actions_escalations_create",
        summary="Escaleren naar het volgende niveau (procesregisseur, coördinator)",
        description="Alleen een actie die niet is nagekomen of te laat is; niet zolang de vorige "
        "escalatie geen uitkomst heeft, en niet voorbij de top van de lijn.",
        parameters=[IDEMPOTENCY],
        request=sa.EscalateSerializer,
        responses=with_errors({201: sa.EscalationSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk, action_pk):
        user = request.user
        case = _case(user, pk)
        action = _visible_action(user, case, action_pk)
        _require_manager(user, case)
        data = self.validated(sa.EscalateSerializer)
        escalation = action_services.escalate(
            action, actor=user, reason=data["reason"], confirmed_findings=_confirmed(data)
        )
        escalation = action.escalations.select_related("escalated_by", "outcome_by").get(pk=escalation.pk)
        return Response(sa.EscalationSerializer(escalation).data, status=status.HTTP_201_CREATED)


class EscalationOutcomeView(ApiView):
    @extend_schema(
        tags=[ACTIONS],
        summary="De uitkomst van een escalatie vastleggen (eenmalig; procesregisseur, coördinator)",
        request=sa.EscalationOutcomeSerializer,
        responses=with_errors({200: sa.EscalationSerializer}, 400, 403, 404, 409, 413),
    )
    def post(self, request, pk, action_pk, escalation_pk):
        user = request.user
        case = _case(user, pk)
        action = _visible_action(user, case, action_pk)
        escalation = get_object_or_404(action.escalations, pk=escalation_pk)
        _require_manager(user, case)
        data = self.validated(sa.EscalationOutcomeSerializer)
        action_services.record_escalation_outcome(
            escalation, actor=user, outcome=data["outcome"], confirmed_findings=_confirmed(data)
        )
        escalation = action.escalations.select_related("escalated_by", "outcome_by").get(pk=escalation.pk)
        return Response(sa.EscalationSerializer(escalation).data)


def _tally(t) -> dict:
    return {
        "key": "" if t.key == "" else str(t.key),
        "label": t.label,
        "total": t.total,
        "by_status": t.by_status,
        "open": t.open,
        "done": t.done,
        "done_on_time": t.done_on_time,
        "overdue": t.overdue,
        "lapsed": t.lapsed,
        "countable": t.countable,
        "percent_done": t.percent_done,
    }


class ActionProgressView(ApiView):
    @extend_schema(
        tags=[ACTIONS],
        summary="Voortgang van de acties: totaal, per spoor en per partner (alleen aantallen)",
        responses=with_errors({200: sa.ActionProgressSerializer}, 404),
    )
    def get(self, request, pk):
        case = _case(request.user, pk)
        report = action_services.progress(case)
        body = {
            "total": _tally(report["total"]),
            "tracks": [_tally(t) for t in report["tracks"]],
            "partners": [_tally(t) for t in report["partners"]],
        }
        return Response(sa.ActionProgressSerializer(body).data)


class MyActionsView(ApiView):
    @extend_schema(
        tags=[ACTIONS],
        summary="Mijn acties: van mij of van mijn organisatie (zonder eigenaar), in open casussen",
        description="Open acties en die van de laatste 14 dagen; te laat eerst. Zoals de pagina "
        "Mijn acties (inzage van jongeren gelogd als `my_actions.read`).",
        responses=with_errors({200: sa.MyActionSerializer(many=True)}),
    )
    def get(self, request):
        items = action_services.my_actions(request.user)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(items, request, view=self)
        prefetch_related_objects(page, "created_by")  # one query, not one per row
        rows = [_action_dict(a, name=_named(a)) for a in page]
        return paginator.get_paginated_response(sa.MyActionSerializer(rows, many=True).data)


# --- step 6: monitoring ---------------------------------------------------------------------------


def _indicator_dict(indicator, deadline) -> dict:
    rows = sorted(indicator.measurements.all(), key=lambda m: m.period_start)
    st = monitoring.status(indicator, rows, deadline=deadline)
    return {
        "id": indicator.pk,
        "case_id": indicator.case_id,
        "name": indicator.name,
        "unit": indicator.unit,
        "result_key": indicator.result_key,
        "baseline": indicator.baseline,
        "target": indicator.target,
        "direction": indicator.direction,
        "source": indicator.source,
        "signal_behaviours": indicator.signal_behaviours,
        "created_by": indicator.created_by,
        "created_at": indicator.created_at,
        "status": {
            "label": st.label,
            "summary": st.summary,
            "count": st.count,
            "latest_value": st.latest.value if st.latest else None,
            "latest_period": st.latest.period_start if st.latest else None,
            "change_pct": st.change_pct,
            "reached": st.reached,
            "on_track": st.on_track,
            "deadline": st.deadline,
        },
        "chart_summary": monitoring.chart_summary(indicator, rows),
        "measurements": rows,
    }


def _indicators(case):
    return case.indicators.select_related("created_by").prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.select_related("recorded_by"))
    )


def _indicator_or_404(case, indicator_pk) -> Indicator:
    indicator = _indicators(case).filter(pk=indicator_pk).first()
    if indicator is None:
        raise exceptions.NotFound()
    return indicator


def _indicator_body(case, indicator) -> dict:
    due = monitoring.deadlines(case)
    return sa.IndicatorSerializer(_indicator_dict(indicator, due.get(indicator.result_key))).data


class IndicatorListView(ApiView):
    @extend_schema(
        tags=[MONITORING],
        operation_id="cases_indicators_list",
        summary="De effectindicatoren, elk met status en metingen (groepsniveau)",
        responses=with_errors({200: sa.IndicatorSerializer(many=True)}, 404),
    )
    def get(self, request, pk):
        case = _case(request.user, pk)
        due = monitoring.deadlines(case)
        rows = [_indicator_dict(i, due.get(i.result_key)) for i in _indicators(case)]
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(sa.IndicatorSerializer(page, many=True).data)

    @extend_schema(
        tags=[MONITORING],
        summary="Effectindicator toevoegen: vrij, of uit een SMART-resultaat van het plan (`result_key`)",
        description="Procesregisseur en coördinator, stap 5–6. Naam en eenheid gaan door de privacytoets.",
        parameters=[IDEMPOTENCY],
        request=sa.IndicatorCreateSerializer,
        responses=with_errors({201: sa.IndicatorSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _require_manager(user, case)
        data = self.validated(sa.IndicatorCreateSerializer)
        common = {
            "actor": user,
            "source": data["source"],
            "signal_behaviours": data["signal_behaviours"],
            "confirmed_findings": _confirmed(data),
        }
        if data["result_key"]:
            indicator = monitoring.indicator_from_result(case, result_key=data["result_key"], **common)
        else:
            indicator = monitoring.add_indicator(
                case,
                name=data["name"],
                unit=data["unit"],
                baseline=data["baseline"],
                target=data["target"],
                direction=data["direction"],
                **common,
            )
        body = _indicator_body(case, _indicator_or_404(case, indicator.pk))
        return Response(body, status=status.HTTP_201_CREATED)


class IndicatorDetailView(ApiView):
    @extend_schema(
        tags=[MONITORING],
        operation_id="cases_indicators_retrieve",
        summary="Eén effectindicator met al zijn metingen (en hun geschiedenis)",
        responses=with_errors({200: sa.IndicatorSerializer}, 404),
    )
    def get(self, request, pk, indicator_pk):
        case = _case(request.user, pk)
        return Response(_indicator_body(case, _indicator_or_404(case, indicator_pk)))


def _may_record_or_refuse(user, case) -> None:
    decision = access.can_supply(user, case, Category.GROUP)
    if not decision:
        raise exceptions.PermissionDenied(str(decision.reason))
    if not case.is_open:
        raise Conflict(_("Deze casus is afgesloten."))


class MeasurementView(ApiView):
    @extend_schema(
        tags=[MONITORING],
        summary="Meting vastleggen (coördinator of deelnemende partner; stap 5–7)",
        description="Een periode opnieuw invoeren vervangt de waarde; de oude blijft in de geschiedenis. "
        "Niet voor indicatoren die uit de signalen worden berekend.",
        parameters=[IDEMPOTENCY],
        request=sa.MeasurementCreateSerializer,
        responses=with_errors({201: sa.MeasurementSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk, indicator_pk):
        user = request.user
        case = _case(user, pk)
        indicator = _indicator_or_404(case, indicator_pk)
        _may_record_or_refuse(user, case)
        data = self.validated(sa.MeasurementCreateSerializer)
        measurement = monitoring.record_measurement(
            indicator,
            actor=user,
            period_start=data["period_start"],
            value=data["value"],
            note=data["note"],
            confirmed_findings=_confirmed(data),
        )
        measurement = Measurement.objects.select_related("recorded_by").get(pk=measurement.pk)
        return Response(sa.MeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED)


class MeasurementCSVParser(parsers.BaseParser):
    """text/csv as it is: the measurements file (indicator;periode;waarde;toelichting)."""

    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None):
        return {"file": stream.read() if stream is not None else b""}


class IndicatorImportView(ApiView):
    parser_classes = [parsers.MultiPartParser, MeasurementCSVParser]

    @extend_schema(
        tags=[MONITORING],
        summary="Metingen importeren uit CSV (alles of niets)",
        description="text/csv, of multipart met een deel `file`. Kolommen `indicator;periode;waarde;"
        "toelichting` (ook met komma's); indicator = naam of id. Bij fouten wordt niets opgeslagen en "
        "staan de fouten per regel onder `errors.file`.",
        parameters=[IDEMPOTENCY],
        request={"text/csv": OpenApiTypes.STR, "multipart/form-data": OpenApiTypes.OBJECT},
        responses=with_errors({200: sa.ImportResultSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _may_record_or_refuse(user, case)
        upload = request.data.get("file") if hasattr(request.data, "get") else None
        if upload is None:
            upload = request.FILES.get("file")
        if upload is None or upload == b"":
            raise invalid("file", _("Stuur een CSV-bestand (text/csv, of multipart met een deel 'file')."))
        if getattr(upload, "size", 0) > monitoring.CSV_MAX_BYTES:
            raise invalid("file", _("Het bestand is te groot (ten hoogste 1 MB)."))
        count, errors = monitoring.import_measurements_csv(case, actor=user, file=upload)
        if errors:
            raise exceptions.ValidationError({"file": errors})
        return Response(sa.ImportResultSerializer({"imported": count}).data)


class IndicatorComputeView(ApiView):
    @extend_schema(
        tags=[MONITORING],
        summary="Een indicator uit de signalen berekenen (aantal signalen per week)",
        request=None,
        responses=with_errors({200: sa.IndicatorSerializer}, 400, 403, 404, 409),
    )
    def post(self, request, pk, indicator_pk):
        user = request.user
        case = _case(user, pk)
        indicator = _indicator_or_404(case, indicator_pk)
        _may_record_or_refuse(user, case)
        if indicator.source != IndicatorSource.SIGNALS:
            raise Conflict(_("Deze indicator wordt niet uit de signalen berekend."))
        monitoring.compute_from_signals(indicator, actor=user)
        return Response(_indicator_body(case, _indicator_or_404(case, indicator_pk)))


class ProgressReportListView(ApiView):
    @extend_schema(
        tags=[MONITORING],
        operation_id="cases_progress_reports_list",
        summary="Voortgangsrapportages aan het overleg (nieuwste eerst)",
        responses=with_errors({200: sa.ProgressReportSerializer(many=True)}, 404),
    )
    def get(self, request, pk):
        case = _case(request.user, pk)
        reports = case.progress_reports.select_related("created_by").order_by("-number")
        return self.paginate(reports, sa.ProgressReportSerializer)

    @extend_schema(
        tags=[MONITORING],
        summary="Voortgangsrapportage maken over een periode (procesregisseur, coördinator)",
        description="Samengesteld uit plan, acties, escalaties, indicatoren en crisisbriefings; de "
        "privacytoets controleert wat mensen erin schreven. Onveranderlijk.",
        parameters=[IDEMPOTENCY],
        request=sa.ProgressReportCreateSerializer,
        responses=with_errors({201: sa.ProgressReportSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _require_manager(user, case)
        data = self.validated(sa.ProgressReportCreateSerializer)
        report = monitoring.generate_progress_report(
            case,
            actor=user,
            period_from=data["period_from"],
            period_to=data["period_to"],
            forum=data["forum"],
            confirmed_findings=_confirmed(data),
        )
        report = case.progress_reports.select_related("created_by").get(pk=report.pk)
        return Response(sa.ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)


def _crisis_body(case) -> dict:
    state = monitoring.crisis_state(case)
    return sa.CrisisSerializer(
        {"active": state.active, "periods": state.periods, "briefings": state.briefings, "today": state.today}
    ).data


class CrisisView(ApiView):
    @extend_schema(
        tags=[MONITORING],
        operation_id="cases_crisis_retrieve",
        summary="De crisismodus: lopende periode, eerdere periodes, dagbriefings",
        responses=with_errors({200: sa.CrisisSerializer}, 404),
    )
    def get(self, request, pk):
        return Response(_crisis_body(_case(request.user, pk)))

    @extend_schema(
        tags=[MONITORING],
        operation_id="cases_crisis_create",
        summary="De crisismodus starten (procesregisseur, coördinator; stap 5–6)",
        parameters=[IDEMPOTENCY],
        request=sa.CrisisStartSerializer,
        responses=with_errors({201: sa.CrisisSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _require_manager(user, case)
        data = self.validated(sa.CrisisStartSerializer)
        if monitoring.active_crisis(case) is not None:
            raise Conflict(_("De crisismodus loopt al voor deze casus."))
        monitoring.start_crisis(case, actor=user, reason=data["reason"], confirmed_findings=_confirmed(data))
        return Response(_crisis_body(case), status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[MONITORING],
        operation_id="cases_crisis_destroy",
        summary="De crisismodus beëindigen (procesregisseur, coördinator)",
        responses=with_errors({200: sa.CrisisSerializer}, 403, 404, 409),
    )
    def delete(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _require_manager(user, case)
        period = monitoring.active_crisis(case)
        if period is None:
            raise Conflict(_("Er loopt geen crisisperiode."))
        monitoring.end_crisis(period, actor=user)
        return Response(_crisis_body(case))


class BriefingView(ApiView):
    @extend_schema(
        tags=[MONITORING],
        summary="Dagbriefing in de crisismodus (coördinator of deelnemende partner)",
        description="Eén per dag; opnieuw versturen voor dezelfde dag werkt hem bij.",
        parameters=[IDEMPOTENCY],
        request=sa.BriefingCreateSerializer,
        responses=with_errors({201: sa.BriefingSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _may_record_or_refuse(user, case)
        data = self.validated(sa.BriefingCreateSerializer)
        if monitoring.active_crisis(case) is None:
            raise Conflict(_("Er loopt geen crisisperiode; een dagbriefing kan alleen in de crisismodus."))
        briefing = monitoring.save_briefing(
            case,
            actor=user,
            day=data["day"],
            happened=data["happened"],
            planned=data["planned"],
            whereabouts=data["whereabouts"],
            confirmed_findings=_confirmed(data),
        )
        return Response(sa.BriefingSerializer(briefing).data, status=status.HTTP_201_CREATED)


# --- step 7: closing -------------------------------------------------------------------------------


def _closing_case(user, pk) -> tuple[Case, bool]:
    """(case, officer_only), as the closing page: the privacy officer of the municipality
    reaches only the retention part; everyone else goes through get_case_or_404."""
    if policies.allowed(user, "closing.retention_only"):
        case = Case.objects.select_related("group", "municipality").filter(pk=pk).first()
        if case is None or not closing.may_set_retention(user, case):
            raise exceptions.NotFound()
        return case, True
    return _case(user, pk), False


def _retention(user, case) -> dict:
    return {
        "retention_until": case.retention_until,
        "legal_hold": case.legal_hold,
        "covenant_months": closing.covenant_retention_months(case),
        "default_keep_until": closing.default_keep_until(case),
        "current": closing.current_retention(case),
        "history": list(case.retention_decisions.select_related("decided_by")),
        "may_set_retention": closing.may_set_retention(user, case)
        and (case.step == Step.AFRONDEN or not case.is_open),
        "may_set_legal_hold": closing.may_set_legal_hold(user, case),
    }


def _decision_dict(case, decision) -> dict:
    return {
        "id": decision.pk,
        "plan_version": decision.plan.number if decision.plan_id else None,
        "forum": decision.forum,
        "decided_on": decision.decided_on,
        "outcome": decision.outcome,
        "motivation": decision.motivation,
        "results": closing.tested_results(case, decision),
        "recorded_by": decision.recorded_by,
        "recorded_at": decision.recorded_at,
    }


def _closing_body(user, pk) -> dict:
    case, officer_only = _closing_case(user, pk)
    case.refresh_from_db()
    in_step = case.step == Step.AFRONDEN and case.is_open
    data = {
        "case": case.pk,
        "step": case.step,
        "may_decide": not officer_only and closing.may_decide(user, case) and in_step,
        "retention": _retention(user, case),
        "withheld": {},
    }
    if officer_only:
        reason = _("de privacyfunctionaris ziet alleen de bewaartermijn en de bewaarplicht")
        body = sa.ClosingSerializer(data).data
        body["withheld"] = {"checklist": reason, "decisions": reason, "proposed_results": reason}
        return body
    decisions = case.closing_decisions.select_related("recorded_by", "plan")
    data.update(
        checklist=[{"label": label, "done": done} for label, done in closing.checklist(case)],
        decisions=[_decision_dict(case, d) for d in decisions],
        proposed_results=closing.proposed_results(case),
    )
    return sa.ClosingSerializer(data).data


class ClosingView(ApiView):
    @extend_schema(
        tags=[CLOSING],
        operation_id="cases_closing_retrieve",
        summary="Afronden: de checklist (poort), besluiten, voorgestelde resultaten, bewaartermijn",
        description="De privacyfunctionaris van de gemeente ziet alleen de bewaartermijn en de "
        "bewaarplicht; de rest ontbreekt en staat onder `withheld`.",
        responses=with_errors({200: sa.ClosingSerializer}, 404),
    )
    def get(self, request, pk):
        return Response(_closing_body(request.user, pk))

    @extend_schema(
        tags=[CLOSING],
        operation_id="cases_closing_create",
        summary="Het besluit tot afschalen of stoppen vastleggen (beslisser; stap 7)",
        description="Elk SMART-resultaat van het plan dat nu geldt precies één keer getoetst: bereikt "
        "ja/nee en de cijfers (voorstel in `proposed_results`). Onveranderlijk.",
        parameters=[IDEMPOTENCY],
        request=sa.ClosingDecisionCreateSerializer,
        responses=with_errors({201: sa.ClosingDecisionSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case, officer_only = _closing_case(user, pk)
        if officer_only or not closing.may_decide(user, case):
            raise exceptions.PermissionDenied(
                _("Alleen een gemandateerde beslisser van deze gemeente legt het besluit vast.")
            )
        data = self.validated(sa.ClosingDecisionCreateSerializer)
        decision = closing.record_closing_decision(
            case,
            actor=user,
            forum=data["forum"],
            decided_on=data["decided_on"],
            outcome=data["outcome"],
            motivation=data["motivation"],
            results=[dict(r) for r in data["results"]],
            confirmed_findings=_confirmed(data),
        )
        decision = case.closing_decisions.select_related("recorded_by", "plan").get(pk=decision.pk)
        return Response(
            sa.ClosingDecisionSerializer(_decision_dict(case, decision)).data, status=status.HTTP_201_CREATED
        )


def _handover_dict(h, withheld: str) -> dict:
    hidden = bool(h.membership_id and withheld)
    return {
        "id": h.pk,
        "case_id": h.case_id,
        "to_organisation": h.to_organisation,
        "action_id": h.action_id,
        "membership": None if hidden else h.membership_id,
        "member_name": getattr(h, "member_name", ""),
        "what": h.what,
        "status": h.status,
        "offered_by": h.offered_by,
        "offered_at": h.offered_at,
        "answered_by": h.answered_by,
        "answered_at": h.answered_at,
        "decline_reason": h.decline_reason,
        "may_answer": getattr(h, "may_answer", False),
        "withheld": {"membership": withheld} if hidden else {},
    }


class HandoverListView(ApiView):
    @extend_schema(
        tags=[CLOSING],
        operation_id="cases_handovers_list",
        summary="Overdrachten van de casus (zoals de pagina Afronden)",
        description="Een jongere bij naam alleen voor wie persoonsgegevens mag ontvangen (gelogd als "
        "`handover.read`); anders ontbreekt de vermelding en staat de reden onder `withheld`.",
        responses=with_errors({200: sa.HandoverSerializer(many=True)}, 404),
    )
    def get(self, request, pk):
        user = request.user
        case = _case(user, pk)
        handovers, withheld = closing.handovers_for(user, case)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(handovers, request, view=self)
        rows = [_handover_dict(h, withheld) for h in page]
        return paginator.get_paginated_response(sa.HandoverSerializer(rows, many=True).data)

    @extend_schema(
        tags=[CLOSING],
        operation_id="cases_handovers_create",
        summary="Overdracht aanbieden: een lopende actie, de begeleiding van één jongere, of een ander "
        "onderdeel (procesregisseur, coördinator; stap 7)",
        parameters=[IDEMPOTENCY],
        request=sa.HandoverCreateSerializer,
        responses=with_errors({201: sa.HandoverSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _require_manager(user, case)
        data = self.validated(sa.HandoverCreateSerializer)
        organisation = Organisation.objects.filter(
            pk=data["to_organisation"], municipality_id=case.municipality_id
        ).first()
        if organisation is None:
            raise invalid("to_organisation", _("Kies een organisatie uit de eigen gemeente."))
        action = membership = None
        if data.get("action"):
            action = case.actions.filter(pk=data["action"]).first()
            if action is None:
                raise invalid("action", _("Deze actie hoort niet bij deze casus."))
        if data.get("membership"):
            membership = case.memberships.select_related("person").filter(pk=data["membership"]).first()
            if membership is None:
                raise invalid("membership", _("Deze jongere staat niet op de namenlijst van deze casus."))
        handover = closing.offer_handover(
            case,
            actor=user,
            to_organisation=organisation,
            what=data["what"],
            action=action,
            membership=membership,
            confirmed_findings=_confirmed(data),
        )
        return Response(_one_handover(user, case, handover.pk), status=status.HTTP_201_CREATED)


def _one_handover(user, case, handover_pk) -> dict:
    """One hand-over as handovers_for shows it: a youth's name only for who may receive
    personal data, that read logged (`handover.read`) as on the page."""
    h = (
        Handover.objects.select_related(
            "to_organisation", "action", "membership__person", "answered_by", "offered_by"
        )
        .filter(pk=handover_pk)
        .get()
    )
    decision = access.can_receive(user, case, Category.PERSONAL)
    h.member_name = h.membership.person.full_name if h.membership_id and decision else ""
    h.may_answer = h.status == HandoverStatus.OFFERED and case.is_open and closing.may_answer(user, h)
    if h.membership_id and decision:
        log.read(user, "handover.read", [h.membership.person.pseudonym], case=case)
    return sa.HandoverSerializer(_handover_dict(h, "" if decision else str(decision.reason))).data


class OfferedHandoversView(ApiView):
    @extend_schema(
        tags=[CLOSING],
        operation_id="handovers_list",
        summary="Overdrachten aan mijn organisatie (zoals de pagina Overdrachten)",
        responses=with_errors({200: sa.HandoverSerializer(many=True)}, 403),
    )
    def get(self, request):
        user = request.user
        if not policies.allowed(user, "handover.list"):
            raise exceptions.PermissionDenied(_("Uw rol ontvangt geen overdrachten."))
        rows = closing.offered_to(user)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        data = [_handover_dict(h, getattr(h, "withheld", "")) for h in page]
        return paginator.get_paginated_response(sa.HandoverSerializer(data, many=True).data)


class HandoverAnswerView(ApiView):
    @extend_schema(
        tags=[CLOSING],
        summary="Een overdracht accepteren of weigeren (alleen de ontvangende organisatie)",
        description="Weigeren vraagt een reden. Een tweede antwoord geeft 409. Voor andere organisaties "
        "bestaat de overdracht niet (404), zoals op de pagina.",
        request=sa.HandoverAnswerSerializer,
        responses=with_errors({200: sa.HandoverSerializer}, 400, 403, 404, 409, 413),
    )
    def post(self, request, pk):
        user = request.user
        handover = (
            Handover.objects.select_related("case")
            .filter(pk=pk, to_organisation_id=user.organisation_id or 0)
            .first()
        )
        if handover is None or not access.can_view_case(user, handover.case):
            raise exceptions.NotFound()
        case = handover.case
        if not closing.may_answer(user, handover):
            raise exceptions.PermissionDenied(
                _("Alleen de organisatie waaraan is overgedragen kan de overdracht beantwoorden.")
            )
        if handover.status != HandoverStatus.OFFERED:
            raise Conflict(_("Deze overdracht is al beantwoord."))
        data = self.validated(sa.HandoverAnswerSerializer)
        closing.answer_handover(
            handover,
            actor=user,
            accept=data["accept"],
            reason=data["reason"],
            confirmed_findings=_confirmed(data),
        )
        return Response(_one_handover(user, case, handover.pk))


class RetentionView(ApiView):
    @extend_schema(
        tags=[CLOSING],
        summary="De bewaartermijn vaststellen (procesregisseur, coördinator, privacyfunctionaris)",
        description="Zonder `keep_until`: de termijn van het convenant ('Conform convenant'); een andere "
        "datum vraagt een motivering. In stap 7 of na het afsluiten.",
        parameters=[IDEMPOTENCY],
        request=sa.RetentionCreateSerializer,
        responses=with_errors({201: sa.RetentionSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case, _officer = _closing_case(user, pk)
        if not closing.may_set_retention(user, case):
            raise exceptions.PermissionDenied(
                _(
                    "Alleen de procesregisseur, de uitvoeringscoördinator of de privacyfunctionaris kan dit doen."
                )
            )
        data = self.validated(sa.RetentionCreateSerializer)
        closing.set_retention(
            case,
            actor=user,
            keep_until=data.get("keep_until"),
            motivation=data["motivation"],
            confirmed_findings=_confirmed(data),
        )
        case.refresh_from_db()
        return Response(sa.RetentionSerializer(_retention(user, case)).data, status=status.HTTP_201_CREATED)


class LegalHoldView(ApiView):
    @extend_schema(
        tags=[CLOSING],
        summary="Bewaarplicht instellen of opheffen (privacyfunctionaris, procesregisseur)",
        description="Zolang de bewaarplicht geldt, verwijdert de bewaartermijn niets. Eerst de "
        "bewaartermijn vaststellen. Gelogd per jongere (`case.legal_hold`).",
        request=sa.LegalHoldSerializer,
        responses=with_errors({200: sa.RetentionSerializer}, 400, 403, 404, 409, 413),
    )
    def post(self, request, pk):
        user = request.user
        case, _officer = _closing_case(user, pk)
        if not closing.may_set_legal_hold(user, case):
            raise exceptions.PermissionDenied(
                _("Alleen de privacyfunctionaris of de procesregisseur stelt een bewaarplicht in.")
            )
        data = self.validated(sa.LegalHoldSerializer)
        closing.set_legal_hold(
            case, actor=user, on=data["on"], reason=data["reason"], confirmed_findings=_confirmed(data)
        )
        case.refresh_from_db()
        return Response(sa.RetentionSerializer(_retention(user, case)).data)


def _evaluation_body(user, case) -> dict:
    evaluation = Evaluation.objects.filter(case=case).first()
    can_manage = access.can_manage_case(user, case)
    in_step = case.step == Step.AFRONDEN and case.is_open
    is_open = evaluation is not None and evaluation.discussed_on is None
    figures = closing.evaluation_figures(evaluation, case)
    lines = measured_lines(figures)
    contributions = (
        list(evaluation.contributions.select_related("organisation", "author")) if evaluation else []
    )
    return sa.EvaluationSerializer(
        {
            "case": case.pk,
            "opened": evaluation is not None,
            "discussed_on": evaluation.discussed_on if evaluation else None,
            "forum": evaluation.forum if evaluation else "",
            "summary": evaluation.summary if evaluation else "",
            "measured": figures,
            "criteria": [
                {"code": code, "label": label, "measured": lines.get(code, [])}
                for code, label in Criterion.choices
            ],
            "contributions": contributions,
            "may_open": evaluation is None and can_manage and in_step,
            "may_contribute": is_open and closing.may_contribute(user, case),
            "may_discuss": is_open and can_manage and in_step,
        }
    ).data


def _evaluation_or_409(case) -> Evaluation:
    evaluation = Evaluation.objects.filter(case=case).first()
    if evaluation is None:
        raise Conflict(_("De evaluatie is nog niet geopend."))
    return evaluation


class EvaluationView(ApiView):
    @extend_schema(
        tags=[CLOSING],
        operation_id="cases_evaluation_retrieve",
        summary="De evaluatie: door het systeem gemeten criteria en de bijdragen van de partners",
        responses=with_errors({200: sa.EvaluationSerializer}, 404),
    )
    def get(self, request, pk):
        user = request.user
        return Response(_evaluation_body(user, _case(user, pk)))

    @extend_schema(
        tags=[CLOSING],
        operation_id="cases_evaluation_create",
        summary="De evaluatie openen (procesregisseur, coördinator; stap 7)",
        description="201 bij openen; 200 als de evaluatie al open was.",
        request=None,
        responses=with_errors({201: sa.EvaluationSerializer, 200: sa.EvaluationSerializer}, 403, 404, 409),
    )
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _require_manager(user, case)
        existed = Evaluation.objects.filter(case=case).exists()
        closing.open_evaluation(case, actor=user)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(_evaluation_body(user, case), status=code)


class ContributionView(ApiView):
    @extend_schema(
        tags=[CLOSING],
        summary="De bijdrage van uw organisatie aan de evaluatie (per criterium; deelnemende partners)",
        description="Eén bijdrage per organisatie: opnieuw versturen werkt haar bij, tot de bespreking. "
        "Groepsniveau: de privacytoets controleert de teksten.",
        request=sa.ContributionCreateSerializer,
        responses=with_errors({200: sa.ContributionSerializer}, 400, 403, 404, 409, 413),
    )
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        evaluation = _evaluation_or_409(case)
        if not closing.may_contribute(user, case):
            raise exceptions.PermissionDenied(
                _("Alleen de deelnemende organisaties schrijven een bijdrage aan de evaluatie.")
            )
        if evaluation.discussed_on is not None:
            raise Conflict(_("De evaluatie is al besproken in het overleg; bijdragen liggen vast."))
        data = self.validated(sa.ContributionCreateSerializer)
        contribution = closing.save_contribution(
            evaluation,
            actor=user,
            texts={code: data.get(code, "") for code in Criterion.values},
            confirmed_findings=_confirmed(data),
        )
        return Response(sa.ContributionSerializer(contribution).data)


class DiscussionView(ApiView):
    @extend_schema(
        tags=[CLOSING],
        summary="De bespreking van de evaluatie in het overleg vastleggen (de cijfers liggen dan vast)",
        request=sa.DiscussionSerializer,
        responses=with_errors({200: sa.EvaluationSerializer}, 400, 403, 404, 409, 413),
    )
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        _require_manager(user, case)
        evaluation = _evaluation_or_409(case)
        if evaluation.discussed_on is not None:
            raise Conflict(_("De bespreking van de evaluatie is al vastgelegd."))
        data = self.validated(sa.DiscussionSerializer)
        closing.record_discussion(
            evaluation,
            actor=user,
            discussed_on=data["discussed_on"],
            forum=data["forum"],
            summary=data["summary"],
            confirmed_findings=_confirmed(data),
        )
        return Response(_evaluation_body(user, case))
