"""A realistic, deterministic demo profile for trying backrub out.

An episode that began about five months ago, a few weeks of check-ins with a
plausible course (a slow, noisy improvement, as most back pain shows), ten
professional sessions as in the trials, and self-massage that stays inside the
5-minute daily cap for ball and roller. The same seed, ``now`` and zone always
give the same data, and nothing is dated after ``now``: on the last day only
what would already have happened by the local time of ``now`` is there.

The notes in it (the episode's, a few check-ins', the therapist's SOAP notes) are
written in the language of the run that makes the demo, as a person would have
typed them; once made they are stored records like any other.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from backrub.domain.governor import decide
from backrub.domain.records import (
    Cause,
    CheckIn,
    Episode,
    PlanChoices,
    Profile,
    ProfileData,
    ProSession,
    Response,
    ScreeningRecord,
    SelfSession,
    Technique,
    Tool,
)
from backrub.domain.screening import NO_TO_ALL
from backrub.evidence import load_rules
from backrub.i18n import _

DEMO_NAME = "demo"
ONSET_DAYS_AGO = 150  # about five months
PRO_SESSIONS = 10  # elder-2017 and cherkin-2011 both used ten sessions


def make_demo(*, now: datetime, tz: str, weeks: int = 12, seed: int = 7) -> ProfileData:
    """Return the demo profile's data for ``weeks`` of tracking ending at ``now`` (aware).

    The days are local days in ``tz``; a record whose time of day has not come yet
    on the last day is left out, so the demo never holds a record later than now.
    """
    data = _make_demo(today=now.astimezone(ZoneInfo(tz)).date(), tz=tz, weeks=weeks, seed=seed)
    return _until(data, now)


def _until(data: ProfileData, now: datetime) -> ProfileData:
    """Return ``data`` without the records dated after ``now``."""
    return replace(
        data,
        checkins=tuple(c for c in data.checkins if c.at <= now),
        pro_sessions=tuple(p for p in data.pro_sessions if p.at <= now),
        self_sessions=tuple(s for s in data.self_sessions if s.at <= now),
        responses=tuple(r for r in data.responses if r.at <= now),
    )


@dataclass(frozen=True, slots=True)
class _Calendar:
    """The demo's local days in ``tz``, from ``first`` to ``today``."""

    tz: str
    today: date
    days: tuple[date, ...]

    @property
    def first(self) -> date:
        return self.days[0]

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), ZoneInfo(self.tz)).astimezone(UTC)


def _make_demo(*, today: date, tz: str, weeks: int, seed: int) -> ProfileData:
    # The random draws do not depend on the hour, so the same seed gives the same
    # course whatever time of day the demo is made; ``make_demo`` then drops the
    # records of the last day whose time has not come yet. The steps draw in this
    # order: check-ins, self-massage, questionnaires.
    rng = random.Random(seed)
    first = today - timedelta(weeks=weeks) + timedelta(days=1)
    days = tuple(first + timedelta(days=i) for i in range((today - first).days + 1))
    cal = _Calendar(tz, today, days)
    checkins = _checkins(cal, rng)
    pros = _pro_sessions(cal)
    selfs = _self_sessions(cal, rng, checkins)
    responses = _responses(cal, rng)
    return ProfileData(
        profile=Profile(name=DEMO_NAME, tz=tz, created_at=cal.at(first, 7)),
        episodes=(
            Episode(
                onset=today - timedelta(days=ONSET_DAYS_AGO),
                leg_pain_below_knee=False,
                cause=Cause.STRAIN,
                note=_("Started after moving house."),
            ),
        ),
        checkins=tuple(checkins),
        pro_sessions=pros,
        self_sessions=tuple(selfs),
        screenings=(_screening(cal),),
        plans=(_plan(cal),),
        responses=responses,
    )


def _checkins(cal: _Calendar, rng: random.Random) -> list[CheckIn]:
    """A morning check-in every day with a slow, noisy improvement; some evenings too."""
    checkins: list[CheckIn] = []
    days, tz = cal.days, cal.tz
    for index, day in enumerate(days):
        progress = index / max(len(days) - 1, 1)
        expected = 6.2 - 3.0 * progress  # slow improvement
        flare = 1.5 if rng.random() < 0.06 else 0.0
        pain = _clamp(round(expected + flare + rng.gauss(0, 0.8)))
        checkins.append(
            CheckIn(
                at=cal.at(day, 8, rng.randrange(0, 50)),
                tz=tz,
                pain=pain,
                soreness=_clamp(round(pain * 0.6 + rng.gauss(0, 0.7))),
                sleep=_clamp(round(5 + 3 * progress + rng.gauss(0, 1.0))),
                medication_taken=pain >= 6,
                medication="ibuprofen 400 mg" if pain >= 6 else None,
            )
        )
        if rng.random() < 0.6:
            checkins.append(
                CheckIn(
                    at=cal.at(day, 20, rng.randrange(0, 50)),
                    tz=tz,
                    pain=_clamp(pain + rng.choice((-1, 0, 0, 1))),
                    activity_min=int(15 + 30 * progress + rng.randrange(0, 20)),
                    note=_("walked after work") if rng.random() < 0.2 else None,
                )
            )
    return checkins


def _pro_sessions(cal: _Calendar) -> tuple[ProSession, ...]:
    """Weekly professional sessions, as in cherkin-2011, up to the trials' ten."""
    days = cal.days
    sessions = min(PRO_SESSIONS, max(1, len(days) // 7))
    step = 7  # weekly, as in cherkin-2011
    return tuple(
        ProSession(
            at=cal.at(days[min(i * step + 2, len(days) - 1)], 17, 30),
            tz=cal.tz,
            technique=Technique.RELAXATION if i % 3 else Technique.STRUCTURAL,
            duration_min=60,
            cost_cents=7000,
            currency="EUR",
            therapist="Sam Rivera, LMT",
            subjective=_("Low back stiff in the mornings; better after walking."),
            objective=_("Tight lumbar paraspinals, left more than right."),
            assessment=_("Non-specific low back pain, improving slowly."),
            plan=_("Continue weekly sessions; keep walking daily."),
        )
        for i in range(sessions)
    )


def _self_sessions(
    cal: _Calendar, rng: random.Random, checkins: list[CheckIn]
) -> list[SelfSession]:
    """Self-massage as a person who follows the governor would do it: every session is
    one the governor allowed, so the demo never breaks a rule."""
    rules = load_rules()
    selfs: list[SelfSession] = []
    for index, day in enumerate(cal.days):
        if index % 2 == 0:
            tool = Tool.FOAM_ROLLER if index % 4 else Tool.TENNIS_BALL
        elif index % 5 == 1:
            tool = Tool.MASSAGE_GUN
        else:
            continue
        start_at = cal.at(day, 19, 10)
        decision = decide(
            tool,
            now=start_at,
            tz=cal.tz,
            log=selfs,
            checkins=[c for c in checkins if c.at <= start_at],
            restrictions=frozenset(),
            rules=rules,
        )
        if not decision.allowed or not decision.plan:
            continue
        before = checkins_pain(checkins, day)
        selfs.append(
            SelfSession(
                at=start_at,
                tz=cal.tz,
                tool=tool,
                zones=decision.plan,
                pain_before=before,
                pain_during=min(before, 2 + rng.choice((0, 0, 1))),
                pain_after=max(0, before - rng.choice((0, 1, 1, 2))),
            )
        )
    return selfs


def _screening(cal: _Calendar) -> ScreeningRecord:
    return ScreeningRecord(
        screened_on=cal.first,
        answers=tuple(NO_TO_ALL.items()),
        verdict="clear",
        restrictions=(),
    )


def _plan(cal: _Calendar) -> PlanChoices:
    session_day = cal.days[min(2, len(cal.days) - 1)]
    return PlanChoices(
        made_on=cal.first,
        protocol_id="cherkin-10-weekly",
        start=cal.first,
        weekdays=(session_day.weekday(),),
        currency="EUR",
        tools=(Tool.FOAM_ROLLER.value, Tool.MASSAGE_GUN.value, Tool.TENNIS_BALL.value),
        restrictions=(),
        price_per_session="70.00",
    )


def _responses(cal: _Calendar, rng: random.Random) -> tuple[Response, ...]:
    """A weekly PEG, and an RMDQ at the start and the day before the end."""
    days, tz = cal.days, cal.tz
    responses: list[Response] = []
    for week in range(0, len(days) // 7):
        progress = week / max(len(days) // 7 - 1, 1)
        level = 6.5 - 3.0 * progress
        answers = tuple(_clamp(round(level + rng.gauss(0, 0.6))) for _ in range(3))
        responses.append(Response(cal.at(days[week * 7], 9), tz, "peg", answers))
    # The follow-up RMDQ is dated yesterday, so it is there whatever hour the demo
    # is made (a 09:30 answer of today would be missing before 09:30).
    for index, ticked in ((0, 12), (len(days) - 2, 6)):
        rmdq = tuple(1 if i < ticked else 0 for i in range(24))
        responses.append(Response(cal.at(days[index], 9, 30), tz, "rmdq", rmdq))
    responses.sort(key=lambda r: r.at)
    return tuple(responses)


def checkins_pain(checkins: list[CheckIn], day: date) -> int:
    """Return the pain of the day's morning check-in (the last one appended for ``day``)."""
    for checkin in reversed(checkins):
        if checkin.at.astimezone(ZoneInfo(checkin.tz)).date() == day:
            return checkin.pain
    return 5


def _clamp(value: int) -> int:
    return max(0, min(10, value))
