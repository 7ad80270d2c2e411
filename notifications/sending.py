"""E-mail from the outbox (Delivery rows): `send_due` for the immediate channel, `send_digest`
for the daily digest. Each row is locked and marked sent in the same transaction as the
sending, so a second run (or a retried job) sends nothing twice; a failure is tried again
after a growing pause and, after MAX_ATTEMPTS, stays failed for the beheerder to see.

The body carries no personal data: the line of the notification (kind and the group's
working name) and a link. Not the recipient's name, not the case's content."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Channel, Delivery, DeliveryStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_PAUSE = timedelta(minutes=5)  # then 10, 20, 40, 80 minutes


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _footer() -> list[str]:
    return [
        "",
        _("U ontvangt dit bericht van Groepsaanpak. Wat u per e-mail krijgt, stelt u in bij uw meldingen:"),
        _url(reverse("notifications:preferences")),
    ]


def compose(notification) -> tuple[str, str]:
    """Subject and body of the e-mail for one notification."""
    text = notification.text
    body = [text, "", _("Bekijk het in Groepsaanpak (na inloggen):"), _url(notification.link), *_footer()]
    return _("Groepsaanpak: %(text)s") % {"text": text}, "\n".join(body)


def compose_digest(notifications) -> tuple[str, str]:
    n = len(notifications)
    subject = ngettext(
        "Groepsaanpak: %(n)s melding van de afgelopen dag",
        "Groepsaanpak: %(n)s meldingen van de afgelopen dag",
        n,
    ) % {"n": n}
    body = [_("Wat er sinds het vorige overzicht voor u is gebeurd:"), ""]
    for note in notifications:
        body += [f"- {note.text}", f"  {_url(note.link)}"]
    return subject, "\n".join(body + _footer())


def _failed(rows, error: Exception, now) -> None:
    for row in rows:
        row.attempts += 1
        row.last_error = f"{type(error).__name__}: {error}"[:300]
        if row.attempts >= MAX_ATTEMPTS:
            row.status = DeliveryStatus.FAILED
        else:
            row.next_attempt_at = now + FIRST_PAUSE * 2 ** (row.attempts - 1)
        row.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    logger.warning("Meldingen %s niet verstuurd: %s", [r.pk for r in rows], type(error).__name__)


def _sent(rows, now) -> None:
    Delivery.objects.filter(pk__in=[r.pk for r in rows]).update(
        status=DeliveryStatus.SENT, sent_at=now, attempts=F("attempts") + 1, last_error=""
    )


def _due(channel: str, now):
    return Delivery.objects.filter(status=DeliveryStatus.PENDING, channel=channel, next_attempt_at__lte=now)


def _send(rows, subject: str, body: str, now) -> bool:
    recipient = rows[0].notification.recipient
    try:
        send_mail(subject, body, None, [recipient.email])
    except OSError as error:  # SMTP and connection errors: tried again later
        _failed(rows, error, now)
        return False
    _sent(rows, now)
    return True


def send_due(now=None) -> int:
    """Send every immediate e-mail that is due; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for pk in list(_due(Channel.IMMEDIATE, now).values_list("pk", flat=True)):
        with transaction.atomic():
            row = (
                _due(Channel.IMMEDIATE, now)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("notification__recipient")
                .filter(pk=pk)
                .first()
            )
            if row is None:  # sent meanwhile by another run
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject, body = compose(row.notification)
            sent += _send([row], subject, body, now)
    return sent


def send_digest(now=None) -> int:
    """One e-mail per user with everything waiting in the digest channel; returns how many
    e-mails were sent."""
    now = now or timezone.now()
    user_ids = set(_due(Channel.DIGEST, now).values_list("notification__recipient_id", flat=True))
    sent = 0
    for user_id in sorted(user_ids):
        with transaction.atomic():
            rows = list(
                _due(Channel.DIGEST, now)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("notification__recipient")
                .filter(notification__recipient_id=user_id)
                .order_by("notification__created_at", "pk")
            )
            if not rows:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject, body = compose_digest([r.notification for r in rows])
            sent += _send(rows, subject, body, now)
    return sent
