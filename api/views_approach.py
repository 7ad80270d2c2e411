"""Steps 5–7 through the API: the same services and reads as the pages (approach.*).

Every case is loaded through privacy.access (404 outside the caller's visibility); who may
act is asked of the same predicates the pages use (privacy.access, privacy.policies, also
through monitoring.actions.may_* and closing.services.may_*), a refusal on a visible
object being 403; every write is the service function of the page; member-aimed actions
and hand-overs name the member only for who may receive personal data, the read logged
exactly as the page does (monitoring.reads.visible_actions/log_shown/action_for/my_actions,
closing.reads.handovers_for)."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, parsers

from accounts.models import Organisation, User
from closing import reads as closing_reads
from closing import services as closing
from closing.models import Criterion, Handover
from documents.evaluation import measured_lines
from monitoring import actions as action_services
from monitoring import reads as action_reads
from monitoring import services as monitoring
from monitoring.models import Action, Measurement
from plans import reads as approach_reads
from plans import services as plan_services
from plans.reads import plan_diff
from privacy import access, policies
from privacy.categories import Category

from . import serializers_approach as sa
from .base import (
    ApiView,
    CaseView,
    ObjectView,
    Shown,
    allowed,
    by_decision,
    case_open,
    endpoint,
    manager,
    or_404,
    or_invalid,
    policy,
    uploaded_csv,
    youth_or_invalid,
)
from .exceptions import Conflict, invalid
from .parsers import CSVFileParser
from .views_analysis import VersionedView

PLAN, ACTIONS, MONITORING, CLOSING = "plan van aanpak", "acties", "monitoring", "afronden en evalueren"
# the page's rule for recording measurements: a partner that may supply group data, while the case is open
RECORDERS = (by_decision(lambda user, case: access.can_supply(user, case, Category.GROUP)), case_open)


# --- step 5: the plan of approach ----------------------------------------------------------------


class PlanVersions(VersionedView):
    tag = PLAN
    version_serializer = sa.PlanVersionSerializer

    def versions(self):
        return self.case.approach_plans.select_related("author", "author_organisation").order_by("-number")

    def show(self, version, in_force_number) -> Shown:
        content, withheld = approach_reads.plan_for(self.user, self.case, version)
        return Shown(
            version,
            current=version.number == in_force_number,
            content=content,
            withheld={"measures.membership": withheld} if withheld else {},
        )


class PlanView(PlanVersions):
    @endpoint(ok=sa.PlanSerializer)
    def get(self, request, pk):
        """Het plan van aanpak: de versie die geldt en de lijst van versies"""
        return self.respond(sa.PlanSerializer, self.overview())

    @endpoint(request=sa.PlanWriteSerializer, creates=sa.PlanVersionSerializer)
    def post(self, request, pk):
        """Nieuwe versie van het plan opslaan (procesregisseur, coördinator; stap 5–6)

        `version` is het nummer waarop u voortbouwt; 409 `stale_version` als iemand intussen een nieuwere
        versie opsloeg. Vanaf versie 2 is `reason` verplicht."""
        return self.save(plan_services.save_plan, self.input(sa.PlanWriteSerializer))


class PlanVersionView(PlanVersions):
    @endpoint(operation_id="cases_plan_version_retrieve", ok=sa.PlanVersionSerializer)
    def get(self, request, pk, number):
        """Eén versie van het plan van aanpak"""
        return self.one_version()


def _changes(fields) -> list:
    return [Shown(f, words=[{"op": op, "text": text} for op, text in f.words]) for f in fields]


class PlanCompareView(CaseView):
    tag = PLAN

    @endpoint(
        operation_id="cases_plan_compare_retrieve",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.INT, description="Versienummer (oud)."),
            OpenApiParameter("to", OpenApiTypes.INT, description="Versienummer (nieuw)."),
        ],
        ok=sa.PlanCompareSerializer,
        errors=(400, 404, 409),
    )
    def get(self, request, pk):
        """Twee versies van het plan vergelijken (zoals de pagina: per onderdeel wat erbij kwam, verviel of
        wijzigde)

        Zonder `from`/`to`: de vorige tegen de geldende versie. Een jongere bij een maatregel heet alleen bij
        naam voor wie persoonsgegevens mag ontvangen (gelogd)."""
        case = self.case
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
        sections, summary, withheld = plan_diff(
            request.user, case, old.content, new.content, "approach_plan.compare"
        )
        body = {
            "case": case.pk,
            "from_version": old.number,
            "to_version": new.number,
            "summary": summary,
            "sections": [
                Shown(
                    sec,
                    items=[Shown(i, fields=_changes(i.fields)) for i in sec.items],
                    fields=_changes(sec.fields),
                )
                for sec in sections
            ],
            "withheld": {"measures.membership": withheld} if withheld else {},
        }
        return self.respond(sa.PlanCompareSerializer, body)


# --- step 6: actions ---------------------------------------------------------------------------


def _shown_action(action, withheld: str = "") -> Shown:
    """An action as ActionSerializer shows it: the member by name, or else the reason it is
    withheld. Whether the user may see the action was decided by the read that found it."""
    if withheld:
        return Shown(action, membership_id=None, member_name="", withheld={"membership": withheld})
    return Shown(
        action, member_name=action.membership.person.full_name if action.membership_id else "", withheld={}
    )


def _escalations(action):
    return list(action.escalations.select_related("escalated_by", "outcome_by").order_by("level"))


def _updater(user, action) -> None:
    """privacy.policies "action.update": 403 with its reason (a closed case: the service's 409)."""
    decided = policies.check(user, "action.update", obj=action)
    if not decided and action.case.is_open:
        raise exceptions.PermissionDenied(str(decided.reason))


class ActionView(CaseView):
    # /cases/<pk>/actions…; writes on actions are the regie's unless a view says otherwise.
    tag = ACTIONS
    permission = manager()

    def actions(self):
        return Action.objects.select_related(
            "case__group", "organisation", "owner", "membership__person", "created_by"
        ).filter(case=self.case)

    def get_action(self):
        """The action when the user may see it (a member read logged as the page does), else 404."""
        action = or_404(self.actions(), pk=self.kwargs["action_pk"])
        action.case = self.case
        shown, _reason = action_reads.action_for(self.user, action)
        if shown is None:
            raise exceptions.NotFound()
        return action

    def detail(self, action, *, withheld: str = "") -> Shown:
        """The action with its history and escalation line; the member named unless `withheld`."""
        may_update = policies.check(self.user, "action.update", obj=action)
        return Shown(
            _shown_action(action, withheld),
            history=list(action.updates.select_related("actor").order_by("at", "pk")),
            escalation={**action_services.escalation_state(action), "escalations": _escalations(action)},
            may_update=bool(may_update),
            may_update_reason="" if may_update else str(may_update.reason),
            may_escalate=policies.allowed(self.user, "action.escalate", case=self.case),
        )


class ActionListView(ActionView):
    @endpoint(
        operation_id="cases_actions_list",
        parameters=[sa.ActionFilterSerializer],
        ok=sa.ActionPageSerializer,
        errors=(400, 404),
    )
    def get(self, request, pk):
        """De acties van de casus (zoals de pagina Acties), met filters

        Acties gericht op een jongere alleen voor wie persoonsgegevens mag ontvangen (gelogd als
        `approach_actions.read`); voor anderen ontbreken ze en staat de reden onder `withheld.member_actions`.
        De voortgang per spoor en partner: `/actions/progress`."""
        user, case = request.user, self.case
        filters = self.validated(sa.ActionFilterSerializer, data=request.query_params)
        visible, withheld = action_reads.visible_actions(
            user,
            case,
            track=filters.get("track", ""),
            status=filters.get("status", ""),
            partner=filters.get("partner"),
        )
        paginator, page = self.page(visible.select_related("created_by"))
        action_reads.log_shown(user, case, page)
        response = paginator.get_paginated_response(
            sa.ActionSerializer(map(_shown_action, page), many=True).data
        )
        response.data["withheld"] = {"member_actions": withheld} if withheld else {}
        return response

    @endpoint(request=sa.ActionCreateSerializer, creates=sa.ActionDetailSerializer)
    def post(self, request, pk):
        """Actie toevoegen uit een maatregel van het plan (procesregisseur, coördinator; stap 5–6)

        Spoor, doelwit en partner komen uit de maatregel. Een actie gericht op een jongere maakt alleen wie
        persoonsgegevens mag verstrekken. De beschrijving gaat door de privacytoets."""
        user, case = request.user, self.case
        data = self.checked_input(sa.ActionCreateSerializer)
        organisation = owner = None
        if data.get("organisation"):
            choices = Organisation.objects.filter(municipality_id=case.municipality_id)
            message = _("Kies een partner uit de gemeente van deze casus.")
            organisation = or_invalid(choices, "organisation", message, pk=data["organisation"])
        if data.get("owner"):
            choices = User.objects.filter(is_active=True, organisation__municipality_id=case.municipality_id)
            message = _("Deze medewerker bestaat niet of werkt niet in deze gemeente.")
            owner = or_invalid(choices, "owner", message, pk=data["owner"])
        action = action_services.add_action(
            case,
            actor=user,
            measure_key=data["measure"],
            organisation=organisation,
            owner=owner,
            description=data["description"],
            due_date=data["due_date"],
            confirmed_findings=data["confirmed_findings"],
        )
        action = self.actions().get(pk=action.pk)
        # As its author may see it: a member's name only for who may receive personal data
        # (then logged as a read, like the page the author is sent to).
        reason = action_reads.action_for(user, action)[1] if action.membership_id else ""
        return self.created(sa.ActionDetailSerializer, self.detail(action, withheld=reason))


class ActionDetailView(ActionView):
    permission = _updater

    @endpoint(operation_id="cases_actions_retrieve", ok=sa.ActionDetailSerializer)
    def get(self, request, pk, action_pk):
        """Eén actie: gegevens, geschiedenis, escalatielijn

        Een actie gericht op een jongere bestaat voor wie geen persoonsgegevens mag ontvangen niet (404); voor
        wie wel, is de inzage gelogd (`approach_action.read`)."""
        return self.respond(sa.ActionDetailSerializer, self.detail(self.get_action()))

    @endpoint(
        operation_id="cases_actions_partial_update",
        request=sa.ActionUpdateSerializer,
        ok=sa.ActionDetailSerializer,
    )
    def patch(self, request, pk, action_pk):
        """Status, resultaat of deadline bijwerken (de uitvoerende partner of de coördinator)

        De wijziging komt in de geschiedenis van de actie. Alleen de coördinator verzet de deadline. Het
        resultaat gaat door de privacytoets."""
        action = self.get_action()
        self.check_permission(action)
        data = self.input(sa.ActionUpdateSerializer)
        action_services.update_action(
            action,
            actor=request.user,
            status=data.get("status") or action.status,
            result_note=data.get("result_note", ""),
            due_date=data.get("due_date"),
            confirmed_findings=data["confirmed_findings"],
        )
        return self.respond(sa.ActionDetailSerializer, self.detail(self.actions().get(pk=action.pk)))


class EscalationListView(ActionView):
    @endpoint(operation_id="cases_actions_escalations_retrieve", ok=sa.EscalationStateSerializer)
    def get(self, request, pk, action_pk):
        """De escalatielijn van het besluit en waar deze actie daarop staat"""
        action = self.get_action()
        body = {**action_services.escalation_state(action), "escalations": _escalations(action)}
        return self.respond(sa.EscalationStateSerializer, body)

    @endpoint(
        operation_id="cases_actions_escalations_create",
        request=sa.EscalateSerializer,
        creates=sa.EscalationSerializer,
    )
    def post(self, request, pk, action_pk):
        """Escaleren naar het volgende niveau (procesregisseur, coördinator)

        Alleen een actie die niet is nagekomen of te laat is; niet zolang de vorige escalatie geen uitkomst
        heeft, en niet voorbij de top van de lijn."""
        action = self.get_action()
        escalation = self.write(action_services.escalate, action, sa.EscalateSerializer)
        return self.created(sa.EscalationSerializer, _escalations_of(action).get(pk=escalation.pk))


def _escalations_of(action):
    return action.escalations.select_related("escalated_by", "outcome_by")


class EscalationOutcomeView(ActionView):
    @endpoint(request=sa.EscalationOutcomeSerializer, ok=sa.EscalationSerializer)
    def post(self, request, pk, action_pk, escalation_pk):
        """De uitkomst van een escalatie vastleggen (eenmalig; procesregisseur, coördinator)"""
        action = self.get_action()
        escalation = or_404(action.escalations, pk=escalation_pk)
        self.write(action_services.record_escalation_outcome, escalation, sa.EscalationOutcomeSerializer)
        return self.respond(sa.EscalationSerializer, _escalations_of(action).get(pk=escalation.pk))


class ActionProgressView(CaseView):
    tag = ACTIONS

    @endpoint(ok=sa.ActionProgressSerializer)
    def get(self, request, pk):
        """Voortgang van de acties: totaal, per spoor en per partner (alleen aantallen)"""
        return self.respond(sa.ActionProgressSerializer, action_reads.progress(self.case))


class MyActionsView(ApiView):
    tag = ACTIONS

    @endpoint(ok=sa.MyActionSerializer(many=True))
    def get(self, request):
        """Mijn acties: van mij of van mijn organisatie (zonder eigenaar), in open casussen

        Open acties en die van de laatste 14 dagen; te laat eerst. Zoals de pagina Mijn acties (inzage van
        jongeren gelogd als `my_actions.read`)."""
        paginator, page = self.page(action_reads.my_actions(request.user))
        prefetch_related_objects(page, "created_by")  # one query, not one per row
        return paginator.get_paginated_response(
            sa.MyActionSerializer(map(_shown_action, page), many=True).data
        )


# --- step 6: monitoring ---------------------------------------------------------------------------


def _shown_indicator(indicator, deadline) -> Shown:
    rows = sorted(indicator.measurements.all(), key=lambda m: m.period_start)
    status = monitoring.status(indicator, rows, deadline=deadline)
    latest = status.latest
    return Shown(
        indicator,
        status=Shown(
            status,
            latest_value=latest.value if latest else None,
            latest_period=latest.period_start if latest else None,
        ),
        chart_summary=monitoring.chart_summary(indicator, rows),
        measurements=rows,
    )


class IndicatorView(CaseView):
    # /cases/<pk>/indicators…: measurements are recorded by the coordinator or a partner.
    tag = MONITORING
    permission = RECORDERS

    def indicators(self):
        return self.case.indicators.select_related("created_by").prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.select_related("recorded_by"))
        )

    def get_indicator(self, pk=None):
        return or_404(self.indicators(), pk=self.kwargs["indicator_pk"] if pk is None else pk)

    def indicator_response(self, indicator, code=200):
        due = monitoring.deadlines(self.case)
        return self.respond(
            sa.IndicatorSerializer, _shown_indicator(indicator, due.get(indicator.result_key)), code
        )


class IndicatorListView(IndicatorView):
    permission = manager()

    @endpoint(operation_id="cases_indicators_list", ok=sa.IndicatorSerializer(many=True))
    def get(self, request, pk):
        """De effectindicatoren, elk met status en metingen (groepsniveau)"""
        due = monitoring.deadlines(self.case)
        rows = [_shown_indicator(i, due.get(i.result_key)) for i in self.indicators()]
        return self.paginate(rows, sa.IndicatorSerializer)

    @endpoint(request=sa.IndicatorCreateSerializer, creates=sa.IndicatorSerializer)
    def post(self, request, pk):
        """Effectindicator toevoegen: vrij, of uit een SMART-resultaat van het plan (`result_key`)

        Procesregisseur en coördinator, stap 5–6. Naam en eenheid gaan door de privacytoets."""
        case = self.case
        data = self.checked_input(sa.IndicatorCreateSerializer)
        common = {k: data[k] for k in ("source", "signal_behaviours", "confirmed_findings")}
        if data["result_key"]:
            indicator = monitoring.indicator_from_result(
                case, actor=request.user, result_key=data["result_key"], **common
            )
        else:
            own = {k: data[k] for k in ("name", "unit", "baseline", "target", "direction")}
            indicator = monitoring.add_indicator(case, actor=request.user, **own, **common)
        return self.indicator_response(self.get_indicator(indicator.pk), 201)


class IndicatorDetailView(IndicatorView):
    @endpoint(operation_id="cases_indicators_retrieve", ok=sa.IndicatorSerializer)
    def get(self, request, pk, indicator_pk):
        """Eén effectindicator met al zijn metingen (en hun geschiedenis)"""
        return self.indicator_response(self.get_indicator())


class MeasurementView(IndicatorView):
    @endpoint(request=sa.MeasurementCreateSerializer, creates=sa.MeasurementSerializer)
    def post(self, request, pk, indicator_pk):
        """Meting vastleggen (coördinator of deelnemende partner; stap 5–7)

        Een periode opnieuw invoeren vervangt de waarde; de oude blijft in de geschiedenis. Niet voor
        indicatoren die uit de signalen worden berekend."""
        indicator = self.get_indicator()
        measurement = self.write(monitoring.record_measurement, indicator, sa.MeasurementCreateSerializer)
        measurement = Measurement.objects.select_related("recorded_by").get(pk=measurement.pk)
        return self.created(sa.MeasurementSerializer, measurement)


class IndicatorImportView(IndicatorView):
    parser_classes = [parsers.MultiPartParser, CSVFileParser]

    @endpoint(
        request={"text/csv": OpenApiTypes.STR, "multipart/form-data": OpenApiTypes.OBJECT},
        ok=sa.ImportResultSerializer,
        idempotent=True,
    )
    def post(self, request, pk):
        """Metingen importeren uit CSV (alles of niets)

        text/csv, of multipart met een deel `file`. Kolommen `indicator;periode;waarde;toelichting` (ook met
        komma's); indicator = naam of id. Bij fouten wordt niets opgeslagen en staan de fouten per regel onder
        `errors.file`."""
        self.check_permission()
        upload = uploaded_csv(request)
        if getattr(upload, "size", 0) > monitoring.CSV_MAX_BYTES:
            raise invalid("file", _("Het bestand is te groot (ten hoogste 1 MB)."))
        count, errors = monitoring.import_measurements_csv(self.case, actor=request.user, file=upload)
        if errors:
            raise exceptions.ValidationError({"file": errors})
        return self.respond(sa.ImportResultSerializer, {"imported": count})


class IndicatorComputeView(IndicatorView):
    @endpoint(request=None, ok=sa.IndicatorSerializer, errors=(400, 403, 404, 409))
    def post(self, request, pk, indicator_pk):
        """Een indicator uit de signalen berekenen (aantal signalen per week)"""
        indicator = self.get_indicator()
        self.check_permission()
        monitoring.compute_from_signals(indicator, actor=request.user)
        return self.indicator_response(self.get_indicator())


class ProgressReportListView(CaseView):
    tag = MONITORING
    permission = manager()

    @endpoint(operation_id="cases_progress_reports_list", ok=sa.ProgressReportSerializer(many=True))
    def get(self, request, pk):
        """Voortgangsrapportages aan het overleg (nieuwste eerst)"""
        reports = self.case.progress_reports.select_related("created_by").order_by("-number")
        return self.paginate(reports, sa.ProgressReportSerializer)

    @endpoint(request=sa.ProgressReportCreateSerializer, creates=sa.ProgressReportSerializer)
    def post(self, request, pk):
        """Voortgangsrapportage maken over een periode (procesregisseur, coördinator)

        Samengesteld uit plan, acties, escalaties, indicatoren en crisisbriefings; de privacytoets controleert
        wat mensen erin schreven. Onveranderlijk."""
        case = self.case
        report = self.write(monitoring.generate_progress_report, case, sa.ProgressReportCreateSerializer)
        report = case.progress_reports.select_related("created_by").get(pk=report.pk)
        return self.created(sa.ProgressReportSerializer, report)


class CrisisView(CaseView):
    tag = MONITORING
    permission = manager()

    def crisis_response(self, code=200):
        state = monitoring.crisis_state(self.case)
        body = {
            "active": state.active,
            "periods": state.periods,
            "briefings": state.briefings,
            "today": state.today,
        }
        return self.respond(sa.CrisisSerializer, body, code)

    @endpoint(operation_id="cases_crisis_retrieve", ok=sa.CrisisSerializer)
    def get(self, request, pk):
        """De crisismodus: lopende periode, eerdere periodes, dagbriefings"""
        return self.crisis_response()

    @endpoint(
        operation_id="cases_crisis_create",
        request=sa.CrisisStartSerializer,
        creates=sa.CrisisSerializer,
    )
    def post(self, request, pk):
        """De crisismodus starten (procesregisseur, coördinator; stap 5–6)"""
        data = self.checked_input(sa.CrisisStartSerializer)
        monitoring.start_crisis(self.case, actor=request.user, **data)
        return self.crisis_response(201)

    @endpoint(operation_id="cases_crisis_destroy", ok=sa.CrisisSerializer)
    def delete(self, request, pk):
        """De crisismodus beëindigen (procesregisseur, coördinator)"""
        self.check_permission()
        period = monitoring.active_crisis(self.case)
        if period is None:
            raise Conflict(_("Er loopt geen crisisperiode."))
        monitoring.end_crisis(period, actor=request.user)
        return self.crisis_response()


class BriefingView(CaseView):
    tag = MONITORING
    permission = RECORDERS

    @endpoint(request=sa.BriefingCreateSerializer, creates=sa.BriefingSerializer)
    def post(self, request, pk):
        """Dagbriefing in de crisismodus (coördinator of deelnemende partner)

        Eén per dag; opnieuw versturen voor dezelfde dag werkt hem bij."""
        data = self.checked_input(sa.BriefingCreateSerializer)
        return self.created(
            sa.BriefingSerializer, monitoring.save_briefing(self.case, actor=request.user, **data)
        )


# --- step 7: closing -------------------------------------------------------------------------------


def _shown_decision(case, decision) -> Shown:
    plan_version = decision.plan.number if decision.plan_id else None
    return Shown(decision, plan_version=plan_version, results=closing.tested_results(case, decision))


class ClosingCaseView(CaseView):
    # As the closing page: the privacy officer of the municipality reaches only the
    # retention part of a case (policy retention.set); everyone else goes through
    # cases.reads.case_or_404.
    tag = CLOSING

    def load(self):
        case, self.officer_only = closing_reads.case_for_closing(self.user, self.kwargs["pk"])
        return case

    def retention(self) -> Shown:
        case = self.case
        return Shown(
            case,
            covenant_months=closing.covenant_retention_months(case),
            default_keep_until=closing.default_keep_until(case),
            current=closing.current_retention(case),
            history=list(case.retention_decisions.select_related("decided_by")),
            may_set_retention=self.rights()["may_retention"],
            may_set_legal_hold=self.rights()["may_hold"],
        )

    def rights(self) -> dict:
        return closing_reads.closing_rights(self.user, self.case, self.officer_only)

    def retention_response(self, code=200):
        self.case.refresh_from_db()
        return self.respond(sa.RetentionSerializer, self.retention(), code)


class ClosingView(ClosingCaseView):
    permission = allowed(
        lambda user, case: (
            not policies.allowed(user, "closing.retention_only")
            and policies.allowed(user, "closing.decide", case=case)
        ),
        "Alleen een gemandateerde beslisser van deze gemeente legt het besluit vast.",
    )

    @endpoint(operation_id="cases_closing_retrieve", ok=sa.ClosingSerializer)
    def get(self, request, pk):
        """Afronden: de checklist (poort), besluiten, voorgestelde resultaten, bewaartermijn

        De privacyfunctionaris van de gemeente ziet alleen de bewaartermijn en de bewaarplicht; de rest
        ontbreekt en staat onder `withheld`."""
        case = self.case
        case.refresh_from_db()
        data = {
            "case": case.pk,
            "step": case.step,
            "may_decide": self.rights()["may_decide"],
            "retention": self.retention(),
            "withheld": {},
        }
        if self.officer_only:
            reason = _("de privacyfunctionaris ziet alleen de bewaartermijn en de bewaarplicht")
            withheld = {"checklist": reason, "decisions": reason, "proposed_results": reason}
            return self.respond(sa.ClosingSerializer, {**data, "withheld": withheld})
        data.update(
            checklist=[{"label": label, "done": done} for label, done in closing.checklist(case)],
            decisions=[
                _shown_decision(case, d) for d in case.closing_decisions.select_related("recorded_by", "plan")
            ],
            proposed_results=closing.proposed_results(case),
        )
        return self.respond(sa.ClosingSerializer, data)

    @endpoint(
        operation_id="cases_closing_create",
        request=sa.ClosingDecisionCreateSerializer,
        creates=sa.ClosingDecisionSerializer,
    )
    def post(self, request, pk):
        """Het besluit tot afschalen of stoppen vastleggen (beslisser; stap 7)

        Elk SMART-resultaat van het plan dat nu geldt precies één keer getoetst: bereikt ja/nee en de cijfers
        (voorstel in `proposed_results`). Onveranderlijk."""
        case = self.case
        data = self.checked_input(sa.ClosingDecisionCreateSerializer)
        data["results"] = [dict(r) for r in data["results"]]
        decision = closing.record_closing_decision(case, actor=request.user, **data)
        decision = case.closing_decisions.select_related("recorded_by", "plan").get(pk=decision.pk)
        return self.created(sa.ClosingDecisionSerializer, _shown_decision(case, decision))


class RetentionView(ClosingCaseView):
    permission = policy(
        "retention.set",
        "Alleen de procesregisseur, de uitvoeringscoördinator of de privacyfunctionaris kan dit doen.",
    )

    @endpoint(request=sa.RetentionCreateSerializer, creates=sa.RetentionSerializer)
    def post(self, request, pk):
        """De bewaartermijn vaststellen (procesregisseur, coördinator, privacyfunctionaris)

        Zonder `keep_until`: de termijn van het convenant ('Conform convenant'); een andere datum vraagt een
        motivering. In stap 7 of na het afsluiten."""
        self.write(closing.set_retention, self.case, sa.RetentionCreateSerializer)
        return self.retention_response(201)


class LegalHoldView(ClosingCaseView):
    permission = policy(
        "legal_hold.set", "Alleen de privacyfunctionaris of de procesregisseur stelt een bewaarplicht in."
    )

    @endpoint(request=sa.LegalHoldSerializer, ok=sa.RetentionSerializer)
    def post(self, request, pk):
        """Bewaarplicht instellen of opheffen (privacyfunctionaris, procesregisseur)

        Zolang de bewaarplicht geldt, verwijdert de bewaartermijn niets. Eerst de bewaartermijn vaststellen.
        Gelogd per jongere (`case.legal_hold`)."""
        self.write(closing.set_legal_hold, self.case, sa.LegalHoldSerializer)
        return self.retention_response()


# --- step 7: hand-overs ----------------------------------------------------------------------------


def _shown_handover(h) -> Shown:
    """As closing.reads annotates it: the member's name and whether the caller may answer;
    the membership withheld with its reason."""
    hidden = bool(h.membership_id and h.withheld)
    return Shown(
        h,
        membership=None if hidden else h.membership_id,
        person=None if hidden or not h.membership_id else h.membership.person_id,
        withheld={"membership": h.withheld} if hidden else {},
    )


def _one_handover(user, case, handover_pk) -> Shown:
    """One hand-over as closing.reads.handovers_for shows it (a youth's name read logged)."""
    return _shown_handover(closing_reads.handovers_for(user, case, pk=handover_pk)[0][0])


class HandoverListView(CaseView):
    tag = CLOSING
    permission = manager()

    @endpoint(operation_id="cases_handovers_list", ok=sa.HandoverSerializer(many=True))
    def get(self, request, pk):
        """Overdrachten van de casus (zoals de pagina Afronden)

        Een jongere bij naam alleen voor wie persoonsgegevens mag ontvangen (gelogd als `handover.read`);
        anders ontbreekt de vermelding en staat de reden onder `withheld`."""
        handovers, _withheld = closing_reads.handovers_for(request.user, self.case)
        return self.paginate(handovers, sa.HandoverSerializer, row=_shown_handover)

    @endpoint(
        operation_id="cases_handovers_create",
        request=sa.HandoverCreateSerializer,
        creates=sa.HandoverSerializer,
    )
    def post(self, request, pk):
        """Overdracht aanbieden: een lopende actie, de begeleiding van één jongere, of een ander onderdeel
        (procesregisseur, coördinator; stap 7)"""
        case = self.case
        data = self.checked_input(sa.HandoverCreateSerializer)
        choices = Organisation.objects.filter(municipality_id=case.municipality_id)
        message = _("Kies een organisatie uit de eigen gemeente.")
        organisation = or_invalid(choices, "to_organisation", message, pk=data["to_organisation"])
        action = None
        if data.get("action"):
            message = _("Deze actie hoort niet bij deze casus.")
            action = or_invalid(case.actions, "action", message, pk=data["action"])
        membership = youth_or_invalid(case.memberships.select_related("person"), data, old="membership")
        handover = closing.offer_handover(
            case,
            actor=request.user,
            to_organisation=organisation,
            what=data["what"],
            action=action,
            membership=membership,
            confirmed_findings=data["confirmed_findings"],
        )
        return self.created(sa.HandoverSerializer, _one_handover(request.user, case, handover.pk))


class OfferedHandoversView(ApiView):
    tag = CLOSING

    @endpoint(operation_id="handovers_list", ok=sa.HandoverSerializer(many=True), errors=(403,))
    def get(self, request):
        """Overdrachten aan mijn organisatie (zoals de pagina Overdrachten)"""
        user = request.user
        if not policies.allowed(user, "handover.list"):
            raise exceptions.PermissionDenied(_("Uw rol ontvangt geen overdrachten."))
        return self.paginate(closing_reads.offered_to(user), sa.HandoverSerializer, row=_shown_handover)


class HandoverAnswerView(ObjectView):
    # /handovers/<pk>/answer: for other organisations than the receiving one the hand-over
    # does not exist (404), as on the page.

    tag = CLOSING
    permission = policy(
        "handover.answer",
        "Alleen de organisatie waaraan is overgedragen kan de overdracht beantwoorden.",
        on="obj",
    )

    def load(self):
        handover = (
            Handover.objects.select_related("case")
            .filter(pk=self.kwargs["pk"], to_organisation_id=self.user.organisation_id or 0)
            .first()
        )
        if handover is None or not access.can_view_case(self.user, handover.case):
            raise exceptions.NotFound()
        return handover

    @endpoint(request=sa.HandoverAnswerSerializer, ok=sa.HandoverSerializer)
    def post(self, request, pk):
        """Een overdracht accepteren of weigeren (alleen de ontvangende organisatie)

        Weigeren vraagt een reden. Een tweede antwoord geeft 409. Voor andere organisaties bestaat de
        overdracht niet (404), zoals op de pagina."""
        handover = self.get_object()
        self.check_permission()
        closing.answer_handover(handover, actor=request.user, **self.input(sa.HandoverAnswerSerializer))
        return self.respond(sa.HandoverSerializer, _one_handover(request.user, handover.case, handover.pk))


# --- step 7: the evaluation ------------------------------------------------------------------------


class EvaluationBase(CaseView):
    # /cases/<pk>/evaluation…: the system's figures and the partners' contributions.
    tag = CLOSING
    permission = manager()

    def evaluation(self):
        return closing_reads.evaluation_of(self.case)

    def open_evaluation(self):
        evaluation = self.evaluation()
        if evaluation is None:
            raise Conflict(_("De evaluatie is nog niet geopend."))
        return evaluation

    def evaluation_response(self, code=200):
        user, case = self.user, self.case
        evaluation = self.evaluation()
        rights = closing_reads.evaluation_rights(user, case, evaluation)
        figures = closing.evaluation_figures(evaluation, case)
        lines = measured_lines(figures)
        body = {
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
            "contributions": list(evaluation.contributions.select_related("organisation", "author"))
            if evaluation
            else [],
            "may_open": rights["may_open"],
            "may_contribute": rights["may_contribute"],
            "may_discuss": rights["may_discuss"],
        }
        return self.respond(sa.EvaluationSerializer, body, code)


class EvaluationView(EvaluationBase):
    @endpoint(operation_id="cases_evaluation_retrieve", ok=sa.EvaluationSerializer)
    def get(self, request, pk):
        """De evaluatie: door het systeem gemeten criteria en de bijdragen van de partners"""
        return self.evaluation_response()

    @endpoint(
        operation_id="cases_evaluation_create",
        request=None,
        ok={201: sa.EvaluationSerializer, 200: sa.EvaluationSerializer},
    )
    def post(self, request, pk):
        """De evaluatie openen (procesregisseur, coördinator; stap 7)

        201 bij openen; 200 als de evaluatie al open was."""
        self.check_permission()
        existed = self.evaluation() is not None
        closing.open_evaluation(self.case, actor=request.user)
        return self.evaluation_response(200 if existed else 201)


class ContributionView(EvaluationBase):
    permission = policy(
        "evaluation.contribute", "Alleen de deelnemende organisaties schrijven een bijdrage aan de evaluatie."
    )

    @endpoint(request=sa.ContributionCreateSerializer, ok=sa.ContributionSerializer)
    def post(self, request, pk):
        """De bijdrage van uw organisatie aan de evaluatie (per criterium; deelnemende partners)

        Eén bijdrage per organisatie: opnieuw versturen werkt haar bij, tot de bespreking. Groepsniveau: de
        privacytoets controleert de teksten."""
        evaluation = self.open_evaluation()
        self.check_permission()
        data = self.input(sa.ContributionCreateSerializer)
        contribution = closing.save_contribution(
            evaluation,
            actor=request.user,
            texts={code: data.get(code, "") for code in Criterion.values},
            confirmed_findings=data["confirmed_findings"],
        )
        return self.respond(sa.ContributionSerializer, contribution)


class DiscussionView(EvaluationBase):
    @endpoint(request=sa.DiscussionSerializer, ok=sa.EvaluationSerializer)
    def post(self, request, pk):
        """De bespreking van de evaluatie in het overleg vastleggen (de cijfers liggen dan vast)"""
        self.check_permission()
        evaluation = self.open_evaluation()
        closing.record_discussion(evaluation, actor=request.user, **self.input(sa.DiscussionSerializer))
        return self.evaluation_response()
