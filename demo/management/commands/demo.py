"""Fictional demo data: two municipalities, one user per role, three groups modelled on
the three stories of the source. Idempotent: running it again changes nothing."""

import zlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Municipality, Organisation, OrganisationKind, Role, User
from accounts.services import apply_user_access
from analysis import services as analysis
from cases import name_lists
from cases import services as case_services
from cases.models import Case, Step
from groups.models import YouthGroup
from groups.services import assess_member
from intake.models import BehaviourTag, Signal
from monitoring import actions as approach_actions
from monitoring import services as monitoring
from monitoring.models import Action, ActionStatus, IndicatorSource
from plans import services as approach_plan
from privacy import changes
from privacy.categories import Category, LegalBasis
from privacy.models import Covenant, MatrixItem
from privacy.services import publish_covenant

DEMO_PASSWORD = "demo-Groepsaanpak-2026"
HAVENHOOFD = "Groep Havenhoofd"  # the case whose advice waits for the burgemeester (issue 19)
K = OrganisationKind

ORGANISATIONS = [
    ("Gemeente Westerhaven", K.GEMEENTE),
    ("Politie basisteam Westerhaven", K.POLITIE),
    ("Openbaar Ministerie, arrondissement Kustland", K.OM),
    ("Stichting Jongerenwerk Westerhaven", K.JONGERENWERK),
    ("Handhaving Westerhaven", K.HANDHAVING),
    ("Bureau Leerplicht Westerhaven", K.LEERPLICHT),
    ("Jeugdhulp Kustland", K.ZORG),
    ("Veilig Thuis Kustland", K.VEILIG_THUIS),
]

# username, first, last, organisation, role, function
USERS = [
    (
        "regisseur",
        "Renske",
        "Regisseur",
        "Gemeente Westerhaven",
        Role.PROCESREGISSEUR,
        "procesregisseur OOV",
    ),
    (
        "coordinator",
        "Cor",
        "Coördinator",
        "Gemeente Westerhaven",
        Role.COORDINATOR,
        "uitvoeringscoördinator",
    ),
    (
        "wijkagent",
        "Wim",
        "Wijkagent",
        "Politie basisteam Westerhaven",
        Role.PROFESSIONAL,
        "wijkagent",
    ),
    (
        "officier",
        "Olga",
        "Officier",
        "Openbaar Ministerie, arrondissement Kustland",
        Role.PROFESSIONAL,
        "officier van justitie",
    ),
    (
        "jongerenwerker",
        "Jamal",
        "Jongerenwerker",
        "Stichting Jongerenwerk Westerhaven",
        Role.PROFESSIONAL,
        "jongerenwerker",
    ),
    # The groepsscan is addressed to the teamchef's function (§3.3): only she answers it.
    ("teamchef", "Tessa", "Teamchef", "Politie basisteam Westerhaven", Role.PROFESSIONAL, "teamchef"),
    ("boa", "Bo", "Boa", "Handhaving Westerhaven", Role.PROFESSIONAL, "BOA"),
    (
        "leerplicht",
        "Lotte",
        "Leerplicht",
        "Bureau Leerplicht Westerhaven",
        Role.PROFESSIONAL,
        "leerplichtambtenaar",
    ),
    ("zorg", "Zeynep", "Zorg", "Jeugdhulp Kustland", Role.PROFESSIONAL, "jeugdhulpverlener"),
    (
        "burgemeester",
        "Bram",
        "Burgemeester",
        "Gemeente Westerhaven",
        Role.BESLISSER,
        "burgemeester",
    ),
    (
        "privacy",
        "Pien",
        "Privacy",
        "Gemeente Westerhaven",
        Role.PRIVACYFUNCTIONARIS,
        "functionaris gegevensbescherming",
    ),
    ("beheer", "Ben", "Beheer", "Gemeente Westerhaven", Role.BEHEERDER, "applicatiebeheerder"),
]

# Demo covenant: (kind, category): (supply, receive, basis)
S, R, SR = (True, False), (False, True), (True, True)
# Referrals (the approach per person) have their own row: the municipality's regisseur makes
# them (Purmerend, Hilversum) without receiving criminal-law or care data for it.
REF = Category.REFERRAL
COVENANT = {
    K.GEMEENTE: {Category.PERSONAL: SR, Category.CRIMINAL: R, Category.CARE: R, Category.BSN: SR, REF: SR},
    K.POLITIE: {Category.PERSONAL: SR, Category.CRIMINAL: SR, REF: SR},
    K.OM: {Category.PERSONAL: SR, Category.CRIMINAL: SR, REF: R},
    K.JONGERENWERK: {Category.PERSONAL: SR, Category.CARE: S, REF: R},
    K.HANDHAVING: {Category.PERSONAL: SR},
    K.LEERPLICHT: {Category.PERSONAL: SR, Category.CRIMINAL: S},
    K.ZORG: {Category.PERSONAL: SR, Category.CARE: SR, REF: SR},
    K.VEILIG_THUIS: {Category.PERSONAL: S, Category.CARE: S, REF: SR},
    K.RAAD_KINDERBESCHERMING: {Category.PERSONAL: SR, Category.CARE: R, REF: SR},
    K.RECLASSERING: {Category.PERSONAL: SR, Category.CRIMINAL: R, REF: SR},
    K.HALT: {Category.PERSONAL: SR, REF: SR},
    K.JJI: {Category.PERSONAL: R, REF: R},
}
BASIS = {
    K.POLITIE: LegalBasis.WPG_19,
    K.OM: LegalBasis.WJSG,
    K.ZORG: LegalBasis.JEUGDWET_7_4,
    K.VEILIG_THUIS: LegalBasis.WMO_5_2,
    K.LEERPLICHT: LegalBasis.LEERPLICHT,
}


WHY_NAMED = "Aangewezen door de eigen organisatie: werkt met deze jongeren."


def _staff(users: dict, organisation_name: str) -> list:
    """The demo professionals of an organisation: named for the cases it is invited to, so
    the demo shows them the names the covenant gives their organisation (need to know)."""
    return [
        users[username]
        for username, _first, _last, org, role, _function in USERS
        if org == organisation_name and role == Role.PROFESSIONAL
    ]


# Westerhaven is fictional; so are its coordinates: a centre per area, and each place a fixed
# small step from it (the map of intake.maps has something to show).
DEMO_AREAS = {
    "Centrum": (52.2100, 4.4000), "Noord": (52.2240, 4.4060), "Zuid": (52.1960, 4.3980),
    "Parkwijk": (52.2050, 4.4200), "Strand": (52.2120, 4.3720),
}  # fmt: skip


def demo_place(location: str, area: str):
    base = DEMO_AREAS.get(area)
    if base is None:
        return None, None
    h = zlib.crc32(location.encode())
    return (
        Decimal(str(round(base[0] + ((h % 200) - 100) / 40000, 6))),
        Decimal(str(round(base[1] + ((h // 200) % 200 - 100) / 25000, 6))),
    )


class Command(BaseCommand):
    help = "Laadt fictieve demonstratiegegevens (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        west, _ = Municipality.objects.get_or_create(name="Westerhaven", defaults={"code": "GM9901"})
        east, _ = Municipality.objects.get_or_create(name="Oosterdijk", defaults={"code": "GM9902"})
        orgs = {}
        for name, kind in ORGANISATIONS:
            orgs[name], _ = Organisation.objects.get_or_create(
                name=name, municipality=west, defaults={"kind": kind}
            )
        east_gemeente, _ = Organisation.objects.get_or_create(
            name="Gemeente Oosterdijk", municipality=east, defaults={"kind": K.GEMEENTE}
        )
        users = {}
        for username, first, last, org, role, function in USERS:
            users[username] = self._user(username, first, last, orgs[org], role, function)
        users["buurgemeente"] = self._user(
            "buurgemeente",
            "Noor",
            "Buurgemeente",
            east_gemeente,
            Role.PROCESREGISSEUR,
            "procesregisseur",
        )
        if not Covenant.objects.filter(municipality=west).exists():
            self._covenant(west, list(orgs.values()), users["regisseur"])
        if not Covenant.objects.filter(municipality=east).exists():
            self._covenant(east, [east_gemeente], users["buurgemeente"])
        if not YouthGroup.objects.filter(municipality=west).exists():
            self._groups(west, east, orgs, users)
        self._name_staff(west, orgs, users)
        if not YouthGroup.objects.filter(municipality=west, name=HAVENHOOFD).exists():
            self._waiting_work(west, east, orgs, users)
        # Steps 5–6 for Parkwijk (issue 6): built once, also on a demo database that an
        # earlier version of this command left at step 5 without a plan of approach.
        park = Case.objects.filter(municipality=west, group__name="Jongeren Parkwijk").first()
        if park is not None and park.step == Step.PLAN and not park.approach_plans.exists():
            self._story3_steps_5_and_6(park, orgs, users)
        self.stdout.write(self.style.SUCCESS("Demogegevens staan klaar."))
        self.stdout.write(f"Demo-logins (wachtwoord voor iedereen: {DEMO_PASSWORD}):")
        for username, *_rest, _role, function in USERS + [
            ("buurgemeente", "", "", "", Role.PROCESREGISSEUR, "procesregisseur Oosterdijk")
        ]:
            self.stdout.write(f"  {username:<15} {function}")
        if not settings.DEMO_MODE:
            self.stdout.write(
                "Let op: buiten demomodus stelt elke gebruiker bij de eerste login tweestapsverificatie in."
            )

    def _name_staff(self, municipality, orgs, users):
        """Name the demo professionals for the cases their organisation takes part in, also on
        a demo database made before naming per person existed (idempotent)."""
        names = {org.pk: name for name, org in orgs.items()}
        for case in Case.objects.filter(municipality=municipality).select_related("opened_by"):
            named = case.named_user_ids()
            for org_id in case.participant_organisation_ids():
                for user in _staff(users, names.get(org_id, "")):
                    if user.pk not in named:
                        case_services.name_person(case, user=user, reason=WHY_NAMED, actor=case.opened_by)

    def _user(self, username, first, last, org, role, function):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "function_title": function},
        )
        if created:
            # Seeding is not the beheer pages: access is applied directly, through the same
            # service a four-eyes approval uses (privacy.changes).
            apply_user_access(
                user,
                organisation=org,
                role=role,
                is_staff=role == Role.BEHEERDER,
                email=f"{username}@westerhaven.example",
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user

    def _covenant(self, municipality, parties, actor):
        rules = []
        for kind, cats in COVENANT.items():
            for category, (supply, receive) in cats.items():
                rules.append(
                    {
                        "organisation_kind": kind,
                        "category": category,
                        "may_supply": supply,
                        "may_receive": receive,
                        "legal_basis": BASIS.get(kind, LegalBasis.AVG_6_1_E_GEMEENTEWET),
                        "retention_months": 24,
                    }
                )
        publish_covenant(
            municipality=municipality,
            title=f"Convenant aanpak jeugdgroepen {municipality.name}",
            effective_from=date(2026, 1, 1),
            parties=parties,
            rules=rules,
            actor=actor,
            purposes="Integrale aanpak van problematische jeugdgroepen en groepsgedrag; "
            "verminderen van overlast en criminaliteit; perspectief voor de jongeren.",
        )

    def _signal(self, user, when, location, area, behaviours, text, size, ages, source, impact, group=None):
        latitude, longitude = demo_place(location, area)
        signal = Signal.objects.create(
            latitude=latitude,
            longitude=longitude,
            municipality=user.organisation.municipality,
            organisation=user.organisation,
            reported_by=user,
            observed_at=when,
            location=location,
            area=area,
            group_size=size,
            age_min=ages[0],
            age_max=ages[1],
            source=source,
            impact=impact,
            description=text,
            status="gekoppeld" if group else "nieuw",
            group=group,
        )
        BehaviourTag.objects.bulk_create(BehaviourTag(signal=signal, behaviour=b) for b in behaviours)
        return signal

    def _groups(self, west, east, orgs, u):
        now = timezone.now()
        regisseur = u["regisseur"]
        # Story 1: a young group (12–13) causing nuisance all over town, alcohol and drugs.
        jonkies = YouthGroup.objects.create(
            name="De Jonkies",
            municipality=west,
            created_by=regisseur,
            locations="Centrum, Havenkwartier, skatebaan Noorderpark",
            description="Groep van ongeveer tien jongens en meisjes van 12–13 jaar, die zich over "
            "de hele stad verplaatst. Alcohol en blowen, overlast bij winkels en in het park.",
        )
        for days, who, loc, area, beh, text in [
            (
                20,
                "boa",
                "Noorderpark, bij de skatebaan",
                "Noord",
                ["overlast", "alcohol_drugs"],
                "Groep van ongeveer tien jonge tieners met blikjes bier en een joint. Na aanspreken weggegaan.",
            ),
            (
                12,
                "wijkagent",
                "Winkelcentrum Havenkwartier",
                "Centrum",
                ["overlast", "intimidatie"],
                "Melding van ondernemers: groep jonge jongeren hangt bij de ingang en scheldt klanten uit.",
            ),
            (
                5,
                "jongerenwerker",
                "Speeltuin Zuiderhof",
                "Zuid",
                ["alcohol_drugs"],
                "Jongste jongeren uit het centrum nu ook hier; ze drinken en laten afval achter.",
            ),
        ]:
            self._signal(
                u[who],
                now - timedelta(days=days),
                loc,
                area,
                beh,
                text,
                10,
                (12, 13),
                "eigen",
                "middel",
                jonkies,
            )
        case1 = case_services.open_case(
            jonkies, actor=regisseur, reason="Signalen van drie partners in korte tijd."
        )
        case_services.appoint_coordinator(
            case1,
            coordinator=u["coordinator"],
            legal_basis_choice=LegalBasis.AVG_6_1_E_GEMEENTEWET,
            legal_basis="Convenant aanpak jeugdgroepen Westerhaven, art. 4.",
            necessity="Overlast op vijf locaties in drie weken; jonge leeftijd vraagt om snelle, gerichte aanpak.",
            actor=regisseur,
        )
        for org in (
            "Politie basisteam Westerhaven",
            "Stichting Jongerenwerk Westerhaven",
            "Handhaving Westerhaven",
        ):
            case_services.invite_participant(
                case1, organisation=orgs[org], actor=regisseur, name=_staff(u, org), reason=WHY_NAMED
            )
        case_services.advance_case(
            case1, to_step=2, actor=regisseur, reason="Extra aandacht nodig: informatie verzamelen."
        )
        coord = u["coordinator"]
        members = [
            ("Daan Visser", "Daantje", "kopstuk"),
            ("Mila Bakker", "", "harde_kern"),
            ("Sem de Groot", "Semmie", "meeloper"),
        ]
        for name, nick, role in members:
            case_services.add_to_name_list(
                case1,
                actor=coord,
                full_name=name,
                nickname=nick,
                date_of_birth=date(2013, 5, 1),
                role_in_group=role,
            )
        m = case1.memberships.first()
        halt = MatrixItem.objects.get(label="Aantal maal verwezen naar Halt")
        case_services.add_information(
            case1,
            actor=u["wijkagent"],
            matrix_item=halt,
            content="Eenmaal naar Halt verwezen (vernieling, 2026).",
            person=m.person,
        )
        drugs = MatrixItem.objects.get(label="Alcohol- en drugsgebruik; welke?")
        case_services.add_information(
            case1,
            actor=u["jongerenwerker"],
            matrix_item=drugs,
            content="Blowen en bier in het weekend, groepsdruk speelt mee.",
        )

        # Story 2: a fight call on social media, escalating around a metro station within days.
        station = YouthGroup.objects.create(
            name="Groep Metrostation Noord",
            municipality=west,
            created_by=regisseur,
            locations="Metrostation Noord, busplein",
            description="Wisselende groep van 15–25 jongeren "
            "die op een oproep via social media naar het metrostation komt; dreiging van een vechtpartij.",
        )
        station.other_municipalities.add(east)
        for days, who, beh, text in [
            (
                3,
                "wijkagent",
                ["social_media", "geweld"],
                "Oproep in een groepsapp om zaterdag te vechten bij het metrostation.",
            ),
            (
                2,
                "boa",
                ["intimidatie", "overlast"],
                "Ongeveer twintig jongeren op het busplein, reizigers voelen zich bedreigd.",
            ),
        ]:
            self._signal(
                u[who],
                now - timedelta(days=days),
                "Metrostation Noord",
                "Noord",
                beh,
                text,
                20,
                (15, 19),
                "social_media",
                "hoog",
                station,
            )
        case2 = case_services.open_case(
            station, actor=regisseur, reason="Dreigende escalatie: snel handelen."
        )
        case_services.appoint_coordinator(
            case2,
            coordinator=coord,
            legal_basis_choice=LegalBasis.AVG_6_1_E_GEMEENTEWET,
            legal_basis="Convenant aanpak jeugdgroepen Westerhaven, art. 4.",
            necessity="Acute dreiging van geweld in de openbare ruimte.",
            actor=regisseur,
        )
        for org in (
            "Politie basisteam Westerhaven",
            "Handhaving Westerhaven",
            "Stichting Jongerenwerk Westerhaven",
        ):
            case_services.invite_participant(
                case2, organisation=orgs[org], actor=regisseur, name=_staff(u, org), reason=WHY_NAMED
            )
        case_services.advance_case(case2, to_step=2, actor=regisseur, reason="Snel beeld nodig.")
        case_services.advance_case(
            case2, to_step=3, actor=regisseur, reason="Informatie binnen; integraal beeld maken."
        )
        self._story2_fast_track(case2, east, u)

        # Story 3: a two-year neighbourhood approach, about 90 youths, with plus/min/mee.
        park = YouthGroup.objects.create(
            name="Jongeren Parkwijk",
            municipality=west,
            created_by=regisseur,
            locations="Parkwijk, winkelstrip Lindelaan, sporthal",
            description="Netwerk van ongeveer "
            "negentig jongeren in Parkwijk; een kleine harde kern, veel meelopers. Wijkaanpak sinds twee jaar.",
        )
        self._signal(
            u["jongerenwerker"],
            now - timedelta(days=30),
            "Sporthal Parkwijk",
            "Parkwijk",
            ["vandalisme"],
            "Vernielingen bij de sporthal na sluitingstijd, groep van ongeveer vijftien.",
            15,
            (14, 18),
            "eigen",
            "middel",
            park,
        )
        case3 = case_services.open_case(park, actor=regisseur, reason="Wijkaanpak Parkwijk.")
        case_services.appoint_coordinator(
            case3,
            coordinator=coord,
            legal_basis_choice=LegalBasis.AVG_6_1_E_GEMEENTEWET,
            legal_basis="Convenant aanpak jeugdgroepen Westerhaven, art. 4.",
            necessity="Langdurige overlast en criminaliteit in de wijk.",
            actor=regisseur,
        )
        for org in ORGANISATIONS[1:7]:
            case_services.invite_participant(
                case3, organisation=orgs[org[0]], actor=regisseur, name=_staff(u, org[0]), reason=WHY_NAMED
            )
        case_services.advance_case(
            case3, to_step=2, actor=regisseur, reason="Namenlijst en groepsdynamiek in beeld brengen."
        )
        park_members = [
            ("Ryan Meijer", "kopstuk", [("min", 5, True), ("min", 5, True), ("mee", 4, False)]),
            ("Yusuf Demir", "harde_kern", [("min", 4, False), ("mee", 3, False), ("plus", 3, False)]),
            ("Luuk Smit", "meeloper", [("mee", 2, False), ("plus", 2, False), ("plus", 2, False)]),
            ("Anouk de Wit", "aanhang", [("plus", 3, False), ("plus", 3, False), ("plus", 4, False)]),
        ]
        for name, role, history in park_members:
            membership = case_services.add_to_name_list(
                case3, actor=coord, full_name=name, role_in_group=role, date_of_birth=date(2009, 3, 1)
            )
            case_services.set_membership_status(membership, status="agreed", actor=coord)
            for months_ago, (dynamic, influence, leader) in zip((12, 6, 1), history, strict=True):
                assess_member(
                    membership,
                    actor=u["jongerenwerker"],
                    assessed_on=timezone.localdate() - timedelta(days=30 * months_ago),
                    dynamic=dynamic,
                    influence=influence,
                    is_leader=leader,
                )
        case_services.advance_case(
            case3, to_step=3, actor=regisseur, reason="Integraal beeld maken met de partners."
        )
        self._story3_steps_3_and_4(case3, orgs, u)
        case_services.advance_case(
            case3, to_step=5, actor=regisseur, reason="Geprioriteerd door de driehoek."
        )
        # One youth across groups (issue 18): Anouk of Parkwijk also hangs out with De Jonkies;
        # the regisseur links the same person to that list instead of typing her again, so
        # who sees both lists reads "ook op de lijst van" and "bekend bij" covers both groups.
        anouk = case3.memberships.get(person__full_name="Anouk de Wit").person
        name_lists.link_person(case1, actor=regisseur, person=anouk, role_in_group="aanhang")
        # Story-less: one new, unlinked signal for the regisseur to triage.
        self._signal(
            u["boa"],
            now - timedelta(hours=6),
            "Strandboulevard",
            "Strand",
            ["overlast"],
            "Groepje van vijf jongeren met harde muziek na middernacht.",
            5,
            (16, 18),
            "bewoner",
            "laag",
        )
        assert Case.objects.filter(municipality=west).count() == 3  # noqa: S101 - the demo checks its own seed

    # --- work that waits (issue 19): something on every demo role's home page -------------

    def _waiting_work(self, west, east, orgs, u):
        """Havenhoofd: a group-level case in step 4 whose advice waits for the burgemeester's
        decision; a covenant change waiting for a second person (beheerder, privacy officer);
        a new signal in Oosterdijk for its regisseur to triage."""
        regisseur, coord = u["regisseur"], u["coordinator"]
        group = YouthGroup.objects.create(
            name=HAVENHOOFD,
            municipality=west,
            created_by=regisseur,
            locations="Havenhoofd, pier",
            description="Groep van ongeveer acht jongeren die 's avonds op de pier vuurwerk afsteekt.",
        )
        case = case_services.open_case(group, actor=regisseur, reason="Aanhoudende signalen op de pier.")
        case_services.appoint_coordinator(
            case,
            coordinator=coord,
            legal_basis_choice=LegalBasis.AVG_6_1_E_GEMEENTEWET,
            legal_basis="Convenant aanpak jeugdgroepen Westerhaven, art. 4.",
            necessity="Gevaar voor omstanders bij het afsteken van vuurwerk.",
            actor=regisseur,
        )
        for org in ("Politie basisteam Westerhaven", "Stichting Jongerenwerk Westerhaven"):
            case_services.invite_participant(
                case, organisation=orgs[org], actor=regisseur, name=_staff(u, org), reason=WHY_NAMED
            )
        case_services.advance_case(case, to_step=2, actor=regisseur, reason="Beeld van de groep nodig.")
        case_services.advance_case(case, to_step=3, actor=regisseur, reason="Op groepsniveau genoeg bekend.")
        analysis.save_picture(
            case, actor=coord, based_on=0,
            group_characteristics="Vaste groep van ongeveer acht jongeren, 15 tot 17 jaar.",
            behaviour="Vuurwerk afsteken op de pier, vooral in het weekend.",
            domain_openbare_orde="Meldingen van wandelaars en vissers over knallen en afval.",
            severity="middel",
            urgency="middel",
        )  # fmt: skip
        analysis.save_concept_plan(
            case, actor=coord, based_on=0,
            group_line="Groepsgesprek door het jongerenwerk over veiligheid op de pier.",
            area_line="Extra toezicht op vrijdag- en zaterdagavond.",
            strategy="Eerst in gesprek; handhaven als het vuurwerk doorgaat.",
        )  # fmt: skip
        case_services.advance_case(case, to_step=4, actor=regisseur, reason="Advies aan de driehoek.")
        advice = analysis.generate_advice(case, actor=regisseur)
        analysis.edit_advice(advice, actor=regisseur, body=advice.body, forum="driehoek")
        analysis.add_forum_member(
            advice,
            actor=regisseur,
            name="De burgemeester",
            organisation="Gemeente Westerhaven",
            mandate="voorzitter",
        )
        analysis.send_advice(advice, actor=regisseur)
        # Four eyes: the regisseur asks for a shorter default retention; a second person decides.
        current = Covenant.objects.filter(municipality=west).order_by("-version").first()
        rules = [
            {
                "organisation_kind": r.organisation_kind,
                "category": r.category,
                "may_supply": r.may_supply,
                "may_receive": r.may_receive,
                "legal_basis": r.legal_basis,
                "retention_months": 18,
            }
            for r in current.rules.all()
        ]
        changes.request_covenant(
            municipality=west, actor=regisseur, reason="Kortere standaardbewaartermijn, na de evaluatie.",
            title=current.title, effective_from=timezone.localdate() + timedelta(days=30),
            purposes=current.purposes, rules=rules,
        )  # fmt: skip
        self._signal(
            u["buurgemeente"],
            timezone.now() - timedelta(hours=3),
            "Station Oosterdijk",
            "Centrum",
            ["overlast"],
            "Groep van ongeveer zes jongeren bij de fietsenstalling, harde muziek.",
            6,
            (15, 17),
            "eigen",
            "laag",
        )

    # --- steps 3–4 (issue 5), built with the same services the pages use ---------------

    def _story3_steps_3_and_4(self, case, orgs, u):
        """Parkwijk: more members and their dynamics, ties, the interventiematrix, a round of
        circular questioning with threads, two versions of the picture, the concept plan with
        capacity, the anonymised advice to the driehoek and its prioritising decision."""
        coord, regisseur, today = u["coordinator"], u["regisseur"], timezone.localdate()
        extra = [
            ("Mees Hendriks", "meeloper", [("mee", 2, False), ("mee", 2, False), ("plus", 3, False)]),
            ("Jesse Kok", "harde_kern", [("min", 4, False), ("min", 4, False), ("min", 3, False)]),
            ("Bilal Yilmaz", "meeloper", [("mee", 2, False), ("mee", 3, False), ("mee", 3, False)]),
            ("Tess van Leeuwen", "aanhang", [("plus", 2, False), ("plus", 3, False), ("plus", 3, False)]),
            ("Omar Haddou", "meeloper", [("mee", 1, False), ("min", 2, False), ("mee", 2, False)]),
            ("Lars de Boer", "harde_kern", [("min", 3, False), ("mee", 3, False), ("mee", 2, False)]),
            ("Julia Vos", "aanhang", [("mee", 2, False), ("plus", 2, False), ("plus", 3, False)]),
            ("Stijn Dekker", "meeloper", [("mee", 2, False), ("mee", 2, False), ("mee", 1, False)]),
        ]
        for name, role, history in extra:
            m = case_services.add_to_name_list(case, actor=coord, full_name=name, role_in_group=role)
            case_services.set_membership_status(m, status="agreed", actor=coord)
            for months_ago, (dynamic, influence, leader) in zip((12, 6, 1), history, strict=True):
                assess_member(
                    m,
                    actor=u["jongerenwerker"],
                    assessed_on=today - timedelta(days=30 * months_ago),
                    dynamic=dynamic,
                    influence=influence,
                    is_leader=leader,
                )
        m = {x.person.full_name: x for x in case.memberships.select_related("person")}
        worker = u["jongerenwerker"]
        for source, target, kind, months_ago, ended in [
            ("Ryan Meijer", "Yusuf Demir", "leider_volger", 12, None),
            ("Ryan Meijer", "Jesse Kok", "leider_volger", 12, None),
            ("Ryan Meijer", "Lars de Boer", "leider_volger", 12, 3),
            ("Jesse Kok", "Omar Haddou", "leider_volger", 6, None),
            ("Yusuf Demir", "Luuk Smit", "vriendschap", 12, None),
            ("Anouk de Wit", "Tess van Leeuwen", "vriendschap", 12, None),
            ("Anouk de Wit", "Julia Vos", "familie", 12, None),
            ("Mees Hendriks", "Bilal Yilmaz", "vriendschap", 6, None),
            ("Stijn Dekker", "Bilal Yilmaz", "vriendschap", 6, None),
            ("Lars de Boer", "Jesse Kok", "rivaliteit", 2, None),
        ]:
            tie = analysis.add_tie(
                case, actor=worker, source=m[source], target=m[target], kind=kind,
                since=today - timedelta(days=30 * months_ago),
            )  # fmt: skip
            if ended:
                analysis.end_tie(tie, actor=worker, until=today - timedelta(days=30 * ended))
        # Work form 1: the interventiematrix, filled beforehand by police and youth work.
        analysis.add_intervention(
            case, actor=u["wijkagent"], column="signalen",
            content="Vernielingen bij de sporthal na sluitingstijd; intimidatie bij de winkelstrip.",
        )  # fmt: skip
        analysis.add_intervention(
            case, actor=u["wijkagent"], membership=m["Ryan Meijer"], column="informatie", category=Category.CRIMINAL,
            content="Twee processen-verbaal voor vernieling in het afgelopen jaar.",
        )  # fmt: skip
        analysis.add_intervention(
            case, actor=u["jongerenwerker"], membership=m["Ryan Meijer"], column="strategie",
            category=Category.PERSONAL, content="Aanspreekbaar via zijn oudere broer; zoekt werk.",
        )  # fmt: skip
        analysis.add_intervention(
            case, actor=u["jongerenwerker"], column="interventies",
            content="Avondopenstelling van de sporthal met jongerenwerk; voetbaltoernooi met de wijkagent.",
        )  # fmt: skip
        # Work form 3: circular questioning, answered beforehand by three organisations.
        circle = analysis.open_round(case, actor=coord, session_on=today)
        analysis.answer_round(
            circle, actor=u["wijkagent"],
            characteristics=["Kleine harde kern, grote wisselende aanhang", "Territoriaal rond de winkelstrip"],
            risks=["Doorgroei van de kern naar drugshandel", "Escalatie met een groep uit een andere wijk"],
            connections=["Voetbalclub in de wijk"],
            key_figures_inside=[m["Ryan Meijer"], m["Jesse Kok"]],
            key_figures_outside="Oudere broers die eerder in beeld waren",
        )  # fmt: skip
        analysis.answer_round(
            circle, actor=u["jongerenwerker"],
            characteristics=["Zoeken erkenning en een eigen plek", "Veel meelopers die makkelijk mee te krijgen zijn"],
            risks=["Schooluitval bij de meelopers", "Geen plek om 's avonds heen te gaan"],
            connections=["Sporthal in de avonden", "Stages bij ondernemers aan de winkelstrip"],
            key_figures_inside=[m["Anouk de Wit"]],
            key_figures_outside="De trainer van de voetbalclub; de beheerder van de sporthal",
        )  # fmt: skip
        analysis.answer_round(
            circle, actor=u["boa"],
            characteristics=["Overlast vooral na sluitingstijd van de sporthal"],
            risks=["Bewoners melden niet meer uit angst"],
            connections=["Ondernemers die willen meedenken"],
        )  # fmt: skip
        for question, text in [
            ("kenmerken", "Een kleine kern stuurt een grote groep meelopers; de groep zoekt een eigen plek."),
            ("risicos", "Doorgroei van de kern naar criminaliteit en afhaken van de meelopers op school."),
            ("verbindingen", "Sport en stages zijn de kansrijkste ingangen naar het gewone leven."),
        ]:
            analysis.record_thread(circle, actor=coord, question=question, text=text)
        analysis.close_round(circle, actor=coord)
        # The picture, in two versions (the second adds the police's duiding).
        picture = {
            "group_characteristics": "Netwerk van ongeveer negentig jongeren; een kleine harde kern stuurt een "
            "grote groep meelopers. Territoriaal rond de winkelstrip en de sporthal.",
            "environment": "Weinig voorzieningen in de avond; ondernemers en bewoners voelen zich onveilig.",
            "persons": "Ryan Meijer is de leider met de meeste invloed; Jesse Kok en Yusuf Demir volgen hem. "
            "Anouk de Wit heeft positieve invloed op de meisjes in de groep.",
            "domain_openbare_orde": "Structurele overlast en intimidatie bij de winkelstrip.",
            "domain_criminaliteit": "Vernielingen; signalen van drugshandel rond de kern.",
            "domain_onderwijs": "Verzuim bij een deel van de meelopers.",
            "domain_vrije_tijd": "Geen plek om na sluitingstijd van de sporthal heen te gaan.",
            "behaviour": "Intimidatie en vernielingen, vooral in groepsverband en in de avond.",
            "dynamics": "De kern bepaalt de toon; meelopers haken aan voor erkenning.",
            "youth_situation": "Veel jongeren zonder dagbesteding; enkelen met schulden thuis.",
            "area_impact": "Bewoners en ondernemers melden minder en mijden de winkelstrip.",
            "severity": "hoog",
            "urgency": "middel",
            "partners_note": "Het OM sluit aan voor de kern.",
        }
        analysis.save_picture(
            case, actor=coord, based_on=0, partners=[orgs[o] for o in (
                "Politie basisteam Westerhaven", "Stichting Jongerenwerk Westerhaven", "Handhaving Westerhaven",
                "Bureau Leerplicht Westerhaven",
            )], **{**picture, "dynamics": "Nog aan te vullen na het circulair bevragen."},
        )  # fmt: skip
        analysis.save_picture(case, actor=u["wijkagent"], based_on=1, **picture)
        analysis.save_concept_plan(
            case, actor=coord, based_on=0,
            person_line="Ryan Meijer en Jesse Kok: persoonsgerichte aanpak met wijkagent en jongerenwerk. "
            "Meelopers: begeleiding naar school en stages.",
            group_line="Groepsgesprekken; positieve rol voor de plus-jongeren bij activiteiten.",
            area_line="Avondopenstelling van de sporthal; extra toezicht bij de winkelstrip.",
            strategy="Eerst de kern, tegelijk perspectief voor de meelopers; goed gedrag belonen.",
        )  # fmt: skip
        for org, hours, months, cost, note in [
            ("Politie basisteam Westerhaven", 8, 12, None, "Wijkagent en gebiedsgebonden team"),
            ("Stichting Jongerenwerk Westerhaven", 16, 12, 25000, "Avondopenstelling en ambulant werk"),
            ("Handhaving Westerhaven", 6, 6, None, "Toezicht winkelstrip"),
            ("Gemeente Westerhaven", 4, 12, 10000, "Coördinatie en activiteitenbudget"),
        ]:
            analysis.add_capacity(
                case,
                actor=coord,
                organisation=orgs[org],
                months=months,
                hours_per_week=hours,
                cost=cost,
                note=note,
            )
        case_services.advance_case(
            case, to_step=4, actor=regisseur, reason="Beeld en concept plan gereed; advies aan de driehoek."
        )
        advice = analysis.generate_advice(case, actor=regisseur)
        analysis.edit_advice(advice, actor=regisseur, body=advice.body, forum="driehoek", meeting_on=today)
        for name, organisation, mandate in [
            ("Bram Burgemeester", "Gemeente Westerhaven", "Voorzitter; besluit over openbare orde"),
            ("Olga Officier", "Openbaar Ministerie", "Gebiedsofficier; strafrechtelijke inzet"),
            ("Tom Teamchef", "Politie basisteam Westerhaven", "Chef basisteam; politie-inzet"),
        ]:
            analysis.add_forum_member(
                advice, actor=regisseur, name=name, organisation=organisation, mandate=mandate
            )
        analysis.send_advice(advice, actor=regisseur)
        analysis.record_decision(
            case, actor=u["burgemeester"], forum="driehoek", decided_on=today, outcome="geprioriteerd", priority=1,
            goals="Overlast bij de winkelstrip binnen een half jaar halveren; de kern uit de criminaliteit houden; "
            "perspectief voor de meelopers.",
            frame_cost="Binnen het budget veiligheid; activiteitenbudget ten hoogste 35.000 euro.",
            frame_capacity="Ten hoogste 40 uur per week over alle partners samen.",
            steering="Het ketenoverleg Parkwijk onder voorzitterschap van de procesregisseur.",
            escalation_line=["professional", "teamleider", "directeur", "burgemeester"],
            inform_moments="Elke zes weken over voortgang en effect; direct bij escalatie.",
            criminal_relation="Het OM voert de regie op de opsporing bij de kern; het plan houdt rekening met het "
            "opsporingsbelang.",
            external_communication="De woordvoerder van de burgemeester.",
        )  # fmt: skip

    # --- steps 5–6 (issue 6), built with the same services the pages use ---------------

    def _story3_steps_5_and_6(self, case, orgs, u):
        """Parkwijk as a living plan in execution: version 1 of the plan of approach drafted
        from the concept plan and completed, actions for every measure with their owners,
        version 2 after the first ketenoverleg, step 6 with an overdue action escalated to
        the teamleider, effect indicators with weekly measurements and a progress report.
        Crisis mode stays off. Every text is group level (the privacy guard checks it)."""
        coord, regisseur, today = u["coordinator"], u["regisseur"], timezone.localdate()
        org = {kind: orgs[name].pk for name, kind in ORGANISATIONS}
        deadline = (today + timedelta(days=182)).isoformat()
        ryan = case.memberships.get(person__full_name="Ryan Meijer")

        # Step 5: version 1, drafted from the concept plan, the decision and the matrix.
        plan = approach_plan.draft(case)
        goal = {g["code"]: g["key"] for g in plan["goals"]}
        plan["tracks"]["persoon"] = (
            "Persoonsgerichte aanpak voor de harde kern met wijkagent en jongerenwerk; "
            "meelopers zonder dagbesteding begeleiden naar school, stage of werk."
        )
        plan["strategy"].update(
            first_things_first="Eerst de overlast bij de winkelstrip terugdringen en de kern aanspreken.",
            roles="De coördinator stuurt en bewaakt de afspraken; elke partner voert de eigen maatregelen uit.",
            rewarding="Wie zich aan de afspraken houdt, krijgt voorrang bij stages en bij de avondopenstelling.",
        )
        plan["organisation"]["information"] = (
            "De politie levert elke week het aantal overlastmeldingen; het jongerenwerk het aantal jongeren "
            "met dagbesteding."
        )
        plan["results"] = [
            {
                "key": "overlast", "goal": goal["criminaliteit"], "domain": "openbare_orde",
                "indicator": "Overlastmeldingen in Parkwijk per week", "unit": "meldingen",
                "baseline": "14", "target": "7", "deadline": deadline,
            },
            {
                "key": "dagbesteding", "goal": goal["perspectief"], "domain": "werk_inkomen",
                "indicator": "Jongeren uit de groep met dagbesteding", "unit": "jongeren",
                "baseline": "4", "target": "9", "deadline": deadline,
            },
        ]  # fmt: skip
        plan["scenarios"] = [
            {
                "key": "rivalen",
                "trigger": "Een confrontatie met een groep uit een andere wijk, of een oproep daartoe online.",
                "response": "De coördinator zet de crisismodus aan; politie en handhaving extra zichtbaar "
                "bij de winkelstrip; dagelijkse briefing tot het rustig is.",
            }
        ]
        plan["measures"] += [
            {
                "key": "kern", "track": "persoon", "organisation": org[K.POLITIE], "target_kind": "jongere",
                "membership": ryan.pk, "location": "",
                "description": "Stopgesprek door de wijkagent, daarna elke twee weken een contactmoment.",
            },
            {
                "key": "toezicht", "track": "omgeving", "organisation": org[K.HANDHAVING],
                "target_kind": "locatie", "membership": None, "location": "Winkelstrip Lindelaan",
                "description": "Extra toezicht op vrijdag- en zaterdagavond van 19 tot 23 uur.",
            },
        ]  # fmt: skip
        v1 = approach_plan.save_plan(case, actor=coord, based_on=0, content=plan)

        # Actions for every measure, with a named owner at the partner.
        due = today + timedelta(days=42)
        avond = next(m["key"] for m in plan["measures"] if m["organisation"] == org[K.JONGERENWERK])
        add = approach_actions.add_action
        gesprek = add(
            case, actor=coord, measure_key="kern", owner=u["wijkagent"], due_date=today + timedelta(days=14),
            description="Stopgesprek met de jongere en zijn ouders voeren.",
        )  # fmt: skip
        contact = add(
            case, actor=coord, measure_key="kern", owner=u["wijkagent"], due_date=due,
            description="Elke twee weken een contactmoment; afspraken over gedrag in de wijk bewaken.",
        )  # fmt: skip
        sporthal = add(
            case, actor=coord, measure_key=avond, owner=u["jongerenwerker"], due_date=today + timedelta(days=7),
            description="Sporthal op dinsdag- en donderdagavond open met twee jongerenwerkers.",
        )  # fmt: skip
        add(
            case, actor=coord, measure_key=avond, owner=u["jongerenwerker"], due_date=due,
            description="Voetbaltoernooi met de wijkagent organiseren, samen met de plus-jongeren.",
        )  # fmt: skip
        toezicht = add(
            case, actor=coord, measure_key="toezicht", owner=u["boa"], due_date=due,
            description="Toezicht bij de winkelstrip op vrijdag- en zaterdagavond, in overleg met de ondernemers.",
        )  # fmt: skip
        update = approach_actions.update_action
        update(
            gesprek, actor=u["wijkagent"], status=ActionStatus.DONE,
            result_note="Gesprek gevoerd; afspraken over gedrag rond de winkelstrip vastgelegd.",
        )  # fmt: skip
        update(
            contact,
            actor=u["wijkagent"],
            status=ActionStatus.RUNNING,
            result_note="Twee contactmomenten gehad.",
        )
        update(
            sporthal, actor=u["jongerenwerker"], status=ActionStatus.DONE,
            result_note="De sporthal is twee avonden per week open; gemiddeld twaalf jongeren per avond.",
        )  # fmt: skip
        update(toezicht, actor=u["boa"], status=ActionStatus.RUNNING)

        # Version 2 after the first ketenoverleg: leerplicht joins on school absence.
        plan = {
            **v1.content,
            "results": list(v1.content["results"]),
            "measures": [
                {**m, "description": m["description"] + " Ook op woensdagmiddag na schooltijd."}
                if m["key"] == "toezicht"
                else m
                for m in v1.content["measures"]
            ],
            "organisation": {
                **v1.content["organisation"],
                "information": v1.content["organisation"]["information"]
                + " Leerplicht levert elke week het aantal meldingen van ongeoorloofd verzuim.",
            },
        }
        plan["results"].append(
            {
                "key": "verzuim", "goal": goal["perspectief"], "domain": "onderwijs",
                "indicator": "Meldingen van ongeoorloofd schoolverzuim per week", "unit": "meldingen",
                "baseline": "6", "target": "2", "deadline": deadline,
            }
        )  # fmt: skip
        plan["measures"].append(
            {
                "key": "verzuim", "track": "persoon", "organisation": org[K.LEERPLICHT], "target_kind": "groep",
                "membership": None, "location": "",
                "description": "Verzuimspreekuur op school voor de meelopers; huisbezoek bij ongeoorloofd verzuim.",
            }
        )  # fmt: skip
        plan["scenarios"] = [
            *v1.content["scenarios"],
            {
                "key": "uitval",
                "trigger": "Meer dan drie meldingen van ongeoorloofd verzuim in een week.",
                "response": "Leerplicht en jongerenwerk bespreken dezelfde week met de scholen wie extra "
                "begeleiding krijgt.",
            },
        ]
        approach_plan.save_plan(
            case, actor=coord, based_on=1, content=plan,
            reason="Eerste ketenoverleg: leerplicht sluit aan. Resultaat en maatregel voor schoolverzuim "
            "toegevoegd, met een scenario bij oplopend verzuim. Toezicht bij de winkelstrip ook op woensdagmiddag.",
        )  # fmt: skip
        overzicht = add(
            case, actor=coord, measure_key="verzuim", owner=u["leerplicht"], due_date=today,
            description="Verzuimoverzicht van de meelopers opvragen bij de drie scholen in de wijk.",
        )  # fmt: skip
        update(overzicht, actor=u["leerplicht"], status=ActionStatus.RUNNING)
        case_services.advance_case(
            case,
            to_step=6,
            actor=regisseur,
            reason="Plan van aanpak vastgesteld; elke maatregel heeft een actie.",
        )

        # Step 6. Demo history: the overview was due ten days ago and has not come in; a new
        # action cannot be given a past deadline, so it is set back after creation.
        Action.objects.filter(pk=overzicht.pk).update(due_date=today - timedelta(days=10))
        overzicht.refresh_from_db()
        escalation = approach_actions.escalate(
            overzicht, actor=coord,
            reason="Het verzuimoverzicht is tien dagen over de deadline; zonder overzicht start het spreekuur niet.",
        )  # fmt: skip
        approach_actions.record_escalation_outcome(
            escalation, actor=coord,
            outcome="De teamleider van leerplicht vraagt het overzicht zelf op bij de scholen; toegezegd binnen "
            "een week.",
        )  # fmt: skip

        # Effect indicators from the results, with the weekly figures of the past seven weeks.
        week = monitoring.monday(today)
        series = {
            "overlast": (u["wijkagent"], [14, 13, 13, 11, 10, 10, 9], {3: "Avondopenstelling sporthal gestart."}),
            "dagbesteding": (u["jongerenwerker"], [4, 4, 5, 6, 6, 7, 8], {2: "Eerste twee stages bij ondernemers."}),
            "verzuim": (u["leerplicht"], [6, 6, 5, 5, 4, 4, 3], {}),
        }  # fmt: skip
        for key, (who, values, notes) in series.items():
            indicator = monitoring.indicator_from_result(case, actor=coord, result_key=key)
            for i, value in enumerate(values):
                monitoring.record_measurement(
                    indicator, actor=who, period_start=week - timedelta(weeks=len(values) - i),
                    value=value, note=notes.get(i, ""),
                )  # fmt: skip
        # And one counted from the group's own signals, week by week from the week the case
        # entered step 5 (this week): two new signals today, so the running week has a value.
        midnight = timezone.make_aware(datetime.combine(today, time.min))
        for hours, who, place, behaviours, text in [
            (5, "boa", "Winkelstrip Lindelaan", ["overlast"], "Groep van ongeveer tien jongeren bij de "
             "winkelstrip na sluitingstijd; na aanspreken rustig vertrokken."),
            (1, "wijkagent", "Speelveld Parkwijk", ["vandalisme"], "Bankje bij het speelveld vernield; een groep "
             "van ongeveer tien jongeren gezien."),
        ]:  # fmt: skip
            self._signal(
                u[who], max(midnight, timezone.now() - timedelta(hours=hours)), place, "Parkwijk",
                behaviours, text, 10, (15, 18), "eigen", "laag", case.group,
            )  # fmt: skip
        counted = monitoring.add_indicator(
            case, actor=coord, name="Signalen van overlast en vernieling", unit="signalen",
            baseline=4, target=1, direction="omlaag", source=IndicatorSource.SIGNALS,
            signal_behaviours=["overlast", "vandalisme"],
        )  # fmt: skip
        monitoring.compute_from_signals(counted, actor=coord)
        monitoring.generate_progress_report(
            case, actor=coord, period_from=week - timedelta(weeks=7), period_to=today, forum="driehoek"
        )

    def _story2_fast_track(self, case, east, u):
        """Metrostation: escalation within hours; the burgemeester's decision is recorded
        afterwards (spoedprocedure), and the neighbouring municipality is informed."""
        coord, regisseur, today = u["coordinator"], u["regisseur"], timezone.localdate()
        analysis.save_picture(
            case, actor=coord, based_on=0,
            group_characteristics="Wisselende groep van vijftien tot vijfentwintig jongeren die op een oproep "
            "via social media afkomt.",
            domain_online="Oproepen tot geweld in groepsapps.",
            domain_openbare_orde="Dreiging van een vechtpartij bij het metrostation.",
            behaviour="Intimidatie van reizigers, dreiging van geweld.",
            area_impact="Reizigers mijden het busplein.",
            severity="zeer_hoog",
            urgency="acuut",
        )  # fmt: skip
        analysis.save_concept_plan(
            case, actor=coord, based_on=0,
            group_line="Groepsaanspreking door politie en jongerenwerk voor het weekend.",
            area_line="Cameratoezicht en extra handhaving rond het metrostation.",
            strategy="Eerst de-escaleren; daarna bepalen of een integrale aanpak nodig is.",
        )  # fmt: skip
        case_services.advance_case(
            case, to_step=4, actor=regisseur, reason="Spoed: besluit van de burgemeester nodig."
        )
        analysis.record_municipality_contact(
            case, actor=regisseur, municipality=east, informed_on=today,
            shared_information="De groep komt ook uit Oosterdijk; de oproep ging rond in groepsapps van jongeren uit "
            "beide gemeenten. Gedeeld: het tijdstip van de oproep en de locatie.",
        )  # fmt: skip
        analysis.record_decision(
            case, actor=u["burgemeester"], forum="driehoek", decided_on=today - timedelta(days=1),
            outcome="geprioriteerd", priority=2, fast_track=True,
            goals="Een vechtpartij voorkomen; de veiligheid van reizigers herstellen.",
            frame_capacity="Inzet van politie en handhaving in het weekend.",
            steering="De burgemeester, met de teamchef van de politie.",
            escalation_line=["wijkagent", "teamchef", "burgemeester"],
            inform_moments="Dagelijks een korte briefing zolang de dreiging aanhoudt.",
            external_communication="De woordvoerder van de burgemeester.",
        )  # fmt: skip
