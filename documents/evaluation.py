"""The evaluation report (step 7, §3.8): per criterion of the source, the figures the system
measured (`measured_lines` over the snapshot of `closing.services.measured`, a dict) and
what each participating organisation wrote. The printable report is the template
`documents/evaluation_report.html`, rendered by `closing.views.evaluation_report` with
what the case holds. Group level only: it carries no personal data, so printing it logs
no operation (ADR 0008).

The criteria are the document's structure, so they are defined here; the contributions
store their texts under these codes (closing.models re-exports `Criterion`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Criterion(models.TextChoices):
    """The evaluation criteria of the source (§3.8)."""

    ROLES = "rollen", gettext_lazy("Duidelijkheid van rollen en werkbaarheid van afspraken")
    INFORMATION = "informatie", gettext_lazy("Informatieoverdracht")
    EFFORT = "inzet", gettext_lazy("Mate en soort van inzet")
    EFFECTIVENESS = "effectiviteit", gettext_lazy("Effectiviteit")
    SPEED = "snelheid", gettext_lazy("Snelheid van handelen op ontwikkelingen")
    DURATION = "doorlooptijd", gettext_lazy("Geplande versus gerealiseerde doorlooptijd")
    BOTTLENECKS = "knelpunten", gettext_lazy("Overige knelpunten")


def _maybe(value, text) -> str:
    return _("onbekend") if value is None else text


def measured_lines(data: dict) -> dict[str, list[str]]:
    """The measured figures as Dutch sentences per criterion (Criterion codes)."""
    d, a, s = data.get("duration", {}), data.get("agreements", {}), data.get("speed", {})
    e, f = data.get("effort", {}), data.get("effectiveness", {})
    lines: dict[str, list[str]] = {code: [] for code in Criterion.values}
    lines[Criterion.DURATION] = [
        _("Gepland: %(v)s")
        % {"v": _maybe(d.get("planned_days"), _("%(n)s dagen") % {"n": d.get("planned_days")})},
        _("Gerealiseerd: %(v)s%(until)s")
        % {
            "v": _maybe(d.get("realised_days"), _("%(n)s dagen") % {"n": d.get("realised_days")}),
            "until": _(" (vanaf stap 5 tot het besluit tot afronden)")
            if d.get("until_closing_decision")
            else _(" (vanaf stap 5 tot vandaag)"),
        },
    ]
    if a.get("actions"):
        lines[Criterion.ROLES] = [
            _(
                "%(on)s van %(n)s acties op tijd gereed (%(p)s%%), %(late)s te laat, %(nk)s niet nagekomen, %(open)s nog open."
            )
            % {
                "on": a.get("on_time"),
                "n": a.get("actions"),
                "p": a.get("on_time_share"),
                "late": a.get("late"),
                "nk": a.get("not_kept"),
                "open": a.get("open"),
            },
            _("Escalaties: %(n)s") % {"n": a.get("escalations", 0)},
        ]
    else:
        lines[Criterion.ROLES] = [
            _("Geen acties vastgelegd."),
            _("Escalaties: %(n)s") % {"n": a.get("escalations", 0)},
        ]
    lines[Criterion.SPEED] = [
        _("Van het eerste signaal tot het besluit tot prioriteren: %(v)s")
        % {
            "v": _maybe(
                s.get("signal_to_decision_days"), _("%(n)s dagen") % {"n": s.get("signal_to_decision_days")}
            )
        },
        _("Van het openen van de casus tot dat besluit: %(v)s")
        % {
            "v": _maybe(
                s.get("opening_to_decision_days"), _("%(n)s dagen") % {"n": s.get("opening_to_decision_days")}
            )
        },
        _("Versies van het plan van aanpak: %(n)s") % {"n": s.get("plan_versions", 0)},
    ]
    lines[Criterion.EFFORT] = [
        _("Acties per partner: %(list)s")
        % {"list": ", ".join(f"{k} {v}" for k, v in (e.get("per_partner") or {}).items()) or "—"},
        _("Acties per spoor: %(list)s")
        % {"list": ", ".join(f"{k} {v}" for k, v in (e.get("per_track") or {}).items()) or "—"},
    ]
    if f.get("results"):
        lines[Criterion.EFFECTIVENESS] = [
            _("%(r)s van %(n)s resultaten van het plan bereikt (volgens het besluit tot afronden).")
            % {"r": f.get("reached"), "n": f.get("results")}
        ]
    else:
        lines[Criterion.EFFECTIVENESS] = [_("Nog geen besluit tot afronden: resultaten niet getoetst.")]
    return lines


def criteria(figures: dict, contributions: Iterable = ()) -> list[dict]:
    """The report per criterion, in the order of the source: code, label, the measured lines
    and the texts of the organisations that wrote about it ([(organisation name, text)];
    `contributions` offer `organisation.name` and `texts`, {criterion code: text})."""
    lines = measured_lines(figures)
    contributions = list(contributions)
    return [
        {
            "code": code,
            "label": label,
            "measured": lines.get(code, []),
            "texts": [
                (c.organisation.name, c.texts.get(code, "")) for c in contributions if c.texts.get(code)
            ],
        }
        for code, label in Criterion.choices
    ]
