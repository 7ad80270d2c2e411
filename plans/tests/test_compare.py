"""plans.compare: pure functions, no database."""

from plans import compare as diff
from plans import content as c


def plan(**overrides):
    doc = c.empty()
    doc["goals"] = [{"key": "g1", "code": "criminaliteit", "text": ""}]
    doc["tracks"]["groep"] = "Groepsgesprekken door het jongerenwerk."
    doc["results"] = [
        {
            "key": "r1",
            "goal": "g1",
            "indicator": "Overlastmeldingen per week",
            "unit": "meldingen",
            "baseline": "12",
            "target": "6",
            "deadline": "2026-12-31",
            "domain": "openbare_orde",
        }
    ]
    doc["measures"] = [
        {
            "key": "m1",
            "track": "persoon",
            "organisation": 1,
            "target_kind": "jongere",
            "membership": 10,
            "location": "",
            "description": "Stopgesprek.",
        },
        {
            "key": "m2",
            "track": "groep",
            "organisation": 2,
            "target_kind": "groep",
            "membership": None,
            "location": "",
            "description": "Groepsgesprekken.",
        },
    ]
    doc.update(overrides)
    return doc


def section(sections, code):
    return next(s for s in sections if s.code == code)


def test_identical_plans_have_no_changes():
    sections = diff.compare(plan(), plan())
    assert [s.code for s in sections] == list(diff.SECTION_ORDER)
    assert not any(s.has_changes for s in sections)
    assert diff.summary(sections) == {"added": 0, "removed": 0, "changed": 0, "texts": 0}


def test_items_are_matched_by_key_not_position():
    old = plan()
    new = plan()
    new["measures"] = list(reversed(new["measures"]))  # same items, other order
    new["results"][0]["target"] = "4"
    sections = diff.compare(old, new)
    assert not section(sections, "measures").has_changes
    results = section(sections, "results")
    assert [i.status for i in results.items] == [diff.CHANGED]
    [change] = results.items[0].changed_fields
    assert (change.name, change.old, change.new, change.status) == ("target", "6", "4", diff.CHANGED)


def test_added_and_removed_items_and_their_fields():
    old = plan()
    new = plan()
    new["measures"] = [
        new["measures"][0],
        {
            "key": "m3",
            "track": "omgeving",
            "organisation": 3,
            "target_kind": "locatie",
            "membership": None,
            "location": "Sporthal",
            "description": "Extra toezicht.",
        },
    ]
    measures = section(diff.compare(old, new), "measures")
    assert [i.key for i in measures.added] == ["m3"]
    assert [i.key for i in measures.removed] == ["m2"]
    assert measures.added[0].title == "Extra toezicht."
    assert measures.removed[0].title == "Groepsgesprekken."
    location = next(f for f in measures.added[0].fields if f.name == "location")
    assert location.status == diff.ADDED and location.new == "Sporthal"
    assert diff.summary(diff.compare(old, new))["added"] == 1


def test_text_sections_are_compared_per_field():
    new = plan()
    new["tracks"]["groep"] = ""
    new["tracks"]["omgeving"] = "Verlichting bij de sporthal."
    tracks = section(diff.compare(plan(), new), "tracks")
    by_name = {f.name: f for f in tracks.changed_fields}
    assert by_name["groep"].status == diff.REMOVED
    assert by_name["omgeving"].status == diff.ADDED
    assert "persoon" not in by_name


def test_the_formatter_shows_values_but_the_raw_values_decide():
    old, new = plan(), plan()
    new["measures"][0]["membership"] = 11  # another member

    def withheld(section, name, value):
        return "een jongere (afgeschermd)" if name == "membership" else str(value)

    measures = section(diff.compare(old, new, withheld), "measures")
    [change] = measures.changed[0].changed_fields
    assert change.name == "membership" and change.status == diff.CHANGED
    assert change.old == change.new == "een jongere (afgeschermd)"

    def names(section, name, value):
        return (
            {1: "Politie", 2: "Jongerenwerk"}.get(value, str(value)) if name == "organisation" else str(value)
        )

    new = plan()
    new["measures"][1]["organisation"] = 1
    [change] = section(diff.compare(plan(), new, names), "measures").changed[0].changed_fields
    assert (change.old, change.new) == ("Jongerenwerk", "Politie")


def test_word_diff_marks_inserted_and_deleted_words_in_order():
    ops = diff.word_diff(
        "Eerst de overlast bij de sporthal stoppen.", "Eerst de overlast bij het station stoppen."
    )
    assert ("del", "de sporthal ") in ops and ("ins", "het station ") in ops
    assert "".join(t for op, t in ops if op != "del") == "Eerst de overlast bij het station stoppen."
    assert "".join(t for op, t in ops if op != "ins") == "Eerst de overlast bij de sporthal stoppen."
    assert diff.word_diff("", "nieuw") == [("ins", "nieuw")]


def test_long_changed_texts_get_a_word_diff():
    old = plan()
    new = plan()
    old["strategy"]["interventions"] = (
        "Gesprekken, toezicht, perspectief op werk en school voor de hele groep."
    )
    new["strategy"]["interventions"] = (
        "Gesprekken, toezicht, perspectief op werk en school voor de meelopers."
    )
    [change] = section(diff.compare(old, new), "strategy").changed_fields
    assert change.words and ("ins", "meelopers.") in change.words


def test_missing_sections_count_as_empty():
    sections = diff.compare({}, plan())
    assert [i.key for i in section(sections, "results").added] == ["r1"]
    assert section(diff.compare(plan(), {}), "goals").removed[0].key == "g1"
