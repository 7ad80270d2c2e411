"""Benchmark of the privacy guard: precision/recall per kind and throughput.

Usage (from the repository root)::

    python bench/guard_bench.py [--out bench/guard.json] [--rounds 5]

Scores both parts of the labelled set (privacy/guard_eval.py): the development part,
which rules may be tuned on, and the held-back part, which they never are; a gap
between the two is overfitting. Matching rule: a predicted finding matches a gold
finding when the kinds are equal and the spans overlap. Throughput is measured after
warm-up (Deduce loaded, one pass over the set), single process, one text per call
(``scan``) and batched (``scan_many``, as the CSV import calls it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a script, without installing the project

from privacy import guard_eval  # noqa: E402
from privacy.guard import KINDS, scan, scan_many, warm  # noqa: E402


def _rates(n: int, run: Any) -> tuple[float, float]:
    """(texts per wall-clock second, texts per CPU second of this process) for ``run()``
    handling ``n`` texts. CPU seconds are what a busy shared machine distorts least."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return n / (time.perf_counter() - wall), n / (time.process_time() - cpu)


def throughput(texts: list[str], rounds: int) -> tuple[float, float]:
    """One ``scan()`` per text, ``rounds`` passes (after the caller warmed up)."""
    return _rates(len(texts) * rounds, lambda: [scan(t) for _ in range(rounds) for t in texts])


def throughput_batched(texts: list[str], rounds: int) -> tuple[float, float]:
    """``scan_many()`` over all texts, ``rounds`` passes."""
    return _rates(len(texts) * rounds, lambda: [scan_many(texts) for _ in range(rounds)])


def rss_mb() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def csv_import_cpu(texts: list[str], target_bytes: int = 1_000_000) -> dict[str, Any]:
    """CPU seconds to read a ~1 MB signal CSV in the import (intake.services.parse_csv:
    validation plus the privacy guard on every description, location and area), batched
    as the import does it, and one scan per cell as it did before issue 16."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groepsaanpak.settings")
    import django

    django.setup()
    from intake import services

    header = (
        "datum;locatie;wijk;categorieen;groepsgrootte;leeftijd_van;leeftijd_tot;bron;impact;omschrijving\n"
    )
    lines, size, i = [], len(header), 0
    while size < target_bytes:
        # Every description different (the import scans each distinct text once).
        description = f"Melding {i // 4 + 1}: " + " ".join(texts[(i + k * 17) % len(texts)] for k in range(4))
        description = description.replace(";", ",").replace("\n", " ")
        line = (
            f"2026-11-01 22:00;Stationsplein;Centrum;overlast;8;15;17;politiemelding;middel;{description}\n"
        )
        lines.append(line)
        size += len(line.encode())
        i += 4
    data = (header + "".join(lines)).encode()
    rows_allowed = services.MAX_ROWS
    services.MAX_ROWS = max(rows_allowed, len(lines))
    try:
        cpu = time.process_time()
        rows, _errors = services.parse_csv(data)
        batched = time.process_time() - cpu
        cells = [r.values[name] for r in rows for name in services.IMPORT_GUARDED.values()]
        cpu = time.process_time()
        for cell in cells:
            scan(cell)
        per_cell = time.process_time() - cpu
    finally:
        services.MAX_ROWS = rows_allowed
    return {
        "bytes": len(data),
        "rows": len(rows),
        "cpu_seconds": round(batched, 2),
        "cpu_seconds_one_scan_per_cell": round(per_cell, 2),
    }


def print_table(title: str, metrics: dict[str, dict[str, Any]]) -> None:
    print(f"\n{title}\n")
    print("| kind | precision | recall | predicted | gold |")
    print("|---|---:|---:|---:|---:|")
    for kind in (*KINDS, "core", "overall"):
        m = metrics[kind]
        print(f"| {kind} | {m['precision']:.3f} | {m['recall']:.3f} | {m['predicted']} | {m['gold']} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "guard.json")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the set")
    args = parser.parse_args()

    t0 = time.perf_counter()
    warm()
    load_s = time.perf_counter() - t0

    parts = {name: guard_eval.load(path) for name, path in guard_eval.PARTS.items()}
    metrics = {name: guard_eval.evaluate(rows) for name, rows in parts.items()}  # also the warm-up
    shortfalls = guard_eval.shortfalls(metrics["heldback"], metrics["dev"])
    texts = [r["text"] for rows in parts.values() for r in rows]
    per_second, per_cpu_second = throughput(texts, args.rounds)
    batched_per_second, batched_per_cpu_second = throughput_batched(texts, args.rounds)
    # Signals are often a paragraph: the same sentences in blocks of 8.
    paragraphs = [" ".join(texts[i : i + 8]) for i in range(0, len(texts), 8)]
    paragraphs_per_second, _ = throughput(paragraphs, args.rounds)

    csv_import = csv_import_cpu(texts)

    import deduce  # already loaded by warm(); only for its version

    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "parts": {
            name: {
                "testset": str(guard_eval.PARTS[name].relative_to(REPO)),
                "sentences": len(rows),
                "sentences_without_personal_data": sum(1 for r in rows if not r["findings"]),
                "metrics": metrics[name],
            }
            for name, rows in parts.items()
        },
        "done_when_shortfalls": shortfalls,
        "texts_per_second": round(per_second, 1),
        "texts_per_cpu_second": round(per_cpu_second, 1),
        "texts_per_second_batched": round(batched_per_second, 1),
        "texts_per_cpu_second_batched": round(batched_per_cpu_second, 1),
        "load_average": os.getloadavg()[0],
        "csv_import": csv_import,
        "paragraphs_per_second": round(paragraphs_per_second, 1),
        "avg_paragraph_chars": round(sum(map(len, paragraphs)) / len(paragraphs)),
        "deduce_load_seconds": round(load_s, 2),
        "rss_mb": rss_mb(),
        "deduce_version": deduce.__version__,
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
    }

    print(f"Privacy guard benchmark, {report['date']}")
    for name, rows in parts.items():
        print_table(f"{name} part ({len(rows)} sentences, {guard_eval.PARTS[name].name})", metrics[name])
    print(
        "\nDone-when on the held-back part: "
        + ("met" if not shortfalls else "NOT met: " + "; ".join(shortfalls))
    )
    print(
        f"\nThroughput (single process, after warm-up; load average {report['load_average']:.1f}):\n"
        f"  one text per call: {per_second:.0f} texts/s ({per_cpu_second:.0f} per CPU second)\n"
        f"  batched (scan_many): {batched_per_second:.0f} texts/s ({batched_per_cpu_second:.0f} per CPU second)\n"
        f"  paragraphs: {paragraphs_per_second:.0f}/s (~{report['avg_paragraph_chars']} chars)"
    )
    print(
        f"CSV import of {csv_import['bytes'] / 1e6:.1f} MB ({csv_import['rows']} rows): "
        f"{csv_import['cpu_seconds']} s CPU (the guard batched; one scan per cell would take "
        f"{csv_import['cpu_seconds_one_scan_per_cell']} s for the guard alone)"
    )
    print(f"Deduce load: {load_s:.1f} s; process memory: {report['rss_mb']} MB")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nWritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
