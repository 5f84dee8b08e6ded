"""A database made once by the real command, and a fresh copy of it for each test.

The CLI's refusal tests (hostile input, option names) give a command a bad value
and check that nothing was written: each builds its template database once per
module with the installed command (in a child process, as a person would), copies
it for every test and compares the SQL dump before and after.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from backrub.cli import main

ENV = {"BACKRUB_NOW": "2026-03-02T09:30:00+00:00", "BACKRUB_TZ": "UTC"}


def child_env(home: Path) -> dict[str, str]:
    """Return the environment of a child ``backrub`` whose database is under ``home``."""
    env = {**os.environ, **ENV, "BACKRUB_HOME": str(home)}
    env.pop("BACKRUB_DB", None)
    return env


def make_template(home: Path, commands: Iterable[tuple[str, ...]]) -> Path:
    """Run each command with the real ``backrub`` under ``home``; return its database."""
    for args in commands:
        done = subprocess.run(
            [sys.executable, "-m", "backrub", *args],
            env=child_env(home),
            capture_output=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    return home / "backrub.sqlite3"


def use_copy(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Make a copy of ``template`` this test's database, in English, from a scratch folder.

    Return the copy and the (empty) working folder: a refusal writes nothing to either.
    """
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(template, home / "backrub.sqlite3")
    monkeypatch.setenv("BACKRUB_HOME", str(home))
    monkeypatch.delenv("BACKRUB_DB", raising=False)
    monkeypatch.delenv("BACKRUB_LANG", raising=False)
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return home / "backrub.sqlite3", work


def dump(db: Path) -> str:
    """Return a checksum of everything the database holds (its SQL dump)."""
    with sqlite3.connect(db) as raw:
        text = "\n".join(raw.iterdump())
    raw.close()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def invoke(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``backrub`` in this process; return its exit status, output and errors."""
    with pytest.raises(SystemExit) as stop:
        main(list(args))
    out, err = capsys.readouterr()
    code = stop.value.code
    return (code if isinstance(code, int) else 0), out, err
