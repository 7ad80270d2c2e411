"""The answers when something fails on the server (handler500 in groepsaanpak/urls.py).

When the database cannot be reached (it restarts, fails over, or the connection dropped
mid-request) the answer is a 503 with a Dutch message — a page for the browser, the API's
error shape for /api/ — and `Retry-After`, instead of a bare 500. Nothing was half-saved:
every write is a service in one transaction, so a transaction the database did not commit
is rolled back as a whole. Django closes a broken connection at the end of the request
and the next request connects afresh (CONN_HEALTH_CHECKS checks a kept connection first),
so the application recovers by itself when the database is back.

These pages are rendered without the request's context processors: those read the
database (the user, the navigation), which is what just failed."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 30


def database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError | InterfaceError)


def server_error(request):
    if database_unavailable(sys.exc_info()[1]):
        status = 503
        title = _("Tijdelijk niet beschikbaar")
        message = _(
            "De database is even niet bereikbaar. Wat u net deed, is niet opgeslagen. "
            "Probeer het over een halve minuut opnieuw."
        )
        code = "unavailable"
    else:
        status = 500
        title = _("Er ging iets mis")
        message = _(
            "Er is een fout opgetreden op de server. Wat u net deed, is niet opgeslagen. "
            "Probeer het opnieuw; blijft het misgaan, neem dan contact op met de beheerder."
        )
        code = "error"
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": code}, status=status)
    else:
        html = render_to_string("error.html", {"title": title, "message": message})
        response = HttpResponse(html, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
