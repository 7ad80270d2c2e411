"""Two app servers on one PostgreSQL database (issue 15), on loopback, as in docs/deploy.md:
two gunicorns (two workers each) on one database, checked over HTTP.

1. A session made on one server works on the other.
2. A write on one server is read on the other.
3. Concurrent writes through both keep one processing-log chain (verify_processing_log).
4. A worker killed with SIGKILL mid-request loses no acknowledged write (every 201 is there).
5. Every database backend terminated (a database restart or failover): the servers answer
   503 or serve on, never 500, and recover by themselves.

Usage (from the repository, DATABASE_URL an empty PostgreSQL database):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ga_two .venv/bin/python .ci/two_servers.py
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PASSWORD = "demo-Groepsaanpak-2026"
SIGNAL = {
    "observed_at": "2026-11-20T21:30:00+01:00",
    "location": "Marktplein",
    "area": "Centrum",
    "behaviours": ["overlast"],
    "group_size": 8,
    "age_min": 13,
    "age_max": 16,
    "source": "eigen",
    "impact": "middel",
    "description": "Groep jongeren bij de fontein, harde muziek.",
}


COUNT_LOG = "from privacy.models import ProcessingLogEntry; print(ProcessingLogEntry.objects.count())"


def fail(message: str) -> None:
    print(f"TWO SERVERS FAILED: {message}", file=sys.stderr)
    raise SystemExit(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(*args: str, env: dict) -> str:
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


class Server:
    def __init__(self, name: str, env: dict, logdir: Path):
        self.name, self.port = name, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = (logdir / f"{name}.log").open("w")
        self.proc = subprocess.Popen(
            [GUNICORN, "groepsaanpak.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", "2", "--timeout", "120"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self) -> None:
        for _ in range(90):
            try:
                with urllib.request.urlopen(f"{self.base}/health/", timeout=2) as r:
                    if r.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            if self.proc.poll() is not None:
                fail(f"server {self.name} stopped at start")
            time.sleep(1)
        fail(f"server {self.name} did not become healthy")

    def workers(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def call(method: str, url: str, *, token: str | None = None, body: dict | None = None, timeout: float = 120):
    """(status, parsed JSON or text); a dropped connection is status 0."""
    headers = {"Accept": "application/json"}
    data = None
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            raw = r.read().decode()
            status = r.status
    except urllib.error.HTTPError as e:
        raw, status = e.read().decode(), e.code
    except (OSError, urllib.error.URLError):
        return 0, None
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw


def browser_login(server: Server) -> urllib.request.OpenerDirector:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{server.base}/inloggen/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "regisseur", "password": PASSWORD}
    )
    request = urllib.request.Request(
        f"{server.base}/inloggen/", data=form.encode(), headers={"Referer": f"{server.base}/inloggen/"}
    )
    opener.open(request).read()
    return opener


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        fail("DATABASE_URL must name an (empty) PostgreSQL database")
    work = Path(tempfile.mkdtemp(prefix="ga-two-"))
    env = {
        **os.environ,
        "GROEPSAANPAK_ENV": "development",
        "DEBUG": "0",
        "DEMO_MODE": "1",
        "MEDIA_ROOT": str(work / "media"),
        "LOG_CHECKPOINT_DIR": str(work / "checkpoints"),  # this database's checkpoints only
        "CACHE_URL": f"file://{work / 'cache'}",  # one cache for both, as on one host
        "API_RATE_LIMIT": "100000/min",
    }
    env.pop("CSRF_TRUSTED_ORIGINS", None)
    started = time.monotonic()
    manage("migrate", "--noinput", "-v0", env=env)
    manage("demo", env=env)
    token = manage("create_api_token", "boa", "--name", "two-servers", "--days", "1", env=env).strip()
    # The regisseur reads name lists: each read of personal data appends to the processing log.
    reader = manage("create_api_token", "regisseur", "--name", "two-servers", "--days", "1", env=env).strip()
    a, b = Server("a", env, work), Server("b", env, work)
    try:
        a.wait_ready()
        b.wait_ready()
        for server in (a, b):  # load the privacy guard in every worker before counting
            for _ in range(4):
                status, _body = call("POST", f"{server.base}/api/v1/signals", token=token, body=SIGNAL)
                if status != 201:
                    fail(f"warm-up write on {server.name} answered {status}: {_body}")

        # 1. A session made on A works on B (sessions live in the shared database).
        opener = browser_login(a)
        with opener.open(f"{b.base}/signalen/") as r:
            if r.status != 200 or "/inloggen/" in r.url:
                fail(f"the session of server a was not accepted by server b ({r.status} {r.url})")
        print("1. session made on a works on b: ok")

        # 2. A write on A is seen on B.
        status, created = call("POST", f"{a.base}/api/v1/signals", token=token, body=SIGNAL)
        if status != 201:
            fail(f"write on a answered {status}: {created}")
        status, seen = call("GET", f"{b.base}/api/v1/signals/{created['id']}", token=token)
        if status != 200 or seen["id"] != created["id"]:
            fail(f"server b did not see the write of a ({status})")
        print("2. write on a read on b: ok")

        # 3. Concurrent writes through both servers, half of them log entries: one chain.
        status, cases = call("GET", f"{a.base}/api/v1/cases", token=reader)
        name_lists = [
            f"/api/v1/cases/{c['id']}/name-list"
            for c in cases["results"]
            if call("GET", f"{a.base}/api/v1/cases/{c['id']}/name-list", token=reader)[0] == 200
        ]
        if not name_lists:
            fail("no name list readable by the regisseur in the demo data")
        before = int(manage("shell", "-c", COUNT_LOG, env=env).split()[-1])

        def work_on(i: int):
            server = (a, b)[i % 2]
            if i % 4 < 2:
                return call("POST", f"{server.base}/api/v1/signals", token=token, body=SIGNAL)[0], 201
            return call("GET", f"{server.base}{name_lists[i % len(name_lists)]}", token=reader)[0], 200

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(work_on, range(80)))
        bad = [got for got, expected in results if got != expected]
        if bad:
            fail(f"concurrent requests answered {bad}")
        appended = int(manage("shell", "-c", COUNT_LOG, env=env).split()[-1]) - before
        if appended < 40:
            fail(f"40 name-list reads appended only {appended} log entries")
        out = manage("verify_processing_log", env=env)
        print(f"3. 80 concurrent requests through a and b, {appended} log entries appended: {out.strip()}")

        # 4. SIGKILL a worker of A mid-request; every acknowledged write must be there.
        acknowledged: list[int] = []
        dropped = 0
        stop = threading.Event()
        lock = threading.Lock()

        def stream():
            nonlocal dropped
            while not stop.is_set():
                status, body = call("POST", f"{a.base}/api/v1/signals", token=token, body=SIGNAL, timeout=30)
                with lock:
                    if status == 201:
                        acknowledged.append(body["id"])
                    else:
                        dropped += 1

        threads = [threading.Thread(target=stream) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(2)
        victims = a.workers()
        if not victims:
            fail("no gunicorn workers found under server a")
        os.kill(victims[0], signal.SIGKILL)
        time.sleep(3)  # the master starts a new worker; the stream goes on
        stop.set()
        for t in threads:
            t.join()
        missing = [
            pk for pk in acknowledged if call("GET", f"{b.base}/api/v1/signals/{pk}", token=token)[0] != 200
        ]
        if missing:
            fail(f"acknowledged writes lost after SIGKILL: {missing}")
        status, _ = call("POST", f"{a.base}/api/v1/signals", token=token, body=SIGNAL)
        if status != 201:
            fail(f"server a did not recover after the killed worker ({status})")
        manage("verify_processing_log", env=env)
        print(
            f"4. worker {victims[0]} killed mid-stream: {len(acknowledged)} acknowledged writes all present, "
            f"{dropped} requests cut off; log chain intact"
        )

        # 5. Every backend of the database terminated (restart, failover): 503 or on, never 500.
        terminate = (
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        subprocess.run(["psql", env["DATABASE_URL"], "-qAtc", terminate], check=True, capture_output=True)
        statuses = []
        for server in (a, b, a, b, a, b):
            statuses.append(call("GET", f"{server.base}/api/v1/signals?limit=1", token=token)[0])
        if any(s not in (200, 503) for s in statuses) or statuses[-2:] != [200, 200]:
            fail(f"after the database connections were cut: {statuses}")
        print(f"5. database connections terminated: answers {statuses} (no 500), recovered")
        for server in (a, b):
            log = (work / f"{server.name}.log").read_text()
            if "Internal Server Error" in log:
                fail(f"server {server.name} logged a server error:\n{log[-3000:]}")
    finally:
        a.stop()
        b.stop()
    print(f"two servers on one PostgreSQL: ok in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
