from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination

from groepsaanpak.paging import COUNT_CAP, count_at_most

MAX_OFFSET = 10**9  # beyond any real list; keeps OFFSET within every database's integer range


def _whole_number(request, name: str, minimum: int) -> int | None:
    """A paging parameter as the schema states it (a whole number from `minimum`): None
    when absent, 400 on the parameter when it is something else."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < minimum:
        message = _("Geef een geheel getal van ten minste %(minimum)s.") % {"minimum": minimum}
        raise exceptions.ValidationError({name: [message]})
    return value


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = 50
    max_limit = 200

    def get_limit(self, request):
        limit = _whole_number(request, self.limit_query_param, 1)
        return self.default_limit if limit is None else min(limit, self.max_limit)

    def get_offset(self, request):
        return min(_whole_number(request, self.offset_query_param, 0) or 0, MAX_OFFSET)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1 if parameter["name"] == self.limit_query_param else 0
        return parameters


class BoundedCountPagination(LimitOffsetPagination):
    """For lists that grow with the city (signals): `count` counts at most COUNT_CAP rows,
    or just past the requested page when that is further. Beyond it `count` is that lower
    bound and `count_capped` is true — the list page says "meer dan 200" the same way
    (groepsaanpak.paging, shared with intake.views.BoundedPaginator). Counting a year of a city's signals cost more than
    the page itself and grew with the data (bench/RESULTS.md, issue 8). `next` stays
    right: there is a next page exactly when one more row exists."""

    count_cap = COUNT_CAP

    def get_count(self, queryset):
        offset = min(self.get_offset(self.request), MAX_OFFSET)
        cap = max(self.count_cap, offset + 2 * self.limit)
        found = count_at_most(queryset, cap)
        self.capped = found > cap
        self.cap = cap
        return found

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.capped:
            response.data["count"] = self.cap
        response.data["count_capped"] = self.capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count"]["description"] = (
            "Aantal resultaten; met count_capped een ondergrens (er zijn er meer)."
        )
        schema["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "Waar als er meer resultaten zijn dan count (de telling stopt bij "
            "200, of net voorbij de gevraagde pagina).",
        }
        schema["required"] = [*schema.get("required", []), "count_capped"]
        return schema


class Cursor(pagination.CursorPagination):
    """Cursor pages for lists that grow while a partner reads them (the processing log,
    signals): `next` carries an opaque `cursor`, no `count`, and a row added meanwhile never
    shifts a page. Used when the request names `cursor` (empty for the first page)."""

    page_size = 50
    page_size_query_param = "limit"
    max_page_size = 200

    def __init__(self, ordering):
        self.ordering = ordering


class CursorOrOffset:
    """A mixin for an offset pagination: offset pages (as before) or, with `?cursor=`,
    cursor pages (Cursor, chosen by api.base.ApiView.page) over `ordering`. The schema
    documents both: `count` only in offset pages."""

    ordering = ("-pk",)

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "Bladeren met een cursor: leeg voor de eerste pagina, daarna de `next` van "
                "het antwoord. Zonder `count`; nieuwe regels verschuiven geen pagina.",
                "schema": {"type": "string"},
            },
        ]

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["required"] = ["results"]
        return schema


class LogPagination(CursorOrOffset, LimitOffsetPagination):
    ordering = ("-sequence",)


class SignalPagination(CursorOrOffset, BoundedCountPagination):
    ordering = ("-observed_at", "-pk")
