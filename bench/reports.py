"""Time ``progress --json`` and the HTML and PDF reports on the 5-year profile.

Targets (issue "Questionnaires, progress ..."): progress <= 1 s, HTML report
<= 2 s, PDF <= 4 s (medians of end-to-end CLI runs), each with peak memory
<= 300 MB. Prints the figures; asserts nothing. Run:

    .venv/bin/python bench/reports.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cli_checkin import fill

BACKRUB = str(Path(sys.executable).with_name("backrub"))
TARGETS = {"progress --json": 1.0, "report HTML": 2.0, "report PDF": 4.0}
PEAK_MB = 300.0


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{argv} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "backrub.sqlite3"
        fill(db)
        env = {**os.environ, "BACKRUB_HOME": tmp, "BACKRUB_DB": str(db)}
        commands = {
            "progress --json": [BACKRUB, "progress", "--json"],
            "report HTML": [BACKRUB, "report", "--sections", "all", "--out", f"{tmp}/r.html"],
            "report PDF": [BACKRUB, "report", "--sections", "all", "--out", f"{tmp}/r.pdf"],
        }
        print(f"{'command':18} {'median s':>9} {'max MB':>8}  target")
        for name, argv in commands.items():
            timed(argv, env)  # warm-up
            results = [timed(argv, env) for _ in range(runs)]
            median = statistics.median(r[0] for r in results)
            peak = max(r[1] for r in results)
            ok = median <= TARGETS[name] and peak <= PEAK_MB
            print(
                f"{name:18} {median:9.2f} {peak:8.1f}  <= {TARGETS[name]:.0f} s, "
                f"<= {PEAK_MB:.0f} MB: {'PASS' if ok else 'MISS'}"
            )


if __name__ == "__main__":
    main()
