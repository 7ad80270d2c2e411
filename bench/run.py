"""The page benchmark of `make bench`: per database and scale, build (or reuse) a
load-generated database, start gunicorn with 2 workers on loopback, log in through the
real two-step login, drive the pages with locust, and collect the server's own timings.

Usage (from the repository root, normally through `make bench`)::

    .venv/bin/python bench/run.py --scales small city --dbs sqlite postgres

Writes bench/results.json (merged: combinations not run keep their earlier figures) and
then bench/RESULTS.md via bench/report.py. Databases live in .cache/bench/ (SQLite) and
as ga_bench_<scale> (PostgreSQL at $BENCH_PG, default postgres://postgres@127.0.0.1:5432);
they are rebuilt only when missing, when DATA_VERSION changes or with --rebuild.
Every loop is bounded: a fixed run time per combination and time-outs on every wait.
"""

# ruff: noqa: S603, S310 - a bench script that starts this repository's own programs and
# talks HTTP to its own server on 127.0.0.1 only.
from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / ".cache" / "bench"
PY = str(REPO / ".venv" / "bin" / "python")
GUNICORN = str(REPO / ".venv" / "bin" / "gunicorn")
LOCUST = str(REPO / ".cache" / "bench-venv" / "bin" / "locust")
RESULTS = REPO / "bench" / "results.json"
DATA_VERSION = "3"  # 3: keyed (HMAC) log chain, issue 14; bump when generate_load_data changes what it builds
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def free_port() -> int:
    """A port nobody listens on now (other developers run servers on this machine too)."""
    if os.environ.get("BENCH_PORT"):
        return int(os.environ["BENCH_PORT"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log(message: str) -> None:
    print(f"[bench {dt.datetime.now(dt.UTC):%H:%M:%S}] {message}", flush=True)


def database_url(db: str, scale: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{CACHE / f'sqlite-{scale}.sqlite3'}"
    return f"{PG}/ga_bench_{scale}"


def django_env(url: str, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEMO_MODE", "DJANGO_SETTINGS_MODULE"}}
    env.update({"DATABASE_URL": url, "DEBUG": "0", "GROEPSAANPAK_ENV": "development", **extra})
    return env


def manage(url: str, *args: str, timeout: int = 3600) -> str:
    done = subprocess.run(
        [PY, "manage.py", *args],
        cwd=REPO,
        env=django_env(url),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def postgres_available() -> bool:
    import psycopg

    try:
        with psycopg.connect(f"{PG}/postgres", connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def recreate(db: str, scale: str) -> None:
    if db == "sqlite":
        for path in CACHE.glob(f"sqlite-{scale}.sqlite3*"):
            path.unlink()
        return
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS ga_bench_{scale} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE ga_bench_{scale}")


def ensure_data(db: str, scale: str, rebuild: bool) -> dict:
    url = database_url(db, scale)
    marker = CACHE / f"{db}-{scale}.ready"
    info = json.loads(marker.read_text()) if marker.exists() else {}
    if rebuild or info.get("version") != DATA_VERSION:
        log(f"{db}/{scale}: building the data set")
        recreate(db, scale)
        manage(url, "migrate", "--noinput", "-v0")
        t0 = time.perf_counter()
        output = manage(url, "generate_load_data", "--scale", scale)
        info = {
            "version": DATA_VERSION,
            "build_seconds": round(time.perf_counter() - t0, 1),
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "load_at_build": os.getloadavg()[0],
            "output": output.strip().splitlines(),
        }
        marker.write_text(json.dumps(info, indent=2))
        log(f"{db}/{scale}: built in {info['build_seconds']} s")
    else:
        manage(url, "migrate", "--noinput", "-v0")  # indexes added since the build
        if db == "postgres":  # as after a build (generate_load_data): planner statistics, visibility map
            import psycopg

            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("VACUUM ANALYZE")
    return info


def verify_speed(db: str, scale: str) -> dict:
    done = subprocess.run(
        [PY, "bench/chain_bench.py"],
        cwd=REPO,
        env=django_env(database_url(db, scale)),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["load"] = os.getloadavg()[0]
    return result


def writers_speed(db: str, scale: str) -> dict:
    """8 processes appending to the processing log at once (bench/chain_writers_bench.py)."""
    done = subprocess.run(
        [PY, "bench/chain_writers_bench.py", "--writers", "8", "--entries", "250"],
        cwd=REPO,
        env=django_env(database_url(db, scale)),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["load"] = os.getloadavg()[0]
    return result


# --- the server ---------------------------------------------------------------------


def wait_for_port(process: subprocess.Popen, port: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped (see {CACHE / 'gunicorn.out'})")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def start_server(url: str, server_log: Path, port: int) -> subprocess.Popen:
    env = django_env(
        url,
        DJANGO_SETTINGS_MODULE="loadtest.bench_settings",
        BENCH_LOG=str(server_log),
        API_RATE_LIMIT="1000000/min",  # the load generator is one user; throttling is not measured
        LOG_LEVEL="ERROR",
    )
    process = subprocess.Popen(
        [GUNICORN, "groepsaanpak.wsgi:application", "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "120"],
        cwd=REPO,
        env=env,
        stdout=(CACHE / "gunicorn.out").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    wait_for_port(process, port)
    return process


def stop_server(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def login(base: str, account: dict) -> dict:
    """Password, then a TOTP code computed from the device key (django_otp.oath.totp)."""
    from django_otp.oath import totp

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())

    def post(path: str, fields: dict) -> int:
        csrf = next(c.value for c in jar if c.name == "csrftoken")
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": csrf}).encode()
        request = urllib.request.Request(base + path, data=data, headers={"Referer": base + path})
        try:
            return opener.open(request, timeout=30).status
        except urllib.error.HTTPError as exc:
            return exc.code

    opener.open(base + "/inloggen/", timeout=30).read()
    assert post("/inloggen/", {"username": account["username"], "password": account["password"]}) == 302  # noqa: S101 - a benchmark script's own check, never run with -O
    code = totp(bytes.fromhex(account["totp_key"]))
    assert post("/inloggen/code/", {"token": f"{code:06d}"}) == 302, "TOTP login refused"  # noqa: S101 - as above
    cookies = {c.name: c.value for c in jar}
    return {"sessionid": cookies["sessionid"], "csrftoken": cookies["csrftoken"]}


def fetch(base: str, path: str, headers: dict) -> tuple[int, bytes]:
    request = urllib.request.Request(base + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


# --- one combination ----------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return 0.0
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def summarise(lines: list[dict]) -> dict:
    pages: dict[str, list[dict]] = {}
    for line in lines:
        pages.setdefault(line["page"], []).append(line)
    summary = {}
    for page, rows in sorted(pages.items()):
        ms = [r["ms"] for r in rows]
        queries = [r["queries"] for r in rows]
        total = sum(ms)
        summary[page] = {
            "requests": len(rows),
            "errors": sum(1 for r in rows if r["status"] >= 400),
            "p50_ms": round(percentile(ms, 0.5), 1),
            "p95_ms": round(percentile(ms, 0.95), 1),
            "p99_ms": round(percentile(ms, 0.99), 1),
            "mean_ms": round(statistics.fmean(ms), 1),
            "queries": int(statistics.median(queries)),
            "queries_min": min(queries),
            "queries_max": max(queries),
            "db_ms_p50": round(percentile([r["db_ms"] for r in rows], 0.5), 1),
            "access_share": round(sum(r["access_ms"] for r in rows) / total, 4) if total else 0,
            "log_share": round(sum(r["log_ms"] for r in rows) / total, 4) if total else 0,
            "access_ms_mean": round(statistics.fmean(r["access_ms"] for r in rows), 2),
            "log_ms_mean": round(statistics.fmean(r["log_ms"] for r in rows), 2),
        }
    return summary


def run_combination(db: str, scale: str, args) -> dict:
    url = database_url(db, scale)
    data = ensure_data(db, scale, args.rebuild)
    chain = verify_speed(db, scale) if scale in args.verify_scales else None
    if chain:
        log(f"{db}/{scale}: verify_chain {chain['entries']} entries, {chain['entries_per_second']}/s")
    writers = writers_speed(db, scale) if scale in args.verify_scales else None
    if writers:
        log(
            f"{db}/{scale}: 8 log writers, {writers['entries_per_second']}/s, chain ok: {writers['chain_ok']}"
        )
    plan = json.loads(manage(url, "bench_prepare", "--sessions", str(args.users)))
    server_log = CACHE / f"server-{db}-{scale}.jsonl"
    server_log.unlink(missing_ok=True)
    port = free_port()
    server = start_server(url, server_log, port)
    base = f"http://127.0.0.1:{port}"
    try:
        plan["sessions"] = [login(base, account) for account in plan.pop("logins")]
        plan["pro_session"] = login(base, plan.pop("pro_login"))

        def cookie(session):
            return {"Cookie": f"sessionid={session['sessionid']}; csrftoken={session['csrftoken']}"}

        for page, path in plan["pages"].items():  # warm-up, and every page must answer 200
            headers = {"X-Bench-Page": f"warmup:{page}"}
            if page.startswith("api_"):
                headers["Authorization"] = f"Bearer {plan['api_token']}"
            elif page in plan.get("as_professional", ()):
                headers.update(cookie(plan["pro_session"]))
            else:
                headers.update(cookie(plan["sessions"][0]))
            for _n in range(args.warmup):
                status, body = fetch(base, path, headers)
                if status != 200:
                    raise SystemExit(f"{page} ({path}) answered {status}: {body[:300]!r}")
        plan_path = CACHE / "plan.json"
        plan_path.write_text(json.dumps(plan))
        load_before = os.getloadavg()
        log(f"{db}/{scale}: locust, {args.users} users, {args.duration} s (load {load_before[0]:.2f})")
        locust = subprocess.run(
            [
                LOCUST,
                "-f",
                "bench/locustfile.py",
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(args.users),
                "-t",
                f"{args.duration}s",
                "-H",
                base,
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--stop-timeout",
                "10",
            ],  # fmt: skip
            cwd=REPO,
            env={**os.environ, "BENCH_PLAN": str(plan_path), "BENCH_WAIT": str(args.wait)},
            capture_output=True,
            text=True,
            timeout=args.duration + 120,
        )
        (CACHE / f"locust-{db}-{scale}.txt").write_text(locust.stdout + locust.stderr)
        load_after = os.getloadavg()
    finally:
        stop_server(server)
    lines = [json.loads(x) for x in server_log.read_text().splitlines() if x.strip()]
    measured = [x for x in lines if not x["page"].startswith("warmup:") and x["page"] in plan["pages"]]
    return {
        "database": db,
        "scale": scale,
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
        "users": args.users,
        "wait_s": args.wait,
        "duration_s": args.duration,
        "targets": plan["targets"],
        "pages_measured": plan["pages"],
        "data": {k: data.get(k) for k in ("build_seconds", "built_at", "load_at_build", "output")},
        "verify_chain": chain,
        "log_writers": writers,
        "pages": summarise(measured),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", nargs="+", default=["small", "city"], choices=["small", "city", "stress"])
    parser.add_argument("--dbs", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "60")))
    parser.add_argument("--users", type=int, default=int(os.environ.get("BENCH_USERS", "2")))
    parser.add_argument("--wait", type=float, default=float(os.environ.get("BENCH_WAIT", "0.05")))
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--verify-scales", nargs="*", default=["city"])
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    CACHE.mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.setdefault("runs", {})
    dbs = list(args.dbs)
    if "postgres" in dbs and not postgres_available():
        log(f"PostgreSQL not reachable at {PG}: skipped")
        dbs.remove("postgres")
    for db in dbs:
        for scale in args.scales:
            run = run_combination(db, scale, args)
            results["runs"][f"{db}/{scale}"] = run
            RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
            worst = max(run["pages"].items(), key=lambda kv: kv[1]["p95_ms"])
            log(f"{db}/{scale}: done; slowest p95 {worst[0]} {worst[1]['p95_ms']} ms")
    guard = REPO / "bench" / "guard.json"
    if guard.exists():
        results["guard"] = {
            k: v
            for k, v in json.loads(guard.read_text()).items()
            if k in {"date", "texts_per_second", "paragraphs_per_second", "avg_paragraph_chars", "cpu_count"}
        }
    results["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    subprocess.run([PY, "bench/report.py"], cwd=REPO, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
