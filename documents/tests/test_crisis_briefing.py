"""The half-A4 crisis briefing, composed from plain data (no database)."""

from datetime import date

from documents import crisis_briefing as cb

FACTS = cb.BriefingFacts(
    municipality="Gemeente Westerhaven",
    group="Groep Sporthal",
    day=date(2026, 12, 7),
    reason="Geweld bij de sporthal.",
    parts=(
        cb.Part("Briefing", "Onrust verwacht.", "Extra toezicht.", "Twee agenten bij de sporthal."),
        cb.Part("Debriefing", "Rustige avond.", "Morgen gesprek met de ouders.", "Jongerenwerk in de wijk."),
    ),
    distribution=("Politie basisteam Westerhaven", "teamchef, burgemeester"),
    published_by="procesregisseur OOV, Gemeente Westerhaven",
)


def test_compose_has_every_part_the_list_and_the_publisher():
    text = cb.compose(FACTS)
    assert text.splitlines()[1] == "Crisisbriefing Groep Sporthal — 7 december 2026"
    for part in FACTS.parts:
        assert part.kind in text and part.happened in text and part.whereabouts in text
    assert "Verspreiding: Politie basisteam Westerhaven, teamchef, burgemeester" in text
    assert "Uitgegeven door: procesregisseur OOV" in text


def test_facts_survive_storage_as_plain_data():
    assert cb.BriefingFacts.from_dict(FACTS.as_dict()) == FACTS


def test_the_pdf_is_one_half_a4_page():
    from weasyprint import CSS, HTML

    document = HTML(string=cb.html(FACTS)).render(stylesheets=[CSS(filename=str(cb.STYLESHEET))])
    assert len(document.pages) == 1
    width_mm, height_mm = (round(v * 25.4 / 96) for v in (document.pages[0].width, document.pages[0].height))
    assert (width_mm, height_mm) == (148, 210)  # A5 = half of A4
    assert cb.pdf(FACTS).startswith(b"%PDF")
