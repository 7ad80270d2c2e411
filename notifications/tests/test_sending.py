"""The outbox: a second run sends nothing twice, a failure is tried again after a pause and
given up on after MAX_ATTEMPTS (visible to the beheerder), the daily digest is one e-mail
per person, and "off" sends nothing (the notification stays in the app)."""

from datetime import timedelta
from io import StringIO
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from notifications import sending, services
from notifications.models import Channel, Delivery, DeliveryStatus, Kind, Notification
from notifications.services import notify, set_preferences

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    for user in (world.wijkagent, world.boa, world.outsider):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return world


def tell(user, kind=Kind.NAMED, alias="Groep Oost", **kwargs):
    return notify([user], kind, alias=alias, link="/casussen/7/", case_id=7, **kwargs)


def test_a_second_run_sends_nothing_twice(people):
    tell(people.wijkagent)
    out = StringIO()
    call_command("send_notifications", stdout=out)
    assert len(mail.outbox) == 1 and "e-mails verstuurd: 1" in out.getvalue()
    message = mail.outbox[0]
    assert message.to == ["wijkagent@example.org"]
    assert "Groep Oost" in message.subject and "http://" in message.body and "/casussen/7/" in message.body
    call_command("send_notifications", stdout=StringIO())
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_failure_is_retried_with_backoff_then_given_up(people, monkeypatch):
    tell(people.wijkagent)
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise SMTPException("451 tijdelijk niet beschikbaar")

    monkeypatch.setattr(sending, "send_mail", broken)
    now = timezone.now()
    assert sending.send_due(now) == 0
    row = Delivery.objects.get()
    assert row.status == DeliveryStatus.PENDING and row.attempts == 1 and "451" in row.last_error
    assert row.next_attempt_at == now + sending.FIRST_PAUSE
    assert sending.send_due(now + timedelta(minutes=1)) == 0 and len(calls) == 1  # not due yet
    moment = now
    for _attempt in range(sending.MAX_ATTEMPTS - 1):
        moment = Delivery.objects.get().next_attempt_at
        sending.send_due(moment)
    row = Delivery.objects.get()
    assert row.status == DeliveryStatus.FAILED and row.attempts == sending.MAX_ATTEMPTS
    assert list(services.failed_deliveries()) == [row]
    sending.send_due(moment + timedelta(days=1))
    assert len(calls) == sending.MAX_ATTEMPTS  # given up: not tried again


def test_digest_is_one_mail_per_person_and_off_sends_nothing(people):
    set_preferences(people.wijkagent, {Kind.NAMED: Channel.DIGEST, Kind.ESCALATION: Channel.DIGEST})
    set_preferences(people.boa, {Kind.NAMED: Channel.OFF})
    tell(people.wijkagent, alias="Groep Oost")
    tell(people.wijkagent, Kind.ESCALATION, alias="Groep Zuid")
    tell(people.boa)
    assert sending.send_due() == 0  # nothing immediate
    assert sending.send_digest() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Groep Oost" in body and "Groep Zuid" in body and "2 meldingen" in mail.outbox[0].subject
    assert sending.send_digest() == 0
    # off: in the app, not by e-mail
    assert Notification.objects.filter(recipient=people.boa).count() == 1
    assert not Delivery.objects.filter(notification__recipient=people.boa).exists()


def test_notify_skips_inactive_excluded_and_already_told(people):
    people.boa.is_active = False
    people.boa.save(update_fields=["is_active"])
    made = notify(
        [people.wijkagent, people.boa, people.outsider],
        Kind.NAMED,
        alias="G",
        link="/",
        exclude=[people.outsider],
    )
    assert [n.recipient for n in made] == [people.wijkagent]
    assert tell(people.wijkagent, key="k1") and not tell(people.wijkagent, key="k1")


def test_a_user_without_e_mail_is_told_in_the_app_only(world):
    tell(world.jongerenwerker)
    assert Notification.objects.filter(recipient=world.jongerenwerker).exists()
    assert not Delivery.objects.exists()
