"""The regie overview (issue 20): days in the current step, the signal trend (last four weeks
against the four before), the next meeting, sorting, filtering, and the CSV export that no
spreadsheet runs as a formula; only the cases the user may see."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from dashboard import reads
from tests.factories import GroupFactory, SignalFactory, case_in_step_2

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(world):
    quiet = case_in_step_2(world, GroupFactory(municipality=world.municipality, name="Groep Akkerweg"))
    busy = case_in_step_2(world, GroupFactory(municipality=world.municipality, name="=Groep Zeeweg"))
    now = timezone.now()
    for days in (1, 3, 8, 12):  # four in the last four weeks
        SignalFactory(reported_by=world.boa, group=busy.group, observed_at=now - timedelta(days=days))
    SignalFactory(reported_by=world.boa, group=busy.group, observed_at=now - timedelta(days=40))  # one before
    SignalFactory(reported_by=world.boa, group=quiet.group, observed_at=now - timedelta(days=35))
    return quiet, busy


def test_the_columns_days_trend_and_next_meeting(world, cases):
    quiet, busy = cases
    rows = {c.pk: c for c in reads.regie_cases(world.regisseur)}
    assert (
        rows[busy.pk].signals_recent == 4 and rows[busy.pk].signals_before == 1 and rows[busy.pk].trend == 3
    )
    assert rows[quiet.pk].signals_recent == 0 and rows[quiet.pk].trend == -1
    assert reads.days_in_step(rows[busy.pk]) == 0  # moved to step 2 today
    assert rows[busy.pk].next_meeting is None  # no advice sent to a meeting yet


def test_sorting_and_filtering(world, cases):
    quiet, busy = cases
    by_trend = [c.pk for c in reads.regie_cases(world.regisseur, sort="-trend")]
    assert by_trend == [busy.pk, quiet.pk]
    assert [c.pk for c in reads.regie_cases(world.regisseur, sort="trend")] == [quiet.pk, busy.pk]
    assert [c.pk for c in reads.regie_cases(world.regisseur, query="akker")] == [quiet.pk]
    assert list(reads.regie_cases(world.regisseur, step=5)) == []
    assert list(reads.regie_cases(world.outsider)) == []


def test_the_page_sorts_filters_and_exports_csv_formula_safe(world, cases, verified_client):
    quiet, busy = cases
    client = verified_client(world.regisseur)
    html = client.get("/regie/?sorteer=-trend").content.decode()
    assert html.index("=Groep Zeeweg") < html.index("Groep Akkerweg")
    assert 'aria-sort="descending"' in html
    assert "Groep Akkerweg" not in client.get("/regie/?groep=zeeweg").content.decode()
    response = client.get("/regie/?sorteer=-trend&formaat=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["casus", "groep", "stap", "dagen in stap"]
    assert rows[1][1] == "'=Groep Zeeweg"  # never a formula
    assert rows[1][5:8] == ["4", "1", "3"]
    assert len(rows) == 3
    assert verified_client(world.wijkagent).get("/regie/?formaat=csv").status_code == 404
    assert "Zeeweg" not in verified_client(world.outsider).get("/regie/?formaat=csv").content.decode()
