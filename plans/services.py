"""Step 5: the integral plan of approach as a living document. Every save is a new
PlanVersion (author, time, reason); the newest is in force; a save based on an older
version is refused with a VersionConflict so nothing is lost. The plan is drafted from the
concept plan, the interventiematrix and the forum's decision (§3.6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organisation
from analysis.models import Domain, MatrixColumn
from cases import workflow
from cases.writes import guard as _guard
from cases.writes import keep_confirmations as _keep_confirmations
from cases.writes import lock as _lock
from cases.writes import require_manager as _require_manager
from groups.models import Membership, MembershipStatus
from plans import content as c
from plans.common import AccessDenied, ApproachError, VersionConflict, current_decision, pseudonyms  # noqa: F401 (raised here, re-exported)
from plans.models import PlanVersion, TargetKind
from privacy import access, log
from privacy.categories import Category


class PlanInvalid(ApproachError):
    """The plan does not validate; `errors` maps a path ("results.0.baseline") to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        first = next(iter(errors.values()))[0]
        super().__init__(_("Het plan is nog niet compleet of klopt niet: %(first)s") % {"first": first})


def current(case) -> PlanVersion | None:
    return case.approach_plans.select_related("author", "author_organisation").order_by("-number").first()


def _number(value, errors, path, label) -> str:
    text = str(value if value is not None else "").strip().replace(",", ".")
    if not text:
        errors.setdefault(path, []).append(_("Vul %(label)s in.") % {"label": label})
        return ""
    try:
        return str(Decimal(text).normalize() if Decimal(text) != 0 else Decimal(0))
    except InvalidOperation:
        errors.setdefault(path, []).append(
            _("%(label)s moet een getal zijn.") % {"label": label.capitalize()}
        )
        return ""


def validate(case, content: dict) -> tuple[dict, dict[str, list[str]]]:
    """Normalise a plan document and check it; (clean content, errors by path)."""
    errors: dict[str, list[str]] = {}
    clean = c.empty()
    content = content if isinstance(content, dict) else {}

    def rows(name):
        value = content.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            errors.setdefault(name, []).append(_("Ongeldige lijst."))
            return []
        return value

    text = lambda v: " ".join(str(v or "").split()) if "\n" not in str(v or "") else str(v).strip()  # noqa: E731

    for i, goal in enumerate(rows("goals")):
        code = goal.get("code") or c.LOCAL_GOAL
        if code not in c.GOALS and code != c.LOCAL_GOAL:
            errors.setdefault(f"goals.{i}.code", []).append(_("Onbekend doel."))
            continue
        body = text(goal.get("text"))
        if code == c.LOCAL_GOAL and not body:
            errors.setdefault(f"goals.{i}.text", []).append(_("Beschrijf het lokale doel."))
        clean["goals"].append({"key": goal.get("key") or c.new_key(), "code": code, "text": body})
    if not clean["goals"]:
        errors.setdefault("goals", []).append(_("Kies ten minste één doel."))
    goal_keys = {g["key"] for g in clean["goals"]}

    for section, fields in (
        ("tracks", c.TRACKS),
        ("strategy", c.STRATEGY_FIELDS),
        ("organisation", c.ORGANISATION_FIELDS),
    ):
        given = content.get(section) or {}
        if not isinstance(given, dict):
            errors.setdefault(section, []).append(_("Ongeldige invoer."))
            given = {}
        clean[section] = {code: text(given.get(code)) for code in fields}

    for i, r in enumerate(rows("results")):
        p = f"results.{i}"
        row = {
            "key": r.get("key") or c.new_key(),
            "goal": r.get("goal") or "",
            "indicator": text(r.get("indicator")),
            "unit": text(r.get("unit")),
            "domain": r.get("domain") or "",
        }
        if row["goal"] and row["goal"] not in goal_keys:
            errors.setdefault(f"{p}.goal", []).append(_("Kies een doel uit dit plan."))
        if not row["indicator"]:
            errors.setdefault(f"{p}.indicator", []).append(_("Vul de indicator in (wat meet u?)."))
        row["baseline"] = _number(r.get("baseline"), errors, f"{p}.baseline", _("de nulmeting"))
        row["target"] = _number(r.get("target"), errors, f"{p}.target", _("de streefwaarde"))
        deadline = r.get("deadline")
        if isinstance(deadline, date):
            deadline = deadline.isoformat()
        try:
            row["deadline"] = date.fromisoformat(str(deadline or "")).isoformat()
        except ValueError:
            errors.setdefault(f"{p}.deadline", []).append(
                _("Vul een geldige datum in waarop het resultaat er is.")
            )
            row["deadline"] = ""
        if row["domain"] not in Domain.values:
            errors.setdefault(f"{p}.domain", []).append(_("Kies het domein."))
        clean["results"].append(row)

    for i, s in enumerate(rows("scenarios")):
        row = {
            "key": s.get("key") or c.new_key(),
            "trigger": text(s.get("trigger")),
            "response": text(s.get("response")),
        }
        if not row["trigger"]:
            errors.setdefault(f"scenarios.{i}.trigger", []).append(
                _("Beschrijf wanneer het scenario ingaat.")
            )
        if not row["response"]:
            errors.setdefault(f"scenarios.{i}.response", []).append(_("Beschrijf wat er dan gebeurt."))
        clean["scenarios"].append(row)

    orgs = set(Organisation.objects.filter(municipality_id=case.municipality_id).values_list("pk", flat=True))
    members = set(
        Membership.objects.filter(case=case)
        .exclude(status=MembershipStatus.REMOVED)
        .values_list("pk", flat=True)
    )
    for i, m in enumerate(rows("measures")):
        p = f"measures.{i}"
        row = {
            "key": m.get("key") or c.new_key(),
            "track": m.get("track") or "",
            "target_kind": m.get("target_kind") or "",
            "membership": None,
            "location": text(m.get("location")),
            "description": text(m.get("description")),
        }
        if row["track"] not in c.TRACKS:
            errors.setdefault(f"{p}.track", []).append(_("Kies het spoor."))
        try:
            row["organisation"] = int(m.get("organisation"))
        except (TypeError, ValueError):
            row["organisation"] = None
        if row["organisation"] not in orgs:
            errors.setdefault(f"{p}.organisation", []).append(_("Kies de partner die de maatregel uitvoert."))
        if row["target_kind"] not in c.TARGET_KINDS:
            errors.setdefault(f"{p}.target_kind", []).append(_("Kies waarop de maatregel is gericht."))
        elif row["target_kind"] == TargetKind.MEMBER:
            try:
                row["membership"] = int(m.get("membership"))
            except (TypeError, ValueError):
                row["membership"] = None
            if row["membership"] not in members:
                errors.setdefault(f"{p}.membership", []).append(_("Kies een jongere van de namenlijst."))
        elif row["target_kind"] == TargetKind.LOCATION and not row["location"]:
            errors.setdefault(f"{p}.location", []).append(_("Noem de locatie."))
        if not row["description"]:
            errors.setdefault(f"{p}.description", []).append(_("Beschrijf de maatregel."))
        clean["measures"].append(row)
    return clean, errors


def guarded_texts(content: dict) -> dict[str, str]:
    """Every text of the plan with a label, for the privacy guard."""
    texts = {}
    for g in content["goals"]:
        if g["text"]:
            texts[_("Doel")] = texts.get(_("Doel"), "") + "\n" + g["text"]
    for section, fields in (
        ("tracks", c.TRACKS),
        ("strategy", c.STRATEGY_FIELDS),
        ("organisation", c.ORGANISATION_FIELDS),
    ):
        for code, label in fields.items():
            texts[str(label)] = content[section][code]
    texts[_("Resultaten")] = "\n".join(f"{r['indicator']} {r['unit']}" for r in content["results"])
    texts[_("Scenario's")] = "\n".join(f"{s['trigger']}\n{s['response']}" for s in content["scenarios"])
    texts[_("Maatregelen")] = "\n".join(f"{m['description']}\n{m['location']}" for m in content["measures"])
    return {k: v for k, v in texts.items() if v and v.strip()}


@transaction.atomic
def save_plan(
    case, *, actor, based_on: int, content: dict, reason: str = "", confirmed_findings=()
) -> PlanVersion:
    """A new version of the plan of approach, in force from now on."""
    case = _lock(case)
    _require_manager(actor, case)
    workflow.require_write(case, "plan")
    latest = current(case)
    if (latest.number if latest else 0) != based_on:
        raise VersionConflict(latest)
    clean, errors = validate(case, content)
    if latest is not None and not (reason or "").strip():
        errors.setdefault("reason", []).append(_("Geef de reden van deze wijziging."))
    if errors:
        raise PlanInvalid(errors)
    old_members = c.member_keys(latest.content) if latest else set()
    new_members = c.member_keys(clean)
    if new_members - old_members:
        access.can_supply(actor, case, Category.PERSONAL).enforce()
    accepted = _guard(guarded_texts(clean), confirmed_findings)
    version = PlanVersion.objects.create(
        case=case,
        number=(latest.number if latest else 0) + 1,
        content=clean,
        reason=(reason or "").strip(),
        decision=current_decision(case),
        author=actor,
        author_organisation=actor.organisation,
    )
    _keep_confirmations(version, accepted, actor)
    if new_members:
        log.write(
            actor,
            "approach_plan.save",
            pseudonyms(Membership.objects.filter(pk__in=new_members).select_related("person")),
            case=case,
        )
    return version


def draft(case) -> dict:
    """A first plan drafted from the concept plan, the decision and the interventiematrix:
    the four standard goals (plus the decision's goals as a local goal), the group and area
    lines as tracks, the strategy, and every group-level 'possible intervention' as a
    measure. Member rows and the concept plan's person line are not copied: they may hold
    personal data and the plan is group level; member-aimed measures are added by hand."""
    draft = c.empty()
    draft["goals"] = [{"key": c.new_key(), "code": code, "text": ""} for code in c.GOALS]
    decision = current_decision(case)
    if decision is not None and decision.goals.strip():
        draft["goals"].append({"key": c.new_key(), "code": c.LOCAL_GOAL, "text": decision.goals.strip()})
    concept = case.concept_plan_versions.order_by("-number").first()
    if concept is not None:
        draft["tracks"]["groep"] = concept.group_line
        draft["tracks"]["omgeving"] = concept.area_line
        draft["strategy"]["interventions"] = concept.strategy
    if decision is not None:
        draft["strategy"]["communication"] = decision.external_communication
        draft["organisation"]["agreements"] = decision.inform_moments
    group_rows = case.intervention_entries.filter(column=MatrixColumn.INTERVENTIONS, membership__isnull=True)
    for entry in group_rows.order_by("pk"):
        draft["measures"].append(
            {
                "key": c.new_key(),
                "track": "groep",
                "organisation": entry.organisation_id,
                "target_kind": TargetKind.GROUP,
                "membership": None,
                "location": "",
                "description": entry.content,
            }
        )
    return draft
