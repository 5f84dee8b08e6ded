"""Today: what the plan asks for on the profile's today, and what of it is done.

One function (``today``) decides the list for the web page, ``GET /api/today``
and ``backrub today``. Each item says what kind of action it is (``kind``) and
what it needs (an instrument, a tool); each face words it: the page as a link
or button, the command line as a command. Nothing here names either.

    checkin        a check-in (done: one was recorded today)
    pro_session    a massage-therapist session planned today (done: one logged today)
    self_massage   the daily self-massage slot (done: a self-massage today)
    activity       the day's activity goal (done: today's check-ins add up to it)
    questionnaire  a questionnaire due: the weekly PEG or a plan's assessment
                   (done: answered today)

While a screening stop stands (an emergency, a same-day stop, a clinician first,
under 18) the list is the check-in alone and ``stop`` names the stop: nothing that
would have the person massage, follow the plan or fill in its questionnaires is
offered (review 10, m1). The plan is kept and said to be paused; the stop's banner
says what to do instead.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from backrub.domain.plan_model import Plan
from backrub.domain.records import Profile, Response
from backrub.errors import NotFound
from backrub.i18n import ENGLISH, N_, _, current
from backrub.i18n.formats import clock_time, short_date
from backrub.services.safety import safety_state
from backrub.services.trials import Assignment, assignment_on
from backrub.store import Store

KINDS = ("checkin", "pro_session", "self_massage", "activity", "questionnaire")


@dataclass(frozen=True, slots=True)
class TodayItem:
    """One thing to do today, whether it is done, and the sources behind it."""

    kind: str
    title: str
    detail: str
    sources: tuple[str, ...]
    done: bool
    instrument: str | None = None
    tools: tuple[str, ...] = ()
    at: time | None = None  # the planned local time, when the plan sets one


@dataclass(frozen=True, slots=True)
class Today:
    """The profile's today: the plan (if any), its items in the order of the day."""

    profile: Profile
    day: date
    plan: Plan | None
    items: tuple[TodayItem, ...]
    next_session: date | None
    trial: Assignment | None = None  # an N-of-1 trial's assignment today
    stop: str | None = None  # the verdict of a screening stop in force: the plan is paused

    @property
    def is_plan_day(self) -> bool:
        """Return whether the plan has a session, the self-massage or activity today."""
        return any(i.kind in ("pro_session", "self_massage", "activity") for i in self.items)


def today(store: Store, profile: Profile, *, now: datetime) -> Today:
    """Return the items of ``profile``'s today at ``now`` (a first run: only the check-in)."""
    zone = ZoneInfo(profile.tz)
    day = now.astimezone(zone).date()
    if profile.id is None:
        checkin = TodayItem(
            "checkin", _("Check in"), _(_CHECKIN_DETAIL), ("product-default",), False
        )
        return Today(profile, day, None, (checkin,), None)
    start = datetime.combine(day, time(), zone).astimezone(UTC)
    checkins = store.checkins(profile.id, since=start)
    checkins = [c for c in checkins if c.at.astimezone(zone).date() == day]
    items = [
        TodayItem(
            "checkin", _("Check in"), _(_CHECKIN_DETAIL), ("product-default",), bool(checkins)
        )
    ]
    plan = _plan(store, profile, day, now)
    next_session = None
    if plan is not None:
        items += _plan_items(store, profile, plan, day, start, checkins)
        next_session = next((s.on for s in plan.sessions if s.on > day), None)
    items += _questionnaires(store, profile, plan, day=day)
    trial = assignment_on(store, profile, day)
    if trial is not None and not trial.massage:  # a trial period without massage
        items = [i for i in items if i.kind not in ("pro_session", "self_massage")]
    stop = _stop(store, profile)
    if stop is not None:  # only the check-in; the banner says what to do instead
        items, next_session = [i for i in items if i.kind == "checkin"], None
    return Today(profile, day, plan, tuple(items), next_session, trial, stop)


def _stop(store: Store, profile: Profile) -> str | None:
    """Return the verdict of the screening stop in force (``stop_emergency``), or None."""
    state = safety_state(store, profile)
    if state.screening is None or not state.is_stopped:
        return None
    return state.screening.verdict.value


_CHECKIN_DETAIL = N_(
    "Pain now, and if you like soreness, sleep and activity: a few seconds a day "
    "show whether the plan helps you."
)


def _day(day: date) -> str:
    """Return a day in words: ``Mon 01 Dec`` in English, the language's short date otherwise."""
    return f"{day:%a %d %b}" if current() == ENGLISH else short_date(day)


def _clock(at: time) -> str:
    return f"{at:%H:%M}" if current() == ENGLISH else clock_time(at)


def _plan(store: Store, profile: Profile, day: date, now: datetime) -> Plan | None:
    from backrub.services.planning import current_plan

    try:
        return current_plan(store, profile, today=day, now=now).plan
    except NotFound:
        return None


def _plan_items(
    store: Store,
    profile: Profile,
    plan: Plan,
    day: date,
    start: datetime,
    checkins: list[Any],
) -> list[TodayItem]:
    assert profile.id is not None
    zone = ZoneInfo(profile.tz)

    def on_day(records: list[Any]) -> list[Any]:
        return [r for r in records if r.at.astimezone(zone).date() == day]

    pros = on_day(store.pro_sessions(profile.id, since=start))
    items = [
        TodayItem(
            "pro_session",
            _("Massage session, %(minutes)s min", minutes=s.duration_min),
            s.reason
            + (" " + _("(moved from %(day)s)", day=_day(s.moved_from)) if s.moved_from else ""),
            s.evidence,
            done=bool(pros),
            at=plan.session_at,
        )
        for s in plan.sessions
        if s.on == day
    ]
    in_plan = plan.start <= day <= plan.end
    slot = plan.self_massage
    if slot.tools and in_plan:
        selfs = on_day(store.self_sessions(profile.id, since=start))
        tools = ", ".join(t.words for t in slot.tools)  # in the person's language
        items.append(
            TodayItem(
                "self_massage",
                _(
                    "Self-massage at %(at)s, at most %(cap)s min",
                    at=_clock(slot.at),
                    cap=slot.cap_min,
                ),
                _("With %(tools)s.", tools=tools) + f" {slot.reason}",
                slot.evidence,
                done=bool(selfs),
                tools=tuple(t.value for t in slot.tools),
                at=slot.at,
            )
        )
    if in_plan:
        items.append(_activity_item(plan, checkins))
    return items


def _activity_item(plan: Plan, checkins: list[Any]) -> TodayItem:
    """Return the day's activity goal, done once today's check-ins add up to it."""
    goal = plan.activity.minutes_per_day
    active = sum(c.activity_min or 0 for c in checkins)
    so_far = " " + _("So far today: %(active)s min.", active=active) if 0 < active < goal else ""
    return TodayItem(
        "activity",
        _("Stay active: %(goal)s min", goal=goal),
        plan.activity.reason + so_far,
        plan.activity.evidence,
        done=active >= goal,
    )


def _questionnaires(
    store: Store, profile: Profile, plan: Plan | None, *, day: date
) -> list[TodayItem]:
    """Return the questionnaires due today, each done once answered today."""
    from backrub.domain.instruments import get_instrument
    from backrub.services.measures import due_words, plan_assessments_due, routine_due

    assert profile.id is not None
    zone = ZoneInfo(profile.tz)
    before: dict[str, list[Response]] = defaultdict(list)
    answered_today: set[str] = set()
    for r in store.responses(profile.id):
        if r.at.astimezone(zone).date() == day:
            answered_today.add(r.instrument)
        else:
            before[r.instrument].append(r)
    # What was due when the day began (answers of today left out), so that an
    # answer today marks it done instead of making it disappear. The daily pain
    # check-in is the check-in item already.
    by = dict(before)
    due = routine_due(today=day, pain_days={day}, by=by)
    if plan is not None:
        due += plan_assessments_due(plan, today=day, by=by)
    items: list[TodayItem] = []
    seen: set[str] = set()
    for entry in due:
        instrument = str(entry["instrument"])
        if instrument in seen:
            continue
        seen.add(instrument)
        name = get_instrument(instrument).name
        if entry["status"] == "overdue":
            title = _("Questionnaire: %(name)s (overdue)", name=name)
        else:
            title = _("Questionnaire: %(name)s", name=name)
        items.append(
            TodayItem(
                "questionnaire",
                title,
                _(
                    "Due: %(what)s. It takes a minute or two and shows change over weeks.",
                    what=due_words(entry),
                ),
                _sources(entry),
                done=instrument in answered_today,
                instrument=instrument,
            )
        )
    return items


def _sources(entry: dict[str, Any]) -> tuple[str, ...]:
    """Return the source ids behind a due questionnaire (the weekly PEG is a rule's)."""
    if entry["what"] == "weekly PEG":
        from backrub.evidence import load_rules

        return tuple(load_rules()["peg_every_days"].sources)
    return tuple(s.strip() for s in str(entry["source"]).split(",") if s.strip())


def today_json(found: Today) -> dict[str, Any]:
    """Return the shape of ``backrub today --json`` and ``GET /api/today``."""
    return {
        "profile": found.profile.name,
        "tz": found.profile.tz,
        "day": found.day.isoformat(),
        "plan": None if found.plan is None else found.plan.protocol_id,
        "next_session": None if found.next_session is None else found.next_session.isoformat(),
        "stop": found.stop,
        "trial": None
        if found.trial is None
        else {"arm": found.trial.arm, "washout": found.trial.washout, "words": found.trial.words},
        "items": [
            {
                "kind": i.kind,
                "title": i.title,
                "detail": i.detail,
                "sources": list(i.sources),
                "done": i.done,
                "instrument": i.instrument,
                "tools": list(i.tools),
                "at": None if i.at is None else i.at.strftime("%H:%M"),
            }
            for i in found.items
        ],
    }
