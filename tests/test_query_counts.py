"""Key pages run the same number of queries for 1 row as for 50 (CONVENTIONS §6, issue 8).

Each test measures a page with one row of the data it lists, grows that data to 50 rows
and measures again. Before each measurement the page is requested once, so per-process
caches (templates, the register of processing activities) are warm in both.

One thing is allowed to grow, and only on SQLite: appending processing-log entries is a
bulk INSERT that Django splits into batches of 999 parameters (47 entries per INSERT on
SQLite, one INSERT on PostgreSQL). Consecutive INSERTs into the log count as one here.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import OrganisationKind as K
from accounts.models import Role
from cases import services as case_services
from cases.models import InformationRequest, Transition
from groups.models import Assessment, Membership, Person
from intake.models import BehaviourTag
from privacy import log
from privacy.categories import Category, LegalBasis
from tests.factories import GroupFactory, OrganisationFactory, SignalFactory, UserFactory

pytestmark = pytest.mark.django_db

FEW, MANY = 1, 50
LOG_INSERT = 'INSERT INTO "privacy_processinglogentry"'


def queries_for(client, url: str) -> int:
    client.get(url)  # warm
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    count, previous_was_log_insert = 0, False
    for query in ctx.captured_queries:
        is_log_insert = query["sql"].startswith(LOG_INSERT)
        if not (is_log_insert and previous_was_log_insert):
            count += 1
        previous_was_log_insert = is_log_insert
    return count


def assert_flat(client, url: str, grow) -> None:
    grow(FEW)
    few = queries_for(client, url)
    grow(MANY)
    many = queries_for(client, url)
    assert few == many, f"{url}: {few} queries for {FEW} row(s), {many} for {MANY}"


# --- building blocks -----------------------------------------------------------------


def case_with_basis(world, name="De Pleinjongens"):
    """An open case in step 2: coordinator, legal basis, the police invited."""
    group = GroupFactory(name=name, municipality=world.municipality)
    case = case_services.open_case(group, actor=world.regisseur, reason="Signalen van partners.")
    case_services.appoint_coordinator(
        case,
        coordinator=world.coordinator,
        legal_basis_choice=LegalBasis.AVG_6_1_E_GEMEENTEWET,
        legal_basis="Convenant, art. 4.",
        necessity="Aanhoudende overlast.",
        actor=world.regisseur,
    )
    case_services.invite_participant(
        case, organisation=world.orgs[K.POLITIE], actor=world.regisseur, name=world.staff(K.POLITIE)
    )
    case_services.advance_case(case, to_step=2, actor=world.regisseur, reason="Informatie verzamelen.")
    return case


def member_grower(world, case, *, other_case=None):
    """Grow the case's name list to n members, each with an assessment (and, when given,
    also on the name list of other_case: overlap between groups)."""

    def grow(n):
        have = case.memberships.count()
        persons = Person.objects.bulk_create(
            Person(municipality=world.municipality, full_name=f"Jongere{i} Testnaam", nickname=f"J{i}")
            for i in range(have, n)
        )
        for target in filter(None, (case, other_case)):
            created = Membership.objects.bulk_create(
                Membership(
                    case=target,
                    group=target.group,
                    person=p,
                    added_by=world.coordinator,
                    added_by_organisation=world.coordinator.organisation,
                )
                for p in persons
            )
            Assessment.objects.bulk_create(
                Assessment(
                    membership=m,
                    assessed_on=timezone.localdate(),
                    dynamic="mee",
                    assessed_by=world.coordinator,
                )
                for m in created
            )

    return grow


def signal_grower(world, **fields):
    """Grow to n signals, reported by users of different organisations, with two tags each."""
    reporters = [
        UserFactory(organisation=world.orgs[kind])
        for kind in (K.POLITIE, K.JONGERENWERK, K.HANDHAVING, K.LEERPLICHT, K.SCHOOL, K.ZORG)
    ]
    made = []

    def grow(n):
        for i in range(len(made), n):
            signal = SignalFactory(
                reported_by=reporters[i % len(reporters)],
                observed_at=timezone.now() - timedelta(hours=i),
                area="Noord",
                description="Groep van ongeveer tien jongeren, harde muziek.",
                **fields,
            )
            BehaviourTag.objects.bulk_create(
                [
                    BehaviourTag(signal=signal, behaviour="overlast"),
                    BehaviourTag(signal=signal, behaviour="geweld"),
                ]
            )
            made.append(signal)

    return grow


# --- the pages -----------------------------------------------------------------------


def test_home_query_count_is_flat(world, verified_client):
    client = verified_client(world.regisseur)
    made = []

    def grow(n):
        for i in range(len(made), n):
            made.append(case_with_basis(world, name=f"Groep {i:02d}"))
        signal_grower(world)(n)

    assert_flat(client, "/", grow)


def test_home_query_count_is_flat_for_a_partner(world, verified_client):
    client = verified_client(world.wijkagent)
    made = []

    def grow(n):
        for i in range(len(made), n):
            made.append(case_with_basis(world, name=f"Groep {i:02d}"))

    assert_flat(client, "/", grow)


@pytest.mark.parametrize(
    "query",
    ["", "?behaviour=overlast&area=Noord&date_from=2020-01-01&date_to=2099-12-31", "?weergave=tijdlijn"],
)
def test_signal_list_query_count_is_flat(world, verified_client, query):
    client = verified_client(world.regisseur)
    group = GroupFactory(name="De Pleinjongens", municipality=world.municipality)
    assert_flat(client, f"/signalen/{query}", signal_grower(world, group=group, status="gekoppeld"))


def test_signal_list_query_count_is_flat_for_a_partner(world, verified_client):
    case = case_with_basis(world)
    client = verified_client(world.wijkagent)
    assert_flat(client, "/signalen/", signal_grower(world, group=case.group, status="gekoppeld"))


def test_group_page_query_count_is_flat(world, verified_client):
    case = case_with_basis(world)
    other = case_with_basis(world, name="De Parkjongens")
    grow_members = member_grower(world, case, other_case=other)
    grow_signals = signal_grower(world, group=case.group, status="gekoppeld")

    def grow(n):
        grow_members(n)
        grow_signals(n)

    assert_flat(verified_client(world.regisseur), f"/groepen/{case.group_id}/", grow)


def test_group_page_query_count_is_flat_for_a_partner(world, verified_client):
    case = case_with_basis(world)
    assert_flat(verified_client(world.wijkagent), f"/groepen/{case.group_id}/", member_grower(world, case))


def test_case_page_query_count_is_flat(world, verified_client):
    case = case_with_basis(world)

    def grow(n):
        have = case.transitions.count()
        Transition.objects.bulk_create(
            Transition(
                case=case, from_step=2, to_step=2, kind="note", actor=world.regisseur, reason=f"Overleg {i}"
            )
            for i in range(have, n)
        )
        for i in range(case.participants.count(), n):  # more partners in the invite list
            OrganisationFactory(name=f"School {i}", kind=K.SCHOOL, municipality=world.municipality)

    assert_flat(verified_client(world.regisseur), f"/casussen/{case.pk}/", grow)


def test_name_list_query_count_is_flat(world, verified_client):
    case = case_with_basis(world)
    assert_flat(
        verified_client(world.regisseur), f"/casussen/{case.pk}/namenlijst/", member_grower(world, case)
    )


def test_regie_query_count_is_flat(world, verified_client):
    made = []

    def grow(n):
        for i in range(len(made), n):
            case = case_with_basis(world, name=f"Groep {i:02d}")
            InformationRequest.objects.create(
                case=case,
                kind="groepsscan",
                addressee=world.orgs[K.POLITIE],
                question="Groepsscan graag.",
                due_date=timezone.localdate() - timedelta(days=1),
                requested_by=world.regisseur,
            )
            SignalFactory(reported_by=world.wijkagent, group=case.group, status="gekoppeld")
            made.append(case)

    assert_flat(verified_client(world.regisseur), "/regie/", grow)


def test_search_query_count_is_flat(world, verified_client):
    case = case_with_basis(world)
    grow_members = member_grower(world, case)
    grow_signals = signal_grower(world)
    made = []

    def grow(n):
        grow_members(n)
        grow_signals(n)
        made.extend(
            GroupFactory(name=f"Testnaam {i}", municipality=world.municipality) for i in range(len(made), n)
        )

    # "Testnaam" matches persons and groups; "Jongere" also the signals' description.
    assert_flat(verified_client(world.regisseur), "/zoeken/?q=Testnaam", grow)
    assert_flat(verified_client(world.regisseur), "/zoeken/?q=jongere", grow)


@pytest.mark.parametrize("reader", ["regisseur", "privacy"])
def test_person_log_query_count_is_flat(world, verified_client, reader):
    case = case_with_basis(world)
    member_grower(world, case)(1)
    person = case.memberships.get().person
    actors = [
        world.coordinator,
        world.wijkagent,
        UserFactory(organisation=world.orgs[K.ZORG], role=Role.PROFESSIONAL),
    ]

    def grow(n):
        have = log.entries_for_subject(str(person.pseudonym)).count()
        for i in range(have, n):
            log.record(
                actor=actors[i % len(actors)],
                action="update",
                operation="member.update",
                activity="groepsaanpak",
                subjects=[person.pseudonym],
                case=case,
                categories=[Category.PERSONAL],
            )

    client = verified_client(getattr(world, reader))
    assert_flat(client, f"/privacy/personen/{person.pseudonym}/verwerkingen/", grow)


def test_search_query_count_is_flat_for_a_partner(world, verified_client):
    made = []

    def grow(n):
        for i in range(len(made), n):
            case = case_with_basis(world, name=f"Groep {i:02d}")
            member_grower(world, case)(1)
            Person.objects.filter(memberships__case=case).update(full_name=f"Jongere{i} Testnaam")
            made.append(case)

    assert_flat(verified_client(world.wijkagent), "/zoeken/?q=Testnaam", grow)


# --- steps 5-7: the plan of approach, the actions of a case, my actions --------------------


def planned_case(world):
    """A case in step 5 (built with the real services) with version 1 of the plan."""
    from plans.tests.conftest import step5_case, with_plan

    case = step5_case(world)
    with_plan(world, case)
    return case


def plan_grower(world, case):
    """Grow to n plan versions; the newest has n measures, every other one aimed at its own
    member of the name list (so n/2 member names are read and logged)."""
    from plans.models import PlanVersion

    grow_members = member_grower(world, case)
    partners = [world.orgs[k] for k in (K.POLITIE, K.JONGERENWERK, K.HANDHAVING)]

    def grow(n):
        grow_members(n)
        members = list(case.memberships.order_by("pk").values_list("pk", flat=True))
        latest = case.approach_plans.order_by("-number").first()
        content = dict(latest.content)
        content["measures"] = [
            {
                "key": f"m{i}",
                "track": "persoon" if i % 2 else "groep",
                "organisation": partners[i % len(partners)].pk,
                "target_kind": "jongere" if i % 2 else "groep",
                "membership": members[i % len(members)] if i % 2 else None,
                "location": "",
                "description": f"Maatregel {i}.",
            }
            for i in range(n)
        ]
        PlanVersion.objects.bulk_create(
            PlanVersion(
                case=case,
                number=number,
                content=content,
                reason=f"Bijgesteld ({number}).",
                author=world.coordinator,
                author_organisation=world.coordinator.organisation,
            )
            for number in range(latest.number + 1, max(n, latest.number) + 1)
        )

    return grow


def action_grower(world, cases, *, owner=None):
    """Grow to n actions spread over the cases: different partners and owners, every third
    aimed at a member, some overdue, each with an update in its history."""
    from monitoring.models import Action, ActionUpdate

    owners = {
        world.orgs[K.POLITIE].pk: world.wijkagent,
        world.orgs[K.JONGERENWERK].pk: world.jongerenwerker,
        world.orgs[K.HANDHAVING].pk: world.boa,
    }
    made = []

    def grow(n):
        new = []
        for i in range(len(made), n):
            case = cases[i % len(cases)]
            org_pk = list(owners)[i % len(owners)] if owner is None else owner.organisation_id
            member = case.memberships.order_by("pk").first() if i % 3 == 0 else None
            new.append(
                Action(
                    case=case,
                    measure_key="m2",
                    track="groep",
                    organisation_id=org_pk,
                    owner=(owners[org_pk] if i % 2 else None) if owner is None else owner,
                    target_kind="jongere" if member else "groep",
                    membership=member,
                    description=f"Actie {i}.",
                    due_date=timezone.localdate() + timedelta(days=i - 10),
                    status="lopend" if i % 4 else "gepland",
                    created_by=world.coordinator,
                )
            )
        new = Action.objects.bulk_create(new)
        ActionUpdate.objects.bulk_create(
            ActionUpdate(action=a, from_status="gepland", to_status=a.status, actor=world.coordinator)
            for a in new
        )
        made.extend(new)

    return grow


@pytest.mark.parametrize("reader", ["regisseur", "wijkagent"])
def test_plan_page_query_count_is_flat(world, verified_client, reader):
    case = planned_case(world)
    client = verified_client(getattr(world, reader))
    assert_flat(client, f"/casussen/{case.pk}/plan-van-aanpak/", plan_grower(world, case))


def test_actions_page_query_count_is_flat(world, verified_client):
    case = planned_case(world)
    assert_flat(
        verified_client(world.regisseur), f"/casussen/{case.pk}/acties/", action_grower(world, [case])
    )


def test_filtered_actions_list_query_count_is_flat(world, verified_client):
    case = planned_case(world)
    assert_flat(
        verified_client(world.wijkagent),
        f"/casussen/{case.pk}/acties/?spoor=groep&status=open",
        action_grower(world, [case]),
    )


def test_actions_page_query_count_is_flat_for_a_partner(world, verified_client):
    case = planned_case(world)
    assert_flat(
        verified_client(world.wijkagent), f"/casussen/{case.pk}/acties/", action_grower(world, [case])
    )


def test_my_actions_query_count_is_flat(world, verified_client):
    """A professional's actions over many cases (one more case per row)."""
    made = []
    grow_actions = action_grower(world, made, owner=world.wijkagent)

    def grow(n):
        for i in range(len(made), n):
            case = case_with_basis(world, name=f"Groep {i:02d}")
            member_grower(world, case)(1)
            made.append(case)
        grow_actions(n)

    assert_flat(verified_client(world.wijkagent), "/mijn-acties/", grow)
