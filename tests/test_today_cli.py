"""``backrub today`` and ``backrub profile rename|delete`` on the real command."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import _one_clear_line


def test_today_lists_the_plan_items_and_marks_what_is_done(run) -> None:  # type: ignore[no-untyped-def]
    run("screen", "--no-to-all")
    made = run(
        "plan",
        "new",
        "--protocol",
        "cherkin-10-weekly",
        "--days",
        "mon,thu",
        "--tools",
        "foam_roller",
        "--price",
        "70,50",
    )
    assert made.code == 0, made.err
    first = run("today")
    assert "[ ] Massage session, " in first.out
    assert "backrub session run foam_roller" in first.out
    run("checkin", "--pain", "3")
    data = json.loads(run("today", "--json").out)
    done = {i["kind"]: i["done"] for i in data["items"]}
    assert done["checkin"] is True and done["self_massage"] is False
    assert data["day"] == "2026-03-02"
    assert json.loads(run("plan", "show", "--json").out)["sessions"][0]["cost"] == "70.50"


def test_under_a_stop_today_lists_only_the_check_in_and_says_where_to_look(run) -> None:  # type: ignore[no-untyped-def]
    # Review 10, m1: the plan's massage and activity goal were still listed.
    run("screen", "--no-to-all")
    made = run("plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon,thu")
    assert made.code == 0, made.err
    assert "Stay active" in run("today").out
    run("screen", "--answer", "chest_pain=yes", "--no-to-all")
    shown = run("today")
    assert shown.code == 0
    assert "[ ] Check in" in shown.out
    for gone in ("Massage session", "Self-massage", "Stay active", "Next massage session"):
        assert gone not in shown.out, gone
    assert "A safety stop stands: no plan, massage or self-massage for now." in shown.out
    assert "backrub screen status" in shown.out
    data = json.loads(run("today", "--json").out)
    assert data["stop"] == "stop_emergency" and [i["kind"] for i in data["items"]] == ["checkin"]


def test_today_says_kindly_when_there_is_no_plan(run) -> None:  # type: ignore[no-untyped-def]
    run("checkin", "--pain", "3")
    shown = run("today")
    assert shown.code == 0
    assert "[x] Check in" in shown.out and "No plan yet" in shown.out


def test_a_profile_with_spaces_is_renamed_and_deleted(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("profile", "add", "Alex Smith", "--tz", "UTC").code == 0
    assert run("--profile", "Alex Smith", "checkin", "--pain", "4").code == 0
    renamed = run("profile", "rename", "Alex Smith", "Alex J Smith")
    assert renamed.code == 0 and "Renamed profile Alex Smith to Alex J Smith." in renamed.out
    assert "pain 4" in run("--profile", "Alex J Smith", "history").out
    refused = run("profile", "delete", "Alex J Smith")  # not a terminal: needs --yes
    _one_clear_line(refused, "--yes")
    deleted = run("profile", "delete", "Alex J Smith", "--yes")
    assert deleted.code == 0 and "Deleted profile Alex J Smith" in deleted.out
    assert json.loads(run("profile", "list", "--json").out) == []
    _one_clear_line(run("profile", "delete", "nobody", "--yes"), "nobody")


def test_a_backup_of_a_profile_with_spaces_restores_under_another_spaced_name(
    run,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    run("profile", "add", "Alex Smith", "--tz", "UTC")
    run("--profile", "Alex Smith", "checkin", "--pain", "4")
    out = tmp_path / "alex.json"
    assert run("--profile", "Alex Smith", "export", "--format", "json", "--out", str(out)).code == 0
    restored = run("import", str(out), "--as", "Alex Copy")
    assert restored.code == 0, restored.err
    assert "pain 4" in run("--profile", "Alex Copy", "history").out


def test_today_for_a_named_profile_prints_commands_that_record_into_it(run) -> None:  # type: ignore[no-untyped-def]
    # Copying a printed command must record into the profile shown, not the default one.
    assert run("profile", "add", "bob", "--tz", "UTC").code == 0
    assert run("profile", "add", "Alex Smith", "--tz", "UTC").code == 0
    shown = run("--profile", "Alex Smith", "today")
    assert shown.code == 0, shown.err
    assert "backrub --profile 'Alex Smith' checkin --pain N" in shown.out
    assert "No plan yet: backrub --profile 'Alex Smith' plan new" in shown.out
    commands = [line.strip() for line in shown.out.splitlines() if "backrub " in line]
    assert commands and all("--profile 'Alex Smith'" in line for line in commands)


def test_profile_names_that_differ_only_by_case_or_form_are_one_name(run) -> None:  # type: ignore[no-untyped-def]
    assert run("profile", "add", "Alex Smith", "--tz", "UTC").code == 0
    for twin in ("alex smith", "ALEX  SMITH", "\uff21\uff4c\uff45\uff58 Smith"):
        _one_clear_line(run("profile", "add", twin, "--tz", "UTC"), "'Alex Smith' already exists")
    assert run("profile", "add", "Zoe\u0308", "--tz", "UTC").code == 0
    assert [p["name"] for p in json.loads(run("profile", "list", "--json").out)] == [
        "Alex Smith",
        "Zo\u00eb",
    ]
    _one_clear_line(run("profile", "rename", "Zo\u00eb", "ALEX SMITH"), "already exists")
    # A rename to a name that differs only in case is that profile's own: allowed.
    assert "Renamed profile Zoë to ZOË." in run("profile", "rename", "Zoë", "ZOË").out


def test_rename_and_delete_find_a_name_typed_with_extra_spaces(run) -> None:  # type: ignore[no-untyped-def]
    assert run("profile", "add", "Alex Smith", "--tz", "UTC").code == 0
    assert run("profile", "add", "bob", "--tz", "UTC").code == 0
    same = run("profile", "rename", "Alex  Smith ", "Alex Smith")
    assert same.code == 0, same.err
    assert same.out.strip() == "Nothing changed: the profile is already called Alex Smith."
    renamed = run("profile", "rename", " Alex  Smith", "Alex J Smith")
    assert renamed.code == 0 and "Renamed profile Alex Smith to Alex J Smith." in renamed.out
    deleted = run("profile", "delete", "Alex  J Smith", "--yes")
    assert deleted.code == 0 and "Deleted profile Alex J Smith" in deleted.out
