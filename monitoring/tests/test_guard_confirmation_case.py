"""Issue 16/17: a confirmed false alarm on a step record (here an action) knows its case —
the privacy officer's list links to the case page — and goes with the case's personal data
at retention."""

from datetime import timedelta

import pytest
from django.utils import timezone

from monitoring import actions as services
from privacy import retention
from privacy.models import GuardConfirmation, Tombstone
from tests.factories import SignalFactory

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + timedelta(days=14)


def _action_with_confirmation(world, case):
    return services.add_action(
        case,
        actor=world.coordinator,
        measure_key="m2",
        description="Toezicht bij Snackbar Joop op het plein.",
        due_date=SOON,
        confirmed_findings=[("name", "Snackbar Joop")],
    )


def test_a_confirmation_on_an_action_names_the_action_and_its_case(world, planned, verified_client):
    action = _action_with_confirmation(world, planned)
    confirmation = GuardConfirmation.objects.get()
    assert (confirmation.subject, confirmation.case_id) == (f"monitoring.action:{action.pk}", planned.pk)
    html = verified_client(world.privacy).get("/privacy/privacytoets/bevestigingen/").content.decode()
    assert f'href="/casussen/{planned.pk}/"' in html


def test_the_confirmations_of_a_case_go_with_its_personal_data(world, planned):
    _action_with_confirmation(world, planned)
    signal = SignalFactory(reported_by=world.boa, municipality=world.municipality)
    GuardConfirmation.objects.create(
        subject=f"intake.signal:{signal.pk}", kind="name", text="Brand", confirmed_by=world.boa
    )
    today = timezone.localdate()

    # not yet: a term other than the personal data's has passed
    partial = retention.ShredContext(today=today, case_id=planned.pk, expired=frozenset({"criminal"}))
    assert retention._shred_confirmations(planned, partial).rows == {}
    assert GuardConfirmation.objects.filter(case_id=planned.pk).count() == 1

    done = retention._shred_confirmations(planned, retention.ShredContext(today=today, case_id=planned.pk))
    assert done.rows == {"bevestigingen bij de privacytoets": 1}
    assert not GuardConfirmation.objects.filter(case_id=planned.pk).exists()
    assert GuardConfirmation.objects.filter(subject=f"intake.signal:{signal.pk}").exists()  # another record's
    retention.write_tombstones(done.purged, planned.pk, "test")
    assert Tombstone.objects.filter(kind="privacy.GuardConfirmation", case_id=planned.pk).count() == 1
