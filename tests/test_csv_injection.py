"""CSV exports never hand a spreadsheet a formula; numbers stay numbers.

Two readers check every cell of every table: the csv module (each cell is a
number in a numeric column or does not begin with a formula character) and a
spreadsheet-style import into an openpyxl workbook (numbers converted, text
kept, anything a spreadsheet would take for a formula stored as one), which
must hold no formula cell.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
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
from backrub.reports.csv_export import csv_zip, neutralise
from backrub.reports.csv_tables import TABLES

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
HOSTILE = (
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\n=1",
    "  =1+1",
    "'=1",
)
LOOK_ALIKES = ("＝1+1", "＋1", "－2", "＠SUM(A1)", "‐2+3", "﹦1")  # control: not formula characters
FORMULA_CHARACTERS = ("=", "+", "-", "@", "\t", "\r", "\n")

# Columns that hold numbers; every other column is text. Written out here, not
# taken from the code under test, so a number that turns into text is caught.
NUMERIC = {
    "checkin_id",
    "pain",
    "soreness",
    "sleep",
    "activity_min",
    "session_id",
    "duration_min",
    "cost_cents",
    "zone_no",
    "seconds",
    "gun_level",
    "pain_before",
    "pain_during",
    "pain_after",
    "response_id",
    "score",
    "answered",
    "items",
    "psychosocial",
    "answer",
    "episode_id",
    "screening_id",
    "clearance_id",
    "spot_id",
    "intensity",
}
# Text columns whose values come from backrub's own vocabulary (enums, ids,
# zones, dates), which no one can type hostile text into.
FIXED_TEXT = {
    "at_utc",
    "at_local",
    "tz",
    "technique",
    "tool",
    "zone",
    "instrument",
    "unit",
    "link_id",
    "band",
    "risk",
    "positive_screen",
    "no_score_reason",
    "sources",
    "onset",
    "leg_pain_below_knee",
    "cause",
    "screened_on",
    "cleared_on",
    "region",
    "medication_taken",
    "new_leg_symptoms",
    "lifts",
}
BOOLEAN = {("screenings.csv", "answer")}  # true/false, where response_items.csv has numbers


def _numeric(file: str, column: str) -> bool:
    return column in NUMERIC and (file, column) not in BOOLEAN


def _free_text(file: str, column: str) -> bool:
    return not _numeric(file, column) and column not in FIXED_TEXT and (file, column) not in BOOLEAN


def _fill_text(record: Any, text: str) -> Any:
    """Return ``record`` with every free-text field (str, str | None, tuple[str, ...]) = text."""
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(record):
        if field.name in {"tz", "instrument"}:
            continue
        if field.type in ("str", "str | None"):
            changes[field.name] = text
        elif field.type == "tuple[str, ...]":
            changes[field.name] = tuple(text for _ in getattr(record, field.name))
    return dataclasses.replace(record, **changes)


def _profile(text: str) -> ProfileData:
    """A profile with ``text`` in every text field a person can type, and negative numbers."""
    records = ProfileData(
        profile=Profile(text, "Europe/London", AT),
        episodes=(Episode(date(2026, 1, 2), True, Cause.OTHER, note="x"),),
        checkins=(
            CheckIn(AT, "Europe/London", 6, 2, 5, 20, True, medication="x", note="x"),
            CheckIn(AT, "Europe/London", 4),
        ),
        pro_sessions=(
            ProSession(
                AT, "Europe/London", Technique.OTHER, 60, 7000, "GBP", "x", "x", "x", "x", "x"
            ),
        ),
        self_sessions=(
            SelfSession(
                AT,
                "Europe/London",
                Tool.MASSAGE_GUN,
                (ZoneWork(Zone.GLUTES_LEFT, 90, gun_level=4),),
                5,
                3,
                4,
                override_reason="x",
                note="x",
            ),
        ),
        screenings=(ScreeningRecord(date(2026, 1, 2), (("fever", False),), "clear", ("x",)),),
        clearances=(ClearanceRecord(date(2026, 1, 5), "x", note="x"),),
        responses=(
            Response(AT, "Europe/London", "ffd", (-8.0,)),
            Response(AT, "Europe/London", "ffd", (-2.5,)),
            Response(AT, "Europe/London", "psfs", (3, 4, 6), ("x", "x", "x")),
            Response(AT, "Europe/London", "peg", (5, None, 4)),
        ),
        pain_spots=(PainSpot(AT, "Europe/London", BodyRegion.SPINE_LOW, 6),),
    )
    filled = {
        f.name: tuple(_fill_text(r, text) for r in getattr(records, f.name))
        for f in dataclasses.fields(records)
        if f.name != "profile"
    }
    screenings = tuple(
        dataclasses.replace(s, answers=((text, True),), verdict=text) for s in filled["screenings"]
    )
    return dataclasses.replace(records, **{**filled, "screenings": screenings})


def _tables(payload: bytes) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        return {
            t.file: list(csv.reader(io.StringIO(archive.read(t.file).decode("utf-8"), newline="")))
            for t in TABLES
        }


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _as_a_spreadsheet_imports_it(cell: str) -> object:
    """The value a spreadsheet's CSV import makes of ``cell``: numbers converted,
    anything that starts a formula (also after leading blanks) kept as a formula,
    everything else text."""
    if cell == "":
        return None
    if _is_number(cell):
        number = float(cell)
        return int(number) if number.is_integer() and "." not in cell else number
    if cell.lstrip(" \t\r\n").startswith(("=", "+", "-", "@")):
        return "=" + cell.lstrip(" \t\r\n").lstrip("=")  # openpyxl stores "=..." as a formula
    return cell


def _workbook(payload: bytes) -> openpyxl.Workbook:
    """Load every CSV of the export into one sheet each and reopen the saved workbook."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in _tables(payload).items():
        sheet = book.create_sheet(name.removesuffix(".csv")[:31])
        for row in rows:
            sheet.append([_as_a_spreadsheet_imports_it(cell) for cell in row])
    saved = io.BytesIO()
    book.save(saved)
    return openpyxl.load_workbook(io.BytesIO(saved.getvalue()))


def test_the_spreadsheet_style_import_does_see_formulas_in_unneutralised_text() -> None:
    """The reader below would catch a formula: without neutralising, it finds one."""
    assert _as_a_spreadsheet_imports_it("+1+1") == "=+1+1"
    book = openpyxl.Workbook()
    book.active.append([_as_a_spreadsheet_imports_it(t) for t in HOSTILE if t[0] != "'"])
    assert all(cell.data_type == "f" for cell in book.active[1])


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_every_cell_is_a_number_or_text_that_cannot_start_a_formula(text: str) -> None:
    data = _profile(text)
    tables = _tables(csv_zip(data))
    seen_hostile = 0
    for name, (header, *rows) in tables.items():
        for row in rows:
            for column, cell in zip(header, row, strict=True):
                if _numeric(name, column) and cell != "":
                    assert _is_number(cell), (name, column, cell)
                    continue
                assert not cell.startswith(FORMULA_CHARACTERS), (name, column, cell)
                assert not cell.lstrip(" ").startswith(FORMULA_CHARACTERS), (name, column, cell)
                if cell == "'" + text:
                    seen_hostile += 1
    # every free-text column of every table carried the hostile text, neutralised
    free_text = [(t.file, c) for t in TABLES for c in t.header if _free_text(t.file, c)]
    for file, column in free_text:
        header, *rows = tables[file]
        values = {row[header.index(column)] for row in rows}
        assert "'" + text in values, (file, column, values)
    assert seen_hostile >= len(free_text)


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_a_spreadsheet_import_of_every_table_holds_no_formula_and_numbers_as_numbers(
    text: str,
) -> None:
    book = _workbook(csv_zip(_profile(text)))
    numbers = 0
    for sheet in book.worksheets:
        header = [c.value for c in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            for column, cell in zip(header, row, strict=True):
                assert cell.data_type != "f", (sheet.title, column, cell.value)
                if _numeric(sheet.title + ".csv", column) and cell.value is not None:
                    assert cell.data_type == "n", (sheet.title, column, cell.value)
                    assert isinstance(cell.value, int | float)
                    numbers += 1
                elif cell.value is not None:
                    assert isinstance(cell.value, str)
    assert numbers > 20


def test_negative_numbers_stay_plain_numbers() -> None:
    tables = _tables(csv_zip(_profile("=1")))
    header, *items = tables["response_items.csv"]
    ffd = [row[header.index("answer")] for row in items if row[header.index("instrument")] == "ffd"]
    assert ffd == ["-8.0", "-2.5"]
    header, *responses = tables["responses.csv"]
    scores = [r[header.index("score")] for r in responses if r[header.index("instrument")] == "ffd"]
    assert [float(s) for s in scores] == [-8.0, -2.5]
    assert all(not s.startswith("'") for s in scores)


@pytest.mark.parametrize("text", LOOK_ALIKES, ids=repr)
def test_look_alike_characters_are_not_formulas_and_are_written_as_entered(text: str) -> None:
    tables = _tables(csv_zip(_profile(text)))
    header, *rows = tables["checkins.csv"]
    assert rows[0][header.index("note")] == text
    assert rows[0][header.index("medication")] == text
    book = _workbook(csv_zip(_profile(text)))
    assert all(c.data_type != "f" for sheet in book.worksheets for row in sheet for c in row)


@pytest.mark.parametrize(
    "text", [*HOSTILE, *LOOK_ALIKES, "''x", "plain", "", "a=b", " x", "'"], ids=repr
)
def test_dropping_one_leading_quote_gives_back_the_text_as_entered(text: str) -> None:
    written = neutralise(text)
    assert (written[1:] if written.startswith("'") else written) == text


def test_the_cli_export_neutralises_what_was_typed(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    """End to end: hostile text typed at the keyboard, stored, exported by `backrub export`."""
    env = {"BACKRUB_NOW": "2026-03-02T12:00:00+00:00", "BACKRUB_TZ": "Europe/London"}
    steps = [
        ("checkin", "--pain", "4", "--note=-2+3", "--medication=@SUM(A1)"),
        ("checkin", "--pain", "5", "--note", '=HYPERLINK("http://x","y")'),
        ("session", "log", "pro", "--technique", "sports", "--minutes", "60", "--therapist=+1+1"),
        ("survey", "ffd", "--answers=-8"),
        ("export", "--format", "csv", "--out", str(home / "out.zip")),
    ]
    for args in steps:
        result = run(*args, env=env)
        assert result.code == 0, (args, result.err)
    tables = _tables((home / "out.zip").read_bytes())
    header, *rows = tables["checkins.csv"]
    assert [row[header.index("note")] for row in rows] == ["'-2+3", '\'=HYPERLINK("http://x","y")']
    assert rows[0][header.index("medication")] == "'@SUM(A1)"
    header, *rows = tables["pro_sessions.csv"]
    assert rows[0][header.index("therapist")] == "'+1+1"
    header, *items = tables["response_items.csv"]
    assert [row[header.index("answer")] for row in items] == ["-8.0"]
    book = _workbook((home / "out.zip").read_bytes())
    assert all(c.data_type != "f" for sheet in book.worksheets for row in sheet for c in row)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("=+-@\t\r\n '\"x1.,;＝")) | st.characters(), max_size=12)
)
def test_any_text_comes_out_safe_and_can_be_read_back(text: str) -> None:
    written = neutralise(text)
    assert not written.startswith(FORMULA_CHARACTERS)
    assert not written.lstrip(" ").startswith(FORMULA_CHARACTERS)
    assert (written[1:] if written.startswith("'") else written) == text


@settings(max_examples=300, deadline=None)
@given(st.integers(-30, 80) | st.floats(-30, 80))  # the fingertip-to-floor range, in cm
def test_any_number_is_written_as_a_plain_number(number: float) -> None:
    data = ProfileData(Profile("p", "UTC", AT), responses=(Response(AT, "UTC", "ffd", (number,)),))
    header, *items = _tables(csv_zip(data))["response_items.csv"]
    assert float(items[0][header.index("answer")]) == number
