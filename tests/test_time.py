"""Time is an input: one clock (pinned for child processes too), zones chosen, times checked."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from backrub import services
from backrub.demo import make_demo
from backrub.store import Store
from tests.conftest import NOW, ZONE
from tests.test_cli import _db, _one_clear_line

SRC = Path(__file__).resolve().parent.parent / "src" / "backrub"

# Reads of the wall clock or of the host's zone. time.monotonic is a stopwatch, not a clock.
WALL_CLOCK = re.compile(
    r"datetime\.now\(|date\.today\(|datetime\.today\(|utcnow\(|time\.time\(|"
    r"time\.localtime|time\.tzname|/etc/localtime|tzlocal|astimezone\(\)"
)


def test_nothing_in_the_package_reads_the_wall_clock_or_the_host_zone_but_the_clock() -> None:
    offenders = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "clock.py" or path.parent != SRC
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if WALL_CLOCK.search(line)
    ]
    assert offenders == []


def test_a_child_process_takes_now_from_backrub_now(run) -> None:  # type: ignore[no-untyped-def]
    assert run("checkin", "--pain", "4").code == 0
    [checkin] = json.loads(run("history", "--json").out)["checkins"]
    assert datetime.fromisoformat(checkin["at"]) == NOW
    later = "2026-07-01T23:15:00+00:00"
    assert run("checkin", "--pain", "5", env={"BACKRUB_NOW": later}).code == 0
    moments = [c["at"] for c in json.loads(run("history", "--json").out)["checkins"]]
    assert datetime.fromisoformat(moments[-1]) == datetime.fromisoformat(later)


@pytest.mark.parametrize("value", ["yesterday", "2026-03-02T09:30", "2026-13-01T00:00Z"])
def test_a_bad_backrub_now_is_one_line_and_writes_nothing(run, home: Path, value: str) -> None:  # type: ignore[no-untyped-def]
    _one_clear_line(run("checkin", "--pain", "4", env={"BACKRUB_NOW": value}), "BACKRUB_NOW")
    assert not _db(home).exists() or run("history", "--json").code != 0


def test_a_bad_backrub_tz_is_refused_when_a_profile_is_made(run) -> None:  # type: ignore[no-untyped-def]
    _one_clear_line(run("checkin", "--pain", "4", env={"BACKRUB_TZ": "Mars/Olympus"}), "BACKRUB_TZ")
    assert run("profile", "list", "--json").out.strip() in ("", "[]")


def test_the_first_checkin_says_which_zone_the_new_profile_got_and_how_to_change_it(run) -> None:  # type: ignore[no-untyped-def]
    first = run("checkin", "--pain", "4", env={"BACKRUB_TZ": "America/Adak"})
    assert first.code == 0, first.err
    assert "America/Adak" in first.err and "profile zone" in first.err
    assert "time zone" not in run("checkin", "--pain", "3").err  # said once, when it was made
    assert run("profile", "zone").out.strip() == "Profile me: time zone America/Adak."
    changed = run("profile", "zone", "Pacific/Kiritimati")
    assert changed.code == 0 and "Pacific/Kiritimati" in changed.out
    assert json.loads(run("history", "--json").out)["tz"] == "Pacific/Kiritimati"
    _one_clear_line(run("profile", "zone", "Nowhere/Land"), "tz", "Nowhere/Land")
    assert json.loads(run("history", "--json").out)["tz"] == "Pacific/Kiritimati"


def test_a_bad_first_checkin_makes_no_profile_and_says_nothing_about_zones(run) -> None:  # type: ignore[no-untyped-def]
    result = run("checkin", "--pain", "11")
    _one_clear_line(result, "pain")
    assert "zone" not in result.err


def test_profile_add_takes_a_zone_and_the_demo_takes_one_too(run) -> None:  # type: ignore[no-untyped-def]
    assert run("profile", "add", "ana", "--tz", "Asia/Kolkata").code == 0
    assert run("--profile", "ana", "profile", "zone").out.strip().endswith("Asia/Kolkata.")
    assert run("demo", "--tz", "Pacific/Honolulu").code == 0
    assert json.loads(run("--profile", "demo", "history", "--json").out)["tz"] == "Pacific/Honolulu"
    _one_clear_line(run("demo", "--tz", "Atlantis"), "tz", "Atlantis")


# -- the demo never writes a record later than now --------------------------------------

ZONES = ("UTC", "Pacific/Kiritimati", "America/Adak")


def _records(data):  # type: ignore[no-untyped-def]
    return [*data.checkins, *data.pro_sessions, *data.self_sessions, *data.responses]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("clock", ["00:30", "09:00", "23:30"])
def test_the_demo_writes_nothing_after_now(zone: str, clock: str) -> None:
    hour, minute = map(int, clock.split(":"))
    now = datetime(2026, 3, 2, hour, minute, tzinfo=ZoneInfo(zone))
    data = make_demo(now=now, tz=zone, weeks=12, seed=7)
    assert max(r.at for r in _records(data)) <= now
    # The last day is there up to now, and the course is twelve weeks long.
    last_day = now.date()
    days = {c.at.astimezone(ZoneInfo(zone)).date() for c in data.checkins}
    assert max(days) == (last_day if hour >= 9 else last_day - timedelta(days=1))
    assert min(days) == last_day - timedelta(weeks=12) + timedelta(days=1)


def test_the_demo_command_writes_nothing_after_now(run) -> None:  # type: ignore[no-untyped-def]
    env = {"BACKRUB_NOW": "2026-03-02T00:30:00+14:00"}
    assert run("demo", "--tz", "Pacific/Kiritimati", env=env).code == 0
    history = json.loads(run("--profile", "demo", "history", "--json").out)
    moments = [
        datetime.fromisoformat(r["at"])
        for kind in ("checkins", "pro_sessions", "self_sessions")
        for r in history[kind]
    ]
    assert moments and max(moments) <= datetime.fromisoformat(env["BACKRUB_NOW"])


def _wording(run, now: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    env = {"BACKRUB_NOW": now}
    assert run("demo", env=env).code == 0
    data = json.loads(run("progress", "--json", env=env).out)
    return {c["instrument"]: c["conclusion"] for c in data["changes"]}


def test_progress_on_the_demo_says_the_same_at_seven_in_the_morning_as_at_noon(run) -> None:  # type: ignore[no-untyped-def]
    # The regression: before 09:30 the demo held today's 09:30 questionnaire and
    # evening records in the future, and progress counted them.
    morning = _wording(run, f"2026-03-02T07:00:00{_offset(ZONE)}")
    noon = _wording(run, f"2026-03-02T12:00:00{_offset(ZONE)}")
    assert morning == noon
    assert {"nrs", "peg", "rmdq"} <= set(morning)


def _offset(zone: str) -> str:
    return datetime(2026, 3, 2, 12, tzinfo=ZoneInfo(zone)).isoformat()[-6:]


# -- a record later than now counts once its time has come ------------------------------


def test_a_record_ahead_of_now_is_kept_but_counts_only_once_its_time_has_come(
    store: Store,
) -> None:
    profile = services.add_profile(store, "ana", tz="Pacific/Kiritimati", now=NOW)
    start = NOW - timedelta(days=20)
    for day in range(20):
        services.record_checkin(store, profile, now=NOW, pain=6, at=start + timedelta(days=day))
    ahead = NOW + timedelta(hours=20)  # tomorrow's date in the profile's zone, from a trip
    services.record_checkin(store, profile, now=NOW, pain=0, at=ahead.isoformat())
    assert len(services.history(store, profile).checkins) == 21  # kept and listed
    export = json.loads(services.export_json(store, profile, now=NOW))
    assert len(export["data"]["checkins"]) == 21  # the backup is lossless

    before = services.progress(store, profile, now=NOW).to_json()
    assert before["pain_trend"]["readings"] == 20  # the 0 from tomorrow does not count yet
    after = services.progress(store, profile, now=ahead).to_json()
    assert after["pain_trend"]["readings"] == 21  # its time has come
    assert services.report_data(store, profile, now=NOW).checkins[-1].pain == 6


# -- timestamps a person types ----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("checkin", "--pain", "4", "--at", "1899-12-31T23:59"), ("at", "1900-01-01")),
        (("checkin", "--pain", "4", "--at", "0226-11-30T08:00"), ("at", "1900-01-01")),
        (("checkin", "--pain", "4", "--at", ""), ("at", "give a date and time")),
        (("checkin", "--pain", "4", "--at", "   "), ("at", "give a date and time")),
        (("episode", "add", "--onset", "1899-06-01", "--no-leg-pain"), ("onset", "1900-01-01")),
        (
            ("session", "log", "pro", "--technique", "relaxation", "--minutes", "60", "--at", ""),
            ("at",),
        ),
        (("survey", "peg", "--answers", "4,4,4", "--at", "1850-01-01T09:00"), ("at", "1900")),
    ],
)
def test_times_before_1900_and_an_empty_at_are_refused(run, home: Path, args, words) -> None:  # type: ignore[no-untyped-def]
    assert run("checkin", "--pain", "3").code == 0
    before = _db(home).read_bytes()
    _one_clear_line(run(*args), *words)
    assert _db(home).read_bytes() == before


def test_a_local_time_the_clocks_skip_is_refused_naming_both_neighbours(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"BACKRUB_NOW": "2026-04-01T12:00:00+00:00"}
    assert run("profile", "add", "ana", "--tz", "Europe/Berlin").code == 0
    before = _db(home).read_bytes()
    result = run("checkin", "--pain", "4", "--at", "2026-03-29T02:30", env=env)
    _one_clear_line(result, "at", "01:59", "03:00")
    assert _db(home).read_bytes() == before


def test_a_local_time_that_happens_twice_is_kept_as_the_first_and_said_so(run) -> None:  # type: ignore[no-untyped-def]
    env = {"BACKRUB_NOW": "2026-11-01T12:00:00+00:00"}
    assert run("profile", "add", "ana", "--tz", "Europe/Berlin").code == 0
    result = run("checkin", "--pain", "4", "--at", "2026-10-25T02:30", env=env)
    assert result.code == 0, result.err
    assert "happened twice" in result.err and "2026-10-25T02:30+01:00" in result.err
    [checkin] = json.loads(run("history", "--json", env=env).out)["checkins"]
    assert datetime.fromisoformat(checkin["at"]) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    second = run("checkin", "--pain", "5", "--at", "2026-10-25T02:30+01:00", env=env)
    assert second.code == 0 and "twice" not in second.err  # an offset is not ambiguous


def test_zone_names_are_places_in_any_case_and_a_refusal_suggests_one(run) -> None:  # type: ignore[no-untyped-def]
    assert run("profile", "add", "ana", "--tz", "europe/paris").code == 0
    assert run("--profile", "ana", "profile", "zone").out.strip().endswith("Europe/Paris.")
    for name in ("Factory", "localtime", "posixrules", "Etc/GMT+5"):
        refused = run("profile", "add", "bo", "--tz", name)
        assert refused.code == 2 and name in refused.err
    suggested = run("profile", "add", "bo", "--tz", "Berln")
    assert suggested.code == 2 and "did you mean Europe/Berlin?" in suggested.err
    several = run("profile", "add", "bo", "--tz", "indiana")
    assert several.code == 2 and "America/Indiana/Knox" in several.err
    # A city alone is enough when exactly one place has it, in any case or spacing.
    assert run("profile", "add", "cy", "--tz", "new york").code == 0
    assert run("--profile", "cy", "profile", "zone").out.strip().endswith("America/New_York.")
