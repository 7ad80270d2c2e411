"""Timing of the privacy machinery inside the bench server (loadtest.bench_settings only).

`install()` wraps the functions of `privacy.access` (every access decision and every
visibility filter) and the writers of `privacy.log` in a timer. Only the outermost
wrapped call is counted, so `can_receive -> can_view_case -> participates` is one
interval. The wrappers call the original function unchanged: nothing is skipped.

What it does not count: the later evaluation of a queryset that a `visible_*` function
returns (that is the page's own read, already filtered) — see bench/README.md.
"""

from __future__ import annotations

import functools
import inspect
import sys
import threading
import time

_state = threading.local()
_installed = False

LOG_FUNCTIONS = ("record", "flush_reads", "_append")


def reset() -> None:
    _state.depth = 0
    _state.totals = {"access": 0.0, "log": 0.0}
    _state.calls = {"access": 0, "log": 0}


def totals() -> tuple[dict, dict]:
    return getattr(_state, "totals", {}), getattr(_state, "calls", {})


def _wrap(func, kind: str):
    @functools.wraps(func)
    def timed(*args, **kwargs):
        depth = getattr(_state, "depth", 0)
        if depth:
            return func(*args, **kwargs)
        _state.depth = 1
        t0 = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            _state.depth = 0
            if hasattr(_state, "totals"):
                _state.totals[kind] += time.perf_counter() - t0
                _state.calls[kind] += 1

    timed.__bench_original__ = func
    return timed


def install() -> None:
    global _installed
    if _installed:
        return
    from privacy import access, log

    replaced = {}
    for name, func in inspect.getmembers(access, inspect.isfunction):
        if func.__module__ == access.__name__:
            replaced[func] = _wrap(func, "access")
            setattr(access, name, replaced[func])
    for name in LOG_FUNCTIONS:
        func = getattr(log, name, None)
        if func is not None:
            replaced[func] = _wrap(func, "log")
            setattr(log, name, replaced[func])
    # Modules that imported a function by name (`from .log import flush_reads`) hold the
    # original: point them at the wrapper too.
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None)
        if not namespace or module in (access, log):
            continue
        for attr, value in list(namespace.items()):
            if inspect.isfunction(value) and value in replaced:
                namespace[attr] = replaced[value]
    _installed = True
