"""``backrub edit`` and ``backrub delete``: correct a mistake from the command line."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

ENV = {"BACKRUB_NOW": "2026-03-02T09:30:00+00:00", "BACKRUB_TZ": "Europe/Berlin"}


@pytest.fixture
def cli(run):  # type: ignore[no-untyped-def]
    """``run`` with the clock pinned to Monday 2 March 2026, 10:30 in Berlin."""
    return lambda *args: run(*args, env=ENV)


def _history(cli) -> dict:  # type: ignore[no-untyped-def,type-arg]
    result = cli("history", "--json")
    assert result.code == 0, result.err
    data: dict = json.loads(result.out)  # type: ignore[type-arg]
    return data


def test_a_checkin_with_the_wrong_year_is_moved_to_the_right_year(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("checkin", "--pain", "4", "--at", "2025-03-02T08:30").code == 0
    [wrong] = _history(cli)["checkins"]
    assert f"[checkin {wrong['id']}]" in cli("history").out

    result = cli("edit", "checkin", str(wrong["id"]), "--at", "2026-03-02T08:30")
    assert result.code == 0, result.err
    assert result.out.strip() == "Saved: check-in of Mon 2 Mar 2026 08:30 (pain 4)."
    [fixed] = _history(cli)["checkins"]
    assert fixed["id"] == wrong["id"]
    assert fixed["at"] == "2026-03-02T07:30:00+00:00"
    assert fixed["pain"] == 4


def test_an_edit_with_a_bad_value_or_nothing_to_change_writes_nothing(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("checkin", "--pain", "4", "--sleep", "6").code == 0
    before = _history(cli)
    [checkin] = before["checkins"]
    for args, field in (
        (("--pain", "11"), "--pain"),
        (("--at", "0226-03-02T08:30"), "--at"),
        (("--at", ""), "--at"),
        ((), "changes"),
    ):
        result = cli("edit", "checkin", str(checkin["id"]), *args)
        assert result.code == 2, args
        assert result.err.startswith(f"error: {field}:"), result.err
        assert len(result.err.strip().splitlines()) == 1
    assert _history(cli) == before


def test_an_unknown_or_malformed_id_is_one_line_and_exit_2(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("checkin", "--pain", "4").code == 0
    for args in (
        ("delete", "checkin", "99", "--yes"),
        ("edit", "pro", "1", "--minutes", "30"),
        ("delete", "mark", "x" * 3000, "--yes"),
        ("edit", "checkin", "9" * 5000, "--pain", "3"),
    ):
        result = cli(*args)
        assert result.code == 2, (args[:2], result.err)
        assert len(result.err.strip().splitlines()) == 1
        assert result.err.startswith("error: ID: "), result.err  # as the usage line shows it
        assert len(result.err) < 200
    assert len(_history(cli)["checkins"]) == 1


def test_another_profiles_record_cannot_be_edited_or_deleted(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("--profile", "x", "checkin", "--pain", "4").code != 0  # no such profile yet
    assert cli("profile", "add", "ana").code == 0
    assert cli("profile", "add", "ben").code == 0
    assert cli("--profile", "ana", "checkin", "--pain", "4").code == 0
    [checkin] = json.loads(cli("--profile", "ana", "history", "--json").out)["checkins"]
    result = cli("--profile", "ben", "delete", "checkin", str(checkin["id"]), "--yes")
    assert result.code == 2 and "no check-in" in result.err
    result = cli("--profile", "ben", "edit", "checkin", str(checkin["id"]), "--pain", "1")
    assert result.code == 2
    [still] = json.loads(cli("--profile", "ana", "history", "--json").out)["checkins"]
    assert still == checkin


def test_a_script_must_say_yes_to_delete(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("checkin", "--pain", "4", "--at", "2026-03-02T08:30").code == 0
    [checkin] = _history(cli)["checkins"]
    result = cli("delete", "checkin", str(checkin["id"]))
    assert result.code == 2
    assert result.err.strip() == (
        "error: --yes: missing; deleting the check-in of Mon 2 Mar 2026 08:30 (pain 4) "
        "needs --yes when not on a terminal"
    )
    assert len(_history(cli)["checkins"]) == 1


def test_deleting_a_checkin_removes_it_and_its_marks_from_every_export(
    cli,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    assert cli("checkin", "--pain", "3", "--at", "2026-03-01T08:00").code == 0
    where = "below_knee_right:8,buttock_left:5"
    assert cli("checkin", "--pain", "9", "--at", "2026-03-02T08:00", "--where", where).code == 0
    first, second = _history(cli)["checkins"]

    result = cli("delete", "checkin", str(second["id"]), "--yes")
    assert result.code == 0, result.err
    assert result.out.strip() == (
        "Deleted: check-in of Mon 2 Mar 2026 08:00 (pain 9) and its 2 body-map marks."
    )
    history = _history(cli)
    assert history["checkins"] == [first]
    assert history["pain_spots"] == []

    backup, csv, fhir = tmp_path / "b.json", tmp_path / "b.zip", tmp_path / "b.fhir.json"
    assert cli("export", "--format", "json", "--out", str(backup)).code == 0
    assert cli("export", "--format", "csv", "--out", str(csv)).code == 0
    assert cli("export", "--format", "fhir", "--out", str(fhir)).code == 0
    data = json.loads(backup.read_text())["data"]
    assert [c["pain"] for c in data["checkins"]] == [3]
    assert data["pain_spots"] == []
    with zipfile.ZipFile(csv) as archive:
        checkins = archive.read("checkins.csv").decode().strip().splitlines()
        spots = archive.read("pain_spots.csv").decode().strip().splitlines()
    assert len(checkins) == 2 and len(spots) == 1  # header + one row; header only
    bundle = json.loads(fhir.read_text())
    pains = [
        (e["resource"]["effectiveDateTime"], e["resource"]["valueInteger"])
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation" and "valueInteger" in e["resource"]
    ]
    assert pains == [("2026-03-01T08:00:00+01:00", 3)]


def test_sessions_responses_and_marks_are_edited_and_deleted_by_kind(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("session", "log", "pro", "--technique", "relaxation", "--minutes", "60").code == 0
    log_self = ("session", "log", "self", "foam_roller", "--zones", "glutes_left:60")
    assert cli(*log_self).code == 0
    assert cli("survey", "peg", "--answers", "5,5,5").code == 0
    assert cli("checkin", "--pain", "4", "--where", "hip_left:3").code == 0
    h = _history(cli)
    pro, selfs = h["pro_sessions"][0]["id"], h["self_sessions"][0]["id"]
    response, mark = h["responses"][0]["id"], h["pain_spots"][0]["id"]

    assert cli("edit", "pro", str(pro), "--minutes", "50", "--cost", "70").code == 0
    over = cli("edit", "self", str(selfs), "--zones", "glutes_left:900")
    assert over.code == 2 and "--override" in over.err
    assert cli("edit", "self", str(selfs), "--pain-after", "2").code == 0
    assert cli("edit", "response", str(response), "--answers", "2,3,4").code == 0
    assert cli("edit", "mark", str(mark), "--intensity", "6").code == 0
    h = _history(cli)
    assert (h["pro_sessions"][0]["duration_min"], h["pro_sessions"][0]["cost_cents"]) == (50, 7000)
    assert (h["self_sessions"][0]["total_seconds"], h["self_sessions"][0]["pain_after"]) == (60, 2)
    assert h["responses"][0]["answers"] == [2, 3, 4]
    assert h["pain_spots"][0]["intensity"] == 6

    for kind, record_id in (("pro", pro), ("self", selfs), ("response", response), ("mark", mark)):
        result = cli("delete", kind, str(record_id), "--yes")
        assert result.code == 0 and result.out.startswith("Deleted: "), result.err
    h = _history(cli)
    assert (h["pro_sessions"], h["self_sessions"], h["responses"], h["pain_spots"]) == (
        [],
        [],
        [],
        [],
    )
    assert len(h["checkins"]) == 1


def _on_a_terminal(home: Path, answer: str, *args: str) -> tuple[int, str]:
    """Run backrub with a terminal as its input (a pseudo-terminal) and type ``answer``."""
    import os
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    try:
        os.write(master, answer.encode())
        proc = subprocess.run(
            [sys.executable, "-m", "backrub", *args],
            stdin=slave,
            capture_output=True,
            text=True,
            env={**os.environ, "BACKRUB_HOME": str(home), **ENV},
            timeout=120,
        )
    finally:
        os.close(master)
        os.close(slave)
    return proc.returncode, proc.stdout


@pytest.mark.parametrize(("answer", "left"), [("y\n", 0), ("n\n", 1), ("\n", 1)])
def test_on_a_terminal_delete_asks_first_and_no_is_the_default(
    cli,  # type: ignore[no-untyped-def]
    home: Path,
    answer: str,
    left: int,
) -> None:
    assert cli("checkin", "--pain", "4", "--at", "2026-03-02T08:30").code == 0
    [checkin] = _history(cli)["checkins"]
    code, out = _on_a_terminal(home, answer, "delete", "checkin", str(checkin["id"]))
    assert code == 0
    assert out.startswith("Delete check-in of Mon 2 Mar 2026 08:30 (pain 4)? [y/N]")
    assert len(_history(cli)["checkins"]) == left


def test_every_edit_and_delete_command_has_help() -> None:
    from click.testing import CliRunner

    from backrub.cli import cli as command

    runner = CliRunner()
    for verb in ("edit", "delete"):
        for kind in ("", "checkin", "pro", "self", "response", "mark"):
            args = [verb, *([kind] if kind else []), "--help"]
            result = runner.invoke(command, args)
            assert result.exit_code == 0 and "Usage:" in result.output, args
