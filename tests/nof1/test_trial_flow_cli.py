"""``backrub trial`` after clinical review 7 item 5 and attack review 7: changes of other
treatment kept per trial day, dates only as YYYY-MM-DD, ``--out`` naming the file given."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from backrub.domain.inputs import parse_date
from backrub.errors import InvalidInput
from tests.nof1.test_trial_cli import _diary
from tests.test_cli import _one_clear_line
from tests.web.conftest import NOW


def _started(run, home: Path, *, add: bool = True) -> None:  # type: ignore[no-untyped-def]
    if add:
        assert run("profile", "add", "me", "--tz", "UTC").code == 0
        run("screen", "--no-to-all")
        _diary(home, 20, start=NOW - timedelta(days=20, hours=-9))
    today = NOW.date().isoformat()
    started = run("trial", "new", "--seed", "5", "--first-day", today, "--confirm")
    assert started.code == 0, started.err


def test_a_change_of_other_treatment_is_kept_on_a_trial_day(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("profile", "add", "me", "--tz", "UTC").code == 0
    run("screen", "--no-to-all")
    _diary(home, 20, start=NOW - timedelta(days=20, hours=-9))
    no_trial = run("trial", "change", "medicine")
    assert no_trial.code != 0 and "No trial is running" in no_trial.err
    assert "Traceback" not in no_trial.err
    _started(run, Path(home), add=False)
    kept = run("trial", "change", "medicine", "--note", "ibuprofen stopped")
    assert kept.code == 0, kept.err
    assert f"Saved for {NOW.date().isoformat()}: Pain medicine changed: ibuprofen stopped" in (
        kept.out
    )
    shown = run("trial", "show").out
    assert f"{NOW.date().isoformat()}: Pain medicine changed: ibuprofen stopped" in shown
    as_json = json.loads(run("trial", "show", "--json").out)["changes"]
    assert as_json == [
        {"day": NOW.date().isoformat(), "kind": "medicine", "note": "ibuprofen stopped"}
    ]
    yesterday = (NOW.date() - timedelta(days=1)).isoformat()
    _one_clear_line(run("trial", "change", "treatment", "--day", yesterday), "--day", "trial")
    _one_clear_line(run("trial", "change", "treatment", "--day", "20260302"), "YYYY-MM-DD")
    _one_clear_line(run("trial", "change", "treatment", "--note", "x" * 301), "300")
    assert run("trial", "change", "haircut").code == 2
    assert run("trial", "show").out.count("Pain medicine changed") == 1


def test_a_first_day_is_only_yyyy_mm_dd(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("profile", "add", "me", "--tz", "UTC").code == 0
    run("screen", "--no-to-all")
    _diary(home, 20, start=NOW - timedelta(days=20, hours=-9))
    for typed in ("20260303", "2026-W10-2", "2026-062"):
        refused = run("trial", "new", "--plan-only", "--first-day", typed)
        _one_clear_line(refused, "--first-day", "YYYY-MM-DD")
    _one_clear_line(run("episode", "add", "--onset", "20260220", "--no-leg-pain"), "YYYY-MM-DD")


@pytest.mark.parametrize("typed", ["20261202", "2026-W49-3", "2026-336", "２０２６-１２-０２", ""])
def test_parse_date_refuses_every_other_form_of_a_day(typed: str) -> None:
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        parse_date("day", typed)
    assert parse_date("day", " 2026-12-02 ") == date(2026, 12, 2)


def test_the_report_out_names_the_file_given(run, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _started(run, Path(home))
    refused = run("trial", "report", "--out", str(tmp_path / "r.txt"))
    _one_clear_line(refused, "--out", "'r.txt'", ".html or .pdf")
    assert not (tmp_path / "r.txt").exists()
    # A device is refused as one, before its name is looked at (it is never replaced).
    _one_clear_line(run("trial", "report", "--out", "/dev/null"), "--out", "not an ordinary file")
    assert Path("/dev/null").is_char_device()


def test_a_change_note_is_one_line_and_turns_no_text_around(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    # Attack review 8, F5: a line break in a note printed a forged change of its own.
    _started(run, Path(home))
    forged = "ok\n2026-12-05: Pain medicine changed: forged line"
    assert run("trial", "change", "medicine", "--note", forged).code == 0
    shown = run("trial", "show").out.splitlines()
    assert not any(line.startswith("2026-12-05: Pain medicine changed") for line in shown)
    assert any(line.endswith("ok 2026-12-05: Pain medicine changed: forged line") for line in shown)
    _one_clear_line(run("trial", "change", "medicine", "--note", "ibu\u202eprofen"), "direction")
    assert run("trial", "show").out.count("Pain medicine changed:") == 2  # the kept one only


def test_out_dash_is_refused_not_written_as_a_file(
    run, home: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # Attack review 8, F7: "-" became a file named "-" in the current folder.
    _started(run, Path(home))
    monkeypatch.chdir(tmp_path)
    _one_clear_line(run("trial", "export", "--out", "-"), "--out", "file name")
    assert not (tmp_path / "-").exists()


def test_no_at_the_question_starts_nothing_and_names_no_flag(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    # Attack review 8, F6: a person who answered "n" was told "--confirm: missing".
    from tests.test_backup_cli import _on_a_terminal

    assert run("profile", "add", "me", "--tz", "UTC").code == 0
    run("screen", "--no-to-all")
    _diary(home, 20, start=NOW - timedelta(days=20, hours=-9))
    code, out = _on_a_terminal(home, b"n\n", "trial", "new", "--seed", "5")
    assert code == 1 and "Nothing started" in out and "--confirm" not in out
    assert "No trial yet" in run("trial", "show").err  # nothing was kept
    code, out = _on_a_terminal(home, b"y\n", "trial", "new", "--seed", "5")
    assert code == 0 and "Trial started" in out
