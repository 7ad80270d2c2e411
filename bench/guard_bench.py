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


def throughput(texts: list[str], rounds: int) -> float:
    """Texts per second over ``rounds`` passes (after the caller warmed up)."""
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            scan(text)
    return len(texts) * rounds / (time.perf_counter() - start)


def rss_mb() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def throughput_batched(texts: list[str], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        scan_many(texts)
    return len(texts) * rounds / (time.perf_counter() - start)


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
    per_second = throughput(texts, args.rounds)
    batched_per_second = throughput_batched(texts, args.rounds)
    # Signals are often a paragraph: the same sentences in blocks of 8.
    paragraphs = [" ".join(texts[i : i + 8]) for i in range(0, len(texts), 8)]
    paragraphs_per_second = throughput(paragraphs, args.rounds)

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
        "texts_per_second_batched": round(batched_per_second, 1),
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
        f"\nThroughput: {per_second:.0f} texts/s one at a time, {batched_per_second:.0f} texts/s batched "
        f"(sentences); {paragraphs_per_second:.0f} paragraphs/s (~{report['avg_paragraph_chars']} chars); "
        "single process, after warm-up."
    )
    print(f"Deduce load: {load_s:.1f} s; process memory: {report['rss_mb']} MB")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nWritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
