"""Render a profile as a zip of tidy CSV tables, one row per observation.

The tables and their columns are data (``backrub.reports.csv_tables.TABLES``): the same definitions
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
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backrub.domain.instruments import get_instrument
from backrub.domain.records import ProfileData, Response, SelfSession
from backrub.domain.scoring import score
from backrub.errors import InvalidInput
from backrub.reports.csv_tables import (
    CHECKINS,
    CLEARANCES,
    EPISODES,
    PAIN_SPOTS,
    PRO_SESSIONS,
    RESPONSE_ITEMS,
    RESPONSES,
    SCREENINGS,
    SELF_SESSIONS,
    TABLES,
    Cell,
    Table,
)

ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
README_NAME = "README.txt"


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
