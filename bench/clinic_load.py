"""The clinic server under load: 100 clinics, 1,000 therapists, 100,000 clients, a year each.

Usage: .venv/bin/python bench/clinic_load.py [--small] [--seconds 60] [--users 50] [--plans]

1. Seeding (bench/clinic_seed.py): a fresh database, on a PostgreSQL server this
   script starts (tests/pgserver.py) or on ``--server URL``, gets the app's schema
   from its migrations and then every row by COPY; the time per table is printed.
   ``--seeded URL`` skips this and uses a database seeded before.
2. Load: the clinic server under uvicorn (``--workers``, clinic mode, the clock
   pinned at 2026-12-01 12:00 UTC) and ``--users`` people at once for
   ``--seconds``: therapists opening their client list (GET /clinic/clients) and
   clients saving a check-in through the form (POST /checkins with the CSRF
   token) and reading the page it leads to (GET /?saved=1). Each person waits
   ``--think`` seconds (0.5-1.5x, at random) between actions; ``--think 0``
   sends requests back to back. Sessions are rows written straight into
   web_sessions (the sha256 of tokens made here), so argon2 is not timed.
3. ``--plans``: every SQL statement the app runs for each of those requests,
   caught in-process and shown with EXPLAIN (ANALYZE, BUFFERS) (writes rolled back).

Prints p50/p95/max per request kind, errors, the server's memory (all uvicorn
processes) and PASS/MISS against the targets. ``--index SQL`` runs a statement
(say CREATE INDEX ...) before the load, to measure an index before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.pgserver, and bench/ is on the path as this file's folder

from clinic_seed import FULL, SMALL, Seeded, psycopg_url, seed, utc  # noqa: E402
from tests.pgserver import PostgresServer, find_bin_dir  # noqa: E402
from web_load import Connection, Stats, free_port  # noqa: E402

PINNED_NOW = "2026-12-01T12:00:00+00:00"
LIST = "GET /clinic/clients"
CHECKIN = "POST /checkins"
PAGE = "GET /?saved=1"
TARGETS_MS = {LIST: 100.0, CHECKIN: 50.0}
TARGET_SERVER_MB = 1024.0
_TOKEN = re.compile(rb'name="csrf_token" value="([^"]+)"')
_CSRF_COOKIE = re.compile(rb"backrub_csrf=([^;]+)")


def fresh_database(server_url: str) -> str:
    name = f"bench_{secrets.token_hex(4)}"
    with psycopg.connect(psycopg_url(server_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    from sqlalchemy.engine import make_url

    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def sessions(url: str, therapists: int, clients: int, seed_: int = 42) -> list[tuple[str, str]]:
    """Sign in people picked at random (rows in web_sessions); return (role, token) pairs."""
    rng = random.Random(seed_)
    people: list[tuple[str, str]] = []
    with psycopg.connect(psycopg_url(url)) as conn:
        for role, n in (("therapist", therapists), ("client", clients)):
            rows = conn.execute(
                "SELECT a.id, a.clinic_id FROM accounts a WHERE a.role = %s AND EXISTS"
                " (SELECT 1 FROM assignments s WHERE s.therapist_id = a.id OR s.client_id = a.id)"
                " ORDER BY a.id",
                (role,),
            ).fetchall()
            for account_id, clinic_id in rng.sample(rows, n):
                token = secrets.token_urlsafe(32)
                conn.execute(
                    "INSERT INTO web_sessions (token_hash, account_id, clinic_id, stage,"
                    " created_at, last_seen_at, address) VALUES (%s, %s, %s, 'full', %s, %s,"
                    " '127.0.0.1')",
                    (
                        hashlib.sha256(token.encode()).hexdigest(),
                        account_id,
                        clinic_id,
                        utc(PINNED_NOW),
                        utc(PINNED_NOW),
                    ),
                )
                people.append((role, token))
    return people


def start_server(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, BACKRUB_DB=url, BACKRUB_CLINIC="true", BACKRUB_NOW=PINNED_NOW)
    argv = [
        sys.executable,
        "-m",
        "uvicorn",
        "backrub.web:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    server = subprocess.Popen(argv, env=env)
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                if r.status == 200:
                    time.sleep(1.0 * workers)  # every worker up, not only the first
                    return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    sys.exit("the clinic server did not start")


def tree(pid: int) -> list[int]:
    """Return ``pid`` and all its descendants."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            try:  # a thread that ended between the listing and the read
                todo += [int(c) for c in task.read_text().split()]
            except OSError:
                continue
    return found


def status_mb(pid: int, key: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Memory(threading.Thread):
    """Sample the whole server's resident memory (sum over its processes) until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_mb, self.done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.25):
            total = sum(status_mb(p, "VmRSS:") for p in tree(self.pid))
            self.peak_mb = max(self.peak_mb, total)

    def cpu_s(self) -> float:
        """Return the CPU seconds (user + system) the server's processes have used so far."""
        total = 0
        for p in tree(self.pid):
            try:
                fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def hwm_mb(self) -> float:
        return sum(status_mb(p, "VmHWM:") for p in tree(self.pid))


async def signed_in(port: int, token: str) -> tuple[Connection, str]:
    conn = await Connection(port).__aenter__()
    conn.cookie = f"backrub_session={token}"
    status, head, body = await conn.send("GET", "/")
    csrf = _TOKEN.search(body)
    cookie = _CSRF_COOKIE.search(head)
    if status != 200 or csrf is None or cookie is None:
        raise RuntimeError(f"GET / as a client answered {status}")
    conn.cookie += f"; backrub_csrf={cookie.group(1).decode()}"
    return conn, csrf.group(1).decode()


RETRIED = [0]


async def send(conn: Connection, method: str, path: str, body: bytes = b"") -> Any:
    """Send on ``conn``; if the server closed it while idle, open a new one and send again.

    uvicorn closes a keep-alive connection idle for 5 s; a browser then opens a new
    one (and sends again a request whose reused connection was reset unanswered).
    """
    if not conn.reader.at_eof():
        try:
            return await conn.send(method, path, body)
        except (ConnectionError, asyncio.IncompleteReadError):
            RETRIED[0] += 1
    conn.writer.close()
    conn.reader, conn.writer = await asyncio.open_connection("127.0.0.1", conn.port)
    return await conn.send(method, path, body)


def timed(stats: dict[str, Stats], kind: str, started: float, ok: bool) -> None:
    s = stats.setdefault(kind, Stats())
    s.latencies_s.append(time.perf_counter() - started)
    s.errors += not ok


async def pause(rng: random.Random, think: float) -> None:
    await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think) if think else 0)


async def therapist(
    port: int,
    token: str,
    stats: dict[str, Stats],
    until: float,
    think: float,
    path: str,
    rng: random.Random,
) -> None:
    conn = await Connection(port).__aenter__()
    conn.cookie = f"backrub_session={token}"
    try:
        await pause(rng, think)
        while time.perf_counter() < until:
            started = time.perf_counter()
            status, _, body = await send(conn, "GET", path)
            ok = status == 200 and body.rstrip().endswith(b"</html>")
            timed(stats, LIST if path == "/clinic/clients" else f"GET {path}", started, ok)
            await pause(rng, think)
    finally:
        await conn.__aexit__()


async def client(
    port: int, token: str, stats: dict[str, Stats], until: float, think: float, rng: random.Random
) -> None:
    conn, csrf = await signed_in(port, token)
    try:
        await pause(rng, think)
        while time.perf_counter() < until:
            form = f"csrf_token={csrf}&pain={rng.randrange(11)}&sleep={rng.randrange(3, 10)}"
            started = time.perf_counter()
            status, head, _ = await send(conn, "POST", "/checkins", form.encode())
            timed(stats, CHECKIN, started, status == 303 and b"/?saved=1" in head)
            started = time.perf_counter()
            status, _, body = await send(conn, "GET", "/?saved=1")
            timed(stats, PAGE, started, status == 200 and body.rstrip().endswith(b"</html>"))
            await pause(rng, think)
    finally:
        await conn.__aexit__()


async def load(
    port: int, people: list[tuple[str, str]], seconds: float, think: float, path: str
) -> tuple[dict[str, Stats], int, float]:
    stats: dict[str, Stats] = {}
    started = time.perf_counter()
    until = started + seconds
    tasks = [
        therapist(port, token, stats, until, think, path, random.Random(n))
        if role == "therapist"
        else client(port, token, stats, until, think, random.Random(n))
        for n, (role, token) in enumerate(people)
    ]
    results = await asyncio.gather(*tasks, return_exceptions=True)
    failures = [r for r in results if isinstance(r, BaseException)]
    for failure in failures[:3]:
        print(f"a user failed: {failure!r}")
    return stats, len(failures), time.perf_counter() - started


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_load(
    stats: dict[str, Stats], failures: int, elapsed: float, memory: Memory, cpu_s: float
) -> bool:
    columns = ("requests", "req/s", "p50 ms", "p95 ms", "max ms", "errors")
    print(f"\n{'request':<22} " + " ".join(f"{c:>9}" for c in columns))
    for kind, s in sorted(stats.items()):
        worst = 1000 * max(s.latencies_s, default=float("nan"))
        print(
            f"{kind:<22} {len(s.latencies_s):>9} {len(s.latencies_s) / elapsed:>9.1f} "
            f"{s.percentile_ms(0.5):>9.1f} {s.percentile_ms(0.95):>9.1f} {worst:>9.1f} "
            f"{s.errors:>9}"
        )
    errors = failures + sum(s.errors for s in stats.values())
    requests = sum(len(s.latencies_s) for s in stats.values())
    print(
        f"\nserver CPU (all uvicorn processes): {cpu_s:.1f} s in {elapsed:.0f} s, "
        f"{1000 * cpu_s / max(1, requests):.1f} ms a request on average"
    )
    print(
        f"\nserver memory, all processes: peak of the sampled sum {memory.peak_mb:.0f} MB, "
        f"sum of each process's peak (VmHWM) {memory.hwm_mb():.0f} MB"
    )
    load_avg = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(
        f"machine: {os.cpu_count()} CPUs, load average {load_avg}, Python {sys.version.split()[0]}"
    )
    ok = True
    for kind, target in TARGETS_MS.items():
        p95 = stats[kind].percentile_ms(0.95) if kind in stats else float("nan")
        ok &= p95 <= target
        print(f"target {kind} p95 <= {target:.0f} ms: {verdict(p95 <= target)} ({p95:.1f} ms)")
    print(
        f"target zero errors: {verdict(errors == 0)} ({errors}; users that failed: {failures};"
        f" requests sent again on a new connection after an idle close: {RETRIED[0]})"
    )
    peak = max(memory.peak_mb, memory.hwm_mb())
    print(f"target server <= {TARGET_SERVER_MB:.0f} MB: {verdict(peak <= TARGET_SERVER_MB)}")
    return ok and errors == 0 and peak <= TARGET_SERVER_MB


APP_ROLE = "backrub_app"


def app_role_url(url: str) -> str:
    """Bring the database up to the newest schema, then return its URL for a plain role.

    The server must not run as the superuser that seeded it: superusers skip row
    security (migration 0010), and the figures would leave its cost out.
    """
    from sqlalchemy.engine import make_url

    from backrub.store import open_store
    from backrub.store.scope import all_clinics

    with all_clinics():
        open_store(url).close()  # migrations as the owner (a no-op when up to date)
    with psycopg.connect(psycopg_url(url), autocommit=True) as conn:
        known = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (APP_ROLE,)).fetchone()
        if known is None:
            conn.execute(f"CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS")
        conn.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {APP_ROLE}")
        conn.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")
    return make_url(url).set(username=APP_ROLE).render_as_string(hide_password=False)


def run_load(url: str, args: argparse.Namespace) -> None:
    therapists = round(args.users * args.therapist_share)
    people = sessions(url, therapists, args.users - therapists)
    # The run's check-ins are taken out at its end: each run starts from the seeded
    # year, and a client's Today page (the last 7 days) does not grow run after run.
    with psycopg.connect(psycopg_url(url)) as conn:
        seeded = conn.execute("SELECT coalesce(max(id), 0) FROM checkins").fetchone()
    port = free_port()
    server = start_server(app_role_url(url), port, args.workers)
    memory = Memory(server.pid)
    memory.start()
    try:
        print(
            f"\nload: {therapists} therapists and {args.users - therapists} clients at once, "
            f"{args.seconds:g} s, think time {args.think:g} s, {args.workers} uvicorn workers"
        )
        asyncio.run(load(port, people, min(5.0, args.seconds), args.think, args.list_path))
        cpu_before = memory.cpu_s()
        stats, failures, elapsed = asyncio.run(
            load(port, people, args.seconds, args.think, args.list_path)
        )
        cpu_s = memory.cpu_s() - cpu_before
        memory.done.set()
        memory.join()
        print_load(stats, failures, elapsed, memory, cpu_s)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
        with psycopg.connect(psycopg_url(url)) as conn:
            conn.execute("DELETE FROM checkins WHERE id > %s", (seeded[0] if seeded else 0,))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--small", action="store_true", help="2 clinics, 20 therapists, 200 clients, 30 days"
    )
    parser.add_argument("--server", help="PostgreSQL server URL to create the database on")
    parser.add_argument("--seeded", help="a database seeded before: skip the seeding")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the load")
    parser.add_argument("--users", type=int, default=50, help="people at once")
    parser.add_argument("--therapist-share", type=float, default=0.4, help="share of therapists")
    parser.add_argument(
        "--think", type=float, default=1.0, help="seconds between a person's actions"
    )
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--list-path", default="/clinic/clients", help="the therapist's list")
    parser.add_argument("--index", action="append", default=[], help="SQL to run before the load")
    parser.add_argument("--plans", action="store_true", help="EXPLAIN the hot queries")
    parser.add_argument("--no-load", action="store_true", help="seed (and plan) only")
    parser.add_argument("--keep", action="store_true", help="keep the server and database")
    args = parser.parse_args()
    os.environ.setdefault("BACKRUB_NOW", PINNED_NOW)
    with ExitStack() as stack:
        url = args.seeded or prepare(args, stack)
        for sql in args.index:
            started = time.perf_counter()
            with psycopg.connect(psycopg_url(url), autocommit=True) as conn:
                conn.execute(sql)
                conn.execute("ANALYZE")
            print(f"ran {sql!r} and ANALYZE in {time.perf_counter() - started:.1f} s")
        if args.plans:
            from clinic_plans import print_plans

            print_plans(url, PINNED_NOW, args.list_path)
        if not args.no_load:
            run_load(url, args)
        if args.keep:
            print(f"kept {url}")


def prepare(args: argparse.Namespace, stack: ExitStack) -> str:
    """Start a server unless one is given, create a database on it, seed it; return its URL."""
    server_url = args.server
    if server_url is None:
        bin_dir = find_bin_dir()
        if bin_dir is None:
            sys.exit("no PostgreSQL binaries under /usr/lib/postgresql/*/bin: give --server URL")
        pg = PostgresServer(bin_dir)
        pg.start()
        if not args.keep:
            stack.callback(pg.stop)
        server_url = pg.url
    url = fresh_database(server_url)
    size = SMALL if args.small else FULL
    print(
        f"seeding {url}: {size.clinics} clinics, {size.therapists} therapists, "
        f"{size.clients} clients, {size.days} days"
    )
    started = time.perf_counter()
    seeded: Seeded = seed(url, size, utc(PINNED_NOW))
    total = time.perf_counter() - started
    print(
        f"seeded {sum(seeded.rows.values()):,} rows in {total:.1f} s (schema "
        f"{seeded.seconds['schema']:.1f} s)"
    )
    with psycopg.connect(psycopg_url(url)) as conn:
        row = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()
    print(f"database size: {row[0] if row else '?'}")
    return url


if __name__ == "__main__":
    main()
