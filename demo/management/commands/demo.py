"""Fictional demo data: two municipalities, one user per role, three groups modelled on
the three stories of the source. Idempotent: running it again changes nothing."""

from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Municipality, Organisation, OrganisationKind, Role, User
from cases import services as case_services
from cases.models import Case
from groups.models import YouthGroup
from groups.services import assess_member
from intake.models import BehaviourTag, Signal
from privacy.categories import Category, LegalBasis
from privacy.models import Covenant, MatrixItem
from privacy.services import publish_covenant

DEMO_PASSWORD = "demo-Groepsaanpak-2026"
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
COVENANT = {
    K.GEMEENTE: {Category.PERSONAL: SR, Category.CRIMINAL: R, Category.CARE: R, Category.BSN: SR},
    K.POLITIE: {Category.PERSONAL: SR, Category.CRIMINAL: SR},
    K.OM: {Category.PERSONAL: SR, Category.CRIMINAL: SR},
    K.JONGERENWERK: {Category.PERSONAL: SR, Category.CARE: S},
    K.HANDHAVING: {Category.PERSONAL: SR},
    K.LEERPLICHT: {Category.PERSONAL: SR, Category.CRIMINAL: S},
    K.ZORG: {Category.PERSONAL: SR, Category.CARE: SR},
    K.VEILIG_THUIS: {Category.PERSONAL: S, Category.CARE: S},
}
BASIS = {
    K.POLITIE: LegalBasis.WPG_19,
    K.OM: LegalBasis.WJSG,
    K.ZORG: LegalBasis.JEUGDWET_7_4,
    K.VEILIG_THUIS: LegalBasis.WMO_5_2,
    K.LEERPLICHT: LegalBasis.LEERPLICHT,
}


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

    def _user(self, username, first, last, org, role, function):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "organisation": org,
                "role": role,
                "function_title": function,
                "email": f"{username}@westerhaven.example",
                "is_staff": role == Role.BEHEERDER,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            if role == Role.BEHEERDER:
                from django.contrib.auth.models import Permission

                perms = Permission.objects.filter(content_type__app_label="accounts")
                user.user_permissions.set(perms)
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
        signal = Signal.objects.create(
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
            case_services.invite_participant(case1, organisation=orgs[org], actor=regisseur)
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
            case_services.invite_participant(case2, organisation=orgs[org], actor=regisseur)
        case_services.advance_case(case2, to_step=2, actor=regisseur, reason="Snel beeld nodig.")
        case_services.advance_case(
            case2, to_step=3, actor=regisseur, reason="Informatie binnen; integraal beeld maken."
        )

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
            case_services.invite_participant(case3, organisation=orgs[org[0]], actor=regisseur)
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
        for step in (3, 4, 5, 6):
            case_services.advance_case(case3, to_step=step, actor=regisseur, reason="Demo: stap afgerond.")
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
        assert Case.objects.filter(municipality=west).count() == 3
