"""Load the web app's dashboard and history pages on a profile holding five years of data.

Usage: .venv/bin/python bench/web_load.py [--seconds 30] [--clients 20] [--keep]

Fills a fresh database with bench/cli_checkin.py's five years (three check-ins a
day, about 800 sessions), adds a clear screening and a current plan so the
dashboard does its full work, then starts the app with uvicorn in a child
process on a free loopback port. For each of /healthz (a trivial endpoint of
the same app), / (the dashboard) and /history, ``--clients`` keep-alive
connections send requests back to back for ``--seconds``. Prints requests per
second, p50/p95/p99 latency, errors, the ratio of each page's throughput to
/healthz, the server's peak memory (VmHWM) and PASS/MISS against the targets.
The targets are product goals for a page that feels instant, not evidence.
"""

from __future__ import annotations

import argparse
import asyncio
import os
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
TARGET_PEAK_MB = 250.0
PAGES = ("/healthz", "/", "/history")
MARKERS = {"/healthz": b"ok", "/": b"How is your back now?", "/history": b"check-ins"}


@dataclass
class Phase:
    path: str
    latencies_s: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed_s: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies_s) / self.elapsed_s if self.elapsed_s else 0.0

    def percentile_ms(self, q: float) -> float:
        if not self.latencies_s:
            return float("nan")
        ordered = sorted(self.latencies_s)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


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


async def one_client(port: int, phase: Phase, stop_at: float) -> None:
    """Send GET requests over one keep-alive connection until ``stop_at``."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = (
        f"GET {phase.path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "User-Agent: backrub-bench\r\nAccept: text/html\r\n\r\n"
    ).encode()
    try:
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            body = await reader.readexactly(length)
            phase.latencies_s.append(time.perf_counter() - started)
            if status != 200 or MARKERS[phase.path] not in body:
                phase.errors += 1
    finally:
        writer.close()


async def run_phase(port: int, path: str, clients: int, seconds: float) -> Phase:
    phase = Phase(path)
    started = time.perf_counter()
    stop_at = started + seconds
    results = await asyncio.gather(
        *(one_client(port, phase, stop_at) for _ in range(clients)), return_exceptions=True
    )
    phase.errors += sum(1 for r in results if isinstance(r, BaseException))
    phase.elapsed_s = time.perf_counter() - started
    return phase


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each phase")
    parser.add_argument("--clients", type=int, default=20, help="concurrent connections")
    parser.add_argument("--keep", action="store_true", help="keep the filled database")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="backrub-web-bench-"))
    db = home / "backrub.sqlite3"
    started = time.perf_counter()
    prepare(db)
    print(
        f"filled {db} in {time.perf_counter() - started:.1f} s ({db.stat().st_size / 1e6:.1f} MB)"
    )

    port = free_port()
    server = start_server(db, port)
    try:
        asyncio.run(run_phase(port, "/", args.clients, 2.0))  # warm-up, not counted
        phases = [asyncio.run(run_phase(port, p, args.clients, args.seconds)) for p in PAGES]
        peak = peak_mb(server.pid)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)

    base = phases[0]
    print(f"{args.clients} clients, keep-alive, {args.seconds:.0f} s per page, loopback")
    columns = ("requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors")
    print(f"{'page':<10} " + " ".join(f"{c:>8}" for c in columns) + f" {'vs /healthz':>12}")
    for p in phases:
        ratio = p.rps / base.rps if base.rps else float("nan")
        print(
            f"{p.path:<10} {len(p.latencies_s):>8} {p.rps:>8.0f} {p.percentile_ms(0.50):>8.1f} "
            f"{p.percentile_ms(0.95):>8.1f} {p.percentile_ms(0.99):>8.1f} {p.errors:>8} "
            f"{ratio:>11.2f}x"
        )
    print(f"server peak memory (VmHWM): {peak:.1f} MB")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load}, Python {sys.version.split()[0]}")
    for p in phases[1:]:
        ok = p.percentile_ms(0.95) <= TARGET_P95_MS
        print(f"target {p.path} p95 <= {TARGET_P95_MS:.0f} ms: {verdict(ok)}")
    errors = sum(p.errors for p in phases)
    print(f"target zero errors: {verdict(errors == 0)} ({errors})")
    print(f"target peak <= {TARGET_PEAK_MB:.0f} MB: {verdict(peak <= TARGET_PEAK_MB)}")
    if args.keep:
        print(f"kept {db}")
    else:
        shutil.rmtree(home)


if __name__ == "__main__":
    main()
