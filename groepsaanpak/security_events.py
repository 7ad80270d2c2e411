"""The hook through which every layer reports a security event (login, lockout, MFA,
tokens, rights, access denied) without importing the security log itself: accounts sits
below privacy, which keeps the log (privacy/security.py connects the receiver).

    security_events.emit("login.failure", request=request, username=username)
"""

from __future__ import annotations

from django.dispatch import Signal

# kwargs: kind, request, user, username, actor, target, detail, municipality_id
security_event = Signal()


def emit(kind: str, **event) -> None:
    """Report a security event; the keywords are those of privacy.security.record (which
    refuses an unknown kind or keyword)."""
    security_event.send(sender=None, kind=kind, **event)
