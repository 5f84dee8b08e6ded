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
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*.part"))


def test_a_file_name_with_a_line_break_is_shown_quoted_on_one_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("checkin", "--pain", "5", env=PINNED).code == 0
    odd = tmp_path / "back\nup.json"
    exported: CliResult = run("export", "--out", str(odd), env=PINNED)
    assert exported.code == 0, exported
    assert exported.out.strip().splitlines() == [f"Exported profile me (json) to {str(odd)!r}."]
    imported: CliResult = run("import", str(odd), "--as", "copy", env=PINNED)
    assert imported.code == 0, imported
    assert imported.out.strip().splitlines() == [f"Imported profile copy from {str(odd)!r}."]


def test_out_refuses_the_database_in_use_and_every_profile_stays(  # type: ignore[no-untyped-def]
    run, home: Path
) -> None:
    """Attack review 11, A19: `export --out backrub.sqlite3` replaced the database with one
    profile's export; every other profile and record was gone."""
    assert run("checkin", "--pain", "5", env=PINNED).code == 0
    assert run("profile", "add", "other", "--tz", "UTC", env=PINNED).code == 0
    assert run("--profile", "other", "checkin", "--pain", "3", env=PINNED).code == 0
    db = home / "backrub.sqlite3"
    before = db.read_bytes()
    for command in (("export", "--format", "json"), ("export", "--format", "csv"), ("report",)):
        for out in (str(db), f"{home}/./backrub.sqlite3"):
            refused = run(*command, "--out", out, env=PINNED)
            _one_clear_line(refused, "--out", "the database backrub is using")
    assert db.read_bytes() == before
    assert run("--profile", "other", "history", env=PINNED).code == 0


def test_a_link_left_at_the_old_part_name_is_not_followed(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Attack review 11, A20: a link planted at FILE.part received the export."""
    assert run("checkin", "--pain", "5", env=PINNED).code == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    (tmp_path / "b.json.part").symlink_to(victim)
    assert run("export", "--out", str(tmp_path / "b.json"), env=PINNED).code == 0
    assert victim.read_text() == "mine"
    written = tmp_path / "b.json"
    assert not written.is_symlink() and json.loads(written.read_text())["format"]
    assert not list(tmp_path.glob(".*.part"))  # nothing of its own left behind


def test_import_as_a_name_that_differs_only_by_case_or_width_is_a_name_in_use(  # type: ignore[no-untyped-def]
    run, home: Path, tmp_path: Path
) -> None:
    """Attack review 11, A21: `import --as alex` made a second profile beside 'Alex'."""
    assert run("profile", "add", "Alex Smith", "--tz", "UTC", env=PINNED).code == 0
    assert run("--profile", "Alex Smith", "checkin", "--pain", "4", env=PINNED).code == 0
    path = tmp_path / "b.json"
    exported = run("--profile", "Alex Smith", "export", "--out", str(path), env=PINNED)
    assert exported.code == 0
    before = (home / "backrub.sqlite3").read_bytes()
    for name in ("alex smith", "ALEX SMITH", "Ａｌｅｘ Ｓｍｉｔｈ"):
        refused = run("import", str(path), "--as", name, env=PINNED)
        _one_clear_line(refused, "'Alex Smith' is not allowed; a profile with this name exists")
    assert (home / "backrub.sqlite3").read_bytes() == before
    replaced = run("import", str(path), "--as", "alex smith", "--replace", "--yes", env=PINNED)
    assert replaced.code == 0, replaced.err
    listed = run("profile", "list", env=PINNED).out.lower()
    assert listed.count("alex smith") == 1  # replaced, not added beside it
