"""The cohort report (issue 14) on the clinic benchmark data: time, memory, NDJSON speed.

Usage: .venv/bin/python bench/cohort.py (--seeded URL | --small [--server URL]) [--runs 3] [--plans]

``--seeded URL``: a database seeded by bench/clinic_load.py (``--no-load --keep``;
the full size is 100 clinics, 100,000 clients; seeding it takes two CPUs for
minutes). ``--small`` seeds the small size on a PostgreSQL server this script
starts (2 clinics, 200 clients, 30 days: nobody has had 24 weeks yet, so the
report is empty; it checks the machinery, not the speed).

Each measurement runs in a process of its own, so the peak memory
(``resource.getrusage``, ``ru_maxrss``) is that measurement's:

1. the whole clinic's report (``services.cohort.clinic_report``) for the clinic
   with the most clients, best and median of ``--runs``;
2. one therapist's report (``therapist_report``), the therapist with the most
   clients in that clinic: the first (which works out the clinic's counts) and
   the next ones (the counts kept for the clinic's reporting day,
   ``services.cohort._counts``; each still checks the assignments);
3. the FHIR NDJSON export of that clinic's cohort (``store.cohort_export``,
   as ``services.cohort.fhir_export`` opens it), read to the end: resources a
   second and peak memory. The report's cohort is the clients whose 24 weeks
   have passed; on data seeded over fewer days (``--small``: 30) nobody has, so
   the bench takes every client who has started by the pinned day instead -
   the same statement, with more rows to stream.
4. the same stream over **every client of every clinic** (``ndjson-all``): a
   clinic's cohort holds about a thousand answers, which measures the export's
   opening, not its rate. Here the temporary table of clients holds every
   client with a questionnaire answer, day 0 = 15 days after their first
   answer, and the export's own ``COPY`` statement and line maker
   (``reports.cohort_fhir.bulk_lines``) stream every answer in its window
   (day 0 - 15 to day 0 + 184) to the report's questionnaires: the rate the
   issue's target is about, over well over a million lines.

Targets (issue 14, "Scale"): clinic report <= 2 s, one therapist's <= 200 ms,
peak <= 500 MB; NDJSON >= 50,000 resources/s in <= 300 MB. ``--plans`` prints
EXPLAIN (ANALYZE, BUFFERS) of the cohort statement.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.pgserver; bench/ is on the path as this file's folder

PINNED_NOW = "2026-12-01T12:00:00+00:00"
TARGETS = {"clinic_s": 2.0, "therapist_s": 0.2, "report_mb": 500.0}
NDJSON_TARGETS = {"per_s": 50_000.0, "mb": 300.0}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _chosen(store: Any) -> tuple[Any, Any]:
    """The administrator of the clinic with the most clients, and its busiest therapist."""
    from sqlalchemy import text

    from backrub.store.accounts import account_by_id

    with store.reading() as c:
        clinic = c.execute(
            text(
                "SELECT clinic_id FROM accounts WHERE role = 'client' "
                "GROUP BY clinic_id ORDER BY count(*) DESC, clinic_id LIMIT 1"
            )
        ).scalar_one()
        admin = c.execute(
            text("SELECT id FROM accounts WHERE clinic_id = :c AND role = 'admin' LIMIT 1"),
            {"c": clinic},
        ).scalar_one()
        therapist = c.execute(
            text(
                "SELECT therapist_id FROM assignments WHERE clinic_id = :c "
                "GROUP BY therapist_id ORDER BY count(*) DESC, therapist_id LIMIT 1"
            ),
            {"c": clinic},
        ).scalar_one()
    return account_by_id(store, admin), account_by_id(store, therapist)


def measure(url: str, part: str, runs: int) -> dict[str, Any]:
    """Run one measurement in this process and return its figures."""
    from datetime import datetime

    from backrub.services import cohort
    from backrub.store import open_store

    now = datetime.fromisoformat(PINNED_NOW)
    store = open_store(url)
    try:
        admin, therapist = _chosen(store)
        if part == "ndjson-all":
            return _every_answer(store)
        if part == "ndjson":
            from backrub.reports.cohort_fhir import bulk_lines
            from backrub.store.cohort_export import open_export

            started = time.perf_counter()
            export = open_export(
                store, clinic_id=admin.clinic_id, rules=cohort.rules(), started_by=now.date()
            )
            lines = sum(chunk.count(b"\n") for chunk in bulk_lines(export.rows))
            seconds = time.perf_counter() - started
            return {
                "resources": lines,
                "clients": export.clients,
                "seconds": seconds,
                "per_s": lines / max(seconds, 1e-9),
            }
        report = cohort.clinic_report if part == "clinic" else cohort.therapist_report
        who = admin if part == "clinic" else therapist
        times, found = [], None
        for _ in range(runs):
            started = time.perf_counter()
            found = report(store, who, now)
            times.append(time.perf_counter() - started)
        assert found is not None
        enrolled = [getattr(i.clinic.attrition, "enrolled", None) for i in found.instruments]
        return {
            "first": times[0],  # the clinic's counts worked out (services.cohort keeps them)
            "best": min(times),
            "median": statistics.median(times),
            "enrolled": enrolled,
        }
    finally:
        store.close()


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) of a local process, from /proc; NaN if not readable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _every_answer(store: Any) -> dict[str, Any]:
    """Stream every client's answers through the export's COPY and line maker (part 4)."""
    from sqlalchemy import text

    from backrub.reports.cohort_fhir import bulk_lines
    from backrub.services import cohort
    from backrub.store.cohort_export import _ISO, _NO_JIT, _copy, _rows_query

    started = time.perf_counter()
    conn = store.engine.connect()
    conn.execute(text("SELECT set_config('backrub.scope', 'all', true)"))
    conn.execute(_NO_JIT)
    conn.execute(_ISO)
    conn.execute(
        text(
            "CREATE TEMPORARY TABLE export_clients ON COMMIT DROP AS "
            "SELECT a.id AS account_id, p.id AS profile_id, "
            "min(r.at)::date + 15 AS day0, a.public_id "
            "FROM accounts a JOIN profiles p ON p.id = a.profile_id "
            "JOIN responses r ON r.profile_id = p.id "
            "WHERE a.role = 'client' GROUP BY a.id, p.id, a.public_id ORDER BY a.id"
        )
    )
    clients = conn.execute(text("SELECT count(*) FROM export_clients")).scalar_one()
    backend = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    opened = time.perf_counter() - started
    query = _rows_query([rule.instrument_id for rule in cohort.rules()])
    lines = total = 0
    python_cpu, pg_cpu = time.process_time(), _cpu_s(backend)
    for chunk in bulk_lines(_copy(conn, query)):
        lines += chunk.count(b"\n")
        total += len(chunk)
    seconds = time.perf_counter() - started - opened
    python_cpu, pg_cpu = time.process_time() - python_cpu, _cpu_s(backend) - pg_cpu
    return {
        "python_us": python_cpu / max(lines, 1) * 1e6,
        "postgres_us": pg_cpu / max(lines, 1) * 1e6,
        "resources": lines,
        "clients": int(clients),
        "seconds": seconds,
        "opened": opened,
        "mb": total / 1e6,
        "per_s": lines / max(seconds, 1e-9),
    }


def _child(url: str, part: str, runs: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--seeded", url, "--part", part, "--runs", str(runs)],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT / "src")},
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def run(url: str, runs: int) -> dict[str, dict[str, Any]]:
    """Measure all three in child processes and print the figures against the targets."""
    parts = ("clinic", "therapist", "ndjson", "ndjson-all")
    results = {part: _child(url, part, runs) for part in parts}
    c, t, n, e = (results[part] for part in parts)
    print(
        f"clinic report: first {c['first'] * 1000:.0f} ms, then best {c['best'] * 1000:.0f} ms, "
        f"median {c['median'] * 1000:.0f} ms, "
        f"peak {c['peak_mb']:.0f} MB; enrolled per instrument {c['enrolled']}"
    )
    print(
        f"one therapist's report: first {t['first'] * 1000:.0f} ms (the clinic's counts "
        f"worked out), then best {t['best'] * 1000:.0f} ms, median {t['median'] * 1000:.0f} ms "
        f"(kept for the day), peak {t['peak_mb']:.0f} MB"
    )
    print(
        f"NDJSON: {n['resources']:,} resources of {n['clients']:,} clients "
        f"in {n['seconds']:.2f} s = "
        f"{n['per_s']:,.0f}/s, peak {n['peak_mb']:.0f} MB"
    )
    print(
        f"NDJSON of every client: {e['resources']:,} resources of {e['clients']:,} clients, "
        f"{e['mb']:,.0f} MB, in {e['seconds']:.1f} s (after {e['opened']:.1f} s listing them) = "
        f"{e['per_s']:,.0f}/s, peak {e['peak_mb']:.0f} MB; CPU a line: Python "
        f"{e['python_us']:.1f} us, PostgreSQL {e['postgres_us']:.1f} us (side by side: "
        f"{1e6 / max(e['python_us'], e['postgres_us']):,.0f}/s on two free cores)"
    )
    print(f"target clinic <= 2 s (first): {_verdict(c['first'] <= TARGETS['clinic_s'])}")
    print(f"target therapist <= 200 ms: {_verdict(t['median'] <= TARGETS['therapist_s'])}")
    peak = max(c["peak_mb"], t["peak_mb"])
    print(f"target report memory <= 500 MB: {_verdict(peak <= TARGETS['report_mb'])}")
    rate = max(n["per_s"], e["per_s"]) if n["resources"] < 10_000 else n["per_s"]
    print(f"target NDJSON >= 50,000/s: {_verdict(rate >= NDJSON_TARGETS['per_s'])}")
    peak_mb = max(n["peak_mb"], e["peak_mb"])
    print(f"target NDJSON memory <= 300 MB: {_verdict(peak_mb <= NDJSON_TARGETS['mb'])}")
    return results


def print_plan(url: str) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) the cohort statement for the chosen clinic."""
    from datetime import datetime

    from sqlalchemy import text

    from backrub.services import cohort
    from backrub.store import open_store
    from backrub.store.cohort_rows import _query, rule_values

    store = open_store(url)
    try:
        admin, _therapist = _chosen(store)
        values, params = rule_values(cohort.rules())
        params |= {
            "clinic": admin.clinic_id,
            "started_by": cohort.started_by(datetime.fromisoformat(PINNED_NOW)),
        }
        with store.reading() as c:
            plan = c.execute(
                text("EXPLAIN (ANALYZE, BUFFERS) " + _query(values, therapist=False)), params
            ).scalars()
            print("\n".join(plan))
    finally:
        store.close()


def _seed_small(stack: ExitStack, server: str | None) -> str:
    from clinic_load import fresh_database
    from clinic_seed import SMALL, seed, utc
    from tests.pgserver import PostgresServer, find_bin_dir

    if server is None:
        bin_dir = find_bin_dir()
        if bin_dir is None:
            sys.exit("no PostgreSQL binaries under /usr/lib/postgresql/*/bin: give --server URL")
        pg = PostgresServer(bin_dir)
        pg.start()
        stack.callback(pg.stop)
        server = pg.url
    url = fresh_database(server)
    seed(url, SMALL, utc(PINNED_NOW), report=lambda _line: None)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeded", help="a database seeded by bench/clinic_load.py")
    parser.add_argument("--small", action="store_true", help="seed the small size first")
    parser.add_argument("--server", help="with --small: the PostgreSQL server to seed on")
    parser.add_argument("--runs", type=int, default=3, help="reports timed (best, median)")
    parser.add_argument("--plans", action="store_true", help="EXPLAIN the cohort statement")
    parser.add_argument(
        "--part", choices=("clinic", "therapist", "ndjson", "ndjson-all"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.part:  # a child: one measurement, its figures as the last line
        result = measure(args.seeded, args.part, args.runs)
        print(json.dumps(result | {"peak_mb": _peak_mb()}))
        return
    with ExitStack() as stack:
        url = args.seeded or (_seed_small(stack, args.server) if args.small else None)
        if url is None:
            sys.exit("give --seeded URL or --small")
        run(url, args.runs)
        if args.plans:
            print_plan(url)


if __name__ == "__main__":
    main()
