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
from django.db.models import Count, Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LoginFailure, OrganisationKind, Role, User
from cases.models import Case, CaseStatus, Participant
from groups.models import Membership
from monitoring.models import OPEN_ACTION_STATUSES, Action
from monitoring.reads import RECENT_DAYS
from privacy.models import ProcessingLogEntry

from .generate_load_data import PASSWORD, USER_PREFIX

# The actions pages show about the same at every scale: a case in step 6 with about this
# many actions, and a professional with about this many in "Mijn acties".
CASE_ACTIONS = 200
MY_ACTIONS = 15


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
        logins = [self.login(user) for user in users]
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
        # Steps 5-6: a case in step 6 (else 5) whose number of actions is closest to CASE_ACTIONS
        # (the plan page and the actions page), and a professional for "Mijn acties".
        plan_cases = list(
            Case.objects.filter(
                municipality__code__startswith="LOAD-",
                status=CaseStatus.OPEN,
                step__in=(5, 6),
                approach_plans__isnull=False,
            )
            .annotate(n=Count("actions", distinct=True))
            .order_by("pk")
        )
        plan_step = 6 if any(c.step == 6 for c in plan_cases) else 5
        plan_case = min(
            (c for c in plan_cases if c.step == plan_step), key=lambda c: (abs(c.n - CASE_ACTIONS), c.pk)
        )
        professional, my_count = self.professional()
        # A name as a user types it: about one hit at every scale. Signals are searched too
        # and, being group-level, never contain it: the worst case for the text search.
        surname = person.full_name
        since = (timezone.localdate() - timedelta(days=365)).isoformat()
        # Signal filters that fill a page (50 rows) at every scale: overlast in the last
        # year (small ~190, city ~8,000). With "area=Centrum" as well, small showed 12 rows
        # and city 50, so the ratio measured rows shown rather than growth with the data.
        signal_filters = f"behaviour=overlast&date_from={since}"
        plan = {
            "logins": logins,
            # One professional session shared by the simulated users, for the pages in
            # as_professional (a second TOTP login of one user in 30 s would be a replay).
            "pro_login": self.login(professional),
            "as_professional": ["my_actions"],
            "api_token": token,
            "targets": {
                "case": case.pk,
                "group": case.group_id,
                "members": len(members),
                "step": case.step,
                "person": str(person.pseudonym),
                "person_log_entries": counts.get(str(person.pseudonym), 0),
                "search": surname,
                "plan_case": plan_case.pk,
                "plan_case_step": plan_case.step,
                "plan_case_actions": plan_case.n,
                "professional": professional.username,
                "my_actions": my_count,
            },
            "pages": {
                "floor": "/_bench/vloer/",
                "home": "/",
                "signal_list": f"/signalen/?{signal_filters}",
                "group": f"/groepen/{case.group_id}/",
                "case": f"/casussen/{case.pk}/",
                "name_list": f"/casussen/{case.pk}/namenlijst/",
                "regie": "/regie/",
                "search": f"/zoeken/?q={quote(surname)}",
                "person_log": f"/privacy/personen/{person.pseudonym}/verwerkingen/",
                "plan": f"/casussen/{plan_case.pk}/plan-van-aanpak/",
                "actions": f"/casussen/{plan_case.pk}/acties/",
                "my_actions": "/mijn-acties/",
                "api_signals": f"/api/v1/signals?{signal_filters}",
                "api_case": f"/api/v1/cases/{case.pk}",
            },
        }
        self.stdout.write(json.dumps(plan))

    def login(self, user) -> dict:
        device = TOTPDevice.objects.filter(user=user, name="bench").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
        return {"username": user.username, "password": PASSWORD, "totp_key": device.key}

    def professional(self) -> tuple[User, int]:
        """The load police professional whose "Mijn acties" lists closest to MY_ACTIONS actions (the
        same query as monitoring.reads.my_actions, counted here without reading them)."""
        since = timezone.now() - timedelta(days=RECENT_DAYS)
        rows = list(
            Action.objects.filter(case__municipality__code__startswith="LOAD-", case__status=CaseStatus.OPEN)
            .filter(Q(status__in=OPEN_ACTION_STATUSES) | Q(updated_at__gte=since))
            .values_list("case_id", "organisation_id", "owner_id")
        )
        cases_of: dict[int, set[int]] = {}
        for case_id, org_id in Participant.objects.values_list("case_id", "organisation_id"):
            cases_of.setdefault(org_id, set()).add(case_id)
        best = None
        # A police professional at every scale: the same kind of organisation, so the same
        # covenant rules (member-aimed actions shown, their reads logged) at small and city.
        for user in User.objects.filter(
            username__startswith=USER_PREFIX,
            role=Role.PROFESSIONAL,
            is_active=True,
            organisation__kind=OrganisationKind.POLITIE,
        ).order_by("username"):
            visible = cases_of.get(user.organisation_id, set())
            n = sum(
                1
                for case_id, org_id, owner_id in rows
                if case_id in visible
                and (owner_id == user.pk or (owner_id is None and org_id == user.organisation_id))
            )
            if best is None or abs(n - MY_ACTIONS) < abs(best[1] - MY_ACTIONS):
                best = (user, n)
        if best is None:
            raise CommandError("Geen professionals in de lastdata.")
        return best
