"""How records look in the terminal (the --json shapes are in backrub.services.shapes)."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import click

from backrub.cli.shown import day, number, stamp
from backrub.domain.free_text import printed
from backrub.i18n import _, ngettext

if TYPE_CHECKING:
    from backrub.domain.records import CheckIn, ProSession, Response, SelfSession
    from backrub.services import History


def print_history(data: History) -> None:
    """Print one line per record, oldest first, in the person's own time zone.

    Each line ends with the kind and id that ``edit`` and ``delete`` take; stored
    text is printed on that line whatever was kept (``free_text.printed``).
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
        line = _("body map") + f"  {spot.region.value} {spot.intensity}/10  [mark {spot.id}]"
        rows.append((spot.at, line))
    for r in data.responses:
        rows.append((r.at, f"{_response_line(r)}  [response {r.id}]"))
    days: set[int] = set()  # the rows with a date but no time of day
    for cleared in data.clearances:
        what = ", ".join(cleared.lifts or ()) or _("the stops of the screening before it")
        noon = datetime.combine(cleared.cleared_on, time(12), zone)
        days.add(len(rows))
        who = printed(cleared.cleared_by)
        rows.append((noon, _("clearance  %(who)s cleared %(what)s", who=who, what=what)))
    if not rows:
        click.echo(_("Nothing recorded yet. Try: backrub checkin --pain 4"))
        return
    order = sorted(range(len(rows)), key=lambda index: rows[index][0])
    for index in order:
        at, line = rows[index]
        local = at.astimezone(zone)
        shown = stamp(local)
        if index in days:  # a clearance has a date but no time of day
            shown = day(local.date()).ljust(len(shown))
        click.echo(f"{shown}  {line}")
    _print_totals(data)


def _print_totals(data: History) -> None:
    """Print how many records of each kind there are, and how to correct one."""
    counts = (
        ngettext("%(num)d check-in", "%(num)d check-ins", len(data.checkins)),
        ngettext(
            "%(num)d professional session",
            "%(num)d professional sessions",
            len(data.pro_sessions),
        ),
        ngettext(
            "%(num)d self-massage session",
            "%(num)d self-massage sessions",
            len(data.self_sessions),
        ),
    )
    click.echo(
        _(
            "%(checkins)s, %(pros)s, %(selfs)s (%(name)s, %(zone)s).",
            checkins=counts[0],
            pros=counts[1],
            selfs=counts[2],
            name=data.profile.name,
            zone=data.profile.tz,
        )
    )
    click.echo(
        _("To correct a record: backrub edit KIND ID ...; to remove one: backrub delete KIND ID.")
    )


def _response_line(r: Response) -> str:
    from backrub.domain.instruments import get_instrument
    from backrub.domain.scoring import score

    instrument = get_instrument(r.instrument)
    value = score(instrument, r.answers).score
    shown = _("no score") if value is None else number(value)
    return _("survey") + f"    {instrument.name}: {shown}"


def _checkin_line(c: CheckIn) -> str:
    parts = [_("check-in  pain %(pain)s/10", pain=c.pain)]
    if c.soreness is not None:
        parts.append(_("soreness %(value)s", value=c.soreness))
    if c.sleep is not None:
        parts.append(_("sleep %(value)s", value=c.sleep))
    if c.activity_min is not None:
        parts.append(_("active %(minutes)s min", minutes=c.activity_min))
    if c.medication:
        parts.append(_("took %(medication)s", medication=printed(c.medication)))
    if c.note:
        parts.append(f"“{printed(c.note)}”")
    return ", ".join(parts)


def _pro_line(p: ProSession) -> str:
    line = _("massage") + f"   {p.technique.value}, {p.duration_min} min"
    if p.therapist:
        line += " " + _("with %(therapist)s", therapist=printed(p.therapist))
    return line


def _self_line(s: SelfSession) -> str:
    zones = ", ".join(
        f"{z.zone.value} {z.seconds}s" + (f" L{z.gun_level}" if z.gun_level else "")
        for z in s.zones
    )
    line = _("self") + f"      {s.tool.value}: {zones}"
    if s.override_reason:
        line += "  [" + _("cap overridden: %(reason)s", reason=printed(s.override_reason)) + "]"
    return line
