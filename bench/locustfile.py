"""The load generator of `make bench` (runs in the bench venv; no Django here).

Every simulated user takes one logged-in session from the plan ($BENCH_PLAN, written by
bench/run.py) and requests the listed pages in equal measure, on loopback only. The pages
in `as_professional` (my actions) go with the professional's session instead. The
server measures itself (loadtest.middleware); the X-Bench-Page header names the page.
"""

from __future__ import annotations

import itertools
import json
import os

from locust import FastHttpUser, constant, task

PLAN = json.loads(open(os.environ["BENCH_PLAN"], encoding="utf-8").read())  # noqa: SIM115
_sessions = itertools.cycle(PLAN["sessions"])


class Visitor(FastHttpUser):
    wait_time = constant(float(os.environ.get("BENCH_WAIT", "0")))

    def on_start(self):
        session = next(_sessions)
        self.cookie = f"sessionid={session['sessionid']}; csrftoken={session['csrftoken']}"
        pro = PLAN["pro_session"]
        self.pro_cookie = f"sessionid={pro['sessionid']}; csrftoken={pro['csrftoken']}"
        self.as_professional = set(PLAN.get("as_professional", ()))
        self.pages = list(PLAN["pages"].items())
        self.turn = itertools.cycle(self.pages)

    @task
    def visit(self):
        page, path = next(self.turn)
        headers = {"X-Bench-Page": page}
        if page.startswith("api_"):
            headers["Authorization"] = f"Bearer {PLAN['api_token']}"
        elif page in self.as_professional:
            headers["Cookie"] = self.pro_cookie
        else:
            headers["Cookie"] = self.cookie
        with self.client.get(path, headers=headers, name=page, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
