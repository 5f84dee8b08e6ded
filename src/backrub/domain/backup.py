"""The lossless JSON backup of one profile: to a dict and back, with a checksum.

Shape (schema_version 1)::

    {"format": "backrub-backup", "schema_version": 1, "exported_at": ISO,
     "checksum": "sha256:<hex of the canonical JSON of 'data'>",
     "data": {"profile": {...}, "episodes": [...], "checkins": [...],
              "pro_sessions": [...], "self_sessions": [...]}}

Ids are not carried: a restore gives new ids and the same content in the same
order. A backup whose checksum does not match was truncated or edited and is
refused whole.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backrub.domain.inputs import (
    parse_choice,
    parse_int,
    parse_name,
    parse_optional_int,
    parse_text,
)
from backrub.domain.records import (
    GUN_LEVELS,
    BodyRegion,
    Cause,
    CheckIn,
    ClearanceRecord,
    Episode,
    PainSpot,
    PlanChoices,
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

FORMAT = "backrub-backup"
SCHEMA_VERSION = 1


def to_document(data: ProfileData, *, exported_at: datetime) -> dict[str, Any]:
    """Return the backup document for ``data``."""
    body = {
        "profile": _plain(data.profile),
        "episodes": [_plain(e) for e in data.episodes],
        "checkins": [_plain(c) for c in data.checkins],
        "pro_sessions": [_plain(p) for p in data.pro_sessions],
        "self_sessions": [_plain(s) for s in data.self_sessions],
        "screenings": [_plain(s) for s in data.screenings],
        "clearances": [_plain(c) for c in data.clearances],
        "plans": [_plain(p) for p in data.plans],
        "responses": [_plain(r) for r in data.responses],
        "pain_spots": [_plain(p) for p in data.pain_spots],
    }
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": exported_at.astimezone(UTC).isoformat(),
        "checksum": checksum(body),
        "data": body,
    }


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def checksum(body: Any) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def from_text(text: str, *, source: str) -> ProfileData:
    """Parse a backup; anything else, truncated or edited, raises ``InvalidInput``."""
    not_backup = "give a file written by 'backrub export --format json'"
    try:
        document = json.loads(text)
    except ValueError:
        raise InvalidInput("file", source, f"it is not complete JSON; {not_backup}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput("file", source, f"it is not a backrub backup; {not_backup}")
    version = document.get("schema_version")
    if version != SCHEMA_VERSION:
        raise InvalidInput(
            "schema_version", version, f"this backrub reads schema version {SCHEMA_VERSION}"
        )
    body = document.get("data")
    if not isinstance(body, dict) or document.get("checksum") != checksum(body):
        raise InvalidInput(
            "checksum", source, "the backup was truncated or edited; use an untouched export"
        )
    try:
        return _from_body(body)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise InvalidInput("data", source, f"a record is malformed ({error})") from None


def _plain(record: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(record):
        if f.name == "id":
            continue
        out[f.name] = _plain_value(getattr(record, f.name))
    return out


def _plain_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) if is_dataclass(v) else _plain_value(v) for v in value]
    if isinstance(value, Cause | Technique | Tool | Zone | BodyRegion):
        return value.value
    return value


def _moment(value: Any) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"time without zone: {value}")
    return moment.astimezone(UTC)


def _zone(value: Any) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput("tz", value, "use an IANA time zone such as Europe/Berlin") from None
    return str(value)


def _score(field: str, value: Any) -> int | None:
    return parse_optional_int(field, value, 0, 10)


def _text(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"expected text, got {value!r}")
    if value is not None and parse_text("text", value, max_len=10_000) != value:
        raise ValueError(f"text with surrounding spaces: {value!r}")
    return value


def _flag(value: Any) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {value!r}")
    return value


def _from_body(body: dict[str, Any]) -> ProfileData:
    p = body["profile"]
    profile = Profile(
        name=parse_name("profile.name", p["name"]),
        tz=_zone(p["tz"]),
        created_at=_moment(p["created_at"]),
    )
    episodes = tuple(
        Episode(
            onset=date.fromisoformat(e["onset"]),
            leg_pain_below_knee=bool(_flag(e["leg_pain_below_knee"])),
            cause=parse_choice("cause", e["cause"], Cause),
            note=_text(e.get("note")),
        )
        for e in body["episodes"]
    )
    checkins = tuple(
        CheckIn(
            at=_moment(c["at"]),
            tz=_zone(c["tz"]),
            pain=parse_int("pain", c["pain"], 0, 10),
            soreness=_score("soreness", c.get("soreness")),
            sleep=_score("sleep", c.get("sleep")),
            activity_min=parse_optional_int("activity_min", c.get("activity_min"), 0, 1440),
            medication_taken=_flag(c.get("medication_taken")),
            medication=_text(c.get("medication")),
            note=_text(c.get("note")),
        )
        for c in body["checkins"]
    )
    pros = tuple(
        ProSession(
            at=_moment(s["at"]),
            tz=_zone(s["tz"]),
            technique=parse_choice("technique", s["technique"], Technique),
            duration_min=parse_int("duration_min", s["duration_min"], 1, 240),
            cost_cents=parse_optional_int("cost_cents", s.get("cost_cents"), 0, 10**9),
            currency=_text(s.get("currency")),
            therapist=_text(s.get("therapist")),
            subjective=_text(s.get("subjective")),
            objective=_text(s.get("objective")),
            assessment=_text(s.get("assessment")),
            plan=_text(s.get("plan")),
        )
        for s in body["pro_sessions"]
    )
    selfs = tuple(
        SelfSession(
            at=_moment(s["at"]),
            tz=_zone(s["tz"]),
            tool=parse_choice("tool", s["tool"], Tool),
            zones=tuple(
                ZoneWork(
                    zone=parse_choice("zone", z["zone"], Zone),
                    seconds=parse_int("seconds", z["seconds"], 1, 3600),
                    gun_level=parse_optional_int("gun_level", z.get("gun_level"), 1, GUN_LEVELS),
                )
                for z in s["zones"]
            ),
            pain_before=_score("pain_before", s.get("pain_before")),
            pain_during=_score("pain_during", s.get("pain_during")),
            pain_after=_score("pain_after", s.get("pain_after")),
            override_reason=_text(s.get("override_reason")),
            note=_text(s.get("note")),
        )
        for s in body["self_sessions"]
    )
    screenings = tuple(
        ScreeningRecord(
            screened_on=date.fromisoformat(r["screened_on"]),
            answers=tuple((str(k), bool(_flag(v))) for k, v in r["answers"]),
            verdict=str(r["verdict"]),
            restrictions=tuple(str(x) for x in r["restrictions"]),
        )
        for r in body.get("screenings", [])
    )
    clearances = tuple(
        ClearanceRecord(
            cleared_on=date.fromisoformat(r["cleared_on"]),
            cleared_by=str(r["cleared_by"]),
            note=_text(r.get("note")),
        )
        for r in body.get("clearances", [])
    )
    plans = tuple(
        PlanChoices(
            made_on=date.fromisoformat(r["made_on"]),
            protocol_id=str(r["protocol_id"]),
            start=date.fromisoformat(r["start"]),
            weekdays=tuple(parse_int("weekdays", d, 0, 6) for d in r["weekdays"]),
            currency=str(r["currency"]),
            tools=tuple(parse_choice("tools", x, Tool).value for x in r["tools"]),
            restrictions=tuple(str(x) for x in r["restrictions"]),
            price_per_session=_text(r.get("price_per_session")),
            budget_per_session=_text(r.get("budget_per_session")),
            budget_total=_text(r.get("budget_total")),
        )
        for r in body.get("plans", [])
    )
    responses = tuple(
        Response(
            at=_moment(r["at"]),
            tz=_zone(r["tz"]),
            instrument=str(r["instrument"]),
            answers=tuple(_answer(a) for a in r["answers"]),
            labels=tuple(str(x) for x in r.get("labels", [])),
        )
        for r in body.get("responses", [])
    )
    spots = tuple(
        PainSpot(
            at=_moment(p["at"]),
            tz=_zone(p["tz"]),
            region=parse_choice("region", p["region"], BodyRegion),
            intensity=parse_int("intensity", p["intensity"], 0, 10),
        )
        for p in body.get("pain_spots", [])
    )
    return ProfileData(
        profile, episodes, checkins, pros, selfs, screenings, clearances, plans, responses, spots
    )


def _answer(value: Any) -> float | None:
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    raise TypeError(f"expected a number or null, got {value!r}")
