"""The CLI's trial words after the browser review: the too-few-days refusal says how many
more and what to do (F7), "today" when the first day is today (F9), and a professional
session logged on a day without massage is kept with a plain note (F8)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.conftest import NOW
from tests.nof1.test_trial_cli import _at, _diary
from tests.test_cli import _one_clear_line


def test_the_trial_cli_says_what_to_do_and_notes_a_massage_off_schedule(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("profile", "add", "me", "--tz", "UTC").code == 0
    run("screen", "--no-to-all")
    _diary(home, 6, start=NOW - timedelta(days=6, hours=-9))
    _one_clear_line(run("trial", "new"), "Days so far: 6", "still to go: 8", "Check in each day")
    _diary(home, 14, start=NOW - timedelta(days=20, hours=-9))
    today = NOW.date().isoformat()
    started = run("trial", "new", "--seed", "5", "--first-day", today, "--confirm")
    assert started.code == 0, started.err
    assert "today, before your first check-in" in started.out
    shown = json.loads(run("trial", "show", "--json").out)
    without = next(p for p in shown["periods"] if p["arm"] == "B")
    on_b = datetime.fromisoformat(without["first"]).replace(hour=12, tzinfo=UTC)
    logged = run(
        "session", "log", "pro", "--technique", "relaxation", "--minutes", "60", env=_at(on_b)
    )
    assert logged.code == 0, logged.err
    assert "Saved:" in logged.out and "counts as not followed" in logged.out
