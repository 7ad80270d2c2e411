"""The letter to parents through schools (issue 17; Nieuw-West in the source): unrest in a
neighbourhood and the approach in general, at group level. It names no youth and holds no
personal data: `cases.informing.school_letter` runs the privacy guard over every text typed
into it before it is composed, and logs nothing (ADR 0008: group-level documents)."""

from __future__ import annotations

from dataclasses import dataclass

from .letters import Block, Letter, dutch_date, paragraphs


@dataclass(frozen=True)
class SchoolLetterFacts:
    municipality: str
    school: str  # the school that passes the letter on ("" for any school)
    area: str  # the neighbourhood or place of the unrest
    situation: str  # what is going on, at group level
    approach: str  # what the municipality and its partners do
    parents_can: str  # what parents can do
    contact: str
    date: object  # datetime.date
    sender: str = ""


def compose(facts: SchoolLetterFacts) -> Letter:
    through = f" via {facts.school}" if facts.school else " via de school van uw kind"
    blocks = (
        Block(
            f"Wat speelt er in {facts.area}?",
            paragraphs(facts.situation),
        ),
        Block("Wat doen wij?", paragraphs(facts.approach)),
        Block("Wat kunt u doen?", paragraphs(facts.parents_can)),
        Block(
            "Uw privacy",
            (
                "Deze brief gaat over de groep en de buurt, niet over uw kind. Alle ouders van de "
                "school krijgen deze brief. Is uw kind betrokken, dan hoort u dat van ons in een "
                "eigen gesprek of brief.",
            ),
        ),
        Block("Vragen?", paragraphs(facts.contact)),
    )
    return Letter(
        sender=f"Gemeente {facts.municipality}",
        recipient=("Aan de ouders en verzorgers", f"(verspreid{through})"),
        place_date=f"{facts.municipality}, {dutch_date(facts.date)}",
        subject=f"Onrust in {facts.area} en wat wij eraan doen",
        salutation="Beste ouders en verzorgers,",
        blocks=blocks,
        closing="Met vriendelijke groet,",
        signature=tuple(x for x in (facts.sender, f"Gemeente {facts.municipality}") if x),
        title=f"Brief aan ouders — {facts.area}",
    )
