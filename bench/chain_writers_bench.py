"""Append to the processing log from several processes at once, then verify the chain;
print JSON (issue 14: appends under 8 concurrent writers, one chain, nothing lost).

Each writer is its own process with its own database connection and writes ENTRIES
entries, each in its own transaction, through privacy.log.write (the same path a page
uses). Afterwards the chain must verify and hold exactly the entries written.

Usage: DATABASE_URL=... python bench/chain_writers_bench.py [--writers 8] [--entries 250]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groepsaanpak.settings")


def _setup():
    import django

    django.setup()


def _writer(args) -> list[float]:
    actor_id, entries = args
    _setup()
    from django.db import transaction

    from accounts.models import User
    from privacy import log

    actor = User.objects.get(pk=actor_id)
    latencies = []
    for _ in range(entries):
        started = time.perf_counter()
        with transaction.atomic():
            log.write(actor, "name_list.add", [str(uuid.uuid4())])
        latencies.append(time.perf_counter() - started)
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--entries", type=int, default=250)
    args = parser.parse_args()
    _setup()
    from django.db import connection

    from accounts.models import User
    from privacy.log import verify_chain
    from privacy.models import ProcessingLogEntry

    actor = User.objects.filter(is_active=True).order_by("pk").first()
    if actor is None:
        print(json.dumps({"error": "no user in this database"}))
        return 1
    before = ProcessingLogEntry.objects.count()
    connection.close()  # not shared with the forked writers
    started = time.perf_counter()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(args.writers) as pool:
        results = pool.map(_writer, [(actor.pk, args.entries)] * args.writers)
    seconds = time.perf_counter() - started
    latencies = sorted(x for r in results for x in r)
    written = ProcessingLogEntry.objects.count() - before
    verified = verify_chain()
    print(
        json.dumps(
            {
                "writers": args.writers,
                "entries": written,
                "expected": args.writers * args.entries,
                "seconds": round(seconds, 2),
                "entries_per_second": round(written / seconds) if seconds else None,
                "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
                "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 1),
                "chain_ok": verified.ok,
                "problem": verified.problem,
            }
        )
    )
    return 0 if verified.ok and written == args.writers * args.entries else 1


if __name__ == "__main__":
    sys.exit(main())
