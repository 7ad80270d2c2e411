"""The signal text search (intake/search.py): on SQLite narrowed by the FTS5 trigram
index, with exactly the rows and order of the plain `icontains` scan."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake import search
from intake.models import Signal
from tests.factories import SignalFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXTS = [
    ("Marktplein, bij de snackbar", "Groep van ongeveer tien jongeren, harde muziek.", "Centrum"),
    ("Kade 12", "Scooters en HARDE muziek tot laat.", "Noord"),
    ("Café de Hoek", "Jongeren hangen bij het café; CAFÉ-eigenaar belt.", "Oude Wijk"),
    ("Stationsplein", 'Iemand riep "weg hier" naar voorbijgangers.', "Stationsgebied"),
    ("Skatebaan", "100% zeker dezelfde groep_als gisteren.", ""),
    ("Parkeergarage P2", "Vernieling aan de slagboom; straße-graffiti.", "Zuid"),
    ("Winkelcentrum Zuid", "Winkeldiefstal door meerdere jongeren.", "Zuid"),
    ("Buurthuis", "Onrustige sfeer, bewoners maken zich zorgen.", "West"),
]
TERMS = [
    "muziek", "MUZIEK", "Muz", "harde muziek", "jongeren", "café", "CAFÉ", "Café", "cafe",
    '"weg hier"', '"weg', "100%", "groep_als", "_als", "%", "straße", "STRASSE", "zuid", "uid",
    "Zu", "de", "xyz", "sfeer, bewoners", "ë", "p2", "  ", "OR", "NEAR(a b)", "*", "a*b", "-",
]  # fmt: skip


@pytest.fixture
def signals(world):
    reporter = UserFactory(organisation=world.orgs["politie"])
    made = []
    for i, (location, description, area) in enumerate(TEXTS * 3):
        made.append(
            SignalFactory(
                reported_by=reporter,
                location=location,
                description=description,
                area=area,
                observed_at=timezone.now() - timedelta(hours=i),
            )
        )
    return made


def scan(term):
    return Signal.objects.filter(
        Q(location__icontains=term) | Q(description__icontains=term) | Q(area__icontains=term)
    )


@pytest.mark.parametrize("max_ids", [500, 2])  # 2: common terms take the plain path
@pytest.mark.parametrize("term", TERMS)
def test_same_rows_and_order_as_the_plain_scan(signals, term, max_ids, monkeypatch):
    monkeypatch.setattr(search, "FTS_MAX_IDS", max_ids)
    expected = list(scan(term).values_list("pk", flat=True))
    assert list(search.text_matches(Signal.objects.all(), term).values_list("pk", flat=True)) == expected
    assert list(search.text_matches(Signal.objects.all(), term)[:5]) == list(scan(term)[:5])


def test_the_index_follows_inserts_updates_and_deletes(signals):
    first, second = signals[0], signals[1]
    Signal.objects.filter(pk=first.pk).update(description="Nu over een brommer.")
    second.delete()
    SignalFactory(reported_by=signals[2].reported_by, location="Brommerstalling")
    for term in ("brommer", "muziek", "Marktplein", "Brommerstalling"):
        expected = list(scan(term).values_list("pk", flat=True))
        assert list(search.text_matches(Signal.objects.all(), term).values_list("pk", flat=True)) == expected
    assert first.pk in scan("brommer").values_list("pk", flat=True)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index exists only on SQLite")
def test_sqlite_uses_the_index_for_terms_of_three_characters_or_more(signals):
    with CaptureQueriesContext(connection) as ctx:
        found = list(search.text_matches(Signal.objects.all(), "muziek"))
    assert len(found) == 6
    assert "MATCH" in ctx.captured_queries[0]["sql"]
    assert '"intake_signal"."id" IN (' in ctx.captured_queries[-1]["sql"]
    with CaptureQueriesContext(connection) as ctx:
        list(search.text_matches(Signal.objects.all(), "mu"))
    assert len(ctx.captured_queries) == 1 and "MATCH" not in ctx.captured_queries[0]["sql"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index exists only on SQLite")
def test_missing_triggers_are_restored_after_migrate(signals):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER intake_signal_fts_ai")
    search._ready.clear()
    assert list(search.text_matches(Signal.objects.all(), "muziek")) == list(scan("muziek"))  # plain scan
    search.ensure_installed()
    search._ready.clear()
    SignalFactory(reported_by=signals[0].reported_by, description="Weer harde muziek.")
    assert list(search.text_matches(Signal.objects.all(), "muziek")) == list(scan("muziek"))
    with connection.cursor() as cursor:
        assert search.fts_installed(cursor)


def test_search_page_lists_the_same_signals(world, verified_client, signals):
    client = verified_client(world.regisseur)
    response = client.get("/zoeken/", {"q": "muziek"})
    assert response.status_code == 200
    shown = [s.pk for s in response.context["results"]["signals"]]
    assert shown == list(scan("muziek").values_list("pk", flat=True)[:20])
