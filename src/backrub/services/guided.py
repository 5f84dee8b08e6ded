"""Finishing a guided self-massage: one path for the web page, the JSON API and the CLI.

Whatever face ran the timer, ``finish_guided`` never trusts the seconds it is
sent: it asks the governor again for the plan as it stood when the session
started, refuses zones the plan did not offer and speeds above the highest
allowed and caps every zone at the plan's time. Then it saves every zone
pressed, with the pain ratings and the note: a zone below the least time that
counts is saved with its real seconds (they count toward the day's limit, and
the gun's speed rules see the session's pain) but is not completed, so it stays
open for the day (``domain.worked``).

Before saving, the day is checked again against everything saved that day so
far, not only what stood when the session started (two open tabs, or a start
time sent from the past): a zone worked already today is left out, and the
seconds kept never go past what is left of the day's limit. What is left out is
said in words; the rest of the session (pain, note) is saved. When nothing is
left to save, the finish is refused with the reason and nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from backrub.domain.inputs import parse_optional_int, parse_text
from backrub.domain.records import Profile, SelfSession, Zone, ZoneWork
from backrub.domain.routines import zone_label
from backrub.domain.rules import whole
from backrub.domain.worked import (
    STOPPED_EARLY,
    Capped,
    least_seconds,
    least_words,
    pain_rise,
    pain_rose_words,
)
from backrub.errors import InvalidInput
from backrub.evidence import load_rules
from backrub.i18n import _
from backrub.services.guided_day import Field, within_today
from backrub.services.records import saved
from backrub.services.selfcare import SessionPlan, plan_session
from backrub.store import Store

__all__ = [
    "STOPPED_EARLY",
    "Capped",
    "Finished",
    "StepView",
    "check_reported",
    "ending_words",
    "finish_guided",
    "least_counted",
    "least_rule_words",
    "parse_started",
    "steps_of",
]

# Product default, not evidence: a timer page older than this is stale (the plan it
# shows may no longer hold), so its result is refused and the person starts again.
FINISH_WINDOW = timedelta(hours=3)
CLOCK_SKEW = timedelta(minutes=2)


@dataclass(frozen=True, slots=True)
class StepView:
    """One zone of the plan as a timer shows it; ``least`` is the time it needs to count."""

    zone: Zone
    label: str
    seconds: int
    level: int | None
    max_level: int | None
    position: str
    feel: str
    least: int


@dataclass(frozen=True, slots=True)
class Finished:
    """What a guided session saved, and why some of what was reported was not.

    ``capped``: zones reported longer than the plan (the plan's time was kept);
    ``too_short``: zones started but below ``least`` seconds (saved with their
    time, not completed, still open today); ``completed``: the zones that count
    as worked; ``complete``: every zone of the plan was done in full;
    ``pain_rise``: how far pain rose when it reached the cut-off, else None;
    ``left_out``: what was not saved because of the day (zones worked already
    today, the day's limit), in words.
    """

    saved: SelfSession | None
    capped: tuple[Capped, ...]
    too_short: tuple[ZoneWork, ...]
    least: int
    complete: bool
    planned: int
    completed: tuple[ZoneWork, ...] = ()
    pain_rise: int | None = None
    left_out: tuple[str, ...] = ()

    @property
    def stopped_early(self) -> bool:
        """Ended before the plan was done, for the person's own reasons (not the day's rules)."""
        return not self.complete and not self.left_out


def least_counted() -> int:
    """Return the least seconds a guided zone needs to count (a product default)."""
    return whole(load_rules(), "zone_seconds_min_counted")


def least_rule_words() -> str:
    """Return the least-time rule in words, labelled as a record-keeping default."""
    return least_words(load_rules())


def ending_words(finished: Finished) -> list[str]:
    """Return what to say at the end of a session: early-stop and pain-rise advice.

    One wording for every face (web page, timer, CLI); empty after a whole plan
    done without a rise in pain.
    """
    words = [*finished.left_out, *([_(STOPPED_EARLY)] if finished.stopped_early else [])]
    if finished.pain_rise is not None:
        words.append(pain_rose_words(finished.pain_rise, load_rules()))
    return words


def steps_of(planned: SessionPlan) -> list[StepView]:
    """Return the plan's zones in order, with the routine's words for each."""
    rules = load_rules()
    out = []
    for work in planned.decision.plan:
        step = planned.routine.step(work.zone)
        out.append(
            StepView(
                zone=work.zone,
                label=zone_label(work.zone),
                seconds=work.seconds,
                level=work.gun_level,
                max_level=planned.decision.gun_levels.get(work.zone),
                position=_(step.position) if step else "",
                feel=_(step.feel) if step else "",
                least=least_seconds(work.seconds, rules),
            )
        )
    return out


def parse_started(value: object, *, now: datetime) -> datetime:
    """Return the aware start of a guided session; refuse one in the future or stale."""
    if isinstance(value, datetime):
        started = value
    else:
        try:
            started = datetime.fromisoformat(str(value).strip())
        except ValueError:
            allowed = _("open the session page again: the start time it gave was lost or changed")
            raise InvalidInput("started_at", value, allowed) from None
    if started.tzinfo is None or started.utcoffset() is None:
        raise InvalidInput("started_at", value, _("use a time with a time zone"))
    if started > now + CLOCK_SKEW or started < now - FINISH_WINDOW:
        hours = int(FINISH_WINDOW.total_seconds() // 3600)
        raise InvalidInput(
            "started_at",
            str(value),
            _(
                "use a start within the last %(hours)s hours; open the session page "
                "again (product default, not evidence)",
                hours=hours,
            ),
        )
    return started


def _plain(zone: Zone, part: str) -> str:
    return f"{part} {zone.value}"


def check_reported(
    store: Store,
    profile: Profile,
    planned: SessionPlan,
    reported: Mapping[Zone, tuple[object, object]],
    *,
    started: datetime,
    field: Field = _plain,
) -> None:
    """Refuse reported work ``finish_guided`` would refuse, before a face shows anything.

    The same check ``finish_guided`` makes (zones of the plan or worked already
    today, whole seconds, allowed speeds, something left to save); it writes nothing.
    """
    within_today(store, profile, planned, reported, started=started, field=field)


def finish_guided(
    store: Store,
    profile: Profile,
    *,
    tool: object,
    started_at: object,
    now: datetime,
    reported: Mapping[Zone, tuple[object, object]],
    field: Field = _plain,
    pain_before: object = None,
    pain_during: object = None,
    pain_after: object = None,
    note: object = None,
) -> Finished:
    """Save what a guided session did, after asking the governor again; nothing pressed, no row.

    ``reported`` maps a zone to the (seconds, gun level) a face says were done;
    ``field`` names a zone's part ("seconds", "level", "zone") in that face's
    words for errors. Bad input raises ``InvalidInput`` and writes nothing; a
    plan the governor no longer allows raises ``Refused`` or ``SafetyStop``.
    """
    started = parse_started(started_at, now=now)
    before = parse_optional_int("pain_before", pain_before, 0, 10)
    during = parse_optional_int("pain_during", pain_during, 0, 10)
    after = parse_optional_int("pain_after", pain_after, 0, 10)
    text = parse_text("note", note)
    planned = plan_session(store, profile, tool, now=started)
    rules = load_rules()
    chosen = planned.decision.tool
    day = within_today(store, profile, planned, reported, started=started, field=field)
    plan, first, settled, left_out = day.plan, day.first, day.settled, day.left_out
    row = None
    if settled.pressed:  # the pain and note are kept however short the session was
        session = SelfSession(
            at=started.astimezone(UTC),
            tz=profile.tz,
            tool=chosen,
            zones=settled.pressed,
            pain_before=before,
            pain_during=during,
            pain_after=after,
            note=text,
        )
        row = store.add_self_session(saved(store, profile), session)
    return Finished(
        saved=row,
        capped=first.capped,
        too_short=settled.too_short,
        least=settled.least,
        complete=settled.complete,
        planned=len(plan),
        completed=settled.work,
        pain_rise=pain_rise(before, during, after, rules),
        left_out=tuple(left_out),
    )
