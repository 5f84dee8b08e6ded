"""The command line for clearances: list what can be lifted, lift exactly that, show who."""

from __future__ import annotations

import json

from tests.test_cli import _one_clear_line

NOW = {"BACKRUB_NOW": "2026-03-02T09:00:00+00:00", "BACKRUB_TZ": "UTC"}


def test_clear_lists_what_a_clinician_can_lift_and_refuses_anything_else(run) -> None:  # type: ignore[no-untyped-def]
    yes = ("--answer", "past_blood_clot=yes", "--answer", "night_pain_unrelieved=yes")
    assert run("screen", *yes, "--no-to-all", env=NOW).code == 0
    listed = run("screen", "clear", "--list", env=NOW)
    assert listed.code == 0
    assert "past_blood_clot (restriction)" in listed.out
    assert "night_pain_unrelieved (stop)" in listed.out
    _one_clear_line(
        run("screen", "clear", "--by", "Dr Lee", env=NOW), "lifts", "night_pain_unrelieved"
    )
    _one_clear_line(
        run("screen", "clear", "--by", "Dr Lee", "--lifts", "pregnancy", env=NOW),
        "lifts",
        "use one of",
    )


def test_a_past_clot_cleared_by_name_shows_in_status_and_allows_self_massage(run) -> None:  # type: ignore[no-untyped-def]
    assert run("screen", "--answer", "past_blood_clot=yes", "--no-to-all", env=NOW).code == 0
    refused = run("session", "run", "hands", "--no-timer", env=NOW)
    assert refused.code != 0
    cleared = run(
        "screen", "clear", "--by", "Dr Lee", "--lifts", "past_blood_clot", "--on",
        "2026-03-02", env=NOW,
    )  # fmt: skip
    assert cleared.code == 0, cleared.err
    status = run("screen", "status", env=NOW)
    assert "by Dr Lee on 2026-03-02" in status.out
    data = json.loads(run("screen", "status", "--json", env=NOW).out)
    assert data["lifted"][0]["question"] == "past_blood_clot"
    assert "no_self_massage" not in data["restrictions"]
    guided = run("session", "run", "hands", "--no-timer", env=NOW)
    assert guided.code == 0
    assert "Cleared by Dr Lee on 2026-03-02" in guided.out


def test_an_emergency_answer_cannot_be_cleared_from_the_command_line(run) -> None:  # type: ignore[no-untyped-def]
    assert run("screen", "--answer", "saddle_numbness=yes", "--no-to-all", env=NOW).code == 0
    listed = run("screen", "clear", "--list", env=NOW)
    assert "saddle_numbness (emergency): cannot be cleared here" in listed.out
    refused = run("screen", "clear", "--by", "Dr Lee", "--lifts", "saddle_numbness", env=NOW)
    _one_clear_line(refused, "lifts", "answer the screening questions again")


def test_history_lists_the_clearance_with_who_and_what(run) -> None:  # type: ignore[no-untyped-def]
    assert run("screen", "--answer", "night_pain_unrelieved=yes", "--no-to-all", env=NOW).code == 0
    args = ("screen", "clear", "--by", "Dr Lee", "--lifts", "night_pain_unrelieved")
    assert run(*args, env=NOW).code == 0
    assert run("checkin", "--pain", "3", env=NOW).code == 0
    shown = run("history", env=NOW)
    assert "2026-03-02        clearance  Dr Lee cleared night_pain_unrelieved" in shown.out
    data = json.loads(run("history", "--json", env=NOW).out)
    assert data["clearances"][0]["lifts"] == ["night_pain_unrelieved"]


def test_a_same_day_answer_cannot_be_cleared_it_needs_a_new_screening(run) -> None:  # type: ignore[no-untyped-def]
    assert run("screen", "--answer", "fever_or_chills=yes", "--no-to-all", env=NOW).code == 0
    listed = run("screen", "clear", "--list", env=NOW)
    assert "fever_or_chills (same day): cannot be cleared here" in listed.out
    refused = run("screen", "clear", "--by", "Dr Lee", "--lifts", "fever_or_chills", env=NOW)
    _one_clear_line(refused, "lifts", "needs a clinician today cannot be cleared here")
    data = json.loads(run("screen", "status", "--json", env=NOW).out)
    assert data["needs_new_screening"] is True
    assert data["clearable"] == []
