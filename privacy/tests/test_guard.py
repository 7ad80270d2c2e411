"""Tests for the privacy guard (pure Python: no database, no Django settings).

The first test run in a fresh environment builds Deduce's lookup cache (~70 s);
later runs load it in a few seconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from privacy import guard_eval
from privacy.guard import (
    KIND_EXPLANATIONS,
    KIND_LABELS,
    KINDS,
    Finding,
    cache_dir,
    filter_confirmed,
    scan,
    scan_many,
    warm,
)
from privacy.guard import _main as guard_main

REPO = Path(__file__).resolve().parents[2]
TESTSET = REPO / "privacy" / "guard_testset.jsonl"


@pytest.fixture(scope="module", autouse=True)
def _deduce_loaded() -> None:
    warm()


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


# --- each kind ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mohammed en Kevin de Vries stonden bij de ingang.", ["Mohammed", "Kevin de Vries"]),
        ("Jayden en Fatima El Amrani zijn aangesproken.", ["Jayden", "Fatima El Amrani"]),
        ("Moeder (mevrouw Bouzid) belde de wijkagent.", ["mevrouw Bouzid"]),
        ("Filmon en Dawit komen uit dezelfde opvang.", ["Filmon", "Dawit"]),
        ("Jermaine en Dewayne hadden een mes bij zich.", ["Jermaine", "Dewayne"]),
        ("De jongen met de bijnaam 'Snoop' is de leider.", ["Snoop"]),
        ("De jongen die het mes had heet Omar.", ["Omar"]),
        ("Gesproken met Ilse van de Jumbo over de diefstallen.", ["Ilse"]),
        ("Kevin Verlaan en Sanne Versteeg zijn gezien.", ["Kevin Verlaan", "Sanne Versteeg"]),
    ],
)
def test_names(text: str, expected: list[str]) -> None:
    assert [t for k, t in found(text) if k == "name"] == expected


@pytest.mark.parametrize("bsn", ["312966210", "171 497 685", "190.220.284", "1112.22.333"])
def test_bsn_valid_by_eleven_test(bsn: str) -> None:
    assert found(f"Het BSN van de jongere is {bsn}.") == [("bsn", bsn)]


def test_bsn_invalid_or_other_number_is_not_flagged() -> None:
    assert found("Het nummer is 123456789.") == []  # fails the 11-proef, no label
    assert found("Zaaknummer 111222333 is afgesloten.") == []  # passes it, but a case number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Het BSN is 123456789.", "123456789"),  # fails the 11-proef: a typo is still a BSN
        ("burgerservicenummer: 271 834 991 (volgens moeder)", "271 834 991"),
        ("sofinummer 045123987 staat in het dossier", "045123987"),
        ("Burgerservicenummer van de jongere: 19.22.03.847", "19.22.03.847"),
        ("bsn nr. 4432 19 870", "4432 19 870"),
    ],
)
def test_labelled_number_is_a_bsn_whatever_its_checksum(text: str, number: str) -> None:
    assert found(text) == [("bsn", number)]


@pytest.mark.parametrize(
    "phone",
    [
        "06-12345678",
        "0612345678",
        "+31 6 12345678",
        "+31 (0)6 18273645",
        "0031 6 12398745",
        "010-1234567",
        "020 123 4567",
        "06 48 12 73 90",
        "(020) 123 45 67",
    ],
)
def test_phone_numbers(phone: str) -> None:
    assert found(f"Bel de moeder op {phone} na 17:00.") == [("phone", phone)]


def test_service_numbers_are_not_personal() -> None:
    assert found("Anoniem melden kan via Meld Misdaad Anoniem, 0800-7000.") == []
    assert found("Informatie via 0900-8844 (politie).") == []


def test_email_but_not_function_mailboxes() -> None:
    assert found("Vader mailde vanaf e.yilmaz1978@hotmail.com.") == [("email", "e.yilmaz1978@hotmail.com")]
    assert found("Stuur meldingen naar leerplicht@gemeente.nl of info@jongerenwerk.nl.") == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Hij woont op Dorpsstraat 12 bij zijn oma.", "Dorpsstraat 12"),
        ("Ouders wonen op Kerkweg 3a.", "Kerkweg 3a"),
        ("De oma woont op Van Speijkstraat 45-II.", "Van Speijkstraat 45-II"),
        ("Samenkomst op Laan van Meerdervoort 112.", "Laan van Meerdervoort 112"),
        ("Afspraak op Bloemstraat 14 huis.", "Bloemstraat 14 huis"),
        ("Broer woont aan de Burgemeester de Vlugtlaan 87.", "Burgemeester de Vlugtlaan 87"),
        ("De jongeren komen allemaal uit 3082 KB en omgeving.", "3082 KB"),
        ("Postcode 1234AB is opgegeven.", "1234AB"),
    ],
)
def test_addresses_and_postcodes(text: str, address: str) -> None:
    assert found(text) == [("address", address)]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Het meisje, geboren op 22 juli 2010, loopt mee.", "22 juli 2010"),
        ("Geboortedatum: 03-11-2008.", "03-11-2008"),
        ("Gegevens: geb. 17-05-2010.", "17-05-2010"),
        ("Geb.datum: 12/04/2008.", "12/04/2008"),
        ("Zijn vader is geboren op 12-05-1978.", "12-05-1978"),  # cue: any year
    ],
)
def test_dates_of_birth_with_cue(text: str, date: str) -> None:
    assert found(text) == [("date_of_birth", date)]


def test_date_of_birth_without_cue_needs_a_youth_year() -> None:
    assert found("Jordy (07-04-2009) is gezien.") == [
        ("name", "Jordy"),
        ("date_of_birth", "07-04-2009"),
    ]


@pytest.mark.parametrize(
    "plate", ["12-ABC-3", "AB-123-C", "1-ABC-23", "XX-99-XX", "GZ-412-K", "VKZ-38-P", "GZ412K"]
)
def test_licence_plates(plate: str) -> None:
    assert found(f"Scooter met kenteken {plate} reed over de stoep.") == [("licence_plate", plate)]


def test_undashed_old_sidecode_needs_a_cue() -> None:
    # 1234AB is a postcode unless the text says it is a plate.
    assert found("De auto met kenteken 1234AB is weg.") == [("licence_plate", "1234AB")]
    assert found("Postcode 1234AB.") == [("address", "1234AB")]


# --- what must NOT be flagged ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # places, stations, streets without number
        "Groep van 8 jongens bij het Willem de Zwijgerplein en Station Zuid.",
        "Overlast in de Burgemeester de Vlugtlaan en de Jan van Galenstraat.",
        "Jongeren rijden over de Laan van Meerdervoort richting de Prins Hendrikkade.",
        "Handhaving ziet de groep ook in Bergen op Zoom en Roosendaal.",
        "Bewoners van het Hugo de Grootplein en de Admiraal de Ruijterweg klagen.",
        # shops and brands
        "Ze hangen bij de Albert Heijn, de Jumbo, de Kruidvat en Dirk van den Broek.",
        "Na 21:00 bij de Burger King en de Hema, ze dragen Canada Goose en Nike.",
        "Rond half elf kwamen ze met bier uit de Gall & Gall, in een zwarte Mercedes.",
        # schools and venues named after people
        "Leerlingen van de Johan de Wittschool en de Jan Pieterszoon Coenschool.",
        "Op het plein van het Willem de Zwijger College en bij de Anne Frankschool.",
        "Geen overlast meer bij het Sophia Kinderziekenhuis en de Johan Cruijff ArenA.",
        "Groep werd weggestuurd van het terrein van basisschool Koningin Beatrix.",
        "Inloopavond in buurthuis Het Anker en brandje bij sporthal De Fluit.",
        # signal dates, times, ages, group sizes
        "Gisteren om 22:00 en op 12 maart rond 21.30 uur weer vuurwerk.",
        "Wijkagent sprak op 03-03-2025 met ouders; vrijdag 14 maart 2025 weer rumoer.",
        "Eerdere melding d.d. 14-06-2019; convenant ondertekend op 1 juli 2020.",
        "Een wisselende groep van 10 tot 20 jongeren, jongens van 14-16 jaar.",
        "In het Julianapark 3 jongens gezien, ook groep 8 en lijn 12.",
        "Gebruik van 3-MMC en lachgas onder de A12, schooljaar 2019-2020.",
        # group aliases
        "De groep noemt zichzelf 'Zuidside' en filmt andere groepen.",
        "De jongens noemen hun groep 'Blok 7'; de buurt zegt 'de pleinjongens'.",
        "Tussen Kerst en Oud en Nieuw was het rustig.",
    ],
)
def test_no_false_positives(text: str) -> None:
    assert found(text) == []


# --- shape of the result --------------------------------------------------------------


def test_findings_sorted_non_overlapping_and_exact() -> None:
    text = (
        "Kevin de Vries (geb. 14-03-2009, BSN 312966210) woont op Dorpsstraat 12, "
        "1234 AB Utrecht, tel. 06-12345678, k.devries@gmail.com, scooter 12-ABC-3."
    )
    findings = scan(text)
    assert [f.kind for f in findings] == [
        "name",
        "date_of_birth",
        "bsn",
        "address",
        "address",
        "phone",
        "email",
        "licence_plate",
    ]
    for f in findings:
        assert text[f.start : f.end] == f.text
    for a, b in zip(findings, findings[1:], strict=False):
        assert a.end <= b.start


def test_a_name_ends_with_its_sentence() -> None:
    # Deduce's name patterns read across a full stop ('Nathan. Kevin', 'Zeynep. Bank'):
    # the guard cuts a text at sentence ends before Deduce sees it.
    text = "Tristan is de broer van Nathan. Kevin heeft een enkelband. Zorgen over Zeynep. Bank bij de kerk."
    assert [f.text for f in scan(text)] == ["Tristan", "Nathan", "Kevin", "Zeynep"]


def test_a_title_or_initial_keeps_the_name_after_it() -> None:
    # ...but not after a title or an initial, which belong to the name that follows.
    assert [f.text for f in scan("Gesproken met mevr. Pietersen over de groep.")] == ["mevr. Pietersen"]
    assert [f.text for f in scan("Gesproken met J. Pietersen over de groep.")] == ["J. Pietersen"]


def test_scan_many_equals_scan_of_each_text() -> None:
    # The batch skips Deduce for sentences without a name or street word; the findings
    # must be the same as one text at a time.
    rows = guard_eval.load(guard_eval.DEV_SET)
    texts = [" ".join(r["text"] for r in rows[i : i + 3]) for i in range(0, len(rows), 3)]
    texts += ["", "Stationsplein", "Groep van acht jongeren bij de Dorpsstraat 12, harde muziek."]
    batched = scan_many(texts)
    for text, findings in zip(texts, batched, strict=True):
        assert [(f.kind, f.start, f.end) for f in findings] == [(f.kind, f.start, f.end) for f in scan(text)]


def test_empty_text() -> None:
    assert scan("") == []
    assert scan("   \n ") == []


def test_every_kind_has_a_dutch_explanation() -> None:
    assert set(KIND_EXPLANATIONS) == set(KINDS) == set(KIND_LABELS)
    assert "een jongere" in KIND_EXPLANATIONS["name"]
    f = Finding(0, 5, "name", "Kevin")
    assert f.to_dict()["explanation"] == KIND_EXPLANATIONS["name"]


# --- confirmations --------------------------------------------------------------------


def test_filter_confirmed_accepts_dicts_and_tuples() -> None:
    findings = scan("Mo en Jayden stonden bij Kerkweg 3a, bel 06-12345678.")
    assert [f.kind for f in findings] == ["name", "name", "address", "phone"]
    remaining = filter_confirmed(findings, [{"kind": "name", "text": "mo"}, ("address", "Kerkweg  3a")])
    assert [(f.kind, f.text) for f in remaining] == [("name", "Jayden"), ("phone", "06-12345678")]


def test_filter_confirmed_needs_the_same_kind() -> None:
    findings = scan("Jayden stond er ook.")
    assert filter_confirmed(findings, [("address", "Jayden")]) == findings
    assert filter_confirmed(findings, []) == findings


# --- process behaviour ----------------------------------------------------------------


def test_cache_dir_follows_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DEDUCE_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.delenv("DEDUCE_CACHE_DIR")
    assert cache_dir() == REPO / ".cache" / "deduce"


def test_module_imports_without_django_or_deduce() -> None:
    code = "import sys, privacy.guard; assert 'deduce' not in sys.modules and 'django' not in sys.modules"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True)  # noqa: S603


def test_threads_share_one_instance() -> None:
    text = "Kevin de Vries woont op Dorpsstraat 12."
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(found, [text] * 16))
    assert all(r == results[0] for r in results)


def test_cli_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert guard_main(["Bel Kevin op 06-12345678."]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(d["kind"], d["text"]) for d in data] == [("name", "Kevin"), ("phone", "06-12345678")]
    assert data[0]["explanation"] == KIND_EXPLANATIONS["name"]


# --- the classes of issue 16 ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gisteren zag ik piet en zijn broer bij de kade", ["piet"]),  # a word, but cued
        ("ik zag ahmed en nog twee jongens bij de stalling", ["ahmed"]),  # no Dutch word
        ("de zus van kim werkt bij de supermarkt", ["kim"]),
        ("jongens (o.a. kevin en mo) stonden bij de ingang", ["kevin", "mo"]),
        ("sara van de bakker wordt niet meer gezien", ["sara van de bakker"]),
        ("leerplicht heeft kevin van der linden opgeroepen", ["kevin van der linden"]),
    ],
)
def test_lowercase_names(text: str, expected: list[str]) -> None:
    assert [t for k, t in found(text) if k == "name"] == expected


@pytest.mark.parametrize(
    "text",
    [
        "de kim van het verhaal is dat de groep verhuist",  # 'kim' without a person cue
        "we gaan met de bank praten over de schuld",
        "het is een hele klus voor de roos van de wijk",
    ],
)
def test_lowercase_words_that_are_names_need_context(text: str) -> None:
    assert [t for k, t in found(text) if k == "name"] == []


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("Zijn snap is dreamboy_23, via die weg worden afspraken gemaakt.", "dreamboy_23"),
        ("insta: mila_xo_06, volgens school stuurt ze berichten", "mila_xo_06"),
        ("De jongen is op TikTok te vinden als @kleine.saif.", "@kleine.saif"),
        ("Hij zit op snap als 'lil_moe'.", "lil_moe"),
        ("zijn tiktok is mike.slaaptnooit", "mike.slaaptnooit"),
        ("Meisje heeft contact via snap (sweetboy_1999).", "sweetboy_1999"),
    ],
)
def test_handles(text: str, handle: str) -> None:
    assert found(text) == [("handle", handle)]


@pytest.mark.parametrize(
    "text",
    [
        "Ze spreken af via Snapchat en verwijderen de berichten direct.",
        "Snapchat wordt door de groep gebruikt om locaties te delen.",
        "De groep heeft een eigen Instagram-account met filmpjes.",
        "Vragen kunnen naar jongerenwerk@gemeente.nl.",
    ],
)
def test_platforms_without_a_handle_are_not_flagged(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    "phone",
    ["06 123 456 78", "06 - 48 27 19 33", "06.4827.1933", "+31 (0)6 2034 8871", "0 6 1 2 3 4 5 6 7 8"],
)
def test_phone_numbers_with_odd_spacing(phone: str) -> None:
    assert found(f"Bel vader op {phone} als hij weer opduikt.") == [("phone", phone)]


@pytest.mark.parametrize(
    "text",
    [
        "Brand in de container bij de Lidl, brandweer was snel ter plaatse.",
        "Bank bij de speeltuin is opnieuw beklad met graffiti.",
        "Brommer zonder kenteken werd achtergelaten.",
        "Burgemeester heeft een samenscholingsverbod afgekondigd.",
        "Wijkagent is vanavond langs geweest.",
        "Jongerenwerker heeft afspraken gemaakt.",
        "Politie en handhaving surveilleren extra.",
        "Wijkagent",
        "Burgemeester",
        "Brand",
        "Teamchef politie wil de aanpak bespreken.",
    ],
)
def test_sentence_initial_words_and_role_titles_are_not_names(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jordy (15) was de aanstichter.", ["Jordy"]),
        ("Bakker (de oudste) zou de scooters regelen.", ["Bakker"]),
        ('Kees, die ze "de Slager" noemen, heeft een mes laten zien.', ["Kees", "de Slager"]),
        ("J. de Boer (vader) heeft de melding gedaan.", ["J. de Boer"]),
        ("De broer van Rayan is vorige week aangehouden.", ["Rayan"]),
        ("Wijkagent Jansen heeft de jongens weggestuurd.", ["Jansen"]),
    ],
)
def test_names_in_compound_contexts(text: str, expected: list[str]) -> None:
    assert [t for k, t in found(text) if k == "name"] == expected


# --- the labelled test set ------------------------------------------------------------


def test_testset_is_well_formed() -> None:
    dev, heldback = guard_eval.load(guard_eval.DEV_SET), guard_eval.load(guard_eval.HELDBACK_SET)
    assert len(dev) >= 450 and len(heldback) >= 120
    for rows in (dev, heldback):
        clean = sum(1 for r in rows if not r["findings"])
        assert 0.4 <= clean / len(rows) <= 0.6  # about half without personal data
        for r in rows:
            for f in r["findings"]:
                assert f["kind"] in KINDS
                assert f["text"] in r["text"]
    # The held-back part is its own sentences: none of them is in the development part.
    assert not {r["text"] for r in dev} & {r["text"] for r in heldback}
    # Every kind is measured on the held-back part.
    assert {f["kind"] for r in heldback for f in r["findings"]} == set(KINDS)


def test_heldback_part_meets_the_done_when() -> None:
    """Issue 16: on the held-back part recall >= 0.97 for names, BSN, phone and e-mail
    together, >= 0.90 for every other kind, precision >= 0.95 overall; the development
    part no more than 0.02 better (more would be overfitting)."""
    heldback = guard_eval.evaluate(guard_eval.load(guard_eval.HELDBACK_SET))
    dev = guard_eval.evaluate(guard_eval.load(guard_eval.DEV_SET))
    assert guard_eval.shortfalls(heldback, dev) == []


def test_gold_text_is_found_as_a_whole_word() -> None:
    row = {"text": "De moeder van mo belde.", "findings": [{"kind": "name", "text": "mo"}]}
    assert guard_eval.gold_spans(row) == [(14, 16, "name")]
