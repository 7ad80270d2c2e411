"""Back up and restore an installation: the database, the uploaded files and the log
checkpoints, in one archive (`manage.py backup` / `manage.py restore`, docs/deploy.md).

The archive is a tar file with a manifest (`manifest.json`: format, database engine, the
migrations applied, a SHA-256 per member) and:

- `database.sqlite3` — SQLite, copied with SQLite's online backup API (a consistent
  snapshot while the application keeps running), or
- `database.dump` — PostgreSQL, `pg_dump --format=custom` (one consistent snapshot);
- `checkpoints/…` — the signed checkpoints of the logs (LOG_CHECKPOINT_DIR), copied *before*
  the database: every checkpoint then names a log line the dump holds, so the restored log
  verifies (a checkpoint beyond the head would read as a cut-off log);
- `media/…` — MEDIA_ROOT (uploaded files), copied *after* the database: a file is written
  before the row that names it commits, so every file the dump refers to is in the archive.

The key of the log chain (LOG_CHAIN_KEY) is not in the archive: keep it apart (docs/deploy.md);
the restored log verifies only with the same key.

Restoring goes into an *empty* database (no tables: a new database, never over live data)
and refuses files that would overwrite different ones. It checks every member against the
manifest first, so a damaged archive changes nothing. The archive holds personal data:
it is written readable for its owner only; where it is kept and how it is encrypted is the
operator's part (docs/deploy.md)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # pg_dump/pg_restore: fixed argument lists, no shell
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.dump"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is for the operator (Dutch)."""


@dataclass
class Report:
    path: Path
    engine: str
    files: dict[str, int] = field(default_factory=dict)  # "media"/"checkpoints" -> count
    migrations: int = 0


def _engine(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Databasetype {vendor} wordt niet ondersteund (alleen SQLite en PostgreSQL).")
    return vendor


def file_dirs() -> dict[str, Path]:
    """The directories that belong in a backup beside the database, checkpoints first."""
    dirs = {}
    checkpoints = getattr(settings, "LOG_CHECKPOINT_DIR", None)
    if checkpoints:
        dirs["checkpoints"] = Path(checkpoints)
    dirs["media"] = Path(settings.MEDIA_ROOT)
    return dirs


def _files(directory: Path, name: str, staging: Path) -> dict[str, Path]:
    """The files below `directory` as archive members; copied into `staging` now, so what is
    archived is what was there at this moment."""
    members = {}
    if directory.is_dir():
        for file in sorted(p for p in directory.rglob("*") if p.is_file()):
            member = f"{name}/{file.relative_to(directory).as_posix()}"
            copy = staging / member
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, copy)
            members[member] = copy
    return members


def _pg_env(alias: str) -> dict[str, str]:
    """libpq's environment for pg_dump/pg_restore: the password never appears in argv."""
    s = connections[alias].settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if s.get(key):
            env[var] = str(s[key])
    if (s.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = s["OPTIONS"]["sslmode"]
    env["PGDATABASE"] = s["NAME"]
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    if not shutil.which(args[0]):
        raise BackupError(f"{args[0]} is niet gevonden; installeer de PostgreSQL-clienttools.")
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        raise BackupError(f"{args[0]} mislukte: {result.stderr.strip()[-2000:]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _applied_migrations(alias: str) -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connections[alias]).applied_migrations())


def backup(path: str | Path, *, alias: str = "default") -> Report:
    target = Path(path)
    engine = _engine(alias)
    if target.exists():
        raise BackupError(
            f"{target} bestaat al; kies een nieuwe naam (een back-up wordt nooit overschreven)."
        )
    if not target.parent.is_dir():
        raise BackupError(f"De map {target.parent} bestaat niet.")
    report = Report(path=target, engine=engine)
    with tempfile.TemporaryDirectory(prefix="ga-backup-") as tmp:
        staging = Path(tmp)
        dirs = file_dirs()
        members: dict[str, Path] = {}
        if "checkpoints" in dirs:  # before the database, see the module docstring
            members |= _files(dirs["checkpoints"], "checkpoints", staging)
        if engine == "sqlite":
            member = SQLITE_MEMBER
            connection = connections[alias]
            connection.ensure_connection()
            dest = sqlite3.connect(staging / member)
            try:
                connection.connection.backup(dest)
            finally:
                dest.close()
        else:
            member = POSTGRES_MEMBER
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={staging / member}"],
                _pg_env(alias),
            )
        report.migrations = len(_applied_migrations(alias))
        members[member] = staging / member
        members |= _files(dirs["media"], "media", staging)  # after the database
        for name in dirs:
            report.files[name] = sum(1 for m in members if m.startswith(f"{name}/"))
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created": datetime.now(UTC).isoformat(),
            "migrations": _applied_migrations(alias),
            "members": {name: _sha256(file) for name, file in members.items()},
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=1))
        partial = target.with_name(f".{target.name}.partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # personal data: owner only
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(staging / "manifest.json", arcname="manifest.json")
                for name, file in members.items():
                    tar.add(file, arcname=name, recursive=False)
            partial.rename(target)  # a reader never sees half an archive
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return report


def _database_is_empty(alias: str) -> bool:
    return not connections[alias].introspection.table_names()


def restore(path: str | Path, *, alias: str = "default") -> Report:
    source = Path(path)
    engine = _engine(alias)
    if not source.is_file():
        raise BackupError(f"{source} is geen bestand.")
    with tempfile.TemporaryDirectory(prefix="ga-restore-") as tmp:
        staging = Path(tmp)
        try:
            with tarfile.open(source, mode="r:gz") as tar:
                tar.extractall(staging, filter="data")  # no absolute paths, no '..', no links out
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"{source} is geen leesbare back-up: {exc}") from exc
        try:
            manifest = json.loads((staging / "manifest.json").read_text())
        except (OSError, ValueError) as exc:
            raise BackupError(f"{source} heeft geen geldig manifest.json.") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Onbekend back-upformaat {manifest.get('format')!r}.")
        if manifest.get("engine") != engine:
            raise BackupError(
                f"Deze back-up is van {manifest.get('engine')}; de database is {engine}. "
                "Zet terug in een database van hetzelfde type."
            )
        for name, digest in manifest["members"].items():  # everything checked before anything changes
            file = staging / name
            if not file.is_file() or _sha256(file) != digest:
                raise BackupError(f"{name} in de back-up is beschadigd of ontbreekt; er is niets teruggezet.")
        if not _database_is_empty(alias):
            raise BackupError(
                "De database is niet leeg. Zet een back-up alleen terug in een nieuwe, lege database "
                "(er is niets veranderd)."
            )
        dirs = file_dirs()
        copies: list[tuple[str, Path, Path]] = []
        for name in manifest["members"]:
            kind, _, rel = name.partition("/")
            if kind not in ("media", "checkpoints") or not rel:
                continue
            if kind not in dirs:
                raise BackupError(
                    "De back-up bevat logcheckpoints, maar LOG_CHECKPOINT_DIR is niet ingesteld; "
                    "stel die eerst in (er is niets veranderd)."
                )
            dest = dirs[kind] / rel
            if dest.exists() and _sha256(dest) != manifest["members"][name]:
                raise BackupError(f"{dest} bestaat al met een andere inhoud; er is niets veranderd.")
            copies.append((kind, staging / name, dest))

        report = Report(path=source, engine=engine)
        if engine == "sqlite":
            src = sqlite3.connect(staging / SQLITE_MEMBER)
            connection = connections[alias]
            connection.ensure_connection()
            try:
                src.backup(connection.connection)
            finally:
                src.close()
        else:
            connections[alias].close()  # pg_restore works in its own session
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    f"--dbname={connections[alias].settings_dict['NAME']}",
                    str(staging / POSTGRES_MEMBER),
                ],
                _pg_env(alias),
            )
        for kind, src_file, dest in copies:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src_file, dest)
            report.files[kind] = report.files.get(kind, 0) + 1
        report.migrations = len(manifest["migrations"])
    return report
