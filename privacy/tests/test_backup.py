"""`manage.py backup` and `restore` (issue 15): a seeded installation, backed up and restored
into an empty database, shows the same pages, keeps its files and its processing log
verifies. Runs on the database of the run: SQLite in `make test`, PostgreSQL when
DATABASE_URL says so (.ci/run's second stage)."""

import difflib
import io
import re
import shutil
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings

from cases.models import Case
from groups.models import Person
from privacy import log
from privacy.models import MatrixItem, ProcessingLogEntry
from privacy.reference import load_reference_data

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "demo-Groepsaanpak-2026"
VOLATILE = re.compile(
    rb'(name="csrfmiddlewaretoken" value="|name="csrf-token" content="|"X-CSRFToken": ")[^"]*"'
)


def _pages() -> dict[str, bytes]:
    client = Client()  # a new browser each time
    client.post("/inloggen/", {"username": "regisseur", "password": PASSWORD})
    urls = ["/", "/groepen/", "/signalen/"]
    urls += [f"/casussen/{pk}/" for pk in Case.objects.order_by("pk").values_list("pk", flat=True)]
    urls += [
        f"/groepen/personen/{pk}/" for pk in Person.objects.order_by("pk").values_list("pk", flat=True)[:5]
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = VOLATILE.sub(rb"\1\"", response.content)
    return pages


def _empty_the_database():
    """What a new database looks like: no tables at all."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names():
                cursor.execute(f'DROP TABLE IF EXISTS "{table}"')  # noqa: S608 - names from the introspection
            cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


@pytest.fixture
def installation(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LOG_CHECKPOINT_DIR = tmp_path / "checkpoints"
    if not MatrixItem.objects.exists():  # flushed by an earlier transactional test
        load_reference_data()
    call_command("demo", stdout=io.StringIO())
    (tmp_path / "media" / "requests" / "2026").mkdir(parents=True)
    (tmp_path / "media" / "requests" / "2026" / "rapport.pdf").write_bytes(b"%PDF-1.7 test\n")
    call_command("checkpoint_processing_log", stdout=io.StringIO())  # signed checkpoints of the logs
    assert any((tmp_path / "checkpoints").iterdir())
    yield tmp_path
    log.grant_purge_permit()  # let the transactional teardown flush the append-only log


@override_settings(DEMO_MODE=True)
def test_a_backup_restored_into_an_empty_database_shows_the_same_pages(installation):
    before = _pages()
    log_rows = ProcessingLogEntry.objects.count()
    checkpoints = {p.name: p.read_bytes() for p in (installation / "checkpoints").iterdir()}
    archive = installation / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert archive.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only

    _empty_the_database()
    shutil.rmtree(installation / "media")
    shutil.rmtree(installation / "checkpoints")
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert "Verwerkingslog intact" in out.getvalue()
    assert ProcessingLogEntry.objects.count() == log_rows
    assert (installation / "media" / "requests" / "2026" / "rapport.pdf").read_bytes() == b"%PDF-1.7 test\n"
    assert {p.name: p.read_bytes() for p in (installation / "checkpoints").iterdir()} == checkpoints
    after = _pages()
    assert after.keys() == before.keys()
    for url in before:  # on a difference, show the lines that differ
        diff = difflib.unified_diff(before[url].decode().splitlines(), after[url].decode().splitlines(), n=0)
        assert before[url] == after[url], (url, "\n".join(list(diff)[:40]))
    call_command("verify_processing_log", stdout=io.StringIO())


def test_restore_refuses_a_database_that_is_not_empty(installation):
    archive = installation / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    cases = Case.objects.count()
    Case.objects.order_by("pk").first().delete()

    with pytest.raises(CommandError, match="De database is niet leeg"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Case.objects.count() == cases - 1  # nothing restored over live data


def test_backup_never_overwrites_an_archive(installation):
    archive = installation / "backup.tar.gz"
    archive.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="bestaat al"):
        call_command("backup", str(archive), stdout=io.StringIO())
    assert archive.read_bytes() == b"an older backup"


def test_a_damaged_archive_changes_nothing(installation):
    archive = installation / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    # Rewrite the archive with one uploaded file altered; the manifest still names the old digest.
    damaged = installation / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("media/"):
                data = b"tampered"
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    _empty_the_database()
    shutil.rmtree(installation / "media")

    with pytest.raises(CommandError, match="beschadigd"):
        call_command("restore", str(damaged), stdout=io.StringIO())
    assert connection.introspection.table_names() == []
    assert not (installation / "media").exists()
    call_command("restore", str(archive), stdout=io.StringIO())  # the good archive still restores
