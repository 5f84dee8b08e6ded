"""How records look in the terminal (the --json shapes are in backrub.services.shapes)."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import click

if TYPE_CHECKING:
    from backrub.domain.records import CheckIn, ProSession, Response, SelfSession
    from backrub.services import History


def print_history(data: History) -> None:
    """Print one line per record, oldest first, in the person's own time zone.

    Each line ends with the kind and id that ``edit`` and ``delete`` take.
    """
    zone = ZoneInfo(data.profile.tz)
    rows: list[tuple[datetime, str]] = []
    for c in data.checkins:
        rows.append((c.at, f"{_checkin_line(c)}  [checkin {c.id}]"))
    for p in data.pro_sessions:
        rows.append((p.at, f"{_pro_line(p)}  [pro {p.id}]"))
    for s in data.self_sessions:
        rows.append((s.at, f"{_self_line(s)}  [self {s.id}]"))
    for spot in data.pain_spots:
        line = f"body map  {spot.region.value} {spot.intensity}/10  [mark {spot.id}]"
        rows.append((spot.at, line))
    for r in data.responses:
        rows.append((r.at, f"{_response_line(r)}  [response {r.id}]"))
    for cleared in data.clearances:
        what = ", ".join(cleared.lifts or ()) or "the stops of the screening before it"
        noon = datetime.combine(cleared.cleared_on, time(12), zone)
        rows.append((noon, f"clearance  {cleared.cleared_by} cleared {what}"))
    if not rows:
        click.echo("Nothing recorded yet. Try: backrub checkin --pain 4")
        return
    rows.sort(key=lambda row: row[0])
    for at, line in rows:
        local = at.astimezone(zone)
        # A clearance has a date but no time of day.
        is_day = line.startswith("clearance")
        stamp = f"{local:%Y-%m-%d}      " if is_day else f"{local:%Y-%m-%d %H:%M}"
        click.echo(f"{stamp}  {line}")
    click.echo(
        f"{len(data.checkins)} check-ins, {len(data.pro_sessions)} professional sessions, "
        f"{len(data.self_sessions)} self-massage sessions ({data.profile.name}, {data.profile.tz})."
    )
    click.echo(
        "To correct a record: backrub edit KIND ID ...; to remove one: backrub delete KIND ID."
    )


def _response_line(r: Response) -> str:
    from backrub.domain.instruments import get_instrument
    from backrub.domain.scoring import score

    instrument = get_instrument(r.instrument)
    value = score(instrument, r.answers).score
    return f"survey    {instrument.name}: " + ("no score" if value is None else f"{value:g}")


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
