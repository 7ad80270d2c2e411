"""The evaluation report per criterion: the measured figures as sentences (also for a
snapshot that misses figures) and what each organisation wrote."""

from types import SimpleNamespace

from documents.evaluation import Criterion, criteria, measured_lines

FIGURES = {
    "duration": {"realised_days": 95, "planned_days": 270, "until_closing_decision": True},
    "agreements": {
        "actions": 3, "on_time": 1, "late": 1, "not_kept": 1, "open": 0, "on_time_share": 33, "escalations": 1,
    },
    "speed": {"signal_to_decision_days": 90, "opening_to_decision_days": None, "plan_versions": 1},
    "effort": {"per_partner": {"Politie": 2, "Zorg": 1}, "per_track": {}},
    "effectiveness": {"results": 2, "reached": 1, "outcome": "afschalen"},
}  # fmt: skip


def test_measured_lines_per_criterion():
    lines = measured_lines(FIGURES)
    assert set(lines) == set(Criterion.values)
    assert lines["doorlooptijd"] == [
        "Gepland: 270 dagen",
        "Gerealiseerd: 95 dagen (vanaf stap 5 tot het besluit tot afronden)",
    ]
    assert lines["rollen"] == [
        "1 van 3 acties op tijd gereed (33%), 1 te laat, 1 niet nagekomen, 0 nog open.",
        "Escalaties: 1",
    ]
    assert lines["snelheid"][1] == "Van het openen van de casus tot dat besluit: onbekend"
    assert lines["inzet"] == ["Acties per partner: Politie 2, Zorg 1", "Acties per spoor: —"]
    assert lines["effectiviteit"] == [
        "1 van 2 resultaten van het plan bereikt (volgens het besluit tot afronden)."
    ]
    assert lines["informatie"] == lines["knelpunten"] == []


def test_an_empty_snapshot_still_reads():
    lines = measured_lines({})
    assert lines["doorlooptijd"][0] == "Gepland: onbekend"
    assert lines["rollen"] == ["Geen acties vastgelegd.", "Escalaties: 0"]
    assert lines["effectiviteit"] == ["Nog geen besluit tot afronden: resultaten niet getoetst."]


def test_criteria_follow_the_source_with_the_organisations_texts():
    politie = SimpleNamespace(organisation=SimpleNamespace(name="Politie"), texts={"rollen": "Helder."})
    zorg = SimpleNamespace(organisation=SimpleNamespace(name="Zorg"), texts={"rollen": "", "inzet": "Veel."})
    rows = criteria(FIGURES, [politie, zorg])
    assert [r["code"] for r in rows] == Criterion.values
    roles = rows[0]
    assert roles["label"] == "Duidelijkheid van rollen en werkbaarheid van afspraken"
    assert roles["texts"] == [("Politie", "Helder.")]
    assert roles["measured"][1] == "Escalaties: 1"
    assert next(r for r in rows if r["code"] == "inzet")["texts"] == [("Zorg", "Veel.")]
