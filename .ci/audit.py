"""Known vulnerabilities in the pinned dependencies: pip-audit over requirements/*.lock and
npm audit over package-lock.json (issue 15; docs/deploy.md, "Kwetsbare afhankelijkheden").

- Fails on any known vulnerability that is not accepted in .ci/audit-ignore.
- An accepted exception is one line in .ci/audit-ignore: the advisory id (PYSEC-…, GHSA-…,
  CVE-…), then after `#` why it does not apply or what mitigates it, who reviewed it and
  until when (YYYY-MM-DD). A line without a reason or with a past date fails the audit.
- When the vulnerability databases cannot be reached (no network to PyPI's JSON API, OSV or
  the npm audit endpoint), the audit has NOT happened: it says so loudly and, with
  AUDIT_REQUIRED=1, fails; without it, CI goes on (a machine without that network would
  otherwise never be green), the warning is the last thing the stage prints.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE_FILE = ROOT / ".ci" / "audit-ignore"
LOCKS = ["requirements/base.lock", "requirements/dev.lock", "requirements/bench.lock"]
LINE = re.compile(
    r"^(?P<id>[A-Za-z]+-[\w-]+)\s+#\s*(?P<reason>.*\S.*?)\s+until\s+(?P<until>\d{4}-\d{2}-\d{2})\s*$"
)


def accepted() -> dict[str, str]:
    ids: dict[str, str] = {}
    problems = []
    for number, raw in enumerate(IGNORE_FILE.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = LINE.match(line)
        if not match:
            problems.append(
                f"{IGNORE_FILE.name}:{number}: expected 'ID  # reason, reviewer until YYYY-MM-DD'"
            )
            continue
        if datetime.date.fromisoformat(match["until"]) < datetime.datetime.now(datetime.UTC).date():
            problems.append(
                f"{IGNORE_FILE.name}:{number}: the exception for {match['id']} expired {match['until']}"
            )
        ids[match["id"]] = match["reason"]
    if problems:
        print("\n".join(problems))
        raise SystemExit(1)
    return ids


def pip_audit(ignore: dict[str, str]) -> tuple[list[str], list[str]]:
    """(vulnerabilities found, packages that could not be checked)."""
    found, unchecked = [], []
    for lock in LOCKS:
        args = [str(ROOT / ".venv" / "bin" / "pip-audit"), "-r", lock, "--no-deps", "--disable-pip"]
        args += ["-f", "json", "--progress-spinner", "off"]
        for vuln_id in ignore:
            args += ["--ignore-vuln", vuln_id]
        result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)
        try:
            report = json.loads(result.stdout)
        except ValueError:
            unchecked.append(f"{lock}: pip-audit gave no report ({result.stderr.strip().splitlines()[-1:]})")
            continue
        for dep in report.get("dependencies", []):
            if dep.get("skip_reason"):
                unchecked.append(f"{lock}: {dep['name']}")
            for vuln in dep.get("vulns", []):
                fix = ", ".join(vuln.get("fix_versions", [])) or "geen"
                found.append(f"{lock}: {dep['name']} {dep.get('version')} {vuln['id']} (opgelost in: {fix})")
    return found, unchecked


def npm_audit(ignore: dict[str, str]) -> tuple[list[str], list[str]]:
    result = subprocess.run(
        ["npm", "audit", "--package-lock-only", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout or "{}")
    except ValueError:
        report = {}
    if "vulnerabilities" not in report:
        reason = (report.get("error") or {}).get("summary") or result.stderr.strip()[-300:] or "no report"
        return [], [f"package-lock.json: npm audit could not reach its database ({reason})"]
    found = []
    for name, vuln in report["vulnerabilities"].items():
        for via in vuln.get("via", []):
            if isinstance(via, dict):
                advisory = via.get("url", "").rsplit("/", 1)[-1] or str(via.get("source"))
                if advisory not in ignore:
                    found.append(
                        f"package-lock.json: {name} {vuln.get('range', '')} {advisory} ({via.get('title')})"
                    )
    return found, []


def main() -> int:
    ignore = accepted()
    py_found, py_unchecked = pip_audit(ignore)
    js_found, js_unchecked = npm_audit(ignore)
    found, unchecked = py_found + js_found, py_unchecked + js_unchecked
    for line in found:
        print(f"KWETSBAAR: {line}")
    if ignore:
        print(f"{len(ignore)} geaccepteerde uitzondering(en) in .ci/audit-ignore: {', '.join(ignore)}")
    if found:
        print(
            f"audit: {len(found)} bekende kwetsbaarheid/kwetsbaarheden; werk de pin bij of leg een "
            "beoordeelde uitzondering vast in .ci/audit-ignore (docs/deploy.md)."
        )
        return 1
    if unchecked:
        print(
            f"AUDIT NIET UITGEVOERD voor {len(unchecked)} pakket(ten): de kwetsbaarhedendatabase is vanaf "
            "deze machine niet bereikbaar (pip-audit: PyPI JSON API/OSV; npm audit: het audit-endpoint "
            "van de registry). Er is dus NIETS gecontroleerd voor:"
        )
        for line in unchecked[:10]:
            print(f"  - {line}")
        if len(unchecked) > 10:
            print(f"  … en {len(unchecked) - 10} meer")
        if os.environ.get("AUDIT_REQUIRED") == "1":
            print("AUDIT_REQUIRED=1: dit telt als mislukt.")
            return 1
        print(
            "Draai `AUDIT_REQUIRED=1 .venv/bin/python .ci/audit.py` op een machine met toegang (docs/deploy.md)."
        )
        return 0
    print("audit: geen bekende kwetsbaarheden in de vastgepinde afhankelijkheden (Python en npm).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
