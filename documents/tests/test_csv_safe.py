"""CSV exports neutralise formula cells (issue 15): a text cell starting with `=`, `+`,
`-`, `@`, tab or CR gets a leading quote, everything else is written as it is, and every
CSV writer in the code is this one."""

import csv
import io
import re
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from documents import csv_safe
from documents.processing_log import csv_response


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+31 6 12345678", "'+31 6 12345678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
    ],
)
def test_a_text_cell_that_could_start_a_formula_gets_a_quote(value, written):
    assert csv_safe.cell(value) == written


@pytest.mark.parametrize("value", ["Politie", "a=b", "", " =1", "'=1", -5, 3.5, None])
def test_other_cells_are_written_as_they_are(value):
    assert csv_safe.cell(value) == value


def test_the_writer_neutralises_every_cell_of_every_row():
    out = io.StringIO()
    csv_safe.writer(out).writerows([["=1", "ok"], [-1, "@x"]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'=1", "ok"], ["-1", "'@x"]]


def test_the_processing_log_export_is_neutralised():
    entry = SimpleNamespace(
        sequence=1, started_at=datetime(2026, 3, 1, tzinfo=UTC), actor_username="=cmd|' /C calc'!A0",
        actor_organisation="@Politie", operation="name_list.read", activity="namenlijst", case_id=None,
        purpose="-", legal_basis="+", categories="personal", trace_id="t",
    )  # fmt: skip
    row = list(csv.reader(io.StringIO(csv_response([entry]).content.decode())))[1]
    assert row[2:4] == ["'=cmd|' /C calc'!A0", "'@Politie"] and row[7:9] == ["'-", "'+"]


def test_no_csv_writer_outside_the_safe_one():
    root = Path(settings.BASE_DIR)
    pattern = re.compile(r"\bcsv\.(writer|DictWriter)\(")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if not path.relative_to(root).parts[0].startswith((".", "node_modules", "staticfiles"))
        and "tests" not in path.parts
        and path.name != "csv_safe.py"
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "write CSV through documents.csv_safe.writer"
