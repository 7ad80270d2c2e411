"""How every API endpoint is built: one small pipeline over the domain's reads and services.

    load      what the URL names, through the domain's read: Case/YouthGroup/Signal.objects.
              visible_to(user), cases.reads.case_or_404 (CaseView.get_case), or_404 for the
              objects below it. Outside what the caller may see: 404, never 403.
    permit    the endpoint's `permission`: checks that ask the decisions that already exist
              (privacy.access, the apps' may_*). A visible object, a refused write: 403, or
              409 when a step of the process stands in the way.
    validate  the request body with an input serializer (`input`): 400.
    act       one service function of the owning app. Its domain errors carry a code and are
              mapped centrally (api.exceptions: forbidden 403, stale/gate 409, invalid 400);
              `refusals` turns a service's "invalid" into a state (409) or a field error.
    present   serialize what the reads return. Serializers only shape data: what a caller may
              see or do is decided here or in the domain, never in a serializer.

The HTTP handlers stay small functions of that order; `endpoint` documents them (OpenAPI)
with the shared error responses and, for creates, the Idempotency-Key. View classes carry
comments, not docstrings: drf-spectacular would publish a view's docstring as the
description of its operations. See docs/api.md."""

from __future__ import annotations

import contextvars
import inspect
from contextlib import contextmanager

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.reads import case_or_404
from groepsaanpak.errors import INVALID
from privacy import access, log, policies, security
from privacy.categories import Category

from . import idempotency, strict
from .exceptions import Conflict, PayloadTooLarge, invalid
from .pagination import Cursor, CursorOrOffset, LimitOffsetPagination
from .serializers import ErrorSerializer, GuardedInputSerializer

VERSION_HEADER = "API-Version"  # on every response: the version of the contract (docs/api-changelog.md)


def api_version() -> str:
    return settings.SPECTACULAR_SETTINGS["VERSION"]


JSON_LIMIT = 1024 * 1024
MULTIPART_FIELDS = 64 * 1024  # a multipart body: the attachment (ATTACHMENT_MAX_BYTES) plus the form fields
MANAGER_ONLY = "Alleen de procesregisseur of de uitvoeringscoördinator kan dit doen."

# --- the documentation of an endpoint ---------------------------------------------------

_DESCRIPTIONS = {
    400: "Ongeldige invoer: per veld de meldingen in `errors`.",
    401: "Geen, een onbekend, verlopen of ingetrokken token, of een gedeactiveerd account.",
    403: "Het object is zichtbaar, maar deze handeling mag u niet uitvoeren.",
    404: "Bestaat niet, of valt buiten wat u mag zien.",
    409: "Een poort van het proces houdt dit tegen (met de uitleg), of de sleutel is al gebruikt.",
    413: "Het verzoek is te groot (JSON 1 MB, multipart 10 MB).",
    429: "Te veel verzoeken; zie Retry-After.",
}

IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    pattern=r"^[\x21-\x7e]{1,255}$",
    description="Zelfde sleutel bij een herhaald verzoek: het eerste resultaat komt terug, er wordt "
    "niets nieuws aangemaakt. 1–255 zichtbare ASCII-tekens, bijvoorbeeld een UUID.",
)


def with_errors(ok: dict, *codes: int) -> dict:
    """The responses of an operation: `ok` plus the error responses (401 and 429 always)."""
    codes = tuple(sorted(set(codes) | {401, 429}))
    errors = {code: OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS[code]) for code in codes}
    return {**ok, **errors}


def endpoint(*, ok=None, creates=None, request=None, errors=None, idempotent=False, parameters=(), **schema):
    """Document a handler (OpenAPI). Its docstring is the text for API users: the first
    paragraph the summary, the rest the description. `ok` is the response: a serializer for
    200, or {status: serializer}; `request` the body's serializer. `idempotent=True` honours
    an Idempotency-Key (api.idempotency) and documents the header. `creates=S` is the
    common create: 201 with S, idempotent. The tag is the view's
    `tag`; the error responses follow from the handler unless `errors` names them: 404 when
    the path names an object, 403 and 409 for a write, 400 and 413 for a write with a body.
    Further keyword arguments (operation_id) go to extend_schema as they are."""

    if creates is not None:
        ok, idempotent = {201: creates}, True

    def decorate(handler):
        summary, _blank, description = inspect.cleandoc(handler.__doc__ or "").partition("\n\n")
        handler.__doc__ = None  # only the summary and description below reach the schema
        schema["summary"] = " ".join(summary.split())
        if description:
            schema["description"] = " ".join(description.split())
        params = [IDEMPOTENCY, *parameters] if idempotent else list(parameters)
        if params:
            schema["parameters"] = params
        path_params = list(inspect.signature(handler).parameters)[2:]  # after self, request
        handler = idempotency.idempotent(handler) if idempotent else handler
        handler.endpoint = (ok if isinstance(ok, dict) else {200: ok}, request, errors, path_params, schema)
        return handler

    return decorate


def _document(view, method: str, handler) -> None:
    """Apply a handler's @endpoint to the schema, with the view's tag and the derived errors."""
    ok, request, errors, path_params, schema = handler.endpoint
    if method != "get":
        schema = {**schema, "request": request}
    if errors is None:
        errors = {404} if path_params else set()
        if method != "get":
            errors |= {403, 409} | ({400, 413} if request is not None else set())
    extend_schema(tags=[view.tag], responses=with_errors(ok, *errors), **schema)(handler)


# --- loading ------------------------------------------------------------------------------

# The caller of the API request being handled (set in ApiView.initial), for or_404's report.
_current_user: contextvars.ContextVar = contextvars.ContextVar("api_user", default=None)


def or_404(queryset, **lookup):
    """The object of `queryset` (already narrowed to what the caller may see) that matches
    `lookup`; 404 when there is none."""
    found = queryset.filter(**lookup).first()
    if found is None:
        _report_if_hidden(queryset, lookup)
        raise exceptions.NotFound()
    return found


def _report_if_hidden(queryset, lookup) -> None:
    """An object that exists but lies outside what the caller may see: access.denied in the
    security log (rate-limited per user and object by privacy.security.denied)."""
    pk = lookup.get("pk", lookup.get("id"))
    if pk is None or set(lookup) - {"pk", "id"}:
        return
    security.report_hidden(_current_user.get(), queryset.model, pk)


# --- presenting ------------------------------------------------------------------------------


class Shown:
    """An object as its serializer shows it to this caller: its own attributes, plus (or
    instead of) what the view decided or computed for this caller, e.g. a withheld member or
    what the caller may do. The object itself is left untouched; services get the object."""

    def __init__(self, obj, **extra):
        self.__dict__.update(extra)
        self._obj = obj

    def __getattr__(self, name):
        return getattr(self._obj, name)


# --- what a body refers to --------------------------------------------------------------------


def or_invalid(queryset, field: str, message: str, **lookup):
    """The object the body refers to (by `lookup`) among `queryset`, the choices the page
    offers; else 400 on `field` with `message`."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise invalid(field, message)
    return found


def youth_or_invalid(memberships, data: dict, field: str = "person", old: str = "member", where: str = ""):
    """The place on the name list (among `memberships`) of the youth the body names: by the
    person id in `field`, or by the deprecated membership id in `old`; None when it names
    neither; else 400 on the field used. `where` prefixes the field (e.g. "rows.0.")."""
    person, member = data.pop(field, None), data.pop(old, None)
    if person is None and member is None:
        return None
    lookup, name = ({"person_id": person}, field) if person is not None else ({"pk": member}, old)
    return or_invalid(memberships, where + name, _(NOT_ON_LIST), **lookup)


NOT_ON_LIST = "Deze jongere staat niet (meer) op de namenlijst van deze casus."


def all_or_invalid(queryset, ids, field: str, message: str) -> list:
    """The objects the body refers to by id among `queryset`; 400 on `field` if one is missing."""
    ids = set(ids)
    found = list(queryset.filter(pk__in=ids))
    if len(found) != len(ids):
        raise invalid(field, message)
    return found


def uploaded_csv(request):
    """The file of an import: a text/csv body (api.parsers.CSVFileParser) or the multipart part `file`."""
    upload = request.data.get("file") if hasattr(request.data, "get") else None
    if upload is None or upload == b"":
        raise invalid("file", _("Stuur een CSV-bestand (text/csv, of multipart met een deel 'file')."))
    return upload


# --- who may write: checks over the existing decisions ----------------------------------------
# Each check takes (user, target) and raises when the answer is no; a view lists its checks
# in `permission`. They decide nothing themselves: they ask privacy.access or the app.


def allowed(decide, message: str):
    """403 with `message` unless decide(user, target): a predicate the pages ask as well."""

    def check(user, target) -> None:
        if not decide(user, target):
            raise exceptions.PermissionDenied(_(message))

    return check


def policy(name: str, message: str | None = None, *, on: str = "case"):
    """privacy.policies (the one permission table): 403 unless policy `name` allows the user
    on the view's target (passed as the policy's `case`, or as `obj` with on="obj"); the
    refusal is the table's own reason unless `message` is given."""

    def check(user, target) -> None:
        decision = policies.check(user, name, **{on: target})
        if not decision:
            raise exceptions.PermissionDenied(_(message) if message else decision.reason)

    return check


def manager(message: str = MANAGER_ONLY):
    """privacy.access.can_manage_case: the procesregisseur or coördinator of the case."""
    return allowed(access.can_manage_case, message)


def supplies(category: str):
    """privacy.access.can_supply: 403 with its reason, or 409 when the process stands in the
    way (no personal data before step 2, a closed case): the decision's own code."""

    def check(user, case) -> None:
        access.can_supply(user, case, category).enforce()

    return check


def by_decision(decide):
    """403 with the reason of the privacy.access Decision that decide(user, target) returns."""

    def check(user, target) -> None:
        decision = decide(user, target)
        if not decision:
            raise exceptions.PermissionDenied(str(decision.reason))

    return check


def receives(category: str = Category.PERSONAL):
    """privacy.access.can_receive: 403 with its reason (choosing members needs the name list)."""
    return by_decision(lambda user, case: access.can_receive(user, case, category))


def case_open(user, case) -> None:
    """409 once the case is closed: its forms are gone from the pages too."""
    if not case.is_open:
        raise Conflict(_("Deze casus is afgesloten."))


# --- a service's refusals -----------------------------------------------------------------


@contextmanager
def refusals(error_class, answer):
    """Around a service (also as a decorator): its refusals of `error_class` with the code
    `invalid` become answer(message), e.g. Conflict for a refusal that describes the state
    of the resource (a round already closed: 409), or a field error. Guard findings, stale
    versions and every other code keep their central mapping (api.exceptions)."""
    try:
        yield
    except error_class as exc:
        if exc.code != INVALID or getattr(exc, "findings", None) is not None:
            raise
        raise answer(str(exc)) from None


# --- the views ----------------------------------------------------------------------------


def detail_location(collection: str, data) -> str | None:
    """The path of a created item below `collection` (its `number`, else its `id`), when the
    API has a route for it."""
    key = data.get("number", data.get("id")) if isinstance(data, dict) else None
    if key is None:
        return None
    path = f"{collection.rstrip('/')}/{key}"
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return path if match.url_name not in (None, "") and "rest" not in match.kwargs else None


def body_limit(request) -> int:
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("multipart/"):
        return settings.ATTACHMENT_MAX_BYTES + MULTIPART_FIELDS
    return JSON_LIMIT


class ApiView(APIView):
    # Every endpoint: body limit (413), no caching, and the steps of the pipeline as helpers.

    pagination_class = LimitOffsetPagination
    permission = ()  # for the writes: a check (user, target) or a tuple of them; see check_permission
    tag = ""  # the section of the documentation its operations are listed under

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for method in ("get", "post", "patch", "delete"):
            handler = cls.__dict__.get(method)
            if hasattr(handler, "endpoint"):
                _document(cls, method, handler)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication (401), throttling (429)
        log.continue_trace(request.headers.get("traceparent"))  # a partner's call joins its trace
        self._user_token = _current_user.set(request.user)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > body_limit(request):
            raise PayloadTooLarge()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if hasattr(self, "_user_token"):
            _current_user.reset(self._user_token)
            del self._user_token
        response["Cache-Control"] = "no-store"
        response[VERSION_HEADER] = api_version()
        return response

    @property
    def user(self):
        return self.request.user

    def ctx(self) -> dict:
        return {"request": self.request}

    def check_permission(self, target=None, checks=None) -> None:
        """Run the view's `permission` checks (or `checks`, where the decision depends on
        the input); a write calls this after loading what the URL names (404 first) and
        before validating the body."""
        # Read through the class: a lone check function stays a plain function, not a method.
        checks = type(self).permission if checks is None else checks
        for check in checks if isinstance(checks, tuple) else (checks,):
            check(self.user, target)

    def validated(self, serializer_class, data=None, **kwargs) -> dict:
        data = self.request.data if data is None else data
        serializer = serializer_class(data=data, **kwargs)
        if (self.request.content_type or "").startswith("application/json"):
            wrong_types = strict.type_errors(serializer, data)  # a number for a text, ... (api/strict.py)
            if wrong_types:
                raise exceptions.ValidationError(wrong_types)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def input(self, serializer_class, data=None, **kwargs) -> dict:
        """The validated body as a plain dict, ready for a service: confirmed findings of
        the privacy guard as (kind, text) pairs (empty when none were sent)."""
        values = dict(self.validated(serializer_class, data, **kwargs))
        if issubclass(serializer_class, GuardedInputSerializer):
            confirmed = values.get("confirmed_findings") or []
            values["confirmed_findings"] = [(f["kind"], f["text"]) for f in confirmed]
        return values

    def checked_input(self, serializer_class, data=None, **kwargs) -> dict:
        """The view's `permission` checks (on what the view loaded), then the validated body."""
        self.check_permission()
        return self.input(serializer_class, data, **kwargs)

    def write(self, service, target, serializer_class, **extra):
        """The generic write: checked_input, then the body to `service(target, actor=user,
        **body)`; returns what the service returns."""
        return service(target, actor=self.user, **extra, **self.checked_input(serializer_class))

    def page(self, items) -> tuple:
        """(paginator, the requested page of `items`)."""
        paginator = self.pagination_class()
        if "cursor" in self.request.query_params and isinstance(paginator, CursorOrOffset):
            paginator = Cursor(paginator.ordering)
        return paginator, paginator.paginate_queryset(items, self.request, view=self)

    def paginate(self, items, serializer_class, row=None) -> Response:
        """The generic list: a page of `items` (each through `row` first, when given)."""
        paginator, page = self.page(items)
        rows = page if row is None else [row(item) for item in page]
        return paginator.get_paginated_response(serializer_class(rows, many=True, context=self.ctx()).data)

    def respond(self, serializer_class, instance, code=status.HTTP_200_OK, **kwargs) -> Response:
        """The generic retrieve: `instance` through its output serializer. A 201 (a create)
        names the new item in `Location` where the collection has a detail route (its path
        plus the new `number`, for versions, else `id`)."""
        response = Response(serializer_class(instance, context=self.ctx(), **kwargs).data, status=code)
        location = (
            detail_location(self.request.path, response.data) if code == status.HTTP_201_CREATED else None
        )
        if location:
            response["Location"] = self.request.build_absolute_uri(location)
        return response

    def created(self, serializer_class, instance, **kwargs) -> Response:
        return self.respond(serializer_class, instance, status.HTTP_201_CREATED, **kwargs)

    def deleted(self) -> Response:
        return Response(status=status.HTTP_204_NO_CONTENT)


class ObjectView(ApiView):
    # An endpoint below one object named in the path (`pk`), loaded once per request
    # through `load()`: by default or_404 over `get_queryset()`, the domain's visible_to read.
    # The `permission` checks get this object.

    def get_queryset(self):
        raise NotImplementedError

    def load(self):
        return or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = self.load()
        return self._object

    def check_permission(self, target=None, checks=None) -> None:
        super().check_permission(self.get_object() if target is None else target, checks)


class CaseView(ObjectView):
    # An endpoint below /cases/<pk>/: the case through cases.reads.case_or_404 (404 when
    # the caller may not see it).

    def load(self):
        return case_or_404(self.user, self.kwargs["pk"])

    def get_case(self):
        return self.get_object()

    @property
    def case(self):
        return self.get_object()
