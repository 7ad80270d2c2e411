"""The text of the step-4 policy advice (§3.5: 'een kort en krachtig document op de
probleemdefinitie met daaraan opgehangen een advies op prioritering en aanpak'), composed
from the current picture, concept plan, capacity estimates, common threads and the group
dynamics. Plain text, so the author can edit it in a textarea and the privacy guard can
check every character of it.

`analysis.services.generate_advice` prepares the facts (`AdviceFacts`, youths already
named by their labels: Jongere A, Jongere B, …), composes, anonymises the whole text and
logs `advice.generate`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Estimate:
    """One organisation's estimated effort (analysis.models.CapacityEstimate)."""

    organisation: str
    months: int
    hours_per_week: Decimal | None = None
    fte: Decimal | None = None
    total_hours: Decimal | int | None = None
    cost: Decimal | int | None = None
    note: str = ""


@dataclass(frozen=True)
class Dynamics:
    """The group dynamics on a day (analysis.sociogram.state_on), youths by their label."""

    on: date
    members: int
    counts: Mapping[str, int]  # "plus", "min", "mee" and "" (not assessed)
    leaders: Sequence[str] = ()
    strong_min: Sequence[str] = ()  # min with influence 4 or more
    strong_plus: Sequence[str] = ()  # plus with influence 4 or more


@dataclass(frozen=True)
class AdviceFacts:
    """What the advice says, as the texts people wrote and the labels of the choices."""

    group_name: str
    picture_number: int
    plan_number: int
    dynamics: Dynamics
    severity: str = ""  # the label; "" when not yet assessed
    urgency: str = ""
    group_characteristics: str = ""
    environment: str = ""
    domains: Sequence[tuple[str, str]] = ()  # (domain label, text) in domain order
    behaviour: str = ""
    group_dynamics: str = ""  # the picture's own text on the dynamics
    youth_situation: str = ""
    area_impact: str = ""
    persons: str = ""
    person_line: str = ""
    group_line: str = ""
    area_line: str = ""
    strategy: str = ""
    threads: Sequence[tuple[str, str]] = ()  # (question label, text)
    estimates: Sequence[Estimate] = ()
    partners: Sequence[str] = ()
    partners_note: str = ""


def _number(value) -> str:
    return f"{int(round(float(value))):,}".replace(",", ".")


def _section(title: str, lines: list[str]) -> tuple[str, str]:
    return title, "\n".join(line for line in lines if line and line.strip())


def capacity_lines(estimates: Sequence[Estimate]) -> list[str]:
    lines, hours_total, cost_total = [], 0, 0
    for e in estimates:
        parts = []
        if e.hours_per_week is not None:
            parts.append(_("%(h)s uur per week") % {"h": _number(e.hours_per_week)})
        if e.fte is not None:
            parts.append(_("%(f)s fte") % {"f": str(e.fte).replace(".", ",")})
        text = _("%(org)s: %(what)s gedurende %(m)s maanden") % {
            "org": e.organisation,
            "what": _(" en ").join(parts),
            "m": e.months,
        }
        if e.total_hours is not None:
            text += _(" (ca. %(n)s uur)") % {"n": _number(e.total_hours)}
            hours_total += e.total_hours
        if e.cost is not None:
            text += _(", kosten ca. € %(c)s") % {"c": _number(e.cost)}
            cost_total += int(e.cost)
        if e.note:
            text += f" — {e.note}"
        lines.append(f"- {text}")
    if lines:
        lines.append(
            _("Totaal: ca. %(h)s uur; kosten ca. € %(c)s.")
            % {"h": _number(hours_total), "c": _number(cost_total)}
        )
    return lines


def compose(facts: AdviceFacts) -> str:
    """The advice text. Names in the free text are replaced by the caller afterwards
    (`anonymiser.anonymise` over the whole text is the last step)."""
    severity = facts.severity or _("nog niet bepaald")
    urgency = facts.urgency or _("nog niet bepaald")
    dyn = facts.dynamics
    counts = dyn.counts
    leaders = ", ".join(dyn.leaders)
    strong_min = ", ".join(dyn.strong_min)
    strong_plus = ", ".join(dyn.strong_plus)
    dynamics = [
        _(
            "Stand van %(when)s: %(n)s jongeren in beeld; plus %(plus)s, min %(min)s, mee %(mee)s, nog niet beoordeeld %(none)s."
        )
        % {
            "when": date_format(dyn.on, "F Y"),
            "n": dyn.members,
            "plus": counts["plus"],
            "min": counts["min"],
            "mee": counts["mee"],
            "none": counts[""],
        },
        _("Leiders: %(who)s.") % {"who": leaders} if leaders else "",
        _("Min met veel invloed: %(who)s.") % {"who": strong_min} if strong_min else "",
        _("Plus met veel invloed (kansrijk): %(who)s.") % {"who": strong_plus} if strong_plus else "",
    ]
    thread_lines = [f"- {label}: {text}" for label, text in facts.threads]
    domains = [f"- {label}: {text}" for label, text in facts.domains if text.strip()]
    partners = ", ".join(facts.partners)
    sections = [
        _("Beleidsadvies over de groep %(name)s") % {"name": facts.group_name},
        _(
            "Opgesteld door de procesregisseur namens de betrokken ketenpartners, op basis van het "
            "integraal beeld (versie %(p)s) en het concept plan van aanpak (versie %(c)s). Geanonimiseerd: "
            "jongeren worden aangeduid als Jongere A, Jongere B, enzovoort."
        )
        % {"p": facts.picture_number, "c": facts.plan_number},
        _section(
            _("Karakterisering van de groep"),
            [
                facts.group_characteristics,
                _("Omgevingsfactoren: %(t)s") % {"t": facts.environment} if facts.environment else "",
            ],
        ),
        _section(
            _("Mate van ernst en urgentie"),
            [_("Mate van ernst: %(s)s. Urgentie: %(u)s.") % {"s": severity.lower(), "u": urgency.lower()}],
        ),
        _section(_("Probleemdefinitie per domein"), domains),
        _section(
            _("Duiding"),
            [
                _("Gedrag: %(t)s") % {"t": facts.behaviour} if facts.behaviour else "",
                _("Groepsdynamiek: %(t)s") % {"t": facts.group_dynamics} if facts.group_dynamics else "",
                _("Situatie van de jongeren: %(t)s") % {"t": facts.youth_situation}
                if facts.youth_situation
                else "",
                _("Impact op de omgeving: %(t)s") % {"t": facts.area_impact} if facts.area_impact else "",
            ],
        ),
        _section(_("Groepsdynamiek (plus, min, mee)"), dynamics),
        _section(_("Rode draden uit het circulair bevragen"), thread_lines),
        _section(_("Analyse op personen"), [facts.persons]),
        _section(
            _("Concept plan van aanpak"),
            [
                _("Persoonsgericht: %(t)s") % {"t": facts.person_line} if facts.person_line else "",
                _("Groepsgericht: %(t)s") % {"t": facts.group_line} if facts.group_line else "",
                _("Gebiedsgericht: %(t)s") % {"t": facts.area_line} if facts.area_line else "",
                _("Strategie en advies: %(t)s") % {"t": facts.strategy} if facts.strategy else "",
            ],
        ),
        _section(_("Gevraagde inzet (globale schatting)"), capacity_lines(facts.estimates)),
        _section(
            _("Betrokken partners"),
            [partners, facts.partners_note],
        ),
        _section(
            _("Gevraagd besluit"),
            [
                _(
                    "Het overleg wordt gevraagd te besluiten of de aanpak van deze groep wordt geprioriteerd, in "
                    "verhouding tot de andere groepen op de agenda, en zo ja: de doelen en kaders (kosten, inzet), "
                    "wie stuurt en waarheen wordt geëscaleerd, wanneer het overleg wordt geïnformeerd, de verhouding "
                    "tot een eventueel strafrechtelijk traject en wie naar buiten communiceert. Of: om een "
                    "aanvullende analyse te vragen, met de domeinen waarop die zich richt."
                )
            ],
        ),
    ]
    head, intro, numbered = sections[0], sections[1], [s for s in sections[2:] if s[1]]
    parts = [head, intro] + [f"{i}. {title}\n{body}" for i, (title, body) in enumerate(numbered, start=1)]
    return "\n\n".join(parts).strip() + "\n"
