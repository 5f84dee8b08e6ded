"""The iCalendar export: RFC 5545 musts, stable UIDs, and a second opinion from ical.js.

Neither icalendar nor ical.js is a conformance validator (instruments.md,
iCalendar section), so the musts are asserted here on the raw bytes and the
file is parsed by both libraries, which must agree event by event.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from backrub.domain.plan_model import Plan
from backrub.domain.plans import make_plan
from backrub.domain.records import ProSession, Technique, Tool
from backrub.domain.replan import replan
from backrub.domain.restrictions import Restriction
from backrub.errors import InvalidInput
from backrub.evidence import load_rules
from backrub.reports.ics import plan_to_ics

RULES = load_rules()
PRODID = "-//backrub//plan export//EN"
JS_DIR = Path(__file__).parent / "js"


def plan_for(protocol_id: str = "elder-10x60-12w", **changes: Any) -> Plan:
    args: dict[str, Any] = {
        # starts before the change to summer time in Europe (29 March 2026)
        "start": date(2026, 3, 16),
        "weekdays": frozenset({1, 3}),
        "price_per_session": Decimal("80"),
        "budget_per_session": None,
        "budget_total": None,
        "currency": "EUR",
        "tools": frozenset(Tool),
        "restrictions": frozenset(),
        "today": date(2026, 3, 10),
        "rules": RULES,
    }
    args.update(changes)
    return make_plan(protocol_id, **args)


def export(plan: Plan, tz: str = "Europe/Berlin", *, slot: bool = True) -> bytes:
    return plan_to_ics(plan, tz=tz, include_daily_slot=slot, prodid=PRODID)


def events(data: bytes) -> list[Any]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


@pytest.mark.parametrize("tz", ["Europe/Berlin", "America/New_York", "UTC"])
def test_the_export_parses_back_without_any_recorded_error(tz: str) -> None:
    calendar = Calendar.from_ical(export(plan_for(), tz))
    for component in calendar.walk():
        assert component.errors == [], (component.name, component.errors)
    assert calendar["VERSION"] == "2.0"
    assert str(calendar["PRODID"]) == PRODID


@pytest.mark.parametrize("tz", ["Europe/Berlin", "UTC"])
def test_every_event_has_uid_dtstamp_dtstart_and_dtend(tz: str) -> None:
    found = events(export(plan_for(), tz))
    assert len(found) == 10 + 3 + 1  # sessions, assessments, daily slot
    for event in found:
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert name in event, (name, event.get("SUMMARY"))
        assert event.decoded("DTSTAMP") == datetime(2026, 3, 10, tzinfo=UTC)


def test_lines_end_in_crlf_and_are_folded_at_75_octets() -> None:
    # a long title with non-ASCII dashes must fold on octets, not characters
    data = export(plan_for("sherman-60-2to3-4w"))
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # folding did happen
    assert "–" in str(Calendar.from_ical(data)["X-WR-CALNAME"])


def test_every_tzid_has_its_vtimezone() -> None:
    data = export(plan_for(), "America/New_York")
    used = set(re.findall(rb";TZID=([^:;]+)", data))
    calendar = Calendar.from_ical(data)
    defined = {str(tz["TZID"]).encode() for tz in calendar.walk("VTIMEZONE")}
    assert used == {b"America/New_York"}
    assert used <= defined


def test_utc_export_has_no_vtimezone_and_times_in_z() -> None:
    data = export(plan_for(), "UTC")
    assert b"VTIMEZONE" not in data and b"TZID" not in data
    assert b"DTSTART:20260317T100000Z" in data


def test_sessions_keep_their_local_hour_across_the_change_to_summer_time() -> None:
    found = events(export(plan_for()))
    starts = sorted(
        e.decoded("DTSTART") for e in found if str(e["SUMMARY"]).startswith("Massage session")
    )
    assert {s.hour for s in starts} == {10}
    assert starts[0].utcoffset() == timedelta(hours=1)
    assert starts[-1].utcoffset() == timedelta(hours=2)


def test_assessments_are_all_day_events_on_the_planned_dates() -> None:
    plan = plan_for()
    found = [e for e in events(export(plan)) if "assessment" in str(e["SUMMARY"])]
    assert sorted(e.decoded("DTSTART") for e in found) == [a.on for a in plan.assessments]
    assert all(e.decoded("DTEND") - e.decoded("DTSTART") == timedelta(days=1) for e in found)


def test_uids_are_unique_and_the_same_on_every_export() -> None:
    plan = plan_for()
    first = [str(e["UID"]) for e in events(export(plan))]
    second = [str(e["UID"]) for e in events(export(plan, "UTC"))]
    assert len(set(first)) == len(first)
    assert first == second


def test_sessions_a_replan_did_not_move_keep_their_uids() -> None:
    plan = plan_for()
    done = [
        ProSession(
            at=datetime(2026, 3, 17, 9, tzinfo=UTC),
            tz="UTC",
            technique=Technique.RELAXATION,
            duration_min=60,
        )
    ]
    moved = replan(plan, done, today=date(2026, 4, 1))
    before = {e.decoded("DTSTART"): str(e["UID"]) for e in events(export(plan))}
    after = {e.decoded("DTSTART"): str(e["UID"]) for e in events(export(moved))}
    kept = set(before) & set(after)
    assert len(kept) >= 10
    assert all(before[start] == after[start] for start in kept)


def test_the_daily_slot_repeats_until_the_end_of_the_plan() -> None:
    plan = plan_for()
    (slot,) = [e for e in events(export(plan)) if "RRULE" in e]
    assert slot["RRULE"]["FREQ"] == ["DAILY"]
    assert slot["RRULE"]["COUNT"] == [(plan.end - plan.start).days + 1]
    start = slot.decoded("DTSTART")
    assert start == datetime(2026, 3, 16, 19, tzinfo=ZoneInfo("Europe/Berlin"))
    assert slot.decoded("DTEND") - start == timedelta(minutes=5)


@pytest.mark.parametrize(
    ("include", "restrictions"),
    [(False, frozenset()), (True, frozenset({Restriction.NO_SELF_MASSAGE}))],
)
def test_the_daily_slot_is_left_out_when_not_wanted_or_not_allowed(
    include: bool, restrictions: frozenset[Restriction]
) -> None:
    found = events(export(plan_for(restrictions=restrictions), slot=include))
    assert not [e for e in found if "RRULE" in e]
    assert len(found) == 13


def test_descriptions_name_the_evidence_and_say_it_is_not_a_medical_device() -> None:
    for event in events(export(plan_for())):
        text = str(event["DESCRIPTION"])
        assert "Evidence: " in text
        assert "not a medical device" in text
    sessions = [e for e in events(export(plan_for())) if "session" in str(e["SUMMARY"])]
    assert all("elder-2017" in str(e["DESCRIPTION"]) for e in sessions)


def test_a_plan_without_professional_sessions_still_exports_its_assessments() -> None:
    plan = plan_for(restrictions=frozenset({Restriction.NO_PROFESSIONAL_MASSAGE}))
    found = events(export(plan, slot=False))
    assert sorted(e.decoded("DTSTART") for e in found) == [a.on for a in plan.assessments]


@pytest.mark.parametrize(
    ("field", "tz", "prodid"),
    [("tz", "Mars/Olympus_Mons", PRODID), ("tz", "", PRODID), ("prodid", "UTC", "  ")],
)
def test_a_bad_time_zone_or_empty_prodid_is_refused_naming_the_field(
    field: str, tz: str, prodid: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        plan_to_ics(plan_for(), tz=tz, include_daily_slot=True, prodid=prodid)
    assert caught.value.field == field


# ---------------------------------------------------------------- ical.js


def _python_time(value: date | datetime) -> dict[str, Any]:
    if isinstance(value, datetime):
        utc = value.tzname() == "UTC"
        return {
            "text": value.strftime("%Y-%m-%dT%H:%M:%S") + ("Z" if utc else ""),
            "isDate": False,
            "epoch": int(value.timestamp()),
        }
    return {"text": value.isoformat(), "isDate": True, "epoch": None}


def _icaljs_missing(node: str | None) -> str | None:
    """Why the ical.js cross-check cannot run here, or None when it can."""
    if node is None:
        return "node is not installed; the ical.js cross-check needs Node 20+ and npm"
    done = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=60)
    major = done.stdout.strip().lstrip("v").split(".")[0]
    if done.returncode != 0 or not major.isdigit() or int(major) < 20:
        return f"the ical.js cross-check needs Node 20+, found {done.stdout.strip() or 'none'}"
    if not (JS_DIR / "node_modules" / "ical.js").is_dir():
        return "tests/js/node_modules is missing; run `npm ci` in tests/js (dev.py setup does)"
    return None


def _parse_with_icaljs(path: Path) -> dict[str, Any]:
    node = shutil.which("node")
    missing = _icaljs_missing(node)
    if missing is not None:
        if os.environ.get("CI"):  # CI installs Node and npm: a skip there would hide a gap
            pytest.fail(f"CI must run the ical.js cross-check, but {missing}")
        pytest.skip(missing)
    assert node is not None
    done = subprocess.run(
        [node, str(JS_DIR / "parse_ics.mjs"), str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("tz", ["Europe/Berlin", "America/New_York", "UTC"])
def test_ical_js_reads_the_same_events_as_python(tmp_path: Path, tz: str) -> None:
    plan = plan_for("sherman-60-2to3-4w")
    path = tmp_path / "plan.ics"
    path.write_bytes(export(plan, tz))
    js = _parse_with_icaljs(path)
    assert js["version"] == "2.0"
    by_uid = {e["uid"]: e for e in js["events"]}
    python = events(path.read_bytes())
    assert len(by_uid) == len(python) == len(js["events"]) == 8 + 3 + 1
    for event in python:
        theirs = by_uid[str(event["UID"])]
        assert theirs["summary"] == str(event["SUMMARY"])
        for name in ("dtstart", "dtend"):
            ours = _python_time(event.decoded(name.upper()))
            assert {k: theirs[name][k] for k in ours} == ours, (name, event["SUMMARY"])
        if "RRULE" in event:
            assert theirs["occurrences"] == event["RRULE"]["COUNT"][0]
