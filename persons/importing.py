"""Reading a name list from CSV (issue 18: the second ring of many youths, Nieuw-West).

Columns (header line, `;` or `,`): naam, bijnaam (optional), geboortedatum (dd-mm-jjjj or
jjjj-mm-dd), rol (kopstuk, harde kern, meeloper, aanhang or empty), status (voorgesteld or
afgestemd). Formula-safe: a cell starting with =, +, -, @ or a tab is refused, never
stored, so the list cannot carry a spreadsheet formula back out in an export. Each row gets
its own errors; cases.name_lists.import_name_list saves all rows or none."""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from groepsaanpak.errors import INVALID, DomainError
from groups.models import GroupRole, MembershipStatus

from . import matching

MAX_ROWS = 500
MAX_BYTES = 512 * 1024
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = {
    "naam": "full_name",
    "name": "full_name",
    "bijnaam": "nickname",
    "nickname": "nickname",
    "geboortedatum": "date_of_birth",
    "date_of_birth": "date_of_birth",
    "rol": "role_in_group",
    "role": "role_in_group",
    "role_in_group": "role_in_group",
    "status": "status",
}
ROLES = {**{v: v for v in GroupRole.values}, **{str(label).lower(): v for v, label in GroupRole.choices}}
STATUSES = {
    "": MembershipStatus.PROPOSED,
    "proposed": MembershipStatus.PROPOSED,
    "voorgesteld": MembershipStatus.PROPOSED,
    "agreed": MembershipStatus.AGREED,
    "afgestemd": MembershipStatus.AGREED,
}


class ImportRefused(DomainError):
    code = INVALID


@dataclass
class Row:
    line: int
    full_name: str = ""
    nickname: str = ""
    date_of_birth: datetime.date | None = None
    role_in_group: str = ""
    status: str = MembershipStatus.PROPOSED
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def role_label(self) -> str:
        return str(GroupRole(self.role_in_group).label) if self.role_in_group else ""

    @property
    def status_label(self) -> str:
        return str(MembershipStatus(self.status).label)


def _text(raw: bytes | str) -> str:
    if isinstance(raw, str):
        return raw
    if len(raw) > MAX_BYTES:
        raise ImportRefused(
            _("Het bestand is te groot (ten hoogste 512 kB)."), errors={"csv": [_("Te groot.")]}
        )
    for encoding in ("utf-8-sig", "cp1252"):
        with contextlib.suppress(UnicodeDecodeError):
            return raw.decode(encoding)
    raise ImportRefused(
        _("Het CSV-bestand is geen leesbare tekst (gebruik UTF-8)."), errors={"csv": [_("Onleesbaar.")]}
    )


def _date(value: str):
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        with contextlib.suppress(ValueError):
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a date, no time
    return None


def parse(raw: bytes | str) -> list[Row]:
    """The rows with their own errors; a refusal of the whole file (no header, too many
    rows, unreadable) raises ImportRefused."""
    text = _text(raw)
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:2000], delimiters=";,")
    try:
        lines = [r for r in csv.reader(io.StringIO(text), dialect=dialect)]
    except csv.Error:
        raise ImportRefused(
            _("Het CSV-bestand kan niet worden gelezen."), errors={"csv": [_("Onleesbaar.")]}
        ) from None
    numbered = [(i, r) for i, r in enumerate(lines, start=1) if any(c.strip() for c in r)]
    if not numbered:
        raise ImportRefused(_("Het bestand is leeg."), errors={"csv": [_("Leeg.")]})
    header = [h.strip().lower() for h in numbered[0][1]]
    unknown = [h for h in header if h not in COLUMNS]
    if unknown or "naam" not in header and "name" not in header:
        message = _("Kopregel: naam;bijnaam;geboortedatum;rol;status (onbekend: %(cols)s).") % {
            "cols": ", ".join(unknown) or "—"
        }
        raise ImportRefused(message, errors={"csv": [message]})
    if len(numbered) - 1 > MAX_ROWS:
        message = _("Ten hoogste %(n)s namen per bestand.") % {"n": MAX_ROWS}
        raise ImportRefused(message, errors={"csv": [message]})
    rows = []
    for number, cells in numbered[1:]:
        row = Row(line=number)
        values = {COLUMNS[h]: (c or "").strip() for h, c in zip(header, cells, strict=False)}
        if any((c or "").startswith(FORMULA_START) for c in cells):
            row.errors.append(_("Een cel begint met =, +, -, @ of een tab: formules worden niet ingelezen."))
        row.full_name = values.get("full_name", "")[:150]
        row.nickname = values.get("nickname", "")[:80]
        if not row.full_name:
            row.errors.append(_("Naam ontbreekt."))
        dob = values.get("date_of_birth", "")
        if dob:
            row.date_of_birth = _date(dob)
            if row.date_of_birth is None:
                row.errors.append(_("Geboortedatum %(value)s: gebruik dd-mm-jjjj.") % {"value": dob})
            elif row.date_of_birth > timezone.localdate() or row.date_of_birth.year < 1950:
                row.errors.append(_("Deze geboortedatum kan niet kloppen."))
        role = values.get("role_in_group", "").lower()
        if role and role not in ROLES:
            row.errors.append(
                _("Onbekende rol %(value)s (kopstuk, harde kern, meeloper, aanhang).") % {"value": role}
            )
        row.role_in_group = ROLES.get(role, "")
        status = values.get("status", "").lower()
        if status not in STATUSES:
            row.errors.append(_("Status is voorgesteld of afgestemd."))
        row.status = STATUSES.get(status, MembershipStatus.PROPOSED)
        rows.append(row)
    for i, row in enumerate(rows):  # the same youth twice in the file
        for earlier in rows[:i]:
            if row.full_name and matching.likely_same(
                row.full_name, row.date_of_birth, earlier.full_name, earlier.date_of_birth
            ):
                row.errors.append(_("Dezelfde jongere als regel %(line)s.") % {"line": earlier.line})
                break
    return rows
