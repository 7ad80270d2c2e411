"""Refuse input no text field can hold, before any view sees it.

A NUL character (U+0000) in a query parameter or a form field cannot be stored by
PostgreSQL and breaks SQLite's text functions; it never belongs in what a person types. The
request gets a 400 with a Dutch (or English) message — a page for the browser, the API's
error shape for /api/ — and nothing is read or saved."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

FORBIDDEN = "\x00"


def _holding_nul(pairs) -> list[str]:
    return [key for key, values in pairs if FORBIDDEN in key or any(FORBIDDEN in v for v in values)]


def _bad_fields(request) -> list[str]:
    bad = _holding_nul(request.GET.lists())
    # Form posts of the pages; the API parses its own bodies (api/parsers.py). A body that
    # cannot be parsed gets Django's own 400, as before.
    if (
        request.method == "POST"
        and not request.path.startswith("/api/")
        and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        bad += _holding_nul(request.POST.lists())  # a broken body raises here as in a view: Django's 400
    return [key.replace(FORBIDDEN, "") for key in bad]


class RejectUnstorableInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bad = _bad_fields(request)
        if bad:
            message = _(
                "De invoer bevat een teken dat niet is toegestaan (een NUL-teken). Er is niets opgeslagen."
            )
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": message, "code": "invalid", "errors": {field: [message] for field in bad}},
                    status=400,
                )
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
