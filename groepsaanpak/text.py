"""Characters no one types on purpose in a name or a text, refused in every field.

- Direction controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) turn the text
  around on screen: "Trojan Source" tricks, a name that reads differently from what is
  stored, a file name "rapport[U+202E]fdp.exe".
- Zero-width and invisible characters (U+200B–U+200D, U+2060–U+2064, U+FEFF, U+180E) make
  two names that look the same differ, and hide text from search and from the privacy guard.
- NUL (U+0000) cannot be stored by PostgreSQL at all.

Refused, not silently removed: what is stored is what the person saw. One check for every
query parameter and form field (groepsaanpak.middleware) and every string in an API body
(api.parsers), each reporting the field."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

NUL = "\x00"
DIRECTION = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e"
_REFUSED = re.compile(f"[{re.escape(DIRECTION + INVISIBLE)}]")


def refused_character(value: str) -> str | None:
    """The first character of `value` that is refused (not NUL: see nul_message), or None."""
    match = _REFUSED.search(value)
    return match.group() if match else None


def nul_message() -> str:
    return _("De invoer bevat een teken dat niet is toegestaan (een NUL-teken). Er is niets opgeslagen.")


def refused_message(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, code)
    if char in DIRECTION:
        text = _(
            "De invoer bevat een onzichtbaar teken dat de leesrichting van de tekst verandert "
            "(%(code)s %(name)s). Dat is niet toegestaan; verwijder het (typ de tekst zo nodig "
            "opnieuw). Er is niets opgeslagen."
        )
    else:
        text = _(
            "De invoer bevat een onzichtbaar teken (%(code)s %(name)s). Dat is niet toegestaan; "
            "verwijder het (typ de tekst zo nodig opnieuw). Er is niets opgeslagen."
        )
    return text % {"code": code, "name": name}


# A search term or filter value longer than this is not a search: it only makes the database
# work (SQLite refuses LIKE patterns over 50,000 bytes outright). Form posts have their fields'
# own maximum lengths; this is for query parameters.
MAX_QUERY_VALUE = 1000


def too_long_message() -> str:
    return _("Een zoekterm of filter is te lang (meer dan %(max)s tekens). Maak hem korter.") % {
        "max": MAX_QUERY_VALUE
    }


def problem(value: str) -> str | None:
    """The Dutch message for the first refused character in `value`, or None."""
    if NUL in value:
        return nul_message()
    char = refused_character(value)
    return refused_message(char) if char else None
