"""Step 6 monitoring through the API: indicators (free or from a SMART result), measurements
(by hand, CSV, computed from the signals), progress reports and crisis mode — the services
of the monitoring pages, with their access rules, gates and Dutch messages per field."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from analysis.tests.conftest import build_case, ready_for_step_4
from api.tests.guard_fields import assert_guard_fields
from monitoring import services as monitoring
from monitoring.models import CrisisPeriod, Indicator, Measurement, ProgressReport
from plans.tests.conftest import step5_case, with_plan

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MONDAY = monitoring.monday(TODAY)


@pytest.fixture
def planned(world):
    case = step5_case(world)
    with_plan(world, case)
    return case


@pytest.fixture
def r1(world, planned):
    return monitoring.indicator_from_result(planned, actor=world.coordinator, result_key="r1")


def _url(case, rest=""):
    return f"/api/v1/cases/{case.pk}/indicators{rest}"


FREE = {
    "name": "Meldingen bij de sporthal",
    "unit": "meldingen",
    "baseline": "10",
    "target": "4,5",
    "direction": "omlaag",
}


def test_coordinator_adds_indicators_and_a_retry_creates_nothing(world, api, planned):
    client = api(world.coordinator, HTTP_IDEMPOTENCY_KEY="ind-r1")
    first = client.post(_url(planned), {"result_key": "r1"}, format="json")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["name"] == "Overlastmeldingen per week" and body["direction"] == "omlaag"
    assert body["baseline"] == 12 and body["target"] == 6
    assert body["status"]["label"] == "nog niet gemeten" and body["measurements"] == []
    assert client.post(_url(planned), {"result_key": "r1"}, format="json").json() == body
    free = api(world.coordinator).post(_url(planned), FREE, format="json")
    assert free.status_code == 201 and free.json()["target"] == 4.5 and free.json()["result_key"] == ""
    assert Indicator.objects.filter(case=planned).count() == 2
    listing = api(world.jongerenwerker).get(_url(planned)).json()
    assert listing["count"] == 2


def test_indicator_denials_gates_and_bad_input(world, api, planned):
    assert api(world.jongerenwerker).post(_url(planned), FREE, format="json").status_code == 403
    assert api(world.burgemeester).post(_url(planned), FREE, format="json").status_code == 403
    assert api(world.outsider).get(_url(planned)).status_code == 404
    client = api(world.coordinator)
    bad = client.post(_url(planned), {**FREE, "baseline": "veel", "source": "fax"}, format="json")
    assert bad.status_code == 400 and {"baseline", "source"} <= set(bad.json()["errors"])
    missing = client.post(_url(planned), {"name": "Iets"}, format="json")
    assert {"baseline", "target", "direction"} <= set(missing.json()["errors"])
    unknown = client.post(_url(planned), {"result_key": "r9"}, format="json")
    assert unknown.status_code == 400
    guard = client.post(_url(planned), {**FREE, "name": "Meldingen over Ryan Meijer"}, format="json")
    assert_guard_fields(guard, "name")
    assert not Indicator.objects.exists()
    step4 = ready_for_step_4(world, build_case(world, name="Andere groep"))
    assert client.post(_url(step4), FREE, format="json").status_code == 409


def test_a_partner_records_a_measurement_and_bad_values_are_400_per_field(world, api, planned, r1):
    url = _url(planned, f"/{r1.pk}/measurements")
    bad = api(world.jongerenwerker).post(url, {"period_start": "31-02-2026", "value": "veel"}, format="json")
    assert bad.status_code == 400 and {"period_start", "value"} <= set(bad.json()["errors"])
    future = api(world.jongerenwerker).post(
        url, {"period_start": (TODAY + timedelta(days=8)).isoformat(), "value": 3}, format="json"
    )
    assert future.status_code == 400 and "period_start" in future.json()["errors"]
    assert (
        api(world.burgemeester).post(url, {"period_start": MONDAY.isoformat(), "value": 9}).status_code == 403
    )
    assert api(world.outsider).post(url, {"period_start": MONDAY.isoformat(), "value": 9}).status_code == 404
    guard = api(world.jongerenwerker).post(
        url,
        {"period_start": MONDAY.isoformat(), "value": "9", "note": "Ryan Meijer was er weer."},
        format="json",
    )
    assert_guard_fields(guard, "note")
    assert not Measurement.objects.exists()
    ok = api(world.jongerenwerker).post(
        url,
        {"period_start": MONDAY.strftime("%d-%m-%Y"), "value": "5,5", "note": "Rustige week."},
        format="json",
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["value"] == 5.5 and ok.json()["recorded_by"]["id"] == world.jongerenwerker.pk
    detail = api(world.coordinator).get(_url(planned, f"/{r1.pk}")).json()
    assert [m["value"] for m in detail["measurements"]] == [5.5]
    assert detail["status"]["reached"] is True and detail["status"]["label"] == "bereikt"
    assert api(world.outsider).get(_url(planned, f"/{r1.pk}")).status_code == 404
    assert api(world.coordinator).get(_url(planned, "/999999")).status_code == 404


def test_csv_import_as_text_or_multipart_all_or_nothing(world, api, planned, r1):
    url = _url(planned, "/import")
    week = (MONDAY - timedelta(weeks=1)).isoformat()
    csv = f"indicator;periode;waarde;toelichting\nOverlastmeldingen per week;{week};10;\n"
    text = api(world.coordinator).generic("POST", url, csv.encode(), content_type="text/csv")
    assert text.status_code == 200, text.content
    assert text.json() == {"imported": 1}
    upload = SimpleUploadedFile(
        "metingen.csv", f"indicator,periode,waarde\n{r1.pk},{MONDAY.isoformat()},8\n".encode(), "text/csv"
    )
    multi = api(world.jongerenwerker).post(url, {"file": upload}, format="multipart")
    assert multi.status_code == 200 and multi.json() == {"imported": 1}
    assert sorted(Measurement.objects.values_list("value", flat=True)) == [8, 10]
    broken = f"indicator;periode;waarde\nOverlastmeldingen per week;{week};7\nOnbekend;gisteren;veel\n"
    refused = api(world.coordinator).generic("POST", url, broken.encode(), content_type="text/csv")
    assert refused.status_code == 400
    assert any("Regel 3" in line for line in refused.json()["errors"]["file"])
    assert Measurement.objects.get(period_start=week).value == 10  # nothing of the file saved
    empty = api(world.coordinator).post(url, {}, format="multipart")
    assert empty.status_code == 400 and "file" in empty.json()["errors"]
    assert (
        api(world.burgemeester).generic("POST", url, csv.encode(), content_type="text/csv").status_code == 403
    )


def test_compute_only_for_signal_indicators(world, api, planned, r1):
    signals = api(world.coordinator).post(
        _url(planned), {**FREE, "name": "Signalen per week", "source": "signalen"}, format="json"
    )
    assert signals.status_code == 201, signals.content
    computed = api(world.coordinator).post(_url(planned, f"/{signals.json()['id']}/compute"))
    assert computed.status_code == 200 and computed.json()["measurements"]
    assert all(m["source"] == "signalen" for m in computed.json()["measurements"])
    assert api(world.coordinator).post(_url(planned, f"/{r1.pk}/compute")).status_code == 409
    hand = api(world.coordinator).post(
        _url(planned, f"/{signals.json()['id']}/measurements"),
        {"period_start": MONDAY.isoformat(), "value": 3},
        format="json",
    )
    assert hand.status_code == 400  # computed from the signals, not by hand


def test_progress_report_by_the_managers(world, api, planned, r1):
    url = f"/api/v1/cases/{planned.pk}/progress-reports"
    period = {"period_from": (TODAY - timedelta(days=42)).isoformat(), "period_to": TODAY.isoformat()}
    assert api(world.jongerenwerker).post(url, period, format="json").status_code == 403
    bad = api(world.coordinator).post(url, {**period, "period_from": "gisteren"}, format="json")
    assert bad.status_code == 400 and "period_from" in bad.json()["errors"]
    reversed_ = api(world.coordinator).post(
        url, {"period_from": period["period_to"], "period_to": period["period_from"]}, format="json"
    )
    assert reversed_.status_code == 400 and "period_to" in reversed_.json()["errors"]
    made = api(world.coordinator, HTTP_IDEMPOTENCY_KEY="rap-1").post(
        url, {**period, "forum": "driehoek"}, format="json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["number"] == 1 and "EFFECTINDICATOREN" in made.json()["body"]
    again = api(world.coordinator, HTTP_IDEMPOTENCY_KEY="rap-1").post(
        url, {**period, "forum": "driehoek"}, format="json"
    )
    assert again.json()["number"] == 1 and ProgressReport.objects.count() == 1
    assert api(world.jongerenwerker).get(url).json()["count"] == 1
    assert api(world.outsider).get(url).status_code == 404


def test_crisis_mode_and_daily_briefing(world, api, planned):
    url = f"/api/v1/cases/{planned.pk}/crisis"
    assert api(world.coordinator).get(url).json()["active"] is None
    brief = {"day": TODAY.isoformat(), "happened": "Vuurwerk bij de sporthal.", "planned": "Extra ronde.",
             "whereabouts": "Twee boa's bij de sporthal."}  # fmt: skip
    assert api(world.jongerenwerker).post(f"{url}/briefings", brief, format="json").status_code == 409
    assert api(world.jongerenwerker).post(url, {"reason": "Geweld"}, format="json").status_code == 403
    guard = api(world.coordinator).post(url, {"reason": "Ryan Meijer stak iemand neer."}, format="json")
    assert_guard_fields(guard, "reason")
    started = api(world.coordinator).post(url, {"reason": "Geweldsincident bij de sporthal."}, format="json")
    assert (
        started.status_code == 201
        and started.json()["active"]["reason"] == "Geweldsincident bij de sporthal."
    )
    assert api(world.coordinator).post(url, {"reason": "Nog een keer."}, format="json").status_code == 409
    bad = api(world.jongerenwerker).post(f"{url}/briefings", {**brief, "day": "vandaag"}, format="json")
    assert bad.status_code == 400 and "day" in bad.json()["errors"]
    ok = api(world.jongerenwerker).post(f"{url}/briefings", brief, format="json")
    assert ok.status_code == 201 and ok.json()["author"]["id"] == world.jongerenwerker.pk
    assert api(world.coordinator).get(url).json()["today"]["happened"] == "Vuurwerk bij de sporthal."
    assert api(world.jongerenwerker).delete(url).status_code == 403
    ended = api(world.coordinator).delete(url)
    assert ended.status_code == 200 and ended.json()["active"] is None
    assert CrisisPeriod.objects.get().ended_by == world.coordinator
    assert api(world.coordinator).delete(url).status_code == 409
    assert api(world.outsider).get(url).status_code == 404
