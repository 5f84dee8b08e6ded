"""Time `backrub checkin --pain 4` end to end on a profile holding five years of data.

Usage: .venv/bin/python bench/cli_checkin.py [--runs 30] [--keep]

Fills a fresh database through the store (one ``restore`` transaction: three
check-ins a day for five years, about 800 professional and self sessions), then
runs the real console script as a subprocess ``--runs`` times, interleaved with
``python -c pass`` so both see the same machine load. Prints both medians,
their ratio, the peak memory of the check-in process and PASS/MISS against the
targets. The targets are product goals for "log in under 30 s a day", not
evidence.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from backrub import clock, services
from backrub.domain.records import (
    CheckIn,
    Profile,
    ProfileData,
    ProSession,
    SelfSession,
    Technique,
    Tool,
    Zone,
    ZoneWork,
)
from backrub.store import open_store

TARGET_MEDIAN_S = 0.30
TARGET_PEAK_MB = 100.0
YEARS = 5
CHECKINS_PER_DAY = 3
PRO_SESSIONS = 260  # about one a week
SELF_SESSIONS = 540  # with the pro sessions, about 800 in all
TZ = "Europe/Berlin"


def five_years(today: date, seed: int = 11) -> ProfileData:
    """Return a profile with YEARS of check-ins and sessions ending ``today``."""
    rng = random.Random(seed)
    first = today - timedelta(days=365 * YEARS)
    days = [first + timedelta(days=i) for i in range((today - first).days)]

    def at(day: date, hour: int) -> datetime:
        return datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=UTC)

    checkins = tuple(
        CheckIn(
            at=at(day, hour),
            tz=TZ,
            pain=rng.randrange(11),
            soreness=rng.randrange(11),
            sleep=rng.randrange(11) if hour == 7 else None,
            activity_min=rng.randrange(0, 90) if hour == 20 else None,
            note="bench" if rng.random() < 0.05 else None,
        )
        for day in days
        for hour in (7, 13, 20)[:CHECKINS_PER_DAY]
    )
    pro = tuple(
        ProSession(
            at=at(day, 17),
            tz=TZ,
            technique=rng.choice(list(Technique)),
            duration_min=rng.choice((30, 50, 60)),
            cost_cents=7000,
            currency="EUR",
            subjective="stiff after desk work",
        )
        for day in sorted(rng.sample(days, PRO_SESSIONS))
    )
    selfs = tuple(
        SelfSession(
            at=at(day, 21),
            tz=TZ,
            tool=Tool.FOAM_ROLLER,
            zones=(ZoneWork(Zone.GLUTES_LEFT, 60), ZoneWork(Zone.GLUTES_RIGHT, 60)),
            pain_before=rng.randrange(11),
            pain_after=rng.randrange(11),
        )
        for day in sorted(rng.sample(days, SELF_SESSIONS))
    )
    profile = Profile(name="me", tz=TZ, created_at=at(first, 6))
    return ProfileData(profile=profile, checkins=checkins, pro_sessions=pro, self_sessions=selfs)


def fill(db: Path) -> ProfileData:
    data = five_years(clock.now().astimezone(ZoneInfo(TZ)).date())
    store = open_store(str(db))
    try:
        store.restore(data)
        services.use_profile(store, data.profile.name)
    finally:
        store.close()
    return data


def count_checkins(db: Path) -> int:
    """Return how many check-ins the database holds, read back through the store."""
    store = open_store(str(db))
    try:
        profile = services.current_profile(store, None, create=False)
        assert profile.id is not None
        return len(store.checkins(profile.id))
    finally:
        store.close()


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run ``argv`` to the end; return wall seconds and the child's peak RSS in MB."""
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        actions = [(os.POSIX_SPAWN_DUP2, devnull, fd) for fd in (0, 1, 2)]
        started = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - started
    finally:
        os.close(devnull)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} failed with status {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the filled database")
    args = parser.parse_args()

    backrub = shutil.which("backrub", path=str(Path(sys.executable).parent)) or shutil.which(
        "backrub"
    )
    if backrub is None:
        sys.exit("the backrub console script is not installed: pip install -e .")
    home = Path(tempfile.mkdtemp(prefix="backrub-bench-"))
    db = home / "backrub.sqlite3"
    started = time.perf_counter()
    data = fill(db)
    fill_s = time.perf_counter() - started
    sessions = len(data.pro_sessions) + len(data.self_sessions)
    print(
        f"filled {db} in {fill_s:.1f} s: {len(data.checkins)} check-ins, {sessions} sessions "
        f"({db.stat().st_size / 1e6:.1f} MB)"
    )

    env = dict(os.environ, BACKRUB_HOME=str(home), BACKRUB_DB=str(db))
    checkin = [backrub, "checkin", "--pain", "4"]
    bare = [sys.executable, "-c", "pass"]
    for _ in range(2):  # warm the page cache and the .pyc files; not counted
        run(checkin, env)
        run(bare, env)
    checkin_s: list[float] = []
    bare_s: list[float] = []
    peak_mb = 0.0
    for _ in range(args.runs):
        elapsed, rss_mb = run(checkin, env)
        checkin_s.append(elapsed)
        peak_mb = max(peak_mb, rss_mb)
        bare_s.append(run(bare, env)[0])

    saved = count_checkins(db)
    expected = len(data.checkins) + args.runs + 2
    if saved != expected:
        sys.exit(f"expected {expected} check-ins after the runs, found {saved}")

    median_checkin = statistics.median(checkin_s)
    median_bare = statistics.median(bare_s)
    print(f"runs: {args.runs} of each, interleaved, after 2 warm-up runs")
    print(f"backrub checkin --pain 4  median {median_checkin:.3f} s  (min {min(checkin_s):.3f} s)")
    print(f"python -c pass            median {median_bare:.3f} s  (min {min(bare_s):.3f} s)")
    print(f"ratio checkin / bare python: {median_checkin / median_bare:.1f}x")
    print(f"peak memory of checkin: {peak_mb:.1f} MB")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load}, Python {sys.version.split()[0]}")
    print(f"target median <= {TARGET_MEDIAN_S:.2f} s: {verdict(median_checkin <= TARGET_MEDIAN_S)}")
    print(f"target peak <= {TARGET_PEAK_MB:.0f} MB: {verdict(peak_mb <= TARGET_PEAK_MB)}")
    if args.keep:
        print(f"kept {db}")
    else:
        shutil.rmtree(home)


if __name__ == "__main__":
    main()
