"""Telling people: the one function the domain services call (notify), reading and
preferences. The caller decides who is told (a named participant, the addressed function,
the beslisser who may decide — always through privacy's decision); this module only keeps
the rows. No personal data goes in: the kind, the group's working name and a link."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groepsaanpak.errors import DomainError

from .models import DEFAULTS, Channel, Delivery, DeliveryStatus, Kind, Notification, Preference


class NotificationError(DomainError):
    pass


def notify(
    recipients: Iterable, kind: str, *, alias: str, link: str, case_id: int | None = None, key: str = "",
    exclude: Iterable = (),
) -> list[Notification]:  # fmt: skip
    """One notification per recipient (active accounts, once each, not those in `exclude`:
    the actor is not told about their own work), with an outbox row for e-mail as each
    recipient prefers. With a `key`, a recipient already told under that key is skipped.
    Runs in the caller's transaction: a refused write tells nobody."""
    if kind not in Kind.values:
        raise KeyError(kind)
    skip = {getattr(u, "pk", u) for u in exclude}
    users = {u.pk: u for u in recipients if u is not None and u.is_active and u.pk not in skip}
    if not users:
        return []
    channels = channels_for(users.values(), kind)
    created = []
    for user in users.values():
        if key and Notification.objects.filter(recipient=user, key=key).exists():
            continue
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    recipient=user, kind=kind, alias=alias[:120], link=link, case_id=case_id, key=key
                )
        except IntegrityError:  # told under this key by a run at the same moment
            continue
        channel = channels[user.pk]
        if channel != Channel.OFF and user.email:
            Delivery.objects.create(notification=note, channel=channel)
        created.append(note)
    return created


def channels_for(users, kind: str) -> dict[int, str]:
    """Per user, how they want to hear of this kind (their preference, else the default)."""
    chosen = dict(
        Preference.objects.filter(user__in=[u.pk for u in users], kind=kind).values_list("user_id", "channel")
    )
    return {u.pk: chosen.get(u.pk, DEFAULTS[kind]) for u in users}


def preferences(user) -> dict[str, str]:
    """Every kind with the user's channel (their choice, else the default)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "channel"))
    return {kind: chosen.get(kind, DEFAULTS[kind]) for kind in Kind.values}


@transaction.atomic
def set_preferences(user, choices: dict, *, replace: bool = False) -> dict[str, str]:
    """Store the user's channel per kind; an unknown kind or channel is refused whole.
    With `replace`, a kind not in `choices` goes back to its default (the API's PUT)."""
    unknown = [k for k in choices if k not in Kind.values]
    wrong = [k for k, v in choices.items() if v not in Channel.values]
    if unknown or wrong:
        raise NotificationError(_("Onbekende soort melding of keuze."))
    if replace:
        Preference.objects.filter(user=user).exclude(kind__in=list(choices)).delete()
    for kind, channel in choices.items():
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"channel": channel})
    return preferences(user)


def for_user(user):
    """The user's own notifications, newest first (nobody reads another's)."""
    return Notification.objects.filter(recipient_id=user.pk)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return for_user(user).filter(read_at=None).count()


def mark_read(user, pk: int) -> Notification:
    """Mark one of the user's notifications read; another's is not found (DoesNotExist)."""
    note = for_user(user).get(pk=pk)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


def mark_all_read(user) -> int:
    return for_user(user).filter(read_at=None).update(read_at=timezone.now())


# --- producers: events found by looking (a deadline passing), run before each send --------

PRODUCERS: list[Callable[[], int]] = []


def register_producer(producer: Callable[[], int]) -> None:
    """A function of a higher app that emits notifications for what it finds (deadlines);
    send_notifications runs every producer first. Idempotent through notify's `key`."""
    if producer not in PRODUCERS:
        PRODUCERS.append(producer)


def run_producers() -> int:
    return sum(producer() for producer in PRODUCERS)


def failed_deliveries():
    """The outbox rows given up on: the beheerder's home page counts them."""
    return Delivery.objects.filter(status=DeliveryStatus.FAILED)
