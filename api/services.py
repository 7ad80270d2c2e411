"""Writes on API tokens: create (the key is returned once, only its hash is kept) and revoke."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import ApiToken, hash_key

auth_log = logging.getLogger("groepsaanpak.auth")

LIFETIME_CHOICES = (30, 90, 180, 365)


@transaction.atomic
def create_token(user, *, name: str, days: int = 90) -> tuple[ApiToken, str]:
    """A new token for `user`; returns (token, key). The key cannot be recovered later."""
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
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken, *, actor) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        auth_log.info("api.token.revoked user=%s token=%s by=%s", token.user_id, token.prefix, actor.username)
    return token
