"""Time each main page's first visit after a write, in-process, on the five-year profile.

Usage: .venv/bin/python bench/after_write.py [--rounds 10]

The load test (``web_load.py``) shows what twenty browsers see, but on a shared
machine its figures move with everything else running. This script measures
the work itself: the app in-process (Starlette's test client), the same
profile and pinned clock as ``web_load.py``; each round saves a check-in
through the web form and then opens every main page once, so each page is
worked out afresh, as the first visitor after a write meets it. It reports
the CPU time of the process per page (``time.process_time``: less disturbed
by other programs than wall time, though not immune), the median and the
fastest of the rounds, and the same for a page kept since the write. No
targets: the targets are those of ``web_load.py``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from web_load import PAGES, PINNED_NOW, prepare  # bench/ is on sys.path when this file is run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="writes, each followed by a visit")
    args = parser.parse_args()
    os.environ.setdefault("BACKRUB_NOW", PINNED_NOW)
    with warnings.catch_warnings():  # the test client's notice about httpx
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from backrub.web import create_app
    from backrub.web.settings import WebSettings

    home = Path(tempfile.mkdtemp(prefix="backrub-after-write-"))
    db = home / "backrub.sqlite3"
    prepare(db)
    fresh: dict[str, list[float]] = {page: [] for page in PAGES}
    kept: dict[str, list[float]] = {page: [] for page in PAGES}
    try:
        with TestClient(create_app(WebSettings(db=str(db))), base_url="http://127.0.0.1") as client:
            found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)
            assert found is not None
            for page in PAGES:  # the first visit after start-up: not counted
                client.get(page)
            for n in range(args.rounds):
                form = {"csrf_token": found.group(1), "pain": str(n % 11)}
                saved = client.post("/checkins", data=form, follow_redirects=False)
                assert saved.status_code in (200, 303), saved.status_code
                for times in (fresh, kept):
                    for page in PAGES:
                        started = time.process_time()
                        answer = client.get(page)
                        times[page].append(time.process_time() - started)
                        assert answer.status_code == 200, (page, answer.status_code)
    finally:
        shutil.rmtree(home)

    print(f"CPU ms per visit, {args.rounds} rounds (a check-in saved before each round)")
    print(f"{'page':<16} {'after a write':>14} {'fastest':>8} {'kept':>6}")
    for page in PAGES:
        ms = [1000 * s for s in fresh[page]]
        print(
            f"{page:<16} {statistics.median(ms):>14.1f} {min(ms):>8.1f} "
            f"{1000 * statistics.median(kept[page]):>6.1f}"
        )
    total = sum(statistics.median(fresh[page]) for page in PAGES)
    print(f"all pages once after a write: {1000 * total:.0f} ms")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load}")


if __name__ == "__main__":
    main()
