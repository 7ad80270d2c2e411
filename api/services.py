"""Writes on API tokens: create (the key is returned once, only its hash is kept) and revoke."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from groepsaanpak import security_events

from .models import ApiToken, hash_key

auth_log = logging.getLogger("groepsaanpak.auth")

LIFETIME_CHOICES = (30, 90, 180, 365)


@transaction.atomic
def create_token(user, *, name: str, days: int = 90, request=None) -> tuple[ApiToken, str]:
    """A new token for `user`; returns (token, key). The key cannot be recovered later.
    Reported to the security log (token.created)."""
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API",
        key_hash=hash_key(key),
        prefix=key[:10],
        expires_at=timezone.now() + timedelta(days=days),
    )
    auth_log.info(
        "api.token.created user=%s token=%s expires=%s", user.username, token.prefix, token.expires_at
    )
    security_events.emit(
        "token.created",
        request=request,
        user=user,
        target=f"api-token:{token.pk}",
        detail=f"{token.name} ({token.prefix}…), verloopt {token.expires_at:%Y-%m-%d}",
    )
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken, *, actor, request=None, reason: str = "") -> ApiToken:
    """Revoke a token for good (a revoked token never works again); reported to the
    security log (token.revoked) the first time only."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        auth_log.info(
            "api.token.revoked user=%s token=%s by=%s",
            token.user_id,
            token.prefix,
            actor.username if actor else "-",
        )
        security_events.emit(
            "token.revoked",
            request=request,
            user=token.user,
            actor=actor,
            target=f"api-token:{token.pk}",
            detail=" ".join(filter(None, [f"{token.name} ({token.prefix}…)", reason])),
        )
    return token


def revoke_tokens_of(user_ids, *, actor=None, reason: str = "") -> int:
    """Revoke every token still valid of these users (deactivation): for good, a
    reactivated account gets none back. One token.revoked event per token."""
    revoked = 0
    live = ApiToken.objects.filter(
        user_id__in=list(user_ids), revoked_at__isnull=True, expires_at__gt=timezone.now()
    )
    for token in live:
        revoke_token(token, actor=actor, reason=reason)
        revoked += 1
    return revoked


def on_users_deactivated(sender, *, user_ids, actor=None, **kwargs) -> None:
    revoke_tokens_of(user_ids, actor=actor, reason="account gedeactiveerd")
