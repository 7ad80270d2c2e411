"""Pages of step 6 monitoring: the effect indicators with their charts, one indicator with
its measurements and their history, the progress reports to the forum, and crisis mode
with the daily briefing.

Every page loads the case through privacy.access (404 for who may not see it). All of it
is group level: counts and group-level text, no persons, so nothing here is withheld or
logged per subject. Who may not act gets a 404 on a POST (managers: indicators, reports,
crisis mode; managers and participating partners: measurements and briefings)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from cases import workflow
from cases.models import Step
from cases.reads import case_or_404
from monitoring import services as monitoring
from monitoring.forms import (
    BriefingForm,
    CrisisStartForm,
    FastTrackForm,
    FromResultForm,
    ImportForm,
    IndicatorForm,
    MeasurementForm,
    PublishBriefingForm,
    ReportForm,
    UrgentActionForm,
)
from monitoring.models import Indicator, IndicatorSource
from plans.common import ERRORS, GuardRefused
from privacy import access, policies
from privacy.guarding import confirmation_key, parse_confirmations


def _base(case, user, **extra):
    return {"case": case, "steps": Step.choices, "can_manage": access.can_manage_case(user, case), **extra}


def _confirmed(request):
    return parse_confirmations(request.POST.getlist("guard_confirm"))


def _findings(exc) -> list[dict]:
    return [{"finding": f, "key": confirmation_key(f)} for f in getattr(exc, "findings", [])]


class Card:
    """One indicator on the page: its status, its chart and its measurements."""

    def __init__(self, indicator: Indicator, deadline=None):
        self.indicator = indicator
        self.measurements = sorted(indicator.measurements.all(), key=lambda m: m.period_start)
        self.status = monitoring.status(indicator, self.measurements, deadline=deadline)
        self.chart = monitoring.chart_svg(indicator, self.measurements)
        self.summary = monitoring.chart_summary(indicator, self.measurements)

    @property
    def recent(self):
        return list(reversed(self.measurements[-8:]))


def _cards(case) -> list[Card]:
    due = monitoring.deadlines(case)
    return [Card(i, due.get(i.result_key)) for i in monitoring.indicators(case)]


def _monitoring_rights(user, case):
    """(can_manage, may_record): who adds indicators and makes reports, who records measurements."""
    can_manage = access.can_manage_case(user, case) and case.is_open
    return can_manage, policies.allowed(user, "monitoring.record", case=case)


def _from_result_form(case, data=None):
    results = monitoring.results_in_force(case)
    taken = set(case.indicators.exclude(result_key="").values_list("result_key", flat=True))
    return FromResultForm(data, prefix="res", results=results, taken=taken), results


def _recordable(case):
    return [i for i in case.indicators.all() if i.source != IndicatorSource.SIGNALS]


def _render_monitoring(
    request,
    case,
    *,
    from_result_form=None,
    indicator_form=None,
    measurement_form=None,
    import_form=None,
    import_errors=(),
    report_form=None,
    report_findings=(),
):
    """The monitoring page: for the GET and for a POST that failed (its bound form, its error)."""
    user = request.user
    can_manage, may_record = _monitoring_rights(user, case)
    unbound_from_result, results = _from_result_form(case)
    recordable = _recordable(case)
    schedule = monitoring.report_schedule(case)
    today = timezone.localdate()
    if measurement_form is None:
        measurement_form = MeasurementForm(
            prefix="meting", indicators=recordable, initial={"period_start": monitoring.monday(today)}
        )
    if report_form is None:
        report_form = ReportForm(
            prefix="rap",
            initial={
                "period_from": schedule["next_from"] or today - timedelta(days=42),
                "period_to": today,
                "forum": schedule["forum"],
            },
        )
    return render(
        request,
        "monitoring/monitoring.html",
        _base(
            case,
            user,
            cards=_cards(case),
            can_manage=can_manage,
            may_record=may_record,
            has_results=bool(results),
            from_result_form=from_result_form if from_result_form is not None else unbound_from_result,
            indicator_form=indicator_form
            if indicator_form is not None
            else IndicatorForm(prefix="ind", initial={"direction": "omlaag", "source": "hand"}),
            measurement_form=measurement_form,
            recordable=recordable,
            import_form=import_form if import_form is not None else ImportForm(prefix="csv"),
            import_errors=list(import_errors),
            report_form=report_form,
            report_findings=list(report_findings),
            reports=case.progress_reports.select_related("created_by"),
            schedule=schedule,
            crisis=monitoring.crisis_state(case),
        ),
    )


def _int(value) -> int:
    """A posted primary key, 0 when it is not a number (then the lookup gives a 404)."""
    return int(value) if str(value or "").isdigit() else 0


def _manager_case(request, pk):
    case = case_or_404(request.user, pk)
    if not _monitoring_rights(request.user, case)[0]:
        raise Http404
    return case


def _recorder_case(request, pk):
    case = case_or_404(request.user, pk)
    if not _monitoring_rights(request.user, case)[1]:
        raise Http404
    return case


@login_required
@require_safe
def monitoring_page(request, pk):
    return _render_monitoring(request, case_or_404(request.user, pk))


@login_required
@require_POST
def monitoring_from_result(request, pk):
    case = _manager_case(request, pk)
    form, _results = _from_result_form(case, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            monitoring.indicator_from_result(
                case,
                actor=request.user,
                result_key=data["result_key"],
                source=data["source"],
                signal_behaviours=data["signal_behaviours"],
                confirmed_findings=_confirmed(request),
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Indicator toegevoegd uit het plan van aanpak."))
            return redirect("monitoring:monitoring", pk=case.pk)
    return _render_monitoring(request, case, from_result_form=form)


@login_required
@require_POST
def monitoring_indicator(request, pk):
    case = _manager_case(request, pk)
    form = IndicatorForm(request.POST, prefix="ind")
    if form.is_valid():
        try:
            monitoring.add_indicator(
                case, actor=request.user, confirmed_findings=_confirmed(request), **form.cleaned_data
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Indicator toegevoegd."))
            return redirect("monitoring:monitoring", pk=case.pk)
    return _render_monitoring(request, case, indicator_form=form)


@login_required
@require_POST
def monitoring_measure(request, pk):
    case = _recorder_case(request, pk)
    form = MeasurementForm(request.POST, prefix="meting", indicators=_recordable(case))
    if form.is_valid():
        data = form.cleaned_data
        indicator = get_object_or_404(Indicator, pk=data["indicator"], case=case)
        try:
            monitoring.record_measurement(
                indicator,
                actor=request.user,
                period_start=data["period_start"],
                value=data["value"],
                note=data["note"],
                confirmed_findings=_confirmed(request),
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Meting opgeslagen."))
            return redirect("monitoring:monitoring", pk=case.pk)
    return _render_monitoring(request, case, measurement_form=form)


@login_required
@require_POST
def monitoring_import(request, pk):
    case = _recorder_case(request, pk)
    form = ImportForm(request.POST, request.FILES, prefix="csv")
    import_errors: list[str] = []
    if form.is_valid():
        try:
            count, import_errors = monitoring.import_measurements_csv(
                case, actor=request.user, file=form.cleaned_data["file"]
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            if not import_errors:
                messages.success(
                    request,
                    ngettext("%(n)s meting geïmporteerd.", "%(n)s metingen geïmporteerd.", count)
                    % {"n": count},
                )
                return redirect("monitoring:monitoring", pk=case.pk)
            form.add_error(
                None,
                ngettext(
                    "Het bestand bevat %(n)s fout; er is niets geïmporteerd.",
                    "Het bestand bevat %(n)s fouten; er is niets geïmporteerd.",
                    len(import_errors),
                )
                % {"n": len(import_errors)},
            )
    return _render_monitoring(request, case, import_form=form, import_errors=import_errors)


@login_required
@require_POST
def monitoring_compute(request, pk):
    case = _recorder_case(request, pk)
    indicator = get_object_or_404(Indicator, pk=_int(request.POST.get("indicator")), case=case)
    try:
        stored = monitoring.compute_from_signals(indicator, actor=request.user)
    except ERRORS as exc:
        messages.error(request, str(exc))
        return _render_monitoring(request, case)
    messages.success(
        request,
        ngettext(
            "%(n)s week berekend uit de signalen.",
            "%(n)s weken berekend uit de signalen.",
            len(stored),
        )
        % {"n": len(stored)},
    )
    return redirect("monitoring:monitoring", pk=case.pk)


@login_required
@require_POST
def monitoring_report(request, pk):
    case = _manager_case(request, pk)
    form = ReportForm(request.POST, prefix="rap")
    findings: list[dict] = []
    if form.is_valid():
        try:
            report = monitoring.generate_progress_report(
                case, actor=request.user, confirmed_findings=_confirmed(request), **form.cleaned_data
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
            if isinstance(exc, GuardRefused):
                findings = _findings(exc)
        else:
            messages.success(request, _("Voortgangsrapportage %(n)s gemaakt.") % {"n": report.number})
            return redirect("monitoring:progress_report", pk=case.pk, number=report.number)
    return _render_monitoring(request, case, report_form=form, report_findings=findings)


@login_required
def indicator_page(request, pk, indicator_pk):
    user = request.user
    case = case_or_404(user, pk)
    indicator = get_object_or_404(
        Indicator.objects.prefetch_related("measurements__recorded_by"), pk=indicator_pk, case=case
    )
    may_record = (
        policies.allowed(user, "monitoring.record", case=case) and indicator.source != IndicatorSource.SIGNALS
    )
    form = MeasurementForm(
        prefix="meting",
        indicators=[indicator],
        initial={"indicator": indicator.pk, "period_start": monitoring.monday(timezone.localdate())},
    )
    if request.method == "POST":
        if not may_record:
            raise Http404
        form = MeasurementForm(request.POST, prefix="meting", indicators=[indicator])
        if form.is_valid():
            data = form.cleaned_data
            try:
                monitoring.record_measurement(
                    indicator,
                    actor=user,
                    period_start=data["period_start"],
                    value=data["value"],
                    note=data["note"],
                    confirmed_findings=_confirmed(request),
                )
            except ERRORS as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Meting opgeslagen."))
                return redirect("monitoring:indicator", pk=case.pk, indicator_pk=indicator.pk)
    due = monitoring.deadlines(case).get(indicator.result_key)
    card = Card(indicator, due)
    return render(
        request,
        "monitoring/indicator.html",
        _base(
            case,
            user,
            indicator=indicator,
            card=card,
            deadline=due,
            measurements=list(reversed(card.measurements)),
            form=form,
            may_record=may_record,
        ),
    )


@login_required
def progress_report_page(request, pk, number):
    user = request.user
    case = case_or_404(user, pk)
    report = get_object_or_404(case.progress_reports.select_related("created_by"), number=number)
    return render(
        request,
        "monitoring/progress_report.html",
        _base(case, user, report=report, paragraphs=report.body.split("\n\n")),
    )


def _crisis_rights(user, case):
    """(can_manage, may_brief): who may start/end crisis mode, who may write a briefing."""
    can_manage = access.can_manage_case(user, case) and case.is_open
    return can_manage, policies.allowed(user, "monitoring.record", case=case)


def _render_crisis(
    request, case, *, state=None, start_form=None, briefing_form=None, fast_form=None, urgent_form=None,
    publish_form=None, status=200,
):  # fmt: skip
    """The crisis page: for the GET and for a POST that failed (its bound form, its error).
    With the fast track (monitoring/views_fast_track.py): its choice, the urgent measures
    and the published half-A4 briefings."""
    user = request.user
    can_manage, may_brief = _crisis_rights(user, case)
    state = state if state is not None else monitoring.crisis_state(case)
    if start_form is None:
        start_form = CrisisStartForm(prefix="start")
    if briefing_form is None:
        briefing_initial = {"day": timezone.localdate()}
        if state.today is not None:
            briefing_initial.update(
                happened=state.today.happened,
                planned=state.today.planned,
                whereabouts=state.today.whereabouts,
            )
        briefing_form = BriefingForm(prefix="brief", initial=briefing_initial)
    return render(
        request,
        "monitoring/crisis.html",
        _base(
            case,
            user,
            crisis=state,
            can_manage=can_manage,
            may_brief=may_brief,
            start_form=start_form,
            briefing_form=briefing_form,
            crisis_step=workflow.write_allowed(case, "crisis"),
            fast_track=monitoring.fast_track(case),
            may_choose_fast_track=policies.allowed(user, "case.fast_track", case=case),
            fast_form=fast_form or FastTrackForm(prefix="fast"),
            urgent_actions=case.actions.filter(urgent=True).select_related("organisation"),
            urgent_form=urgent_form or UrgentActionForm(prefix="urgent", case=case),
            urgent_allowed=workflow.write_allowed(case, "urgent_action"),
            publications=monitoring.publications(case),
            publish_form=publish_form
            or PublishBriefingForm(prefix="pub", case=case, initial={"day": timezone.localdate()}),
        ),
        status=status,
    )


@login_required
@require_safe
def crisis_page(request, pk):
    return _render_crisis(request, case_or_404(request.user, pk))


@login_required
@require_POST
def crisis_start(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    can_manage, _may_brief = _crisis_rights(user, case)
    if not can_manage:
        raise Http404
    state = monitoring.crisis_state(case)
    start_form = CrisisStartForm(request.POST, prefix="start")
    if start_form.is_valid():
        try:
            monitoring.start_crisis(
                case,
                actor=user,
                reason=start_form.cleaned_data["reason"],
                confirmed_findings=_confirmed(request),
            )
        except ERRORS as exc:
            if state.active is None:  # the error next to the form the user filled in
                start_form.add_error(None, str(exc))
            else:  # the crisis started meanwhile: the start form is not on the page
                messages.error(request, str(exc))
        else:
            messages.success(request, _("De crisismodus is gestart. Leg elke dag een korte briefing vast."))
            return redirect("monitoring:crisis", pk=case.pk)
    return _render_crisis(request, case, state=state, start_form=start_form)


@login_required
@require_POST
def crisis_end(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    can_manage, _may_brief = _crisis_rights(user, case)
    if not can_manage:
        raise Http404
    state = monitoring.crisis_state(case)
    if state.active is None:
        messages.error(request, _("Er loopt geen crisisperiode."))
        return redirect("monitoring:crisis", pk=case.pk)
    try:
        monitoring.end_crisis(state.active, actor=user)
    except ERRORS as exc:
        messages.error(request, str(exc))
        return _render_crisis(request, case, state=state)
    messages.success(request, _("De crisismodus is beëindigd."))
    return redirect("monitoring:crisis", pk=case.pk)


@login_required
@require_POST
def crisis_briefing(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    _can_manage, may_brief = _crisis_rights(user, case)
    if not may_brief:
        raise Http404
    state = monitoring.crisis_state(case)
    briefing_form = BriefingForm(request.POST, prefix="brief")
    if briefing_form.is_valid():
        try:
            monitoring.save_briefing(
                case, actor=user, confirmed_findings=_confirmed(request), **briefing_form.cleaned_data
            )
        except ERRORS as exc:
            if state.active is not None:  # the error next to the form the user filled in
                briefing_form.add_error(None, str(exc))
            else:  # the crisis ended meanwhile: the briefing form is not on the page
                messages.error(request, str(exc))
        else:
            messages.success(request, _("Dagbriefing opgeslagen."))
            return redirect("monitoring:crisis", pk=case.pk)
    return _render_crisis(request, case, state=state, briefing_form=briefing_form)
