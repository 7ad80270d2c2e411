"""Every write about accounts: login throttling, sessions, deactivation."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from .models import LoginFailure, User, UserSession


def client_ip(request) -> str | None:
    # Behind a proxy the deployment sets REMOTE_ADDR correctly (gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR")


def is_locked_out(username: str, ip: str | None) -> bool:
    since = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    recent = LoginFailure.objects.filter(at__gte=since)
    if recent.filter(username__iexact=username).count() >= settings.LOGIN_MAX_FAILURES:
        return True
    # An address trying many usernames is throttled too (4x the per-account limit).
    return bool(ip) and recent.filter(ip_address=ip).count() >= 4 * settings.LOGIN_MAX_FAILURES


def record_login_failure(username: str, ip: str | None, stage: str = "password") -> None:
    LoginFailure.objects.create(username=username[:150], ip_address=ip, stage=stage)


def clear_login_failures(username: str) -> None:
    LoginFailure.objects.filter(username__iexact=username).delete()


def remember_session(user: User, session_key: str) -> None:
    UserSession.objects.get_or_create(user=user, session_key=session_key)


def end_all_sessions(user: User) -> int:
    """Log the user out everywhere: delete every session we know belongs to them."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    deleted, _ = Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def deactivate_user(user: User, *, actor: User | None = None) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    end_all_sessions(user)
