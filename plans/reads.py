"""Reads of the plan of approach, composed from the one access decision (privacy.access):
what a user may see of a plan version, what is withheld and why, and the processing log
of every member named. Shared by the pages and the API."""

from __future__ import annotations

import copy
from datetime import date

from django.utils.translation import gettext as _

from accounts.models import Organisation
from analysis.models import Domain
from groups.models import Membership
from plans import compare as diff
from plans import content as c
from plans.common import pseudonyms
from plans.models import TargetKind
from privacy import access, log
from privacy.categories import Category


def member_names(user, case, pks, operation: str) -> tuple[dict[int, str], str]:
    """({membership pk: full name}, "") for who may receive personal data — the read logged
    per member — else ({}, the reason they are withheld)."""
    if not pks:
        return {}, ""
    decision = access.can_receive(user, case, Category.PERSONAL)
    if not decision:
        return {}, str(decision.reason)
    memberships = list(Membership.objects.filter(case=case, pk__in=pks).select_related("person"))
    log.read(user, operation, pseudonyms(memberships), case=case)
    return {m.pk: m.person.full_name for m in memberships}, ""


def export_names(user, case, pks) -> tuple[dict[int, str], str, list[str]]:
    """As `member_names`, for a document that leaves the system: ({pk: name}, withheld
    reason, pseudonyms of the members named). Nothing is logged here: the export is logged
    once for the document (cases.case_documents.produce)."""
    if not pks:
        return {}, "", []
    decision = access.can_receive(user, case, Category.PERSONAL)
    if not decision:
        return {}, str(decision.reason), []
    memberships = list(Membership.objects.filter(case=case, pk__in=pks).select_related("person"))
    return {m.pk: m.person.full_name for m in memberships}, "", pseudonyms(memberships)


def plan_for(user, case, version, *, operation: str = "approach_plan.read") -> tuple[dict, str]:
    """(content as this user may see it, withheld reason or ""). Member-aimed measures name
    the member (`member_name`) only for who may receive personal data — that read is logged
    per member; for the others `membership` is removed and the reason returned."""
    data = copy.deepcopy(version.content) if version is not None else c.empty()
    names, withheld = member_names(user, case, c.member_keys(data), operation)
    for m in data.get("measures", []):
        if m.get("target_kind") == TargetKind.MEMBER:
            if withheld:
                m["membership"] = None
            m["member_name"] = names.get(m.get("membership"), "")
    return data, withheld


# --- showing and comparing plan contents ------------------------------------------------------


def _withheld_member() -> str:
    return _("een jongere (afgeschermd)")


def organisation_names(case) -> dict[int, str]:
    return dict(Organisation.objects.filter(municipality_id=case.municipality_id).values_list("pk", "name"))


def _date(value) -> str:
    try:
        return date.fromisoformat(str(value)).strftime("%d-%m-%Y")
    except ValueError:
        return str(value or "")


class Formatter:
    """How a plan value is shown: names for numbers and codes; a member's name only when
    known (the caller decided and logged), else 'afgeschermd'."""

    def __init__(self, orgs: dict[int, str], names: dict[int, str], goals: dict[str, str]):
        self.orgs, self.names, self.goals = orgs, names, goals

    def member(self, pk) -> str:
        try:
            return self.names.get(int(pk)) or _withheld_member()
        except (TypeError, ValueError):
            return ""

    def __call__(self, section, name, value) -> str:
        if value in (None, ""):
            return ""
        if section == "goals" and name == "code":
            return str(c.GOALS.get(value, _("Lokaal doel")))
        if name == "goal":
            return self.goals.get(value, _("(doel niet meer in het plan)"))
        if name == "domain":
            return str(dict(Domain.choices).get(value, value))
        if name == "deadline":
            return _date(value)
        if name == "track":
            return str(c.TRACKS.get(value, value))
        if name == "target_kind":
            return str(c.TARGET_KINDS.get(value, value))
        if name == "organisation":
            try:
                return self.orgs.get(int(value), _("(onbekende organisatie)"))
            except (TypeError, ValueError):
                return str(value)
        if name == "membership":
            return self.member(value)
        return str(value)


def goal_labels(*contents) -> dict[str, str]:
    labels = {}
    for content in contents:
        for goal in c.goals(content):
            labels[goal.get("key")] = c.goal_label(goal)
    return labels


def plan_diff(user, case, old: dict, new: dict, operation: str):
    """The differences between two plan contents as this user may see them (compare page and
    API): (sections, summary, withheld reason); member names read through member_names."""
    names, withheld = member_names(user, case, c.member_keys(old) | c.member_keys(new), operation)
    fmt = Formatter(organisation_names(case), names, goal_labels(old, new))
    sections = diff.compare(old, new, fmt)
    return sections, diff.summary(sections), withheld


def present(case, content: dict, names: dict[int, str], withheld: str) -> dict:
    """A plan content as the user may see it (names and withheld from `member_names`, or
    `export_names`), ready for the page template and the document."""
    fmt = Formatter(organisation_names(case), names, goal_labels(content))
    goals = [
        {
            "label": c.goal_label(g),
            "local": g.get("code") == c.LOCAL_GOAL,
            "standard": str(c.GOALS.get(g.get("code"), "")),
        }
        for g in c.goals(content)
    ]

    def texts(section, labels):
        return [(label, (content.get(section) or {}).get(code, "")) for code, label in labels.items()]

    results = [
        {
            "indicator": r.get("indicator"),
            "unit": r.get("unit"),
            "baseline": r.get("baseline"),
            "target": r.get("target"),
            "deadline": fmt("results", "deadline", r.get("deadline")),
            "domain": fmt("results", "domain", r.get("domain")),
            "goal": fmt("results", "goal", r.get("goal")),
        }
        for r in c.results(content)
    ]
    tracks = []
    for code, label in c.TRACKS.items():
        rows = []
        for m in c.measures(content):
            if m.get("track") != code:
                continue
            kind = m.get("target_kind")
            if kind == TargetKind.MEMBER:
                target = fmt.member(m.get("membership"))
                target_withheld = withheld
            elif kind == TargetKind.LOCATION:
                target, target_withheld = _("Locatie: %(where)s") % {"where": m.get("location")}, ""
            else:
                target, target_withheld = _("De groep"), ""
            rows.append(
                {
                    "organisation": fmt("measures", "organisation", m.get("organisation")),
                    "member": kind == TargetKind.MEMBER,
                    "target": target,
                    "target_withheld": target_withheld,
                    "description": m.get("description"),
                }
            )
        rows.sort(key=lambda row: row["organisation"])
        tracks.append({"code": code, "label": label, "measures": rows})
    return {
        "goals": goals,
        "tracks_text": texts("tracks", c.TRACKS),
        "strategy": texts("strategy", c.STRATEGY_FIELDS),
        "organisation": texts("organisation", c.ORGANISATION_FIELDS),
        "results": results,
        "scenarios": c.scenarios(content),
        "matrix": tracks,
        "measure_count": len(c.measures(content)),
        "members_withheld": withheld,
    }
