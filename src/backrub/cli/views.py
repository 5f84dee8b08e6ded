"""How records look in the terminal and in --json output (a public shape)."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import click

if TYPE_CHECKING:
    from backrub.domain.records import CheckIn, Profile, ProSession, SelfSession
    from backrub.services import History


def record_json(record: Any) -> dict[str, Any]:
    """Return a record as JSON-ready data: ISO times in UTC, enums as their values."""
    out: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, datetime | date):
            value = value.isoformat()
        elif isinstance(value, Enum):
            value = value.value
        elif isinstance(value, tuple):
            value = [record_json(v) for v in value]
        out[f.name] = value
    return out


def checkin_json(checkin: CheckIn) -> dict[str, Any]:
    return record_json(checkin) | {"kind": "checkin"}


def profile_json(profile: Profile, *, default: str | None) -> dict[str, Any]:
    return record_json(profile) | {"default": profile.name == default}


def history_json(data: History) -> dict[str, Any]:
    """Return the shape of ``backrub history --json``."""
    selfs = []
    for s in data.self_sessions:
        selfs.append(record_json(s) | {"kind": "self_session", "total_seconds": s.total_seconds})
    return {
        "profile": data.profile.name,
        "tz": data.profile.tz,
        "checkins": [checkin_json(c) for c in data.checkins],
        "pro_sessions": [record_json(p) | {"kind": "pro_session"} for p in data.pro_sessions],
        "self_sessions": selfs,
        "pain_spots": [record_json(p) | {"kind": "pain_spot"} for p in data.pain_spots],
    }


def print_history(data: History) -> None:
    """Print one line per record, oldest first, in the person's own time zone."""
    zone = ZoneInfo(data.profile.tz)
    rows: list[tuple[datetime, str]] = []
    for c in data.checkins:
        rows.append((c.at, _checkin_line(c)))
    for p in data.pro_sessions:
        rows.append((p.at, _pro_line(p)))
    for s in data.self_sessions:
        rows.append((s.at, _self_line(s)))
    for spot in data.pain_spots:
        rows.append((spot.at, f"body map  {spot.region.value} {spot.intensity}/10"))
    if not rows:
        click.echo("Nothing recorded yet. Try: backrub checkin --pain 4")
        return
    rows.sort(key=lambda row: row[0])
    for at, line in rows:
        click.echo(f"{at.astimezone(zone):%Y-%m-%d %H:%M}  {line}")
    click.echo(
        f"{len(data.checkins)} check-ins, {len(data.pro_sessions)} professional sessions, "
        f"{len(data.self_sessions)} self-massage sessions ({data.profile.name}, {data.profile.tz})."
    )


def _checkin_line(c: CheckIn) -> str:
    parts = [f"check-in  pain {c.pain}/10"]
    if c.soreness is not None:
        parts.append(f"soreness {c.soreness}")
    if c.sleep is not None:
        parts.append(f"sleep {c.sleep}")
    if c.activity_min is not None:
        parts.append(f"active {c.activity_min} min")
    if c.medication:
        parts.append(f"took {c.medication}")
    if c.note:
        parts.append(f"“{c.note}”")
    return ", ".join(parts)


def _pro_line(p: ProSession) -> str:
    line = f"massage   {p.technique.value}, {p.duration_min} min"
    if p.therapist:
        line += f" with {p.therapist}"
    return line


def _self_line(s: SelfSession) -> str:
    zones = ", ".join(
        f"{z.zone.value} {z.seconds}s" + (f" L{z.gun_level}" if z.gun_level else "")
        for z in s.zones
    )
    line = f"self      {s.tool.value}: {zones}"
    if s.override_reason:
        line += f"  [cap overridden: {s.override_reason}]"
    return line
