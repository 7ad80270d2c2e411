"""Text search over signals (location, description, area) for the search box.

The match is `icontains` on the three columns, on every database. On PostgreSQL a trigram
GIN index serves it (migration 0003). SQLite has no index for `LIKE '%…%'`, so without
help every search reads every signal of the municipality (~350 ms at 100,000 signals;
bench/RESULTS.md, issue 8). There an FTS5 table with the trigram tokenizer
(`intake_signal_fts`, external content, kept up to date by triggers; migration 0004)
first lists the rows that contain every trigram of the term (up to FTS_MAX_IDS), and the
same `icontains` then decides among them. The trigram match folds case at least as widely as SQLite's
LIKE (ASCII only) and is otherwise exact, so it never drops a row LIKE would find: the
results are the same rows, in the same order, as without the index
(intake/tests/test_search.py compares both paths).

Terms shorter than three characters have no trigram; they, and a database whose FTS
table or triggers are missing (e.g. a later table rebuild dropped the triggers before
`post_migrate` restored them), take the plain scan.
"""

# ruff: noqa: S608 - fixed table and trigger names only; the search term is a bound parameter.
from __future__ import annotations

from django.db import connections
from django.db.models import Q, QuerySet

FTS_TABLE = "intake_signal_fts"
TRIGGERS = ("intake_signal_fts_ai", "intake_signal_fts_ad", "intake_signal_fts_au")

INSTALL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "location, description, area, content='intake_signal', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS intake_signal_fts_ai AFTER INSERT ON intake_signal BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, location, description, area) "
    "VALUES (new.id, new.location, new.description, new.area); END",
    f"CREATE TRIGGER IF NOT EXISTS intake_signal_fts_ad AFTER DELETE ON intake_signal BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, location, description, area) "
    "VALUES ('delete', old.id, old.location, old.description, old.area); END",
    f"CREATE TRIGGER IF NOT EXISTS intake_signal_fts_au AFTER UPDATE OF location, description, area "
    f"ON intake_signal BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, location, description, area) "
    "VALUES ('delete', old.id, old.location, old.description, old.area); "
    f"INSERT INTO {FTS_TABLE}(rowid, location, description, area) "
    "VALUES (new.id, new.location, new.description, new.area); END",
]
REBUILD = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"
UNINSTALL = [*(f"DROP TRIGGER IF EXISTS {t}" for t in TRIGGERS), f"DROP TABLE IF EXISTS {FTS_TABLE}"]

FTS_MAX_IDS = 500
_ready: dict[str, bool] = {}  # per database alias: FTS table and all triggers present


def fts_installed(cursor) -> bool:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE (type = 'table' AND name = %s) OR "
        "(type = 'trigger' AND name IN (%s, %s, %s))",
        [FTS_TABLE, *TRIGGERS],
    )
    return len(cursor.fetchall()) == 1 + len(TRIGGERS)


def install(connection, *, rebuild: bool = True) -> None:
    """Create the FTS table and triggers (SQLite only; idempotent) and fill the index."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for sql in INSTALL:
            cursor.execute(sql)
        if rebuild:
            cursor.execute(REBUILD)
    _ready.pop(connection.alias, None)


def ensure_installed(using: str = "default", **kwargs) -> None:
    """post_migrate: Django rebuilds a SQLite table on some schema changes, which drops its
    triggers; put them back (and rebuild the index) when any is missing."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'intake_signal'")
        if cursor.fetchone() is None:
            return
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE])
        if cursor.fetchone() is None:
            return  # migration 0004 not applied (yet): it installs
        if fts_installed(cursor):
            return
    install(connection)


def _use_fts(alias: str) -> bool:
    if alias not in _ready:
        with connections[alias].cursor() as cursor:
            _ready[alias] = fts_installed(cursor)
    return _ready[alias]


def _phrase(term: str) -> str:
    """The term as one FTS5 string (a phrase of its trigrams)."""
    return '"' + term.replace('"', '""') + '"'


def text_matches(qs: QuerySet, term: str) -> QuerySet:
    """Signals of qs whose location, description or area contains term (case-insensitive,
    as `icontains`)."""
    qs = qs.filter(Q(location__icontains=term) | Q(description__icontains=term) | Q(area__icontains=term))
    if connections[qs.db].vendor == "sqlite" and len(term) >= 3 and _use_fts(qs.db):
        # The candidates first, as a list: given `id IN (SELECT … MATCH …)` SQLite still
        # walks the municipality index over every signal and probes the list per row. A
        # list of ids is looked up by primary key. A common term (more than FTS_MAX_IDS
        # candidates) keeps the plain path: its matches are dense, so the newest 20 are
        # found early in the index by date anyway.
        with connections[qs.db].cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s",
                [_phrase(term), FTS_MAX_IDS + 1],
            )
            ids = [row[0] for row in cursor.fetchall()]
        if len(ids) <= FTS_MAX_IDS:
            qs = qs.filter(pk__in=ids)
    return qs
