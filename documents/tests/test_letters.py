"""The letters composed without the database: the informatieplicht letter (youth and parent)
and the letter to parents through schools, their text, and the PDF and DOCX they become."""

import io
from datetime import date

import docx
import pytest

from documents import informing_letter, letters, school_letter


def _facts(audience=informing_letter.PARENT, **overrides):
    values = dict(
        audience=audience,
        recipient_name="Fatima Yilmaz" if audience == informing_letter.PARENT else "Sem Jansen",
        recipient_address="Lindelaan 4, 1234 AB Teststad",
        youth_name="Sem Jansen",
        municipality="Teststad",
        group_name="De Jonkies",
        organisations=("Gemeente Teststad", "Politie Teststad", "Jongerenwerk Teststad"),
        categories=("personal", "criminal"),
        terms=(("personal", 24), ("criminal", 60)),
        contact_person="Anna de Vries (Gemeente Teststad)",
        date=date(2026, 12, 7),
        texts={},
        sender="Anna de Vries",
    )
    values.update(overrides)
    return informing_letter.InformingFacts(**values)


def test_the_parent_letter_says_why_with_whom_what_how_long_rights_and_whom_to_contact():
    text = informing_letter.compose(_facts()).text()
    assert "Beste Fatima Yilmaz," in text
    assert "uw kind Sem Jansen" in text  # why: the concern about the group and this youth
    assert "Politie Teststad" in text and "Jongerenwerk Teststad" in text  # which organisations
    assert "gegevens van politie en justitie" in text  # which kinds of data
    assert "gewone gegevens (naam, adres): 2 jaar" in text  # how long, from the covenant
    assert "gegevens van politie en justitie: 5 jaar" in text
    for right in ("Inzage", "Correctie", "Verwijdering", "Bezwaar", "Autoriteit Persoonsgegevens"):
        assert right in text
    assert "Contactpersoon: Anna de Vries (Gemeente Teststad)." in text
    assert "7 december 2026" in text
    assert "zorg en hulp" not in text  # a category the covenant does not share is not named
    assert "De Jonkies" not in text  # the group's working name stays out of the default


def test_the_youth_letter_speaks_to_the_youth():
    text = informing_letter.compose(_facts(informing_letter.YOUTH)).text()
    assert "Beste Sem Jansen," in text
    assert "Wij denken dat jij bij deze groep hoort." in text
    assert "je naam, bijnaam, geboortedatum en adres" in text
    assert "uw kind" not in text


def test_the_municipalitys_own_text_replaces_the_default_with_placeholders_filled():
    own = {
        "why": "Wij zien {jongere} vaak bij {groep} in {gemeente}.\n\nTweede alinea.",
        "approach": "",
        "contact": "",
    }
    composed = informing_letter.compose(_facts(texts=own))
    why = composed.blocks[0]
    assert why.paragraphs == ("Wij zien Sem Jansen vaak bij De Jonkies in Teststad.", "Tweede alinea.")
    assert "We kijken samen" in composed.text()  # the empty approach falls back on the default


def test_unknown_placeholders_stay_as_typed():
    assert letters.fill("{onbekend} en {gemeente}", {"gemeente": "Teststad"}) == "{onbekend} en Teststad"


def test_the_pdf_and_the_docx_carry_the_same_letter():
    composed = informing_letter.compose(_facts())
    pdf = letters.render(composed, letters.PDF)
    assert pdf.startswith(b"%PDF")
    document = docx.Document(io.BytesIO(letters.render(composed, letters.DOCX)))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Beste Fatima Yilmaz," in body and "Autoriteit Persoonsgegevens" in body
    assert "Politie Teststad" in body
    with pytest.raises(ValueError):
        letters.render(composed, "odt")


def test_the_school_letter_is_about_the_group_and_says_so():
    facts = school_letter.SchoolLetterFacts(
        municipality="Teststad", school="De Regenboog", area="Parkwijk",
        situation="Er is al weken onrust op het plein.", approach="Extra jongerenwerk.",
        parents_can="Praat met uw kind.", contact="Bel 14 020.", date=date(2026, 12, 7),
    )  # fmt: skip
    text = school_letter.compose(facts).text()
    assert "Onrust in Parkwijk en wat wij eraan doen" in text
    assert "(verspreid via De Regenboog)" in text
    assert "niet over uw kind" in text
