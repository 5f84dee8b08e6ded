"""Long commands show a progress bar on a terminal and print nothing extra otherwise.

Import, export, the demo and the report draw a Rich bar on stderr when it is a
terminal (a pseudo-terminal here); in a script or a pipe stderr stays empty.
The services only report steps through a callback; they never print.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from backrub import services
from backrub.services.steps import StepCallback
from backrub.store import Store
from tests.conftest import NOW

ENV = {"BACKRUB_NOW": "2026-03-02T12:00:00+00:00", "BACKRUB_TZ": "Europe/London"}
BAR = "━"  # what Rich draws the bar with


def _with_terminal_stderr(home: Path, *args: str) -> tuple[int, str, str]:
    """Run backrub with stderr on a pseudo-terminal; return (exit code, stdout, terminal)."""
    env = {
        **os.environ,
        **ENV,
        "BACKRUB_HOME": str(home),
        "TERM": "xterm-256color",
        "COLUMNS": "100",
    }
    master, slave = os.openpty()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "backrub", *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=slave,
            env=env,
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child has closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(master)
        code = child.wait(timeout=300)
        out.seek(0)
        stdout = out.read().decode("utf-8")
    return code, stdout, b"".join(chunks).decode("utf-8", "replace")


def test_without_a_terminal_long_commands_print_nothing_on_stderr(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    steps = [
        ("demo", "--weeks", "3"),
        ("export", "--format", "json", "--out", str(home / "b.json")),
        ("export", "--format", "csv", "--out", str(home / "b.zip")),
        ("report", "--out", str(home / "r.pdf")),
        ("--db", str(home / "other.sqlite3"), "import", str(home / "b.json")),
    ]
    for args in steps:
        result = run(*args, env=ENV)
        assert result.code == 0, (args, result.err)
        assert result.err == "", args
        assert result.out.strip(), args  # the usual outcome line is still there


TERMINAL_RUNS = [
    (("demo", "--weeks", "3"), "Making the demo profile", "Demo profile 'demo' is ready"),
    (("export", "--format", "json", "--out", "{home}/b.json"), "Exporting (json)", "Exported"),
    (("report", "--out", "{home}/r.pdf"), "Writing the report (pdf)", "Wrote"),
    (("--db", "{home}/other.sqlite3", "import", "{home}/b.json"), "Importing", "Imported"),
]


def test_on_a_terminal_long_commands_show_a_progress_bar(home: Path) -> None:
    for args, label, outcome in TERMINAL_RUNS:
        code, stdout, terminal = _with_terminal_stderr(home, *(a.format(home=home) for a in args))
        assert code == 0, (args, terminal)
        assert label in terminal, (args, terminal)
        assert BAR in terminal, (args, terminal)
        assert outcome in stdout, (args, stdout)  # the usual outcome, once the bar is gone
        assert BAR not in stdout


def test_a_refusal_on_a_terminal_still_ends_with_one_clear_line(home: Path) -> None:
    code, stdout, terminal = _with_terminal_stderr(home, "import", str(home / "missing.json"))
    assert code == 2
    assert stdout == ""
    assert "Traceback" not in terminal
    assert terminal.strip().splitlines()[-1].endswith("give a readable backup file")


def _steps() -> tuple[list[tuple[int, int]], StepCallback]:
    seen: list[tuple[int, int]] = []
    return seen, lambda done, total: seen.append((done, total))


def test_services_report_each_step_and_finish_where_they_said(store: Store) -> None:
    seen, callback = _steps()
    profile = services.load_demo(store, now=NOW, weeks=2, progress=callback)
    assert seen == [(1, 2), (2, 2)]

    for fmt, expected in (("html", [(1, 2), (2, 2)]), ("pdf", [(1, 3), (2, 3), (3, 3)])):
        seen, callback = _steps()
        services.render_report(store, profile, now=NOW, fmt=fmt, progress=callback)
        assert seen == expected

    backup = services.export_json(store, profile, now=NOW)
    store.delete_profile(profile)
    seen, callback = _steps()
    services.import_backup(store, backup, source="b.json", now=NOW, progress=callback)
    assert seen == [(1, 2), (2, 2)]
