"""Request parsers: strict JSON, a CSV file to import, and a one-line CSV for a police
system's groepsscan answer."""

from __future__ import annotations

import contextlib
import csv
import io

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

from groepsaanpak import text


def _check_text(value, depth: int = 0, path: str = "") -> None:
    """Refuse what no text field may hold: lone surrogates (invalid UTF-8), and the NUL
    character, direction controls and zero-width characters (groepsaanpak.text), each
    reported on the field that holds it."""
    if depth > 50:
        raise ParseError(_("De invoer is te diep genest."))
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ParseError(_("De invoer bevat ongeldige tekens.")) from None
        message = text.problem(value)
        if message:
            raise ValidationError({path or "non_field_errors": [message]})
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, depth + 1, path)
            _check_text(item, depth + 1, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_text(item, depth + 1, f"{path}.{index}" if path else str(index))


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("De invoer is te diep genest.")) from None
        _check_text(data)
        return data


# Column names a police system may use, Dutch or English, mapped to the answer fields.
CSV_COLUMNS = {
    "unknown_to_police": "unknown_to_police",
    "onbekend_bij_politie": "unknown_to_police",
    "information_position": "information_position",
    "informatiepositie": "information_position",
    "answer": "answer",
    "antwoord": "answer",
    "declined": "declined",
    "geweigerd": "declined",
}


class _Semicolon(csv.excel):
    delimiter = ";"


def parse_answer_csv(raw: bytes) -> dict:
    """Header line plus exactly one data line, separated by ';' or ','."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise ParseError(_("Het CSV-bestand is geen leesbare tekst (gebruik UTF-8).")) from None
    dialect: type[csv.Dialect] | csv.Dialect = _Semicolon
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:2000], delimiters=";,")
    try:
        rows = list(csv.reader(io.StringIO(text), dialect=dialect))
    except csv.Error:
        raise ParseError(_("Het CSV-bestand kan niet worden gelezen.")) from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if len(rows) != 2:
        raise ParseError(
            _("Verwacht een kopregel en precies één antwoordregel: %(columns)s.")
            % {"columns": "unknown_to_police;information_position;answer"}
        )
    header = [h.strip().lower() for h in rows[0]]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        raise ParseError(_("Onbekende kolommen: %(cols)s.") % {"cols": ", ".join(unknown)})
    data = {CSV_COLUMNS[h]: v.strip() for h, v in zip(header, rows[1], strict=False)}
    for field in ("unknown_to_police", "information_position"):
        if data.get(field) == "":
            data[field] = None if field == "unknown_to_police" else ""
    if "declined" in data:
        data["declined"] = data["declined"].lower() in {"1", "true", "ja", "yes", "j", "y"}
    return data


class CSVFileParser(parsers.BaseParser):
    """text/csv as it is, as the part `file` (the import endpoints; a multipart upload has one)."""

    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None):
        return {"file": stream.read() if stream is not None else b""}


class AnswerCSVParser(parsers.BaseParser):
    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        return parse_answer_csv(raw)
