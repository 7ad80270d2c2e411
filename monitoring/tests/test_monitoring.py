"""Step 6 monitoring services: indicators from the plan, measurements (by hand, CSV,
computed from signals), the chart, the status, the progress report and crisis mode."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from analysis.tests.conftest import MEMBERS
from cases import services as case_services
from cases.models import Step
from intake.models import BehaviourTag
from monitoring import services as monitoring
from monitoring.models import (
    Action,
    CrisisBriefing,
    Direction,
    Escalation,
    Indicator,
    IndicatorSource,
    Measurement,
    ProgressReport,
)
from plans.common import AccessDenied, ApproachError, GuardRefused
from tests.factories import SignalFactory

TODAY = timezone.localdate()


def weeks_ago(n: int) -> date:
    return monitoring.monday(TODAY) - timedelta(weeks=n)


def r1(world, case):
    return monitoring.indicator_from_result(case, actor=world.coordinator, result_key="r1")


def measured(world, case, values=(12, 10, 9, 7)):
    indicator = r1(world, case)
    for i, v in enumerate(values):
        monitoring.record_measurement(
            indicator, actor=world.coordinator, period_start=weeks_ago(len(values) - 1 - i), value=v
        )
    return indicator


def with_actions(world, case):
    """One action for every measure of the plan (m1 aimed at a member), created directly."""
    member = case.memberships.order_by("pk").first()
    due = TODAY + timedelta(days=14)
    rows = [
        ("m1", "persoon", world.orgs["politie"], "jongere", member, "Stopgesprek door de wijkagent.", due),
        (
            "m2",
            "groep",
            world.orgs["jongerenwerk"],
            "groep",
            None,
            "Groepsgesprek.",
            TODAY - timedelta(days=3),
        ),
        ("m3", "omgeving", world.orgs["handhaving"], "locatie", None, "Toezicht bij de sporthal.", due),
    ]
    return [
        Action.objects.create(
            case=case,
            measure_key=key,
            track=track,
            organisation=org,
            target_kind=kind,
            membership=m,
            location="Sporthal" if kind == "locatie" else "",
            description=text,
            due_date=due_date,
            created_by=world.coordinator,
        )
        for key, track, org, kind, m, text, due_date in rows
    ]


def to_step6(world, case):
    with_actions(world, case)
    return case_services.advance_case(case, to_step=6, actor=world.regisseur, reason="plan vastgesteld")


# --- indicators ---------------------------------------------------------------------------------


def test_indicator_from_result_copies_the_plan_and_derives_the_direction(world, planned):
    down = r1(world, planned)
    assert (down.name, down.unit, down.baseline, down.target) == (
        "Overlastmeldingen per week",
        "meldingen",
        Decimal("12"),
        Decimal("6"),
    )
    assert down.direction == Direction.DOWN and down.result_key == "r1"
    up = monitoring.indicator_from_result(planned, actor=world.coordinator, result_key="r2")
    assert up.direction == Direction.UP
    with pytest.raises(ApproachError, match="al een indicator"):
        r1(world, planned)
    with pytest.raises(ApproachError, match="niet in het plan"):
        monitoring.indicator_from_result(planned, actor=world.coordinator, result_key="bestaat-niet")


def test_only_managers_add_indicators_and_names_are_guarded(world, planned):
    with pytest.raises(AccessDenied):
        monitoring.add_indicator(
            planned, actor=world.wijkagent, name="Meldingen", baseline=1, target=0, direction="omlaag"
        )
    with pytest.raises(GuardRefused):
        monitoring.add_indicator(
            planned,
            actor=world.coordinator,
            name="Meldingen over Ryan Meijer",
            baseline=1,
            target=0,
            direction="omlaag",
        )
    with pytest.raises(ApproachError, match="getal"):
        monitoring.add_indicator(
            planned, actor=world.coordinator, name="Meldingen", baseline="veel", target=0, direction="omlaag"
        )
    assert not planned.indicators.exists()


# --- the chart and the status ---------------------------------------------------------------------


def test_four_measurements_give_four_points_and_the_baseline_and_target_lines(world, planned):
    indicator = measured(world, planned)
    svg = monitoring.chart_svg(indicator, indicator.measurements.all())
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('class="app-chart__point"') == 4
    assert svg.count("<polyline") == 1 and len(svg.split('points="')[1].split('"')[0].split()) == 4
    assert 'class="app-chart__baseline"' in svg and 'stroke-dasharray="6 4"' in svg
    assert "nulmeting 12</text>" in svg and "streefwaarde 6</text>" in svg
    assert 'role="img"' in svg
    assert 'aria-label="4 metingen, laatste 7 meldingen; nulmeting 12, streefwaarde 6"' in svg
    assert weeks_ago(3).strftime("%d-%m-%y") in svg and weeks_ago(0).strftime("%d-%m-%y") in svg


def test_chart_is_a_pure_function_and_escapes_text():
    indicator = Indicator(name='<script>"x"</script>', unit="m&m", baseline=Decimal(3), target=Decimal(8))
    rows = [Measurement(period_start=date(2026, 1, 5), value=Decimal("4.5"))]
    svg = monitoring.chart_svg(indicator, rows)
    assert svg == monitoring.chart_svg(indicator, rows)
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "m&amp;m" in svg
    assert svg.count('class="app-chart__point"') == 1 and "<polyline" not in svg
    assert "1 meting, laatste 4,5 m&amp;m" in svg
    empty = monitoring.chart_svg(indicator, [])
    assert "Nog geen metingen" in empty and 'class="app-chart__target"' in empty


def test_status_respects_the_direction(world, planned):
    down = measured(world, planned, values=(12, 7))
    st = monitoring.status(down)
    assert st.latest.value == 7 and not st.reached and st.change_pct == Decimal("-42")
    monitoring.record_measurement(down, actor=world.coordinator, period_start=weeks_ago(0), value=6)
    assert monitoring.status(down).reached
    up = monitoring.indicator_from_result(planned, actor=world.coordinator, result_key="r2")
    monitoring.record_measurement(up, actor=world.coordinator, period_start=weeks_ago(1), value=5)
    st = monitoring.status(up)
    assert not st.reached and st.on_track and st.change_pct == Decimal("67")
    monitoring.record_measurement(up, actor=world.coordinator, period_start=weeks_ago(0), value=8)
    assert monitoring.status(up).reached
    monitoring.record_measurement(up, actor=world.coordinator, period_start=weeks_ago(0), value=2)
    st = monitoring.status(up)
    assert not st.reached and not st.on_track and st.label == "niet op koers"


# --- measurements ---------------------------------------------------------------------------------


def test_reentering_a_period_replaces_the_value_and_keeps_the_history(world, planned):
    indicator = r1(world, planned)
    monitoring.record_measurement(indicator, actor=world.coordinator, period_start=weeks_ago(1), value="9")
    m = monitoring.record_measurement(
        indicator, actor=world.wijkagent, period_start=weeks_ago(1), value="8,5", note="na correctie"
    )
    assert indicator.measurements.count() == 1
    assert m.value == Decimal("8.5") and m.note == "na correctie" and m.recorded_by == world.wijkagent
    assert [h["value"] for h in m.history] == ["9.00"]


def test_a_participant_records_but_a_non_participant_professional_cannot(world, planned):
    indicator = r1(world, planned)
    monitoring.record_measurement(indicator, actor=world.jongerenwerker, period_start=weeks_ago(0), value=3)
    for outsider in (world.leerplicht, world.outsider, world.burgemeester):
        with pytest.raises(AccessDenied):
            monitoring.record_measurement(indicator, actor=outsider, period_start=weeks_ago(1), value=3)
    assert indicator.measurements.count() == 1


def test_measurement_refuses_future_periods_and_names_in_the_note(world, planned):
    indicator = r1(world, planned)
    with pytest.raises(ApproachError, match="toekomst"):
        monitoring.record_measurement(
            indicator, actor=world.coordinator, period_start=TODAY + timedelta(days=8), value=3
        )
    with pytest.raises(GuardRefused):
        monitoring.record_measurement(
            indicator, actor=world.coordinator, period_start=TODAY, value=3, note="Ryan Meijer was er weer"
        )
    assert not indicator.measurements.exists()


def csv_file(text: str):
    return SimpleUploadedFile("metingen.csv", text.encode("utf-8"), content_type="text/csv")


def test_csv_import_saves_every_line(world, planned):
    ind = r1(world, planned)
    up = monitoring.indicator_from_result(planned, actor=world.coordinator, result_key="r2")
    text = (
        "indicator;periode;waarde;toelichting\n"
        f"Overlastmeldingen per week;{weeks_ago(2).isoformat()};11;\n"
        f"Overlastmeldingen per week;{weeks_ago(1).strftime('%d-%m-%Y')};9,5;rustige week\n"
        f"jongeren met dagbesteding;{weeks_ago(1).isoformat()};4;\n"
    )
    count, errors = monitoring.import_measurements_csv(planned, actor=world.coordinator, file=csv_file(text))
    assert (count, errors) == (3, [])
    assert list(ind.measurements.values_list("value", flat=True)) == [Decimal("11"), Decimal("9.5")]
    assert ind.measurements.get(period_start=weeks_ago(1)).source == IndicatorSource.CSV
    assert up.measurements.get().value == 4
    comma = f'indicator,periode,waarde\nOverlastmeldingen per week,{weeks_ago(0).isoformat()},"7,25"\n'
    assert monitoring.import_measurements_csv(planned, actor=world.coordinator, file=csv_file(comma)) == (
        1,
        [],
    )
    assert ind.measurements.get(period_start=weeks_ago(0)).value == Decimal("7.25")


def test_csv_with_a_bad_line_saves_nothing_and_names_the_line(world, planned):
    r1(world, planned)
    text = (
        "indicator;periode;waarde;toelichting\n"
        f"Overlastmeldingen per week;{weeks_ago(2).isoformat()};11;\n"
        f"Overlastmeldingen per week;{weeks_ago(1).isoformat()};elf;\n"
        f"Onbekende indicator;31-02-2026;3;\n"
        f"Overlastmeldingen per week;{weeks_ago(0).isoformat()};3;gesprek met Ryan Meijer\n"
    )
    count, errors = monitoring.import_measurements_csv(planned, actor=world.coordinator, file=csv_file(text))
    assert count == 0 and not Measurement.objects.exists()
    assert errors[0].startswith("Regel 3:") and "geen getal" in errors[0]
    assert errors[1].startswith("Regel 4:") and "bestaat niet" in errors[1] and "niet herkend" in errors[1]
    assert errors[2].startswith("Regel 5:") and "persoonsgegevens" in errors[2]
    missing = monitoring.import_measurements_csv(
        planned, actor=world.coordinator, file=csv_file("naam;waarde\nx;1\n")
    )
    assert missing[0] == 0 and "Kolommen ontbreken" in missing[1][0]


# --- computed from signals --------------------------------------------------------------------------


def _signal(world, case, on: date, behaviours=("overlast",)):
    signal = SignalFactory(
        reported_by=world.wijkagent,
        group=case.group,
        status="linked",
        observed_at=timezone.make_aware(datetime.combine(on, time(21, 0))),
    )
    for b in behaviours:
        BehaviourTag.objects.create(signal=signal, behaviour=b)
    return signal


def test_compute_from_signals_counts_per_week_from_step_5(world, planned):
    planned.transitions.filter(to_step=Step.PLAN).update(at=timezone.now() - timedelta(weeks=2))
    indicator = monitoring.add_indicator(
        planned,
        actor=world.coordinator,
        name="Meldingen van geweld en overlast per week",
        baseline=5,
        target=1,
        direction="omlaag",
        source=IndicatorSource.SIGNALS,
        signal_behaviours=["overlast", "geweld"],
    )
    _signal(world, planned, weeks_ago(5))  # before step 5: not counted
    _signal(world, planned, weeks_ago(2), ("overlast", "geweld"))  # counted once
    _signal(world, planned, weeks_ago(2) + timedelta(days=6))  # Sunday: same week
    _signal(world, planned, weeks_ago(1), ("schoolverzuim",))  # other behaviour
    _signal(world, planned, TODAY)
    SignalFactory(reported_by=world.wijkagent, observed_at=timezone.now())  # another group
    stored = monitoring.compute_from_signals(indicator, actor=world.coordinator)
    assert [(m.period_start, m.value) for m in stored] == [
        (weeks_ago(2), 2),
        (weeks_ago(1), 0),
        (weeks_ago(0), 1),
    ]
    assert all(m.source == IndicatorSource.SIGNALS for m in stored)
    _signal(world, planned, TODAY)
    again = monitoring.compute_from_signals(indicator, actor=world.coordinator)
    assert again[-1].value == 2 and again[-1].history[0]["value"] == "1.00"
    assert indicator.measurements.count() == 3
    with pytest.raises(ApproachError, match="uit de signalen"):
        monitoring.record_measurement(indicator, actor=world.coordinator, period_start=TODAY, value=1)
    by_hand = r1(world, planned)
    with pytest.raises(ApproachError, match="niet uit de signalen"):
        monitoring.compute_from_signals(by_hand, actor=world.coordinator)


# --- progress report --------------------------------------------------------------------------------


def test_progress_report_has_figures_and_counts_and_no_member_names(world, planned):
    case = to_step6(world, planned)
    measured(world, case)
    Escalation.objects.create(
        case=case,
        action=case.actions.get(measure_key="m2"),
        level=1,
        level_label="teamleider",
        reason="afspraak niet nagekomen",
        escalated_by=world.coordinator,
    )
    period = monitoring.start_crisis(case, actor=world.coordinator, reason="Onrust bij de sporthal.")
    monitoring.save_briefing(
        case,
        actor=world.wijkagent,
        day=TODAY,
        happened="Vechtpartij bij de sporthal.",
        planned="Extra toezicht vanavond.",
        whereabouts="Twee BOA's bij de sporthal.",
    )
    assert period.is_active
    report = monitoring.generate_progress_report(
        case,
        actor=world.coordinator,
        period_from=TODAY - timedelta(days=30),
        period_to=TODAY,
        forum="driehoek",
    )
    assert report.number == 1 and report.forum == "driehoek"
    body = report.body
    assert "Versie 1 is van kracht" in body
    assert "Totaal: 3 acties: gepland 3; over de termijn 1" in body
    assert "Over de termijn (open, einddatum verstreken): 1." in body
    assert "Politie Teststad: 1 actie" in body and "Jongerenwerk Teststad: 1 actie" in body
    assert "Overlastmeldingen per week: Laatste meting 7 meldingen" in body
    assert "nulmeting 12, streefwaarde 6" in body and "verandering -42%" in body
    assert "- naar teamleider: 1" in body
    assert "Vechtpartij bij de sporthal." in body
    for full_name, nickname, *_rest in MEMBERS:
        assert full_name not in body and (not nickname or nickname not in body)
    assert "Stopgesprek" not in body  # action descriptions are not copied
    second = monitoring.generate_progress_report(
        case, actor=world.regisseur, period_from=TODAY, period_to=TODAY
    )
    assert second.number == 2


def test_progress_report_is_refused_by_the_guard_and_only_for_managers(world, planned):
    case = to_step6(world, planned)
    Escalation.objects.create(
        case=case,
        action=case.actions.get(measure_key="m2"),
        level=1,
        level_label="Jan de Vries",
        reason="niet nagekomen",
        escalated_by=world.coordinator,
    )
    with pytest.raises(GuardRefused):
        monitoring.generate_progress_report(case, actor=world.coordinator, period_from=TODAY, period_to=TODAY)
    with pytest.raises(AccessDenied):
        monitoring.generate_progress_report(case, actor=world.wijkagent, period_from=TODAY, period_to=TODAY)
    with pytest.raises(ApproachError, match="begint na"):
        monitoring.generate_progress_report(
            case, actor=world.coordinator, period_from=TODAY, period_to=TODAY - timedelta(days=1)
        )
    assert not ProgressReport.objects.exists()


def test_report_schedule_shows_the_decisions_inform_moments_and_the_last_report(world, planned):
    schedule = monitoring.report_schedule(planned)
    assert (
        schedule["inform_moments"] == "Elke zes weken over voortgang en effect." and schedule["last"] is None
    )
    report = monitoring.generate_progress_report(
        planned, actor=world.coordinator, period_from=TODAY - timedelta(days=7), period_to=TODAY
    )
    schedule = monitoring.report_schedule(planned)
    assert schedule["last"] == report and schedule["next_from"] == TODAY + timedelta(days=1)


# --- crisis mode -------------------------------------------------------------------------------------


def test_one_briefing_per_day_and_only_in_an_active_crisis(world, planned):
    with pytest.raises(ApproachError, match="geen crisisperiode"):
        monitoring.save_briefing(
            planned, actor=world.coordinator, day=TODAY, happened="a", planned="b", whereabouts="c"
        )
    with pytest.raises(AccessDenied):
        monitoring.start_crisis(planned, actor=world.wijkagent, reason="Onrust.")
    period = monitoring.start_crisis(planned, actor=world.coordinator, reason="Geweld bij de sporthal.")
    with pytest.raises(ApproachError, match="loopt al"):
        monitoring.start_crisis(planned, actor=world.regisseur, reason="Nog eens.")
    first = monitoring.save_briefing(
        planned,
        actor=world.jongerenwerker,
        day=TODAY,
        happened="Onrust.",
        planned="Gesprekken.",
        whereabouts="Team in de wijk.",
    )
    second = monitoring.save_briefing(
        planned,
        actor=world.wijkagent,
        day=TODAY,
        happened="Rustiger.",
        planned="Toezicht.",
        whereabouts="Twee agenten.",
    )
    assert first.pk == second.pk and CrisisBriefing.objects.count() == 1
    second.refresh_from_db()
    assert second.happened == "Rustiger." and second.author == world.wijkagent
    with pytest.raises(GuardRefused):
        monitoring.save_briefing(
            planned,
            actor=world.wijkagent,
            day=TODAY,
            happened="Ryan Meijer opgepakt.",
            planned="x",
            whereabouts="y",
        )
    with pytest.raises(AccessDenied):
        monitoring.save_briefing(
            planned, actor=world.leerplicht, day=TODAY, happened="a", planned="b", whereabouts="c"
        )
    with pytest.raises(ApproachError, match="toekomst"):
        monitoring.save_briefing(
            planned,
            actor=world.wijkagent,
            day=TODAY + timedelta(days=1),
            happened="a",
            planned="b",
            whereabouts="c",
        )
    state = monitoring.crisis_state(planned)
    assert state.is_active and state.today == second and state.briefings == [second]
    monitoring.end_crisis(period, actor=world.coordinator)
    assert not monitoring.crisis_state(planned).is_active
    with pytest.raises(ApproachError, match="geen crisisperiode"):
        monitoring.save_briefing(
            planned, actor=world.coordinator, day=TODAY, happened="a", planned="b", whereabouts="c"
        )
    assert CrisisBriefing.objects.get().happened == "Rustiger."
