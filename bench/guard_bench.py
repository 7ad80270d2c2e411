"""Benchmark of the privacy guard: precision/recall per kind and throughput.

Usage (from the repository root)::

    python bench/guard_bench.py [--out bench/guard.json] [--rounds 5]

Matching rule: a predicted finding matches a gold finding when the kinds are equal
and the spans overlap. Throughput is measured after warm-up (Deduce loaded, one
pass over the test set), on one thread.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a script, without installing the project

from privacy.guard import KINDS, scan, warm  # noqa: E402

TESTSET = REPO / "privacy" / "guard_testset.jsonl"


def load_testset(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(rows: list[dict[str, Any]]) -> dict[str, dict[str, float | int]]:
    tp_pred: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    tp_gold: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for row in rows:
        text = row["text"]
        gold = []
        for g in row["findings"]:
            start = text.index(g["text"])
            gold.append((start, start + len(g["text"]), g["kind"]))
        pred = scan(text)
        for p in pred:
            n_pred[p.kind] += 1
            tp_pred[p.kind] += any(k == p.kind and s < p.end and p.start < e for s, e, k in gold)
        for s, e, k in gold:
            n_gold[k] += 1
            tp_gold[k] += any(p.kind == k and s < p.end and p.start < e for p in pred)

    def metrics(tpp: int, np_: int, tpg: int, ng: int) -> dict[str, float | int]:
        return {
            "precision": round(tpp / np_, 4) if np_ else 1.0,
            "recall": round(tpg / ng, 4) if ng else 1.0,
            "predicted": np_,
            "gold": ng,
            "false_positives": np_ - tpp,
            "false_negatives": ng - tpg,
        }

    result = {k: metrics(tp_pred[k], n_pred[k], tp_gold[k], n_gold[k]) for k in KINDS}
    result["overall"] = metrics(
        sum(tp_pred.values()), sum(n_pred.values()), sum(tp_gold.values()), sum(n_gold.values())
    )
    return result


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "guard.json")
    parser.add_argument("--testset", type=Path, default=TESTSET)
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the set")
    args = parser.parse_args()

    t0 = time.perf_counter()
    warm()
    load_s = time.perf_counter() - t0

    rows = load_testset(args.testset)
    texts = [r["text"] for r in rows]
    metrics = evaluate(rows)  # also the warm-up pass
    per_second = throughput(texts, args.rounds)
    # Signals are often a paragraph: the same sentences in blocks of 8.
    paragraphs = [" ".join(texts[i : i + 8]) for i in range(0, len(texts), 8)]
    paragraphs_per_second = throughput(paragraphs, args.rounds)

    import deduce  # already loaded by warm(); only for its version

    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "testset": str(args.testset.relative_to(REPO)),
        "sentences": len(rows),
        "sentences_without_personal_data": sum(1 for r in rows if not r["findings"]),
        "metrics": metrics,
        "texts_per_second": round(per_second, 1),
        "paragraphs_per_second": round(paragraphs_per_second, 1),
        "avg_paragraph_chars": round(sum(map(len, paragraphs)) / len(paragraphs)),
        "deduce_load_seconds": round(load_s, 2),
        "rss_mb": rss_mb(),
        "deduce_version": deduce.__version__,
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
    }

    print(f"Privacy guard benchmark, {report['date']} ({len(rows)} sentences)\n")
    print("| kind | precision | recall | predicted | gold |")
    print("|---|---:|---:|---:|---:|")
    for kind in (*KINDS, "overall"):
        m = metrics[kind]
        print(f"| {kind} | {m['precision']:.3f} | {m['recall']:.3f} | {m['predicted']} | {m['gold']} |")
    print(
        f"\nThroughput: {per_second:.0f} texts/s (sentences), "
        f"{paragraphs_per_second:.0f} paragraphs/s (~{report['avg_paragraph_chars']} chars), "
        f"one thread, after warm-up."
    )
    print(f"Deduce load: {load_s:.1f} s; process memory: {report['rss_mb']} MB")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nWritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
