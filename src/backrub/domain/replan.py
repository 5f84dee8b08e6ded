"""Follow a plan through time: which sessions were done or missed, and re-planning.

A missed session moves to the next free chosen weekday inside the protocol's
window; one that no longer fits is listed, never dropped. Counting planned, due
and done lives in ``backrub.domain.adherence``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backrub.domain.plan_model import Plan, PlannedSession, Unscheduled
from backrub.domain.plans import WEEKDAY_NAMES
from backrub.domain.records import ProSession
from backrub.domain.words import day as day_words
from backrub.i18n import _, ngettext


def local_day(at: datetime, tz: str) -> date:
    if at.tzinfo is None:
        return at.date()
    try:
        return at.astimezone(ZoneInfo(tz)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return at.date()


def match_sessions(
    plan: Plan, pro_sessions: Iterable[ProSession], today: date
) -> tuple[list[PlannedSession], list[PlannedSession], int]:
    """Split due sessions into (done, missed) and count sessions done beyond those due.

    A session done on a planned day settles that day; any other session done
    settles the earliest open one, since therapists move appointments and the
    trials counted sessions. A session due today is not missed yet.
    """
    due = [s for s in plan.sessions if s.on <= today]
    open_days = {s.on for s in due}
    loose = 0
    for day in sorted(done_days(plan, pro_sessions, today)):
        if day in open_days:
            open_days.discard(day)
        else:
            loose += 1
    unmatched = [s for s in due if s.on in open_days]
    settled = {s.on for s in unmatched[:loose]}
    kept = [s for s in due if s.on not in open_days or s.on in settled]
    missed = [s for s in unmatched[loose:] if s.on < today]
    return kept, missed, max(0, loose - len(unmatched))


def done_days(plan: Plan, pro_sessions: Iterable[ProSession], today: date) -> list[date]:
    days = (local_day(s.at, s.tz) for s in pro_sessions)
    return [d for d in days if plan.start <= d <= today]


def _no_longer_needed(extra: Sequence[PlannedSession]) -> str:
    return ngettext(
        "%(num)d extra session already done, so the last planned one from "
        "%(day)s is no longer needed.",
        "%(num)d extra sessions already done, so the last planned ones from "
        "%(day)s are no longer needed.",
        len(extra),
        day=day_words(extra[0].on),
    )


def _no_free_day(plan: Plan) -> str:
    return _(
        "Missed; no free %(days)s left before the window ends on %(end)s (%(sources)s).",
        days=", ".join(_(WEEKDAY_NAMES[d]) for d in sorted(plan.weekdays)),
        end=day_words(plan.window_end),
        sources=", ".join(plan.evidence),
    )


def replan(plan: Plan, pro_sessions: Sequence[ProSession], *, today: date) -> Plan:
    """Move missed sessions to the next free available weekdays inside the window.

    Make-ups start tomorrow, so there is time to book. A missed session that no
    longer fits before the window ends is listed in ``unscheduled`` with the
    reason, never dropped silently. Sessions done early replace the last ones.
    """
    kept, missed, surplus = match_sessions(plan, pro_sessions, today)
    future = [s for s in plan.sessions if s.on >= today and s not in kept]
    changes: list[str] = []
    if surplus:
        cut = max(0, len(future) - surplus)
        future, extra = future[:cut], future[cut:]
        if extra:
            changes.append(_no_longer_needed(extra))
    taken = {s.on for s in [*kept, *future]}
    moved: list[PlannedSession] = []
    lost: list[Unscheduled] = []
    day = today + timedelta(days=1)
    for session in missed:
        while day <= plan.window_end and (day.weekday() not in plan.weekdays or day in taken):
            day += timedelta(days=1)
        if day > plan.window_end:
            lost.append(Unscheduled(session.on, _no_free_day(plan)))
            continue
        taken.add(day)
        moved.append(
            replace(
                session,
                on=day,
                moved_from=session.moved_from or session.on,
                reason=_("Make-up for the session missed on %(day)s.", day=day_words(session.on)),
            )
        )
        changes.append(
            _("Moved %(was)s to %(now)s.", was=day_words(session.on), now=day_words(day))
        )
    if lost:
        changes.append(
            ngettext(
                "%(num)d missed session no longer fits the protocol's window.",
                "%(num)d missed sessions no longer fit the protocol's window.",
                len(lost),
            )
        )
    return replace(
        plan,
        sessions=tuple(sorted([*kept, *future, *moved], key=lambda s: s.on)),
        unscheduled=(*plan.unscheduled, *lost),
        changes=tuple(changes),
        made_on=today,
    )
