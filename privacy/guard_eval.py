"""Scoring the privacy guard on its labelled set (pure Python, used by the benchmark
and the tests).

The set has two parts: ``guard_testset.jsonl`` (development: rules may be tuned on it)
and ``guard_testset_heldback.jsonl`` (held back: written before the rules it measures
were changed, and never used to tune them). A gap between the two is overfitting.

Matching rule: a predicted finding matches a gold finding when the kinds are equal and
the spans overlap. A gold text is located as a whole word (the first such occurrence),
so 'mo' is not found inside 'moeder'.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from .guard import KINDS, Finding, scan_many

HERE = Path(__file__).resolve().parent
DEV_SET = HERE / "guard_testset.jsonl"
HELDBACK_SET = HERE / "guard_testset_heldback.jsonl"
PARTS = {"dev": DEV_SET, "heldback": HELDBACK_SET}

# Kinds that must reach the strictest recall together (issue 16): the ones that point at
# one person on their own.
CORE_KINDS: tuple[str, ...] = ("name", "bsn", "phone", "email")


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def gold_spans(row: dict[str, Any]) -> list[tuple[int, int, str]]:
    text = row["text"]
    spans = []
    for g in row["findings"]:
        m = re.search(r"(?<!\w)" + re.escape(g["text"]) + r"(?!\w)", text)
        start = m.start() if m else text.index(g["text"])
        spans.append((start, start + len(g["text"]), g["kind"]))
    return spans


def _metrics(tpp: int, np_: int, tpg: int, ng: int) -> dict[str, float | int]:
    return {
        "precision": round(tpp / np_, 4) if np_ else 1.0,
        "recall": round(tpg / ng, 4) if ng else 1.0,
        "predicted": np_,
        "gold": ng,
        "false_positives": np_ - tpp,
        "false_negatives": ng - tpg,
    }


def evaluate(
    rows: Sequence[dict[str, Any]],
    predict: Callable[[list[str]], Iterable[Sequence[Finding]]] = scan_many,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, dict[str, float | int]]:
    """Precision and recall per kind, for the core kinds together and overall. Misses
    and false alarms are appended to ``errors`` when given."""
    tp_pred: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    tp_gold: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    predictions = predict([r["text"] for r in rows])
    for row, pred in zip(rows, predictions, strict=True):
        gold = gold_spans(row)
        for p in pred:
            n_pred[p.kind] += 1
            hit = any(k == p.kind and s < p.end and p.start < e for s, e, k in gold)
            tp_pred[p.kind] += hit
            if not hit and errors is not None:
                errors.append({"error": "false_alarm", "kind": p.kind, "span": p.text, "text": row["text"]})
        for s, e, k in gold:
            n_gold[k] += 1
            hit = any(p.kind == k and s < p.end and p.start < e for p in pred)
            tp_gold[k] += hit
            if not hit and errors is not None:
                errors.append({"error": "missed", "kind": k, "span": row["text"][s:e], "text": row["text"]})

    result = {k: _metrics(tp_pred[k], n_pred[k], tp_gold[k], n_gold[k]) for k in KINDS}

    def total(kinds: Iterable[str]) -> dict[str, float | int]:
        kinds = list(kinds)
        return _metrics(*(sum(c[k] for k in kinds) for c in (tp_pred, n_pred, tp_gold, n_gold)))

    result["core"] = total(CORE_KINDS)
    result["overall"] = total(KINDS)
    return result


# Done-when of issue 16, checked on the held-back part (privacy/tests/test_guard.py).
THRESHOLDS = {"core_recall": 0.97, "other_recall": 0.90, "overall_precision": 0.95, "max_gap": 0.02}


def shortfalls(heldback: dict[str, dict[str, Any]], dev: dict[str, dict[str, Any]]) -> list[str]:
    """What keeps the measured figures from the done-when; empty when they all pass."""
    out = []
    if heldback["core"]["recall"] < THRESHOLDS["core_recall"]:
        out.append(f"core recall {heldback['core']['recall']} < {THRESHOLDS['core_recall']}")
    for kind in KINDS:
        if (
            kind not in CORE_KINDS
            and heldback[kind]["gold"]
            and heldback[kind]["recall"] < THRESHOLDS["other_recall"]
        ):
            out.append(f"{kind} recall {heldback[kind]['recall']} < {THRESHOLDS['other_recall']}")
    if heldback["overall"]["precision"] < THRESHOLDS["overall_precision"]:
        out.append(f"precision {heldback['overall']['precision']} < {THRESHOLDS['overall_precision']}")
    for measure, group in (("recall", "core"), ("precision", "overall"), ("recall", "overall")):
        gap = dev[group][measure] - heldback[group][measure]
        if gap > THRESHOLDS["max_gap"]:
            out.append(f"{group} {measure}: development part {gap:.3f} better than held-back")
    return out
