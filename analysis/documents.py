"""The text of the step-4 policy advice (§3.5: 'een kort en krachtig document op de
probleemdefinitie met daaraan opgehangen een advies op prioritering en aanpak'), composed
from the current picture, concept plan, capacity estimates, common threads and the group
dynamics, then anonymised. Plain text, so the author can edit it in a textarea and the
privacy guard can check every character of it."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Question
from .sociogram import state_on


def _number(value) -> str:
    return f"{int(round(float(value))):,}".replace(",", ".")


def _section(title: str, lines: list[str]) -> tuple[str, str]:
    return title, "\n".join(line for line in lines if line and line.strip())


def capacity_lines(estimates) -> list[str]:
    lines, hours_total, cost_total = [], 0, 0
    for e in estimates:
        parts = []
        if e.hours_per_week is not None:
            parts.append(_("%(h)s uur per week") % {"h": _number(e.hours_per_week)})
        if e.fte is not None:
            parts.append(_("%(f)s fte") % {"f": str(e.fte).replace(".", ",")})
        text = _("%(org)s: %(what)s gedurende %(m)s maanden") % {
            "org": e.organisation.name,
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


def compose_advice(case, *, picture, plan, estimates, threads, anonymiser) -> str:
    """The advice text with names already replaced by labels (`anonymiser.anonymise`
    is applied to the whole text by the caller as the last step)."""
    severity = picture.get_severity_display() or _("nog niet bepaald")
    urgency = picture.get_urgency_display() or _("nog niet bepaald")
    dyn = state_on(case, timezone.localdate())
    counts = dyn.counts
    members = len(dyn.nodes)
    leaders = ", ".join(anonymiser.label(n.membership) for n in dyn.leaders)
    strong_min = ", ".join(
        anonymiser.label(n.membership) for n in dyn.nodes if n.dynamic == "min" and n.influence >= 4
    )
    strong_plus = ", ".join(
        anonymiser.label(n.membership) for n in dyn.nodes if n.dynamic == "plus" and n.influence >= 4
    )
    dynamics = [
        _(
            "Stand van %(when)s: %(n)s jongeren in beeld; plus %(plus)s, min %(min)s, mee %(mee)s, nog niet beoordeeld %(none)s."
        )
        % {
            "when": date_format(dyn.on, "F Y"),
            "n": members,
            "plus": counts["plus"],
            "min": counts["min"],
            "mee": counts["mee"],
            "none": counts[""],
        },
        _("Leiders: %(who)s.") % {"who": leaders} if leaders else "",
        _("Min met veel invloed: %(who)s.") % {"who": strong_min} if strong_min else "",
        _("Plus met veel invloed (kansrijk): %(who)s.") % {"who": strong_plus} if strong_plus else "",
    ]
    labels = dict(Question.choices)
    thread_lines = [f"- {labels[t.question]}: {t.text}" for t in threads]
    domains = [f"- {label}: {text}" for label, text in picture.domain_rows() if text.strip()]
    partners = ", ".join(o.name for o in picture.partners.all())
    sections = [
        _("Beleidsadvies over de groep %(name)s") % {"name": case.group.name},
        _(
            "Opgesteld door de procesregisseur namens de betrokken ketenpartners, op basis van het "
            "integraal beeld (versie %(p)s) en het concept plan van aanpak (versie %(c)s). Geanonimiseerd: "
            "jongeren worden aangeduid als Jongere A, Jongere B, enzovoort."
        )
        % {"p": picture.number, "c": plan.number},
        _section(
            _("Karakterisering van de groep"),
            [
                picture.group_characteristics,
                _("Omgevingsfactoren: %(t)s") % {"t": picture.environment} if picture.environment else "",
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
                _("Gedrag: %(t)s") % {"t": picture.behaviour} if picture.behaviour else "",
                _("Groepsdynamiek: %(t)s") % {"t": picture.dynamics} if picture.dynamics else "",
                _("Situatie van de jongeren: %(t)s") % {"t": picture.youth_situation}
                if picture.youth_situation
                else "",
                _("Impact op de omgeving: %(t)s") % {"t": picture.area_impact} if picture.area_impact else "",
            ],
        ),
        _section(_("Groepsdynamiek (plus, min, mee)"), dynamics),
        _section(_("Rode draden uit het circulair bevragen"), thread_lines),
        _section(_("Analyse op personen"), [picture.persons]),
        _section(
            _("Concept plan van aanpak"),
            [
                _("Persoonsgericht: %(t)s") % {"t": plan.person_line} if plan.person_line else "",
                _("Groepsgericht: %(t)s") % {"t": plan.group_line} if plan.group_line else "",
                _("Gebiedsgericht: %(t)s") % {"t": plan.area_line} if plan.area_line else "",
                _("Strategie en advies: %(t)s") % {"t": plan.strategy} if plan.strategy else "",
            ],
        ),
        _section(_("Gevraagde inzet (globale schatting)"), capacity_lines(estimates)),
        _section(
            _("Betrokken partners"),
            [partners, picture.partners_note],
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
