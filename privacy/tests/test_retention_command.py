"""The retention command: after the retention date a closed case's personal data are
removed or anonymised (unless under a legal hold); a dry run changes nothing; a second run
does nothing; a person still on another live case is kept; the processing log gets one
"delete" per youth and is never cut. The command is privacy's (privacy/retention.py); the
rows below belong to every app's shredder, so these tests build a full step-7 case."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from analysis.models import (
    CircularAnswer,
    CircularRound,
    ConceptPlanVersion,
    InterventionEntry,
    PictureVersion,
    Tie,
)
from analysis.tests.conftest import build_case
from cases import services as case_services
from cases.models import Case, CaseStatus, InformationItem
from closing.models import Handover
from closing.tests.test_closing_service import make_actions, to_step7
from groups.models import Assessment, FamilyLink, Membership, Person, Referral
from monitoring.models import Action
from plans.models import TargetKind
from privacy import log, registry
from privacy.models import MatrixItem, ProcessingLogEntry
from privacy.retention import apply_retention

TODAY = timezone.localdate


def fill_personal_data(world, case):
    """Personal rows of every kind the command removes (the picture and concept plan of
    step 3 already name persons)."""
    ryan, yusuf = list(case.memberships.select_related("person").order_by("pk")[:2])
    Person.objects.filter(pk=ryan.person_id).update(bsn="123456782")
    Membership.objects.filter(pk=ryan.pk).update(role_in_group="kopstuk", status_note="Spil van de groep")
    item = MatrixItem.objects.filter(category="criminal").first()
    InformationItem.objects.create(
        case=case,
        person=ryan.person,
        matrix_item=item,
        category="criminal",
        content="Twee processen-verbaal.",
        supplied_by=world.orgs["politie"],
        created_by=world.wijkagent,
    )
    InterventionEntry.objects.create(
        case=case,
        membership=ryan,
        column="interventies",
        category="personal",
        content="Voetbalclub als ingang.",
        organisation=world.orgs["jongerenwerk"],
        created_by=world.jongerenwerker,
    )
    Tie.objects.create(
        case=case, source=ryan, target=yusuf, kind="vriendschap", since=TODAY(), created_by=world.coordinator
    )
    Assessment.objects.create(
        membership=ryan, assessed_on=TODAY(), dynamic="min", assessed_by=world.coordinator
    )
    Referral.objects.create(
        membership=yusuf,
        kind="halt",
        category="criminal",
        referred_on=TODAY(),
        created_by=world.officier,
        supplied_by=world.orgs["om"],
    )
    answer = CircularAnswer.objects.create(
        round=CircularRound.objects.create(case=case, number=1, opened_by=world.coordinator),
        organisation=world.orgs["politie"],
        answered_by=world.wijkagent,
    )
    answer.key_figures_inside.set([ryan])
    Handover.objects.create(
        case=case,
        to_organisation=world.orgs["zorg"],
        membership=yusuf,
        what="Begeleiding door het wijkteam",
        status="geaccepteerd",
        offered_by=world.coordinator,
    )
    return ryan, yusuf


def close(case, retention_until, legal_hold=False):
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED,
        closed_at=timezone.now(),
        retention_until=retention_until,
        legal_hold=legal_hold,
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def expired(world, planned):
    """A closed case whose retention ended yesterday, full of personal data."""
    make_actions(world, planned)
    case = to_step7(world, planned)
    fill_personal_data(world, case)
    return close(case, TODAY() - timedelta(days=1))


def personal_rows(case) -> int:
    return sum(
        (
            InformationItem.objects.filter(case=case, person__isnull=False).count(),
            InterventionEntry.objects.filter(case=case, membership__isnull=False).count(),
            Tie.objects.filter(case=case).count(),
            Assessment.objects.filter(membership__case=case).count(),
            Referral.objects.filter(membership__case=case).count(),
            CircularAnswer.key_figures_inside.through.objects.filter(
                circularanswer__round__case=case
            ).count(),
            Action.objects.filter(case=case, membership__isnull=False).count(),
            Handover.objects.filter(case=case, membership__isnull=False).count(),
            PictureVersion.objects.filter(case=case).exclude(persons="").count(),
            ConceptPlanVersion.objects.filter(case=case).exclude(person_line="").count(),
        )
    )


def test_after_the_date_personal_data_are_removed_and_persons_anonymised(world, expired):
    log_before = list(ProcessingLogEntry.objects.values_list("sequence", "entry_hash"))
    assert personal_rows(expired) >= 10
    member_action = Action.objects.get(case=expired, measure_key="m1")
    old_pseudonyms = {
        str(p) for p in Person.objects.filter(memberships__case=expired).values_list("pseudonym", flat=True)
    }

    report = apply_retention()

    assert [c.case_id for c in report.cases] == [expired.pk]
    assert personal_rows(expired) == 0
    persons = Person.objects.filter(memberships__case=expired)
    assert persons.count() == 12
    for person in persons:
        assert person.full_name == f"Verwijderd (pseudoniem {str(person.pseudonym)[:8]})"
        assert (person.nickname, person.address, person.bsn, person.date_of_birth) == ("", "", "", None)
    assert report.persons_anonymised == 12
    member_action.refresh_from_db()
    assert member_action.target_kind == TargetKind.GROUP and member_action.membership is None
    assert member_action.description == "Stopgesprek door de wijkagent."
    assert not Membership.objects.filter(case=expired).exclude(role_in_group="").exists()
    # the log is never cut: every earlier entry is still there, unchanged, and one delete per youth is added
    assert (
        list(
            ProcessingLogEntry.objects.filter(sequence__lte=len(log_before)).values_list(
                "sequence", "entry_hash"
            )
        )
        == log_before
    )
    deletes = ProcessingLogEntry.objects.filter(
        action="delete", operation="retention.apply", case_id=expired.pk
    )
    assert deletes.count() == 12
    # the log keeps the old pseudonyms; they no longer resolve to anyone (a new one each)
    assert set(deletes.values_list("data_subject", flat=True)) == old_pseudonyms
    assert not Person.objects.filter(pseudonym__in=old_pseudonyms).exists()
    assert all(registry.subject(p) is None for p in old_pseudonyms)
    assert "criminal" in deletes.first().categories and "bsn" in ",".join(
        deletes.values_list("categories", flat=True)
    )
    assert log.verify_chain().ok
    # the group-level record stays
    assert expired.approach_plans.exists() and expired.actions.count() == 3
    assert PictureVersion.objects.filter(case=expired).exclude(group_characteristics="").exists()


def test_second_run_is_a_no_op(world, expired):
    apply_retention()
    entries = ProcessingLogEntry.objects.count()
    names = list(Person.objects.order_by("pk").values_list("full_name", flat=True))
    report = apply_retention()
    assert report.cases == [] and report.done_before == [expired.pk]
    assert ProcessingLogEntry.objects.count() == entries
    assert list(Person.objects.order_by("pk").values_list("full_name", flat=True)) == names


def test_dry_run_changes_nothing_but_reports_exactly(world, expired):
    entries = ProcessingLogEntry.objects.count()
    rows = personal_rows(expired)
    names = list(Person.objects.order_by("pk").values_list("full_name", flat=True))
    report = apply_retention(dry_run=True)
    assert report.dry_run and report.persons_anonymised == 12 and report.rows_removed >= rows
    assert personal_rows(expired) == rows
    assert list(Person.objects.order_by("pk").values_list("full_name", flat=True)) == names
    assert ProcessingLogEntry.objects.count() == entries


def test_legal_hold_and_the_date_itself_are_skipped(world, expired):
    Case.objects.filter(pk=expired.pk).update(legal_hold=True)
    rows = personal_rows(expired)
    report = apply_retention()
    assert report.on_hold == [expired.pk] and report.cases == []
    assert personal_rows(expired) == rows
    Case.objects.filter(pk=expired.pk).update(legal_hold=False, retention_until=TODAY())
    report = apply_retention()  # retention_until == today: still kept today
    assert report.cases == [] and report.on_hold == []
    assert personal_rows(expired) == rows
    assert not Person.objects.filter(full_name__startswith="Verwijderd").exists()
    report = apply_retention(today=TODAY() + timedelta(days=1))
    assert [c.case_id for c in report.cases] == [expired.pk]


def test_open_cases_are_never_touched(world, planned):
    Case.objects.filter(pk=planned.pk).update(retention_until=TODAY() - timedelta(days=10))
    report = apply_retention()
    assert report.cases == []
    assert not Person.objects.filter(full_name__startswith="Verwijderd").exists()


def test_a_person_also_on_another_live_case_is_kept(world, expired):
    ryan = expired.memberships.get(person__full_name="Ryan Meijer").person
    other = build_case(world, name="Andere groep", members=[], to_step=2)
    case_services.add_to_name_list(other, actor=world.coordinator, full_name="", person=ryan)

    report = apply_retention()

    ryan.refresh_from_db()
    assert ryan.full_name == "Ryan Meijer"  # still needed in the other, open case
    assert report.cases[0].persons_kept == 1 and report.persons_anonymised == 11
    assert personal_rows(expired) == 0  # but this case's rows about him are gone
    assert InformationItem.objects.filter(person=ryan).count() == 0
    # once the other case is closed and expired too, the next run anonymises him
    close(other, TODAY() - timedelta(days=1))
    report = apply_retention()
    ryan.refresh_from_db()
    assert ryan.full_name.startswith("Verwijderd (pseudoniem ")
    assert report.persons_anonymised == 1


def test_the_command_prints_a_summary_and_honours_dry_run_and_today(world, expired):
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "proefdraai" in out.getvalue() and "12 personen geanonimiseerd" in out.getvalue()
    assert not Person.objects.filter(full_name__startswith="Verwijderd").exists()
    out = StringIO()
    call_command("apply_retention", "--today", (TODAY() - timedelta(days=1)).isoformat(), stdout=out)
    assert "Totaal: 0 casussen" in out.getvalue()
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "Totaal: 1 casussen, 12 personen geanonimiseerd" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("apply_retention", "--today", "31-03-2026")


def test_the_report_text_is_exactly_the_one_before_the_shredders(world, expired):
    """The command's output word for word (as closing's command printed it before the
    retention moved to privacy and the shredders): labels, counts, kept and on-hold cases."""
    a, b, c = [m.person for m in expired.memberships.select_related("person").order_by("pk")[:3]]
    FamilyLink.objects.create(person=a, relative=b, relation="sibling", created_by=world.coordinator)
    FamilyLink.objects.create(person=c, relative=a, relation="sibling", created_by=world.coordinator)
    ryan = expired.memberships.get(person__full_name="Ryan Meijer").person
    other = build_case(world, name="Andere groep", members=[], to_step=2)
    case_services.add_to_name_list(other, actor=world.coordinator, full_name="", person=ryan)
    close(other, TODAY() - timedelta(days=1), legal_hold=True)  # keeps Ryan: a hold is live
    day = f"{TODAY():%d-%m-%Y}"
    case_line = (
        f"- casus {expired.pk} (Jongeren Testwijk): 11 personen geanonimiseerd, 1 behouden (nog in een "
        "andere lopende casus); verwijderd: acties 1, banden 1, concept plan 1, familiebanden 2, "
        "informatiematrix 1, integraal beeld 1, interventiematrix 1, namenlijst 1, overdrachten 1, "
        "plus/min/mee 1, sleutelfiguren 1, verwijzingen 1"
    )
    on_hold = f"Overgeslagen wegens bewaarplicht: casus {other.pk}"
    total = "Totaal: 1 casussen, 11 personen geanonimiseerd, 13 gegevens verwijderd of losgekoppeld."

    tombstones = "Grafstenen geschreven (wat, welke casus, wanneer, welke regel): 24"  # 13 rows, 11 persons
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert out.getvalue().splitlines() == [
        f"[proefdraai, er is niets gewijzigd] Bewaartermijnen toegepast per {day}.",
        case_line,
        on_hold,
        tombstones,
        total,
    ]
    out = StringIO()
    call_command("apply_retention", stdout=out)
    tombstones = "Grafstenen geschreven (wat, welke casus, wanneer, welke regel): 24"
    assert out.getvalue().splitlines() == [
        f"Bewaartermijnen toegepast per {day}.",
        case_line,
        on_hold,
        tombstones,
        total,
    ]
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert out.getvalue().splitlines() == [
        f"Bewaartermijnen toegepast per {day}.",
        on_hold,
        f"Al eerder verwerkt (niets meer te verwijderen): casus {expired.pk}",
        "Totaal: 0 casussen, 0 personen geanonimiseerd, 0 gegevens verwijderd of losgekoppeld.",
    ]
    # one delete per youth of the case, kept or not; Ryan (with the BSN) was kept: no "bsn"
    deletes = ProcessingLogEntry.objects.filter(operation="retention.apply")
    assert deletes.count() == 12 and set(deletes.values_list("case_id", flat=True)) == {expired.pk}
    assert set(deletes.values_list("categories", flat=True)) == {"criminal,personal"}
