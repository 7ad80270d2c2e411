"""The document benchmark of `make bench` (issue 20): the plan of approach of a city-scale
case as PDF (and Word), through the same use case as the download button
(cases.case_documents.produce: access, gate, composition, layout, export log). Target: the
PDF in at most 2 s on the project machine (2 cores), median of the warm runs.

Builds a fresh SQLite database in .cache/bench/documents.sqlite3 (or uses $DATABASE_URL)
with the demo, then gives the demo's step-6 case a plan of approach four times the largest
that `generate_load_data --scale city` makes (8–14 measures, 2–3 results, one scenario):
MEASURES measures over the three tracks and all partners (a third aimed at one of MEMBERS
youths, so the document names them and the export is logged per youth), RESULTS SMART
results, 4 scenarios, 8 goals, every text a sentence or more. The load average is
recorded: on a shared machine the figures are an upper bound.

Usage: .venv/bin/python bench/documents_bench.py [--measures 56] [--results 12] [--members 40] [--runs 5] [--out bench/documents.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CACHE = REPO / ".cache" / "bench"
TARGET_SECONDS = 2.0

TEXT = (
    "De partners spreken de jongeren samen aan op hun gedrag, bieden perspectief op school en werk, "
    "en houden elkaar wekelijks op de hoogte van wat werkt en wat niet."
)


def setup_django():
    if not os.environ.get("DATABASE_URL"):
        CACHE.mkdir(parents=True, exist_ok=True)
        db = CACHE / "documents.sqlite3"
        db.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groepsaanpak.settings")
    os.environ.setdefault("DEMO_MODE", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0)


def city_plan(case, *, members: int, measures: int, results: int):
    """A new plan version of city size on the demo's step-6 case."""
    from accounts.models import Organisation, User
    from groups.models import Membership, Person
    from plans.models import PlanVersion

    author = User.objects.get(username="regisseur")
    existing = list(case.memberships.all())
    for i in range(max(0, members - len(existing))):
        person = Person.objects.create(
            municipality_id=case.municipality_id, full_name=f"Jongere Bench {i:03d}"
        )
        existing.append(
            Membership.objects.create(
                case=case,
                group=case.group,
                person=person,
                status="agreed",
                added_by=author,
                added_by_organisation=author.organisation,
            )  # fmt: skip
        )
    orgs = list(
        Organisation.objects.filter(municipality_id=case.municipality_id).values_list("pk", flat=True)
    )
    deadline = (date.today() + timedelta(days=180)).isoformat()  # noqa: DTZ011
    goals = [{"key": f"g{i}", "code": "lokaal", "text": f"Lokaal doel {i}: {TEXT[:80]}"} for i in range(8)]
    content = {
        "goals": goals,
        "tracks": {t: TEXT * 3 for t in ("persoon", "groep", "omgeving")},
        "strategy": {k: TEXT * 2 for k in ("first_things_first", "interventions", "roles", "communication", "rewarding")},
        "organisation": {"information": TEXT * 2, "agreements": TEXT * 2},
        "results": [
            {
                "key": f"r{i}", "goal": f"g{i % 8}", "indicator": f"Indicator {i}: meldingen van overlast per week",
                "unit": "meldingen", "baseline": "20", "target": "8", "deadline": deadline, "domain": "openbare_orde",
            }
            for i in range(results)
        ],
        "scenarios": [{"key": f"s{i}", "trigger": TEXT[:90], "response": TEXT} for i in range(4)],
        "measures": [
            {
                "key": f"m{i}", "track": ("persoon", "groep", "omgeving")[i % 3], "organisation": orgs[i % len(orgs)],
                "target_kind": "jongere" if i % 3 == 0 else ("groep" if i % 3 == 1 else "locatie"),
                "membership": existing[i % len(existing)].pk if i % 3 == 0 else None,
                "location": "Winkelstrip" if i % 3 == 2 else "", "description": TEXT,
            }
            for i in range(measures)
        ],
    }  # fmt: skip
    number = (case.approach_plans.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return PlanVersion.objects.create(
        case=case, number=number, content=content, reason="Benchmark: plan op stadsschaal", author=author,
        author_organisation=author.organisation,
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measures", type=int, default=56)
    parser.add_argument("--results", type=int, default=12)
    parser.add_argument("--members", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", default=str(REPO / "bench" / "documents.json"))
    args = parser.parse_args()
    setup_django()

    from accounts.models import User
    from cases import case_documents
    from cases.models import Case
    from privacy.models import ProcessingLogEntry

    case = Case.objects.filter(step=6).order_by("pk").first()
    version = city_plan(case, members=args.members, measures=args.measures, results=args.results)
    user = User.objects.get(username="regisseur")

    def timed(fmt):
        started = time.perf_counter()
        content, _name = case_documents.produce(case, "plan", actor=user, fmt=fmt)
        return time.perf_counter() - started, len(content)

    cold, _size = timed("pdf")
    warm = [timed("pdf") for _ in range(args.runs)]
    words = [timed("docx") for _ in range(args.runs)]

    return report(args, version, cold, warm, words, ProcessingLogEntry)


def report(args, version, cold, warm, words, entries) -> int:
    pdf_seconds = [s for s, _n in warm]
    result = {
        "when": date.today().isoformat(),  # noqa: DTZ011
        "database": os.environ["DATABASE_URL"].split(":", 1)[0],
        "plan_version": version.number,
        "measures": args.measures,
        "results": args.results,
        "members": args.members,
        "load_average_1m": round(os.getloadavg()[0], 1),
        "pdf_first_seconds": round(cold, 2),
        "pdf_median_seconds": round(statistics.median(pdf_seconds), 2),
        "pdf_max_seconds": round(max(pdf_seconds), 2),
        "pdf_bytes": warm[0][1],
        "docx_median_seconds": round(statistics.median(s for s, _n in words), 2),
        "export_rows": entries.objects.filter(operation="document.plan").count(),
        "target_seconds": TARGET_SECONDS,
    }
    result["within_target"] = result["pdf_median_seconds"] <= TARGET_SECONDS
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result))
    return 0 if result["within_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
