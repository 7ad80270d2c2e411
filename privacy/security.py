"""The security log (beveiligingslog): logins, lockouts, MFA, sessions, API tokens, rights
and denied access, in an append-only, keyed, anchored stream of its own (privacy.chain,
stream "beveiligingslog"). Every layer reports through groepsaanpak.security_events.emit;
the receiver here writes the entry in the caller's transaction. Kept
SECURITY_LOG_RETENTION_DAYS (default three years), removed by privacy.retention."""

from __future__ import annotations

import contextvars
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.dispatch import receiver
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groepsaanpak import clientip
from groepsaanpak.security_events import security_event

from . import chain
from .models import SecurityEvent

KINDS = {
    "login.success": _("Ingelogd"),
    "login.failure": _("Inloggen mislukt"),
    "login.locked": _("Account geblokkeerd na te veel mislukte pogingen"),
    "login.unlocked": _("Blokkade opgeheven"),
    "mfa.enrolled": _("Tweestapsverificatie ingesteld"),
    "mfa.reset": _("Tweestapsverificatie teruggezet"),
    "mfa.failure": _("Verkeerde code voor tweestapsverificatie"),
    "logout": _("Uitgelogd"),
    "session.expired": _("Sessie verlopen"),
    "password.changed": _("Wachtwoord gewijzigd"),
    "token.created": _("API-token aangemaakt"),
    "token.used": _("API-token gebruikt (eerste keer dit uur)"),
    "token.revoked": _("API-token ingetrokken"),
    "user.role_changed": _("Rol gewijzigd"),
    "user.organisation_changed": _("Organisatie van gebruiker gewijzigd"),
    "user.deactivated": _("Account gedeactiveerd"),
    "user.reactivated": _("Account weer actief"),
    "organisation.changed": _("Soort of gemeente van organisatie gewijzigd"),
    "change.requested": _("Wijziging van toegang aangevraagd (vier ogen)"),
    "change.approved": _("Wijziging van toegang goedgekeurd en doorgevoerd"),
    "change.rejected": _("Wijziging van toegang afgewezen"),
    "login.local_refused": _(
        "Lokaal inloggen geweigerd: de organisatie meldt aan via haar identiteitsprovider"
    ),
    "account.linked": _("Account gekoppeld aan een identiteitsprovider (eerste aanmelding)"),
    "identity_provider.changed": _("Inlogvoorziening (OpenID Connect) van een organisatie gewijzigd"),
    "access.denied": _("Toegang geweigerd tot een bestaand object"),
    "security_log.read": _("Beveiligingslog ingezien"),
    "security_log.export": _("Beveiligingslog geëxporteerd (CSV)"),
}

STREAM = chain.register(
    chain.Stream(
        name="beveiligingslog",
        label="Beveiligingslog",
        model=SecurityEvent,
        head_pk=2,
        fields=(
            "sequence",
            "at",
            "kind",
            "user_id",
            "username",
            "actor_id",
            "actor_username",
            "municipality_id",
            "ip_address",
            "user_agent",
            "target",
            "detail",
            "prev_hash",
        ),  # fmt: skip
        int_fields=frozenset({"sequence", "user_id", "actor_id", "municipality_id"}),
        dt_fields=frozenset({"at"}),
        time_field="at",
        triggers={
            "sqlite": ("privacy_seclog_no_update", "privacy_seclog_no_delete"),
            "postgresql": ("privacy_seclog_no_change", "privacy_seclog_no_truncate"),
        },
        purgeable=True,
    )
)


def _municipality_id(*users) -> int | None:
    for user in users:
        organisation = getattr(user, "organisation", None) if user is not None else None
        if organisation is not None:
            return organisation.municipality_id
    return None


def record(
    kind: str,
    *,
    request=None,
    user=None,
    username: str = "",
    actor=None,
    target: str = "",
    detail: str = "",
    municipality_id: int | None = None,
) -> SecurityEvent:
    """Append one security event. `user`: the account concerned; `actor`: who did it when
    that is someone else (a beheerder deactivating a user); `request` gives the client
    address (groepsaanpak.clientip, behind trusted proxies) and user agent;
    `municipality_id` (else the user's, else the actor's) whose privacy officer sees it."""
    if kind not in KINDS:
        raise ValueError(f"onbekende beveiligingsgebeurtenis {kind!r}")
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if actor is not None and (not getattr(actor, "is_authenticated", False) or actor == user):
        actor = None
    meta = request.META if request is not None else {}
    event = SecurityEvent(
        at=timezone.now(),
        kind=kind,
        user_id=getattr(user, "pk", None),
        username=(getattr(user, "username", "") or username)[:150],
        actor_id=getattr(actor, "pk", None),
        actor_username=getattr(actor, "username", "")[:150] if actor else "",
        municipality_id=municipality_id or _municipality_id(user, actor),
        ip_address=(clientip.client_ip(request) or "") if request is not None else "",
        user_agent=str(meta.get("HTTP_USER_AGENT", ""))[:300],
        target=str(target)[:100],
        detail=str(detail)[:300],
    )
    chain.append(STREAM, [event])
    return event


@receiver(security_event)
def _on_security_event(sender, kind, *, signal=None, **event):
    # event: the keywords of record() that the caller of emit gave
    if kind == "access.denied":
        denied(event["user"], event["target"], request=event.get("request"), detail=event.get("detail", ""))
        return
    record(kind, **event)


# --- access denied to an existing object ----------------------------------------------------
# A refusal usually rolls its transaction back (a service raises AccessDenied inside
# transaction.atomic), which would take the event with it. During a request the events wait
# here and privacy.middleware.TraceMiddleware writes them once the view has finished,
# outside its transaction; elsewhere (commands) they are written at once.

DENIED_INTERVAL = 60  # seconds: at most one event per user per object per minute
_pending: contextvars.ContextVar[list | None] = contextvars.ContextVar("security_pending", default=None)


def start_request() -> contextvars.Token:
    return _pending.set([])


def end_request(token: contextvars.Token) -> int:
    """Write the access-denied events gathered during the request; returns how many."""
    pending = _pending.get() or []
    _pending.reset(token)
    for kwargs in pending:
        record("access.denied", **kwargs)
    return len(pending)


def denied(user, target: str, *, request=None, detail: str = "") -> bool:
    """Report that `user` was refused access to the existing object `target`
    ("cases.case:5"). Rate-limited per user and object (DENIED_INTERVAL), so a crawler
    walking the ids cannot flood the log; False when this one was left out."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not cache.add(f"security-denied:{user.pk}:{target}", 1, DENIED_INTERVAL):
        return False
    kwargs = {"request": request, "user": user, "target": target, "detail": detail}
    pending = _pending.get()
    if pending is not None:
        pending.append(kwargs)
    else:
        record("access.denied", **kwargs)
    return True


def report_hidden(user, model, pk, *, detail: str = "") -> bool:
    """A lookup by id that found nothing the user may see: when the object does exist, report
    access.denied (through denied(), rate-limited). Pages and the API answer 404 either way,
    so its existence is not disclosed to the caller, only to the security log."""
    try:
        exists = model._default_manager.filter(pk=pk).exists()
    except (TypeError, ValueError, ValidationError):
        return False
    return exists and denied(user, f"{model._meta.label_lower}:{pk}", detail=detail)


def visible_or_404(visible, user, pk, *, detail: str = ""):
    """The object with this id among `visible` (a queryset already limited to what the user
    may see); otherwise 404, with a hidden but existing object reported (report_hidden)."""
    try:
        obj = visible.filter(pk=pk).first()
    except (TypeError, ValueError, ValidationError):
        obj = None
    if obj is None:
        report_hidden(user, visible.model, pk, detail=detail)
        raise Http404
    return obj


def _cutoff(before=None):
    cutoff = timezone.now() - timedelta(days=settings.SECURITY_LOG_RETENTION_DAYS)
    return cutoff if before is None else min(cutoff, before)


def purgeable(before=None) -> int:
    """How many events purge(before) would remove (the dry run of apply_retention)."""
    return SecurityEvent.objects.filter(at__lt=_cutoff(before)).count()


def purge(before=None) -> int:
    """Remove the security events older than the retention period (and `before`, if
    earlier); the chain then starts at the mark left behind. On PostgreSQL only the
    owner's function privacy_log_purge may delete (docs/deploy.md); on SQLite the purge
    permit does the same job."""
    cutoff = _cutoff(before)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT privacy_log_purge(%s, %s)", [STREAM.name, cutoff])
            return int(cursor.fetchone()[0])
    last = (
        SecurityEvent.objects.filter(at__lt=cutoff)
        .order_by("-sequence")
        .values_list("sequence", "entry_hash")
    )
    last = last.first()
    if last is None:
        return 0
    from .log import grant_purge_permit, revoke_purge_permit

    grant_purge_permit()
    try:
        removed, _ = SecurityEvent.objects.filter(sequence__lte=last[0]).delete()
    finally:
        revoke_purge_permit()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT OR REPLACE INTO {chain.PURGE_MARK_TABLE} (stream, through_sequence, through_hash) "  # noqa: S608
            "VALUES (%s, %s, %s)",
            [STREAM.name, last[0], last[1]],
        )
    return removed


# --- reading --------------------------------------------------------------------------------


def visible_to(user):
    """The events a user may read (policy security_log.read): everything for the beheerder
    (the admin spans the installation), the events of their own municipality for the
    privacy officer; nothing for anyone else. Newest first."""
    from . import policies

    events = SecurityEvent.objects.order_by("-sequence")
    if not policies.allowed(user, "security_log.read"):
        return events.none()
    if policies.allowed(user, "security_log.read_all"):
        return events
    return events.filter(municipality_id=user.organisation.municipality_id)


def filtered(events, *, kind: str = "", user: str = "", since=None, until=None):
    """The events narrowed by the page's filters: a kind, a username (part of it, as the
    account concerned or as who did it), a period of days (inclusive)."""
    if kind:
        events = events.filter(kind=kind)
    if user:
        events = events.filter(Q(username__icontains=user) | Q(actor_username__icontains=user))
    tz = timezone.get_current_timezone()
    if since:
        events = events.filter(at__gte=_start_of(since, tz))
    if until:
        events = events.filter(at__lt=_start_of(until + timedelta(days=1), tz))
    return events


def _start_of(day, tz):
    from datetime import datetime, time

    return datetime.combine(day, time.min, tzinfo=tz)
