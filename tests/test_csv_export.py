"""The CSV export: a deterministic zip of tidy, documented tables."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backrub.domain.records import (
    BodyRegion,
    Cause,
    CheckIn,
    ClearanceRecord,
    Episode,
    PainSpot,
    Profile,
    ProfileData,
    ProSession,
    Response,
    ScreeningRecord,
    SelfSession,
    Technique,
    Tool,
    Zone,
    ZoneWork,
)
from backrub.errors import InvalidInput
from backrub.reports.csv_export import README_NAME, ZIP_DATE_TIME, csv_zip
from backrub.reports.csv_tables import TABLES, Table

DOCS = Path(__file__).resolve().parents[1] / "docs" / "exports.md"
SUMMER = datetime(2026, 7, 1, 8, 30, tzinfo=UTC)  # 09:30 in London (BST)
WINTER = datetime(2026, 1, 15, 18, 0, tzinfo=UTC)

DATA = ProfileData(
    profile=Profile("alice", "Europe/London", WINTER),
    episodes=(Episode(date(2026, 1, 2), True, Cause.STRAIN, note="lifting, boxes"),),
    checkins=(
        CheckIn(WINTER, "Europe/London", 6, soreness=2, sleep=5, activity_min=20),
        CheckIn(SUMMER, "Europe/London", 3, medication_taken=True, medication="ibuprofen"),
        CheckIn(SUMMER + timedelta(hours=2), "America/New_York", 4, note='said "better"\nok'),
    ),
    pro_sessions=(ProSession(WINTER, "Europe/London", Technique.STRUCTURAL, 60, cost_cents=7000),),
    self_sessions=(
        SelfSession(
            SUMMER,
            "Europe/London",
            Tool.MASSAGE_GUN,
            (
                ZoneWork(Zone.GLUTES_LEFT, 90, gun_level=4),
                ZoneWork(Zone.GLUTES_RIGHT, 60, gun_level=5),
            ),
            pain_before=5,
            pain_after=3,
            override_reason="therapist said ten minutes",
        ),
        SelfSession(WINTER, "Europe/London", Tool.TENNIS_BALL, (ZoneWork(Zone.LUMBAR_LEFT, 60),)),
        SelfSession(WINTER, "Europe/London", Tool.HANDS, ()),
    ),
    screenings=(
        ScreeningRecord(
            date(2026, 1, 2),
            (("saddle_numbness", False), ("fever", False), ("blood_thinners", True)),
            "restricted",
            ("no_massage_gun", "no_deep_pressure"),
        ),
    ),
    clearances=(ClearanceRecord(date(2026, 1, 5), "Dr Shah"),),
    pain_spots=(
        PainSpot(SUMMER, "Europe/London", BodyRegion.LOWER_BACK_LEFT, 6),
        PainSpot(SUMMER, "Europe/London", BodyRegion.BELOW_KNEE_RIGHT, 3),
    ),
    responses=(
        Response(WINTER, "Europe/London", "odi", (1, 2, 3, None, 1, 1, 1, 1, 1, 1)),
        Response(WINTER, "Europe/London", "startback", (1, 1, 0, 0, 1, 1, 1, 1, 4)),
        Response(SUMMER, "Europe/London", "phq2", (2, 1)),
        Response(SUMMER, "Europe/London", "peg", (5, None, 4)),
        Response(SUMMER, "Europe/London", "psfs", (3, 4, 6), ("walking", "sitting", "lifting")),
    ),
)


def _tables(payload: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        return {
            table.file: list(csv.DictReader(io.StringIO(archive.read(table.file).decode("utf-8"))))
            for table in TABLES
        }


def _header(payload: bytes, name: str) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        text = archive.read(name).decode("utf-8")
    return next(csv.reader(io.StringIO(text)))


def test_the_zip_holds_the_readme_and_every_table_in_a_fixed_order() -> None:
    with zipfile.ZipFile(io.BytesIO(csv_zip(DATA))) as archive:
        assert archive.namelist() == [README_NAME, *(t.file for t in TABLES)]
        assert archive.testzip() is None
    assert {t.file for t in TABLES} >= {
        "checkins.csv",
        "pro_sessions.csv",
        "self_sessions.csv",
        "responses.csv",
        "episodes.csv",
        "screenings.csv",
    }


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.file)
def test_every_table_has_the_documented_header(table: Table) -> None:
    assert _header(csv_zip(DATA), table.file) == list(table.header)
    assert _header(csv_zip(ProfileData(DATA.profile)), table.file) == list(table.header)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.file)
def test_docs_describe_every_column_of_every_table(table: Table) -> None:
    sections = DOCS.read_text(encoding="utf-8").split("\n### ")
    section = next((s for s in sections if s.startswith(table.file)), None)
    assert section is not None, f"docs/exports.md has no section for {table.file}"
    undocumented = [c for c in table.header if f"`{c}`" not in section]
    assert undocumented == []


def test_the_readme_names_every_column_with_its_meaning() -> None:
    with zipfile.ZipFile(io.BytesIO(csv_zip(DATA))) as archive:
        readme = archive.read(README_NAME).decode("utf-8")
    for table in TABLES:
        assert f"{table.file}: " in readme
        for column in table.columns:
            assert f"  {column.name}: {column.meaning}" in readme
    assert "not a medical device" in readme


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        ("checkins.csv", 3),
        ("pro_sessions.csv", 1),
        ("self_sessions.csv", 4),  # 2 zones + 1 zone + 1 session without zones
        ("responses.csv", 5),
        ("response_items.csv", 10 + 9 + 2 + 3 + 3),
        ("episodes.csv", 1),
        ("screenings.csv", 3),  # one row per answered question
        ("clearances.csv", 1),
    ],
)
def test_row_counts_match_the_data(file: str, expected: int) -> None:
    assert len(_tables(csv_zip(DATA))[file]) == expected


def test_times_are_utc_with_a_local_column_naming_the_same_instant() -> None:
    rows = _tables(csv_zip(DATA))["checkins.csv"]
    for row, checkin in zip(rows, DATA.checkins, strict=True):
        at_utc = datetime.fromisoformat(row["at_utc"])
        at_local = datetime.fromisoformat(row["at_local"])
        assert row["at_utc"].endswith("Z")
        assert at_utc == checkin.at == at_local
        assert row["tz"] == checkin.tz
        assert at_local.utcoffset() == checkin.at.astimezone(ZoneInfo(checkin.tz)).utcoffset()
    assert rows[1]["at_local"] == "2026-07-01T09:30:00+01:00"  # summer time in London
    assert rows[0]["at_local"] == "2026-01-15T18:00:00+00:00"


def test_free_text_with_commas_quotes_and_newlines_survives() -> None:
    tables = _tables(csv_zip(DATA))
    assert tables["checkins.csv"][2]["note"] == 'said "better"\nok'
    assert tables["episodes.csv"][0]["note"] == "lifting, boxes"


def test_self_massage_rows_show_each_zone_its_seconds_gun_level_and_override() -> None:
    rows = _tables(csv_zip(DATA))["self_sessions.csv"]
    gun = [r for r in rows if r["tool"] == "massage_gun"]
    assert [(r["zone_no"], r["zone"], r["seconds"], r["gun_level"]) for r in gun] == [
        ("1", "glutes_left", "90", "4"),
        ("2", "glutes_right", "60", "5"),
    ]
    assert {r["override_reason"] for r in gun} == {"therapist said ten minutes"}
    assert len({r["session_id"] for r in gun}) == 1
    ball = next(r for r in rows if r["tool"] == "tennis_ball")
    assert (ball["gun_level"], ball["override_reason"]) == ("", "")
    bare = next(r for r in rows if r["tool"] == "hands")
    assert (bare["zone"], bare["seconds"], bare["zone_no"]) == ("", "", "")


@pytest.mark.parametrize(
    ("instrument", "column", "expected"),
    [
        ("odi", "score", "26.67"),  # 12 / (5 x 9) x 100, one section missing
        ("odi", "band", "moderate disability"),
        ("odi", "unit", "%"),
        ("startback", "score", "7"),
        ("startback", "risk", "high"),
        ("startback", "psychosocial", "5"),
        ("phq2", "score", "3"),
        ("phq2", "positive_screen", "true"),
        ("phq2", "sources", "kroenke-2003"),
        ("peg", "score", ""),
        ("peg", "answered", "2"),
        ("psfs", "score", "4.33"),
        ("psfs", "items", "3"),
    ],
)
def test_responses_show_the_published_score_band_and_risk(
    instrument: str, column: str, expected: str
) -> None:
    row = next(r for r in _tables(csv_zip(DATA))["responses.csv"] if r["instrument"] == instrument)
    assert row[column] == expected


def test_a_response_without_a_score_says_why() -> None:
    row = next(r for r in _tables(csv_zip(DATA))["responses.csv"] if r["instrument"] == "peg")
    assert "unanswered" in row["no_score_reason"]


def test_response_items_join_their_response_and_keep_psfs_activities() -> None:
    tables = _tables(csv_zip(DATA))
    ids = {r["response_id"]: r["instrument"] for r in tables["responses.csv"]}
    items = tables["response_items.csv"]
    assert all(ids[i["response_id"]] == i["instrument"] for i in items)
    psfs = [(i["link_id"], i["answer"], i["label"]) for i in items if i["instrument"] == "psfs"]
    assert psfs == [
        ("psfs-1", "3", "walking"),
        ("psfs-2", "4", "sitting"),
        ("psfs-3", "6", "lifting"),
    ]
    odi = [i for i in items if i["instrument"] == "odi"]
    assert [i["link_id"] for i in odi] == [f"odi-{n}" for n in range(1, 11)]
    assert odi[3]["answer"] == ""


def test_saved_records_keep_their_database_ids() -> None:
    saved = ProfileData(
        DATA.profile,
        checkins=(CheckIn(WINTER, "UTC", 2, id=41), CheckIn(SUMMER, "UTC", 3, id=7)),
    )
    rows = _tables(csv_zip(saved))["checkins.csv"]
    assert [r["checkin_id"] for r in rows] == ["41", "7"]


def test_screening_rows_repeat_the_verdict_for_each_answer() -> None:
    rows = _tables(csv_zip(DATA))["screenings.csv"]
    assert [(r["question"], r["answer"]) for r in rows] == [
        ("saddle_numbness", "false"),
        ("fever", "false"),
        ("blood_thinners", "true"),
    ]
    assert {(r["verdict"], r["restrictions"]) for r in rows} == {
        ("restricted", "no_massage_gun;no_deep_pressure")
    }


def test_the_same_data_gives_the_same_bytes_with_fixed_zip_times() -> None:
    first = csv_zip(DATA)
    assert first == csv_zip(DATA)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {ZIP_DATE_TIME}


def test_a_time_without_a_zone_is_refused_naming_the_field() -> None:
    naive = ProfileData(DATA.profile, checkins=(CheckIn(datetime(2026, 3, 2, 9, 30), "UTC", 3),))
    with pytest.raises(InvalidInput) as caught:
        csv_zip(naive)
    assert "at" in str(caught.value)


def test_an_unknown_time_zone_is_refused_naming_it() -> None:
    bad = ProfileData(DATA.profile, checkins=(CheckIn(WINTER, "Mars/Olympus", 3),))
    with pytest.raises(InvalidInput) as caught:
        csv_zip(bad)
    assert "Mars/Olympus" in str(caught.value)


_notes = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
_checkins = st.builds(
    CheckIn,
    at=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    tz=st.sampled_from(["UTC", "Europe/London", "Australia/Adelaide", "America/St_Johns"]),
    pain=st.integers(0, 10),
    note=st.none() | _notes,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_checkins, max_size=8))
def test_every_check_in_comes_back_from_the_csv_unchanged(checkins: list[CheckIn]) -> None:
    data = ProfileData(DATA.profile, checkins=tuple(checkins))
    rows = _tables(csv_zip(data))["checkins.csv"]
    assert len(rows) == len(checkins)
    for row, checkin in zip(rows, checkins, strict=True):
        assert datetime.fromisoformat(row["at_utc"]) == checkin.at
        assert datetime.fromisoformat(row["at_local"]) == checkin.at
        assert int(row["pain"]) == checkin.pain
        note = row["note"][1:] if row["note"].startswith("'") else row["note"]
        assert note == (checkin.note or "")  # one leading ' guards text a spreadsheet would run


def test_body_map_marks_are_one_row_per_region_with_local_time() -> None:
    rows = _tables(csv_zip(DATA))["pain_spots.csv"]
    assert [(r["region"], r["intensity"]) for r in rows] == [
        ("lower_back_left", "6"),
        ("below_knee_right", "3"),
    ]
    assert rows[0]["at_local"].startswith("2026-07-01T09:30")
