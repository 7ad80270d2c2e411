"""Time privacy.log.verify_chain on the database in $DATABASE_URL; print JSON.

Usage: DATABASE_URL=... python bench/chain_bench.py
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groepsaanpak.settings")

import django  # noqa: E402

django.setup()

from privacy.log import verify_chain  # noqa: E402


def main() -> int:
    started = time.perf_counter()
    result = verify_chain()
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "entries": result.checked,
                "ok": result.ok,
                "problem": result.problem,
                "seconds": round(seconds, 2),
                "entries_per_second": round(result.checked / seconds) if seconds else None,
            }
        )
    )
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
