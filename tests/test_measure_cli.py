"""Questionnaires from the command line, and progress that says what it can and cannot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import NOW
from tests.test_cli import _db, _one_clear_line


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("odi", "--answers", "2,2,2,2,2,2,2,2,2,-"),
            {"score": 40.0, "band": "moderate disability"},
        ),
        (("odi", "--answers", "2,2,2,2,2,2,2,2,-,-"), {"score": None}),
        (("startback", "--answers", "1,1,1,1,0,0,0,0,2"), {"risk": "medium"}),
        (("startback", "--answers", "0,0,0,0,1,1,1,1,3"), {"risk": "high"}),
        (("startback", "--answers", "1,1,1,0,0,0,0,0,4"), {"risk": "medium"}),
        (("peg", "--answers", "4,5,-"), {"score": None}),
        (("phq2", "--answers", "1,2"), {"score": 3, "positive_screen": True}),
    ],
)
def test_score_prints_published_results_as_json(run, args, expected) -> None:  # type: ignore[no-untyped-def]
    result = run("score", *args, "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["instrument"] == args[0]
    for key, value in expected.items():
        assert data[key] == value, (key, data)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("rmdq", "--answers", "1,0"), ("answers", "24")),
        (("phq2", "--answers", "1,5"), ("answers[2]", "0 to 3")),
        (("peg", "--answers", "a,b,c"), ("answers[1]",)),
        (("bdi", "--answers", "1"), ("INSTRUMENT", "peg")),
    ],
)
def test_bad_answers_are_one_clear_line(run, args, words) -> None:  # type: ignore[no-untyped-def]
    _one_clear_line(run("score", *args), *words)


def test_a_licensed_instrument_without_its_text_file_is_refused(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    run("checkin", "--pain", "4")
    before = _db(home).read_bytes()
    _one_clear_line(run("survey", "odi", "--answers", "1,1,1,1,1,1,1,1,1,1"), "--items-file")
    assert _db(home).read_bytes() == before


def test_psfs_needs_three_activities(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    run("checkin", "--pain", "4")
    before = _db(home).read_bytes()
    _one_clear_line(
        run("survey", "psfs", "--answers", "3,4", "--activities", "walk;sit"), "answers"
    )
    assert _db(home).read_bytes() == before
    ok = run("survey", "psfs", "--answers", "3,4,5", "--activities", "walk;sit;lift", "--json")
    assert json.loads(ok.out)["score"] == 4


def test_progress_on_the_demo_says_whether_change_is_meaningful_and_why(run) -> None:  # type: ignore[no-untyped-def]
    run("demo")
    run(
        "survey", "rmdq", "--at", "2026-01-05T09:00", "--answers", ",".join(["1"] * 12 + ["0"] * 12)
    )
    run("survey", "rmdq", "--answers", ",".join(["1"] * 5 + ["0"] * 19))
    data = json.loads(run("progress", "--json").out)
    by_id = {c["instrument"]: c for c in data["changes"]}
    pain = by_id["nrs"]
    assert pain["improvement_points"] > 0
    assert pain["absolute"]["sources"] == ["ostelo-2008"]
    rmdq = by_id["rmdq"]
    assert (rmdq["baseline"], rmdq["latest"]) == (12, 5)
    assert rmdq["absolute"]["is_responder"] is True and rmdq["relative"]["is_responder"] is True
    assert data["trials"] and "no prediction for one person" in data["trials"][0]["caveat"]
    assert data["days_compared"]["caveat"].startswith("These days were not randomised")
    text = run("progress").out
    assert "minimal important change" in text and "ostelo-2008" in text


def test_progress_with_too_little_data_refuses_to_conclude(run) -> None:  # type: ignore[no-untyped-def]
    for day in range(1, 4):
        run("checkin", "--pain", "5", "--at", f"2026-03-0{day}T08:00")
    data = json.loads(run("progress", "--json").out)
    assert data["changes"] == []
    assert data["pain_trend"]["is_conclusive"] is False
    assert data["days_compared"]["is_conclusive"] is False


def test_the_report_reads_as_a_clinician_summary_in_html_and_pdf(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bs4 import BeautifulSoup
    from pypdf import PdfReader

    run("demo")
    html = tmp_path / "r.html"
    assert run("report", "--out", str(html), "--sections", "summary,instruments").code == 0
    page = BeautifulSoup(html.read_text(), "html.parser")
    headings = [h.get_text(strip=True) for h in page.find_all("h2")]
    assert "Summary" in headings and "Charts" not in headings
    assert "ostelo-2008" in page.get_text()
    pdf = tmp_path / "r.pdf"
    assert run("report", "--out", str(pdf)).code == 0
    pages = PdfReader(pdf).pages
    assert len(pages) <= 2  # a one-minute read by default
    text = " ".join(p.extract_text() for p in pages)
    assert "Summary" in text and "not a medical device" in text and "ostelo-2008" in text
    assert run("report", "--out", str(pdf), "--sections", "all").code == 0
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Questionnaires and measures" in text and "Evidence references" in text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--out", "report.doc"), ("--out", ".html or .pdf")),
        (("--out", "r.pdf", "--sections", "summary,horoscope"), ("--sections", "'horoscope'")),
        (("--out", "/no/such/folder/r.pdf"), ("--out", "folder")),
    ],
)
def test_bad_report_options_are_one_clear_line(run, args, words) -> None:  # type: ignore[no-untyped-def]
    run("checkin", "--pain", "4")
    _one_clear_line(run("report", *args), *words)


def test_progress_lists_assessments_due_and_overdue_from_the_plan(run) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    start = NOW.date() - timedelta(weeks=15)
    run("screen", "--no-to-all")
    made = run(
        "plan",
        "new",
        "--protocol",
        "cherkin-10-weekly",
        "--days",
        "mon,tue,wed,thu,fri,sat,sun",
        "--start",
        start.isoformat(),
    )
    assert made.code == 0, made.err
    due = json.loads(run("progress", "--json").out)["assessments"]
    by_what = {d["what"]: d for d in due}
    week_12 = "Roland-Morris Disability Questionnaire (RMDQ-24) at week 12"
    assert by_what[week_12]["status"] == "overdue"
    assert by_what[week_12]["instrument"] == "rmdq"  # the id stays in the JSON
    assert by_what[week_12]["source"].startswith("elder-2017")
    assert by_what["weekly PEG"]["status"] == "due"
    assert week_12.replace("12", "24") not in by_what  # not yet near
    assert "rmdq" not in run("progress").out  # words, not ids, in the terminal
    run(
        "survey",
        "rmdq",
        "--answers",
        ",".join(["0"] * 24),
        "--at",
        (start + timedelta(weeks=12)).isoformat() + "T09:00",
    )
    after = {d["what"] for d in json.loads(run("progress", "--json").out)["assessments"]}
    assert week_12 not in after


@pytest.mark.parametrize(
    ("instrument", "answers", "words"),
    [
        # Regression: 2 ticks and 22 blanks scored 2/24.
        (
            "rmdq",
            ",".join(["1", "1"] + ["-"] * 22),
            ("answers[3]", "statements 3 to 24 are unanswered", "24"),
        ),
        ("peg", "5,-,-", ("answers[2]", "questions 2 and 3 are unanswered", "krebs-2009")),
        ("phq2", "2,-", ("answers[2]", "question 2 is unanswered")),
        ("odi", "2,2,2,2,2,2,2,2,-,-", ("answers[9]", "at most 1 unanswered section")),
    ],
)
def test_score_refuses_what_the_missing_item_rule_cannot_score_in_one_line(  # type: ignore[no-untyped-def]
    run, instrument, answers, words
) -> None:
    _one_clear_line(run("score", instrument, "--answers", answers), *words)
    data = json.loads(run("score", instrument, "--answers", answers, "--json").out)
    assert data["score"] is None and data["missing"] and data["reason"]


def test_survey_keeps_nothing_the_missing_item_rule_cannot_score(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    run("checkin", "--pain", "3")
    before = _db(home).read_bytes()
    _one_clear_line(run("survey", "peg", "--answers", "5,-,-"), "answers[2]", "unanswered")
    _one_clear_line(
        run("survey", "rmdq", "--answers", ",".join(["1", "1"] + ["-"] * 22)), "unanswered"
    )
    assert _db(home).read_bytes() == before


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("rmdq", "--answers", ",".join(["1"] * 6 + ["0"] * 18)), "Roland-Morris Disability"),
        (("odi", "--answers", "4,4,4,4,4,4,4,4,4,4"), "80% (very severe disability)"),
        (("ffd", "--answers", "12.5"), "Fingertip-to-floor distance: 12.5 cm"),
    ],
)
def test_score_names_the_instrument_in_words(run, args, line) -> None:  # type: ignore[no-untyped-def]
    result = run("score", *args)
    assert result.code == 0 and line in result.out
    assert not result.out.startswith(args[0])


def test_a_questionnaire_with_every_answer_missing_is_refused(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    run("checkin", "--pain", "3")
    before = _db(home).read_bytes()
    _one_clear_line(run("survey", "peg", "--answers", "-,-,-"), "answers", "at least one")
    assert _db(home).read_bytes() == before


def test_an_item_file_nested_thousands_deep_or_a_pipe_is_refused_in_one_line(  # type: ignore[no-untyped-def]
    run, home: Path, tmp_path: Path
) -> None:
    """Attack review 11, A7 and A9: once a crash ("unexpected error"), once a wait forever."""
    import os

    run("checkin", "--pain", "4")
    before = _db(home).read_bytes()
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 100_000 + "]" * 100_000)
    answers = ("survey", "odi", "--answers", "1,1,1,1,1,1,1,1,1,1", "--items-file")
    _one_clear_line(run(*answers, str(deep)), "nested too deeply")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    _one_clear_line(run(*answers, str(pipe)), "--items-file", "readable TOML file")
    _one_clear_line(run(*answers, str(tmp_path)), "--items-file")
    assert _db(home).read_bytes() == before
