"""When two typed names are likely the same youth, and whether an age fits "jeugd".

Tolerant of spelling variants: accents, case, punctuation and the order of the name parts
do not matter, and a small typing difference (Mohamed / Mohammed) still matches."""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

SIMILAR = 0.85  # difflib ratio from which two normalised names count as spelling variants


def normalise(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name or "")
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z ]+", " ", letters).split())


def similar(a: str, b: str) -> bool:
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return False
    if na == nb or sorted(na.split()) == sorted(nb.split()):
        return True
    return difflib.SequenceMatcher(None, na, nb).ratio() >= SIMILAR


def likely_same(name_a: str, dob_a, name_b: str, dob_b) -> bool:
    """The same date of birth and a similar name: likely one youth."""
    return dob_a is not None and dob_a == dob_b and similar(name_a, name_b)


def matches_query(query: str, full_name: str, nickname: str = "") -> bool:
    """A search: every word of the query in the name or nickname, or the whole name similar."""
    words = normalise(query).split()
    haystack = normalise(f"{full_name} {nickname}")
    return bool(words) and (all(w in haystack for w in words) or similar(query, full_name))


def age_limits() -> tuple[int, int]:
    return settings.YOUTH_AGE_MIN, settings.YOUTH_AGE_MAX


def age(dob: datetime.date, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def outside_age(dob, today=None) -> str:
    """'' when the age fits the setting (or is unknown); else the Dutch flag."""
    if dob is None:
        return ""
    low, high = age_limits()
    years = age(dob, today)
    if low <= years <= high:
        return ""
    return _("%(age)s jaar: buiten de leeftijdsgrens voor jeugd (%(low)s–%(high)s)") % {
        "age": years,
        "low": low,
        "high": high,
    }
