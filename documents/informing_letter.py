"""The informatieplicht letter (issue 17): a youth on a name list, or their parent or
guardian, is told in plain Dutch (B1) why data about the youth are shared, with which
organisations, which kinds of data, how long, their rights and whom to contact.

`cases.informing.letter` gathers the facts (`InformingFacts`), composes and logs the export;
the municipality's procesregisseur may replace the three texts of `DEFAULTS` with their own
(cases.LetterTemplate); the rest of the letter follows from the case and the covenant."""

from __future__ import annotations

from dataclasses import dataclass

from .letters import Block, Letter, dutch_date, fill, paragraphs

YOUTH = "youth"
PARENT = "parent"

# The texts a municipality may rewrite, per audience. Placeholders: {jongere} (the youth's
# name), {gemeente}, {groep} (the group's working name; left out of the default on purpose).
DEFAULTS: dict[str, dict[str, str]] = {
    YOUTH: {
        "why": (
            "De gemeente {gemeente} maakt zich zorgen over een groep jongeren. Er zijn meldingen "
            "van overlast of andere problemen. Wij denken dat jij bij deze groep hoort. Daarom "
            "werken de gemeente en andere organisaties samen. Wij willen dat het goed met je gaat "
            "en dat de overlast stopt.\n\n"
            "Om goed samen te werken, delen deze organisaties gegevens over jou. Dat mag alleen "
            "als het nodig is, en alleen met de mensen die aan deze aanpak werken."
        ),
        "approach": (
            "We kijken samen wat jij nodig hebt, bijvoorbeeld hulp bij school, werk of thuis. "
            "We spreken ook af wat er moet gebeuren als de overlast doorgaat. Iemand van de "
            "aanpak komt met je praten."
        ),
        "contact": (
            "Heb je vragen over deze brief of over je gegevens? Bel of mail de gemeente {gemeente} "
            "en vraag naar de procesregisseur van de groepsaanpak."
        ),
    },
    PARENT: {
        "why": (
            "De gemeente {gemeente} maakt zich zorgen over een groep jongeren. Er zijn meldingen "
            "van overlast of andere problemen. Wij denken dat uw kind {jongere} bij deze groep "
            "hoort. Daarom werken de gemeente en andere organisaties samen. Wij willen dat het "
            "goed gaat met uw kind en dat de overlast stopt.\n\n"
            "Om goed samen te werken, delen deze organisaties gegevens over uw kind. Dat mag "
            "alleen als het nodig is, en alleen met de mensen die aan deze aanpak werken."
        ),
        "approach": (
            "We kijken samen wat uw kind nodig heeft, bijvoorbeeld hulp bij school, werk of thuis. "
            "Ook u als ouder kunt hulp krijgen. We spreken ook af wat er moet gebeuren als de "
            "overlast doorgaat. Iemand van de aanpak neemt contact met u op."
        ),
        "contact": (
            "Hebt u vragen over deze brief of over de gegevens van uw kind? Bel of mail de "
            "gemeente {gemeente} en vraag naar de procesregisseur van de groepsaanpak."
        ),
    },
}

# The kinds of data, per category code of privacy.categories, in words a resident reads.
DATA_KINDS = {
    YOUTH: {
        "personal": "gegevens over wie je bent: je naam, bijnaam, geboortedatum en adres",
        "criminal": "gegevens van politie en justitie, bijvoorbeeld als je met de politie in aanraking bent geweest",
        "care": "gegevens over zorg en hulp die je krijgt",
        "special": "andere gevoelige gegevens, alleen als dat echt nodig is",
        "bsn": "je burgerservicenummer (BSN)",
    },
    PARENT: {
        "personal": "gegevens over wie uw kind is: naam, bijnaam, geboortedatum en adres",
        "criminal": "gegevens van politie en justitie, bijvoorbeeld als uw kind met de politie in aanraking is geweest",
        "care": "gegevens over zorg en hulp die uw kind krijgt",
        "special": "andere gevoelige gegevens, alleen als dat echt nodig is",
        "bsn": "het burgerservicenummer (BSN) van uw kind",
    },
}
TERM_NOUNS = {
    "personal": "gewone gegevens (naam, adres)",
    "criminal": "gegevens van politie en justitie",
    "care": "gegevens over zorg en hulp",
    "special": "andere gevoelige gegevens",
    "bsn": "burgerservicenummer",
}


@dataclass(frozen=True)
class InformingFacts:
    audience: str  # YOUTH or PARENT
    recipient_name: str
    recipient_address: str
    youth_name: str
    municipality: str
    group_name: str
    organisations: tuple[str, ...]  # the organisations taking part in the case
    categories: tuple[str, ...]  # the category codes the covenant lets them share
    terms: tuple[tuple[str, int], ...]  # (category code, months) from the covenant
    contact_person: str  # "A. de Vries (Gemeente Westerhaven)"; "" when none is appointed
    date: object  # datetime.date
    texts: dict  # why / approach / contact: the municipality's template, else DEFAULTS
    sender: str = ""  # the official who signs; "" signs with the municipality alone


def months_in_words(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return "1 jaar" if years == 1 else f"{years} jaar"
    return "1 maand" if months == 1 else f"{months} maanden"


def compose(facts: InformingFacts) -> Letter:
    youth = facts.audience == YOUTH
    you = "je" if youth else "u"
    values = {"jongere": facts.youth_name, "gemeente": facts.municipality, "groep": facts.group_name}
    texts = {
        key: facts.texts.get(key) or DEFAULTS[facts.audience][key] for key in ("why", "approach", "contact")
    }
    kinds = DATA_KINDS[facts.audience]
    data = tuple(kinds[c] for c in facts.categories if c in kinds)
    terms = tuple(f"{TERM_NOUNS[c]}: {months_in_words(m)}" for c, m in facts.terms if c in TERM_NOUNS)
    about = "jou" if youth else "uw kind"
    rights = (
        f"Inzage: {you} mag vragen welke gegevens wij over {about} hebben en met wie wij ze hebben gedeeld.",
        f"Correctie: kloppen de gegevens niet? Dan mag {you} vragen om ze te verbeteren.",
        f"Verwijdering: {you} mag vragen om gegevens te verwijderen die niet (meer) nodig zijn.",
        f"Bezwaar: {you} mag bezwaar maken tegen het delen van gegevens over {about}. Wij "
        "kijken dan opnieuw of het echt nodig is.",
        f"Klacht: {'ben je' if youth else 'bent u'} het niet eens met hoe wij met de gegevens "
        f"omgaan? Dan {'kun je' if youth else 'kunt u'} een klacht indienen bij de Autoriteit "
        "Persoonsgegevens (www.autoriteitpersoonsgegevens.nl).",
    )
    blocks = [
        Block(
            "Waarom krijg" + (" je " if youth else "t u ") + "deze brief?",
            paragraphs(fill(texts["why"], values)),
        ),
        Block("Wat is de aanpak?", paragraphs(fill(texts["approach"], values))),
        Block(
            "Welke organisaties werken samen?",
            (f"Deze organisaties werken samen in de aanpak en kunnen gegevens over {about} delen:",),
            facts.organisations,
        ),
        Block(
            "Welke gegevens delen zij?",
            (
                "Zij delen alleen wat nodig is voor de aanpak, en alleen wat de afspraken (het convenant) toestaan:",
            ),
            data,
        ),
        Block(
            "Hoe lang bewaren wij de gegevens?",
            (
                "Als de aanpak klaar is, bewaren wij de gegevens nog een tijd. Dat is nodig als er "
                "later opnieuw problemen zijn. Daarna worden ze verwijderd. De termijnen staan in het convenant:",
            ),
            terms,
        ),
        Block(
            "Wat zijn " + ("je" if youth else "uw") + " rechten?",
            (f"{'Je' if youth else 'U'} kunt een verzoek doen bij de gemeente {facts.municipality}:",),
            rights,
        ),
        Block(
            "Vragen?",
            paragraphs(fill(texts["contact"], values))
            + ((f"Contactpersoon: {facts.contact_person}.",) if facts.contact_person else ()),
        ),
    ]
    recipient = (
        facts.recipient_name,
        *[line.strip() for line in facts.recipient_address.split(",") if line.strip()],
    )
    subject = "gegevens over jou in de groepsaanpak" if youth else "gegevens over uw kind in de groepsaanpak"
    return Letter(
        sender=f"Gemeente {facts.municipality}",
        recipient=recipient,
        place_date=f"{facts.municipality}, {dutch_date(facts.date)}",
        subject=subject[0].upper() + subject[1:],
        salutation=f"Beste {facts.recipient_name},",
        blocks=tuple(blocks),
        closing="Met vriendelijke groet,",
        signature=tuple(x for x in (facts.sender, f"Gemeente {facts.municipality}") if x),
        footer="Deze brief gaat over persoonsgegevens. Bewaar hem goed.",
        title=f"Informatiebrief groepsaanpak — {facts.recipient_name}",
    )
