"""`Idempotency-Key` on create requests: a retry with the same key (same user) gets the
first result back (status and body) and creates nothing new.

Only successful results are kept: a refused request changed nothing and may simply be
sent again. The key row is written in the same transaction as the work, so two
concurrent requests with one key cannot both create (the second one's work is rolled
back and it answers with the first result)."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from datetime import timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from privacy import retention

from .exceptions import Conflict, invalid
from .models import IdempotencyKey

HEADER = "Idempotency-Key"
KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")
KEEP = timedelta(hours=24)


def _plain(value):
    if isinstance(value, UploadedFile):
        return {"file": value.name, "size": value.size}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value if isinstance(value, int | float | bool | type(None)) else str(value)


def fingerprint(request) -> str:
    data = request.data
    if hasattr(data, "lists"):  # QueryDict from multipart
        data = {k: v if len(v) > 1 else v[0] for k, v in data.lists()}
    payload = json.dumps([request.method, request.path, _plain(data)], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _replay(record: IdempotencyKey, request, print_: str) -> Response:
    if record.fingerprint != print_ or record.path != request.path or record.method != request.method:
        raise Conflict(
            _("Deze Idempotency-Key is al gebruikt voor een ander verzoek."), code="idempotency_key_reused"
        )
    return Response(record.body, status=record.status_code, headers={"Idempotent-Replayed": "true"})


def idempotent(handler):
    @functools.wraps(handler)
    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return handler(self, request, *args, **kwargs)
        if not KEY_PATTERN.match(key):
            raise invalid(HEADER, _("Gebruik 1 tot 255 zichtbare ASCII-tekens, bijvoorbeeld een UUID."))
        print_ = fingerprint(request)
        IdempotencyKey.objects.filter(user=request.user, created_at__lt=timezone.now() - KEEP).delete()
        existing = IdempotencyKey.objects.filter(user=request.user, key=key).first()
        if existing is not None:
            return _replay(existing, request, print_)
        try:
            with transaction.atomic():
                response = handler(self, request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    IdempotencyKey.objects.create(
                        user=request.user,
                        key=key,
                        method=request.method,
                        path=request.path[:300],
                        fingerprint=print_,
                        status_code=response.status_code,
                        body=json.loads(JSONRenderer().render(response.data) or b"null"),
                    )
        except IntegrityError:
            existing = IdempotencyKey.objects.filter(user=request.user, key=key).first()
            if existing is None:
                raise
            return _replay(existing, request, print_)
        return response

    return wrapper


def expire(moment) -> retention.Shredded:
    """The retention run's part (issue 17): every idempotency record older than 24 hours
    goes, also of users who never send another request (their bodies hold the names,
    dates of birth and addresses the caller sent)."""
    done = retention.Shredded()
    done.count(
        "API-idempotentiesleutels", IdempotencyKey.objects.filter(created_at__lt=moment - KEEP).delete()[0]
    )
    return done
