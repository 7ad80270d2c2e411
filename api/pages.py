"""The non-JSON parts of the API app: the docs page (server-rendered from the OpenAPI
schema, no JavaScript), the token section of the profile page, the API root, and a JSON
404 for every unknown path under /api/v1/."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import schema as schema_tools
from . import services
from .authentication import BearerTokenAuthentication
from .base import VERSION_HEADER, api_version
from .models import DEFAULT_LIFETIME_DAYS

# --- docs -----------------------------------------------------------------------------

_schema_cache: dict[str, dict] = {}


def openapi_document() -> dict:
    if "doc" not in _schema_cache:
        _schema_cache["doc"] = SchemaGenerator().get_schema(request=None, public=True)
    return _schema_cache["doc"]


class SchemaView(SpectacularAPIView):
    # The OpenAPI schema. Unless API_DOCS_PUBLIC (development, test): only for a valid
    # token or a signed-in session (401 otherwise), read at each request.
    authentication_classes = [BearerTokenAuthentication, SessionAuthentication]

    def get_permissions(self):
        return [AllowAny() if settings.API_DOCS_PUBLIC else IsAuthenticated()]


def docs(request):
    if not settings.API_DOCS_PUBLIC and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    document = openapi_document()
    ops = schema_tools.operations(document)
    tags: dict[str, list] = {}
    for op in ops:
        tags.setdefault(op["tag"], []).append(op)
    return render(
        request,
        "api/docs.html",
        {"info": document.get("info", {}), "tags": tags, "count": len(ops)},
    )


class ApiRoot(APIView):
    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request):
        return Response(
            {
                "schema": request.build_absolute_uri(reverse("api:schema")) + "?format=json",
                "docs": request.build_absolute_uri(reverse("api:docs")),
                "authentication": "Authorization: Bearer <token>",
            }
        )


@csrf_exempt
def not_found(request, rest=""):
    """Unknown path: try it with/without the trailing slash (API views only), else a JSON 404."""
    path = request.path
    alternative = path[:-1] if path.endswith("/") else path + "/"
    try:
        match = resolve(alternative)
    except Resolver404:
        match = None
    view_class = getattr(match.func, "cls", None) if match else None
    if view_class is not None and issubclass(view_class, APIView):
        return match.func(request, *match.args, **match.kwargs)
    response = JsonResponse({"detail": _("Niet gevonden."), "code": "not_found"}, status=404)
    response[VERSION_HEADER] = api_version()
    return response


# --- tokens on the profile page -------------------------------------------------------------


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Naam van het token"),
        max_length=100,
        help_text=gettext_lazy("Bijvoorbeeld het systeem dat het gebruikt: 'registratiesysteem politie'."),
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Geldig"),
        coerce=int,
        initial=DEFAULT_LIFETIME_DAYS,
        choices=[(d, gettext_lazy("%(n)s dagen") % {"n": d}) for d in services.LIFETIME_CHOICES],
    )


def _second_factor_done(user) -> bool:
    # /api/ paths skip the MFA middleware (tokens have no session); this page uses the session.
    return settings.DEMO_MODE or user.is_verified()


@login_required
@require_POST
def profile_tokens(request):
    user = request.user
    if not _second_factor_done(user):
        raise Http404
    if request.POST.get("action") == "revoke":
        token = get_object_or_404(user.api_tokens, pk=request.POST.get("token") or 0)
        services.revoke_token(token, actor=user, request=request)
        messages.success(request, _("Het token '%(name)s' is ingetrokken.") % {"name": token.name})
        return redirect("accounts:profile")
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef het token een naam en kies een geldigheid."))
        return redirect("accounts:profile")
    token, key = services.create_token(
        user, name=form.cleaned_data["name"], days=form.cleaned_data["days"], request=request
    )
    return render(request, "api/token_created.html", {"token": token, "key": key})
