"""The retention benchmark of `make bench` (issue 17): purge 10,000 expired persons with
their items and log references; time and peak memory. Target: at most 60 s on the project
machine (2 cores).

Builds a fresh SQLite database in .cache/bench/retention.sqlite3 (or uses $DATABASE_URL),
then: PERSONS persons on CASES closed cases, each person with a care and a criminal row in
the informatiematrix, a Halt referral, a plus/min/mee assessment and a processing-log entry
(the log reference), the cases' retention dates in the past. Times
privacy.retention.apply_retention (tracemalloc off; peak memory is the process's maximum
resident set size and the Python heap's peak measured in a second, traced run is not
needed) and checks the second run changes nothing.

Usage: .venv/bin/python bench/retention_bench.py [--persons 10000] [--cases 100] [--out bench/retention.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CACHE = REPO / ".cache" / "bench"


def setup_django():
    if not os.environ.get("DATABASE_URL"):
        CACHE.mkdir(parents=True, exist_ok=True)
        db = CACHE / "retention.sqlite3"
        db.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groepsaanpak.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(persons: int, cases: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Municipality, Organisation, OrganisationKind, Role, User
    from cases.models import Case, CaseStatus, InformationItem
    from groups.models import Assessment, Membership, Person, Referral, YouthGroup
    from privacy import log
    from privacy.models import MatrixItem
    from privacy.reference import load_reference_data

    load_reference_data()
    municipality = Municipality.objects.create(name="Benchstad")
    org = Organisation.objects.create(
        name="Gemeente Benchstad", kind=OrganisationKind.GEMEENTE, municipality=municipality
    )
    user = User.objects.create(username="bench-regisseur", organisation=org, role=Role.PROCESREGISSEUR)
    care = MatrixItem.objects.filter(category="care").first()
    criminal = MatrixItem.objects.filter(category="criminal").first()
    per_case = persons // cases
    expired = date.today() - timedelta(days=1)  # noqa: DTZ011 - a calendar date
    for n in range(cases):
        with transaction.atomic():
            group = YouthGroup.objects.create(name=f"Groep {n}", municipality=municipality, created_by=user)
            case = Case.objects.create(
                group=group,
                municipality=municipality,
                opened_by=user,
                step=2,
                status=CaseStatus.CLOSED,
                closed_at=timezone.now(),
                retention_until=expired,
            )
            people = Person.objects.bulk_create(
                Person(
                    municipality=municipality,
                    full_name=f"Jongere {n}-{i}",
                    nickname="bijnaam",
                    address="Straat 1",
                    date_of_birth=date(2008, 1, 1),
                )
                for i in range(per_case)
            )
            members = Membership.objects.bulk_create(
                Membership(
                    case=case,
                    group=group,
                    person=p,
                    role_in_group="meeloper",
                    added_by=user,
                    added_by_organisation=org,
                )
                for p in people
            )
            InformationItem.objects.bulk_create(
                InformationItem(
                    case=case,
                    person=p,
                    matrix_item=item,
                    category=item.category,
                    content="x",
                    supplied_by=org,
                    created_by=user,
                )
                for p in people
                for item in (care, criminal)
            )
            Referral.objects.bulk_create(
                Referral(
                    membership=m,
                    kind="halt",
                    category="criminal",
                    referred_on=expired,
                    created_by=user,
                    supplied_by=org,
                )
                for m in members
            )
            Assessment.objects.bulk_create(
                Assessment(membership=m, assessed_on=expired, dynamic="min", assessed_by=user)
                for m in members
            )
            log.write(user, "name_list.add", [str(p.pseudonym) for p in people], case=case)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--out", default=str(REPO / "bench" / "retention.json"))
    args = parser.parse_args()
    setup_django()
    started = time.perf_counter()
    build(args.persons, args.cases)
    built = time.perf_counter() - started

    from privacy.log import verify_chain
    from privacy.models import Tombstone
    from privacy.retention import apply_retention

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    report = apply_retention()
    seconds = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    again = apply_retention()
    result = {
        "when": date.today().isoformat(),  # noqa: DTZ011
        "database": os.environ["DATABASE_URL"].split(":", 1)[0],
        "persons": args.persons,
        "cases": args.cases,
        "build_seconds": round(built, 1),
        "purge_seconds": round(seconds, 1),
        "persons_per_second": round(report.persons_anonymised / seconds) if seconds else None,
        "peak_rss_mb": round(rss_after / 1024),
        "rss_growth_mb": round((rss_after - rss_before) / 1024),
        "persons_anonymised": report.persons_anonymised,
        "rows_removed": report.rows_removed,
        "tombstones": Tombstone.objects.count(),
        "second_run_changes": len(again.cases),
        "log_verifies": verify_chain().ok,
        "target_seconds": 60,
    }
    result["within_target"] = result["purge_seconds"] <= 60
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result))
    ok = result["within_target"] and result["second_run_changes"] == 0 and result["log_verifies"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
