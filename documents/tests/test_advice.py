"""The advice text from plain facts: numbered sections, empty ones left out, the capacity
asked with its totals, youths only by their labels."""

from datetime import date
from decimal import Decimal

from documents.advice import AdviceFacts, Dynamics, Estimate, capacity_lines, compose

COUNTS = {"plus": 1, "min": 2, "mee": 0, "": 1}


def _facts(**overrides):
    facts = {
        "group_name": "Stationsplein",
        "picture_number": 2,
        "plan_number": 1,
        "dynamics": Dynamics(
            on=date(2026, 3, 15), members=4, counts=COUNTS, leaders=["Jongere A"], strong_min=["Jongere B"]
        ),
        "severity": "Hoog",
        "group_characteristics": "Een hechte groep van vier.",
        "domains": [("Openbare orde", "Overlast bij het station"), ("Onderwijs", "  ")],
        "threads": [("Wat valt op?", "Avonden in het weekend")],
        "estimates": [Estimate("Politie", months=6, hours_per_week=Decimal("4"), total_hours=104, cost=500)],
        "partners": ["Politie", "Jongerenwerk"],
    }
    return AdviceFacts(**(facts | overrides))


def test_the_advice_numbers_its_sections_and_leaves_empty_ones_out():
    text = compose(_facts())
    assert text.startswith("Beleidsadvies over de groep Stationsplein\n\nOpgesteld door de procesregisseur")
    assert "integraal beeld (versie 2) en het concept plan van aanpak (versie 1)" in text
    assert "1. Karakterisering van de groep\nEen hechte groep van vier." in text
    assert "2. Mate van ernst en urgentie\nMate van ernst: hoog. Urgentie: nog niet bepaald." in text
    assert "3. Probleemdefinitie per domein\n- Openbare orde: Overlast bij het station\n" in text
    assert "Onderwijs" not in text  # a domain without text is left out
    assert "Duiding" not in text  # a section without lines is left out
    assert "4. Groepsdynamiek (plus, min, mee)\nStand van maart 2026: 4 jongeren in beeld" in text
    assert "Leiders: Jongere A.\nMin met veel invloed: Jongere B." in text
    assert "Plus met veel invloed" not in text
    assert "- Wat valt op?: Avonden in het weekend" in text
    assert "Betrokken partners\nPolitie, Jongerenwerk" in text
    assert text.rstrip().endswith("met de domeinen waarop die zich richt.")
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_capacity_lines_count_hours_and_cost():
    lines = capacity_lines(
        [
            Estimate("Politie", months=6, hours_per_week=Decimal("4"), total_hours=104, cost=Decimal("1500")),
            Estimate("Zorg", months=12, fte=Decimal("0.50"), total_hours=936, note="gezinscoach"),
        ]
    )
    assert lines == [
        "- Politie: 4 uur per week gedurende 6 maanden (ca. 104 uur), kosten ca. € 1.500",
        "- Zorg: 0,50 fte gedurende 12 maanden (ca. 936 uur) — gezinscoach",
        "Totaal: ca. 1.040 uur; kosten ca. € 1.500.",
    ]
    assert capacity_lines([]) == []
