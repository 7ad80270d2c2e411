"""The hook through which every layer reports a security event (login, lockout, MFA,
tokens, rights, access denied) without importing the security log itself: accounts sits
below privacy, which keeps the log (privacy/security.py connects the receiver).

    security_events.emit("login.failure", request=request, username=username)
"""

from __future__ import annotations

from django.dispatch import Signal

# kwargs: kind, request, user, username, actor, target, detail, municipality_id
security_event = Signal()


def emit(
    kind: str,
    *,
    request=None,
    user=None,
    username: str = "",
    actor=None,
    target: str = "",
    detail: str = "",
    municipality_id: int | None = None,
):
    security_event.send(
        sender=None,
        kind=kind,
        request=request,
        user=user,
        username=username,
        actor=actor,
        target=target,
        detail=detail,
        municipality_id=municipality_id,
    )
