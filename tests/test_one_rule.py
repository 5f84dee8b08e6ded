"""One rule on every path: what the keyboard refuses no other path lets in, and the reverse.

Regressions from a review of issue 9: each test reproduces one probe (live input,
an edit, the web API, the environment, a backup) and checks the refusal is one
line, exit 2 (a 4xx on the web) and that nothing was written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backrub import services
from backrub.domain.backup import checksum
from backrub.errors import InvalidInput
from backrub.store import Store
from tests.conftest import NOW, CliResult
from tests.test_cli import _db, _one_clear_line


def _checkins(run) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    result = run("history", "--json")
    if result.code != 0:
        return []
    found: list[dict[str, object]] = json.loads(result.out)["checkins"]
    return found


# -- 1900 is a UTC instant -------------------------------------------------------------


@pytest.mark.parametrize("at", ["1900-01-01T00:00+01:00", "1900-01-01T00:30"])  # Berlin: +0:53
def test_a_time_before_1900_utc_is_refused_whatever_its_offset(run, at: str) -> None:  # type: ignore[no-untyped-def]
    _one_clear_line(run("checkin", "--pain", "3", "--at", at), "at", "1900-01-01 00:00 UTC")
    assert _checkins(run) == []
    assert run("checkin", "--pain", "3", "--at", "1900-01-01T00:00Z").code == 0
    _one_clear_line(run("edit", "checkin", "1", "--at", at), "at", "1900")


def _forged(store: Store, change) -> str:  # type: ignore[no-untyped-def]
    ana = services.add_profile(store, "ana", tz="Europe/Berlin", now=NOW)
    services.record_checkin(store, ana, now=NOW, pain=3, at="2026-03-01T08:00")
    document = json.loads(services.export_json(store, ana, now=NOW))
    change(document["data"])
    document["checksum"] = checksum(document["data"])
    return json.dumps(document)


def _refused(store: Store, text: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as refused:
        services.import_backup(store, text, source="b.json", now=NOW, as_name="copy")
    assert [p.name for p in store.profiles()] == ["ana"]
    return refused.value


def test_a_backup_time_before_1900_utc_is_refused(store: Store) -> None:
    def early(data):  # type: ignore[no-untyped-def]
        data["checkins"][0]["at"] = "1900-01-01T00:00:00+01:00"

    assert _refused(store, _forged(store, early)).field == "checkins[1].at"


# -- the zone of a place ----------------------------------------------------------------


@pytest.mark.parametrize(
    "zone", ["localtime", "posixrules", "right/UTC", "posix/Europe/Berlin", "Factory"]
)
def test_a_zone_that_is_no_place_is_refused_everywhere(run, zone: str) -> None:  # type: ignore[no-untyped-def]
    _one_clear_line(run("profile", "add", "ana", "--tz", zone), "tz")
    _one_clear_line(run("checkin", "--pain", "3", env={"BACKRUB_TZ": zone}), "BACKRUB_TZ")
    _one_clear_line(run("demo", "--tz", zone), "tz")
    assert run("profile", "list", "--json").out.strip() in ("", "[]")


def test_a_backup_zone_that_is_no_place_is_refused(store: Store) -> None:
    def local(data):  # type: ignore[no-untyped-def]
        data["checkins"][0]["tz"] = "localtime"

    assert _refused(store, _forged(store, local)).field == "checkins[1].tz"


def test_an_empty_zone_for_a_new_profile_is_refused_not_replaced(run) -> None:  # type: ignore[no-untyped-def]
    _one_clear_line(run("profile", "add", "ana", "--tz", ""), "tz")
    assert run("profile", "list", "--json").out.strip() in ("", "[]")


# -- the pinned clock -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "args"),
    [
        ("0001-01-01T00:00+01:00", ("history",)),
        ("9999-12-31T23:00-05:00", ("progress",)),
        ("1000-01-01T00:00Z", ("checkin", "--pain", "3")),
        ("1900-01-01T12:00Z", ("checkin", "--pain", "3")),
    ],
)
def test_a_pinned_now_outside_1900_to_9998_is_one_line(run, home: Path, now: str, args) -> None:  # type: ignore[no-untyped-def]
    _one_clear_line(run(*args, env={"BACKRUB_NOW": now}), "BACKRUB_NOW", "1900-01-02")
    assert _checkins(run) == []


# -- digits, lists and repeated names --------------------------------------------------


@pytest.mark.parametrize("pain", ["３", "٣", "²"])
def test_only_ascii_digits_are_numbers(run, pain: str) -> None:  # type: ignore[no-untyped-def]
    _one_clear_line(run("checkin", "--pain", pain), "pain")
    assert _checkins(run) == []


def test_a_zone_named_twice_in_a_session_is_refused(run) -> None:  # type: ignore[no-untyped-def]
    result = run("session", "log", "self", "hands", "--zones", "glutes_left:60,glutes_left:60")
    _one_clear_line(result, "zones", "once")


def test_a_backup_session_naming_a_zone_twice_is_refused(store: Store) -> None:
    ana = services.add_profile(store, "ana", tz="Europe/Berlin", now=NOW)
    services.log_self_session(
        store, ana, now=NOW, tool="hands", zones="glutes_left:60", at="2026-03-01T08:00"
    )
    document = json.loads(services.export_json(store, ana, now=NOW))
    zones = document["data"]["self_sessions"][0]["zones"]
    zones.append(dict(zones[0]))
    document["checksum"] = checksum(document["data"])
    refused = _refused(store, json.dumps(document))
    assert refused.field == "self_sessions[1].zones[2].zone"


def test_a_number_too_long_for_python_in_a_backup_names_its_field(store: Store) -> None:
    text = _forged(store, lambda data: data["checkins"][0].update(pain=7))
    long_text = text.replace('"pain": 7', '"pain": ' + "9" * 5000)
    refused = _refused(store, long_text)
    assert refused.field == "checkins[1].pain"
    assert "too long" in str(refused) and len(str(refused)) < 200


# -- databases --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "db", ["", "sqlite:///:memory:", "sqlite:///file:x?mode=memory&uri=true", "sqlite://"]
)
def test_a_database_that_keeps_nothing_is_refused(run, home: Path, db: str) -> None:  # type: ignore[no-untyped-def]
    _one_clear_line(run("--db", db, "checkin", "--pain", "3"), "--db")
    assert not _db(home).exists()


def test_a_long_database_path_is_cut_in_the_error(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / ("a" * 120) / "x.sqlite3"  # its folder does not exist
    result = run("--db", str(target), "checkin", "--pain", "3")
    _one_clear_line(result, "--db", "…")
    assert "a" * 60 not in result.err


# -- backups that are no files ----------------------------------------------------------


def _import(path: Path | str, home: Path) -> CliResult:
    proc = subprocess.run(
        [sys.executable, "-m", "backrub", "import", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "BACKRUB_HOME": str(home)},
        timeout=60,  # reading a FIFO or a device would never end
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def test_a_fifo_a_device_or_a_link_to_one_is_refused_before_reading(
    home: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "backup.json"
    os.mkfifo(fifo)
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    for path in (fifo, "/dev/zero", link, tmp_path):
        _one_clear_line(_import(path, home), "file", "regular file")
    assert not _db(home).exists()


@pytest.mark.parametrize("args", [("history",), ("progress",), ("--profile", "ana", "history")])
def test_reading_a_database_that_does_not_exist_says_so_and_creates_nothing(  # type: ignore[no-untyped-def]
    run, home: Path, args
) -> None:
    _one_clear_line(run(*args), "--profile", "no profile")
    assert not _db(home).exists()
