"""Retention that misses nothing (issue 17), with the clock moved past expiry: a case closed
at every possible step loses its data on time per category (care before criminal data, the
names last); group-level data and statistics remain; a tombstone per purged record; the
processing log still verifies; a second run changes nothing; a legal hold prevents it;
signals and groups that never became a case, idempotency records and failed logins expire
on their own terms."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import LoginFailure
from analysis.tests.conftest import build_case
from api.models import IdempotencyKey
from cases import services as case_services
from cases.models import Case, InformationItem
from closing import services as closing
from closing.tests.test_closing_service import decide, finish_actions, make_actions, to_step7
from closing.tests.test_retention_terms import close_after, covenant_terms  # noqa: F401 - fixture
from groups.models import FamilyLink, Membership, Person, Referral, YouthGroup
from privacy import access, log, registry
from privacy.models import CovenantRule, GuardConfirmation, MatrixItem, ProcessingLogEntry, Tombstone
from privacy.retention import add_months, apply_retention
from tests.factories import GroupFactory, SignalFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def item(world, case, person, category):
    return InformationItem.objects.create(
        case=case,
        person=person,
        matrix_item=MatrixItem.objects.filter(category=category).first(),
        category=category,
        content=f"Gegevens ({category}).",
        supplied_by=world.orgs["politie"],
        created_by=world.wijkagent,
    )


def fill(world, case):
    """A care and a criminal row about the first member, a criminal referral about the
    second, a family link between them, and a group-level row."""
    a, b = [m.person for m in case.memberships.select_related("person").order_by("pk")[:2]]
    item(world, case, a, "care")
    item(world, case, a, "criminal")
    InformationItem.objects.create(
        case=case,
        person=None,
        matrix_item=MatrixItem.objects.filter(category="group").first(),
        category="group",
        content="Groep komt samen bij de sporthal.",
        supplied_by=world.orgs["politie"],
        created_by=world.wijkagent,
    )
    Referral.objects.create(
        membership=case.memberships.get(person=b),
        kind="halt",
        category="criminal",
        referred_on=TODAY(),
        created_by=world.officier,
        supplied_by=world.orgs["om"],
    )
    FamilyLink.objects.create(person=a, relative=b, relation="sibling", created_by=world.coordinator)
    return a, b


def close_after_step_7(world, planned):
    make_actions(world, planned)
    case = to_step7(world, planned)
    decide(world, case)
    finish_actions(case)
    closing.set_retention(case, actor=world.regisseur)
    evaluation = closing.open_evaluation(case, actor=world.regisseur)
    closing.record_discussion(
        evaluation,
        actor=world.regisseur,
        discussed_on=TODAY(),
        forum="driehoek",
        summary="Goed samengewerkt.",
    )
    return case_services.advance_case(case, to_step=None, actor=world.regisseur, reason="afgerond")


@pytest.fixture(params=[2, 3, 4, 7])
def closed(request, world):
    """A case closed after step 2, 3, 4 or 7, filled before it closed."""
    request.getfixturevalue("covenant_terms")
    if request.param == 7:
        planned = request.getfixturevalue("planned")
        fill(world, planned)
        return close_after_step_7(world, planned)
    original = case_services.advance_case

    def fill_then_close(case, *, to_step, **kwargs):  # fill just before the close
        if to_step is None:
            fill(world, case)
        return original(case, to_step=to_step, **kwargs)

    case_services.advance_case = fill_then_close
    try:
        return close_after(world, request.param)
    finally:
        case_services.advance_case = original


def day_after(months):
    return add_months(TODAY(), months) + timedelta(days=1)


def personal_items(case, category):
    return InformationItem.objects.filter(case=case, person__isnull=False, category=category).count()


def test_a_case_closed_at_any_step_is_purged_on_time_per_category(world, closed):
    case = Case.objects.get(pk=closed.pk)
    assert case.status == "closed"
    members = case.memberships.count()
    old = {str(p) for p in case.memberships.values_list("person__pseudonym", flat=True)}

    # on the care term's last day nothing goes
    assert apply_retention(today=add_months(TODAY(), 12)).cases == []
    # the day after, only the care data go
    report = apply_retention(today=day_after(12))
    assert [c.case_id for c in report.cases] == [case.pk]
    assert personal_items(case, "care") == 0
    assert (
        personal_items(case, "criminal") == 1 and Referral.objects.filter(membership__case=case).count() == 1
    )
    assert not Person.objects.filter(memberships__case=case, full_name__startswith="Verwijderd").exists()
    care = Tombstone.objects.get(case_id=case.pk, kind="cases.InformationItem")
    assert care.category == "care" and care.action == "deleted"
    assert care.rule == f"bewaartermijn care tot {add_months(TODAY(), 12):%Y-%m-%d}"

    # the BSN's own term (24 months) clears it before the name
    Person.objects.filter(memberships__case=case).update(bsn="123456782")
    apply_retention(today=day_after(24))
    assert not Person.objects.filter(memberships__case=case).exclude(bsn="").exists()
    assert Person.objects.filter(memberships__case=case, full_name__startswith="Verwijderd").count() == 0

    # after the criminal term (the longest, 60 months) everything personal goes
    before = add_months(TODAY(), 60)
    assert apply_retention(today=before).cases == []
    report = apply_retention(today=day_after(60))
    assert report.persons_anonymised == members
    assert InformationItem.objects.filter(case=case, person__isnull=False).count() == 0
    assert not Referral.objects.filter(membership__case=case).exists()
    assert not FamilyLink.objects.filter(person__memberships__case=case).exists()
    assert all(
        p.full_name.startswith("Verwijderd (pseudoniem ") and not (p.nickname or p.address or p.date_of_birth)
        for p in Person.objects.filter(memberships__case=case)
    )
    # group level and statistics remain: the group, its row in the matrix, the name list's size
    assert InformationItem.objects.filter(case=case, person__isnull=True, category="group").count() == 1
    assert Membership.objects.filter(case=case).count() == members
    assert YouthGroup.objects.filter(pk=case.group_id).exists()
    # the tombstones: one per purged record, no content
    stones = Tombstone.objects.filter(case_id=case.pk)
    assert stones.filter(kind="groups.Person", action="anonymised").count() == members
    assert stones.filter(kind="groups.Referral", category="criminal").count() == 1
    assert stones.filter(kind="groups.FamilyLink").count() == 1
    assert stones.filter(kind="cases.InformationItem").count() == 2
    assert {f.name for f in Tombstone._meta.fields} == {
        "id",
        "kind",
        "record_id",
        "case_id",
        "category",
        "action",
        "rule",
        "at",
    }
    # the log verifies; its old entries keep pseudonyms that resolve to nobody now
    assert log.verify_chain().ok
    assert ProcessingLogEntry.objects.filter(data_subject__in=old, case_id=case.pk).exists()
    assert all(registry.subject(p) is None for p in old)

    # a second run changes nothing
    entries, stones_n = ProcessingLogEntry.objects.count(), Tombstone.objects.count()
    names = list(Person.objects.order_by("pk").values_list("full_name", "pseudonym"))
    report = apply_retention(today=day_after(60))
    assert report.cases == [] and report.done_before == [case.pk]
    assert (ProcessingLogEntry.objects.count(), Tombstone.objects.count()) == (entries, stones_n)
    assert list(Person.objects.order_by("pk").values_list("full_name", "pseudonym")) == names


@pytest.mark.usefixtures("covenant_terms")
def test_a_legal_hold_prevents_every_purge(world):
    case = build_case(world, to_step=2)
    a, _b = fill(world, case)
    case = case_services.advance_case(case, to_step=None, actor=world.regisseur, reason="gerichte actie")
    Case.objects.filter(pk=case.pk).update(legal_hold=True)
    report = apply_retention(today=day_after(60))
    assert report.on_hold == [case.pk] and report.cases == []
    assert personal_items(case, "care") == 1
    assert Person.objects.get(pk=a.pk).full_name == a.full_name
    assert not Tombstone.objects.exists()


@pytest.mark.usefixtures("covenant_terms")
def test_a_dry_run_writes_no_tombstones(world):
    case = build_case(world, to_step=2)
    fill(world, case)
    case_services.advance_case(case, to_step=None, actor=world.regisseur, reason="gerichte actie")
    report = apply_retention(today=day_after(60), dry_run=True)
    assert report.tombstones > 0 and report.persons_anonymised == case.memberships.count()
    assert not Tombstone.objects.exists()
    assert not Person.objects.filter(full_name__startswith="Verwijderd").exists()


def test_signals_and_groups_that_never_became_a_case_expire_on_the_covenants_group_term(world):
    CovenantRule.objects.create(  # the covenant's term for group-level information: 6 months
        covenant=access.covenant_in_force(world.municipality.pk),
        organisation_kind="gemeente",
        category="group",
        may_supply=True,
        may_receive=True,
        retention_months=6,
    )
    stray = GroupFactory(municipality=world.municipality, name="De Kade", description="Hangen bij de kade.")
    signal = SignalFactory(
        reported_by=world.wijkagent,
        group=None,
        area="Centrum",
        group_size=8,
        latitude="52.1",
        longitude="5.1",
    )
    GuardConfirmation.objects.create(
        subject=f"intake.signal:{signal.pk}", kind="person", text="Kade", confirmed_by=world.wijkagent
    )
    in_case = build_case(world, to_step=2)
    linked = SignalFactory(reported_by=world.wijkagent, group=in_case.group, area="Noord")

    assert apply_retention(today=add_months(TODAY(), 6)).expired == {}
    report = apply_retention(today=day_after(6))
    assert report.expired == {"signalen zonder casus": 1, "groepen zonder casus": 1}
    signal.refresh_from_db()
    assert (signal.description, signal.handling_note, signal.location, signal.latitude) == (
        "",
        "",
        "Centrum",
        None,
    )
    # what a statistic needs stays
    assert (signal.area, signal.group_size, signal.observed_at is not None) == ("Centrum", 8, True)
    assert not GuardConfirmation.objects.filter(subject=f"intake.signal:{signal.pk}").exists()
    stray.refresh_from_db()
    assert (stray.name, stray.description) == ("De Kade", "")
    linked.refresh_from_db()
    assert linked.description  # part of a case: the case's retention decides
    assert Tombstone.objects.filter(kind="intake.Signal", record_id=signal.pk, case_id=None).exists()
    # idempotent
    assert apply_retention(today=day_after(6)).expired == {}


def test_idempotency_records_expire_after_24_hours_and_failed_logins_after_their_term(world, settings):
    settings.LOGIN_FAILURE_RETENTION_DAYS = 30
    now = timezone.now()
    old = IdempotencyKey.objects.create(
        user=world.regisseur,
        key="a",
        method="POST",
        path="/x",
        fingerprint="f",
        status_code=201,
        body={"n": "Ryan"},
    )
    fresh = IdempotencyKey.objects.create(
        user=world.regisseur, key="b", method="POST", path="/x", fingerprint="f", status_code=201, body={}
    )
    IdempotencyKey.objects.filter(pk=old.pk).update(created_at=now - timedelta(hours=25))
    IdempotencyKey.objects.filter(pk=fresh.pk).update(created_at=now - timedelta(hours=23))
    failure = LoginFailure.objects.create(username="ryan", ip_address="203.0.113.7")
    recent = LoginFailure.objects.create(username="sem", ip_address="203.0.113.8")
    LoginFailure.objects.filter(pk=failure.pk).update(at=now - timedelta(days=31))
    LoginFailure.objects.filter(pk=recent.pk).update(at=now - timedelta(days=29))

    report = apply_retention()

    assert report.expired == {"API-idempotentiesleutels": 1, "mislukte inlogpogingen": 1}
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["b"]
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["sem"]
    # with the clock a day further, the fresh idempotency record goes too
    assert apply_retention(today=TODAY() + timedelta(days=1)).expired["API-idempotentiesleutels"] == 1
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "Eigen termijn verstreken" not in out.getvalue()  # nothing left
