"""/health/ for load balancers and monitoring: 200 when this app server can do its work —
the database answers, every migration is applied, the head of the processing log can be
read — else 503. The answer holds no data: only "ok" or the name of the failing check."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import LogHead


def _database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _migrations() -> bool:
    executor = MigrationExecutor(connection)
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def _log_head() -> bool:
    LogHead.objects.values_list("last_sequence", flat=True).first()
    return True


CHECKS = (("database", _database), ("migrations", _migrations), ("processing_log", _log_head))


@never_cache
@require_GET
def health(request):
    for name, check in CHECKS:
        try:
            ok = check()
        except DatabaseError:
            ok = False
        if not ok:
            return JsonResponse({"status": "unavailable", "check": name}, status=503)
    return JsonResponse({"status": "ok"})
