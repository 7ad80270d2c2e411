"""Server-side timing for `make bench` (only in loadtest.bench_settings).

Per request: wall time through the whole middleware stack, the number and time of SQL
queries (connection.execute_wrapper), and the time spent in access decisions and
processing-log writes (loadtest.instrument). Written as one JSON line per request to
$BENCH_LOG and returned in a Server-Timing header. The page label comes from the load
generator's X-Bench-Page header.
"""

from __future__ import annotations

import json
import os
import time

from django.db import connection

from . import instrument


class _Queries:
    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - t0
            self.count += 1


class BenchTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        instrument.install()
        path = os.environ.get("BENCH_LOG")
        self.out = open(path, "a", buffering=1, encoding="utf-8") if path else None  # noqa: SIM115

    def __call__(self, request):
        queries = _Queries()
        instrument.reset()
        t0 = time.perf_counter()
        with connection.execute_wrapper(queries):
            response = self.get_response(request)
        elapsed = time.perf_counter() - t0
        spent, calls = instrument.totals()
        ms = {"app": elapsed * 1000, "db": queries.seconds * 1000}
        ms.update({k: v * 1000 for k, v in spent.items()})
        response["Server-Timing"] = ", ".join(f"{k};dur={v:.2f}" for k, v in ms.items())
        if self.out is not None:
            record = {
                "page": request.headers.get("X-Bench-Page") or request.path,
                "status": response.status_code,
                "ms": round(ms["app"], 3),
                "db_ms": round(ms["db"], 3),
                "access_ms": round(ms.get("access", 0.0), 3),
                "log_ms": round(ms.get("log", 0.0), 3),
                "queries": queries.count,
                "access_calls": calls.get("access", 0),
                "log_calls": calls.get("log", 0),
                "pid": os.getpid(),
            }
            self.out.write(json.dumps(record) + "\n")
        return response
