"""Anonymisation for the step-4 advice (§3.4: 'wordt geanonimiseerd aangeleverd in stap 4').

Every member on the case's name list gets a stable label, "Jongere A", "Jongere B", …,
in the order they were put on the list (so a later addition never renames anyone).
Full names, first names, surnames and nicknames are replaced by that label wherever
they appear; a name part shared by two members becomes "een jongere" rather than a
wrong label. Addresses, dates of birth and other identifying details the privacy guard
recognises are removed. What is left for the author to judge is found by `findings()`:
the privacy guard (which must not trip over the labels themselves) plus a check that no
member's name or nickname survived — the latter cannot be confirmed away.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from privacy import guard

PSEUDONYM = re.compile(r"\bJongere [A-Z]{1,2}\b")
AMBIGUOUS = "een jongere"

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip

# Kinds the guard recognises that are removed automatically; names are left to the author.
REDACTIONS = {
    "address": "[adres verwijderd]",
    "date_of_birth": "[geboortedatum verwijderd]",
    "bsn": "[BSN verwijderd]",
    "phone": "[telefoonnummer verwijderd]",
    "email": "[e-mailadres verwijderd]",
    "licence_plate": "[kenteken verwijderd]",
}


def letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA, 27 → AB, …"""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _variants(word: str) -> set[str]:
    word = " ".join(word.split())
    if not word:
        return set()
    return {word, word[0].upper() + word[1:]}


def name_parts(person) -> tuple[set[str], set[str]]:
    """(case-insensitive tokens, case-sensitive tokens) that identify this person.

    Multi-word full names are matched regardless of case. Single words (first name,
    surname, nickname) only as written or capitalised, so that a surname like 'Bakker' or
    'de Wit' does not swallow the ordinary words 'bakker' and 'wit'."""
    full = " ".join(person.full_name.split())
    insensitive, sensitive = set(), set()
    words = full.split(" ")
    if len(words) > 1:
        insensitive.add(full)
        sensitive |= _variants(words[0])
        rest = " ".join(words[1:])
        sensitive |= _variants(rest)
        if len(words) == 2:  # no tussenvoegsel: the bare surname is a name on its own
            sensitive |= _variants(words[1])
    elif full:
        sensitive |= _variants(full)
    nickname = " ".join((person.nickname or "").split())
    if nickname:
        (insensitive if " " in nickname else sensitive).update(_variants(nickname))
    return {t for t in insensitive if len(t) > 1}, {t for t in sensitive if len(t) > 1}


def date_variants(value) -> set[str]:
    if value is None:
        return set()
    d, m, y = value.day, value.month, value.year
    return {
        f"{d:02d}-{m:02d}-{y}",
        f"{d}-{m}-{y}",
        f"{d:02d}/{m:02d}/{y}",
        f"{d}/{m}/{y}",
        f"{d:02d}.{m:02d}.{y}",
        f"{y}-{m:02d}-{d:02d}",
        f"{d} {MONTHS[m - 1]} {y}",
    }


@dataclass
class Anonymiser:
    """Built from the case's memberships in a stable order (see `for_case`)."""

    memberships: list
    labels: dict = field(init=False)

    def __post_init__(self):
        self.labels = {m.pk: f"Jongere {letter(i)}" for i, m in enumerate(self.memberships)}
        self._insensitive: dict[str, set[str]] = {}
        self._sensitive: dict[str, set[str]] = {}
        self._by_label: dict[str, object] = {}
        for m in self.memberships:
            label = self.labels[m.pk]
            self._by_label[label] = m
            ins, sens = name_parts(m.person)
            for token in ins:
                self._insensitive.setdefault(token.casefold(), set()).add(label)
            for token in sens:
                self._sensitive.setdefault(token, set()).add(label)
        alternatives = [(t, True) for t in self._insensitive] + [(t, False) for t in self._sensitive]
        alternatives.sort(key=lambda a: len(a[0]), reverse=True)
        parts = []
        for token, ci in alternatives:
            body = r"\s+".join(re.escape(w) for w in token.split(" "))
            parts.append(f"(?i:{body})" if ci else body)
        self._names = re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)") if parts else None
        details = set()
        for m in self.memberships:
            details |= date_variants(m.person.date_of_birth)
        self._dates = self._literal_pattern(details)
        self._addresses = self._literal_pattern(
            {m.person.address for m in self.memberships if m.person.address.strip()}, ignore_case=True
        )
        self._bsns = self._literal_pattern({m.person.bsn for m in self.memberships if m.person.bsn})

    @staticmethod
    def _literal_pattern(values: Iterable[str], ignore_case: bool = False):
        values = sorted({v.strip() for v in values if v and v.strip()}, key=len, reverse=True)
        if not values:
            return None
        flags = re.IGNORECASE if ignore_case else 0
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(v) for v in values) + r")(?!\w)", flags)

    # --- names ---------------------------------------------------------------------

    def _labels_for(self, matched: str) -> set[str]:
        matched = " ".join(matched.split())
        return self._sensitive.get(matched) or self._insensitive.get(matched.casefold()) or set()

    def label(self, membership) -> str:
        return self.labels[membership.pk]

    def replace_names(self, text: str) -> str:
        if not text or self._names is None:
            return text or ""

        def repl(match: re.Match) -> str:
            labels = self._labels_for(match.group(0))
            if len(labels) == 1:
                return next(iter(labels))
            before = text[: match.start()].rstrip()
            return AMBIGUOUS.capitalize() if not before or before[-1] in ".!?:\n" else AMBIGUOUS

        return self._names.sub(repl, text)

    def mentioned(self, text: str) -> list:
        """The memberships whose name or nickname occurs in `text` (for the processing log)."""
        if not text or self._names is None:
            return []
        found = set()
        for match in self._names.finditer(text):
            found |= self._labels_for(match.group(0))
        return [self._by_label[label] for label in sorted(found)]

    def leftover_names(self, text: str) -> list[guard.Finding]:
        if not text or self._names is None:
            return []
        return [guard.Finding(m.start(), m.end(), "name", m.group(0)) for m in self._names.finditer(text)]

    # --- the whole text ------------------------------------------------------------

    def anonymise(self, text: str) -> str:
        """Names to labels; known dates of birth, addresses and BSNs of members removed;
        what the guard recognises as address, date of birth, phone, e-mail, BSN or licence
        plate removed too. Names of non-members are left for the author (see findings)."""
        text = self.replace_names(text)
        for pattern, replacement in (
            (self._dates, REDACTIONS["date_of_birth"]),
            (self._addresses, REDACTIONS["address"]),
            (self._bsns, REDACTIONS["bsn"]),
        ):
            if pattern is not None:
                text = pattern.sub(replacement, text)
        redact = [f for f in scan(text) if f.kind in REDACTIONS]
        for f in sorted(redact, key=lambda f: f.start, reverse=True):
            text = text[: f.start] + REDACTIONS[f.kind] + text[f.end :]
        return text

    def findings(self, text: str, confirmed: Iterable = ()) -> list[guard.Finding]:
        """What still looks like personal data: guard findings not confirmed as false alarms,
        plus every member name left (never confirmable). Sorted by position."""
        guard_findings = guard.filter_confirmed(scan(text), list(confirmed))
        leftovers = self.leftover_names(text)
        taken = [(f.start, f.end) for f in leftovers]
        merged = leftovers + [
            f for f in guard_findings if not any(s < f.end and f.start < e for s, e in taken)
        ]
        return sorted(merged, key=lambda f: f.start)


def scan(text: str) -> list[guard.Finding]:
    """The privacy guard on anonymised text. The labels themselves ('Jongere C. Jongere D')
    look like initials and surnames to the guard, so they are masked first — lower-cased,
    which keeps every position the same."""
    text = text or ""
    masked = PSEUDONYM.sub(lambda m: m.group(0).lower(), text)
    return [guard.Finding(f.start, f.end, f.kind, text[f.start : f.end]) for f in guard.scan(masked)]


def for_case(case) -> Anonymiser:
    """Every membership of the case, removed ones included (their names must not leak
    either), in the order they were put on the name list."""
    memberships = list(case.memberships.select_related("person").order_by("pk"))
    return Anonymiser(memberships)


def describe_finding(finding: guard.Finding) -> str:
    return guard.KIND_EXPLANATIONS.get(finding.kind, "") or _("Mogelijk een persoonsgegeven.")
