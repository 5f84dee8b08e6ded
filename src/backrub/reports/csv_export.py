"""Render a profile as a zip of tidy CSV tables, one row per observation.

The tables and their columns are data (``TABLES``): the same definitions
write the files, the ``README.txt`` inside the zip and are checked against
``docs/exports.md`` by a test, so a column cannot appear undocumented.

Conventions, all stated in the README:

- UTF-8 without a byte-order mark, comma-separated, CRLF line ends (RFC 4180).
- Times: ``at_utc`` is ISO 8601 in UTC (``Z``), ``at_local`` the same instant
  in the person's zone with its offset, ``tz`` the IANA zone. Plain dates
  (onset, screening day) are ISO 8601 dates.
- Empty cell: no value recorded. Booleans are ``true``/``false``.
- Ids: the database ids when every record of a table has one, otherwise the
  1-based position in the export, so rows of two tables still join.
- Questionnaire scores are recomputed from the answers with the instrument's
  published rule (``backrub.domain.scoring``); ``sources`` names it.
- Text never starts a formula: a text cell beginning with ``=``, ``+``, ``-``,
  ``@``, a tab, a carriage return or a line feed (after any leading spaces)
  gets a leading ``'`` (OWASP "CSV injection"), so a spreadsheet shows it as
  text instead of running it; text entered with a leading ``'`` gets one more,
  so dropping one leading ``'`` gives back what was entered. Numbers are
  written as plain numbers.

The output is a pure function of the data: entries are written in a fixed
order with a fixed timestamp, so the same data gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import math
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backrub.domain.instruments import get_instrument
from backrub.domain.records import ProfileData, Response, SelfSession
from backrub.domain.scoring import score
from backrub.errors import InvalidInput

ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
README_NAME = "README.txt"

Cell = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    meaning: str


@dataclass(frozen=True, slots=True)
class Table:
    file: str
    row: str  # what one row is
    columns: tuple[Column, ...]

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


_AT = (
    Column("at_utc", "when it happened, ISO 8601 in UTC"),
    Column("at_local", "the same instant in the person's time zone, ISO 8601 with offset"),
    Column("tz", "the person's IANA time zone when it was recorded"),
)

CHECKINS = Table(
    "checkins.csv",
    "one check-in",
    (
        Column("checkin_id", "id of the check-in"),
        *_AT,
        Column("pain", "pain right now, 0-10 numeric rating scale (ostelo-2008)"),
        Column("soreness", "soreness from self-massage, 0-10"),
        Column("sleep", "sleep quality last night, 0-10 (product scale, not validated)"),
        Column("activity_min", "minutes of activity that day"),
        Column("medication_taken", "true if pain medication was taken"),
        Column("medication", "which medication, as written"),
        Column("note", "free-text note"),
        Column(
            "new_leg_symptoms",
            "true if new leg symptoms, numbness or weakness were reported; empty if not asked",
        ),
    ),
)

PRO_SESSIONS = Table(
    "pro_sessions.csv",
    "one professional massage session",
    (
        Column("session_id", "id of the session"),
        *_AT,
        Column("technique", "relaxation, structural, trigger_point, sports or other"),
        Column("duration_min", "length of the session in minutes"),
        Column("cost_cents", "price in cents of the currency"),
        Column("currency", "ISO 4217 currency code"),
        Column("therapist", "therapist's name, as written"),
        Column("subjective", "SOAP note: subjective"),
        Column("objective", "SOAP note: objective"),
        Column("assessment", "SOAP note: assessment"),
        Column("plan", "SOAP note: plan"),
    ),
)

SELF_SESSIONS = Table(
    "self_sessions.csv",
    "one zone worked in a self-massage session (a session without zones has one row with "
    "empty zone columns); session columns repeat on each of its rows, so count a session "
    "once (zone_no 1) when you average them",
    (
        Column("session_id", "id of the session; rows with the same id are one session"),
        *_AT,
        Column("tool", "tennis_ball, foam_roller, massage_gun or hands"),
        Column("zone_no", "1-based order of the zone within the session"),
        Column("zone", "area worked, e.g. glutes_left"),
        Column("seconds", "time on this zone in seconds"),
        Column("gun_level", "massage gun speed level 1-20 (massage gun only)"),
        Column("pain_before", "pain 0-10 before the session"),
        Column("pain_during", "pain 0-10 during the session"),
        Column("pain_after", "pain 0-10 after the session"),
        Column("override_reason", "the reason given for going over the daily cap, if any"),
        Column("note", "free-text note"),
    ),
)

RESPONSES = Table(
    "responses.csv",
    "one completed questionnaire or measurement, with its score",
    (
        Column("response_id", "id of the response; joins response_items.csv"),
        *_AT,
        Column(
            "instrument",
            "instrument id: nrs, peg, rmdq, odi, startback, phq2, gad2, phq9, gad7, ...",
        ),
        Column("score", "score by the instrument's published rule; empty when none is allowed"),
        Column("unit", "unit of the score: {score}, % (ODI) or cm (fingertip-to-floor)"),
        Column("answered", "number of items answered"),
        Column("items", "number of items in this response"),
        Column("band", "band of the score in the words backrub shows (ODI)"),
        Column("risk", "risk group: low, medium or high (STarT Back)"),
        Column("psychosocial", "psychosocial subscale 0-5 (STarT Back)"),
        Column("positive_screen", "true when the screener total is 3 or more (PHQ-2, GAD-2)"),
        Column("no_score_reason", "why there is no score, e.g. too many missing items"),
        Column("sources", "evidence ids of the instrument and its scoring rule, ';'-separated"),
    ),
)

RESPONSE_ITEMS = Table(
    "response_items.csv",
    "one item of a questionnaire response",
    (
        Column("response_id", "id of the response in responses.csv"),
        Column("instrument", "instrument id"),
        Column("link_id", "item id, e.g. rmdq-3 or odi-7 (no item text is exported)"),
        Column("answer", "the answer as a number; empty when the item was not answered"),
        Column("label", "the activity the person named (PSFS only)"),
    ),
)

EPISODES = Table(
    "episodes.csv",
    "one episode of low back pain",
    (
        Column("episode_id", "id of the episode"),
        Column("onset", "date the episode began, ISO 8601"),
        Column("leg_pain_below_knee", "true if pain goes below the knee"),
        Column("cause", "suspected cause: strain, disc, unknown or other"),
        Column("note", "free-text note"),
    ),
)

SCREENINGS = Table(
    "screenings.csv",
    "one answered screening question; verdict and restrictions repeat on each row",
    (
        Column("screening_id", "id of the screening; rows with the same id are one screening"),
        Column("screened_on", "date of the screening, ISO 8601"),
        Column(
            "verdict",
            "stop_emergency, stop_same_day, stop_see_clinician, not_for_under_18, "
            "restricted or clear",
        ),
        Column("restrictions", "kinds of massage taken away, ';'-separated"),
        Column("question", "question id"),
        Column("answer", "true for yes, false for no; for age_band its value, such as 20_50"),
    ),
)

CLEARANCES = Table(
    "clearances.csv",
    "one clinician's go-ahead after a stop, as the person recorded it",
    (
        Column("clearance_id", "id of the clearance"),
        Column("cleared_on", "date of the clearance, ISO 8601"),
        Column("cleared_by", "the clinician, as written"),
        Column(
            "lifts",
            "screening question ids the clearance lifts, separated by ';'; empty for a "
            "clearance recorded before clearances had a scope",
        ),
        Column("note", "free-text note"),
    ),
)

PAIN_SPOTS = Table(
    "pain_spots.csv",
    "one body-map mark: how much one region hurt at one moment",
    (
        Column("spot_id", "id of the mark"),
        *_AT,
        Column("region", "region of the body map, seen from behind (e.g. lower_back_left)"),
        Column("intensity", "pain in that region, 0-10"),
        Column(
            "checkin_id",
            "the check-in the mark was saved with (checkins.csv), empty for a mark made alone",
        ),
    ),
)

TABLES: tuple[Table, ...] = (
    CHECKINS,
    PRO_SESSIONS,
    SELF_SESSIONS,
    RESPONSES,
    RESPONSE_ITEMS,
    EPISODES,
    SCREENINGS,
    CLEARANCES,
    PAIN_SPOTS,
)


def csv_zip(data: ProfileData) -> bytes:
    """Return ``data`` as zip bytes holding ``README.txt`` and one CSV per table.

    Raises ``InvalidInput`` for a time without a zone, an unknown IANA zone or
    a response whose answers its instrument does not allow.
    """
    rows: Mapping[str, Iterable[Mapping[str, Cell]]] = {
        CHECKINS.file: _checkin_rows(data),
        PRO_SESSIONS.file: _pro_rows(data),
        SELF_SESSIONS.file: _self_rows(data.self_sessions),
        RESPONSES.file: _response_rows(data.responses),
        RESPONSE_ITEMS.file: _item_rows(data.responses),
        EPISODES.file: _episode_rows(data),
        SCREENINGS.file: _screening_rows(data),
        CLEARANCES.file: _clearance_rows(data),
        PAIN_SPOTS.file: _spot_rows(data),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _write(archive, README_NAME, readme().encode("utf-8"))
        for table in TABLES:
            _write(archive, table.file, _render(table, rows[table.file]))
    return buffer.getvalue()


def readme() -> str:
    """Return the text of the README inside the zip: conventions and every column."""
    lines = [
        "backrub CSV export",
        "",
        "Tidy tables, one row per observation. UTF-8, comma-separated, CRLF line ends.",
        "Times: at_utc is ISO 8601 in UTC; at_local is the same instant in the person's",
        "time zone with its offset; tz is the IANA zone. Dates are ISO 8601 (YYYY-MM-DD).",
        "An empty cell means nothing was recorded. Booleans are true/false.",
        "Ids are the database ids, or the 1-based position when a record had none.",
        "Scores are recomputed from the answers by each instrument's published rule;",
        "the sources column names the evidence. Licensed instruments (ODI, STarT Back)",
        "are exported as item ids and answers only, never item text.",
        "Text that would start a spreadsheet formula (=, +, -, @, a tab or a line break",
        "first, after any spaces) begins with ' so that it is shown, never run (text that",
        "began with ' gets one more); numbers, negative ones included, are plain numbers.",
        "backrub informs and records; it is not a medical device and does not diagnose.",
    ]
    for table in TABLES:
        lines += ["", f"{table.file}: {table.row}"]
        lines += [f"  {c.name}: {c.meaning}" for c in table.columns]
    return "\n".join(lines) + "\n"


def _write(archive: zipfile.ZipFile, name: str, payload: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # unix, on every platform, so the bytes do not vary
    info.external_attr = 0o100644 << 16
    archive.writestr(info, payload)


def _render(table: Table, rows: Iterable[Mapping[str, Cell]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in table.header])
    return text.getvalue().encode("utf-8")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What makes a spreadsheet read a cell as a formula when it comes first."""


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return str(value)  # a number stays a number, -8 included
    return neutralise(str(value))


def neutralise(text: str) -> str:
    """Return ``text`` with a leading ``'`` if a spreadsheet would run it as a formula.

    Spreadsheets read a cell starting with ``=``, ``+``, ``-`` or ``@`` as a
    formula, and some strip leading spaces, tabs and line breaks first; the
    quote makes them show the text instead (OWASP "CSV injection"). Text that
    already starts with ``'`` gets one more, so removing one leading ``'``
    always gives back the text as entered.
    """
    if text.startswith(("'", *FORMULA_STARTS)) or text.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def record_ids(ids: Sequence[int | None]) -> list[int]:
    """Return the database ids if all are present and distinct, else positions 1..n."""
    if all(i is not None for i in ids) and len(set(ids)) == len(ids):
        return [i for i in ids if i is not None]
    return list(range(1, len(ids) + 1))


def zone_of(tz: str) -> tzinfo:
    """Return the IANA zone ``tz`` (``UTC`` accepted), or raise ``InvalidInput``."""
    if tz.strip().upper() in {"UTC", "Z", "ETC/UTC"}:
        return UTC
    try:
        return ZoneInfo(tz.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            "tz", tz, "use an IANA time zone such as Europe/London, or UTC"
        ) from None


def _times(at: datetime, tz: str) -> dict[str, Cell]:
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidInput("at", at.isoformat(), "give a time with a zone (stored in UTC)")
    utc = at.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return {"at_utc": utc, "at_local": at.astimezone(zone_of(tz)).isoformat(), "tz": tz}


def _checkin_rows(data: ProfileData) -> Iterator[dict[str, Cell]]:
    ids = record_ids([c.id for c in data.checkins])
    for rid, c in zip(ids, data.checkins, strict=True):
        yield {
            "checkin_id": rid,
            **_times(c.at, c.tz),
            "pain": c.pain,
            "soreness": c.soreness,
            "sleep": c.sleep,
            "activity_min": c.activity_min,
            "medication_taken": c.medication_taken,
            "medication": c.medication,
            "note": c.note,
            "new_leg_symptoms": c.new_leg_symptoms,
        }


def _pro_rows(data: ProfileData) -> Iterator[dict[str, Cell]]:
    ids = record_ids([p.id for p in data.pro_sessions])
    for rid, p in zip(ids, data.pro_sessions, strict=True):
        yield {
            "session_id": rid,
            **_times(p.at, p.tz),
            "technique": p.technique.value,
            "duration_min": p.duration_min,
            "cost_cents": p.cost_cents,
            "currency": p.currency,
            "therapist": p.therapist,
            "subjective": p.subjective,
            "objective": p.objective,
            "assessment": p.assessment,
            "plan": p.plan,
        }


def _self_rows(sessions: Sequence[SelfSession]) -> Iterator[dict[str, Cell]]:
    ids = record_ids([s.id for s in sessions])
    for rid, s in zip(ids, sessions, strict=True):
        shared: dict[str, Cell] = {
            "session_id": rid,
            **_times(s.at, s.tz),
            "tool": s.tool.value,
            "pain_before": s.pain_before,
            "pain_during": s.pain_during,
            "pain_after": s.pain_after,
            "override_reason": s.override_reason,
            "note": s.note,
        }
        if not s.zones:
            yield {**shared, "zone_no": None, "zone": None, "seconds": None, "gun_level": None}
        for number, work in enumerate(s.zones, start=1):
            yield {
                **shared,
                "zone_no": number,
                "zone": work.zone.value,
                "seconds": work.seconds,
                "gun_level": work.gun_level,
            }


def _response_rows(responses: Sequence[Response]) -> Iterator[dict[str, Cell]]:
    ids = record_ids([r.id for r in responses])
    for rid, r in zip(ids, responses, strict=True):
        instrument = get_instrument(r.instrument)
        result = score(instrument, r.answers)
        yield {
            "response_id": rid,
            **_times(r.at, r.tz),
            "instrument": instrument.id,
            "score": result.score,
            "unit": instrument.unit,
            "answered": result.answered,
            "items": len(r.answers),
            "band": result.band,
            "risk": result.risk,
            "psychosocial": result.subscales.get("psychosocial"),
            "positive_screen": result.positive_screen,
            "no_score_reason": result.reason,
            "sources": ";".join(instrument.sources),
        }


def _item_rows(responses: Sequence[Response]) -> Iterator[dict[str, Cell]]:
    ids = record_ids([r.id for r in responses])
    for rid, r in zip(ids, responses, strict=True):
        instrument = get_instrument(r.instrument)
        for index, answer in enumerate(r.answers):
            yield {
                "response_id": rid,
                "instrument": instrument.id,
                "link_id": instrument.items[min(index, len(instrument.items) - 1)].link_id,
                "answer": answer,
                "label": r.labels[index] if index < len(r.labels) else None,
            }


def _episode_rows(data: ProfileData) -> Iterator[dict[str, Cell]]:
    ids = record_ids([e.id for e in data.episodes])
    for rid, e in zip(ids, data.episodes, strict=True):
        yield {
            "episode_id": rid,
            "onset": e.onset.isoformat(),
            "leg_pain_below_knee": e.leg_pain_below_knee,
            "cause": e.cause.value,
            "note": e.note,
        }


def _screening_rows(data: ProfileData) -> Iterator[dict[str, Cell]]:
    ids = record_ids([s.id for s in data.screenings])
    for rid, s in zip(ids, data.screenings, strict=True):
        shared: dict[str, Cell] = {
            "screening_id": rid,
            "screened_on": s.screened_on.isoformat(),
            "verdict": s.verdict,
            "restrictions": ";".join(s.restrictions),
        }
        if not s.answers:
            yield {**shared, "question": None, "answer": None}
        for question, answer in s.answers:
            yield {**shared, "question": question, "answer": answer}


def _clearance_rows(data: ProfileData) -> Iterator[dict[str, Cell]]:
    ids = record_ids([c.id for c in data.clearances])
    for rid, c in zip(ids, data.clearances, strict=True):
        yield {
            "clearance_id": rid,
            "cleared_on": c.cleared_on.isoformat(),
            "cleared_by": c.cleared_by,
            "lifts": None if c.lifts is None else ";".join(c.lifts),
            "note": c.note,
        }


def _spot_rows(data: ProfileData) -> Iterator[dict[str, Cell]]:
    ids = record_ids([p.id for p in data.pain_spots])
    for rid, p in zip(ids, data.pain_spots, strict=True):
        yield {
            "spot_id": rid,
            **_times(p.at, p.tz),
            "region": p.region.value,
            "intensity": p.intensity,
            "checkin_id": p.checkin_id,
        }
