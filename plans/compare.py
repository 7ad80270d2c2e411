"""Compare two versions of the plan of approach (pure functions, no database).

Per section the comparison says what was added, removed and changed. Items of the lists
(goals, results, scenarios, measures) are matched by their stable `key`, so an edited
result is "changed", not "removed + added". The text sections (tracks, strategy,
organisation) are compared field by field; long texts also get a word-level diff.

How a value is shown (an organisation's name instead of its number, a member's name or
"afgeschermd") is up to the caller: pass `fmt(section, field, value) -> str`. Whether a
value changed is decided on the raw values, so a change of member is seen even by who
may not see the names.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from plans import content as c

ADDED, REMOVED, CHANGED, SAME = "added", "removed", "changed", "same"

# The fields of each list section, in the order they are shown.
ITEM_FIELDS: dict[str, dict[str, str]] = {
    "goals": {"code": _("Soort doel"), "text": _("Omschrijving")},
    "results": {
        "indicator": _("Indicator"),
        "unit": _("Eenheid"),
        "baseline": _("Nulmeting"),
        "target": _("Streefwaarde"),
        "deadline": _("Uiterlijk"),
        "domain": _("Domein"),
        "goal": _("Doel"),
    },
    "scenarios": {"trigger": _("Wanneer"), "response": _("Wat er dan gebeurt")},
    "measures": {
        "track": _("Spoor"),
        "organisation": _("Partner"),
        "target_kind": _("Gericht op"),
        "membership": _("Jongere"),
        "location": _("Locatie"),
        "description": _("Maatregel"),
    },
}
TEXT_SECTIONS: dict[str, dict] = {
    "tracks": c.TRACKS,
    "strategy": c.STRATEGY_FIELDS,
    "organisation": c.ORGANISATION_FIELDS,
}
SECTION_LABELS = {
    "goals": _("Doelen"),
    "tracks": _("Sporen"),
    "strategy": _("Strategie"),
    "organisation": _("Organisatie"),
    "results": _("SMART-resultaten"),
    "scenarios": _("Scenario's"),
    "measures": _("Interventiematrix (maatregelen)"),
}
SECTION_ORDER = ("goals", "tracks", "strategy", "organisation", "results", "scenarios", "measures")
LONG_TEXT = 60  # texts at least this long get a word-level diff


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str
    status: str  # ADDED, REMOVED, CHANGED or SAME
    words: list[tuple[str, str]] = field(default_factory=list)  # word diff for long texts

    @property
    def changed(self) -> bool:
        return self.status != SAME


@dataclass
class ItemChange:
    key: str
    status: str
    title: str  # a short description of the item (its newest state)
    fields: list[FieldChange]

    @property
    def changed_fields(self) -> list[FieldChange]:
        return [f for f in self.fields if f.changed]


@dataclass
class SectionDiff:
    code: str
    label: str
    items: list[ItemChange] = field(default_factory=list)  # list sections
    fields: list[FieldChange] = field(default_factory=list)  # text sections

    def _with(self, status):
        return [i for i in self.items if i.status == status]

    @property
    def added(self) -> list[ItemChange]:
        return self._with(ADDED)

    @property
    def removed(self) -> list[ItemChange]:
        return self._with(REMOVED)

    @property
    def changed(self) -> list[ItemChange]:
        return self._with(CHANGED)

    @property
    def changed_fields(self) -> list[FieldChange]:
        return [f for f in self.fields if f.changed]

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.changed_fields)


def _raw(value) -> str:
    return "" if value is None else str(value)


def _plain(section, name, value) -> str:
    return _raw(value)


def _status(old: str, new: str) -> str:
    if old == new:
        return SAME
    if not old:
        return ADDED
    if not new:
        return REMOVED
    return CHANGED


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(op, text)] with op "same", "del" or "ins": the words (and the spaces after them)
    removed from `old` and inserted in `new`, in reading order."""
    a = re.findall(r"\S+\s*", old or "")
    b = re.findall(r"\S+\s*", new or "")
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=[w.strip() for w in a], b=[w.strip() for w in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("same", "".join(b[j1:j2])))
            continue
        if op in ("delete", "replace"):
            out.append(("del", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("ins", "".join(b[j1:j2])))
    return [(op, text) for op, text in out if text]


def _field(section, name, label, old_value, new_value, fmt) -> FieldChange:
    raw_old, raw_new = _raw(old_value), _raw(new_value)
    status = _status(raw_old, raw_new)
    old, new = (
        fmt(section, name, old_value) if raw_old else "",
        fmt(section, name, new_value) if raw_new else "",
    )
    if status != SAME and old == new:
        # Different raw values shown alike (e.g. two members both withheld): still a change.
        status = CHANGED
    words = []
    if status == CHANGED and max(len(old), len(new)) >= LONG_TEXT:
        words = word_diff(old, new)
    return FieldChange(name=name, label=str(label), old=old, new=new, status=status, words=words)


def _title(section: str, item: dict, fmt) -> str:
    if section == "goals":
        return fmt(section, "text", item.get("text")) or fmt(section, "code", item.get("code"))
    name = {"results": "indicator", "scenarios": "trigger", "measures": "description"}[section]
    return fmt(section, name, item.get(name))


def compare_items(section: str, old: list[dict], new: list[dict], fmt=_plain) -> list[ItemChange]:
    """Items matched by key: the new order first (added and changed in place), then the
    removed ones in their old order."""
    fields = ITEM_FIELDS[section]
    old_by_key = {i.get("key"): i for i in old or []}
    new_keys = {i.get("key") for i in new or []}
    out = []
    for item in new or []:
        before = old_by_key.get(item.get("key"))
        changes = [
            _field(section, name, label, (before or {}).get(name), item.get(name), fmt)
            for name, label in fields.items()
        ]
        status = ADDED if before is None else CHANGED if any(f.changed for f in changes) else SAME
        out.append(
            ItemChange(key=item.get("key"), status=status, title=_title(section, item, fmt), fields=changes)
        )
    for item in old or []:
        if item.get("key") not in new_keys:
            changes = [
                _field(section, name, label, item.get(name), None, fmt) for name, label in fields.items()
            ]
            out.append(
                ItemChange(
                    key=item.get("key"), status=REMOVED, title=_title(section, item, fmt), fields=changes
                )
            )
    return out


def compare_texts(section: str, old: dict, new: dict, fmt=_plain) -> list[FieldChange]:
    labels = TEXT_SECTIONS[section]
    return [
        _field(section, code, label, (old or {}).get(code), (new or {}).get(code), fmt)
        for code, label in labels.items()
    ]


def compare(old: dict, new: dict, fmt=_plain) -> list[SectionDiff]:
    """Every section of the plan, old → new, in the order of the plan."""
    old, new = old or {}, new or {}
    out = []
    for code in SECTION_ORDER:
        section = SectionDiff(code=code, label=str(SECTION_LABELS[code]))
        if code in TEXT_SECTIONS:
            section.fields = compare_texts(code, old.get(code), new.get(code), fmt)
        else:
            section.items = compare_items(code, old.get(code) or [], new.get(code) or [], fmt)
        out.append(section)
    return out


def summary(sections: list[SectionDiff]) -> dict[str, int]:
    """Counts for a one-line summary: items added, removed, changed, text fields changed."""
    return {
        "added": sum(len(s.added) for s in sections),
        "removed": sum(len(s.removed) for s in sections),
        "changed": sum(len(s.changed) for s in sections),
        "texts": sum(len(s.changed_fields) for s in sections),
    }
