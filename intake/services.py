"""Every write on signals: report, handle in regular work, link to a group, import."""

from __future__ import annotations

import contextlib
import csv
import functools
import io
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from groepsaanpak.errors import GATE, DomainError
from groups.models import YouthGroup
from privacy import policies
from privacy.guarding import GuardRefused, check_text, guard, prescanned
from privacy.services import confirm_findings

from .models import Behaviour, BehaviourTag, Impact, Signal, SignalStatus, Source


class SignalError(DomainError):
    pass


class SignalTextRefused(GuardRefused, SignalError):
    """A signal's text in which the privacy guard found personal data."""


GUARDED = {"description": _("De omschrijving"), "location": _("De locatie"), "area": _("Het gebied")}
# Handling and link notes are shared with the partners of the signal: group level only too.
NOTE_LABEL = {"note": _("De toelichting")}


@transaction.atomic
def report_signal(*, actor, behaviours, confirmed_findings=(), **fields) -> Signal:
    """Save a step-1 signal. The description is group-level only: the guard has the last
    word here too (forms and the API check first, this is the backstop)."""
    decision = policies.check(actor, "signal.report")
    if not decision:
        raise SignalError(decision.reason)
    texts = {name: fields.get(name, "") for name in GUARDED}
    accepted = guard(texts, confirmed_findings, labels=GUARDED, refused=SignalTextRefused)
    signal = Signal.objects.create(
        municipality=actor.organisation.municipality,
        organisation=actor.organisation,
        reported_by=actor,
        **fields,
    )
    BehaviourTag.objects.bulk_create(
        BehaviourTag(signal=signal, behaviour=b) for b in dict.fromkeys(behaviours)
    )
    if accepted:
        confirm_findings(subject=f"intake.signal:{signal.pk}", findings=accepted, actor=actor)
    return signal


def _require_triage(actor, signal: Signal) -> None:
    decision = policies.check(actor, "signal.triage", obj=signal)
    if not decision:
        raise SignalError(decision.reason)


@transaction.atomic
def handle_in_regular_work(signal: Signal, *, actor, note: str, confirmed_findings=()) -> Signal:
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    _require_triage(actor, signal)
    if signal.status != SignalStatus.NEW:
        raise SignalError(_("Dit signaal is al beoordeeld."), code=GATE)
    if not note.strip():
        raise SignalError(_("Beschrijf wat er met het signaal is gedaan, bijvoorbeeld extra toezicht."))
    accepted = guard({"note": note}, confirmed_findings, labels=NOTE_LABEL, refused=SignalTextRefused)
    signal.status = SignalStatus.REGULAR
    signal.handling_note = note
    signal.handled_by = actor
    signal.handled_at = timezone.now()
    signal.save(update_fields=["status", "handling_note", "handled_by", "handled_at"])
    if accepted:
        confirm_findings(subject=f"intake.signal:{signal.pk}", findings=accepted, actor=actor, field="note")
    return signal


@transaction.atomic
def link_to_group(
    signal: Signal, *, actor, group: YouthGroup, note: str = "", confirmed_findings=()
) -> Signal:
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    _require_triage(actor, signal)
    if signal.status != SignalStatus.NEW:
        raise SignalError(_("Dit signaal is al beoordeeld."), code=GATE)
    if not YouthGroup.objects.visible_to(actor).filter(pk=group.pk).exists():
        raise SignalError(_("Deze groep is voor u niet beschikbaar."))
    if group.municipality_id != signal.municipality_id:
        # Municipalities stay apart: a group shared with this municipality is still the other
        # one's; a signal linked to it would show this municipality's signal to their partners.
        raise SignalError(
            _(
                "Deze groep is van gemeente %(municipality)s. Een signaal koppelt u alleen aan een "
                "groep van uw eigen gemeente; neem voor deze groep contact op met %(municipality)s."
            )
            % {"municipality": group.municipality.name}
        )
    accepted = guard({"note": note}, confirmed_findings, labels=NOTE_LABEL, refused=SignalTextRefused)
    signal.status = SignalStatus.LINKED
    signal.group = group
    signal.handling_note = note
    signal.handled_by = actor
    signal.handled_at = timezone.now()
    signal.save(update_fields=["status", "group", "handling_note", "handled_by", "handled_at"])
    if accepted:
        confirm_findings(subject=f"intake.signal:{signal.pk}", findings=accepted, actor=actor, field="note")
    return signal


# --- CSV import ---------------------------------------------------------------

CSV_COLUMNS = ["datum", "locatie", "wijk", "categorieen", "groepsgrootte", "leeftijd_van",
               "leeftijd_tot", "bron", "impact", "omschrijving"]  # fmt: skip
REQUIRED = {"datum", "locatie", "categorieen", "bron", "impact", "omschrijving"}
MAX_ROWS = 2000


@dataclass
class ImportRow:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)
    # Privacy guard: open findings per column, and the findings the user confirmed as a
    # false alarm in the preview (kept with the signal on import).
    findings: dict[str, list] = field(default_factory=dict)
    accepted: list = field(default_factory=list)

    @property
    def finding_items(self) -> list[dict]:
        """The open findings with the key a confirmation checkbox sends back."""
        return [
            {"column": column, "finding": f, "key": import_confirmation_key(self.line, f)}
            for column, found in self.findings.items()
            for f in found
        ]

    @property
    def other_errors(self) -> bool:
        """Errors other than the guard's: confirming findings cannot make this row right."""
        return len(self.errors) > len(self.findings)


# The columns the guard reads, with the field they fill.
IMPORT_GUARDED = {"omschrijving": "description", "locatie": "location", "wijk": "area"}


def import_confirmation_key(line: int, finding) -> str:
    """'3:name:Ajax': a confirmation in the import preview is per line and per finding."""
    return f"{line}:{finding.kind}:{finding.text}"


def parse_import_confirmations(values) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for value in values or []:
        line, _sep, rest = str(value).partition(":")
        kind, _sep, text = rest.partition(":")
        if line.isdigit() and kind and text:
            out.setdefault(int(line), []).append((kind, text))
    return out


def _choice(value: str, choices, what: str, errors: list[str]) -> str | None:
    code = _choice_lookup(choices, translation.get_language()).get(value.strip().lower())
    if code is not None:
        return code
    errors.append(_("%(what)s '%(value)s' is onbekend") % {"what": what, "value": value})
    return None


@functools.cache
def _choice_lookup(choices, language: str | None) -> dict[str, str]:
    """Code and label (in the active language) of each choice, lower case, to its code:
    the import looks up three choices per row, and a lazy label costs a translation each time."""
    lookup = {}
    for code, label in choices.choices:
        lookup.setdefault(str(label).lower(), code)
        lookup[code] = code
    return lookup


def _int(value: str, what: str, errors: list[str]) -> int | None:
    if not value.strip():
        return None
    try:
        n = int(value)
        if n < 0 or n > 500:
            raise ValueError
        return n
    except ValueError:
        errors.append(_("%(what)s '%(value)s' is geen geldig getal") % {"what": what, "value": value})
        return None


def _datetime(value: str, errors: list[str]):
    for fmt in ("%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            parsed = datetime.strptime(value.strip(), fmt)  # noqa: DTZ007 - made aware below
            when = timezone.make_aware(parsed)
            if when > timezone.now():
                errors.append(_("datum ligt in de toekomst"))
            return when
        except ValueError:
            continue
    errors.append(
        _("datum '%(value)s' niet herkend (gebruik 2026-03-14 21:30 of 14-03-2026 21:30)") % {"value": value}
    )
    return None


def parse_csv(data: bytes, confirmed=()) -> tuple[list[ImportRow], list[str]]:
    """Validate every row; returns (rows with their errors, file-level errors).
    `confirmed`: import confirmation keys ('3:name:Ajax', import_confirmation_key) of
    findings the user confirmed as a false alarm in the preview."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return [], [_("Het bestand is geen leesbare tekst (gebruik CSV in UTF-8).")]
    if "\x00" in text:
        return [], [_("Het bestand bevat een NUL-teken; dat is geen tekst. Er is niets ingelezen.")]
    try:
        return _parse_rows(text, parse_import_confirmations(confirmed))
    except csv.Error:  # e.g. a field longer than the csv module's limit (131,072 characters)
        return [], [_("Het bestand is geen geldige CSV: een veld is te lang of het bestand is beschadigd.")]


def _parse_rows(text: str, confirmed: dict[int, list[tuple[str, str]]]) -> tuple[list[ImportRow], list[str]]:
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:2000], delimiters=";,")
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = REQUIRED - set(header)
    if missing:
        return [], [
            _("Kolommen ontbreken: %(cols)s. Verwacht: %(all)s.")
            % {"cols": ", ".join(sorted(missing)), "all": ", ".join(CSV_COLUMNS)}
        ]
    rows = []
    for n, raw in enumerate(reader, start=2):
        if n - 1 > MAX_ROWS:
            return [], [_("Te veel regels: maximaal %(n)s per bestand.") % {"n": MAX_ROWS}]
        raw = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        errors: list[str] = []
        for col in REQUIRED:
            if not raw.get(col):
                errors.append(_("'%(col)s' is leeg") % {"col": col})
        values = {
            "observed_at": _datetime(raw.get("datum", ""), errors) if raw.get("datum") else None,
            "location": raw.get("locatie", "")[:200],
            "area": raw.get("wijk", "")[:100],
            "group_size": _int(raw.get("groepsgrootte", ""), "groepsgrootte", errors),
            "age_min": _int(raw.get("leeftijd_van", ""), "leeftijd_van", errors),
            "age_max": _int(raw.get("leeftijd_tot", ""), "leeftijd_tot", errors),
            "source": _choice(raw.get("bron", ""), Source, "bron", errors) if raw.get("bron") else None,
            "impact": _choice(raw.get("impact", ""), Impact, "impact", errors) if raw.get("impact") else None,
            "description": raw.get("omschrijving", ""),
        }
        if (
            values["age_min"] is not None
            and values["age_max"] is not None
            and values["age_min"] > values["age_max"]
        ):
            errors.append(_("leeftijd_van is hoger dan leeftijd_tot"))
        behaviours = []
        for part in raw.get("categorieen", "").replace(";", ",").replace("|", ",").split(","):
            if part.strip():
                code = _choice(part, Behaviour, "categorie", errors)
                if code:
                    behaviours.append(code)
        values["behaviours"] = behaviours
        rows.append(ImportRow(line=n, values=values, errors=errors))
    if not rows:
        return [], [_("Het bestand bevat geen regels.")]
    # The privacy guard reads every guarded cell in one batch (issue 16: one call per cell
    # made a 1 MB file cost seconds of CPU).
    with prescanned(row.values[name] for row in rows for name in IMPORT_GUARDED.values()):
        for row in rows:
            for column, name in IMPORT_GUARDED.items():
                remaining, accepted = check_text(row.values[name], confirmed.get(row.line, []))
                row.accepted += accepted
                if remaining:
                    row.findings[column] = remaining
                    row.errors.append(
                        _("%(column)s bevat mogelijk persoonsgegevens: %(items)s")
                        % {
                            "column": column,
                            "items": ", ".join(f"{f.kind} '{f.text}'" for f in remaining),
                        }
                    )
    return rows, []


@transaction.atomic
def import_rows(rows: list[ImportRow], *, actor) -> list[Signal]:
    """All or nothing: one bad row and nothing is imported."""
    if any(row.errors for row in rows):
        raise SignalError(_("Het bestand bevat fouten; er is niets geïmporteerd."))
    signals = []
    with prescanned(row.values[name] for row in rows for name in IMPORT_GUARDED.values()):
        for row in rows:
            values = dict(row.values)
            behaviours = values.pop("behaviours")
            signals.append(
                report_signal(actor=actor, behaviours=behaviours, confirmed_findings=row.accepted, **values)
            )
    return signals
