"""docs/security.md points at the tests that prove each requirement: every test it names
must exist (the suite runs them all), and every row marked **ja** must name one."""

import re
from pathlib import Path

from django.conf import settings

DOC = Path(settings.BASE_DIR) / "docs" / "security.md"
REFERENCE = re.compile(r"`([\w/]+\.py)::(\w+)`")
STATUSES = {"ja", "ontwerp", "beheer", "open"}


def _rows():
    """(first cell, status, the whole line) of every requirement row of the ASVS tables."""
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 5 or cells[0] in ("ASVS", "") or set(cells[0]) <= {"-"}:
            continue
        yield cells[0], cells[2], line


def test_every_named_test_exists():
    root = Path(settings.BASE_DIR)
    references = REFERENCE.findall(DOC.read_text(encoding="utf-8"))
    assert len(references) > 50
    missing = [
        f"{path}::{name}"
        for path, name in sorted(set(references))
        if not (root / path).is_file()
        or not re.search(rf"^def {name}\(", (root / path).read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert missing == []


def test_every_row_has_a_known_status_and_a_met_requirement_names_its_test():
    rows = list(_rows())
    assert len(rows) > 40
    unknown = [(req, status) for req, status, _line in rows if status not in STATUSES]
    assert unknown == []
    untested = [req for req, status, line in rows if status == "ja" and not REFERENCE.search(line)]
    assert untested == []
