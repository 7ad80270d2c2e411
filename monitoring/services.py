"""Step 6: monitoring. Effect indicators measured over time against their baseline
(nulmeting) and target, entered by hand, imported from CSV or counted from the case's
signals; a server-rendered chart per indicator; the periodic progress report to the
forum; and crisis mode with its short daily briefing.

Everything here is group level: counts and group-level text, never persons. Free text
(indicator names, notes, briefings, the report) goes through the privacy guard. Writes
follow the shared checks of `plans.common` (case row locked, the one access decision,
the step checked)."""

from __future__ import annotations

import contextlib
import csv
import io
import math
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from analysis.models import Forum
from cases import workflow
from cases.models import Step
from cases.writes import entered_step as _entered_step
from cases.writes import guard as _guard
from cases.writes import keep_confirmations as _keep_confirmations
from cases.writes import lock as _lock
from cases.writes import require_manager as _require_manager
from documents import crisis_briefing, progress_report
from groepsaanpak.errors import GATE
from monitoring import reads as action_reads
from monitoring.models import (
    ActionStatus,
    BriefingKind,
    CrisisBriefing,
    CrisisPeriod,
    CrisisPublication,
    Direction,
    Escalation,
    FastTrack,
    Indicator,
    IndicatorSource,
    Measurement,
    ProgressReport,
)
from plans import content as c
from plans import services as plan_services
from plans.common import AccessDenied, ApproachError, GuardRefused, WorkflowError, current_decision
from privacy import access, guard, log, policies
from privacy.categories import Category
from privacy.guarding import check_text

MAX_VALUE = Decimal("99999999.99")
CSV_COLUMNS = ["indicator", "periode", "waarde", "toelichting"]
CSV_REQUIRED = {"indicator", "periode", "waarde"}
CSV_MAX_ROWS = 2000
CSV_MAX_BYTES = 1_000_000


# --- small parsers (shared by the forms and the CSV import) -------------------------------


def parse_value(text) -> Decimal:
    """A number as people type it: 7, 7,5, 7.5, 1.234,5 or -2. ValueError (Dutch) if not."""
    if isinstance(text, Decimal):
        raw = str(text)
    else:
        raw = str(text if text is not None else "").strip().replace(" ", "").replace("\u00a0", "")
    if not raw:
        raise ValueError(_("Vul een getal in, bijvoorbeeld 7 of 7,5."))
    if "," in raw and "." in raw:
        raw = raw.replace(".", "")  # 1.234,5: the dots group thousands
    raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(
            _("'%(value)s' is geen getal; gebruik bijvoorbeeld 7 of 7,5.") % {"value": text}
        ) from None
    if not value.is_finite() or abs(value) > MAX_VALUE:
        raise ValueError(_("'%(value)s' is te groot.") % {"value": text})
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parse_day(text) -> date:
    """A date as YYYY-MM-DD or DD-MM-YYYY (also with / or .). ValueError (Dutch) if not."""
    if isinstance(text, date):
        return text
    raw = str(text or "").strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    raise ValueError(_("datum '%(value)s' niet herkend (gebruik 2026-03-09 of 09-03-2026)") % {"value": raw})


def fmt_number(value) -> str:
    """7, 7,5, 12,25 — without trailing zeros, in the notation of the language in use."""
    if value is None:
        return "—"
    value = Decimal(value)
    normal = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(normal, use_l10n=True)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- reads --------------------------------------------------------------------------------


def indicators(case):
    return case.indicators.prefetch_related("measurements")


def results_in_force(case) -> list[dict]:
    version = plan_services.current(case)
    return c.results(version.content) if version is not None else []


@dataclass
class Status:
    indicator: Indicator
    latest: Measurement | None = None
    count: int = 0
    change_pct: Decimal | None = None  # latest vs baseline, in %
    reached: bool = False
    on_track: bool | None = None  # None: nothing measured yet
    deadline: date | None = None

    @property
    def summary(self) -> str:
        ind = self.indicator
        if self.latest is None:
            return _("Nog niet gemeten; nulmeting %(base)s, streefwaarde %(target)s.") % {
                "base": fmt_number(ind.baseline),
                "target": fmt_number(ind.target),
            }
        parts = [
            _("Laatste meting %(value)s%(unit)s (%(when)s)")
            % {
                "value": fmt_number(self.latest.value),
                "unit": f" {ind.unit}" if ind.unit else "",
                "when": self.latest.period_start.strftime("%d-%m-%Y"),
            },
            _("nulmeting %(base)s, streefwaarde %(target)s")
            % {"base": fmt_number(ind.baseline), "target": fmt_number(ind.target)},
        ]
        if self.change_pct is not None:
            parts.append(
                _("verandering %(pct)s%% ten opzichte van de nulmeting")
                % {"pct": ("+" if self.change_pct > 0 else "") + fmt_number(self.change_pct)}
            )
        if self.reached:
            parts.append(_("streefwaarde bereikt"))
        elif self.on_track:
            parts.append(_("streefwaarde nog niet bereikt, op koers"))
        else:
            parts.append(_("streefwaarde nog niet bereikt, niet op koers"))
        return "; ".join(parts) + "."

    @property
    def label(self) -> str:
        if self.latest is None:
            return _("nog niet gemeten")
        if self.reached:
            return _("bereikt")
        return _("op koers") if self.on_track else _("niet op koers")


def is_reached(indicator: Indicator, value) -> bool:
    if indicator.direction == Direction.UP:
        return Decimal(value) >= indicator.target
    return Decimal(value) <= indicator.target


def _better_or_equal(indicator, value, than) -> bool:
    if indicator.direction == Direction.UP:
        return Decimal(value) >= Decimal(than)
    return Decimal(value) <= Decimal(than)


def status(indicator: Indicator, measurements=None, *, deadline: date | None = None) -> Status:
    """The latest value, its change against the baseline, whether the target is reached
    (respecting the direction) and whether the indicator is on track: with a deadline
    (the plan result's), at least as good as the straight line from the baseline at the
    first measurement to the target at the deadline; without, better than the baseline."""
    rows = list(measurements if measurements is not None else indicator.measurements.all())
    rows.sort(key=lambda m: m.period_start)
    st = Status(indicator=indicator, count=len(rows), deadline=deadline)
    if not rows:
        return st
    latest = rows[-1]
    st.latest = latest
    if indicator.baseline:
        st.change_pct = ((latest.value - indicator.baseline) / abs(indicator.baseline) * 100).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
    st.reached = is_reached(indicator, latest.value)
    if st.reached:
        st.on_track = True
    elif deadline is not None and deadline > rows[0].period_start:
        start = rows[0].period_start
        span = (deadline - start).days
        done = min(max((latest.period_start - start).days, 0), span)
        expected = indicator.baseline + (indicator.target - indicator.baseline) * Decimal(done) / Decimal(
            span
        )
        st.on_track = _better_or_equal(indicator, latest.value, expected)
    else:
        st.on_track = _better_or_equal(indicator, latest.value, indicator.baseline) and (
            latest.value != indicator.baseline
        )
    return st


def deadlines(case) -> dict[str, date]:
    """Deadline of each result in the plan in force, by result key."""
    out = {}
    for r in results_in_force(case):
        with contextlib.suppress(ValueError, TypeError):
            out[r["key"]] = date.fromisoformat(r.get("deadline") or "")
    return out


def statuses(case) -> list[Status]:
    due = deadlines(case)
    return [status(i, i.measurements.all(), deadline=due.get(i.result_key)) for i in indicators(case)]


# --- the chart (server-side SVG, like the sociogram) ---------------------------------------

CHART_W, CHART_H = 720, 320
PAD_L, PAD_R, PAD_T, PAD_B = 64, 130, 24, 48
COLOUR_LINE, COLOUR_BASE, COLOUR_TARGET, COLOUR_AXIS = "#154273", "#6b6b6b", "#2a7d2e", "#333333"


def _nice_step(span: float) -> float:
    """A round step (1, 2, 2,5 or 5 times a power of ten) giving about five gridlines."""
    raw = span / 5 if span > 0 else 1
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if raw <= m * power)


def chart_summary(indicator: Indicator, measurements) -> str:
    rows = sorted(measurements, key=lambda m: m.period_start)
    unit = f" {indicator.unit}" if indicator.unit else ""
    base = _("nulmeting %(base)s, streefwaarde %(target)s") % {
        "base": fmt_number(indicator.baseline),
        "target": fmt_number(indicator.target),
    }
    if not rows:
        return _("Nog geen metingen; %(base)s") % {"base": base}
    head = ngettext("%(n)s meting", "%(n)s metingen", len(rows)) % {"n": len(rows)}
    return _("%(head)s, laatste %(value)s%(unit)s; %(base)s") % {
        "head": head,
        "value": fmt_number(rows[-1].value),
        "unit": unit,
        "base": base,
    }


def chart_svg(indicator: Indicator, measurements) -> str:
    """A line chart of the measurements, with the baseline (dashed, 'nulmeting') and the
    target ('streefwaarde') as horizontal lines, dates on the x axis and values on the y
    axis. Pure: the same input gives the same SVG. Every text is escaped."""
    rows = sorted(measurements, key=lambda m: m.period_start)
    values = [float(m.value) for m in rows]
    base, target = float(indicator.baseline), float(indicator.target)
    low = min([0.0, base, target, *values])
    high = max([base, target, *values, 1.0])
    step = _nice_step(high - low)
    low = step * (low // step)
    high = step * -(-high // step)
    if high <= low:
        high = low + step
    x0, x1 = PAD_L, CHART_W - PAD_R
    y0, y1 = CHART_H - PAD_B, PAD_T

    def y(v: float) -> float:
        return y0 - (v - low) / (high - low) * (y0 - y1)

    days = [m.period_start for m in rows]
    first, last = (days[0], days[-1]) if days else (None, None)

    def x(d: date) -> float:
        if first is None or last == first:
            return (x0 + x1) / 2
        return x0 + (d - first).days / (last - first).days * (x1 - x0)

    label = chart_summary(indicator, rows)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 {CHART_W} {CHART_H}" '
        f'role="img" aria-label="{escape(label)}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(indicator.name)}: {escape(label)}</title>",
        f'<rect x="0" y="0" width="{CHART_W}" height="{CHART_H}" fill="#ffffff"/>',
    ]
    # y axis with gridlines and values
    tick = low
    while tick <= high + step / 1000:
        ty = y(tick)
        out.append(
            f'<line x1="{x0}" y1="{ty:.1f}" x2="{x1}" y2="{ty:.1f}" stroke="#e3e3e3" stroke-width="1"/>'
            f'<text x="{x0 - 8}" y="{ty + 4:.1f}" text-anchor="end" fill="{COLOUR_AXIS}">'
            f"{escape(fmt_number(Decimal(str(round(tick, 2)))))}</text>"
        )
        tick += step
    out.append(
        f'<line class="app-chart__axis" x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}" stroke="{COLOUR_AXIS}"/>'
        f'<line class="app-chart__axis" x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="{COLOUR_AXIS}"/>'
    )
    if indicator.unit:
        out.append(
            f'<text x="{x0}" y="{y1 - 8}" text-anchor="start" fill="{COLOUR_AXIS}">{escape(indicator.unit)}</text>'
        )
    # x axis: at most six dates, always the first and the last
    if days:
        shown: list[date] = []
        for d in [*days[:: max(1, -(-len(days) // 6))], days[-1]]:
            if shown and x(d) - x(shown[-1]) < 64:  # too close to read: the later date wins
                shown.pop()
            if not shown or shown[-1] != d:
                shown.append(d)
        for d in shown:
            out.append(
                f'<text class="app-chart__date" x="{x(d):.1f}" y="{y0 + 18}" text-anchor="middle" '
                f'fill="{COLOUR_AXIS}">{d.strftime("%d-%m-%y")}</text>'
            )
    # baseline and target
    by, ty = y(base), y(target)
    out.append(
        f'<line class="app-chart__baseline" x1="{x0}" y1="{by:.1f}" x2="{x1}" y2="{by:.1f}" '
        f'stroke="{COLOUR_BASE}" stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text class="app-chart__baseline-label" x="{x1 + 6}" y="{by + 4:.1f}" fill="{COLOUR_BASE}">'
        f"{escape(_('nulmeting'))} {escape(fmt_number(indicator.baseline))}</text>"
    )
    target_dy = 4 if abs(ty - by) >= 14 else (16 if ty >= by else -8)
    out.append(
        f'<line class="app-chart__target" x1="{x0}" y1="{ty:.1f}" x2="{x1}" y2="{ty:.1f}" '
        f'stroke="{COLOUR_TARGET}" stroke-width="2"/>'
        f'<text class="app-chart__target-label" x="{x1 + 6}" y="{ty + target_dy:.1f}" fill="{COLOUR_TARGET}">'
        f"{escape(_('streefwaarde'))} {escape(fmt_number(indicator.target))}</text>"
    )
    # the measurements
    if len(rows) > 1:
        points = " ".join(f"{x(m.period_start):.1f},{y(float(m.value)):.1f}" for m in rows)
        out.append(
            f'<polyline class="app-chart__line" points="{points}" fill="none" stroke="{COLOUR_LINE}" '
            f'stroke-width="2.5" stroke-linejoin="round"/>'
        )
    for m in rows:
        tip = f"{m.period_start.strftime('%d-%m-%Y')}: {fmt_number(m.value)}"
        if indicator.unit:
            tip += f" {indicator.unit}"
        out.append(
            f'<circle class="app-chart__point" cx="{x(m.period_start):.1f}" cy="{y(float(m.value)):.1f}" '
            f'r="4.5" fill="{COLOUR_LINE}"><title>{escape(tip)}</title></circle>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


# --- indicators ----------------------------------------------------------------------------


def _indicator_texts(name: str, unit: str) -> dict[str, str]:
    return {_("Naam van de indicator"): name, _("Eenheid"): unit}


@transaction.atomic
def add_indicator(
    case,
    *,
    actor,
    name: str,
    unit: str = "",
    baseline,
    target,
    direction: str,
    result_key: str = "",
    source: str = IndicatorSource.MANUAL,
    signal_behaviours=(),
    confirmed_findings=(),
) -> Indicator:
    """A new effect indicator, free-standing or for a SMART result of the plan in force."""
    case = _lock(case)
    _require_manager(actor, case)
    workflow.require_write(case, "indicator")
    name = " ".join((name or "").split())
    unit = " ".join((unit or "").split())
    if not name:
        raise ApproachError(_("Geef de indicator een naam (wat meet u?)."))
    if len(name) > 150 or len(unit) > 60:
        raise ApproachError(_("De naam (150 tekens) of de eenheid (60 tekens) is te lang."))
    try:
        baseline, target = parse_value(baseline), parse_value(target)
    except ValueError as exc:
        raise ApproachError(_("Nulmeting en streefwaarde: %(error)s") % {"error": exc}) from None
    if direction not in Direction.values:
        raise ApproachError(_("Kies of een lagere of een hogere waarde beter is."))
    if source not in IndicatorSource.values:
        raise ApproachError(_("Kies de bron van de metingen."))
    behaviours = list(dict.fromkeys(signal_behaviours or ()))
    if behaviours:
        from intake.models import Behaviour

        if set(behaviours) - set(Behaviour.values):
            raise ApproachError(_("Onbekende gedragscategorie."))
    if source != IndicatorSource.SIGNALS:
        behaviours = []
    if result_key:
        if not any(r.get("key") == result_key for r in results_in_force(case)):
            raise ApproachError(_("Dit resultaat staat niet in het plan van aanpak dat nu geldt."))
        if case.indicators.filter(result_key=result_key).exists():
            raise ApproachError(_("Voor dit resultaat is al een indicator."))
    accepted = _guard(_indicator_texts(name, unit), confirmed_findings)
    indicator = Indicator.objects.create(
        case=case,
        name=name,
        unit=unit,
        result_key=result_key,
        baseline=baseline,
        target=target,
        direction=direction,
        source=source,
        signal_behaviours=behaviours,
        created_by=actor,
    )
    _keep_confirmations(indicator, accepted, actor)
    return indicator


def indicator_from_result(
    case, *, actor, result_key: str, source: str = IndicatorSource.MANUAL, signal_behaviours=(),
    confirmed_findings=(),
) -> Indicator:  # fmt: skip
    """An indicator copying a SMART result of the plan in force: name, unit, baseline and
    target; lower is better when the target is below the baseline."""
    result = next((r for r in results_in_force(case) if r.get("key") == result_key), None)
    if result is None:
        raise ApproachError(_("Dit resultaat staat niet in het plan van aanpak dat nu geldt."))
    baseline, target = parse_value(result["baseline"]), parse_value(result["target"])
    return add_indicator(
        case,
        actor=actor,
        name=result.get("indicator") or "",
        unit=result.get("unit") or "",
        baseline=baseline,
        target=target,
        direction=Direction.DOWN if target < baseline else Direction.UP,
        result_key=result_key,
        source=source,
        signal_behaviours=signal_behaviours,
        confirmed_findings=confirmed_findings,
    )


# --- measurements --------------------------------------------------------------------------


def _require_recorder(actor, case) -> None:
    decision = access.can_supply(actor, case, Category.GROUP)
    if not decision:
        raise AccessDenied(decision.reason)
    if not case.is_open:
        raise WorkflowError(_("Deze casus is afgesloten."))


def _store(indicator, *, actor, period_start: date, value: Decimal, note: str, source: str):
    """Create or replace the value for one period; a replaced value goes into history."""
    existing = (
        Measurement.objects.select_for_update().filter(indicator=indicator, period_start=period_start).first()
    )
    if existing is None:
        return Measurement.objects.create(
            indicator=indicator,
            period_start=period_start,
            value=value,
            note=note,
            source=source,
            recorded_by=actor,
        )
    if existing.value == value and existing.note == note and existing.source == source:
        return existing
    existing.history = [
        *existing.history,
        {
            "value": str(existing.value),
            "note": existing.note,
            "source": existing.source,
            "by": existing.recorded_by.display_name(),
            "at": timezone.localtime(existing.recorded_at).isoformat(timespec="minutes"),
        },
    ]
    existing.value, existing.note, existing.source, existing.recorded_by = value, note, source, actor
    existing.save(update_fields=["value", "note", "source", "history", "recorded_by", "recorded_at"])
    return existing


def _check_period(period_start: date) -> None:
    if period_start > timezone.localdate():
        raise ApproachError(_("De periode ligt in de toekomst."))


@transaction.atomic
def record_measurement(
    indicator: Indicator, *, actor, period_start, value, note: str = "", confirmed_findings=()
) -> Measurement:
    """The value of an indicator for the period starting on `period_start`. Entering a
    period again replaces its value; the old one is kept in the history."""
    case = _lock(indicator.case)
    _require_recorder(actor, case)
    workflow.require_write(case, "measurement")
    if indicator.source == IndicatorSource.SIGNALS:
        raise ApproachError(
            _("Deze indicator wordt berekend uit de signalen; voer de waarden niet met de hand in.")
        )
    try:
        period_start = parse_day(period_start)
        value = parse_value(value)
    except ValueError as exc:
        raise ApproachError(str(exc)) from None
    _check_period(period_start)
    note = " ".join((note or "").split())[:300]
    accepted = _guard({_("Toelichting"): note}, confirmed_findings)
    measurement = _store(
        indicator,
        actor=actor,
        period_start=period_start,
        value=value,
        note=note,
        source=IndicatorSource.MANUAL,
    )
    _keep_confirmations(measurement, accepted, actor)
    return measurement


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def parse_measurements_csv(case, data: bytes) -> tuple[list[dict], list[str]]:
    """Validate every line of a CSV file (indicator;periode;waarde;toelichting). Returns
    (rows, errors); errors name the line number, in Dutch."""
    if len(data) > CSV_MAX_BYTES:
        return [], [_("Het bestand is te groot (ten hoogste 1 MB).")]
    text = _decode(data)
    if text is None:
        return [], [_("Het bestand is geen leesbare tekst (gebruik CSV in UTF-8).")]
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    if "\x00" in text:
        return [], [_("Het bestand bevat een NUL-teken; dat is geen tekst. Er is niets ingelezen.")]
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        lines = list(reader)
    except csv.Error:  # e.g. a field longer than the csv module's limit (131,072 characters)
        return [], [_("Het bestand is geen geldige CSV: een veld is te lang of het bestand is beschadigd.")]
    if not lines:
        return [], [_("Het bestand is leeg.")]
    header = [h.strip().lower() for h in lines[0]]
    missing = CSV_REQUIRED - set(header)
    if missing:
        return [], [
            _("Kolommen ontbreken: %(cols)s. Verwacht: %(all)s (gescheiden door ; of ,).")
            % {"cols": ", ".join(sorted(missing)), "all": ";".join(CSV_COLUMNS)}
        ]
    by_name = {}
    for ind in case.indicators.all():
        by_name.setdefault(ind.name.strip().lower(), ind)
        by_name.setdefault(str(ind.pk), ind)
    today = timezone.localdate()
    rows, errors, seen = [], [], {}
    body = lines[1:]
    if len(body) > CSV_MAX_ROWS:
        return [], [_("Te veel regels: ten hoogste %(n)s per bestand.") % {"n": CSV_MAX_ROWS}]
    for n, cells in enumerate(body, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        raw = {header[i]: cells[i].strip() if i < len(cells) else "" for i in range(len(header))}
        line_errors = []
        ind = by_name.get(raw.get("indicator", "").lower())
        if not raw.get("indicator"):
            line_errors.append(_("'indicator' is leeg"))
        elif ind is None:
            line_errors.append(
                _("indicator '%(name)s' bestaat niet in deze casus") % {"name": raw["indicator"]}
            )
        elif ind.source == IndicatorSource.SIGNALS:
            line_errors.append(_("indicator '%(name)s' wordt berekend uit de signalen") % {"name": ind.name})
        period = value = None
        try:
            period = parse_day(raw.get("periode", ""))
            if period > today:
                line_errors.append(_("periode ligt in de toekomst"))
        except ValueError as exc:
            line_errors.append(str(exc))
        try:
            value = parse_value(raw.get("waarde", ""))
        except ValueError as exc:
            line_errors.append(_("waarde: %(error)s") % {"error": exc})
        note = " ".join(raw.get("toelichting", "").split())[:300]
        if note:
            remaining, _accepted = check_text(note, [])
            if remaining:
                line_errors.append(
                    _("toelichting bevat mogelijk persoonsgegevens: %(items)s")
                    % {"items": ", ".join(f"'{f.text}'" for f in remaining)}
                )
        if ind is not None and period is not None:
            key = (ind.pk, period)
            if key in seen:
                line_errors.append(
                    _("dezelfde indicator en periode staan ook op regel %(line)s") % {"line": seen[key]}
                )
            seen.setdefault(key, n)
        if line_errors:
            errors.append(_("Regel %(line)s: %(errors)s.") % {"line": n, "errors": "; ".join(line_errors)})
        else:
            rows.append({"line": n, "indicator": ind, "period_start": period, "value": value, "note": note})
    if not rows and not errors:
        return [], [_("Het bestand bevat geen regels.")]
    return rows, errors


@transaction.atomic
def import_measurements_csv(case, *, actor, file) -> tuple[int, list[str]]:
    """All or nothing: (number of values saved, []) or (0, line-numbered Dutch errors)."""
    case = _lock(case)
    _require_recorder(actor, case)
    workflow.require_write(case, "measurement.import")
    data = file.read() if hasattr(file, "read") else bytes(file)
    if isinstance(data, str):
        data = data.encode("utf-8")
    rows, errors = parse_measurements_csv(case, data)
    if errors:
        return 0, errors
    for row in rows:
        _store(
            row["indicator"],
            actor=actor,
            period_start=row["period_start"],
            value=row["value"],
            note=row["note"],
            source=IndicatorSource.CSV,
        )
    return len(rows), []


# --- computed from the signals ---------------------------------------------------------------


def signal_weeks(indicator: Indicator, *, until: date | None = None) -> OrderedDict[date, int]:
    """Signals of the case's group per week (Monday to Sunday), from the week the case
    entered step 5 (or the indicator was created) up to and including the week of `until`.
    Group-level counts only."""
    from intake.models import Signal

    case = indicator.case
    entered = _entered_step(case, Step.PLAN)
    begin = timezone.localtime(entered or indicator.created_at).date()
    start = monday(begin)
    end = monday(until or timezone.localdate())
    weeks: OrderedDict[date, int] = OrderedDict()
    day = start
    while day <= end:
        weeks[day] = 0
        day += timedelta(days=7)
    if not weeks:
        return weeks
    since = timezone.make_aware(datetime.combine(start, time.min))
    before = timezone.make_aware(datetime.combine(end + timedelta(days=7), time.min))
    signals = Signal.objects.filter(group_id=case.group_id, observed_at__gte=since, observed_at__lt=before)
    if indicator.signal_behaviours:
        signals = signals.filter(tags__behaviour__in=indicator.signal_behaviours)
    counts = Counter(
        monday(timezone.localtime(at).date())
        for at in signals.distinct().values_list("observed_at", flat=True)
    )
    for week, n in counts.items():
        if week in weeks:
            weeks[week] = n
    return weeks


@transaction.atomic
def compute_from_signals(indicator: Indicator, *, actor, until: date | None = None) -> list[Measurement]:
    """Store the weekly signal counts as measurements (source 'signalen')."""
    case = _lock(indicator.case)
    _require_recorder(actor, case)
    workflow.require_write(case, "indicator.compute")
    if indicator.source != IndicatorSource.SIGNALS:
        raise ApproachError(_("Deze indicator wordt niet uit de signalen berekend."), code=GATE)
    indicator.case = case
    current_week = monday(timezone.localdate())
    stored = []
    for week, count in signal_weeks(indicator, until=until).items():
        note = _("lopende week, nog niet compleet") if week == current_week else ""
        stored.append(
            _store(
                indicator,
                actor=actor,
                period_start=week,
                value=Decimal(count),
                note=note,
                source=IndicatorSource.SIGNALS,
            )
        )
    return stored


# --- the progress report -------------------------------------------------------------------


def last_report(case) -> ProgressReport | None:
    return case.progress_reports.order_by("-number").first()


def _tally(tally) -> progress_report.Tally:
    return progress_report.Tally(
        label=str(tally.label),
        total=tally.total,
        by_status=[(str(label), tally.by_status.get(code, 0)) for code, label in ActionStatus.choices],
        overdue=tally.overdue,
        percent_done=tally.percent_done,
    )


def report_facts(case, *, period_from: date, period_to: date, forum: str = "") -> progress_report.ReportFacts:
    """What a progress report over the period says (documents.progress_report), group level:
    the plan in force, the action counts (`monitoring.reads.progress`: counts only, no
    descriptions and no members), the escalations, the indicators and crisis mode."""

    version = plan_services.current(case)
    progress = action_reads.progress(case)
    escalations = Escalation.objects.filter(
        case=case, escalated_at__date__gte=period_from, escalated_at__date__lte=period_to
    ).order_by("escalated_at", "pk")
    periods = (
        case.crisis_periods.filter(started_at__date__lte=period_to)
        .exclude(ended_at__date__lt=period_from)
        .order_by("started_at")
    )
    briefings = CrisisBriefing.objects.filter(
        period__case=case, day__gte=period_from, day__lte=period_to
    ).order_by("day")
    return progress_report.ReportFacts(
        group_name=case.group.name,
        period_from=period_from,
        period_to=period_to,
        forum=str(Forum(forum).label) if forum else "",
        step=str(Step(case.step).label),
        plan_number=version.number if version is not None else None,
        plan_adopted_on=timezone.localtime(version.created_at).date() if version is not None else None,
        plan_versions_in_period=case.approach_plans.filter(
            created_at__date__gte=period_from, created_at__date__lte=period_to
        ).count()
        if version is not None
        else 0,
        actions=_tally(progress["total"]),
        tracks=[_tally(t) for t in progress["tracks"]],
        partners=[_tally(t) for t in progress["partners"]],
        escalations=[
            progress_report.Escalated(level=e.level_label, has_outcome=bool(e.outcome)) for e in escalations
        ],
        indicators=[(st.indicator.name, st.summary) for st in statuses(case)],
        crises=[
            progress_report.Crisis(
                started_on=timezone.localtime(p.started_at).date(),
                ended_on=timezone.localtime(p.ended_at).date() if p.ended_at else None,
                reason=p.reason,
            )
            for p in periods
        ],
        briefings=[
            progress_report.Briefing(day=b.day, happened=b.happened, planned=b.planned) for b in briefings
        ],
    )


@transaction.atomic
def written_findings(body: progress_report.Body) -> list:
    """What the guard finds in the parts of a report people wrote (not the system's wording)."""
    return [f for f in guard.scan(body.text) if body.in_user_text(f)]


def generate_progress_report(
    case, *, actor, period_from, period_to, forum: str = "", confirmed_findings=()
) -> ProgressReport:
    """A progress report to the forum for the period, composed from the plan in force,
    the actions, the escalations, the indicators and the crisis briefings. The text goes
    through the guard: what people wrote in it (group name, indicator names, escalation
    levels, crisis reasons and briefings) may not name anyone, unless confirmed as a false
    alarm. Immutable: a next report gets the next number."""
    case = _lock(case)
    _require_manager(actor, case)
    workflow.require_write(case, "report")
    try:
        period_from, period_to = parse_day(period_from), parse_day(period_to)
    except ValueError as exc:
        raise ApproachError(str(exc)) from None
    if period_from > period_to:
        raise ApproachError(_("De periode begint na de einddatum."))
    if forum and forum not in Forum.values:
        raise ApproachError(_("Kies een overleg uit de lijst."))
    body = progress_report.compose(
        report_facts(case, period_from=period_from, period_to=period_to, forum=forum)
    )
    findings = written_findings(body)
    remaining = guard.filter_confirmed(findings, list(confirmed_findings))
    if remaining:
        raise GuardRefused(
            _("De voortgangsrapportage bevat mogelijk persoonsgegevens: %(items)s. Er is niets opgeslagen.")
            % {"items": ", ".join(f"'{f.text}'" for f in remaining)},
            remaining,
            field="confirmed_findings",  # the texts are elsewhere; confirming is what this request can do
        )
    kept = {id(f) for f in remaining}
    accepted = [f for f in findings if id(f) not in kept]
    number = (case.progress_reports.aggregate(n=Max("number"))["n"] or 0) + 1
    report = ProgressReport.objects.create(
        case=case,
        number=number,
        period_from=period_from,
        period_to=period_to,
        body=body.text.strip() + "\n",
        forum=forum,
        created_by=actor,
    )
    _keep_confirmations(report, accepted, actor)
    return report


def report_schedule(case) -> dict:
    """When the forum is informed (the decision's words) and the last report's date."""
    decision = current_decision(case)
    last = last_report(case)
    return {
        "inform_moments": decision.inform_moments if decision is not None else "",
        "forum": decision.forum if decision is not None else "",
        "last": last,
        "next_from": (last.period_to + timedelta(days=1)) if last else None,
    }


# --- crisis mode ---------------------------------------------------------------------------


@dataclass
class CrisisState:
    active: CrisisPeriod | None
    periods: list[CrisisPeriod] = field(default_factory=list)
    briefings: list[CrisisBriefing] = field(default_factory=list)  # of the active or latest period
    today: CrisisBriefing | None = None

    @property
    def is_active(self) -> bool:
        return self.active is not None


def active_crisis(case) -> CrisisPeriod | None:
    return case.crisis_periods.filter(ended_at__isnull=True).first()


def crisis_state(case) -> CrisisState:
    periods = list(case.crisis_periods.select_related("started_by", "ended_by"))
    active = next((p for p in periods if p.is_active), None)
    shown = active or (periods[0] if periods else None)
    briefings = list(shown.briefings.select_related("author").order_by("-day")) if shown else []
    today = timezone.localdate()
    return CrisisState(
        active=active,
        periods=periods,
        briefings=briefings,
        today=next((b for b in briefings if b.day == today), None) if active else None,
    )


@transaction.atomic
def start_crisis(case, *, actor, reason: str, confirmed_findings=()) -> CrisisPeriod:
    case = _lock(case)
    _require_manager(actor, case)
    workflow.require_write(case, "crisis")
    reason = (reason or "").strip()
    if not reason:
        raise ApproachError(_("Geef de aanleiding voor de crisismodus."))
    if active_crisis(case) is not None:
        raise ApproachError(_("De crisismodus loopt al voor deze casus."), code=GATE)
    accepted = _guard({_("Aanleiding"): reason}, confirmed_findings)
    period = CrisisPeriod.objects.create(case=case, reason=reason, started_by=actor)
    _keep_confirmations(period, accepted, actor)
    return period


@transaction.atomic
def end_crisis(period: CrisisPeriod, *, actor) -> CrisisPeriod:
    case = _lock(period.case)
    _require_manager(actor, case)
    period = CrisisPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_active:
        raise ApproachError(_("Deze crisisperiode is al beëindigd."), code=GATE)
    period.ended_at = timezone.now()
    period.ended_by = actor
    period.save(update_fields=["ended_at", "ended_by"])
    return period


def _crisis_day(case, day, refusal: str) -> tuple[CrisisPeriod, date]:
    """The active crisis period (else `refusal`, a gate) and the day as a date."""
    period = active_crisis(case)
    if period is None:
        raise ApproachError(refusal, code=GATE)
    try:
        return period, parse_day(day)
    except ValueError as exc:
        raise ApproachError(str(exc)) from None


@transaction.atomic
def choose_fast_track(case, *, actor, reason: str, confirmed_findings=()) -> FastTrack:
    """The regisseur chooses the fast track from the first hour, with the reason: from now
    on crisis mode and urgent measures are possible in any step (cases.workflow WRITES)."""
    case = _lock(case)
    policies.check(actor, "case.fast_track", case=case).enforce()
    reason = (reason or "").strip()
    if not reason:
        raise ApproachError(_("Geef de reden voor de snelle route."))
    if FastTrack.objects.filter(case=case).exists():
        raise ApproachError(_("De snelle route is voor deze casus al gekozen."), code=GATE)
    accepted = _guard({_("Reden"): reason}, confirmed_findings)
    fast = FastTrack.objects.create(case=case, reason=reason, chosen_by=actor, step=case.step)
    _keep_confirmations(fast, accepted, actor)
    return fast


def fast_track(case) -> FastTrack | None:
    return FastTrack.objects.filter(case=case).select_related("chosen_by").first()


@transaction.atomic
def save_briefing(
    case,
    *,
    actor,
    day,
    happened: str,
    planned: str,
    whereabouts: str,
    kind: str = BriefingKind.BRIEFING,
    confirmed_findings=(),
) -> CrisisBriefing:
    """The day's short briefing (or, after the shift, its debriefing) in an active crisis;
    saving again the same day updates it."""
    case = _lock(case)
    _require_recorder(actor, case)
    period, day = _crisis_day(
        case, day, _("Er loopt geen crisisperiode; een dagbriefing kan alleen in de crisismodus.")
    )
    if day > timezone.localdate():
        raise ApproachError(_("De dag ligt in de toekomst."))
    if day < timezone.localtime(period.started_at).date():
        raise ApproachError(_("De dag ligt vóór het begin van de crisisperiode."))
    texts = {
        _("Wat is er gebeurd"): (happened or "").strip(),
        _("Wat is er gepland"): (planned or "").strip(),
        _("Wie is waar"): (whereabouts or "").strip(),
    }
    empty = [label for label, text in texts.items() if not text]
    if empty:
        raise ApproachError(_("Vul in: %(fields)s.") % {"fields": ", ".join(s.lower() for s in empty)})
    accepted = _guard(texts, confirmed_findings)
    if kind not in BriefingKind.values:
        raise ApproachError(_("Kies briefing of debriefing."))
    briefing, _created = CrisisBriefing.objects.update_or_create(
        period=period,
        day=day,
        kind=kind,
        defaults={
            "happened": texts[_("Wat is er gebeurd")],
            "planned": texts[_("Wat is er gepland")],
            "whereabouts": texts[_("Wie is waar")],
            "author": actor,
        },
    )
    _keep_confirmations(briefing, accepted, actor)
    return briefing


# --- the half-A4 crisis briefing ---------------------------------------------------------


def briefing_facts(
    case, period: CrisisPeriod, *, day: date, distribution, actor
) -> crisis_briefing.BriefingFacts:
    """The plain data of the day's half-A4 briefing: the briefing and debriefing of that day."""
    parts = tuple(
        crisis_briefing.Part(
            kind=str(BriefingKind(b.kind).label),
            happened=b.happened,
            planned=b.planned,
            whereabouts=b.whereabouts,
        )
        for b in period.briefings.filter(day=day).order_by("kind")
    )
    who = ", ".join(filter(None, (actor.function_title or actor.get_role_display(), actor.organisation.name)))
    return crisis_briefing.BriefingFacts(
        municipality=f"{_('Gemeente')} {case.municipality.name}",
        group=case.group.name,
        day=day,
        reason=period.reason,
        parts=parts,
        distribution=tuple(distribution),
        published_by=who,
    )


@transaction.atomic
def publish_briefing(
    case, *, actor, day, organisations=(), functions: str = "", confirmed_findings=()
) -> CrisisPublication:
    """Publish the day's half-A4 briefing to a distribution list of organisations (of the
    case's municipality) and functions. The composed text goes through the guard as a whole
    (the backstop: each briefing was guarded when saved), is kept as published, and the
    publication is logged once per person on the case's name list, like every group-level
    document that leaves the case."""
    case = _lock(case)
    _require_manager(actor, case)
    period, day = _crisis_day(
        case, day, _("Er loopt geen crisisperiode; publiceren kan alleen in de crisismodus.")
    )
    if not period.briefings.filter(day=day).exists():
        raise ApproachError(_("Er is voor deze dag nog geen briefing of debriefing om te publiceren."))
    organisations = list(organisations)
    if any(o.municipality_id != case.municipality_id for o in organisations):
        raise ApproachError(_("Kies organisaties uit de gemeente van deze casus."))
    functions = ", ".join(f.strip() for f in (functions or "").split(",") if f.strip())
    if not organisations and not functions:
        raise ApproachError(_("Kies ten minste één organisatie of functie voor de verspreiding."))
    distribution = [o.name for o in organisations] + ([functions] if functions else [])
    facts = briefing_facts(case, period, day=day, distribution=distribution, actor=actor)
    text = crisis_briefing.compose(facts)
    accepted = _guard({_("De crisisbriefing"): text}, confirmed_findings)
    publication = CrisisPublication.objects.create(
        period=period, day=day, text=text, facts=facts.as_dict(), functions=functions, published_by=actor
    )
    publication.organisations.set(organisations)
    _keep_confirmations(publication, accepted, actor)
    subjects = case.memberships.values_list("person__pseudonym", flat=True).distinct()
    log.write(actor, "crisis_briefing.publish", [str(p) for p in subjects], case=case)
    return publication


def publications(case) -> list[CrisisPublication]:
    return list(
        CrisisPublication.objects.filter(period__case=case)
        .select_related("published_by")
        .prefetch_related("organisations")
    )


def publication_pdf(publication: CrisisPublication) -> bytes:
    """The half-A4 PDF of a publication, as it was published (from its stored facts)."""
    return crisis_briefing.pdf(crisis_briefing.BriefingFacts.from_dict(publication.facts))
