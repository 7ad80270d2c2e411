"""Refuse input no text field may hold, before any view sees it.

A NUL character (U+0000) cannot be stored by PostgreSQL and breaks SQLite's text functions;
direction controls and zero-width characters make text read otherwise than it is stored
(groepsaanpak/text.py). None belongs in what a person types; nor does a query parameter of
more than 1000 characters. A query parameter or form field
holding one gets a 400 with a Dutch (or English) message naming the problem — a page for
the browser, the API's error shape with the field for /api/ — and nothing is read or saved."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

from . import text


def _problems(pairs, *, max_length: int | None = None) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, values in pairs:
        for value in (key, *values):
            message = text.problem(value)
            if not message and max_length and len(value) > max_length:
                message = text.too_long_message()
            if message:
                found.setdefault(key, message)
                break
    return found


def _bad_fields(request) -> dict[str, str]:
    bad = _problems(request.GET.lists(), max_length=text.MAX_QUERY_VALUE)
    # Form posts of the pages; the API parses its own bodies (api/parsers.py). A body that
    # cannot be parsed gets Django's own 400, as before.
    if (
        request.method == "POST"
        and not request.path.startswith("/api/")
        and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        bad |= _problems(request.POST.lists())  # a broken body raises here as in a view: Django's 400
    return {key.replace(text.NUL, ""): message for key, message in bad.items()}


class RejectUnstorableInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bad = _bad_fields(request)
        if bad:
            message = next(iter(bad.values()))
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": message, "code": "invalid", "errors": {f: [m] for f, m in bad.items()}},
                    status=400,
                )
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
