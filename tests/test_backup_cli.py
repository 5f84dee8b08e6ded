"""`backrub import` as a script runs it: forged backups, --as, --replace and --yes."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from backrub.domain import backup
from tests.conftest import NOW, CliResult

PINNED = {"BACKRUB_NOW": NOW.isoformat()}


def _one_clear_line(result: CliResult, *words: str) -> str:
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("error: ") and "Traceback" not in result.err
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def _exported(run, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    for pain, at in (("5", "2026-03-01T08:00"), ("6", "2026-02-28T08:00")):
        assert run("checkin", "--pain", pain, "--at", at, env=PINNED).code == 0
    path = tmp_path / "b.json"
    assert run("export", "--out", str(path), env=PINNED).code == 0
    return path


def _pains(run, *profile: str) -> list[int]:  # type: ignore[no-untyped-def]
    result = run(*profile, "history", "--json", env=PINNED)
    assert result.code == 0, result.err
    return [c["pain"] for c in json.loads(result.out)["checkins"]]


def test_a_forged_backup_is_refused_with_one_line_and_nothing_written(  # type: ignore[no-untyped-def]
    run, home: Path, tmp_path: Path
) -> None:
    path = _exported(run, tmp_path)
    document = json.loads(path.read_text())
    document["data"]["checkins"][0]["at"] = "2099-01-01T08:00:00+00:00"
    document["checksum"] = backup.checksum(document["data"])  # anyone can recompute it
    path.write_text(json.dumps(document))
    before = (home / "backrub.sqlite3").read_bytes()
    _one_clear_line(run("import", str(path), "--as", "copy", env=PINNED), "checkins[1].at")
    assert (home / "backrub.sqlite3").read_bytes() == before


def test_a_name_in_use_is_refused_naming_both_ways_out(run, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _exported(run, tmp_path)
    before = (home / "backrub.sqlite3").read_bytes()
    _one_clear_line(run("import", str(path), env=PINNED), "'me'", "--as NEW_NAME", "--replace")
    assert (home / "backrub.sqlite3").read_bytes() == before


def test_import_as_a_new_name_sits_beside_the_original(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _exported(run, tmp_path)
    result = run("import", str(path), "--as", "copy", env=PINNED)
    assert result.code == 0, result.err
    assert "Imported profile copy" in result.out
    assert _pains(run, "--profile", "copy") == _pains(run) == [6, 5]
    _one_clear_line(run("import", str(path), "--as", "no/good", env=PINNED), "--as")


def test_replace_in_a_script_needs_yes(run, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _exported(run, tmp_path)
    assert run("checkin", "--pain", "9", "--at", "2026-03-02T08:00", env=PINNED).code == 0
    before = (home / "backrub.sqlite3").read_bytes()
    _one_clear_line(run("import", str(path), "--replace", env=PINNED), "--replace", "add --yes")
    assert (home / "backrub.sqlite3").read_bytes() == before

    result = run("import", str(path), "--replace", "--yes", env=PINNED)
    assert result.code == 0, result.err
    assert "Replaced profile me" in result.out
    assert _pains(run) == [6, 5]  # the check-in made after the backup is gone


def test_the_demo_backs_up_and_restores(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("demo", "--weeks", "4", env=PINNED).code == 0
    path = tmp_path / "demo.json"
    assert run("export", "--out", str(path), env=PINNED).code == 0
    result = run("import", str(path), "--as", "demo2", env=PINNED)
    assert result.code == 0, result.err
    assert _pains(run, "--profile", "demo2") == _pains(run, "--profile", "demo")


def _on_a_terminal(home: Path, answer: bytes, *args: str) -> tuple[int, str]:
    """Run ``backrub`` with a terminal as its stdin and type ``answer`` there."""
    import os
    import pty
    import subprocess
    import sys

    controller, terminal = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "backrub", *args],
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "BACKRUB_HOME": str(home), **PINNED},
        )
        os.write(controller, answer)
        out, _err = proc.communicate(timeout=120)
    finally:
        os.close(terminal)
        os.close(controller)
    return proc.returncode, out.decode()


def test_replace_on_a_terminal_asks_first(run, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _exported(run, tmp_path)
    assert run("checkin", "--pain", "9", "--at", "2026-03-02T08:00", env=PINNED).code == 0
    before = (home / "backrub.sqlite3").read_bytes()

    code, out = _on_a_terminal(home, b"n\n", "import", str(path), "--replace")
    assert code == 1 and "Replace everything profile me holds" in out
    assert "Nothing was changed" in out
    assert (home / "backrub.sqlite3").read_bytes() == before

    code, out = _on_a_terminal(home, b"y\n", "import", str(path), "--replace")
    assert code == 0 and "Replaced profile me" in out
    assert _pains(run) == [6, 5]


def test_out_refuses_a_device_or_pipe_and_leaves_it_as_it_was(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Writing whole-or-nothing renames a finished file over the name: over a pipe
    # (or, as root, /dev/null) that would replace it with an ordinary file.
    for command, name in (("export", "backup.json"), ("report", "report.html")):
        pipe = tmp_path / name
        os.mkfifo(pipe)
        _one_clear_line(run(command, "--out", str(pipe), env=PINNED), "not an ordinary file")
        assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert not list(tmp_path.glob("*.part"))


def test_a_file_name_with_a_line_break_is_shown_quoted_on_one_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("checkin", "--pain", "5", env=PINNED).code == 0
    odd = tmp_path / "back\nup.json"
    exported: CliResult = run("export", "--out", str(odd), env=PINNED)
    assert exported.code == 0, exported
    assert exported.out.strip().splitlines() == [f"Exported profile me (json) to {str(odd)!r}."]
    imported: CliResult = run("import", str(odd), "--as", "copy", env=PINNED)
    assert imported.code == 0, imported
    assert imported.out.strip().splitlines() == [f"Imported profile copy from {str(odd)!r}."]
