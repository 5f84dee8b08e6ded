"""Screening gates the plan; a plan follows a study's dose and exports to a calendar."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import NOW
from tests.test_cli import _db, _one_clear_line

CLEAR = ("screen", "--no-to-all")


def test_a_cauda_equina_answer_gives_the_emergency_message_and_blocks_the_plan(
    run, home: Path
) -> None:  # type: ignore[no-untyped-def]
    result = run("screen", "--answer", "bladder_bowel_change=yes", "--no-to-all", "--json")
    data = json.loads(result.out)
    assert data["verdict"] == "stop_emergency" and data["is_stop"]
    assert "emergency department" in data["message"]
    before = _db(home).read_bytes()
    refused = run("plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon,thu")
    _one_clear_line(refused, "screening", "emergency department")
    assert _db(home).read_bytes() == before


def test_a_recorded_clearance_lifts_the_stop(run) -> None:  # type: ignore[no-untyped-def]
    run("screen", "--answer", "history_of_cancer=yes", "--no-to-all")
    assert run("plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon").code == 2
    cleared = run("screen", "clear", "--by", "Dr Okafor", "--lifts", "history_of_cancer")
    assert cleared.code == 0
    assert "Dr Okafor cleared history_of_cancer" in cleared.out
    assert run("plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon").code == 0


def test_a_plan_needs_a_screening_first(run) -> None:  # type: ignore[no-untyped-def]
    run("checkin", "--pain", "4")
    _one_clear_line(
        run("plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon"), "backrub screen"
    )


def test_a_person_with_five_months_of_pain_gets_a_plan_that_fits_days_and_budget(run) -> None:  # type: ignore[no-untyped-def]
    onset = (NOW.date() - timedelta(days=150)).isoformat()
    assert run("episode", "add", "--onset", onset, "--no-leg-pain").code == 0
    assert run(*CLEAR).code == 0
    made = run(
        "plan",
        "new",
        "--protocol",
        "cherkin-10-weekly",
        "--days",
        "tue,fri",
        "--price",
        "60",
        "--budget-total",
        "700",
        "--tools",
        "foam_roller,massage_gun",
    )
    assert made.code == 0, made.err
    plan = json.loads(run("plan", "show", "--json").out)
    sessions = plan["sessions"]
    assert len(sessions) == 10
    assert {date.fromisoformat(s["on"]).weekday() for s in sessions} <= {1, 4}
    assert sum(float(s["cost"]) for s in sessions) <= 700
    assert all(s["evidence"] == ["cherkin-2011"] for s in sessions)
    assert plan["self_massage"]["cap_min"] == 5
    assert "product default" in plan["self_massage"]["reason"]
    assert plan["activity"]["minutes_per_day"] > 0 and "nice-ng59" in plan["activity"]["evidence"]
    assert [a["weeks"] for a in plan["assessments"]] == [0, 12, 24]
    assert plan["adherence"]["professional"]["done"] == 0


def test_a_protocol_over_budget_names_the_closest_one_that_fits(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    run(*CLEAR)
    before = _db(home).read_bytes()
    result = run(
        "plan",
        "new",
        "--protocol",
        "cherkin-10-weekly",
        "--days",
        "mon,thu",
        "--price",
        "100",
        "--budget-total",
        "550",
    )
    _one_clear_line(
        result,
        "“10 weekly sessions of 50–60 min” (--protocol cherkin-10-weekly) does not fit",
        "nearest in total massage time is “30 min twice a week for 5 weeks” "
        "(--protocol hernandez-reif-30-2x-5w)",
        "A very small trial (24 people)",
    )
    assert _db(home).read_bytes() == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--protocol", "magic-massage", "--days", "mon"), ("protocol", "cherkin-10-weekly")),
        # The protocol is named first, before the days or money it would be read against.
        (("--protocol", "x"), ("error: --protocol: 'x'", "cherkin-10-weekly")),
        (("--protocol", "x", "--days", "someday", "--price", "abc"), ("error: --protocol: 'x'",)),
        (
            ("--protocol", "cherkin-10-weekly", "--days", "mon", "--price", "1" * 5000),
            ("price", "up to 1000000"),
        ),
        (("--protocol", "cherkin-10-weekly", "--days", "mon", "--price", "1e999"), ("price",)),
        (("--protocol", "cherkin-10-weekly", "--days", "²"), ("days",)),
        (("--protocol", "cherkin-10-weekly", "--days", "mon", "--start", "2020-01-01"), ("start",)),
        # Regression (attack 11, M2): "unexpected error" exit 1 from an overflowing schedule.
        (
            ("--protocol", "cherkin-10-weekly", "--days", "mon,thu", "--start", "9999-10-01"),
            ("start", "use a date up to"),
        ),
        (("--protocol", "cherkin-10-weekly", "--days", ""), ("days",)),
        (("--protocol", "cherkin-10-weekly", "--days", "someday"), ("days", "'someday'")),
        (
            ("--protocol", "cherkin-10-weekly", "--days", "mon", "--budget-total", "0"),
            ("--budget-total",),
        ),
        (
            ("--protocol", "cherkin-10-weekly", "--days", "mon", "--budget-per-session", "-5"),
            ("--budget-per-session",),
        ),
        (("--protocol", "cherkin-10-weekly", "--days", "mon", "--tools", "chainsaw"), ("tools",)),
    ],
)
def test_bad_plan_input_is_one_line_and_writes_nothing(run, home: Path, args, words) -> None:  # type: ignore[no-untyped-def]
    run(*CLEAR)
    before = _db(home).read_bytes()
    _one_clear_line(run("plan", "new", *args), *words)
    assert _db(home).read_bytes() == before


def test_a_screening_answer_outside_yes_or_no_is_refused(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    run("checkin", "--pain", "3")
    before = _db(home).read_bytes()
    _one_clear_line(
        run("screen", "--answer", "saddle_numbness=maybe", "--no-to-all"),
        "saddle_numbness",
        "yes or no",
    )
    _one_clear_line(run("screen", "--answer", "saddle_numbness=no"), "answer yes or no")
    assert _db(home).read_bytes() == before


def test_the_calendar_file_reads_back_with_every_session(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run(*CLEAR)
    run("plan", "new", "--protocol", "hernandez-reif-30-2x-5w", "--days", "mon,thu")
    out = tmp_path / "plan.ics"
    assert run("plan", "ics", "--out", str(out), "--daily").code == 0
    calendar = Calendar.from_ical(out.read_bytes())
    events = list(calendar.walk("VEVENT"))
    plan = json.loads(run("plan", "show", "--json").out)
    starts = {str(e.decoded("DTSTART"))[:10] for e in events}
    assert {s["on"] for s in plan["sessions"]} <= starts
    assert len(events) >= len(plan["sessions"]) + 3  # sessions, assessments, daily slot
    again = tmp_path / "again.ics"
    run("plan", "ics", "--out", str(again), "--daily")
    assert again.read_bytes() == out.read_bytes()


def test_an_ics_path_that_cannot_be_written_is_refused(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run(*CLEAR)
    run("plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon")
    _one_clear_line(run("plan", "ics", "--out", str(tmp_path / "missing" / "p.ics")), "--out")
    _one_clear_line(run("plan", "ics", "--out", str(tmp_path)), "--out")


def test_evidence_shows_an_entry_and_refuses_an_unknown_id(run) -> None:  # type: ignore[no-untyped-def]
    entry = json.loads(run("evidence", "cherkin-2011", "--json").out)
    assert entry["id"] == "cherkin-2011" and entry["n"] == 401
    text = run("evidence", "furlan-2015").out
    assert "low" in text.lower()
    _one_clear_line(run("evidence", "made-up-2030"), "made-up-2030")


def test_leg_pain_below_the_knee_keeps_the_plan_gentle(run) -> None:  # type: ignore[no-untyped-def]
    onset = (NOW.date() - timedelta(days=37)).isoformat()
    run("episode", "add", "--onset", onset, "--leg-pain")
    data = json.loads(run("screen", "--no-to-all", "--json").out)
    assert data["leg_pain"]["possible_sciatica"] is True
    assert "nice-ng59" in data["leg_pain"]["advice"]
    assert {"no_massage_gun", "no_deep_pressure"} <= set(data["restrictions"])
    # 5 weeks 2 days: acute by the research convention, subacute by ACP 2017.
    assert (data["episode"]["research"], data["episode"]["acp"]) == ("acute", "subacute")
    assert data["episode"]["acp_changes_advice"] is True
    run(
        "plan",
        "new",
        "--protocol",
        "cherkin-10-weekly",
        "--days",
        "mon",
        "--tools",
        "massage_gun,foam_roller",
    )
    plan = json.loads(run("plan", "show", "--json").out)
    assert plan["self_massage"]["tools"] == ["foam_roller"]
    _one_clear_line(run("session", "run", "massage_gun", "--no-timer"), "massage gun")


def test_a_chosen_thursday_is_used_and_the_self_massage_time_reaches_the_calendar(
    run, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Regression (issue 11): Mon+Thu from a Tuesday planned Mondays only; the slot was fixed."""
    env = {"BACKRUB_NOW": "2026-03-03T09:30:00+00:00", "BACKRUB_TZ": "Europe/Paris"}
    assert run(*CLEAR, env=env).code == 0
    made = run(
        "plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon,thu",
        "--tools", "foam_roller", "--self-massage-at", "7:30", env=env,
    )  # fmt: skip
    assert made.code == 0, made.err
    assert "Thu 2026-03-05" in made.out and "(Mon) are kept for making up" in made.out
    plan = json.loads(run("plan", "show", "--json", env=env).out)
    assert plan["days"] == ["mon", "thu"]
    assert {date.fromisoformat(s["on"]).weekday() for s in plan["sessions"]} == {3}
    assert plan["self_massage"]["at"] == "07:30"
    out = tmp_path / "plan.ics"
    assert run("plan", "ics", "--daily", "--out", str(out), env=env).code == 0
    slot = next(
        e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")
        if str(e["SUMMARY"]).startswith("Self-massage")
    )  # fmt: skip
    start = slot.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (7, 30, "Europe/Paris")


def test_a_self_massage_time_that_is_no_time_is_refused_and_nothing_written(
    run, home: Path
) -> None:  # type: ignore[no-untyped-def]
    run(*CLEAR)
    before = _db(home).read_bytes()
    result = run(
        "plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon",
        "--self-massage-at", "25:00",
    )  # fmt: skip
    _one_clear_line(result, "--self-massage-at", "07:30")
    assert _db(home).read_bytes() == before


def test_each_part_of_the_days_must_be_a_day_and_only_commas_separate_them(  # type: ignore[no-untyped-def]
    run, home: Path
) -> None:
    """Attack review 11, A12: 'mon thu' made a plan on Mondays only, 'monkey' one on Mondays."""
    assert run(*CLEAR).code == 0
    before = _db(home).read_bytes()
    new = ("plan", "new", "--protocol", "cherkin-10-weekly", "--days")
    _one_clear_line(run(*new, "mon thu"), "--days", "'mon thu'", "separate days with commas")
    _one_clear_line(run(*new, "monkey"), "--days", "'monkey'", "e.g. mon,wed,fri")
    _one_clear_line(run(*new, "mon;thu"), "--days", "'mon;thu'")
    assert _db(home).read_bytes() == before
    made = run(*new, "Thursday, mon")
    assert made.code == 0, made.err
    assert "on Mon, Thu" in made.out
