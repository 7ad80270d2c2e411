"""Write bench/RESULTS.md from bench/results.json (and the analysis in bench/notes.md).

Usage: python bench/report.py
"""

from __future__ import annotations

import json
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PAGES = {
    "home": "Home (mijn overzicht)",
    "signal_list": "Signalen, met filters",
    "group": "Groepspagina",
    "case": "Casuspagina",
    "name_list": "Namenlijst",
    "regie": "Regie-overzicht",
    "search": "Zoeken",
    "person_log": "Verwerkingslog van een persoon",
    "plan": "Plan van aanpak",
    "actions": "Acties van een casus",
    "my_actions": "Mijn acties (professional)",
    "api_signals": "API: signalen (filters)",
    "api_case": "API: één casus",
}
FLOOR = "floor"
TARGET_RATIO, TARGET_FLOOR, TARGET_P95, TARGET_PRIVACY = 1.5, 4.0, 300.0, 0.20
TARGET_GUARD, TARGET_CHAIN = 200, 100_000


def verdict(ok: bool) -> str:
    return "gehaald" if ok else "**niet gehaald**"


def fmt(x, digits=1) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def main() -> None:
    results = json.loads((BENCH / "results.json").read_text())
    runs = results.get("runs", {})
    dbs = [db for db in ("sqlite", "postgres") if any(k.startswith(db + "/") for k in runs)]
    out: list[str] = []
    w = out.append
    w("# Benchmarks: paginatijden op stadsschaal en de kosten van privacy (issue 8)\n")
    w("Gegenereerd door `make bench` (bench/run.py → bench/report.py) uit `bench/results.json`; ")
    w("de analyse onderaan komt uit `bench/notes.md`. Tijden zijn **servertijd** gemeten in de server ")
    w("(loadtest.middleware, buitenste middleware), als niet-superuser (procesregisseur met TOTP; ")
    w("*Mijn acties* als professional van een partner, ook met TOTP), onder ")
    w("belasting door locust op loopback tegen gunicorn met 2 workers.\n")
    machine = results.get("machine", {})
    w(f"Machine: {machine.get('cpus')} cores, Python {machine.get('python')}.\n")

    w("## Meetomstandigheden\n")
    w("| database / schaal | gemeten (UTC) | load vóór (1/5/15 min) | load na | gebruikers | pauze | duur |")
    w("|---|---|---|---|---:|---:|---:|")
    for key, run in sorted(runs.items()):
        w(
            f"| {key} | {run['measured_at']} | {' / '.join(map(str, run['load_before']))} | "
            f"{' / '.join(map(str, run['load_after']))} | {run['users']} | {run['wait_s']} s | {run['duration_s']} s |"
        )
    w("")

    w("Wat de pagina's tonen (gekozen door `bench_prepare`, zo gelijk mogelijk op elke schaal):\n")
    w(
        "| database / schaal | casus (stap) | namenlijst | logregels persoon | plancasus (stap) | acties | mijn acties |"
    )
    w("|---|---:|---:|---:|---:|---:|---:|")
    for key, run in sorted(runs.items()):
        t = run.get("targets", {})
        w(
            f"| {key} | {t.get('case', '—')} ({t.get('step', '—')}) | {t.get('members', '—')} | "
            f"{t.get('person_log_entries', '—')} | {t.get('plan_case', '—')} ({t.get('plan_case_step', '—')}) | "
            f"{t.get('plan_case_actions', '—')} | {t.get('my_actions', '—')} |"
        )
    w("")

    # --- targets -------------------------------------------------------------------------
    checks = []
    for db in dbs:
        small, city = runs.get(f"{db}/small"), runs.get(f"{db}/city")
        if not city:
            continue
        floor = city["pages"].get(FLOOR, {}).get("p95_ms")
        for page in PAGES:
            c = city["pages"].get(page)
            if not c:
                continue
            if small and page in small["pages"] and small["pages"][page]["p95_ms"]:
                ratio = c["p95_ms"] / small["pages"][page]["p95_ms"]
                checks.append(
                    ("p95(city)/p95(small) ≤ 1,5", db, page, ratio, ratio <= TARGET_RATIO, f"{ratio:.2f}")
                )
            if floor:
                ratio = c["p95_ms"] / floor
                checks.append(
                    ("city ≤ 4× vloer (p95)", db, page, ratio, ratio <= TARGET_FLOOR, f"{ratio:.1f}×")
                )
            checks.append(
                (
                    "p95 city ≤ 300 ms",
                    db,
                    page,
                    c["p95_ms"],
                    c["p95_ms"] <= TARGET_P95,
                    f"{c['p95_ms']:.0f} ms",
                )
            )
        case = city["pages"].get("case")
        if case:
            share = case["access_share"] + case["log_share"]
            checks.append(
                ("privacy ≤ 20% casuspagina", db, "case", share, share <= TARGET_PRIVACY, f"{share:.1%}")
            )
        chain = city.get("verify_chain")
        if chain:
            eps = chain["entries_per_second"]
            checks.append(("ketencontrole ≥ 100.000/s", db, "-", eps, eps >= TARGET_CHAIN, f"{eps:,}/s"))
        writers = city.get("log_writers")
        if writers:
            intact = writers["chain_ok"] and writers["entries"] == writers["expected"]
            checks.append(
                (
                    "8 gelijktijdige logschrijvers: keten heel, niets kwijt",
                    db,
                    "-",
                    writers["entries_per_second"],
                    intact,
                    f"{writers['entries']}/{writers['expected']} regels, {writers['entries_per_second']}/s, "
                    f"p95 {writers['p95_ms']} ms",
                )
            )
    guard = results.get("guard", {})
    if guard:
        tps = guard["texts_per_second"]
        checks.append(("privacytoets ≥ 200 teksten/s", "-", "-", tps, tps >= TARGET_GUARD, f"{tps:.0f}/s"))

    w("## Doelen\n")
    w("| doel | gehaald | niet gehaald | slechtste meting |")
    w("|---|---:|---:|---|")
    for target in dict.fromkeys(c[0] for c in checks):
        rows = [c for c in checks if c[0] == target]
        bad = [c for c in rows if not c[4]]
        worst = max(rows, key=lambda c: c[3]) if "≥" not in target else min(rows, key=lambda c: c[3])
        w(f"| {target} | {len(rows) - len(bad)} | {len(bad)} | {worst[1]} {worst[2]}: {worst[5]} |")
    missed = [c for c in checks if not c[4]]
    if missed:
        w("\nNiet gehaald (met de mate waarin):\n")
        for target, db, page, _value, _ok, shown in missed:
            w(f"- {target}: {db}, {PAGES.get(page, page)} — {shown}")
    w("")

    # --- pages -------------------------------------------------------------------------------
    for db in dbs:
        small, city = runs.get(f"{db}/small"), runs.get(f"{db}/city")
        w(f"## {('SQLite' if db == 'sqlite' else 'PostgreSQL')}: servertijd per pagina\n")
        w("p50/p95 in ms; q = aantal queries (mediaan; min–max als het varieert); ")
        w("ratio = p95(city)/p95(small), tussen haakjes hetzelfde voor p50; ")
        w("vloer = p95(pagina)/p95(vloer) op city.\n")
        w(
            "| pagina | small p50 | small p95 | small q | city p50 | city p95 | city q | n (city) "
            "| ratio (p50) | × vloer |"
        )
        w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        floor = city["pages"].get(FLOOR, {}).get("p95_ms") if city else None
        for page in [FLOOR, *PAGES]:
            s = small["pages"].get(page) if small else None
            c = city["pages"].get(page) if city else None

            def q(x):
                if not x:
                    return "—"
                return (
                    str(x["queries"])
                    if x["queries_min"] == x["queries_max"]
                    else (f"{x['queries']} ({x['queries_min']}–{x['queries_max']})")
                )

            ratio = c["p95_ms"] / s["p95_ms"] if s and c and s["p95_ms"] else None
            ratio50 = c["p50_ms"] / s["p50_ms"] if s and c and s["p50_ms"] else None
            vs_floor = c["p95_ms"] / floor if c and floor else None
            label = "Vloer (triviale view, 1 query)" if page == FLOOR else PAGES[page]
            w(
                f"| {label} | {fmt(s and s['p50_ms'])} | {fmt(s and s['p95_ms'])} | {q(s)} | "
                f"{fmt(c and c['p50_ms'])} | {fmt(c and c['p95_ms'])} | {q(c)} | {c['requests'] if c else '—'} | "
                f"{fmt(ratio, 2)} ({fmt(ratio50, 2)}) | {fmt(vs_floor, 1)} |"
            )
        errors = sum(p["errors"] for r in (small, city) if r for p in r["pages"].values())
        w(f"\nFoutantwoorden tijdens de meting: {errors}.\n")

    # --- privacy -------------------------------------------------------------------------------
    w("## Kosten van privacy\n")
    w("Aandeel van de servertijd in toegangsbeslissingen (`privacy.access`) en schrijven in het ")
    w("verwerkingslog (`privacy.log.record`/`flush_reads`/`_append`), gemeten met timers om die functies ")
    w("in dezelfde run (loadtest/instrument.py; alleen de buitenste aanroep telt).\n")
    w("| database / schaal | pagina | toegang | log | samen | toegang ms (gem.) | log ms (gem.) |")
    w("|---|---|---:|---:|---:|---:|---:|")
    for key, run in sorted(runs.items()):
        for page in (
            "case",
            "name_list",
            "group",
            "search",
            "home",
            "signal_list",
            "plan",
            "actions",
            "my_actions",
        ):
            p = run["pages"].get(page)
            if p:
                w(
                    f"| {key} | {PAGES[page]} | {p['access_share']:.1%} | {p['log_share']:.1%} | "
                    f"{p['access_share'] + p['log_share']:.1%} | {p['access_ms_mean']:.2f} | {p['log_ms_mean']:.2f} |"
                )
    w("")
    w("## Privacytoets en ketencontrole\n")
    if guard:
        w(
            f"- Privacytoets (bench/guard_bench.py, {guard.get('date')}): **{guard['texts_per_second']:.0f} zinnen/s**, "
            f"{guard.get('paragraphs_per_second', 0):.0f} alinea's/s (~{guard.get('avg_paragraph_chars')} tekens), één thread."
        )
    for key, run in sorted(runs.items()):
        chain = run.get("verify_chain")
        if chain:
            w(
                f"- `verify_chain` op {key}: {chain['entries']:,} regels in {chain['seconds']} s = "
                f"**{chain['entries_per_second']:,} regels/s** (keten {'intact' if chain['ok'] else 'GEBROKEN'}; load {chain['load']:.2f})."
            )
    w("")
    w("## Datasets\n")
    w("| database / schaal | opbouwtijd | inhoud |")
    w("|---|---:|---|")
    for key, run in sorted(runs.items()):
        data = run.get("data") or {}
        lines = "; ".join(x.strip() for x in (data.get("output") or [])[:-1])
        w(
            f"| {key} | {fmt(data.get('build_seconds'), 0)} s (load {fmt(data.get('load_at_build'), 1)}) | {lines} |"
        )
    w("")
    notes = BENCH / "notes.md"
    if notes.exists():
        w(notes.read_text().strip() + "\n")
    (BENCH / "RESULTS.md").write_text("\n".join(out), encoding="utf-8")
    print(f"Written to {BENCH / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
