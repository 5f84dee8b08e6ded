"""`backrub screen`: tiers in words, the first emergency answer stops the questions,
--no-to-all is stored as a script's answers, and under 18 gets no plan."""

from __future__ import annotations

import html
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from backrub.domain.screening import QUESTIONS
from tests.test_cli import _one_clear_line

NOW = {"BACKRUB_NOW": "2026-03-02T09:30:00+00:00", "BACKRUB_TZ": "UTC"}
PLAN = ("plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon,thu")


def _export(run, tmp_path: Path) -> dict:  # type: ignore[no-untyped-def,type-arg]
    out = tmp_path / "backup.json"
    assert run("export", "--format", "json", "--out", str(out), env=NOW).code == 0
    return json.loads(out.read_text("utf-8"))["data"]  # type: ignore[no-any-return]


def _on_a_terminal(home: Path, replies: str) -> tuple[int, str]:
    """Run `backrub screen` with a terminal as its input, typing ``replies``."""
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "backrub", "screen"],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "BACKRUB_HOME": str(home), **NOW},
    )
    os.close(terminal)
    try:
        os.write(controller, replies.encode())
        out, _ = proc.communicate(timeout=120)
    finally:
        os.close(controller)
    return proc.returncode, out.decode()


def test_on_a_terminal_the_first_emergency_answer_stops_the_questions_and_is_kept(
    run,  # type: ignore[no-untyped-def]
    home: Path,
    tmp_path: Path,
) -> None:
    first, second, third, fourth = QUESTIONS[:4]
    code, out = _on_a_terminal(home, "no\nno\nyes\nno\nno\n")
    assert code == 0, out
    assert first.text in out and second.text in out and third.text in out
    assert fourth.text not in out  # never asked: the stop comes first
    assert "STOP: this may be an emergency" in out
    assert "Call your local emergency number now" in out
    assert "The other questions were not asked" in out
    (stored,) = _export(run, tmp_path)["screenings"]
    assert stored["answers"] == [[first.id, False], [second.id, False], [third.id, True]]
    assert stored["verdict"] == "stop_emergency"
    _one_clear_line(run(*PLAN, env=NOW), "screening", "emergency")


def test_one_emergency_answer_from_a_script_is_enough_and_a_lesser_one_is_not(run) -> None:  # type: ignore[no-untyped-def]
    saved = run("screen", "--answer", "chest_pain=yes", "--json", env=NOW)
    assert saved.code == 0, saved
    data = json.loads(saved.out)
    assert data["verdict"] == "stop_emergency" and data["complete"] is False
    _one_clear_line(
        run("screen", "--answer", "fever_or_chills=yes", env=NOW),
        "bladder_bowel_change",
        "not a no",
    )


@pytest.mark.parametrize(
    ("answer", "title", "words"),
    [
        ("saddle_numbness=yes", "STOP: this may be an emergency", "emergency department"),
        ("new_sexual_dysfunction=yes", "STOP: this may be an emergency", "royal-free-ces"),
        ("leg_clot_signs=yes", "STOP: get medical help today", "out-of-hours"),
        ("fever_or_chills=yes", "STOP: get medical help today", "urgent appointment"),
        ("upper_back_pain=yes", "STOP: see a clinician before any massage", "within days"),
        ("blood_thinners=yes", "Some kinds of massage are left out for you", "aspirin"),
    ],
)
def test_each_tier_has_its_own_words(run, answer: str, title: str, words: str) -> None:  # type: ignore[no-untyped-def]
    result = run("screen", "--answer", answer, "--no-to-all", env=NOW)
    assert result.code == 0, result
    assert result.out.splitlines()[0] == title
    if words == "aspirin":
        listed = run("screen", "--list").out
        assert "aspirin" in listed
    else:
        assert words in result.out


def test_no_to_all_is_stored_and_reported_as_a_script_answering(
    run,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    result = run("screen", "--no-to-all", env=NOW)
    assert result.code == 0
    assert "answered 'no' to all by a script" in result.out
    (stored,) = _export(run, tmp_path)["screenings"]
    assert stored["answered_by"] == "script"
    assert ["age_band", "20_50"] in stored["answers"]
    report = tmp_path / "report.html"
    assert run("report", "--out", str(report), env=NOW).code == 0
    assert "answered 'no' to all by a script" in html.unescape(report.read_text("utf-8"))
    by_person = run(
        "screen",
        *[f"--answer={q.id}=no" for q in QUESTIONS if not q.is_choice],
        "--answer",
        "age_band=over_50",
        "--json",
        env=NOW,
    )
    assert json.loads(by_person.out)["answered_by"] == "person"


def test_under_18_is_told_backrub_is_not_for_them_and_no_plan_is_made(run) -> None:  # type: ignore[no-untyped-def]
    result = run("screen", "--answer", "age_band=under_18", "--no-to-all", env=NOW)
    assert result.code == 0
    assert result.out.splitlines()[0] == "backrub is not for people under 18"
    assert "product default" in result.out
    # No clearance lifts it: backrub is for adults.
    refused = run("screen", "clear", "--by", "Dr Okafor", "--lifts", "age_band", env=NOW)
    _one_clear_line(refused, "lifts", "no clearance lifts the stop for under 18")
    _one_clear_line(run(*PLAN, env=NOW), "screening", "under 18")


def test_after_being_seen_a_truthful_no_lifts_the_stop_and_new_or_worse_stops_again(run) -> None:  # type: ignore[no-untyped-def]
    listed = run("screen", "--list").out
    trauma = next(x for x in listed.splitlines() if x.startswith("major_trauma"))
    assert "not yet seen by a doctor" in trauma
    assert "the same or better" in trauma
    stopped = run("screen", "--answer", "major_trauma=yes", env=NOW)
    assert "emergency" in stopped.out.lower()
    _one_clear_line(run(*PLAN, env=NOW), "screening", "emergency")
    # Seen in A&E, the same or better: a truthful "no" to every question.
    seen = run("screen", "--no-to-all", "--answer", "age_band=20_50", "--json", env=NOW)
    assert json.loads(seen.out)["verdict"] == "clear"
    assert run(*PLAN, env=NOW).code == 0
    worse = run("screen", "--answer", "walking_changed=yes", env=NOW)
    assert "emergency" in worse.out.lower()


def test_leg_pain_from_an_older_episode_is_said_with_the_command_that_lifts_it(run) -> None:  # type: ignore[no-untyped-def]
    episode = ("episode", "add", "--onset", "2026-02-01", "--leg-pain")
    assert run(*episode, env=NOW).code == 0
    said = run("screen", "--no-to-all", env=NOW)
    assert said.code == 0, said.err
    assert said.out.startswith("Some kinds of massage are left out for you")
    assert (
        "The tennis ball and the massage gun are left out while you have leg pain below the knee"
        in said.out
    )
    assert "get help the same day if a leg or foot gets numb" in said.out
    lift = "backrub episode add --onset 2026-02-01 --no-leg-pain"
    assert lift in said.out
    # Doing what it says lifts it: the next screening is clear again.
    assert run(*lift.split()[1:], env=NOW).code == 0
    again = run("screen", "--no-to-all", env=NOW)
    assert again.out.startswith("No warning signs") and "left out" not in again.out


def test_on_a_terminal_the_cancer_only_questions_come_under_their_heading(home: Path) -> None:
    # Review CLIN-8 M3: every answer is needed, but these count only with cancer.
    from backrub.domain.cancer_signs import CANCER_SIGNS

    replies = "".join("20_50\n" if q.is_choice else "no\n" for q in QUESTIONS)
    code, out = _on_a_terminal(home, replies)
    assert code == 0, out
    heading = "Only if you have cancer now or had it in the past (if not, answer no)"
    assert out.count(heading) == 1
    assert out.index(heading) < out.index(CANCER_SIGNS[0].text)


@pytest.mark.parametrize(
    ("answer", "label", "getting_there", "why_opens_with"),
    [
        # The action asked for the ambulance: the next line only says not to drive.
        (
            "chest_pain",
            "Chest pain",
            "Do not drive yourself: wait for the ambulance.",
            "Help is needed now",
        ),
        (
            "bladder_bowel_change",
            "New trouble with bladder or bowel control",
            "Do not drive yourself: ask someone to take you",
            "With back pain, any one of these",
        ),
    ],
)
def test_an_emergency_gives_the_answers_what_to_do_and_how_to_get_there_before_why(  # type: ignore[no-untyped-def]
    run, answer: str, label: str, getting_there: str, why_opens_with: str
) -> None:
    """As the web result does (review 10, M3): not the signs of every emergency first."""
    env = {**NOW, "BACKRUB_TZ": "Europe/London"}
    result = run("--lang", "en", "screen", "--answer", f"{answer}=yes", "--no-to-all", env=env)
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[:3] == ["STOP: this may be an emergency", "You answered yes to:", f"  - {label}"]
    assert lines[3].startswith("Call your local emergency number")  # the action
    assert lines[3].endswith("Your local emergency number is 999.")
    assert lines[4].startswith(getting_there)
    assert "Call 999 for an ambulance" not in result.out  # one call, not two (session 11)
    assert lines[5].startswith(f"Why: {why_opens_with}")


@pytest.mark.parametrize(
    ("yes", "said", "unsaid"),
    [
        (("fever_or_chills", "injects_drugs"), ("trouble walking",), ("chest pain", "nhs-dvt")),
        (("sudden_breathlessness",), ("breathing gets harder",), ("trouble walking", "bass-2018")),
        (
            ("fever_or_chills", "injects_drugs", "sudden_breathlessness"),
            ("breathing gets harder", "trouble walking"),
            (),
        ),
    ],
)
def test_a_same_day_stop_names_the_signs_of_getting_worse_for_the_answers_given(  # type: ignore[no-untyped-def]
    run, yes: tuple[str, ...], said: tuple[str, ...], unsaid: tuple[str, ...]
) -> None:
    """Review 10, M4: not breathing and chest pain after a possible spinal infection."""
    env = {**NOW, "BACKRUB_TZ": "Europe/London"}
    given = [arg for qid in yes for arg in ("--answer", f"{qid}=yes")]
    result = run("--lang", "en", "screen", *given, "--no-to-all", env=env)
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0] == "STOP: get medical help today"
    action = next(line for line in lines if line.startswith("Get medical help today"))
    assert action.count("If you get worse") == len(said)  # one line per kind, once each
    for words in said:
        assert words in action, (words, action)
    for words in unsaid:
        assert words not in action, (words, action)
    assert "nice-ng234" not in action and action.endswith("Your local emergency number is 999.")
    assert not any("for an ambulance" in line for line in lines)  # not an emergency
