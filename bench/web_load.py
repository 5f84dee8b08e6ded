"""Load every main page of the web app on a profile holding five years of data.

Usage: .venv/bin/python bench/web_load.py [--seconds 8] [--mixed 30] [--clients 20] [--keep]

Fills a fresh database with bench/cli_checkin.py's five years (three check-ins a
day, about 800 sessions), adds a clear screening and a current plan so every
page does its full work, then starts the app with uvicorn in a child process on
a free loopback port. The clock is pinned (``BACKRUB_NOW``, 2026-12-01 12:00 UTC
unless set) for the filling and the server alike, so every run sees the same data.

Two parts:

1. Reads, one page at a time: for /healthz (a trivial endpoint of the same app,
   the baseline) and each main page, ``--clients`` keep-alive connections send
   requests back to back for ``--seconds``.
2. Reads while someone writes: the same clients go round every main page for
   ``--mixed`` seconds while one more client saves a check-in through the web
   form (POST /checkins with its CSRF token) every ``--write-every`` seconds and
   then opens /progress at once, as the person who just wrote would.

Prints per page p50/p95/p99 latency, requests per second, errors, the ratio of
each page's p95 to /healthz's (measured in the same run), the first /progress
after each write, the server's peak memory (VmHWM) and PASS/MISS against the
targets. The targets are product goals for pages that feel instant, not evidence.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from cli_checkin import fill  # bench/ is on sys.path when this file is run

from backrub import clock, services
from backrub.domain.screening import NO_TO_ALL
from backrub.store import open_store

TARGET_P95_MS = 50.0
TARGET_PROGRESS_P95_MS = 150.0
TARGET_PEAK_MB = 250.0
PINNED_NOW = "2026-12-01T12:00:00+00:00"
BASELINE = "/healthz"
PAGES = (
    "/",
    "/plan",
    "/guided",
    "/sessions",
    "/questionnaires",
    "/body-map",
    "/progress",
    "/report",
    "/history",
    "/screening",
    "/evidence",
    "/backup",
    "/profiles",
)
_TOKEN = re.compile(rb'name="csrf_token" value="([^"]+)"')


@dataclass
class Stats:
    latencies_s: list[float] = field(default_factory=list)
    errors: int = 0

    def percentile_ms(self, q: float) -> float:
        if not self.latencies_s:
            return float("nan")
        ordered = sorted(self.latencies_s)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Phase:
    name: str
    stats: dict[str, Stats] = field(default_factory=dict)
    elapsed_s: float = 0.0
    client_failures: int = 0

    def of(self, path: str) -> Stats:
        return self.stats.setdefault(path, Stats())


def prepare(db: Path) -> None:
    """Five years of records, then a clear screening and a plan starting today."""
    fill(db)
    store = open_store(str(db))
    try:
        profile = services.current_profile(store, None, create=False)
        today = clock.now().astimezone(ZoneInfo(profile.tz)).date()
        services.record_screening(store, profile, dict(NO_TO_ALL), today=today)
        services.new_plan(
            store,
            profile,
            protocol="cherkin-10-weekly",
            start=today.isoformat(),
            days="mon,thu",
            tools="foam_roller",
            today=today,
        )
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, BACKRUB_DB=str(db), BACKRUB_PORT=str(port))
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
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    server = subprocess.Popen(argv, env=env)
    for _ in range(400):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    sys.exit("the server did not start")


def peak_mb(pid: int) -> float:
    """Return the process's peak resident memory (VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Connection:
    """One keep-alive HTTP/1.1 connection to the server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""

    async def __aenter__(self) -> Connection:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        return self

    async def __aexit__(self, *_: object) -> None:
        self.writer.close()

    async def send(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes, bytes]:
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{self.port}",
            "User-Agent: backrub-bench",
            "Accept: text/html",
        ]
        if self.cookie:
            lines.append(f"Cookie: {self.cookie}")
        if method == "POST":
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        return status, head, await self.reader.readexactly(length)


def looks_right(path: str, status: int, body: bytes) -> bool:
    if path == BASELINE:
        return status == 200 and body == b"ok"
    if status != 200 or not body.rstrip().endswith(b"</html>"):
        return False
    return path != "/progress" or b"Charts" in body


async def reader(port: int, paths: list[str], phase: Phase, stop_at: float) -> None:
    """Send GET requests over one keep-alive connection until ``stop_at``, going round ``paths``."""
    async with Connection(port) as conn:
        for path in itertools.cycle(paths):
            if time.perf_counter() >= stop_at:
                return
            started = time.perf_counter()
            status, _, body = await conn.send("GET", path)
            stats = phase.of(path)
            stats.latencies_s.append(time.perf_counter() - started)
            if not looks_right(path, status, body):
                stats.errors += 1


async def writer(port: int, phase: Phase, stop_at: float, every_s: float) -> None:
    """Save a check-in through the form every ``every_s`` seconds, then open /progress."""
    rng = random.Random(15)
    async with Connection(port) as conn:
        _, head, body = await conn.send("GET", "/")
        found = _TOKEN.search(body)
        cookie = re.search(rb"backrub_csrf=([^;]+)", head)
        if found is None or cookie is None:
            phase.of("POST /checkins").errors += 1
            return
        conn.cookie = f"backrub_csrf={cookie.group(1).decode()}"
        token = found.group(1).decode()
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            form = f"csrf_token={token}&pain={rng.randrange(11)}".encode()
            status, _, _ = await conn.send("POST", "/checkins", form)
            stats = phase.of("POST /checkins")
            stats.latencies_s.append(time.perf_counter() - started)
            stats.errors += status not in (200, 303)
            read_at = time.perf_counter()
            status, _, body = await conn.send("GET", "/progress")
            first = phase.of("/progress right after a write")
            first.latencies_s.append(time.perf_counter() - read_at)
            first.errors += not looks_right("/progress", status, body)
            await asyncio.sleep(max(0.0, every_s - (time.perf_counter() - started)))


async def run_phase(
    port: int, name: str, paths: list[str], clients: int, seconds: float, write_every: float = 0
) -> Phase:
    phase = Phase(name)
    started = time.perf_counter()
    stop_at = started + seconds
    tasks = [
        reader(port, paths[n % len(paths) :] + paths[: n % len(paths)], phase, stop_at)
        for n in range(clients)
    ]
    if write_every:
        tasks.append(writer(port, phase, stop_at, write_every))
    results = await asyncio.gather(*tasks, return_exceptions=True)
    phase.client_failures = sum(1 for r in results if isinstance(r, BaseException))
    phase.elapsed_s = time.perf_counter() - started
    return phase


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_phase(phase: Phase, baseline_p95: float) -> None:
    print(f"\n{phase.name} ({phase.elapsed_s:.0f} s)")
    columns = ("requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "p95/healthz")
    print(f"{'page':<31} " + " ".join(f"{c:>8}" for c in columns))
    for path, s in phase.stats.items():
        p95 = s.percentile_ms(0.95)
        print(
            f"{path:<31} {len(s.latencies_s):>8} {len(s.latencies_s) / phase.elapsed_s:>8.0f} "
            f"{s.percentile_ms(0.50):>8.1f} {p95:>8.1f} {s.percentile_ms(0.99):>8.1f} "
            f"{s.errors:>8} {p95 / baseline_p95:>10.1f}x"
        )
    if phase.client_failures:
        print(f"clients that failed: {phase.client_failures}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each page's phase")
    parser.add_argument("--mixed", type=float, default=30.0, help="length of the read+write phase")
    parser.add_argument("--write-every", type=float, default=5.0, help="seconds between writes")
    parser.add_argument("--clients", type=int, default=20, help="concurrent connections")
    parser.add_argument("--keep", action="store_true", help="keep the filled database")
    args = parser.parse_args()
    os.environ.setdefault("BACKRUB_NOW", PINNED_NOW)  # the filler and the server alike

    home = Path(tempfile.mkdtemp(prefix="backrub-web-bench-"))
    db = home / "backrub.sqlite3"
    started = time.perf_counter()
    prepare(db)
    size = db.stat().st_size / 1e6
    print(f"filled {db} in {time.perf_counter() - started:.1f} s ({size:.1f} MB)")

    port = free_port()
    server = start_server(db, port)
    try:
        for path in PAGES:  # warm-up, not counted: the first visit to each page after start
            asyncio.run(run_phase(port, "warm-up", [path], 1, 0.2))
        phases = [
            asyncio.run(run_phase(port, p, [p], args.clients, args.seconds))
            for p in (BASELINE, *PAGES)
        ]
        mixed = asyncio.run(
            run_phase(
                port,
                "mixed",
                list(PAGES),
                args.clients,
                args.mixed,
                write_every=args.write_every,
            )
        )
        peak = peak_mb(server.pid)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)

    reads = Phase(f"reads, one page at a time: {args.clients} clients, {args.seconds:.0f} s each")
    for phase in phases:
        reads.stats[phase.name] = phase.of(phase.name)
    reads.elapsed_s = args.seconds
    reads.client_failures = sum(p.client_failures for p in phases)
    baseline_p95 = phases[0].of(BASELINE).percentile_ms(0.95)
    print_phase(reads, baseline_p95)
    mixed.name = (
        f"reads of every page while one client writes a check-in every {args.write_every:g} s "
        f"and reads /progress: {args.clients} + 1 clients"
    )
    print_phase(mixed, baseline_p95)

    print(f"\nserver peak memory (VmHWM): {peak:.1f} MB")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load}, Python {sys.version.split()[0]}")
    worst: dict[str, float] = {}
    for phase in (*phases, mixed):
        for path, s in phase.stats.items():
            if path in PAGES:
                worst[path] = max(worst.get(path, 0.0), s.percentile_ms(0.95))
    for path, p95 in worst.items():
        target = TARGET_PROGRESS_P95_MS if path == "/progress" else TARGET_P95_MS
        print(f"target {path} p95 <= {target:.0f} ms: {verdict(p95 <= target)} ({p95:.1f} ms)")
    errors = sum(s.errors for p in (*phases, mixed) for s in p.stats.values())
    errors += sum(p.client_failures for p in (*phases, mixed))
    print(f"target zero errors: {verdict(errors == 0)} ({errors})")
    print(f"target peak <= {TARGET_PEAK_MB:.0f} MB: {verdict(peak <= TARGET_PEAK_MB)}")
    if args.keep:
        print(f"kept {db}")
    else:
        shutil.rmtree(home)


if __name__ == "__main__":
    main()
