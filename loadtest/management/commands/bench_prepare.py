"""Prepare a load-generated database for one bench run and print the plan as JSON.

    python manage.py bench_prepare --sessions 2

For each simulated user: a load regisseur with a confirmed TOTP device (its key goes into
the plan, so the runner logs in through the real two-step login), an API token made with
`create_api_token`, and the targets of the pages: a typical group and its open case, a
person on its name list, a search term and signal filters.
"""

from __future__ import annotations

import io
import json
from datetime import timedelta
from statistics import median
from urllib.parse import quote

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LoginFailure, User
from cases.models import Case, CaseStatus
from groups.models import Membership
from privacy.models import ProcessingLogEntry

from .generate_load_data import PASSWORD, USER_PREFIX


class Command(BaseCommand):
    help = "Zet een benchrun klaar op lastdata en drukt het plan (JSON) af."

    def add_arguments(self, parser):
        parser.add_argument("--sessions", type=int, default=2)

    def handle(self, *args, sessions, **options):
        users = list(
            User.objects.filter(username__startswith=f"{USER_PREFIX}regisseur.").order_by("username")[
                :sessions
            ]
        )
        if len(users) < sessions:
            raise CommandError("Geen (of te weinig) lastdata: draai eerst generate_load_data.")
        LoginFailure.objects.filter(username__startswith=USER_PREFIX).delete()
        logins = []
        for user in users:
            device = TOTPDevice.objects.filter(user=user, name="bench").first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
            TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
            logins.append({"username": user.username, "password": PASSWORD, "totp_key": device.key})
        out = io.StringIO()
        call_command("create_api_token", users[0].username, name="bench", days=1, stdout=out)
        token = out.getvalue().strip()

        # A typical open case: step >= 3 with a name list of median length.
        cases = list(
            Case.objects.filter(municipality__code__startswith="LOAD-", status=CaseStatus.OPEN, step__gte=3)
            .annotate(n=Count("memberships"))
            .filter(n__gt=0)
            .order_by("pk")
        )
        # The same step at every scale (pages differ per step), then a median-length name list.
        present = {c.step for c in cases}
        step = next(s for s in (3, 6, 5, 4, 7) if s in present)
        cases = [c for c in cases if c.step == step]
        middle = median(c.n for c in cases)
        case = min(cases, key=lambda c: (abs(c.n - middle), c.pk))
        members = list(Membership.objects.filter(case=case).select_related("person").order_by("pk"))
        counts = {
            row["data_subject"]: row["n"]
            for row in ProcessingLogEntry.objects.filter(
                data_subject__in=[str(m.person.pseudonym) for m in members]
            )
            .values("data_subject")
            .annotate(n=Count("id"))
        }
        middle = median(counts.get(str(m.person.pseudonym), 0) for m in members)
        person = min(members, key=lambda m: abs(counts.get(str(m.person.pseudonym), 0) - middle)).person
        # A name as a user types it: about one hit at every scale. Signals are searched too
        # and, being group-level, never contain it: the worst case for the text search.
        surname = person.full_name
        since = (timezone.localdate() - timedelta(days=365)).isoformat()
        plan = {
            "logins": logins,
            "api_token": token,
            "targets": {
                "case": case.pk,
                "group": case.group_id,
                "members": len(members),
                "step": case.step,
                "person": str(person.pseudonym),
                "person_log_entries": counts.get(str(person.pseudonym), 0),
                "search": surname,
            },
            "pages": {
                "floor": "/_bench/vloer/",
                "home": "/",
                "signal_list": f"/signalen/?behaviour=overlast&area=Centrum&date_from={since}",
                "group": f"/groepen/{case.group_id}/",
                "case": f"/casussen/{case.pk}/",
                "name_list": f"/casussen/{case.pk}/namenlijst/",
                "regie": "/regie/",
                "search": f"/zoeken/?q={quote(surname)}",
                "person_log": f"/privacy/personen/{person.pseudonym}/verwerkingen/",
                "api_signals": f"/api/v1/signals?behaviour=overlast&area=Centrum&date_from={since}",
                "api_case": f"/api/v1/cases/{case.pk}",
            },
        }
        self.stdout.write(json.dumps(plan))
