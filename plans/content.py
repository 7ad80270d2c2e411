"""The shape of the plan of approach (one JSON document per PlanVersion) and read helpers.

    {
      "goals": [{"key", "code", "text"}],           # code: one of GOALS, or "lokaal"
      "tracks": {"persoon": str, "groep": str, "omgeving": str},
      "strategy": {"first_things_first", "interventions", "roles", "communication",
                   "rewarding": str},
      "organisation": {"information": str, "agreements": str},
      "results": [{"key", "goal", "indicator", "baseline", "target", "deadline",
                   "domain", "unit"}],               # SMART; goal = a goal key
      "scenarios": [{"key", "trigger", "response"}],
      "measures": [{"key", "track", "organisation", "target_kind", "membership",
                    "location", "description"}]      # the interventiematrix
    }

`key`s are short random strings kept across versions (an item keeps its key when edited;
a new item gets a new one). `organisation` and `membership` are primary keys; `deadline`
is an ISO date; baseline and target are numbers as strings. Every text is group level
and guarded, except that a measure with target_kind "jongere" names a member by key.
"""

from __future__ import annotations

import secrets

from django.utils.translation import gettext_lazy as _

from plans.models import TargetKind, Track

GOALS = {
    "criminaliteit": _("Verminderen van criminaliteit en overlast"),
    "perspectief": _("Versterken van de sociale positie en het perspectief"),
    "groepsdynamiek": _("Verstoren van de negatieve groepsdynamiek"),
    "aanwas": _("Voorkomen van aanwas"),
}
LOCAL_GOAL = "lokaal"

STRATEGY_FIELDS = {
    "first_things_first": _("First things first: wat eerst"),
    "interventions": _("Interventies"),
    "roles": _("Rollen en verantwoordelijkheden"),
    "communication": _("Communicatie, ook via sociale media"),
    "rewarding": _("Belonen van goed gedrag"),
}
ORGANISATION_FIELDS = {
    "information": _("Welke partner levert welke informatie, met welk doel"),
    "agreements": _("Hoe afspraken worden vastgelegd en gemonitord"),
}
TRACKS = dict(Track.choices)
TARGET_KINDS = dict(TargetKind.choices)


def new_key() -> str:
    return secrets.token_hex(4)


def empty() -> dict:
    return {
        "goals": [],
        "tracks": {code: "" for code in TRACKS},
        "strategy": {code: "" for code in STRATEGY_FIELDS},
        "organisation": {code: "" for code in ORGANISATION_FIELDS},
        "results": [],
        "scenarios": [],
        "measures": [],
    }


def goals(content: dict) -> list[dict]:
    return list(content.get("goals") or [])


def goal_label(goal: dict) -> str:
    if goal.get("code") in GOALS and not goal.get("text"):
        return str(GOALS[goal["code"]])
    return goal.get("text") or str(GOALS.get(goal.get("code"), ""))


def results(content: dict) -> list[dict]:
    return list(content.get("results") or [])


def result(content: dict, key: str) -> dict | None:
    return next((r for r in results(content) if r.get("key") == key), None)


def scenarios(content: dict) -> list[dict]:
    return list(content.get("scenarios") or [])


def measures(content: dict) -> list[dict]:
    return list(content.get("measures") or [])


def measure(content: dict, key: str) -> dict | None:
    return next((m for m in measures(content) if m.get("key") == key), None)


def member_keys(content: dict) -> set[int]:
    """Memberships named by member-targeted measures (personal data in the plan)."""
    return {
        int(m["membership"])
        for m in measures(content)
        if m.get("target_kind") == TargetKind.MEMBER and m.get("membership")
    }
