"""Free text on one line, without marks that turn its direction (attack review 11, A1 and A5).

A note, a medication, a therapist's name: typed or restored from a backup, it is
kept on one line, so ``history`` prints one line per record ending with the
``[KIND ID]`` that ``edit`` and ``delete`` take; text kept before this rule is
printed on one line too. Marks that turn the direction of a line (U+202E and
friends) are refused in one line, and nothing is written.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from backrub.domain import backup
from backrub.domain.free_text import printed
from backrub.domain.inputs import parse_text
from backrub.errors import InvalidInput
from tests.conftest import NOW, CliResult

PINNED = {"BACKRUB_NOW": NOW.isoformat(), "BACKRUB_TZ": "UTC"}
FORGED = "ok”  [checkin 1]\n2026-03-02 10:30  check-in  pain 2/10"
RLO = "\u202eevil"


def _history(run) -> list[str]:  # type: ignore[no-untyped-def]
    shown: CliResult = run("history", env=PINNED)
    assert shown.code == 0, shown
    return [line for line in shown.out.splitlines() if line[:4].isdigit()]


def _refused(result: CliResult, *words: str) -> None:
    assert result.code == 2, result
    (line,) = result.err.strip().splitlines()
    assert "Traceback" not in result.err
    for word in words:
        assert word in line, (word, line)


def test_the_rule_folds_one_line_fields_and_keeps_a_soap_fields_lines() -> None:
    assert parse_text("note", " a\r\n\tb   c \n") == "a b c"
    assert parse_text("subjective", "s1\ns2", lines=True) == "s1\ns2"
    for mark in ("\u202e", "\u2067", "\u200f", "\u061c"):
        with pytest.raises(InvalidInput) as caught:
            parse_text("subjective", f"a{mark}b", lines=True)
        assert caught.value.field == "subjective"
    assert printed("x\u202e\n]1 nikcehc[ y") == "x ]1 nikcehc[ y"


def test_a_typed_note_that_forges_a_line_is_kept_on_one_line(run) -> None:  # type: ignore[no-untyped-def]
    assert run("checkin", "--pain", "3", env=PINNED).code == 0
    saved = run("checkin", "--pain", "9", "--note", FORGED, "--medication", "a\nb", env=PINNED)
    assert saved.code == 0, saved
    lines = _history(run)
    assert len(lines) == 2
    assert lines[1].endswith(
        "pain 9/10, took a b, “ok” [checkin 1] 2026-03-02 10:30 check-in pain 2/10”  [checkin 2]"
    )
    note = json.loads(run("history", "--json", env=PINNED).out)["checkins"][1]["note"]
    assert note == "ok” [checkin 1] 2026-03-02 10:30 check-in pain 2/10"


def test_a_pro_sessions_soap_field_keeps_its_lines_and_history_stays_one_line(  # type: ignore[no-untyped-def]
    run, home: Path
) -> None:
    logged = run(
        "session",
        "log",
        "pro",
        "--technique",
        "sports",
        "--minutes",
        "60",
        "--therapist",
        "Ana\n2026-03-02  fake",
        "--subjective",
        "s1\ns2",
        env=PINNED,
    )
    assert logged.code == 0, logged
    (line,) = _history(run)
    assert line.endswith("with Ana 2026-03-02 fake  [pro 1]")
    with sqlite3.connect(home / "backrub.sqlite3") as db:
        assert db.execute("SELECT subjective FROM pro_sessions").fetchone() == ("s1\ns2",)


def test_an_older_note_on_several_lines_or_with_direction_marks_prints_on_one_line(  # type: ignore[no-untyped-def]
    run, home: Path
) -> None:
    assert run("checkin", "--pain", "4", "--note", "fine", env=PINNED).code == 0
    with sqlite3.connect(home / "backrub.sqlite3") as db:  # kept before the rule
        db.execute("UPDATE checkins SET note = ?, medication = ?", ("a\nb\u202e", "x\r\ny"))
    (line,) = _history(run)
    assert line.endswith("took x y, “a b”  [checkin 1]")
    assert "\u202e" not in line


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("checkin", "--pain", "3", "--note", RLO), "--note"),
        (("checkin", "--pain", "3", "--medication", RLO), "--medication"),
        (
            (
                "session",
                "log",
                "pro",
                "--technique",
                "sports",
                "--minutes",
                "60",
                "--subjective",
                "ok\u2067x",
            ),
            "--subjective",
        ),
        (
            ("session", "log", "self", "hands", "--zones", "glutes_left:60", "--note", RLO),
            "--note",
        ),
        (("episode", "add", "--onset", "2026-03-01", "--no-leg-pain", "--note", RLO), "--note"),
    ],
)
def test_a_direction_mark_is_refused_in_one_line_and_nothing_is_written(  # type: ignore[no-untyped-def]
    run, home: Path, args: tuple[str, ...], named: str
) -> None:
    assert run("checkin", "--pain", "2", env=PINNED).code == 0
    before = (home / "backrub.sqlite3").read_bytes()
    _refused(run(*args, env=PINNED), named, "direction")
    assert (home / "backrub.sqlite3").read_bytes() == before


def _forged_backup(run, tmp_path: Path, **fields: str) -> Path:  # type: ignore[no-untyped-def]
    assert run("checkin", "--pain", "5", "--note", "fine", env=PINNED).code == 0
    path = tmp_path / "b.json"
    assert run("export", "--out", str(path), env=PINNED).code == 0
    document = json.loads(path.read_text())
    document["data"]["checkins"][0].update(fields)
    document["checksum"] = backup.checksum(document["data"])  # anyone can recompute it
    path.write_text(json.dumps(document))
    return path


def test_a_backups_note_on_several_lines_is_restored_on_one_line(  # type: ignore[no-untyped-def]
    run, tmp_path: Path
) -> None:
    path = _forged_backup(run, tmp_path, note="line1\nline2  [checkin 9]\n")
    assert run("import", str(path), "--as", "copy", env=PINNED).code == 0
    shown = run("--profile", "copy", "history", env=PINNED)
    (line,) = [line for line in shown.out.splitlines() if line[:4].isdigit()]
    assert "“line1 line2 [checkin 9]”  [checkin " in line and line.endswith("]")
    assert line.count("[checkin ") == 2  # the note's, then the record's own


def test_a_backups_direction_marks_are_taken_out_as_it_is_read(  # type: ignore[no-untyped-def]
    run, tmp_path: Path
) -> None:
    """Text typed before marks were refused must restore: a backup is never made
    unreadable; the marks go, the text stays."""
    path = _forged_backup(run, tmp_path, note=RLO)
    assert run("import", str(path), "--as", "copy", env=PINNED).code == 0
    shown = run("--profile", "copy", "history", "--json", env=PINNED)
    notes = [c["note"] for c in json.loads(shown.out)["checkins"]]
    assert notes == ["evil"]
