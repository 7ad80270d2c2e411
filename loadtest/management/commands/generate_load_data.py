"""Synthetic data at the scale of a large city, for `make bench` (issue 8).

    python manage.py generate_load_data --scale {small,city,stress} [--reset] [--seed N]

Everything is fictional (Faker, nl_NL) and hangs off two municipalities whose CBS code
starts with ``LOAD-``; usernames start with ``load.``. Rows are bulk-inserted in
batches. The processing log is written as one valid hash chain appended to the current
head: keyed hashes are computed with ``privacy.log.compute_hash``, the rows are inserted in
bulk (COPY on PostgreSQL, executemany on SQLite; the database triggers only refuse
UPDATE and DELETE) and the LogHead row is moved once at the end, under its lock.

``--reset`` deletes only load-generated data. Log rows can only be removed when they are
the tail of the chain (the head is then moved back to the last other entry); that is the
one place that asks for a purge permit.
"""

from __future__ import annotations

import operator
import random
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F, Max, Min
from django.utils import timezone
from faker import Faker

from accounts.models import Municipality, Organisation, OrganisationKind, Role, User
from cases.models import (
    Case,
    CaseStatus,
    InformationItem,
    InformationRequest,
    NamedPerson,
    Participant,
    RequestKind,
    RequestStatus,
    Transition,
)
from closing.models import Handover
from demo.management.commands.demo import BASIS, COVENANT
from groups.models import Assessment, Membership, MembershipStatus, Person, YouthGroup
from intake.models import Behaviour, BehaviourTag, Impact, Signal, SignalStatus, Source
from monitoring.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Direction,
    Escalation,
    Indicator,
    IndicatorSource,
    Measurement,
    Reminder,
)
from plans import content as plan_content
from plans.models import PlanVersion, TargetKind, Track
from privacy.categories import Category, LegalBasis
from privacy.chain import current_key_id
from privacy.log import compute_hash, grant_purge_permit, revoke_purge_permit
from privacy.models import Covenant, LogHead, MatrixItem, ProcessingActivity, ProcessingLogEntry
from privacy.services import publish_covenant

CODE_PREFIX = "LOAD-"
USER_PREFIX = "load."
PASSWORD = "load-Groepsaanpak-2026"  # noqa: S105 - fictional load users; the bench logs in with it + TOTP


@dataclass(frozen=True)
class Scale:
    groups: int
    persons: int
    signals: int
    log_entries: int
    actions_per_case: int  # mean per case in step 6-7 (step 5: 30%); city: ~20,000 actions in all
    partner_orgs: int  # organisations per partner kind (basisteams, schools, ...)
    users_per_org: int


# Per group and per person the three scales are alike (~17-20 members, 200-330 signals per
# group, ~400 log entries per person, ~210 actions per case in steps 6-7: ~20,000 actions
# at city, a few hundred at small), so a page about one group or one person shows the
# same amount of data at every scale; only the totals around it grow.
SCALES = {
    "small": Scale(
        groups=10,
        persons=200,
        signals=2_000,
        log_entries=80_000,
        actions_per_case=208,
        partner_orgs=1,
        users_per_org=3,
    ),
    "city": Scale(
        groups=300,
        persons=5_000,
        signals=100_000,
        log_entries=2_000_000,
        actions_per_case=208,
        partner_orgs=4,
        users_per_org=6,
    ),
    "stress": Scale(
        groups=300,
        persons=5_000,
        signals=1_000_000,
        log_entries=20_000_000,
        actions_per_case=208,
        partner_orgs=4,
        users_per_org=6,
    ),
}

K = OrganisationKind
PARTNER_KINDS = [K.POLITIE, K.JONGERENWERK, K.HANDHAVING, K.LEERPLICHT, K.SCHOOL, K.ZORG]
SINGLE_KINDS = [K.OM, K.VEILIG_THUIS, K.WONINGCORPORATIE]
PARTNER_LABEL = {
    K.POLITIE: "Politie basisteam",
    K.JONGERENWERK: "Jongerenwerk",
    K.HANDHAVING: "Handhaving",
    K.LEERPLICHT: "Leerplicht",
    K.SCHOOL: "Scholengemeenschap",
    K.ZORG: "Jeugdhulp",
}
AREAS = ["Centrum", "Noord", "Oost", "Zuid", "West", "Havenkwartier", "Stationsgebied", "Oude Wijk",
         "Parkwijk", "Nieuw-West", "Zuidoost", "Bedrijventerrein"]  # fmt: skip
PLACES = ["het winkelcentrum", "de skatebaan", "het metrostation", "het speelveld", "de snackbar",
          "het busstation", "de parkeergarage", "het buurthuis", "de schoolpleinen", "de kade"]  # fmt: skip
DOINGS = {
    Behaviour.OVERLAST: "harde muziek en scooters tot laat in de avond",
    Behaviour.VANDALISME: "vernielde bankjes en bekladde muren",
    Behaviour.INTIMIDATIE: "voorbijgangers worden nageroepen en de weg versperd",
    Behaviour.GEWELD: "een vechtpartij tussen twee groepjes",
    Behaviour.WAPENS: "er zou een mes zijn getoond",
    Behaviour.ALCOHOL_DRUGS: "blowen en drinken, afval blijft liggen",
    Behaviour.DEALEN: "vermoedelijk handel vanuit een auto",
    Behaviour.CRIMINALITEIT: "winkeldiefstal door meerdere jongeren",
    Behaviour.SOCIAL_MEDIA: "oproep in een groepsapp om samen te komen",
    Behaviour.SCHOOLVERZUIM: "jongeren onder schooltijd op straat",
    Behaviour.OVERIG: "onrustige sfeer, bewoners maken zich zorgen",
}
# Plans of approach: SMART results (indicator, unit, domain, higher is better?) and
# measures per track; group-level texts, no names.
RESULT_TEMPLATES = [
    ("Overlastmeldingen per week", "meldingen", "openbare_orde", False),
    ("Jongeren met dagbesteding", "jongeren", "onderwijs", True),
    ("Incidenten met geweld per maand", "incidenten", "criminaliteit", False),
]
MEASURES = {
    Track.PERSON: [
        "Stopgesprek door de wijkagent.",
        "Gezinsgesprek met ouders over de zorgen.",
        "Traject naar werk of school via het jongerenloket.",
        "Aanmelding bij jeugdhulp na keukentafelgesprek.",
        "Leerplichtgesprek over het verzuim.",
    ],
    Track.GROUP: [
        "Wekelijkse groepsgesprekken door het jongerenwerk.",
        "Groepsaanspreekactie door politie en handhaving.",
        "Sportactiviteit op vrijdagavond als alternatief.",
        "Gesprek met de groep over de grenzen in de buurt.",
    ],
    Track.ENVIRONMENT: [
        "Extra toezicht op vrijdag- en zaterdagavond.",
        "Betere verlichting en camera's op de hotspot.",
        "Afspraken met winkeliers over aanspreken.",
        "Bewonersavond over de aanpak.",
        "Gebiedsverbod voorbereiden met de burgemeester.",
    ],
}
# Open cases by step (closed cases come on top); weights are a guess at a city's mix.
STEP_WEIGHTS = {1: 15, 2: 20, 3: 15, 4: 10, 5: 10, 6: 25, 7: 5}
# Processing-log operations as the pages write them: (operation, action, activity, per-member?)
LOG_OPERATIONS = [
    ("name_list.read", "read", "namenlijst", True),
    ("person.read", "read", "groepsaanpak", False),
    ("member.read", "read", "groepsaanpak", False),
    ("search.hit", "read", "groepsaanpak", False),
    ("matrix.read", "read", "informatie-uitwisseling", False),
    ("dynamics.assess", "create", "groepsaanpak", False),
    ("processing_log.export", "export", "verantwoording", False),
]
LOG_WEIGHTS = [30, 25, 20, 10, 8, 5, 2]
LOG_COLUMNS = [f.column for f in ProcessingLogEntry._meta.concrete_fields if f.column != "id"]


class Command(BaseCommand):
    help = "Bouwt een synthetische dataset op stadsschaal (fictief, Faker nl_NL) voor de benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument(
            "--reset", action="store_true", help="eerst alle eerder gegenereerde lastdata weg"
        )
        parser.add_argument("--seed", type=int, default=8)

    def handle(self, *args, scale, reset, seed, **options):
        started = time.perf_counter()
        if Municipality.objects.filter(code__startswith=CODE_PREFIX).exists():
            if not reset:
                raise CommandError(
                    "Er staan al lastdata in deze database. Gebruik --reset om die eerst te verwijderen."
                )
            self.reset()
        if not MatrixItem.objects.exists():
            raise CommandError("Referentiegegevens ontbreken: draai eerst `manage.py migrate`.")
        self.sc = SCALES[scale]
        self.rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not a secret
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.now = timezone.now()
        with transaction.atomic():
            self.step("organisaties en gebruikers", self.make_organisations)
            self.step("convenant", self.make_covenant)
            self.step("groepen en casussen", self.make_groups_and_cases)
            self.step("personen, namenlijsten, dynamiek", self.make_persons)
            self.step("informatie en verzoeken", self.make_information)
            self.step("signalen", self.make_signals)
            self.step("plannen van aanpak, acties, indicatoren", self.make_approach)
        self.step("verwerkingslog", self.make_log)
        if connection.vendor == "postgresql":
            # What autovacuum does soon after a bulk load: statistics for the planner, and
            # the visibility map, without which an index-only scan (the count of new
            # signals, the counts per case) still reads every row from the table.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Lastdata '{scale}' klaar in {time.perf_counter() - started:.0f} s.")
        )

    def step(self, label, func):
        t0 = time.perf_counter()
        result = func()
        self.stdout.write(f"  {label}: {result} ({time.perf_counter() - t0:.1f} s)")

    # --- reset -----------------------------------------------------------------------

    def reset(self):
        load_users = User.objects.filter(username__startswith=USER_PREFIX)
        with transaction.atomic():
            first = ProcessingLogEntry.objects.filter(actor_username__startswith=USER_PREFIX).aggregate(
                Min("sequence")
            )["sequence__min"]
            if first is not None:
                if (
                    ProcessingLogEntry.objects.filter(sequence__gt=first)
                    .exclude(actor_username__startswith=USER_PREFIX)
                    .exists()
                ):
                    raise CommandError(
                        "Na de gegenereerde logregels staan echte regels; de keten kan niet worden "
                        "ingekort. Gebruik een nieuwe database."
                    )
                grant_purge_permit()
                try:
                    ProcessingLogEntry.objects.filter(sequence__gte=first).delete()
                finally:
                    revoke_purge_permit()
                last = ProcessingLogEntry.objects.order_by("-sequence").first()
                LogHead.objects.update_or_create(
                    pk=1,
                    defaults={
                        "last_sequence": last.sequence if last else 0,
                        "last_hash": last.entry_hash if last else "0" * 64,
                    },
                )
            municipalities = Municipality.objects.filter(code__startswith=CODE_PREFIX)
            cases = Case.objects.filter(municipality__in=municipalities)
            Measurement.objects.filter(indicator__case__in=cases).delete()
            Indicator.objects.filter(case__in=cases).delete()
            ActionUpdate.objects.filter(action__case__in=cases).delete()
            Reminder.objects.filter(action__case__in=cases).delete()
            Escalation.objects.filter(case__in=cases).delete()
            Handover.objects.filter(case__in=cases).delete()
            Action.objects.filter(case__in=cases).delete()
            PlanVersion.objects.filter(case__in=cases).delete()
            BehaviourTag.objects.filter(signal__municipality__in=municipalities).delete()
            Signal.objects.filter(municipality__in=municipalities).delete()
            InformationItem.objects.filter(case__in=cases).delete()
            InformationRequest.objects.filter(case__in=cases).delete()
            Assessment.objects.filter(membership__case__in=cases).delete()
            Membership.objects.filter(case__in=cases).delete()
            Transition.objects.filter(case__in=cases).delete()
            Participant.objects.filter(case__in=cases).delete()
            cases.delete()
            Person.objects.filter(municipality__in=municipalities).delete()
            YouthGroup.objects.filter(municipality__in=municipalities).delete()
            Covenant.objects.filter(municipality__in=municipalities).delete()
            load_users.delete()
            Organisation.objects.filter(municipality__in=municipalities).delete()
            municipalities.delete()
        self.stdout.write("  eerdere lastdata verwijderd")

    # --- organisations, users, covenant ----------------------------------------------

    def make_organisations(self):
        sc = self.sc
        self.city = Municipality.objects.create(name="Lastrecht", code=f"{CODE_PREFIX}1")
        self.neighbour = Municipality.objects.create(name="Lastdorp", code=f"{CODE_PREFIX}2")
        orgs = [Organisation(name="Gemeente Lastrecht", kind=K.GEMEENTE, municipality=self.city)]
        for kind in PARTNER_KINDS:
            for n in range(sc.partner_orgs):
                suffix = AREAS[n] if sc.partner_orgs > 1 else "Lastrecht"
                orgs.append(
                    Organisation(name=f"{PARTNER_LABEL[kind]} {suffix}", kind=kind, municipality=self.city)
                )
        for kind in SINGLE_KINDS:
            orgs.append(Organisation(name=f"{K(kind).label} Lastrecht", kind=kind, municipality=self.city))
        orgs.append(Organisation(name="Gemeente Lastdorp", kind=K.GEMEENTE, municipality=self.neighbour))
        self.orgs = Organisation.objects.bulk_create(orgs)
        self.gemeente = self.orgs[0]
        self.partners = [o for o in self.orgs if o.municipality_id == self.city.pk and o.kind != K.GEMEENTE]

        password = make_password(PASSWORD)  # one (slow) hash for everyone
        users = []

        def user(username, org, role, function):
            first, last = self.fake.first_name(), self.fake.last_name()
            users.append(
                User(
                    username=f"{USER_PREFIX}{username}",
                    first_name=first,
                    last_name=last,
                    email=f"{username}@lastrecht.example",
                    organisation=org,
                    role=role,
                    function_title=function,
                    password=password,
                )
            )

        gemeente_users = max(2, sc.users_per_org)
        for n in range(1, gemeente_users + 1):
            user(f"regisseur.{n}", self.gemeente, Role.PROCESREGISSEUR, "procesregisseur OOV")
        for n in range(1, gemeente_users * 3 + 1):
            user(f"coordinator.{n}", self.gemeente, Role.COORDINATOR, "uitvoeringscoördinator")
        user("burgemeester", self.gemeente, Role.BESLISSER, "burgemeester")
        user("privacy", self.gemeente, Role.PRIVACYFUNCTIONARIS, "functionaris gegevensbescherming")
        user("beheer", self.gemeente, Role.BEHEERDER, "applicatiebeheerder")
        for org in self.partners:
            slug = org.name.lower().replace(" ", "-")
            for n in range(1, sc.users_per_org + 1):
                user(f"{slug}.{n}", org, Role.PROFESSIONAL, K(org.kind).label)
        user("buurgemeente", self.orgs[-1], Role.PROCESREGISSEUR, "procesregisseur")
        self.users = User.objects.bulk_create(users)
        self.regisseurs = [
            u for u in self.users if u.role == Role.PROCESREGISSEUR and u.organisation_id == self.gemeente.pk
        ]
        self.coordinators = [u for u in self.users if u.role == Role.COORDINATOR]
        self.professionals = {}
        for u in self.users:
            if u.role == Role.PROFESSIONAL:
                self.professionals.setdefault(u.organisation_id, []).append(u)
        return f"{len(self.orgs)} organisaties, {len(self.users)} gebruikers"

    def make_covenant(self):
        rules = [
            {
                "organisation_kind": kind,
                "category": category,
                "may_supply": supply,
                "may_receive": receive,
                "legal_basis": BASIS.get(kind, LegalBasis.AVG_6_1_E_GEMEENTEWET),
                "retention_months": 24,
            }
            for kind, cats in COVENANT.items()
            for category, (supply, receive) in cats.items()
        ]
        common = {
            "effective_from": date(2024, 1, 1),
            "rules": rules,
            "purposes": "Integrale aanpak van problematische jeugdgroepen (lasttest).",
        }
        publish_covenant(
            municipality=self.city,
            title="Convenant jeugdgroepen Lastrecht",
            parties=[o for o in self.orgs if o.municipality_id == self.city.pk],
            actor=self.regisseurs[0],
            **common,
        )
        publish_covenant(
            municipality=self.neighbour,
            title="Convenant jeugdgroepen Lastdorp",
            parties=[self.orgs[-1]],
            actor=None,
            **common,
        )
        return f"{len(rules)} regels"

    # --- groups and cases ----------------------------------------------------------------

    def make_groups_and_cases(self):
        rng, sc = self.rng, self.sc
        names = set()
        groups = []
        for _n in range(sc.groups):
            name = f"Groep {self.fake.street_name()}"
            while name in names:
                name = f"{name} {rng.randint(2, 99)}"
            names.add(name)
            area = rng.choice(AREAS)
            groups.append(
                YouthGroup(
                    name=name,
                    municipality=self.city,
                    locations=f"{area}, {rng.choice(PLACES)}",
                    description=f"Groep van {rng.randint(8, 30)} jongeren, vooral actief in {area}.",
                    created_by=rng.choice(self.regisseurs),
                )
            )
        self.groups = YouthGroup.objects.bulk_create(groups)
        through = YouthGroup.other_municipalities.through
        through.objects.bulk_create(
            through(youthgroup_id=g.pk, municipality_id=self.neighbour.pk)
            for g in self.groups[:: max(1, sc.groups // 10)]
        )

        steps, weights = zip(*STEP_WEIGHTS.items(), strict=True)
        cases = []
        for i, group in enumerate(self.groups):
            if i % 10 == 9:
                continue  # some groups only have signals
            closed_before = i % 7 == 3  # a finished earlier cycle, then reopened
            for cycle in (1, 2) if closed_before else (1,):
                last = cycle == 2 or not closed_before
                step = rng.choices(steps, weights)[0] if last else rng.choice([2, 3, 7])
                coordinator = rng.choice(self.coordinators) if step >= 2 else None
                cases.append(
                    Case(
                        group=group,
                        municipality=self.city,
                        cycle=cycle,
                        step=step,
                        status=CaseStatus.OPEN if last else CaseStatus.CLOSED,
                        coordinator=coordinator,
                        legal_basis_choice=LegalBasis.AVG_6_1_E_GEMEENTEWET if coordinator else "",
                        legal_basis="Convenant jeugdgroepen Lastrecht, art. 4." if coordinator else "",
                        necessity="Aanhoudende overlast en signalen van meerdere partners."
                        if coordinator
                        else "",
                        priority=rng.choice([None, 1, 2, 3]) if step >= 4 else None,
                        opened_by=rng.choice(self.regisseurs),
                        closed_at=None if last else self.now - timedelta(days=rng.randint(200, 700)),
                        close_reason="" if last else "Doelen bereikt; afgeschaald.",
                        retention_until=None if last else date.today() + timedelta(days=365),  # noqa: DTZ011
                    )
                )
        self.cases = Case.objects.bulk_create(cases)
        self.open_cases = [c for c in self.cases if c.status == CaseStatus.OPEN]
        self.personal_cases = [c for c in self.cases if c.step >= 2]

        participants, transitions = [], []
        for case in self.cases:
            orgs = [self.gemeente, *rng.sample(self.partners, k=min(len(self.partners), rng.randint(2, 6)))]
            for org in orgs:
                participants.append(
                    Participant(
                        case=case,
                        organisation=org,
                        invited_at_step=1 if org is self.gemeente else min(case.step, 2),
                        invited_by=case.opened_by,
                    )
                )
            reason = "Signalen van meerdere partners."
            transitions.append(
                Transition(
                    case=case, from_step=None, to_step=1, kind="open", actor=case.opened_by, reason=reason
                )
            )
            for step in range(1, case.step):
                transitions.append(
                    Transition(
                        case=case,
                        from_step=step,
                        to_step=step + 1,
                        kind="forward",
                        actor=case.opened_by,
                        reason=f"Besluit in het ketenoverleg: door naar stap {step + 1}.",
                    )
                )
            if case.status == CaseStatus.CLOSED:
                transitions.append(
                    Transition(
                        case=case,
                        from_step=case.step,
                        to_step=None,
                        kind="close",
                        actor=case.opened_by,
                        reason=case.close_reason,
                    )
                )
        Participant.objects.bulk_create(participants, batch_size=2000)
        Transition.objects.bulk_create(transitions, batch_size=2000)
        self.participants = {}
        for p in participants:
            self.participants.setdefault(p.case_id, []).append(p.organisation)
        named = self.make_namings()
        return (
            f"{len(self.groups)} groepen, {len(self.cases)} casussen, {len(participants)} deelnemers, "
            f"{named} bij naam verbonden"
        )

    def make_namings(self) -> int:
        """Need to know: for every case from step 2 on, the regie team (the bench logs in as
        regisseurs) and the professionals of each partner taking part are named for it, as the
        coordinator and the organisations would; so the pages show names as in real use."""
        rows = []
        for case in self.cases:
            if case.step < 2:
                continue
            people = [u for u in self.regisseurs if u.pk != case.opened_by_id]
            for org in self.participants[case.pk]:
                people += self.professionals.get(org.pk, [])
            rows += [
                NamedPerson(case=case, user=u, reason="Werkt met deze groep.", added_by=case.opened_by)
                for u in people
            ]
        NamedPerson.objects.bulk_create(rows, batch_size=2000)
        return len(rows)

    # --- persons, name lists, dynamics --------------------------------------------------

    def make_persons(self):
        rng, sc, fake = self.rng, self.sc, self.fake
        today = date.today()  # noqa: DTZ011 - a calendar date
        persons = []
        for _n in range(sc.persons):
            dob = today - timedelta(days=rng.randint(12 * 365, 23 * 365))
            persons.append(
                Person(
                    municipality=self.city,
                    pseudonym=uuid.UUID(int=rng.getrandbits(128), version=4),
                    full_name=fake.name(),
                    nickname=fake.first_name()[:4] + rng.choice(["y", "ie", "o", ""])
                    if rng.random() < 0.4
                    else "",
                    date_of_birth=dob,
                    address=fake.street_address() if rng.random() < 0.7 else "",
                    bsn=fake.ssn() if rng.random() < 0.5 else "",
                )
            )
        self.persons = Person.objects.bulk_create(persons, batch_size=2000)

        # Spread the persons evenly over the cases that may hold personal data; ~10% of them
        # also appear on a second name list (overlap between groups).
        cases = self.personal_cases
        memberships = []
        self.members = {c.pk: [] for c in cases}
        for n, person in enumerate(self.persons):
            chosen = [cases[n % len(cases)]]
            if rng.random() < 0.1:
                other = rng.choice(cases)
                if other.group_id != chosen[0].group_id:
                    chosen.append(other)
            for case in chosen:
                org = rng.choice(self.participants[case.pk])
                adder = rng.choice(self.professionals.get(org.pk) or self.coordinators)
                memberships.append(
                    Membership(
                        case=case,
                        group_id=case.group_id,
                        person=person,
                        role_in_group=rng.choice(
                            ["kopstuk", "harde_kern", "meeloper", "meeloper", "aanhang", ""]
                        ),
                        status=rng.choice([MembershipStatus.AGREED] * 3 + [MembershipStatus.PROPOSED]),
                        known_to_police=rng.choice([True, False, None]),
                        added_by=adder,
                        added_by_organisation=org,
                    )
                )
                self.members[case.pk].append(person)
        self.memberships = Membership.objects.bulk_create(memberships, batch_size=2000)
        assessments = []
        for m in self.memberships:
            for k in range(rng.randint(0, 3)):
                assessments.append(
                    Assessment(
                        membership=m,
                        assessed_on=today - timedelta(days=30 * k + rng.randint(0, 29)),
                        dynamic=rng.choice(["plus", "min", "mee"]),
                        influence=rng.randint(1, 5),
                        is_leader=m.role_in_group == "kopstuk",
                        note="",
                        assessed_by=rng.choice(self.coordinators),
                    )
                )
        Assessment.objects.bulk_create(assessments, batch_size=2000)
        return f"{len(self.persons)} personen, {len(self.memberships)} lidmaatschappen, {len(assessments)} duidingen"

    def make_information(self):
        rng = self.rng
        items = list(MatrixItem.objects.all())
        group_items = [i for i in items if i.category == Category.GROUP]
        person_items = [i for i in items if i.category != Category.GROUP]
        information, requests = [], []
        for case in self.personal_cases:
            orgs = self.participants[case.pk]
            for item in rng.sample(group_items, k=min(len(group_items), rng.randint(3, 8))):
                org = rng.choice(orgs)
                information.append(
                    InformationItem(
                        case=case,
                        matrix_item=item,
                        category=item.category,
                        content="Beeld op groepsniveau, afgestemd in het casusoverleg.",
                        supplied_by=org,
                        created_by=rng.choice(self.professionals.get(org.pk) or self.coordinators),
                    )
                )
            for person in self.members[case.pk]:
                for item in rng.sample(person_items, k=rng.randint(0, 2)):
                    org = rng.choice(orgs)
                    information.append(
                        InformationItem(
                            case=case,
                            person=person,
                            matrix_item=item,
                            category=item.category,
                            content="Bekend bij de partner; zie dossier.",
                            supplied_by=org,
                            created_by=rng.choice(self.professionals.get(org.pk) or self.coordinators),
                        )
                    )
            for _k in range(rng.randint(1, 4)):
                kind = rng.choice(list(RequestKind))
                addressee = rng.choice(orgs)
                answered = rng.random() < 0.6
                requests.append(
                    InformationRequest(
                        case=case,
                        kind=kind,
                        addressee=addressee,
                        question="Graag uw informatie over de groep voor het integraal beeld.",
                        due_date=date.today() + timedelta(days=rng.randint(-30, 30)),  # noqa: DTZ011
                        status=RequestStatus.ANSWERED if answered else RequestStatus.OPEN,
                        requested_by=case.coordinator or case.opened_by,
                        answer="Zie bijlage; informatiepositie matig." if answered else "",
                        answered_at=self.now - timedelta(days=rng.randint(1, 60)) if answered else None,
                        unknown_to_police=rng.randint(0, 8)
                        if answered and kind == RequestKind.GROEPSSCAN
                        else None,
                        information_position=rng.choice(["sterk", "matig", "zwak"]) if answered else "",
                    )
                )
        InformationItem.objects.bulk_create(information, batch_size=2000)
        InformationRequest.objects.bulk_create(requests, batch_size=2000)
        return f"{len(information)} matrixvelden, {len(requests)} verzoeken"

    # --- signals ------------------------------------------------------------------------

    def make_signals(self):
        rng, sc = self.rng, self.sc
        reporters = [u for us in self.professionals.values() for u in us]
        behaviours = list(Behaviour)
        sources, impacts = list(Source), list(Impact)
        span = 3 * 365 * 24 * 3600
        batch, tags, total = [], [], 0
        street_names = [self.fake.street_name() for _n in range(400)]

        def flush():
            nonlocal batch, tags, total
            created = Signal.objects.bulk_create(batch)
            BehaviourTag.objects.bulk_create(
                [
                    BehaviourTag(signal_id=s.pk, behaviour=b)
                    for s, bs in zip(created, tags, strict=True)
                    for b in bs
                ],
                batch_size=5000,
            )
            total += len(created)
            batch, tags = [], []

        for _n in range(sc.signals):
            age = rng.random() ** 1.5 * span  # more recent signals than old ones
            observed = self.now - timedelta(seconds=age)
            chosen = list(dict.fromkeys(rng.choices(behaviours, k=rng.randint(1, 3))))
            reporter = rng.choice(reporters)
            roll = rng.random()
            if roll < 0.7:
                status, group = SignalStatus.LINKED, rng.choice(self.groups)
            elif roll < 0.9 or age > 60 * 24 * 3600:
                status, group = SignalStatus.REGULAR, None
            else:
                status, group = SignalStatus.NEW, None
            size = rng.randint(4, 30)
            area = rng.choice(AREAS)
            batch.append(
                Signal(
                    municipality=self.city,
                    organisation_id=reporter.organisation_id,
                    reported_by=reporter,
                    observed_at=observed,
                    location=f"{rng.choice(street_names)}, bij {rng.choice(PLACES)}",
                    area=area,
                    group_size=size,
                    age_min=rng.randint(12, 16),
                    age_max=rng.randint(16, 23),
                    source=rng.choice(sources),
                    impact=rng.choice(impacts),
                    description=f"Groep van ongeveer {size} jongeren in {area}: {DOINGS[chosen[0]]}.",
                    status=status,
                    group=group,
                    handling_note="Extra toezicht afgesproken." if status == SignalStatus.REGULAR else "",
                    handled_at=observed + timedelta(days=1) if status != SignalStatus.NEW else None,
                )
            )
            tags.append(chosen)
            if len(batch) >= 2000:
                flush()
        if batch:
            flush()
        return f"{total} signalen"

    # --- steps 5-7: plans of approach, actions, indicators ---------------------------------

    def make_approach(self):
        """One plan version per case in steps 5-7 (shaped as plans.content describes),
        ~sc.actions_per_case actions for each of them (from the plan's measures: owners, statuses,
        due dates, some overdue) and 2-3 indicators per plan with weekly measurements.
        Group-level texts without names; a member-aimed measure names a member by key."""
        rng, sc = self.rng, self.sc
        today = date.today()  # noqa: DTZ011 - a calendar date
        cases = [c for c in self.cases if c.step >= 5]
        if not cases:
            return "geen casussen in stap 5-7"
        memberships_of = {}
        for m in self.memberships:
            memberships_of.setdefault(m.case_id, []).append(m.pk)
        users_of = dict(self.professionals)
        users_of[self.gemeente.pk] = self.coordinators
        # Skewed owner load: the first users of an organisation carry most actions, so at every
        # scale there are professionals with few and with many actions (bench_prepare picks one
        # with the same number at small and city).
        owner_weights = {org: [1 / (i + 1) for i in range(len(us))] for org, us in users_of.items()}
        weight = {c.pk: 0.3 if c.step == 5 else 1.0 for c in cases}
        per_weight = sc.actions_per_case

        plans, actions, indicators, planned_counts = [], [], [], []
        for case in cases:
            author = next((u for u in self.coordinators if u.pk == case.coordinator_id), self.regisseurs[0])
            content, results = self._plan_content(case, memberships_of.get(case.pk, []))
            plans.append(
                PlanVersion(
                    case=case,
                    number=1,
                    content=content,
                    author=author,
                    author_organisation_id=author.organisation_id,
                )
            )
            n = max(1, round(per_weight * weight[case.pk] * rng.uniform(0.7, 1.3)))
            planned_counts.append(n)
            for _k in range(n):
                actions.append(
                    self._action(case, author, content["measures"], users_of, owner_weights, today)
                )
            for r in results:
                indicators.append(
                    Indicator(
                        case=case,
                        name=r["indicator"],
                        unit=r["unit"],
                        result_key=r["key"],
                        baseline=Decimal(r["baseline"]),
                        target=Decimal(r["target"]),
                        direction=Direction.DOWN
                        if Decimal(r["target"]) < Decimal(r["baseline"])
                        else Direction.UP,
                        source=IndicatorSource.MANUAL,
                        created_by=author,
                    )
                )
        PlanVersion.objects.bulk_create(plans, batch_size=500)
        PlanVersion.objects.filter(case__in=cases).update(created_at=self.now - timedelta(days=120))
        actions = Action.objects.bulk_create(actions, batch_size=2000)
        # auto_now stamped every action "now"; closed ones were last touched when they closed
        # (else every closed action would count as "recently closed" in my actions).
        Action.objects.filter(pk__in=[a.pk for a in actions if a.status == ActionStatus.DONE]).update(
            updated_at=F("completed_at")
        )
        Action.objects.filter(
            pk__in=[a.pk for a in actions if a.status in (ActionStatus.NOT_KEPT, ActionStatus.LAPSED)]
        ).update(updated_at=self.now - timedelta(days=30))
        updates = [
            ActionUpdate(
                action=a,
                from_status=ActionStatus.PLANNED,
                to_status=a.status,
                note=a.result_note,
                actor=a.owner or a.created_by,
            )
            for a in actions
            if a.status != ActionStatus.PLANNED
        ]
        ActionUpdate.objects.bulk_create(updates, batch_size=2000)
        indicators = Indicator.objects.bulk_create(indicators, batch_size=2000)
        monday = today - timedelta(days=today.weekday())
        measurements = []
        for ind in indicators:
            weeks = 26
            for w in range(weeks):
                share = w / (weeks - 1)
                value = ind.baseline + (ind.target - ind.baseline) * Decimal(str(round(share * 0.8, 3)))
                value *= Decimal(str(round(rng.uniform(0.85, 1.15), 2)))
                measurements.append(
                    Measurement(
                        indicator=ind,
                        period_start=monday - timedelta(weeks=weeks - w),
                        value=max(Decimal(0), value.quantize(Decimal("0.01"))),
                        recorded_by=ind.created_by,
                    )
                )
        Measurement.objects.bulk_create(measurements, batch_size=2000)
        overdue = sum(
            1
            for a in actions
            if a.status in (ActionStatus.PLANNED, ActionStatus.RUNNING) and a.due_date < today
        )
        return (
            f"{len(plans)} plannen, {len(actions)} acties ({overdue} over de deadline), "
            f"{len(indicators)} indicatoren, {len(measurements)} metingen"
        )

    def _plan_content(self, case, member_pks):
        rng = self.rng
        key = lambda: f"{rng.getrandbits(32):08x}"  # noqa: E731 - stable per seed (content.new_key is random)
        codes = rng.sample(list(plan_content.GOALS), k=rng.randint(2, 3))
        goals = [{"key": key(), "code": code, "text": ""} for code in codes]
        place = rng.choice(PLACES)
        goals.append(
            {"key": key(), "code": plan_content.LOCAL_GOAL, "text": f"Rust rond {place} in de avonduren."}
        )
        deadline = (date.today() + timedelta(days=rng.randint(60, 300))).isoformat()  # noqa: DTZ011
        results = []
        for indicator, unit, domain, up in RESULT_TEMPLATES[: rng.randint(2, 3)]:
            baseline = rng.randint(6, 20) if not up else rng.randint(1, 5)
            target = baseline // 2 if not up else baseline + rng.randint(3, 8)
            results.append(
                {
                    "key": key(),
                    "goal": goals[0]["key"] if not up else goals[-1]["key"],
                    "indicator": indicator,
                    "unit": unit,
                    "baseline": str(baseline),
                    "target": str(target),
                    "deadline": deadline,
                    "domain": domain,
                }
            )
        orgs = [o.pk for o in self.participants[case.pk]]
        measures = []
        for _k in range(rng.randint(8, 14)):
            track = rng.choice(list(Track.values))
            roll = rng.random()
            if track == Track.PERSON and member_pks and roll < 0.6:
                kind, membership, location = TargetKind.MEMBER, rng.choice(member_pks), ""
            elif track == Track.ENVIRONMENT or roll > 0.85:
                kind, membership, location = (
                    TargetKind.LOCATION,
                    None,
                    f"{rng.choice(AREAS)}, bij {rng.choice(PLACES)}",
                )
            else:
                kind, membership, location = TargetKind.GROUP, None, ""
            measures.append(
                {
                    "key": key(),
                    "track": track,
                    "organisation": rng.choice(orgs),
                    "target_kind": kind,
                    "membership": membership,
                    "location": location,
                    "description": rng.choice(MEASURES[track]),
                }
            )
        content = {
            "goals": goals,
            "tracks": {
                "persoon": "Persoonsgerichte aanpak voor de kern van de groep, met gezinsgesprekken.",
                "groep": "Groepsgesprekken door het jongerenwerk; de groep uit elkaar halen waar het kan.",
                "omgeving": f"Extra toezicht en betere verlichting bij {place}.",
            },
            "strategy": {
                "first_things_first": f"Eerst de overlast bij {place} stoppen.",
                "interventions": "Gesprekken, toezicht, perspectief op werk en school.",
                "roles": "De coördinator stuurt; de partners voeren uit en melden voortgang.",
                "communication": "Woordvoering via de gemeente; niet reageren op sociale media.",
                "rewarding": "Toegang tot activiteiten van het jongerenwerk bij goed gedrag.",
            },
            "organisation": {
                "information": "De politie levert wekelijks incidentcijfers voor de monitoring.",
                "agreements": "Afspraken staan in het systeem; de coördinator bewaakt ze wekelijks.",
            },
            "results": results,
            "scenarios": [
                {
                    "key": key(),
                    "trigger": "Een geweldsincident of een oproep tot rellen.",
                    "response": "Crisismodus met een dagelijkse korte briefing.",
                }
            ],
            "measures": measures,
        }
        return content, results

    def _action(self, case, author, measures, users_of, owner_weights, today):
        rng = self.rng
        m = rng.choice(measures)
        org = m["organisation"]
        owner = None
        if org == self.gemeente.pk:  # the municipality's part is the coordinator's
            owner = author
        elif rng.random() < 0.9 and users_of.get(org):
            owner = rng.choices(users_of[org], owner_weights[org])[0]
        if case.step == 5:
            due = today + timedelta(days=rng.randint(7, 120))
        elif case.step == 6:
            due = today + timedelta(days=rng.randint(-200, 120))
        else:
            due = today + timedelta(days=rng.randint(-300, 10))
        roll = rng.random()
        if due >= today:
            status = (
                ActionStatus.PLANNED
                if roll < 0.45
                else ActionStatus.RUNNING
                if roll < 0.9
                else ActionStatus.DONE
            )
        elif case.status == CaseStatus.CLOSED or case.step == 7:
            status = (
                ActionStatus.DONE
                if roll < 0.8
                else ActionStatus.LAPSED
                if roll < 0.95
                else ActionStatus.NOT_KEPT
            )
        else:
            status = (
                ActionStatus.DONE
                if roll < 0.62
                else ActionStatus.NOT_KEPT
                if roll < 0.7
                else ActionStatus.LAPSED
                if roll < 0.76
                else ActionStatus.RUNNING  # open past its due date: overdue
            )
        completed = None
        if status == ActionStatus.DONE:
            day = min(today, due + timedelta(days=rng.randint(-20, 10)))
            completed = min(self.now, timezone.make_aware(datetime.combine(day, datetime.min.time())))
        return Action(
            case=case,
            measure_key=m["key"],
            track=m["track"],
            organisation_id=org,
            owner=owner,
            target_kind=m["target_kind"],
            membership_id=m["membership"],
            location=m["location"],
            description=m["description"],
            due_date=due,
            status=status,
            result_note="Uitgevoerd zoals afgesproken." if status == ActionStatus.DONE else "",
            completed_at=completed,
            created_by=author,
        )

    # --- the processing log -------------------------------------------------------------

    def make_log(self):
        """Append sc.log_entries entries to the chain, in traces like the pages write them."""
        rng, sc = self.rng, self.sc
        register = {a.code: a for a in ProcessingActivity.objects.all()}
        purposes = {
            code: (a.purpose[:200], a.get_legal_basis_display()[:200]) for code, a in register.items()
        }
        cases = [c for c in self.personal_cases if self.members[c.pk]]
        readers = {}
        for case in cases:
            people = list(self.regisseurs[:2])
            if case.coordinator_id:
                people.append(next(u for u in self.coordinators if u.pk == case.coordinator_id))
            for org in self.participants[case.pk]:
                people += self.professionals.get(org.pk, [])[:3]
            readers[case.pk] = people
        org_names = {o.pk: o.name for o in self.orgs}
        ops = list(zip(LOG_OPERATIONS, LOG_WEIGHTS, strict=True))
        operations, weights = zip(*ops, strict=True)
        start = self.now - timedelta(days=730)
        step = timedelta(days=729) / max(1, sc.log_entries)

        with transaction.atomic():
            head = LogHead.objects.select_for_update().filter(pk=1).first()
            if head is None:
                LogHead.objects.get_or_create(pk=1)
                head = LogHead.objects.select_for_update().get(pk=1)
            seq, prev = head.last_sequence, head.last_hash
            key_id = current_key_id()
            written, rows = 0, []
            entry = _Entry()
            while written < sc.log_entries:
                case = rng.choice(cases)
                operation, action, activity, per_member = rng.choices(operations, weights)[0]
                members = self.members[case.pk]
                subjects = members if per_member else [rng.choice(members)]
                subjects = subjects[: sc.log_entries - written]
                actor = rng.choice(readers[case.pk])
                when = start + step * written
                purpose, basis = purposes[activity]
                trace_id = f"{rng.getrandbits(128):032x}"
                parent = f"{rng.getrandbits(64):016x}"
                for person in subjects:
                    seq += 1
                    entry.set(
                        sequence=seq,
                        trace_id=trace_id,
                        span_id=f"{rng.getrandbits(64):016x}",
                        parent_span_id=parent,
                        operation=operation,
                        action=action,
                        status="ok",
                        started_at=when,
                        ended_at=when + timedelta(microseconds=rng.randint(200, 5000)),
                        actor_id=actor.pk,
                        actor_username=actor.username,
                        actor_organisation=org_names[actor.organisation_id],
                        activity=activity,
                        data_subject=str(person.pseudonym),
                        case_id=case.pk,
                        purpose=purpose,
                        legal_basis=basis,
                        categories=Category.PERSONAL.value,
                        prev_hash=prev,
                        key_id=key_id,
                    )
                    prev = entry.entry_hash = compute_hash(entry)
                    rows.append(entry.row())
                written += len(subjects)
                if len(rows) >= 20_000:
                    _insert_log(rows)
                    rows = []
            if rows:
                _insert_log(rows)
            LogHead.objects.filter(pk=head.pk).update(last_sequence=seq, last_hash=prev)
        total = ProcessingLogEntry.objects.aggregate(n=Max("sequence"))["n"]
        return f"{written} regels (keten nu {total} lang)"


class _Entry:
    """Just the attributes compute_hash() reads; cheaper than a model instance per row."""

    def __init__(self):
        self._row = operator.itemgetter(*LOG_COLUMNS)
        self._dates = [LOG_COLUMNS.index("started_at"), LOG_COLUMNS.index("ended_at")]
        # SQLite stores naive UTC text; psycopg's COPY takes aware datetimes as they are.
        self._db_dt = (lambda v: v) if connection.vendor == "postgresql" else _sqlite_datetime

    def set(self, **values):
        self.__dict__.update(values)

    def row(self) -> tuple:
        row = list(self._row(self.__dict__))
        for i in self._dates:
            row[i] = self._db_dt(row[i])
        return tuple(row)


def _sqlite_datetime(value: datetime) -> str:
    return str(value.astimezone(UTC).replace(tzinfo=None))


def _insert_log(rows: list[tuple]) -> None:
    table = ProcessingLogEntry._meta.db_table
    columns = ", ".join(connection.ops.quote_name(c) for c in LOG_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(LOG_COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608
