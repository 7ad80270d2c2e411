"""Privacy guard: finds personal data in Dutch free text where none is allowed.

Step-1 signals about youth groups, group-level descriptions and anonymised
documents must not contain personal data. ``scan()`` reports what looks like
personal data so that the author can remove it (or confirm a false alarm, see
``filter_confirmed()``).

Names come from Deduce (a Dutch de-identification library, fully offline); the
other kinds come from regular expressions in this module, because Deduce misses
licence plates and some phone formats and knows nothing about youth-group
context. Deduce also flags places, ages, shops and institutions, which are
fine at group level, so its person tags are filtered here.

Pure Python: importing this module needs no Django settings and does not load
Deduce; the first ``scan()`` (or ``warm()``) does, once per process.

CLI::

    python -m privacy.guard --warm          # build the Deduce cache (~70 s once)
    python -m privacy.guard "Kevin woont op Dorpsstraat 12"   # findings as JSON
"""

from __future__ import annotations

import argparse
import bisect
import gc
import json
import logging
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, NamedTuple

__all__ = [
    "KINDS",
    "KIND_EXPLANATIONS",
    "KIND_LABELS",
    "Finding",
    "cache_dir",
    "filter_confirmed",
    "scan",
    "scan_many",
    "warm",
]

KINDS: tuple[str, ...] = (
    "name",
    "bsn",
    "phone",
    "email",
    "address",
    "date_of_birth",
    "licence_plate",
    "handle",
)

KIND_LABELS: dict[str, str] = {
    "name": "naam",
    "bsn": "BSN",
    "phone": "telefoonnummer",
    "email": "e-mailadres",
    "address": "adres of postcode",
    "date_of_birth": "geboortedatum",
    "licence_plate": "kenteken",
    "handle": "gebruikersnaam of account",
}

KIND_EXPLANATIONS: dict[str, str] = {
    "name": (
        "Dit lijkt een persoonsnaam. Op groepsniveau horen geen namen; beschrijf de "
        "persoon als 'een jongere' of naar zijn rol in de groep."
    ),
    "bsn": (
        "Dit lijkt een burgerservicenummer (BSN). Een BSN hoort nooit in een signaal "
        "of groepsbeschrijving; haal het weg."
    ),
    "phone": (
        "Dit lijkt een telefoonnummer. Telefoonnummers zijn herleidbaar tot een persoon; "
        "haal het weg en verwijs naar de betrokken organisatie."
    ),
    "email": (
        "Dit lijkt een persoonlijk e-mailadres. Haal het weg; noem desnoods de "
        "organisatie of een algemeen adres."
    ),
    "address": (
        "Dit lijkt een adres met huisnummer of een volledige postcode. Dat wijst een "
        "woning aan; noem alleen de straat, het plein of de buurt."
    ),
    "date_of_birth": (
        "Dit lijkt een geboortedatum. Noem op groepsniveau hooguit een leeftijd of "
        "leeftijdsrange, zoals 'jongens van 14-16 jaar'."
    ),
    "licence_plate": (
        "Dit lijkt een kenteken. Een kenteken is herleidbaar tot een eigenaar; "
        "beschrijf het voertuig zonder kenteken (merk, kleur, type)."
    ),
    "handle": (
        "Dit lijkt een gebruikersnaam of account op sociale media (zoals @naam of 'zijn "
        "snap is ...'). Een account wijst een jongere net zo goed aan als een naam; haal "
        "het weg en noem hooguit het platform."
    ),
}


@dataclass(frozen=True)
class Finding:
    """One piece of suspected personal data: ``text == source[start:end]``."""

    start: int
    end: int
    kind: str
    text: str

    @property
    def explanation(self) -> str:
        return KIND_EXPLANATIONS[self.kind]

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "label": KIND_LABELS[self.kind], "explanation": self.explanation}


# --------------------------------------------------------------------------------------
# Deduce: one lazily built instance per process
# --------------------------------------------------------------------------------------

_REPO_ROOT = Path(__file__).resolve().parent.parent
_DEDUCE_LOCK = threading.Lock()
_deduce: Any = None

# Deduce processors we do not run: we have better rules for these kinds (or do not
# want them), and skipping them roughly halves the time per text. Street tags are
# kept raw (no removal/cleaning) so we can tell streets with and without number apart.
_DEDUCE_DISABLED: frozenset[str] = frozenset(
    {
        "patient_name",  # needs the document's patient metadata, which we never give
        "eponymous_disease",  # tags 'pseudo_name', which nothing here reads
        "dates",
        "ages",
        "identifiers",
        "phone_numbers",
        "email_addresses",
        "urls",
        "institutions",
        "postal_code",
        "postbus",
        "remove_street_tags",
        "clean_street_tags",
        "overlap_resolver",
        "redactor",
    }
)

# First names common among Dutch youth that Deduce's list lacks, or drops because
# they collide with a medical/common word ("Ilias", "Amine"). Single tokens only.
_EXTRA_FIRST_NAMES: tuple[str, ...] = (
    # Moroccan / Arabic
    "Amine", "Ayoube", "Ilias", "Nouredine", "Othmane", "Ryma", "Sufian", "Zakaryae",
    "Mohannad", "Muhannad", "Yazan", "Ghaith", "Laith", "Layan", "Joud", "Shahed",
    # Turkish
    "Büşra", "Elifnur", "Hüseyin", "Kübra", "Mehmetcan", "Oğuz", "Ömer", "Özlem", "Uğur",
    # Surinamese / Antillean / Afro-Caribbean
    "Dejorno", "Dejuan", "Dewayne", "Dex", "Djorno", "Gyanna", "Jalen", "Jerommeh",
    "Jevaughn", "Jurich", "Kyrie", "Milouska", "Quinsley", "Rayvon", "Sergino",
    "Shaquira", "Shermar", "Shurandy", "Tyreese",
    # Eritrean / Ethiopian / Somali
    "Abdiwali", "Amanuel", "Biniam", "Dawit", "Eyob", "Feven", "Filmon", "Habtom",
    "Kidane", "Luwam", "Mebrahtu", "Merhawi", "Mussie", "Natnael", "Nimco", "Segen",
    "Selam", "Semhar", "Senait", "Tekle", "Tesfay", "Tesfaye", "Winta", "Yafet",
    "Yohannes", "Yonas", "Yonatan", "Zamzam",
    # Polish / Eastern European
    "Andreea", "Artem", "Bohdan", "Dimitar", "Dmytro", "Florin", "Georgi", "Ioana",
    "Ionut", "Ionuț", "Kacper", "Łukasz", "Michał", "Mihai", "Oleksandr", "Oliwia",
    "Pawel", "Paweł", "Radu", "Sofiia", "Szymon", "Vlad", "Weronika", "Wiktoria",
    "Wojciech",
    # Hindustani / Afghan / Iranian
    "Fawad", "Farzad", "Hekmat", "Javad", "Jawid", "Mehrdad", "Mirwais", "Nasrin",
    "Prem", "Rostam", "Samiullah", "Soenil", "Tanvi", "Zubair",
)  # fmt: skip


def cache_dir() -> Path:
    """Directory for Deduce's lookup cache (``DEDUCE_CACHE_DIR`` or ``<repo>/.cache/deduce``)."""
    return Path(os.environ.get("DEDUCE_CACHE_DIR") or _REPO_ROOT / ".cache" / "deduce")


def _import_deduce() -> Any:
    # deduce calls logging.basicConfig(stream=sys.stdout, level=DEBUG) at import time,
    # which would flood a host application's stdout. basicConfig is a no-op while the
    # root logger has a handler, so give it a temporary one.
    root = logging.getLogger()
    placeholder = None
    if not root.handlers:
        placeholder = logging.NullHandler()
        root.addHandler(placeholder)
    try:
        import deduce
    finally:
        if placeholder is not None:
            root.removeHandler(placeholder)
    return deduce


def _build_deduce() -> Any:
    deduce = _import_deduce()
    path = cache_dir()
    path.mkdir(parents=True, exist_ok=True)
    # Deduce's lookup tries are ~4.5 million small objects. Cyclic GC passes over them
    # while unpickling only cost time (about 9 s -> 4 s without), and afterwards every
    # full collection would walk them again (~6 s): load with GC off, then move them to
    # the permanent generation. A first build (no cache yet) keeps GC on, since it
    # makes much garbage: without GC its peak memory grows from ~1.2 to ~2 GB.
    was_enabled = gc.isenabled()
    if (path / "cache" / "lookup_structs.pickle").exists():
        gc.disable()
    try:
        instance = deduce.Deduce(cache_path=path)
        _add_first_names(instance, _EXTRA_FIRST_NAMES)
    finally:
        if was_enabled:
            gc.enable()
    gc.freeze()
    return instance


def _add_first_names(instance: Any, names: Iterable[str]) -> None:
    """Extend Deduce's first-name lookup. The annotator caches the trie's start words
    when built, so rebuild it (same name, same place in the pipeline)."""
    import docdeid

    first_names = instance.lookup_structs["first_name"]
    for name in names:
        first_names.add_item([name])
    group = instance.processors["names"]
    old = group["first_name_lookup"]
    group.add_processor(
        "first_name_lookup",
        docdeid.process.MultiTokenLookupAnnotator(
            trie=first_names, tag=old.tag, overlapping=old.overlapping, priority=old.priority
        ),
    )


def _get_deduce() -> Any:
    global _deduce
    if _deduce is None:  # double-checked: threads wait for the one loader
        with _DEDUCE_LOCK:
            if _deduce is None:
                _deduce = _build_deduce()
    return _deduce


def warm() -> None:
    """Load Deduce now. The first time in an environment this builds the ~75 MB cache
    (~70 s, ~1.2 GB peak); later loads take a few seconds. The loaded instance keeps
    about 1 GB of memory for the life of the process."""
    _get_deduce()


# --------------------------------------------------------------------------------------
# Regex rules for the non-name kinds
# --------------------------------------------------------------------------------------

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
# Function mailboxes of organisations are not personal data.
_GENERIC_MAILBOXES = frozenset(
    {
        "info", "contact", "meldpunt", "leerplicht", "jeugd", "noreply", "no-reply",
        "servicedesk", "helpdesk", "support", "secretariaat", "administratie", "receptie",
        "post", "klantcontact", "privacy", "handhaving", "veiligheid", "wijkteam",
        "jongerenwerk", "gemeente", "politie", "boa", "zorg", "team", "office", "mail",
    }
)  # fmt: skip

# Dutch numbers: 0 + 9 digits, or +31 / 0031 (optionally "(0)") + 9 digits; single
# separators (space, dash, dot, slash, brackets around an area code) may appear anywhere.
_PHONE_RE = re.compile(
    r"(?<![\w+])"
    r"(?:(?:\+|00)31[\s.-]?(?:\(0\)[\s.-]?)?|\(?0\s?)"
    r"[1-9](?:\)?(?:\s?[./-]\s?|\s)?\d){8}"
    r"(?![\d])"
)
_SERVICE_NUMBER_RE = re.compile(r"^0(?:800|90[069])")

_BSN_RE = re.compile(
    r"(?<![\d.,/+-])(?:\d{9}|\d{3}([. ])\d{3}\1\d{3}|\d{4}([. ])\d{2}\2\d{3})(?![\d]|[.,-]\d)"
)
# A 9-digit number after these words is some other registration number.
_BSN_OTHER_NUMBER_RE = re.compile(
    r"(?:zaak|dossier|registratie|melding|order|factuur|klant|pv|bon|referentie|"
    r"kenmerk|volg)\w*\W{0,3}$",
    re.IGNORECASE,
)

_MONTHS = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    r"december|jan|feb|mrt|apr|jun|jul|aug|sept|sep|okt|nov|dec)\.?"
)
_DATE_RE = re.compile(
    r"(?<![\w/.-])(?:"
    r"(?P<d1>[0-3]?\d)(?P<s>[-/.])(?P<m1>[01]?\d)(?P=s)(?P<y1>\d{4}|\d{2})"
    r"|(?P<y2>(?:19|20)\d{2})-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)"
    r"|(?P<d3>[0-3]?\d)\s+(?P<mon>" + _MONTHS + r")(?:\s+(?P<y3>(?:19|20)\d{2}))?"
    r")(?![\w/-]|\.\d)",
    re.IGNORECASE,
)
_DOB_CUE_RE = re.compile(
    r"\b(?:geboren|geb\.?|geboortedatum|geb\.?\s?datum|geboortedag|d\.?o\.?b\.?|jarig)"
    r"(?:\s*(?:op|is|was|:|\(|,|-)\s*)*\s*$",
    re.IGNORECASE,
)
# Words just before a date that make it an event date, not a birthday.
_EVENT_CUE_RE = re.compile(
    r"\b(?:op|sinds|vanaf|tot|t/m|d\.?d\.?|per|datum|melding|meldingen|gemeld|"
    r"ondertekend|getekend|incident|voor|na|rond|tussen|van|in|week|"
    r"(?:maan|dins|woens|donder|vrij|zater|zon)dag\w*|nacht)\W*$",
    re.IGNORECASE,
)

_PLATE_SHAPES: tuple[str, ...] = (
    "LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL",
    "DD-LLL-D", "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL",
    "D-LL-DDD", "DDD-LL-D",
)  # fmt: skip
# Without dashes only the sidecodes with a 3-character group are distinctive enough;
# the older all-pairs ones (e.g. 1234AB is also a postcode) need a "kenteken" cue.
_PLATE_UNDASHED_OK = frozenset(s for s in _PLATE_SHAPES if any(len(p) == 3 for p in s.split("-")))


def _plate_pattern(shape: str, dashed: bool) -> str:
    parts = [("[A-Z]" if p[0] == "L" else r"\d") + f"{{{len(p)}}}" for p in shape.split("-")]
    return ("-" if dashed else "").join(parts)


_PLATE_DASHED_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(_plate_pattern(s, True) for s in _PLATE_SHAPES) + r")(?![\w-])",
    re.IGNORECASE,
)
_PLATE_UNDASHED_RE = re.compile(
    r"(?<![\w-])(?P<p>"
    + "|".join(f"(?P<s{i}>{_plate_pattern(s, False)})" for i, s in enumerate(_PLATE_SHAPES))
    + r")(?![\w-])"
)
_PLATE_CUE_RE = re.compile(
    r"(?:kenteken\w*|nummerbord|auto|scooter|brommer|motor|busje|voertuig)\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)

_POSTCODE_RE = re.compile(
    r"(?<![\w-])[1-9]\d{3}(?:\s?(?!SA|SD|SS)[A-Z]{2}|(?!mg|kg|km|cm|mm|ml|cl|gr|ie)[a-z]{2})(?![\w-])"
)

# Street words: compound endings that make a word a street/venue name.
_PLACE_SUFFIX_SURE = (
    "straat", "plein", "school", "college", "lyceum", "gymnasium", "park", "stadion",
    "ziekenhuis", "gracht", "singel", "plantsoen", "kade", "boulevard", "allee",
    "kliniek", "moskee", "centrum", "court", "arena", "mavo", "havo",
)  # fmt: skip
# Endings that are also common in surnames (Verlaan, Versteeg, Verdijk): a place only
# when the word is not a known surname.
_PLACE_SUFFIX_AMBIGUOUS = (
    "laan", "weg", "dijk", "dam", "baan", "steeg", "wal", "dreef", "pad", "markt",
    "brug", "haven", "hof", "kerk",
)  # fmt: skip
# Whole words that head or close a place/venue/institution name.
_PLACE_WORDS = frozenset(
    {
        "straat", "laan", "weg", "plein", "park", "kade", "gracht", "singel", "dijk",
        "school", "basisschool", "college", "lyceum", "gymnasium", "mavo", "havo", "vwo",
        "academie", "hogeschool", "universiteit", "instituut", "stadion", "arena",
        "station", "ziekenhuis", "kinderziekenhuis", "kliniek", "mc", "umc", "centrum",
        "kerk", "moskee", "museum", "theater", "court", "sporthal", "hal", "huis",
        "brug", "tunnel", "plantsoen", "markt", "haven", "kazerne", "bibliotheek",
    }
)  # fmt: skip

# Nouns for venues that carry a proper name: "sporthal De Fluit", "buurthuis Het Anker".
_VENUE_NOUNS = frozenset(
    {
        "sporthal", "buurthuis", "buurtcentrum", "jongerencentrum", "wijkcentrum",
        "school", "basisschool", "obs", "cbs", "rkbs", "winkelcentrum", "station",
        "metrostation", "halte", "tramhalte", "bushalte", "snackbar", "restaurant",
        "café", "cafe", "shoarmazaak", "lunchroom", "kapsalon", "kapper", "coffeeshop",
        "supermarkt", "winkel", "speeltuin", "park", "stadion", "vereniging",
        "voetbalvereniging", "vv", "sv", "club", "sportschool", "zwembad", "kerk",
        "moskee", "theater", "bioscoop", "flat", "complex", "wijk", "buurt", "camping",
        "hotel", "stichting", "zorginstelling", "instelling", "ziekenhuis",
    }
)  # fmt: skip
# Titles that turn a name into a public/place name ("basisschool Koningin Beatrix").
_PUBLIC_TITLES = frozenset(
    {"koning", "koningin", "prins", "prinses", "keizer", "keizerin", "paus", "sint", "st."}
)
# Words that make the following capitalised word a person.
_PERSON_CUES = frozenset(
    {
        "mevrouw", "mevr.", "mevr", "mw.", "mw", "meneer", "dhr.", "dhr", "heer", "fam.",
        "fam", "familie", "gezin", "moeder", "vader", "broer", "zus", "zusje", "broertje",
        "neef", "nicht", "oom", "tante", "opa", "oma", "zoon", "dochter", "vriend",
        "vriendin", "mentor", "leerling", "collega",
    }
)  # fmt: skip
# Capitalised words at the start of a name span that are not part of the name.
_LEADING_NON_NAME = frozenset(
    {
        "jongerenwerker", "wijkagent", "boa", "mentor", "leerling", "leerlinge", "broer",
        "broertje", "broertjes", "zus", "zusje", "moeder", "vader", "collega", "oom",
        "tante", "opa", "oma", "neef", "nicht", "volgens", "contact", "contactpersoon",
        "overleg", "melding", "buurman", "buurvrouw", "aangever", "verdachte", "jongen",
        "meisje", "en", "ook", "toen", "dat", "maar", "want", "dus", "bij", "met",
        # words of this domain that Deduce's surname list knows ('Jongens dragen ...')
        "jongens", "jongeren", "jongere", "meiden", "meisjes", "kinderen", "leerlingen",
        "ouders", "bewoners", "buurtbewoners", "scooters", "groep", "groepje", "hanggroep",
        "politie", "handhaving", "school", "wijkteam", "jongerenwerk", "leerplicht",
        # sentence openers of notes that Deduce glues to a following name ('Bel Kevin')
        "bel", "mail", "stuur", "vraag", "neem", "zie", "check", "graag", "daarna",
        "vervolgens", "vanavond", "vanmiddag", "vanochtend", "gisteravond", "gisteren",
        "vandaag", "morgen", "nu", "verder", "tevens", "inmiddels", "samen",
        "alleen", "via", "sinds", "tijdens", "na", "voor", "door", "van", "aan", "op",
    }
)  # fmt: skip
_INTERFIXES = frozenset(
    {"van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "la", "le", "du", "da",
     "di", "el", "al", "von", "zur", "dos", "del", "v.", "v.d.", "vd"}
)  # fmt: skip

# Brands, shops, clubs, apps, holidays and public services whose names look like
# person names to Deduce (Albert Heijn, Dirk van den Broek, Burger King, ...).
_NON_PERSON_PHRASES: tuple[str, ...] = (
    "Albert Heijn To Go", "Albert Heijn", "Dirk van den Broek", "Jan Linders",
    "Gall & Gall", "Burger King", "McDonald's", "New York Pizza", "Domino's", "KFC",
    "Febo", "Hema", "Jumbo", "Kruidvat", "Etos", "Lidl", "Aldi", "Action", "Primark",
    "Zeeman", "Vomar", "Hoogvliet", "Poiesz", "Nettorama", "DekaMarkt", "Boni", "Spar",
    "Coop", "Coolblue", "Praxis", "Gamma", "Karwei", "Intertoys", "Bart Smit", "Blokker",
    "Xenos", "Wibra", "Kwantum", "Shoeby", "Zara", "Bershka", "Douglas", "Rituals",
    "Hunkemöller", "MediaMarkt", "Decathlon", "Foot Locker", "JD Sports", "Snipes",
    "Nike", "Adidas", "Puma", "Moncler", "Canada Goose", "Stone Island", "Ralph Lauren",
    "Tommy Hilfiger", "Calvin Klein", "Hugo Boss", "Louis Vuitton", "Gucci", "Prada",
    "Mercedes-Benz", "Mercedes", "Audi", "BMW", "Volkswagen", "Opel", "Peugeot",
    "Renault", "Toyota", "Kia", "Fiat", "Seat", "Skoda", "Tesla", "Vespa", "Piaggio",
    "Yamaha", "Ajax", "Feyenoord", "PSV", "Vitesse", "Snapchat", "TikTok", "Instagram",
    "Telegram", "WhatsApp", "Facebook", "YouTube", "Halt", "Veilig Thuis",
    "Meld Misdaad Anoniem", "Raad voor de Kinderbescherming", "Da Vinci",
    "Oud en Nieuw", "Oud & Nieuw", "Kerstmis", "Kerst", "Pasen", "Pinksteren",
    "Sinterklaas", "Koningsdag", "Bevrijdingsdag", "Ramadan", "Suikerfeest",
    "Offerfeest", "Halloween", "Carnaval",
)  # fmt: skip
_NON_PERSON_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(p) for p in sorted(_NON_PERSON_PHRASES, key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)

# Quoted text ('Snoop', "Zuidside"): the opening quote starts a word, the closing one
# ends it, so "'s avonds" and "auto's" are no quotes.
_QUOTED_RE = re.compile(r"(?<!\w)['‘\"“]([^'‘’\"“”\n]{1,40}?)['’\"”](?!\w)")
_NICKNAME_BEFORE_RE = re.compile(
    r"(?:bijnaam|roepnaam|alias|genaamd|zichzelf|noem(?:t|en)|heet|naam)\W*(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
_NICKNAME_AFTER_RE = re.compile(r"^\W*(?:(?:wordt|werd)\s+)?(?:genoemd|noemen|noemt)\b", re.IGNORECASE)
_GROUP_NOUN_RE = re.compile(r"\b(?:groep|groepje|bende|hanggroep|buurt|jongeren)\b", re.I)
_PERSON_NOUN_RE = re.compile(
    r"\b(?:jongen|meisje|leider|broer|zus|hij|zij|hem|haar|zoon|dochter|neef|jongere|man|vrouw)\b",
    re.IGNORECASE,
)
# "heet Omar", "genaamd Omar": the next capitalised words are a name.
_NAME_CUE_RE = re.compile(
    r"\b(?:heet|heette|genaamd|roepnaam|naam)\s*:?\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"
)

_WORD_RE = re.compile(r"\S+")
_STRIP = ".,;:!?()[]{}'\"‘’“”"

# Street + house number, for streets Deduce's list does not know. The street is one
# or more capitalised words (with interfixes) ending in a street word.
_STREET_SUFFIX_RE = (
    r"(?:straat|str\.|laan|weg|plein|kade|gracht|singel|dijk|dreef|hof|park|pad|steeg|"
    r"markt|baan|dam|wal|burgwal|plantsoen|boulevard|allee|erf|ring|oord|gaarde)"
)
_HOUSE_NUMBER = r"\d{1,4}(?:\s?[a-zA-Z](?![\w]))?(?:-(?:[IVX]{1,3}|\d{1,3}|[a-zA-Z]{1,3})(?![\w-]))?"
_HOUSE_NUMBER_TAIL_RE = re.compile(
    r"^(?:\s?[a-zA-Z](?!\w)|-(?:[IVX]{1,3}|\d{1,3}|[a-zA-Z]{1,3})(?![\w-])|"
    r"\s(?:huis|hs|bis|boven|beneden|bg|zw|rd)\b)*"
)
# 'in het Julianapark 3 jongens' is a count, not a house number.
_NOT_A_COUNT = (
    r"(?![\w,.]\d|[\w:])(?!\s+(?:jongeren|jongens|meisjes|meiden|man|personen|keer|"
    r"scooters|auto's|fietsen|minuten|uur|dagen|weken|stuks|kinderen|leerlingen)\b)"
)
_ADDRESS_RE = re.compile(
    r"(?<![\w-])(?P<street>"
    r"(?:(?:[A-Z][\w'.-]*|\d{1,2}e|van|de|der|den|het|'t|ter|ten|te)\s+){0,4}"
    r"[A-Z][\w'-]*" + _STREET_SUFFIX_RE + r"|"
    r"(?:Laan|Plein|Weg|Kade|Singel|Dreef)\s+(?:(?:van|de|der|den|het|'t|op|in)\s+)+"
    r"(?:[A-Z][\w'-]*\s+){0,2}[A-Z][\w'-]*"
    r")\s+(?P<number>" + _HOUSE_NUMBER + r")" + _NOT_A_COUNT
)
_NUMBER_AFTER_STREET_RE = re.compile(r"\s+(" + _HOUSE_NUMBER + r")" + _NOT_A_COUNT)
# Leading words the address regex may swallow that are not part of the street name.
# Case-sensitive: 'Van Speijkstraat' keeps its 'Van', 'van de Kerkweg' loses 'van de'.
_ADDRESS_LEADING_NOISE = frozenset(
    {"bij", "op", "in", "aan", "naar", "via", "vanaf", "uit", "over", "langs", "richting",
     "de", "het", "een", "van", "Bij", "Op", "In", "Aan", "Naar", "Via", "Vanaf", "Uit",
     "Over", "Langs", "Richting", "Adres", "De", "Het", "Een"}
)  # fmt: skip
# Words Deduce knows as street names that are usually something else before a number.
_NOT_A_STREET = frozenset(
    {"lijn", "groep", "klas", "week", "bus", "tram", "metro", "kamer", "lokaal", "zaal",
     "perron", "spoor", "artikel", "pagina", "nummer", "fase", "blok", "poort", "contact",
     "overleg", "golf", "jaar", "uur", "portiek", "flat", "verdieping", "etage"}
)  # fmt: skip


# Dutch words that are also names (privacy/guard_words.txt, from Deduce's name lists and
# the OpenTaal word list): 'kevin' in lower case is a name, 'kim' or 'bank' may be a word.
_NAME_WORDS_FILE = Path(__file__).resolve().parent / "guard_words.txt"
_name_words: frozenset[str] | None = None
_names_first: frozenset[str] = frozenset()  # rare as a word, common as a name ('sara')


def _get_name_words() -> frozenset[str]:
    global _name_words, _names_first
    if _name_words is None:
        with _NAME_WORDS_FILE.open(encoding="utf-8") as fh:
            rows = [line.split() for line in fh if line.strip() and not line.startswith("#")]
        _names_first = frozenset(r[0] for r in rows if r[1:] == ["name"])
        _name_words = frozenset(r[0] for r in rows)
    return _name_words


# Nouns that Deduce's first-name list also holds, but that open a sentence far more
# often as the noun ('Brand in de container', 'Hang­plek', 'Juli ...').
_NOUN_FIRST = frozenset(
    {
        "brand", "bank", "hang", "door", "juli", "april", "date", "fan", "fake", "king",
        "kerst", "bloem", "engel", "beer", "broer", "burger", "hart", "hope", "junior",
        "klaar", "kok", "boer", "bouwen", "islam", "jihad", "diesel", "corona", "jeep",
    }
)  # fmt: skip

# Lowercase words (slang, English, abbreviations) that look like first names but are
# not, as professionals and youths write them in quick notes.
_LOWER_NOT_A_NAME = frozenset(
    {
        "bro", "fam", "mattie", "matties", "chill", "ok", "oke", "oké", "app", "apps",
        "snap", "insta", "tiktok", "yo", "ff", "evt", "mbt", "ivm", "mvg", "gr", "tel",
        "dhr", "mw", "mevr", "ma", "pa", "mam", "pap", "oom", "tante", "opa", "oma", "bae",
        "babe", "boy", "boys", "girl", "girls", "man", "mannen", "baby", "lady", "miss",
        "mister", "king", "queen", "angel", "star", "money", "cash", "bling", "drill",
        "trap", "plug", "bike", "scooter", "wijkagent", "boa", "boas", "jw", "ja", "nee",
        "oud", "nieuw", "zuid", "noord", "oost", "west", "centrum", "city", "sms", "via",
    }
)  # fmt: skip

# Context that makes a lowercase word that is also a Dutch word ('kim', 'piet') a name.
_LOWER_NAME_BEFORE_RE = re.compile(
    r"(?:\b(?:broer|broertje|zus|zusje|zuster|neef|neefje|nicht|nichtje|vriend|vriendin|"
    r"vriendje|vriendinnetje|moeder|vader|ouders|oma|opa|oom|tante|zoon|dochter|maatje|"
    r"vader|stiefvader|stiefmoeder|buurjongen|buurmeisje)\s+van|\bzag\s+ik|\bsprak\s+(?:ik\s+)?met|"
    r"\bgesproken\s+met|\bheet|\bgenaamd|\bo\.a\.|\bonder\s+andere|\bnamelijk|\bene)\s+$",
    re.IGNORECASE,
)
_LOWER_NAME_AFTER_RE = re.compile(
    r"^(?:\s+(?:en|met)\s+(?:zijn|haar|z'n|d'r)\b|\s+z'n\b|\s+d'r\b|\s*\(\s*\d{1,2}\b|"
    r",\s*\d{1,2}\s+jaar\b|\s+\d{1,2}\s+jaar\b)",
    re.IGNORECASE,
)
# After a capitalised word: what makes it a person rather than the word ('Bakker (de
# oudste)', 'Visser en zijn broer', 'Smit, 16 jaar').
_PERSON_AFTER_RE = re.compile(
    r"\s*\((?!\s*(?:bij|aan|op|in|naast|achter|voor)\b)|\s+(?:en|met)\s+(?:zijn|haar|z'n|d'r)\s|"
    r",\s*\d{1,2}\s*(?:jaar|jr)\b",
    re.IGNORECASE,
)
_LOWER_TOKEN_RE = re.compile(r"(?<![\w@.'-])([a-zà-ÿ][a-zà-ÿ'-]*[a-zà-ÿ]|[a-z]{2})(?![\w@-]|\.\w)")

# Social-media handles: '@naam' always; after a platform word ('zijn snap is ...',
# 'insta: ...', 'op TikTok als ...') a token shaped like a username.
_AT_HANDLE_RE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)")
_PLATFORM_RE = re.compile(
    r"\b(?:snap(?:chat)?|insta(?:gram)?|ig|tik\s?tok|telegram|twitter|discord|facebook|fb|"
    r"threads|twitch|youtube|signal|gebruikersnaam|username|user|accountnaam|account|handle|"
    r"profielnaam|profiel|gamertag|gamer\s?tag|psn)\b",
    re.IGNORECASE,
)
_HANDLE_TOKEN_RE = re.compile(
    r"(?P<q>['‘\"“(]?)(?P<h>@?[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?=[)'’\"”,;:!?\s]|\.(?:\s|$)|$)"
)
# The words allowed between the platform and the handle.
_HANDLE_LINK_RE = re.compile(
    r"^(?:\s*(?:is|was|als|heet|:|=|-|van|de|het|zijn|haar|z'n|d'r|jongen|meisje|leider|"
    r"broer|zus|account|accountnaam|naam|gebruikersnaam|op|via|onder|actief|te|vinden|"
    r"bekend|staat|nieuwe|oude|tweede|anoniem|fake)\b|\s*[:=(-]|\s*['‘\"“])*\s*$",
    re.IGNORECASE,
)

# A number right after 'BSN', 'burgerservicenummer' or 'sofinummer' is one, even when
# it fails the 11-proef (a typo is still personal data).
_BSN_LABEL_RE = re.compile(
    r"\b(?:bsn|burger\s?service\s?nummer|burgerservicenr\.?|sofi[\s-]?(?:nummer|nr\.?)|"
    r"sofinummer|sofinr\.?)(?:[-\s]?(?:nummer|nr|no)\b\.?)?",
    re.IGNORECASE,
)
_LABELLED_NUMBER_RE = re.compile(r"(?<![\d])\d(?:[\s.-]?\d){7,8}(?![\d]|[.,-]\d)")

# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def _eleven_test(digits: str) -> bool:
    """The BSN 11-proef: weights 9..2 and -1 must sum to a multiple of 11."""
    if len(digits) != 9 or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0


def _words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Whitespace-separated words of text[start:end] as (start, end, word)."""
    end = len(text) if end is None else end
    return [(start + m.start(), start + m.end(), m.group()) for m in _WORD_RE.finditer(text[start:end])]


def _bare(word: str) -> str:
    return word.strip(_STRIP)


def _prev_word(text: str, pos: int) -> str:
    """The word right before ``pos`` (lowercase), or ''. Keeps trailing punctuation, so
    'school: mevrouw X' does not read as the venue name 'school X'."""
    m = re.search(r"(\S+)\s*$", text[max(0, pos - 40) : pos])
    return m.group(1).lstrip(_STRIP).lower() if m else ""


def _next_word(text: str, pos: int) -> str:
    m = re.match(r"[\s-]*([^\s,.;:!?()]+)", text[pos : pos + 40])
    return m.group(1).lower() if m else ""


def _starts_sentence(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t'\"‘“(")
    return not before or before[-1] in ".!?:\n"


def _in_trie(trie: Any, word: str) -> bool:
    return bool(word) and [word] in trie


def _is_word_not_name(word: str, first_names: Any) -> bool:
    """A capitalised Dutch word (in the name/word list) that is no first name, or a noun
    far more common than the first name ('Brand', 'Bank', 'Burgemeester', 'Bakker')."""
    low = word.lower()
    if low not in _get_name_words():
        return False
    return low in _NOUN_FIRST or not _in_trie(first_names, word)


# --------------------------------------------------------------------------------------
# Rules per kind
# --------------------------------------------------------------------------------------

_Span = tuple[int, int, str]  # start, end, kind


def _find_emails(text: str) -> list[_Span]:
    out = []
    for m in _EMAIL_RE.finditer(text):
        if m.group().split("@", 1)[0].lower() not in _GENERIC_MAILBOXES:
            out.append((m.start(), m.end(), "email"))
    return out


def _find_phones(text: str) -> list[_Span]:
    out = []
    for m in _PHONE_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if digits.startswith("0031"):
            national = "0" + digits[4:]
        elif digits.startswith("31"):
            national = "0" + digits[2:]
        else:
            national = digits
        if _SERVICE_NUMBER_RE.match(national):
            continue  # 0800/0900 lines belong to organisations
        out.append((m.start(), m.end(), "phone"))
    return out


def _find_bsns(text: str) -> list[_Span]:
    out = []
    for m in _BSN_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if _eleven_test(digits) and not _BSN_OTHER_NUMBER_RE.search(text[: m.start()]):
            out.append((m.start(), m.end(), "bsn"))
    # Labelled: the first 8- or 9-digit number (any grouping) within a few words after
    # the label, whatever its checksum.
    for label in _BSN_LABEL_RE.finditer(text):
        m = _LABELLED_NUMBER_RE.search(text, label.end(), min(len(text), label.end() + 45))
        if m and not re.search(r"[;!?\n]|\.\s+[A-Z]", text[label.end() : m.start()]):
            out.append((m.start(), m.end(), "bsn"))
    return out


def _find_handles(text: str) -> list[_Span]:
    """Usernames on social media: '@naam', and after a platform word a token shaped like
    a username (with a digit, '_' or '.' inside, or quoted/bracketed): 'zijn snap is
    dreamboy_23', 'insta: mila_xo_06', "op snap als 'lil_moe'"."""
    out = [(m.start(), m.end(), "handle") for m in _AT_HANDLE_RE.finditer(text)]
    for cue in _PLATFORM_RE.finditer(text):
        window_end = min(len(text), cue.end() + 60)
        pos = cue.end()
        while pos < window_end:
            m = _HANDLE_TOKEN_RE.search(text, pos, window_end)
            if not m:
                break
            if not _HANDLE_LINK_RE.match(text[cue.end() : m.start("h")]):
                break  # other words in between: the handle is not named here
            token = m.group("h")
            shaped = token.startswith("@") or bool(re.search(r"[_\d]|\w\.\w", token))
            if shaped and not token.isdigit():
                out.append((m.start("h"), m.end("h"), "handle"))
                break
            if m.group("q") and token[:1].islower() and token.lower() not in _get_name_words():
                out.append((m.start("h"), m.end("h"), "handle"))
                break
            pos = m.end()
    return out


def _date_year(m: re.Match[str]) -> int | None:
    raw = m.group("y1") or m.group("y2") or m.group("y3")
    if raw is None:
        return None
    year = int(raw)
    if len(raw) == 2:  # two-digit years: only plausible birth years of youths/parents
        year += 2000 if year <= 30 else 1900
    return year


def _valid_day_month(m: re.Match[str]) -> bool:
    day = m.group("d1") or m.group("d2") or m.group("d3")
    month = m.group("m1") or m.group("m2")
    if day is None or not 1 <= int(day) <= 31:
        return False
    return month is None or 1 <= int(month) <= 12


def _find_dates_of_birth(text: str) -> list[_Span]:
    """A date is a date of birth when a cue ('geboren', 'geb.', 'geboortedatum') precedes
    it, or when it is a full date in 1990-2020 (a youth's birth year) that is not
    introduced as an event ('op', 'sinds', 'd.d.', 'melding', a weekday ...).
    Signal dates like 'op 12 maart' or 'op 03-03-2025' therefore do not count."""
    out = []
    for m in _DATE_RE.finditer(text):
        if not _valid_day_month(m):
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        if _DOB_CUE_RE.search(before):
            out.append((m.start(), m.end(), "date_of_birth"))
            continue
        year = _date_year(m)
        if year is None or not 1990 <= year <= 2020:
            continue
        if m.group("y1") and len(m.group("y1")) == 2 and m.group("s") == ".":
            continue  # 12.03.19 reads more like a time/score than a birth date
        if _EVENT_CUE_RE.search(before):
            continue
        out.append((m.start(), m.end(), "date_of_birth"))
    return out


def _find_licence_plates(text: str) -> list[_Span]:
    out = []
    for m in _PLATE_DASHED_RE.finditer(text):
        plate = m.group()
        # Lowercase plates only with a cue: 'a-123-bc' is more often something else.
        if plate != plate.upper() and not _PLATE_CUE_RE.search(text[: m.start()]):
            continue
        out.append((m.start(), m.end(), "licence_plate"))
    for m in _PLATE_UNDASHED_RE.finditer(text):
        shape = next(s for i, s in enumerate(_PLATE_SHAPES) if m.group(f"s{i}"))
        plate = m.group("p")
        if plate.isdigit() or plate.isalpha():
            continue
        if shape in _PLATE_UNDASHED_OK or _PLATE_CUE_RE.search(text[: m.start()]):
            out.append((m.start(), m.end(), "licence_plate"))
    return out


def _extend_house_number(text: str, end: int) -> int:
    """Include additions like '45-II', '14 huis', '22 B' in an address span."""
    m = _HOUSE_NUMBER_TAIL_RE.match(text[end : end + 12])
    return end + (m.end() if m else 0)


def _find_addresses(text: str, street_spans: Sequence[tuple[int, int]]) -> list[_Span]:
    out: list[_Span] = []
    for m in _ADDRESS_RE.finditer(text):
        start = m.start("street")
        for w_start, _w_end, word in _words(text, m.start("street"), m.end("street")):
            if word not in _ADDRESS_LEADING_NOISE:
                start = w_start
                break
        out.append((start, _extend_house_number(text, m.end()), "address"))
    # Deduce's street list (all Dutch streets) + a house number, for streets without
    # a typical ending ('Brink 5', 'Reigersbos 12').
    for s_start, s_end in street_spans:
        words = text[s_start:s_end].split()
        if not words or _bare(words[0]).lower() in _NOT_A_STREET or not words[0][:1].isupper():
            continue
        num = _NUMBER_AFTER_STREET_RE.match(text, s_end)
        if num:
            out.append((s_start, _extend_house_number(text, num.end()), "address"))
    for m in _POSTCODE_RE.finditer(text):
        out.append((m.start(), m.end(), "address"))
    return out


# --------------------------------------------------------------------------------------
# Names: Deduce person tags, cleaned of places, venues, shops and group aliases
# --------------------------------------------------------------------------------------


def _is_place_word(word: str, surnames: Any, prev: str = "") -> bool:
    """Whether ``word`` names (or ends) a street, venue or institution. ``prev`` is the
    word before it: after an interfix, 'Dijk'/'Laan'/'Brug' are surnames (Van der Laan)."""
    w = _bare(word)
    low = w.lower()
    if low in _PLACE_WORDS:
        return prev.lower() not in _INTERFIXES
    if any(low.endswith(s) and len(low) > len(s) for s in _PLACE_SUFFIX_SURE):
        return True
    if any(low.endswith(s) and len(low) > len(s) + 1 for s in _PLACE_SUFFIX_AMBIGUOUS):
        return not _in_trie(surnames, w)
    return False


def _place_start(words: Sequence[tuple[int, int, str]], i: int) -> int:
    """Index where the place name that ends in words[i] begins: walk left over
    capitalised words and interfixes ('Jan van Galenstraat', 'Willem de Zwijger
    College'); stop at a preposition, and at an article that follows one ('aan de
    Dorpsstraat', 'van het Willem de Zwijger College')."""
    j = i
    while j > 0:
        prev = _bare(words[j - 1][2])
        low = prev.lower()
        if prev[:1].isupper():
            j -= 1
            continue
        if low in _INTERFIXES and low not in {"het", "'t"}:
            before = _bare(words[j - 2][2]) if j >= 2 else ""
            if low == "de" and before and not before[:1].isupper():
                break  # 'aan de X': article after a preposition
            j -= 1
            continue
        break
    return j


def _clean_name_span(text: str, start: int, end: int, ds: Any) -> tuple[int, int] | None:
    """Trim or reject one Deduce person span; returns the span of the person name."""
    surnames, first_names, whitelist = ds["surname"], ds["first_name"], ds["whitelist"]
    words = _words(text, start, end)
    if not words:
        return None
    # 1. Cut off any place/venue name inside the span, and everything after it.
    for i, (_s, _e, word) in enumerate(words):
        if _is_place_word(word, surnames, words[i - 1][2] if i else ""):
            words = words[: _place_start(words, i)]
            break
    else:
        # The span may be the first part of a place: 'Sophia' + 'Kinderziekenhuis'.
        nxt = _next_word(text, end)
        if nxt in _PLACE_WORDS or nxt.endswith(("ziekenhuis", "school", "college")):
            words = words[: _place_start(words, len(words) - 1)]
    # 2. Drop leading role words and trailing lowercase words ('Albert Heijn aan').
    while len(words) > 1:
        lead = _bare(words[0][2])
        # Titles stay ('mevrouw Bouzid'); so do first names that are also words.
        # A Dutch word that is no first name before a name is a role or an opener
        # ('Buurman Henk', 'Teamchef Jansen').
        opener = (
            (_starts_sentence(text, words[0][0]) and lead.lower() in whitelist)
            or _is_word_not_name(lead, first_names)
        ) and (
            lead.lower() not in _PERSON_CUES
            and lead.lower() not in _INTERFIXES
            and not _in_trie(first_names, lead)
        )
        if lead.lower() not in _LEADING_NON_NAME and not opener:
            break
        words = words[1:]
    while words and not _bare(words[-1][2])[:1].isupper():
        words = words[:-1]
    if not words or (len(words) == 1 and _bare(words[0][2]).lower() in _LEADING_NON_NAME):
        return None
    # A single Dutch word opening a sentence or standing alone in a field is the word:
    # 'Bank bij de vijver ...', 'Burgemeester heeft ...', 'Brommer', 'Brand in de ...'.
    if (
        len(words) == 1
        and _starts_sentence(text, words[0][0])
        and _is_word_not_name(_bare(words[0][2]), first_names)
        and _prev_word(text, words[0][0]) not in _PERSON_CUES
        and not _PERSON_AFTER_RE.match(text, words[0][1])
    ):
        return None
    start, end = words[0][0], words[-1][1]
    while end > start and text[end - 1] in _STRIP and not text[start:end].endswith("."):
        end -= 1
    first = _bare(words[0][2])
    prev = _prev_word(text, start)
    # 3. A lowercase article/preposition start ('de Maas', 'aan de Brink') is not a
    #    person: Dutch writes a surname without first name with a capital.
    if first[:1].islower() and first.lower() not in _PERSON_CUES:
        return None
    if prev in _PERSON_CUES or first.lower() in _PERSON_CUES:
        return start, end
    # 4. Context that makes it a venue, shop or public name.
    if prev in _VENUE_NOUNS or prev in _PUBLIC_TITLES:
        return None
    if first.lower() in {"het", "'t"}:
        return None
    if prev in {"de", "het", "een"}:
        return None  # 'bij de Zeeman', 'naar de Dirk': Dutch puts no article before a person
    return start, end


def _strip_trailing_lowercase(text: str, start: int, end: int) -> int:
    """End of text[start:end] without trailing lowercase words ('Ilse van de ')."""
    words = _words(text, start, end)
    while words and not _bare(words[-1][2])[:1].isupper():
        words = words[:-1]
    return words[-1][1] if words else start


def _find_names(text: str, annotations: Iterable[Any], ds: Any) -> list[_Span]:
    first_names, surnames = ds["first_name"], ds["surname"]
    persons: list[tuple[int, int]] = []
    placenames: list[tuple[int, int]] = []
    for a in annotations:
        if a.tag in {"persoon", "patient"}:
            persons.append((a.start_char, a.end_char))
        elif a.tag == "locatie":
            placenames.append((a.start_char, a.end_char))
    blocked = [(m.start(), m.end()) for m in _NON_PERSON_RE.finditer(text)]
    # Quoted nicknames need the Deduce names (as context), group aliases block names.
    raw = [(s, e, "name") for s, e in persons]
    nicknames, aliases = _quoted_names(text, raw)
    blocked += aliases

    out: list[_Span] = []
    for p_start, p_end in sorted(persons):
        cleaned = _clean_name_span(text, p_start, p_end, ds)
        if cleaned is None:
            continue
        s, e = cleaned
        # A shop or brand inside the span: 'Albert Heijn' is no person, but in 'Ilse van
        # de Jumbo' the person ends where the shop starts.
        for b_s, b_e in blocked:
            if b_s < e and s < b_e:
                e = s if b_s <= s else b_s
        e = _strip_trailing_lowercase(text, s, e)
        if e <= s:
            continue
        # A whole town name ('Roosendaal', 'Bergen' of 'Bergen op Zoom') is a place,
        # unless it is also a first name or a person cue precedes it.
        if (
            any(l_s <= s and e <= l_e for l_s, l_e in placenames)
            and not _in_trie(first_names, text[s:e])
            and _prev_word(text, s) not in _PERSON_CUES
        ):
            continue
        out.append((s, e, "name"))

    out.extend(nicknames)
    out.extend(_surnames_after_nicknames(text, out))
    out.extend(_find_cued_names(text, blocked, surnames))
    out.extend(_find_coordinated_names(text, out, ds, blocked, placenames))
    out.extend(_find_lowercase_names(text, out, ds))
    return out


_SURNAME_AFTER_NICKNAME_RE = re.compile(
    r"['’\"”]\s+((?:(?:[Vv]an|[Dd]e|[Dd]er|[Ee]l|[Aa]l|[Tt]er|[Tt]en)\s+)*[A-Z][\w'-]+(?:-[A-Z][\w'-]+)?)"
)


def _surnames_after_nicknames(text: str, names: Sequence[_Span]) -> list[_Span]:
    """'Mohamed 'Mootje' El Idrissi', 'Youssef "Joes" Amrani': a first name, a quoted
    nickname, then the surname."""
    out: list[_Span] = []
    for q in _QUOTED_RE.finditer(text):
        n_s, n_e = q.span(1)
        if not q.group(1)[:1].isupper():
            continue
        before = text[: q.start()].rstrip()
        if not any(e == len(before) for _s, e, _k2 in names):
            continue
        out.append((n_s, n_e, "name"))  # a quoted word right after a name is a nickname
        m = _SURNAME_AFTER_NICKNAME_RE.match(text, n_e)
        if m:
            out.append((m.start(1), m.end(1), "name"))
    return out


def _find_lowercase_names(text: str, names: Sequence[_Span], ds: Any) -> list[_Span]:
    """First names written in lower case, as in quick notes ('gisteren zag ik piet en zijn
    broer'). A lowercase word is a name when its capitalised form is a known first name
    and it is no Dutch word ('kevin', 'youssef'); a first name that is also a word ('kim',
    'piet') or a very short one ('mo') needs context: a kinship 'de broer van ...', 'zag
    ik ...', 'en zijn broer', an age '(15)', or a name beside it ('kevin en mo'). A
    surname after it ('lisa de jong', 'kevin van der linden') joins the name."""
    first_names, surnames, whitelist = ds["first_name"], ds["surname"], ds["whitelist"]
    interfix_surnames = ds["interfix_surname"]
    name_words = _get_name_words()
    candidates: list[tuple[int, int, bool]] = []  # start, end, sure without context
    for m in _LOWER_TOKEN_RE.finditer(text):
        word = m.group(1)
        low = word.lower()
        if low in whitelist or low in _LOWER_NOT_A_NAME or low in _INTERFIXES:
            continue
        if not _in_trie(first_names, word[:1].upper() + word[1:]):
            continue
        sure = (low not in name_words or low in _names_first) and len(low) >= 3
        candidates.append((m.start(1), m.end(1), sure))

    out: list[_Span] = []
    taken = [(s, e) for s, e, _k in names]
    for start, end, sure in candidates:
        full_end = _lowercase_surname_end(text, end, surnames, interfix_surnames)
        if not sure and full_end == end:
            before = text[max(0, start - 40) : start]
            after = text[end : end + 20]
            if not (_LOWER_NAME_BEFORE_RE.search(before) or _LOWER_NAME_AFTER_RE.match(after)):
                continue
        out.append((start, full_end, "name"))
    # Coordination: 'kevin en mo', 'youssef, bilal en omar'.
    found = [*taken, *((s, e) for s, e, _k in out)]
    for start, end, sure in candidates:
        if sure or any(s <= start < e for s, e in found):
            continue
        left = re.search(r"(?:,\s*|\s+(?:en|of)\s+)$", text[max(0, start - 6) : start])
        right = re.match(r"(?:\s*,\s*|\s+(?:en|of)\s+)", text[end : end + 6])
        if (left and any(e == start - len(left.group()) for _s, e in found)) or (
            right and any(s == end + len(right.group()) for s, _e in found)
        ):
            out.append((start, end, "name"))
    return out


def _lowercase_surname_end(text: str, end: int, surnames: Any, interfix_surnames: Any) -> int:
    """End of a lowercase name with its surname: 'lisa de jong', 'sara van de bakker'."""
    m = re.match(
        r"((?:\s+(?:van|de|der|den|ter|ten|te|el|al|v\.d\.|vd))*)\s+([a-zà-ÿ][a-zà-ÿ'-]+)",
        text[end : end + 40],
    )
    if not m:
        return end
    word = m.group(2)
    title = word[:1].upper() + word[1:]
    if word in _PLACE_WORDS or word in _VENUE_NOUNS or word in _NOT_A_STREET:
        return end  # 'de roos van de wijk', 'de kim van de groep'
    if m.group(1) and (title in interfix_surnames or _in_trie(surnames, title)):
        return end + m.end()
    return end


def _quoted_names(text: str, names: Sequence[_Span]) -> tuple[list[_Span], list[tuple[int, int]]]:
    """Quoted names near a naming cue: person nicknames ('Snoop', 'Kleine Mo') are
    names; group aliases ('De groep noemt zichzelf 'Zuidside'', 'Blok 7') are not, and
    block any name found inside them. Returns (nicknames, alias spans)."""
    nicknames: list[_Span] = []
    aliases: list[tuple[int, int]] = []
    for m in _QUOTED_RE.finditer(text):
        if any(ch.isdigit() for ch in m.group(1)):
            aliases.append(m.span(1))  # 'Blok 7', '3011 gang': not a person's nickname
            continue
        before = text[max(0, m.start() - 60) : m.start()]
        after = text[m.end() : m.end() + 20]
        if not (_NICKNAME_BEFORE_RE.search(before) or _NICKNAME_AFTER_RE.search(after)):
            continue
        clause = re.split(r"[.;:!?]", before)[-1]
        clause_start = m.start() - len(clause)
        has_person = bool(
            _PERSON_NOUN_RE.search(clause)
            or re.search(r"\b(?:bijnaam|roepnaam)", clause, re.IGNORECASE)
            or any(clause_start <= s < m.start() for s, _e, _k in names)
        )
        if not has_person and _GROUP_NOUN_RE.search(clause):
            aliases.append(m.span(1))
        elif m.group(1)[:1].isupper() or re.match(r"(?:de|het|'t|d'n|die)\s+[A-Z]", m.group(1)):
            nicknames.append((m.start(1), m.end(1), "name"))  # 'Snoop', 'de Slager'

    return nicknames, aliases


def _find_cued_names(text: str, blocked: Sequence[tuple[int, int]], surnames: Any) -> list[_Span]:
    """'De jongen heet Omar', 'genaamd Youssef': the name after the cue."""
    out = []
    for m in _NAME_CUE_RE.finditer(text):
        s, e = m.span(1)
        if any(b_s < e and s < b_e for b_s, b_e in blocked):
            continue
        if any(_is_place_word(w, surnames) for w in m.group(1).split()):
            continue  # 'de straat heet Dorpsstraat'
        out.append((s, e, "name"))
    return out


_COORD_RIGHT_RE = re.compile(r"(?:\s*,\s*|\s+(?:en|of)\s+)([A-Z][a-zà-ÿ'-]{2,})(?=[\s,.;:!?)]|$)")
_COORD_LEFT_RE = re.compile(r"(?<![\w-])([A-Z][a-zà-ÿ'-]{2,})(?:\s*,\s*|\s+(?:en|of)\s+)$")


def _find_coordinated_names(
    text: str,
    names: Sequence[_Span],
    ds: Any,
    blocked: Sequence[tuple[int, int]],
    placenames: Sequence[tuple[int, int]],
) -> list[_Span]:
    """'Jermaine en Dewayne', 'Filmon, Dawit en Yonas': an unknown capitalised word
    joined by 'en'/'of'/',' to a known name is most likely a name too."""
    whitelist, streets, surnames = ds["whitelist"], ds["street"], ds["surname"]

    def plausible(w_s: int, w_e: int) -> bool:
        word = text[w_s:w_e]
        return not (
            word.lower() in whitelist
            or word.lower() in _LEADING_NON_NAME
            or _in_trie(streets, word)
            or _is_place_word(word, surnames)
            or any(b_s < w_e and w_s < b_e for b_s, b_e in blocked)
            or any(l_s <= w_s and w_e <= l_e for l_s, l_e in placenames)
        )

    out: list[_Span] = []
    for s, e, _k in names:
        pos = e  # walk right through a list of names
        while (m := _COORD_RIGHT_RE.match(text, pos)) and plausible(*m.span(1)):
            out.append((m.start(1), m.end(1), "name"))
            pos = m.end(1)
        pos = s  # and left: 'Dewayne en Jermaine'
        while (m := _COORD_LEFT_RE.search(text, 0, pos)) and plausible(*m.span(1)):
            out.append((m.start(1), m.end(1), "name"))
            pos = m.start(1)
    return out


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------

# When spans of different kinds overlap, the more specific rule wins.
_PRIORITY = {
    "email": 8,
    "handle": 7,
    "bsn": 6,
    "phone": 5,
    "licence_plate": 4,
    "date_of_birth": 4,
    "address": 3,
    "name": 2,
}


def _resolve(text: str, spans: Iterable[_Span]) -> list[Finding]:
    """Merge overlapping spans of one kind, then keep the highest-priority kind."""
    merged: list[_Span] = []
    for s, e, k in sorted(set(spans), key=lambda x: (x[2], x[0], -x[1])):
        if merged and merged[-1][2] == k and s < merged[-1][1]:
            ps, pe, _ = merged[-1]
            merged[-1] = (ps, max(pe, e), k)
        else:
            merged.append((s, e, k))
    chosen: list[_Span] = []
    for s, e, k in sorted(merged, key=lambda x: (-_PRIORITY[x[2]], -(x[1] - x[0]), x[0])):
        if all(e <= cs or ce <= s for cs, ce, _ in chosen):
            chosen.append((s, e, k))
    return [Finding(s, e, k, text[s:e]) for s, e, k in sorted(chosen)]


class _Annotation(NamedTuple):
    """A Deduce annotation moved into one text of a batch."""

    tag: str
    start_char: int
    end_char: int


def _scan_with(text: str, annotations: Sequence[Any], lookup_structs: Any) -> list[Finding]:
    # Deduce tags street names 'straat' (and 'straat+huisnummer' with a number, but
    # our own number rule also covers that case and the additions like '45-II').
    street_spans = [(a.start_char, a.end_char) for a in annotations if a.tag == "straat"]
    spans: list[_Span] = []
    spans += _find_emails(text)
    spans += _find_handles(text)
    spans += _find_bsns(text)
    spans += _find_phones(text)
    spans += _find_licence_plates(text)
    spans += _find_dates_of_birth(text)
    spans += _find_addresses(text, street_spans)
    spans += _find_names(text, annotations, lookup_structs)
    return _resolve(text, spans)


def scan(text: str) -> list[Finding]:
    """Report suspected personal data in ``text``, sorted by start, non-overlapping."""
    if not text or not text.strip():
        return []
    return scan_many([text])[0]


# Texts of a batch are joined for Deduce with a separator no name pattern crosses.
_BATCH_SEPARATOR = "\n\n.\n\n"
_BATCH_CHARS = 20_000

# Sentence ends where a batch may be cut into pieces: a word of 4+ letters, then . ! or ?,
# then white space. Shorter words ('J.', 'dhr.') and titles ('mevr.') keep their next
# word, because Deduce's patterns read them together with it.
_SENTENCE_END_RE = re.compile(r"(?<=[^\W\d_]{4}[.!?])\s+")
_PIECE_TOKEN_RE = re.compile(r"[^\W\d_]+")
_DIGIT_RE = re.compile(r"\d")
_STREET_WORD_RE = re.compile(
    r"[A-Z][a-z]+(?:baan|bolwerk|dam|dijk|dreef|drf|dyk|gr|gracht|hf|hof|kade|laan|ln|markt|"
    r"mrkt|pad|park|pd|plantsoen|plein|pln|plnts|prk|singel|sngl|st|steeg|stg|str|straat|weg|wg)$"
)  # Deduce's street_pattern


class _Triggers(NamedTuple):
    """First words of everything Deduce's name and street annotators can start from."""

    names: frozenset[str]
    first_names: frozenset[str]
    streets: frozenset[str]
    prefixes: frozenset[str]


_triggers: _Triggers | None = None


def _start_words(struct: Any) -> set[str]:
    if hasattr(struct, "children"):  # a trie: its first tokens
        return set(struct.children.keys())
    return {item for item in struct.items() if " " not in item}  # a set matches one token


def _get_triggers(ds: Any) -> _Triggers:
    global _triggers
    if _triggers is None:
        prefixes = {w.rstrip(".").lower() for w in _start_words(ds["prefix"])}
        first_names = _start_words(ds["first_name"])
        names = first_names | _start_words(ds["surname"]) | _start_words(ds["interfix_surname"])
        names |= _start_words(ds["initial"])
        _triggers = _Triggers(
            frozenset(names),
            frozenset(first_names),
            frozenset(_start_words(ds["street"])),
            frozenset(prefixes),
        )
    return _triggers


def _needs_deduce(piece: str, triggers: _Triggers) -> bool:
    """Whether Deduce could annotate anything in ``piece`` that ``_scan_with`` uses: a
    person (a word of its name lists as written — its lookups are case-sensitive; names
    in lower case are our own rule — a title, an initial, a name cue), or a street (only
    used before a house number). Places Deduce tags only matter next to a name, so a
    piece without one skips Deduce."""
    if _NAME_CUE_RE.search(piece):
        return True
    words = _PIECE_TOKEN_RE.findall(piece)
    for word in words:
        if word in triggers.names or word.lower() in triggers.prefixes:
            return True
    if _DIGIT_RE.search(piece):
        return any(w in triggers.streets or _STREET_WORD_RE.match(w) for w in words)
    return False


def _pieces(text: str, prefixes: frozenset[str]) -> list[tuple[int, int]]:
    """The sentences of ``text`` as (start, end), cut only where no Deduce pattern reads
    across (see ``_SENTENCE_END_RE``)."""
    spans, start = [], 0
    for m in _SENTENCE_END_RE.finditer(text):
        before = text[: m.start() - 1].rsplit(None, 1)[-1] if text[: m.start() - 1].strip() else ""
        if before.lower().lstrip(_STRIP) in prefixes:
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def scan_many(texts: Iterable[str]) -> list[list[Finding]]:
    """``scan()`` of each text, in order, with Deduce run once per batch of texts (up to
    ~20,000 characters joined): its fixed cost per document dominates short texts such as
    the cells of a CSV import. Only the sentences in which Deduce could find a name or a
    street go to Deduce (``_needs_deduce``); its annotations are moved back into their own
    text, and one that would cross a separator is dropped. Cutting at sentence ends also
    keeps Deduce from joining the last name of one sentence to the first word of the
    next ('Nathan. Kevin')."""
    texts = list(texts)
    results: list[list[Finding]] = [[] for _ in texts]
    deduce = _get_deduce()
    triggers = _get_triggers(deduce.lookup_structs)
    batch: list[int] = []
    size = 0

    def flush() -> None:
        if not batch:
            return
        pieces: list[tuple[int, int, int]] = []  # (index in batch, start, end)
        for k, i in enumerate(batch):
            for start, end in _pieces(texts[i], triggers.prefixes):
                if _needs_deduce(texts[i][start:end], triggers):
                    pieces.append((k, start, end))
        offsets, pos = [], 0
        for _k, start, end in pieces:
            offsets.append(pos)
            pos += end - start + len(_BATCH_SEPARATOR)
        per_text: list[list[_Annotation]] = [[] for _ in batch]
        if pieces:
            joined = _BATCH_SEPARATOR.join(texts[batch[k]][start:end] for k, start, end in pieces)
            doc = deduce.deidentify(joined, disabled=set(_DEDUCE_DISABLED))
            for a in doc.annotations:
                p = bisect.bisect_right(offsets, a.start_char) - 1
                k, start, end = pieces[p]
                local_start = a.start_char - offsets[p] + start
                local_end = a.end_char - offsets[p] + start
                if local_end <= end:
                    per_text[k].append(_Annotation(a.tag, local_start, local_end))
        for k, i in enumerate(batch):
            results[i] = _scan_with(texts[i], per_text[k], deduce.lookup_structs)
        batch.clear()

    # Deduce makes many short-lived objects; the cyclic collector walking the process's
    # other objects meanwhile only costs time (reference counting frees them).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for i, text in enumerate(texts):
            if not text or not text.strip():
                continue
            batch.append(i)
            size += len(text)
            if size >= _BATCH_CHARS:
                flush()
                size = 0
        flush()
    finally:
        if was_enabled:
            gc.enable()
    return results


def _normalise(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


def filter_confirmed(
    findings: Iterable[Finding],
    confirmations: Iterable[Mapping[str, Any] | Sequence[str]],
) -> list[Finding]:
    """Drop findings the author confirmed as not personal data.

    A confirmation is ``{"kind": ..., "text": ...}`` or a ``(kind, text)`` pair and
    covers every finding of that kind with that text (case and spacing ignored), so
    'Albert Heijn' confirmed once stays confirmed when the text is edited.
    """
    confirmed: set[tuple[str, str]] = set()
    for c in confirmations:
        if isinstance(c, Mapping):
            kind, value = c["kind"], c["text"]
        else:
            kind, value = c[0], c[1]
        confirmed.add((str(kind), _normalise(str(value))))
    return [f for f in findings if (f.kind, _normalise(f.text)) not in confirmed]


def _main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m privacy.guard",
        description="Scan Dutch text for personal data (names, BSN, phone, ...).",
    )
    parser.add_argument("text", nargs="?", help="text to scan; '-' or omitted reads stdin")
    parser.add_argument("--warm", action="store_true", help="build/load the Deduce cache")
    args = parser.parse_args(argv)
    if args.warm:
        warm()
        print(f"deduce ready, cache in {cache_dir()}")
        if args.text is None:
            return 0
    text = sys.stdin.read() if args.text in (None, "-") else args.text
    print(json.dumps([f.to_dict() for f in scan(text)], ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(_main())
