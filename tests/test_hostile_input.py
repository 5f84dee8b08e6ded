"""Hostile input on the command line: one line, exit 2, the database untouched.

A corpus of values a person (or a script, or a cat walking on the keyboard)
can give: numbers of thousands of digits (Python refuses to read an int of more
than 4,300), floats that are not numbers, a megabyte of text, bytes that are
not UTF-8. Every field of every command that takes them gets each one.

Most cases call the real entry point ``backrub.cli.main`` in this process (a
few hundred cases in seconds); undecodable arguments are given to it exactly as
Python hands them over (``surrogateescape``). The last tests run the installed
command in a child process with raw bytes in ``argv``.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_template import child_env, dump, invoke

HUGE = "9" * 5000
MEGA = "x" * 1_000_000
NOT_UTF8 = b"\xff\xfe".decode("utf-8", "surrogateescape")  # what Python makes of those bytes
SURROGATE = b"\xed\xa0\x80".decode("utf-8", "surrogateescape")  # an encoded lone surrogate

# Wrong wherever a number, a date, a choice or a name is expected.
ANY = {
    "5000-digits": HUGE,
    "minus-5000-digits": "-" + HUGE,
    "1e999": "1e999",
    "nan": "nan",
    "inf": "-inf",
    "1MB": MEGA,
    "not-utf8": NOT_UTF8,
    "surrogate": SURROGATE,
}
# Wrong in free text too (where "nan" is a fine note).
TEXT = {k: v for k, v in ANY.items() if k in ("5000-digits", "1MB", "not-utf8", "surrogate")}
# A currency is an ISO 4217 code: "NAN" and "ZZZ" have its shape and are none, and
# letters of another script or width are not its letters (attack review 11, A15).
CODE = {**ANY, "no-such-code": "ZZZ", "cyrillic": "руб", "fullwidth": "ＥＵＲ"}
# Amounts take one decimal point or comma ("70,50"); a grouped thousand is ambiguous.
AMOUNT = {
    "grouped-point": "1,000.50",
    "grouped-comma": "1.000,50",
    "two-commas": "1,2,3",
    "three-decimals": "70,505",
    "comma-only": ",",
    "minus-comma": "-70,50",
}

V = "{V}"
FIELDS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "checkin pain": (("checkin", "--pain", V), ANY),
    "checkin soreness": (("checkin", "--pain", "3", "--soreness", V), ANY),
    "checkin sleep": (("checkin", "--pain", "3", "--sleep", V), ANY),
    "checkin activity": (("checkin", "--pain", "3", "--activity-min", V), ANY),
    "checkin at": (("checkin", "--pain", "3", "--at", V), ANY),
    "checkin medication": (("checkin", "--pain", "3", "--medication", V), TEXT),
    "checkin note": (("checkin", "--pain", "3", "--note", V), TEXT),
    "checkin where": (("checkin", "--pain", "3", "--where", V), ANY),
    "checkin where level": (("checkin", "--pain", "3", "--where", "hip_left:" + V), ANY),
    "pro technique": (("session", "log", "pro", "--technique", V, "--minutes", "60"), ANY),
    "pro minutes": (("session", "log", "pro", "--technique", "sports", "--minutes", V), ANY),
    "pro cost": (
        ("session", "log", "pro", "--technique", "sports", "--minutes", "60", "--cost", V),
        ANY,
    ),
    "pro currency": (
        ("session", "log", "pro", "--technique", "sports", "--minutes", "60", "--currency", V),
        CODE,
    ),
    "pro therapist": (
        ("session", "log", "pro", "--technique", "sports", "--minutes", "60", "--therapist", V),
        TEXT,
    ),
    "pro plan": (
        ("session", "log", "pro", "--technique", "sports", "--minutes", "60", "--plan", V),
        TEXT,
    ),
    "pro at": (
        ("session", "log", "pro", "--technique", "sports", "--minutes", "60", "--at", V),
        ANY,
    ),
    "self tool": (("session", "log", "self", V, "--zones", "glutes_left:60"), ANY),
    "self zones": (("session", "log", "self", "foam_roller", "--zones", V), ANY),
    "self zone seconds": (
        ("session", "log", "self", "foam_roller", "--zones", "glutes_left:" + V),
        ANY,
    ),
    "self seconds": (
        ("session", "log", "self", "foam_roller", "--zones", "glutes_left", "--seconds", V),
        ANY,
    ),
    "self level": (
        ("session", "log", "self", "massage_gun", "--zones", "glutes_left:60", "--level", V),
        ANY,
    ),
    "self pain before": (
        ("session", "log", "self", "foam_roller", "--zones", "glutes_left:60", "--pain-before", V),
        ANY,
    ),
    "self note": (
        ("session", "log", "self", "foam_roller", "--zones", "glutes_left:60", "--note", V),
        TEXT,
    ),
    "episode onset": (("episode", "add", "--onset", V, "--leg-pain"), ANY),
    "episode cause": (("episode", "add", "--onset", "2026-02-01", "--leg-pain", "--cause", V), ANY),
    "episode note": (("episode", "add", "--onset", "2026-02-01", "--leg-pain", "--note", V), TEXT),
    "history since": (("history", "--since", V), ANY),
    "profile": (("--profile", V, "history"), ANY),
    "profile add": (("profile", "add", V), TEXT),
    "profile add tz": (("profile", "add", "zoe", "--tz", V), ANY),
    "profile use": (("profile", "use", V), ANY),
    "screen answer": (("screen", "--answer", V), ANY),
    "plan protocol": (("plan", "new", "--protocol", V, "--days", "mon"), ANY),
    "plan days": (("plan", "new", "--protocol", "cherkin-10-weekly", "--days", V), ANY),
    "plan start": (
        ("plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon", "--start", V),
        ANY,
    ),
    "plan price": (
        ("plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon", "--price", V),
        ANY,
    ),
    "plan budget": (
        ("plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon", "--budget-total", V),
        ANY,
    ),
    "plan currency": (
        ("plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon", "--currency", V),
        CODE,
    ),
    "plan tools": (
        ("plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon", "--tools", V),
        ANY,
    ),
    "score instrument": (("score", V, "--answers", "3"), ANY),
    "score answers": (("score", "nrs", "--answers", V), ANY),
    "score decimal answers": (("score", "ffd", "--answers", V), ANY),
    "survey answers": (("survey", "peg", "--answers", "3,4," + V), ANY),
    "survey at": (("survey", "nrs", "--answers", "3", "--at", V), ANY),
    "evidence id": (("evidence", V), ANY),
    "export format": (("export", "--format", V, "--out", "{OUT}"), ANY),
    "report sections": (("report", "--out", "{OUT}.html", "--sections", V), ANY),
    "demo weeks": (("demo", "--weeks", V), ANY),
    "demo seed": (("demo", "--seed", V), ANY),
    "import file": (("import", V), TEXT),
    "export out": (("export", "--format", "json", "--out", "{OUT}" + V), TEXT),
    "report out": (("report", "--out", "{OUT}" + V + ".html"), TEXT),
    "plan ics out": (("plan", "ics", "--out", "{OUT}" + V), TEXT),
    "survey items file": (("survey", "odi", "--items-file", V), TEXT),
    "survey activities": (
        ("survey", "psfs", "--answers", "3,4,5", "--activities", "a;b;" + V),
        TEXT,
    ),
    "screen clear by": (("screen", "clear", "--by", V), TEXT),
    "pro cost decimal": (
        ("session", "log", "pro", "--technique", "sports", "--minutes", "60", "--cost", V),
        AMOUNT,
    ),
    "plan price decimal": (
        ("plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon", "--price", V),
        AMOUNT,
    ),
    "profile rename": (("profile", "rename", "me", V), TEXT),
    "profile rename old": (("profile", "rename", V, "zoe"), ANY),
    "profile delete": (("profile", "delete", V, "--yes"), ANY),
}

CASES = [
    pytest.param(field, args, value, id=f"{field}-{name}")
    for field, (args, values) in FIELDS.items()
    for name, value in values.items()
]


def assert_one_line(code: int, err: str) -> str:
    assert code == 2, err[:500]
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err[:500]
    assert lines[0].startswith("error: "), lines[0][:500]
    assert len(lines[0]) < 400, lines[0][:500]  # long values are cut, not echoed
    return lines[0]


@pytest.mark.parametrize(("field", "args", "value"), CASES)
def test_hostile_values_get_one_line_exit_2_and_change_nothing(
    cli_copy: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    field: str,
    args: tuple[str, ...],
    value: str,
) -> None:
    db, work = cli_copy
    before = dump(db)
    out = str(work / "out")
    argv = [a.replace(V, value).replace("{OUT}", out) for a in args]
    code, _, err = invoke(capsys, *argv)
    assert_one_line(code, err)
    assert dump(db) == before
    assert list(work.iterdir()) == []  # no export, report or stray database was written


def _not_databases(folder: Path) -> dict[str, str]:
    (folder / "notes.txt").write_text("my back hurts\n", encoding="utf-8")
    (folder / "empty.db").write_bytes(b"")
    (folder / "a-folder").mkdir()
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with sqlite3.connect(folder / "other.db") as other:
        other.execute("CREATE TABLE recipes (name TEXT)")
    other.close()
    return {
        "text": str(folder / "notes.txt"),
        "empty": str(folder / "empty.db"),
        "folder": str(folder / "a-folder"),
        "png": str(folder / "picture.png"),
        "other-sqlite": str(folder / "other.db"),
        "missing-folder": str(folder / "nowhere" / "b.db"),
        "pg-empty": "postgresql+psycopg://",
        "pg-at-slash": "postgresql+psycopg://@/",
        "pg-no-db": "postgresql+psycopg://localhost/",
        "pg-bad-port": "postgresql+psycopg://localhost:port/db",
        "sqlite-empty": "sqlite://",
        "sqlite-no-path": "sqlite:///",
        "scheme-only": "://",
        "unknown-scheme": "mysql://localhost/db",
        "1MB": MEGA,
        "not-utf8": NOT_UTF8,
    }


@pytest.mark.parametrize(
    "name",
    [
        "text",
        "empty",
        "folder",
        "png",
        "other-sqlite",
        "missing-folder",
        "pg-empty",
        "pg-at-slash",
        "pg-no-db",
        "pg-bad-port",
        "sqlite-empty",
        "sqlite-no-path",
        "scheme-only",
        "unknown-scheme",
        "1MB",
        "not-utf8",
    ],
)
@pytest.mark.parametrize("command", [("checkin", "--pain", "3"), ("history",), ("progress",)])
def test_a_db_that_is_not_a_database_is_refused_and_left_as_it_was(
    cli_copy: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    name: str,
    command: tuple[str, ...],
) -> None:
    _, work = cli_copy
    folder = work.parent / "files"
    folder.mkdir()
    targets = _not_databases(folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    code, _, err = invoke(capsys, "--db", targets[name], *command)
    line = assert_one_line(code, err)
    assert line.startswith("error: --db: ")
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["notes.txt", "empty.db", "a-folder", "picture.png", "other.db"]
    )
    assert list(work.iterdir()) == []


def _run_bytes(home: Path, *args: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"backrub", *args],
        env=child_env(home),
        capture_output=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((b"checkin", b"--pain", b"3", b"--note", b"\xff\xfe"), ("--note", "UTF-8")),
        ((b"checkin", b"--pain", b"3", b"--note", b"ok \xed\xa0\x80"), ("--note", "UTF-8")),
        ((b"checkin", b"--pain", b"\xff"), ("--pain", "UTF-8")),
        ((b"--profile", b"\xc3", b"history"), ("--profile", "UTF-8")),
        ((b"checkin", b"--pain", b"9" * 5000), ("pain", "'9999", "…", "0 to 10")),
        ((b"checkin", b"--pain", b"3", b"--activity-min", b"1e999"), ("--activity-min", "'1e999'")),
        ((b"score", b"rmdq", b"--answers", b"1," * 23 + b"9" * 5000), ("answers[24]", "…")),
        ((b"checkin", b"--pain", b"3", b"--note", b"n" * 100_000), ("note", "2000")),
        ((b"checkin", b"--pain", b"3", b"--at", b"0226-11-30T08:00"), ("at", "0226-11-30")),
    ],
)
def test_the_real_command_refuses_raw_bytes_and_huge_values_in_one_line(
    cli_template: Path, tmp_path: Path, args: tuple[bytes, ...], words: tuple[str, ...]
) -> None:
    # One argument may hold at most 128 KiB on Linux, so the megabyte is tested in-process.
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(cli_template, home / "backrub.sqlite3")
    before = dump(home / "backrub.sqlite3")
    done = _run_bytes(home, *args)
    err = done.stderr.decode("utf-8")
    line = assert_one_line(done.returncode, err)
    for word in words:
        assert word in line, (word, line)
    assert dump(home / "backrub.sqlite3") == before
