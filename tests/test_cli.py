"""The real ``backrub`` command: what a person types and what they see."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import CliResult

Run = object  # the ``run`` fixture: run(*args, stdin="", env=None) -> CliResult


def _db(home: Path) -> Path:
    return home / "backrub.sqlite3"


def _one_clear_line(result: CliResult, *words: str) -> None:
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.err
    for word in words:
        assert word in lines[0], (word, lines[0])


def test_a_first_checkin_creates_a_profile_and_shows_in_history(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("checkin", "--pain", "4", "--sleep", "6", "--note", "slept badly")
    assert result.code == 0, result.err
    assert "pain 4/10" in result.out
    history = run("history", "--json")
    data = json.loads(history.out)
    assert data["profile"] == "me"
    assert [(c["pain"], c["sleep"], c["note"]) for c in data["checkins"]] == [(4, 6, "slept badly")]


BAD_INPUTS = [
    (("checkin", "--pain", "11"), ("pain", "'11'", "0 to 10")),
    (("checkin", "--pain", "-1"), ("pain", "'-1'", "0 to 10")),
    (("checkin", "--pain", "3.5"), ("pain", "'3.5'", "whole number")),
    (("checkin", "--pain", "4", "--soreness", "12"), ("soreness", "0 to 10")),
    (("checkin", "--pain", "4", "--at", "2026-02-30T10:00"), ("at", "2026-02-30")),
    (("checkin", "--pain", "4", "--at", "yesterday"), ("at", "ISO")),
    (("checkin", "--pain", "4", "--at", "2099-01-01T08:00"), ("at", "future")),
    (("checkin",), ("pain", "required")),
    (
        ("session", "log", "pro", "--technique", "reiki", "--minutes", "60"),
        ("technique", "relaxation"),
    ),
    (("session", "log", "pro", "--technique", "sports", "--minutes", "0"), ("minutes", "1 to 240")),
    (
        ("session", "log", "pro", "--technique", "sports", "--minutes", "60", "--cost", "-5"),
        ("cost",),
    ),
    (("session", "log", "self", "broom", "--zones", "glutes_left:60"), ("TOOL", "foam_roller")),
    (("session", "log", "self", "foam_roller", "--zones", "spine:60"), ("zones", "'spine'")),
    (
        ("session", "log", "self", "massage_gun", "--zones", "glutes_left:60", "--level", "0"),
        ("level", "1 to 20"),
    ),
    (
        ("session", "log", "self", "massage_gun", "--zones", "glutes_left:60", "--level", "21"),
        ("level", "1 to 20"),
    ),
    (("session", "log", "self", "foam_roller", "--zones", "glutes_left:-30"), ("seconds",)),
    (("episode", "add", "--onset", "2026-13-01", "--no-leg-pain"), ("onset", "YYYY-MM-DD")),
    (("--profile", "nobody", "checkin", "--pain", "3"), ("profile", "'nobody'")),
    (("history", "--since", "last week"), ("since", "YYYY-MM-DD")),
    (("demo", "--weeks", "0"), ("--weeks",)),
]


@pytest.mark.parametrize(("args", "words"), BAD_INPUTS, ids=[" ".join(a) for a, _ in BAD_INPUTS])
def test_bad_input_gets_one_clear_line_and_changes_nothing(run, home: Path, args, words) -> None:  # type: ignore[no-untyped-def]
    assert run("checkin", "--pain", "5").code == 0
    before = _db(home).read_bytes()
    _one_clear_line(run(*args), *words)
    assert _db(home).read_bytes() == before


def test_an_unreachable_database_url_is_one_clear_line(run) -> None:  # type: ignore[no-untyped-def]
    result = run("--db", "postgresql+psycopg://nobody@127.0.0.1:1/nothing", "history")
    _one_clear_line(result, "--db", "cannot open")
    assert "nobody@127.0.0.1:1" in result.err


def test_an_unknown_database_scheme_is_refused(run) -> None:  # type: ignore[no-untyped-def]
    _one_clear_line(run("--db", "mysql://x/y", "history"), "--db", "sqlite")


def test_a_week_of_records_survives_export_wipe_and_import(
    run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BACKRUB_NOW", "2026-03-08T12:00:00+00:00")  # the week has passed
    for day in range(1, 8):
        assert run("checkin", "--pain", str(8 - day), "--at", f"2026-03-0{day}T08:00").code == 0
    assert (
        run(
            "session",
            "log",
            "pro",
            "--technique",
            "relaxation",
            "--minutes",
            "60",
            "--at",
            "2026-03-03T17:00",
            "--cost",
            "70",
            "--subjective",
            "stiff",
        ).code
        == 0
    )
    assert (
        run(
            "session",
            "log",
            "self",
            "foam_roller",
            "--zones",
            "glutes_left,glutes_right",
            "--seconds",
            "60",
            "--at",
            "2026-03-04T19:00",
        ).code
        == 0
    )
    assert run("episode", "add", "--onset", "2025-10-01", "--leg-pain", "--cause", "disc").code == 0
    before = json.loads(run("history", "--json").out)
    backup = tmp_path / "backup.json"
    assert run("export", "--format", "json", "--out", str(backup)).code == 0

    shutil.rmtree(home)
    assert run("import", str(backup)).code == 0

    after = json.loads(run("history", "--json").out)
    for key in ("checkins", "pro_sessions", "self_sessions"):
        strip = [{k: v for k, v in r.items() if k != "id"} for r in before[key]]
        assert strip == [{k: v for k, v in r.items() if k != "id"} for r in after[key]]
    assert len(after["checkins"]) == 7


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("not json at all", ("file", "not complete JSON")),
        ('{"format": "something-else"}', ("not a backrub backup",)),
    ],
)
def test_importing_a_file_that_is_not_a_backup_writes_nothing(  # type: ignore[no-untyped-def]
    run, home: Path, tmp_path: Path, content: str, words: tuple[str, ...]
) -> None:
    assert run("checkin", "--pain", "5").code == 0
    before = _db(home).read_bytes()
    path = tmp_path / "x.json"
    path.write_text(content)
    _one_clear_line(run("import", str(path)), *words)
    assert _db(home).read_bytes() == before


def test_a_truncated_backup_is_refused_whole(run, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("checkin", "--pain", "5").code == 0
    backup = tmp_path / "b.json"
    assert run("export", "--out", str(backup)).code == 0
    text = backup.read_text()
    backup.write_text(text[: len(text) - 40])
    shutil.rmtree(home)
    assert run("profile", "list").code == 0
    before = _db(home).read_bytes()
    _one_clear_line(run("import", str(backup)), "file")
    assert _db(home).read_bytes() == before


def test_export_to_a_folder_that_does_not_exist_is_refused(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("checkin", "--pain", "5").code == 0
    _one_clear_line(run("export", "--out", str(tmp_path / "no" / "b.json")), "--out")


def test_export_to_a_folder_that_exists_names_the_folder(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Attack review 7, F8: an existing folder is not "a folder that does not exist".
    assert run("checkin", "--pain", "5").code == 0
    refused = run("export", "--out", str(tmp_path))
    _one_clear_line(refused, "--out", str(tmp_path)[:20], "is a folder")  # long paths are cut
    assert "does not exist" not in refused.err


def test_profiles_can_be_added_listed_and_chosen(run) -> None:  # type: ignore[no-untyped-def]
    assert run("profile", "add", "ana", "--tz", "Europe/Berlin").code == 0
    assert run("profile", "add", "ben", "--tz", "UTC").code == 0
    assert run("profile", "use", "ben").code == 0
    assert run("checkin", "--pain", "2").code == 0
    listed = json.loads(run("profile", "list", "--json").out)
    assert [(p["name"], p["default"]) for p in listed] == [("ana", False), ("ben", True)]
    assert json.loads(run("--profile", "ana", "history", "--json").out)["checkins"] == []
    _one_clear_line(run("profile", "add", "bad name!"), "name")
    _one_clear_line(run("profile", "add", "zed", "--tz", "Mars/Olympus"), "tz", "Mars/Olympus")


def test_demo_builds_a_realistic_profile_the_same_way_each_time(run) -> None:  # type: ignore[no-untyped-def]
    first = json.loads(run("demo", "--json", "--seed", "3").out)
    second = json.loads(run("demo", "--json", "--seed", "3").out)
    assert first == second
    assert first["pro_sessions"] == 10
    assert first["checkins"] >= 84  # 12 weeks, at least one a day
    assert first["pain_last_week_mean"] < first["pain_first_week_mean"]
    history = json.loads(run("--profile", "demo", "history", "--json").out)
    per_day: dict[str, int] = {}
    for s in history["self_sessions"]:
        if s["tool"] in ("tennis_ball", "foam_roller"):
            per_day[s["at"][:10]] = per_day.get(s["at"][:10], 0) + s["total_seconds"]
    assert per_day and max(per_day.values()) <= 300  # the 5-minute daily cap


def test_every_command_has_help(run) -> None:  # type: ignore[no-untyped-def]
    for args in (
        (),
        ("checkin",),
        ("session", "log", "pro"),
        ("session", "log", "self"),
        ("episode", "add"),
        ("history",),
        ("export",),
        ("import",),
        ("profile", "add"),
        ("demo",),
    ):
        result = run(*args, "--help")
        assert result.code == 0 and "Usage:" in result.out, args


def test_csv_and_fhir_exports_are_written_from_the_cli(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    run("demo")
    csv_out, fhir_out = tmp_path / "tables.zip", tmp_path / "bundle.json"
    assert run("export", "--format", "csv", "--out", str(csv_out)).code == 0
    assert run("export", "--format", "fhir", "--out", str(fhir_out)).code == 0
    with zipfile.ZipFile(csv_out) as archive:
        assert {"checkins.csv", "responses.csv", "README.txt"} <= set(archive.namelist())
    bundle = json.loads(fhir_out.read_text())
    assert bundle["resourceType"] == "Bundle"
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "QuestionnaireResponse", "Observation"} <= kinds
    _one_clear_line(run("export", "--format", "xml", "--out", str(tmp_path / "x")), "--format")


def test_every_command_is_documented_in_docs_cli() -> None:
    import click

    from backrub.cli import cli

    text = (Path(__file__).parent.parent / "docs" / "cli.md").read_text()

    def walk(group: click.Group, prefix: str) -> list[str]:
        names = []
        for name, command in group.commands.items():
            names.append(f"{prefix}{name}")
            if isinstance(command, click.Group):
                names.extend(walk(command, f"{prefix}{name} "))
        return names

    missing = [
        name for name in walk(cli, "") if f"`{name}" not in text and f"| `{name}" not in text
    ]
    assert missing == []


@pytest.mark.postgres
def test_the_same_journey_works_on_postgresql(run, tmp_path: Path, postgres_url: str) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import _fresh_pg_database

    first, second = _fresh_pg_database(postgres_url), _fresh_pg_database(postgres_url)
    for day in range(1, 4):
        result = run(
            "--db", first, "checkin", "--pain", str(day + 2), "--at", f"2026-03-0{day}T08:00"
        )
        assert result.code == 0, result.err
    assert run("--db", first, "screen", "--no-to-all").code == 0
    assert (
        run("--db", first, "plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon").code
        == 0
    )
    backup = tmp_path / "pg.json"
    assert run("--db", first, "export", "--out", str(backup)).code == 0
    assert run("--db", second, "import", str(backup)).code == 0
    before = json.loads(run("--db", first, "history", "--json").out)
    after = json.loads(run("--db", second, "history", "--json").out)
    assert (
        [c["pain"] for c in after["checkins"]]
        == [c["pain"] for c in before["checkins"]]
        == [3, 4, 5]
    )
    assert (
        json.loads(run("--db", second, "plan", "show", "--json").out)["protocol"]
        == "cherkin-10-weekly"
    )


def test_a_body_map_entry_marks_several_regions_with_a_checkin(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert (
        run("checkin", "--pain", "5", "--where", "lower_back_left:6,below_knee_right:3").code == 0
    )
    assert run("checkin", "--pain", "4", "--where", "lower_back_left:4").code == 0
    spots = json.loads(run("history", "--json").out)["pain_spots"]
    assert [(s["region"], s["intensity"]) for s in spots] == [
        ("lower_back_left", 6),
        ("below_knee_right", 3),
        ("lower_back_left", 4),
    ]
    before = _db(home).read_bytes()
    _one_clear_line(run("checkin", "--pain", "4", "--where", "elbow:3"), "where", "'elbow'")
    _one_clear_line(
        run("checkin", "--pain", "4", "--where", "lower_back_left:11"), "where", "0 to 10"
    )
    _one_clear_line(
        run("checkin", "--pain", "4", "--where", "lower_back_left"), "where", "region:N"
    )
    assert _db(home).read_bytes() == before


def test_a_region_given_twice_in_where_is_refused_by_name(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("checkin", "--pain", "5").code == 0
    before = _db(home).read_bytes()
    result = run("checkin", "--pain", "4", "--where", "lower_back_left:5,lower_back_left:3")
    _one_clear_line(result, "lower_back_left", "once")
    assert _db(home).read_bytes() == before
