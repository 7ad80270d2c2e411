"""One error shape for the whole API, and the mapping of domain errors onto HTTP.

    {"detail": "...", "code": "...", "errors": {"field": ["message"]}}   # errors: only on 400

400 invalid input · 401 no/bad token · 403 forbidden action on a visible object ·
404 outside the caller's visibility · 409 a gate of the process (workflow, personal-data
gate, already handled) · 413 body too large · 429 rate limited · 503 the database is
unreachable (with Retry-After). Messages follow the
request language (Dutch by default, English with Accept-Language: en).
"""

from __future__ import annotations

import logging

from django.core import exceptions as django_exceptions
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from groepsaanpak import errors
from groepsaanpak.errors import DomainError
from privacy import security

NON_FIELD = "non_field_errors"
logger = logging.getLogger(__name__)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("Dit kan nu niet in deze stap van het proces.")
    default_code = "gate"


class Unavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = gettext_lazy(
        "De database is even niet bereikbaar. Er is niets opgeslagen. Probeer het over een halve minuut opnieuw."
    )
    default_code = "unavailable"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("Het verzoek is te groot.")
    default_code = "payload_too_large"


class GuardFindings(exceptions.ValidationError):
    """The privacy guard found personal data where none is allowed; carries the spans."""

    def __init__(self, errors: dict, findings: dict):
        super().__init__(errors, code="privacy_guard")
        self.findings = findings


def _texts(data, prefix: str = "") -> dict[str, str]:
    """The request's text values by field path ('description', 'cells.0.content')."""
    out: dict[str, str] = {}
    if isinstance(data, dict) or hasattr(data, "items"):
        items = (
            data.items()
            if not hasattr(data, "lists")
            else ((k, v[-1] if len(v) == 1 else v) for k, v in data.lists())
        )
        for key, value in items:
            out.update(_texts(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            out.update(_texts(value, f"{prefix}.{index}" if prefix else str(index)))
    elif isinstance(data, str) and prefix:
        out[prefix] = data
    return out


def _by_field(exc, data) -> dict[str, list]:
    """The refusal's findings per request field. The service may have named its fields
    (GuardRefused.fields); otherwise each finding goes to the field whose text holds it at
    the finding's place (else anywhere), so a client always learns which text to fix.
    Only a finding in no field of the request (text the server composed) stays on
    `non_field_errors`."""
    if exc.fields:
        return dict(exc.fields)
    texts = _texts(data) if data is not None else {}
    out: dict[str, list] = {}
    for f in exc.findings:
        exact = [name for name, text in texts.items() if text[f.start : f.end] == f.text]
        anywhere = exact or [name for name, text in texts.items() if f.text in text]
        for name in anywhere[:1] or [getattr(exc, "field", None) or NON_FIELD]:
            out.setdefault(name, []).append(f)
    return out


def guard_findings(exc, data=None) -> GuardFindings:
    """A privacy-guard refusal (privacy.guarding.GuardRefused) as `{"errors": {field: [...]},
    "findings": {field: [...]}}`: per field of the request (`data`), each with the spans found."""
    fields = _by_field(exc, data)
    message = _(
        "Deze tekst lijkt persoonsgegevens te bevatten (%(kinds)s). Herschrijf de gemarkeerde delen, of "
        "bevestig per melding dat het geen persoonsgegeven is."
    )
    return GuardFindings(
        {
            name: [str(exc)]
            if name == NON_FIELD
            else [message % {"kinds": ", ".join(sorted({f.kind for f in spans}))}]
            for name, spans in fields.items()
        },
        {name: [finding(f) for f in spans] for name, spans in fields.items()},
    )


def invalid(field: str, message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({field: [message]})


def flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors as {"field" | "parent.0.child": ["message", ...]}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == NON_FIELD and prefix:
                name = prefix
            for k, v in flatten(value, name).items():
                out.setdefault(k, []).extend(v)
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            if isinstance(item, dict | list):
                for k, v in flatten(item, f"{prefix}.{index}" if prefix else str(index)).items():
                    out.setdefault(k, []).extend(v)
            else:
                out.setdefault(prefix or NON_FIELD, []).append(str(item))
    else:
        out.setdefault(prefix or NON_FIELD, []).append(str(detail))
    return out


def finding(f) -> dict:
    """One finding of the privacy guard as the API shows it."""
    return {"start": f.start, "end": f.end, "kind": f.kind, "text": f.text, "explanation": f.explanation}


def _translate(exc, data=None):
    """Domain and Django errors onto DRF exceptions (the message is kept). Domain errors
    are mapped by their code (groepsaanpak.errors), never by their message text."""
    if isinstance(exc, DomainError):
        if exc.code == errors.FORBIDDEN:
            return exceptions.PermissionDenied(str(exc))
        if exc.code == errors.STALE:
            return Conflict(str(exc), code="stale_version")
        if exc.code == errors.GATE:
            return Conflict(str(exc), code="gate")
        if getattr(exc, "findings", None) is not None:
            return guard_findings(exc, data)
        if exc.errors:
            return exceptions.ValidationError(exc.errors)  # per field, e.g. "results.0.baseline"
        return exceptions.ValidationError({NON_FIELD: [str(exc)]})
    if isinstance(exc, OperationalError | InterfaceError):  # the database went away: 503, retry later
        logger.warning("API: de database is niet bereikbaar: %s", exc)
        return Unavailable()
    if isinstance(exc, django_exceptions.RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, django_exceptions.TooManyFieldsSent | django_exceptions.TooManyFilesSent):
        return PayloadTooLarge(_("Het verzoek bevat te veel velden of bestanden."))
    if isinstance(exc, django_exceptions.ValidationError):
        return exceptions.ValidationError({NON_FIELD: list(exc.messages)})
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, django_exceptions.PermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def _report_denied(exc, context) -> None:
    """A 403 about the object the endpoint loaded (it exists and the caller sees it, but may
    not do this): access.denied in the security log, rate-limited per user and object."""
    view = context.get("view")
    target = getattr(view, "_object", None)
    request = context.get("request")
    if getattr(target, "_meta", None) is not None and request is not None:
        label = f"{target._meta.label_lower}:{target.pk}"
        security.denied(request.user, label, detail=str(exc.detail))


def _request_data(context):
    request = context.get("request")
    try:
        return request.data if request is not None else None
    except Exception:  # noqa: BLE001 - the body itself was the error; no fields to name
        return None


def exception_handler(exc, context):
    exc = _translate(exc, _request_data(context) if getattr(exc, "findings", None) is not None else None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.PermissionDenied):
        _report_denied(exc, context)
    if isinstance(exc, exceptions.ValidationError):
        body = {"detail": _("De invoer is niet geldig."), "code": "invalid", "errors": flatten(exc.detail)}
        if isinstance(exc, GuardFindings):
            body["code"] = "privacy_guard"
            body["findings"] = exc.findings
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
        code = detail.code if isinstance(detail, exceptions.ErrorDetail) else "error"
        body = {"detail": str(detail), "code": code or "error"}
    response.data = body
    if isinstance(exc, Unavailable):
        response["Retry-After"] = "30"
    return response
