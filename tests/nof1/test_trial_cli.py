"""``backrub trial new|show|today|stop|report|export`` and ``backrub today`` on the real command."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from backrub import services
from backrub.store import open_store
from tests.conftest import NOW
from tests.test_cli import _db, _one_clear_line


def _diary(home: Path, days: int, *, start: datetime, pains: tuple[int, ...] = (4, 6, 5)) -> None:
    """Record one evening check-in a day for ``days`` days from ``start``."""
    store = open_store(str(_db(home)))
    profile = store.profile("me")
    for n in range(days):
        at = start + timedelta(days=n)
        services.record_checkin(
            store, profile, now=at, pain=pains[n % len(pains)], at=at.isoformat()
        )
    store.close()


def _at(moment: datetime) -> dict[str, str]:
    return {"BACKRUB_NOW": moment.isoformat()}


def test_a_trial_is_planned_started_followed_reported_and_stopped(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("profile", "add", "me", "--tz", "UTC").code == 0
    run("screen", "--no-to-all")
    _one_clear_line(run("trial", "new"), "14 days")  # no baseline diary yet
    _diary(home, 20, start=NOW - timedelta(days=20, hours=-9))
    _one_clear_line(run("trial", "new", "--pairs", "2"), "--pairs", "3 to 8")
    for period in ("10", "1", "99"):  # "from 7 to 14" would invite 10 (attack review 11)
        _one_clear_line(run("trial", "new", "--period", period), "--period", "use 7 or 14 days")
    for washout in ("5", "0"):
        _one_clear_line(run("trial", "new", "--washout", washout), "--washout", "use 2 or 3 days")
    _one_clear_line(run("trial", "new", "--first-day", "2027-01-01"), "--first-day")
    plan = run("trial", "new", "--plan-only", "--seed", "5")
    assert plan.code == 0, plan.err
    assert "points" in plan.out and "Nothing started" in plan.out
    digest = plan.out.split("SHA-256 of the schedule: ")[1].split()[0]
    assert len(digest) == 64
    assert "No trial yet" in run("trial", "show").err  # the plan started nothing
    unconfirmed = run("trial", "new", "--seed", "5")  # no terminal to ask on: refused
    _one_clear_line(unconfirmed, "--confirm", "Before you start", "nothing was started")
    assert "Before you start:" in unconfirmed.out and "exercise" in unconfirmed.out
    assert "No trial yet" in run("trial", "show").err
    started = run("trial", "new", "--seed", "5", "--confirm")
    assert started.code == 0, started.err
    assert digest in started.out and "Trial started" in started.out
    _one_clear_line(run("trial", "new", "--seed", "6"), "already running")
    shown = json.loads(run("trial", "show", "--json").out)
    assert shown["sha256"] == digest and shown["first_day"] == "2026-03-03"
    assert shown["state"] == "running"
    without = next(p for p in shown["periods"] if p["arm"] == "B")
    on_b = datetime.fromisoformat(without["first"]).replace(hour=12, tzinfo=UTC)
    assert "without massage" in run("trial", "today", env=_at(on_b)).out
    today = run("today", env=_at(on_b))
    assert "without massage" in today.out and "Self-massage" not in today.out
    refused = run("session", "run", "tennis_ball", env=_at(on_b))
    _one_clear_line(refused, "trial")
    _diary(home, 30, start=datetime(2026, 3, 3, 20, 0, tzinfo=UTC), pains=(5, 3, 6, 4))
    late = _at(datetime(2026, 4, 2, 12, 0, tzinfo=UTC))
    report = run("trial", "report", env=late)
    assert report.code == 0, report.err
    assert "Adherence:" in report.out and digest in report.out
    out = home / "trial.csv"
    exported = run("trial", "export", "--out", str(out), env=late)
    assert exported.code == 0, exported.err
    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert len(rows) == 30 and rows[0]["date"] == "2026-03-03" and rows[0]["washout"] == "yes"
    assert {r["arm"] for r in rows} == {"A", "B"} and rows[0]["pain"] == "5"
    stopped = run("trial", "stop", env=late)
    assert stopped.code == 0 and "ended early" in stopped.out
    assert "Ended early on 2026-04-02: you stopped it." in run("trial", "show", env=late).out
    assert "No trial runs today." in run("trial", "today", env=late).out
    _one_clear_line(run("trial", "stop", env=late), "No trial is running")
