"""`Authorization: Bearer <token>`: the token's user, with that user's rights, or 401.

No sessions and therefore no CSRF. A revoked or expired token, or one whose user was
deactivated, is refused on the very next request. Use is kept in `last_used_at`, at most
once a minute per token, and reported to the security log (token.used) once per token per
clock hour: the first use in an hour whose last recorded use lies in an earlier hour."""

from __future__ import annotations

import logging
from datetime import UTC, timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from groepsaanpak import clientip, security_events

from .models import ApiToken, hash_key

auth_log = logging.getLogger("groepsaanpak.auth")
USE_RECORD_INTERVAL = timedelta(minutes=1)
FAILURE_WINDOW = 60  # seconds
FAILURES_ALLOWED = 20  # refused tokens per address per window; then 429 until it passes


def _failure_key(request) -> str:
    return f"api-token-failures:{_client(request)}"


def _refuse_if_guessing(request) -> None:
    """Throttle an address that keeps sending refused tokens (guessing or a broken client),
    before the token is even looked up."""
    if cache.get(_failure_key(request), 0) >= FAILURES_ALLOWED:
        raise exceptions.Throttled(
            wait=FAILURE_WINDOW,
            detail=_("Te veel verzoeken met een ongeldig token. Probeer het later opnieuw."),
        )


def _count_failure(request) -> None:
    key = _failure_key(request)
    if not cache.add(key, 1, FAILURE_WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, FAILURE_WINDOW)


def _hour(moment):
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _client(request) -> str:
    return clientip.client_ip(request) or ""


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.encode():
            return None  # no credentials: IsAuthenticated answers 401
        _refuse_if_guessing(request)
        if len(parts) != 2:
            _count_failure(request)
            raise exceptions.AuthenticationFailed(_("Gebruik de header 'Authorization: Bearer <token>'."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            key = ""
        token = (
            ApiToken.objects.select_related("user", "user__organisation")
            .filter(key_hash=hash_key(key))
            .first()
            if key
            else None
        )
        now = timezone.now()
        problem = None
        if token is None:
            problem = _("Onbekend of ongeldig token.")
        elif token.revoked_at is not None:
            problem = _("Dit token is ingetrokken.")
        elif token.expires_at <= now:
            problem = _("Dit token is verlopen.")
        elif not token.user.is_active:
            problem = _("Het account van dit token is niet (meer) actief.")
        if problem:
            auth_log.warning(
                "api.token.refused token=%s user=%s ip=%s reason=%s",
                token.prefix if token else key[:10],
                token.user.username if token else "-",
                _client(request),
                problem,
            )
            _count_failure(request)
            raise exceptions.AuthenticationFailed(problem)
        self._record_use(request, token, now)
        return token.user, token

    @staticmethod
    def _record_use(request, token: ApiToken, now) -> None:
        previous = token.last_used_at
        new_hour = previous is None or _hour(previous) != _hour(now)
        if not new_hour and now - previous <= USE_RECORD_INTERVAL:
            return
        # Only the request that moves last_used_at on reports the new hour, also when
        # several arrive at once.
        moved = ApiToken.objects.filter(pk=token.pk, last_used_at=previous).update(last_used_at=now)
        token.last_used_at = now
        auth_log.info(
            "api.token.used user=%s token=%s ip=%s", token.user.username, token.prefix, _client(request)
        )
        if moved and new_hour:
            security_events.emit(
                "token.used",
                request=request,
                user=token.user,
                target=f"api-token:{token.pk}",
                detail=f"{token.name} ({token.prefix}…)",
            )

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
