"""The progress report from plain facts: the sections in order, and the places of what
people wrote (the only text the guard judges)."""

from datetime import date
from types import SimpleNamespace

from documents.progress_report import Briefing, Crisis, Escalated, ReportFacts, Tally, compose, tally_line

NO_ACTIONS = Tally(label="Alle acties")


def _facts(**overrides):
    facts = {
        "group_name": "Stationsplein",
        "period_from": date(2026, 3, 1),
        "period_to": date(2026, 3, 31),
        "step": "Uitvoeren en monitoren",
        "actions": NO_ACTIONS,
    }
    return ReportFacts(**(facts | overrides))


def _finding(body, text):
    start = body.text.index(text)
    return SimpleNamespace(start=start, end=start + len(text))


def test_an_empty_period_says_so_per_section():
    body = compose(_facts())
    assert body.text.splitlines()[:4] == [
        "Voortgangsrapportage — Stationsplein",
        "Periode: 01-03-2026 t/m 31-03-2026",
        "Stap: Uitvoeren en monitoren",
        "",
    ]
    for line in (
        "Er is nog geen plan van aanpak vastgesteld.",
        "Er zijn nog geen acties.",
        "Geen.",
        "Er zijn nog geen effectindicatoren.",
        "In deze periode niet van toepassing.",
    ):
        assert f"\n{line}\n" in body.text


def test_the_report_names_plan_actions_escalations_indicators_and_crisis():
    total = Tally(
        label="Alle acties", total=4, by_status=[("Gepland", 2), ("Lopend", 0), ("Gereed", 2)], overdue=1,
        percent_done=50,
    )  # fmt: skip
    body = compose(
        _facts(
            forum="Driehoeksoverleg",
            plan_number=2,
            plan_adopted_on=date(2026, 2, 20),
            plan_versions_in_period=1,
            actions=total,
            tracks=[Tally(label="Omgevingsgericht", total=1, by_status=[("Gereed", 1)], percent_done=100)],
            partners=[
                Tally(label="Politie", total=4, by_status=[("Gepland", 2), ("Gereed", 2)], percent_done=50)
            ],
            escalations=[
                Escalated("teamleider"),
                Escalated("teamleider", has_outcome=True),
                Escalated("driehoek"),
            ],
            indicators=[("Meldingen overlast", "12 (doel 5)")],
            crises=[Crisis(date(2026, 3, 3), date(2026, 3, 5), "Vuurwerk\nbij het station")],
            briefings=[Briefing(date(2026, 3, 4), "Rustig", "Surveillance")],
        )
    )
    text = body.text
    assert "Voor: Driehoeksoverleg\n" in text
    assert (
        "Versie 2 is van kracht (vastgesteld op 20-02-2026).\nIn deze periode is 1 versie vastgesteld."
        in text
    )
    assert "Totaal: 4 acties: gepland 2, gereed 2; over de termijn 1; 50% gereed." in text
    assert "- Omgevingsgericht: 1 actie: gereed 1; over de termijn 0; 100% gereed" in text
    assert "Aantal: 3.\n- naar teamleider: 2\n- naar driehoek: 1\nNog zonder uitkomst: 2." in text
    assert "- Meldingen overlast: 12 (doel 5)" in text
    assert "Crisisperiode van 03-03-2026 tot 05-03-2026: Vuurwerk bij het station" in text
    assert "1 dagbriefing:\n- 04-03-2026: Rustig\n  Gepland: Surveillance" in text
    for written in (
        "Stationsplein",
        "teamleider",
        "Meldingen overlast",
        "Vuurwerk bij het station",
        "Rustig",
    ):
        assert body.in_user_text(_finding(body, written)), written
    for own in ("Voortgangsrapportage", "Driehoeksoverleg", "Omgevingsgericht", "Politie", "Crisisperiode"):
        assert not body.in_user_text(_finding(body, own)), own


def test_a_tally_without_actions_has_no_percentage():
    assert tally_line(NO_ACTIONS) == "0 acties"
    assert tally_line(Tally(label="x", total=1, by_status=[("Gepland", 1)])) == (
        "1 actie: gepland 1; over de termijn 0; 0% gereed"
    )
