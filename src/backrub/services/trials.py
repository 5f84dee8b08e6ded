"""Use cases for an N-of-1 trial: plan it, start it, follow it, stop it.

A trial is planned from the person's own baseline diary: their daily pain before
the trial (at least 14 days with a check-in, ``domain.nof1_power``) says how
small a difference the design can find with 80% power. Starting keeps the
design, seed and SHA-256 of the schedule, shown so the person can give it to
their clinician before the first day. While it runs, each day has its arm: on a
day without massage (B) the governor offers no self-massage and Today lists no
massage. The person may stop it; a screening that says stop ends it. Either way
it is kept and reported as ended early. The result is in ``trial_report``.
"""

from __future__ import annotations

import secrets
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from backrub.domain.governor import local_date
from backrub.domain.inputs import parse_date
from backrub.domain.nof1_design import MAX_SEED, Design, Period, Schedule, parse_design, schedule
from backrub.domain.nof1_power import MIN_BASELINE_DAYS, Detectable, detectable_difference
from backrub.domain.nof1_trial import RED_FLAG, STOPPED, TrialRecord
from backrub.domain.records import Profile
from backrub.errors import InvalidInput, NotFound, Refusal, Refused, shown_day
from backrub.i18n import _
from backrub.services.records import saved
from backrub.services.safety import require_safe
from backrub.store import Store

# The baseline read for the power check: the check-ins of the last 8 weeks before
# the trial (product default: recent enough to be the person's pain now).
BASELINE_DAYS = 56
# The first day may be set up to two weeks ahead (product default): time to give
# the schedule and its hash to a clinician first.
MAX_DAYS_AHEAD = 14


@dataclass(frozen=True, slots=True)
class TrialPlan:
    """A design, its schedule from the first day, and what it can detect."""

    schedule: Schedule
    detectable: Detectable
    baseline_days: int

    @property
    def design(self) -> Design:
        return self.schedule.design


@dataclass(frozen=True, slots=True)
class Assignment:
    """What the trial asks on one day: the arm, its period, and whether it is washout."""

    trial: TrialRecord
    day: date
    period: Period
    day_in_period: int

    @property
    def arm(self) -> str:
        return self.period.arm

    @property
    def massage(self) -> bool:
        return self.period.arm == "A"

    @property
    def washout(self) -> bool:
        return self.day_in_period < self.trial.washout_days

    @property
    def words(self) -> str:
        """The day's assignment in plain words."""
        if self.massage:
            return _(
                "Your trial: a massage period (pair %(pair)d, until %(last)s). Do the plan's "
                "massage and self-massage as usual.",
                pair=self.period.pair + 1,
                last=shown_day(self.period.last),
            )
        return _(
            "Your trial: a period without massage (pair %(pair)d, until %(last)s). No "
            "massage and no self-massage; keep up the plan's activity.",
            pair=self.period.pair + 1,
            last=shown_day(self.period.last),
        )


def local_today(profile: Profile, now: datetime) -> date:
    """Return the profile's day at ``now``, in its zone."""
    return now.astimezone(ZoneInfo(profile.tz)).date()


def trials_of(store: Store, profile: Profile) -> tuple[TrialRecord, ...]:
    """Return every trial of the profile, the first started first."""
    from backrub.store.trial_rows import trials_of as read

    return () if profile.id is None else tuple(read(store, profile.id))


def latest_trial(store: Store, profile: Profile) -> TrialRecord:
    """Return the profile's latest trial, or raise NotFound."""
    found = trials_of(store, profile)
    if not found:
        raise NotFound(_("No trial yet."), code="no_trial")
    return found[-1]


def current_trial(store: Store, profile: Profile, *, today: date) -> TrialRecord | None:
    """Return the trial that is running or about to start on ``today``, or None."""
    return _running(trials_of(store, profile), today)


def _running(trials: tuple[TrialRecord, ...], today: date) -> TrialRecord | None:
    for trial in reversed(trials):
        if not trial.ended_early and today <= trial.schedule.last_day:
            return trial
    return None


def assignment_on(store: Store, profile: Profile, day: date) -> Assignment | None:
    """Return the running trial's assignment on ``day``, or None (no trial that day)."""
    trial = current_trial(store, profile, today=day)
    if trial is None:
        return None
    period = trial.schedule.period_on(day)
    if period is None:
        return None
    return Assignment(trial, day, period, (day - period.first).days)


def baseline(store: Store, profile: Profile, *, before: date) -> list[float | None]:
    """Return the daily pain of the ``BASELINE_DAYS`` before ``before`` (None: no check-in).

    A day's pain is the mean of its check-ins. The list starts at the first day
    with a check-in in that window.
    """
    if profile.id is None:
        return []
    zone = ZoneInfo(profile.tz)
    start = before - timedelta(days=BASELINE_DAYS)
    since = datetime.combine(start, datetime.min.time(), zone) - timedelta(days=1)
    pains: dict[date, list[int]] = defaultdict(list)
    for checkin in store.checkins(profile.id, since=since):
        day = local_date(checkin.at, checkin.tz)
        if start <= day < before:
            pains[day].append(checkin.pain)
    if not pains:
        return []
    first = min(pains)
    days = [first + timedelta(days=n) for n in range((before - first).days)]
    return [sum(pains[d]) / len(pains[d]) if pains.get(d) else None for d in days]


def baseline_shortfall(store: Store, profile: Profile, *, now: datetime) -> Refusal | None:
    """Return why a trial cannot be planned yet (too few days with a pain check-in before
    today, with how many more and from which day), or None when there are enough."""
    today = local_today(profile, now)
    have = sum(p is not None for p in baseline(store, profile, before=today))
    if have >= MIN_BASELINE_DAYS:
        return None
    more = MIN_BASELINE_DAYS - have
    # Today's check-in counts once today is over: daily check-ins from today are
    # enough on the day after the last one needed.
    ready = today + timedelta(days=more)
    return Refusal(
        "trial_baseline",
        _(
            "A trial needs %(need)d days of pain check-ins first. Days so far: %(have)d; "
            "still to go: %(more)d. Check in each day, and from %(day)s you can plan one.",
            need=MIN_BASELINE_DAYS,
            have=have,
            more=more,
            day=shown_day(ready),
        ),
        possible_at=ready,
    )


def _first_day(value: object, today: date) -> date:
    if value is None or value == "":
        return today + timedelta(days=1)
    day = parse_date("first_day", value)
    if not today <= day <= today + timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidInput(
            "first_day",
            value,
            _(
                "use a day from today to %(last)s",
                last=shown_day(today + timedelta(days=MAX_DAYS_AHEAD)),
            ),
        )
    return day


def plan_trial(
    store: Store,
    profile: Profile,
    *,
    now: datetime,
    pairs: object = None,
    period_days: object = None,
    washout_days: object = None,
    seed: object = None,
    first_day: object = None,
) -> TrialPlan:
    """Return the design's schedule and what it can detect; refuse without a baseline."""
    # Massage periods are massage: not while screening says stop or is missing.
    require_safe(store, profile, what=_("a massage trial"))
    today = local_today(profile, now)
    short = baseline_shortfall(store, profile, now=now)
    if short is not None:
        raise Refused(refusal=short)
    chosen = secrets.randbelow(MAX_SEED + 1) if seed is None or seed == "" else seed
    design = parse_design(
        pairs=pairs, period_days=period_days, washout_days=washout_days, seed=chosen
    )
    first = _first_day(first_day, today)
    diary = baseline(store, profile, before=min(first, today))
    found = detectable_difference(
        diary,
        pairs=design.pairs,
        period_days=design.period_days,
        washout_days=design.washout_days,
        seed=design.seed,
    )
    return TrialPlan(schedule(design, first), found, sum(p is not None for p in diary))


def plan_lines(plan: TrialPlan) -> list[str]:
    """The plan's power check in words (nof1stats' words): what it can detect, and more
    pairs when needed."""
    from backrub.domain.nof1_words import detectable_lines

    return detectable_lines(plan.detectable)


def start_trial(
    store: Store, profile: Profile, *, now: datetime, confirmed: bool = False, **values: object
) -> TrialPlan:
    """Plan the trial (the same checks) and keep it once the person has confirmed
    "Before you start" (``trial_care``); refuse if one is already running."""
    from backrub.services.trial_care import require_confirmed

    today = local_today(profile, now)
    running = current_trial(store, profile, today=today)
    if running is not None:
        raise Refused(
            refusal=Refusal(
                "trial_running",
                _(
                    "A trial is already running (until %(last)s): stop it before starting another.",
                    last=shown_day(running.schedule.last_day),
                ),
            )
        )
    plan = plan_trial(store, profile, now=now, **values)
    require_confirmed(confirmed)
    from backrub.store.trial_rows import add_trial

    d, found = plan.design, plan.schedule
    record = TrialRecord(
        str(uuid.uuid4()),
        d.pairs,
        d.period_days,
        d.washout_days,
        d.seed,
        found.first_day,
        found.sha256,
        now,
    )
    add_trial(store, saved(store, profile), record)
    return plan


def stop_trial(store: Store, profile: Profile, *, now: datetime, why: str = STOPPED) -> TrialRecord:
    """End the running trial early (kept, reported as ended early); refuse without one."""
    from backrub.store.trial_rows import end_early

    today = local_today(profile, now)
    trial = current_trial(store, profile, today=today)
    if trial is None or profile.id is None:
        raise NotFound(_("No trial is running."), code="no_trial")
    end_early(store, profile.id, trial.public_id, on=today, why=why)
    return latest_trial(store, profile)


def end_for_red_flag(store: Store, profile: Profile, *, today: date) -> None:
    """A screening said stop: end the running trial early, if there is one."""
    if profile.id is not None:
        end_trial_of(store, profile.id, today=today)


def end_trial_of(store: Store, profile_id: int, *, today: date) -> None:
    """A screening stop kept by id alone (a follow-up's warning signs on the clinic
    server): end the profile's running trial early, if there is one."""
    from backrub.store.trial_rows import end_early
    from backrub.store.trial_rows import trials_of as read

    trial = _running(tuple(read(store, profile_id)), today)
    if trial is not None:
        end_early(store, profile_id, trial.public_id, on=today, why=RED_FLAG)


def no_massage_refusal(store: Store, profile: Profile, *, now: datetime) -> Refusal | None:
    """Return the refusal of self-massage on a trial day without massage, or None."""
    found = assignment_on(store, profile, local_today(profile, now))
    if found is None or found.massage:
        return None
    return Refusal(
        "trial_no_massage",
        _(
            "Your N-of-1 trial has a period without massage until %(last)s: no self-massage "
            "today, so that the trial can compare. Stopping the trial ends it early.",
            last=shown_day(found.period.last),
        ),
        ("tool",),
        possible_at=found.period.last + timedelta(days=1),
    )


def off_schedule_note(store: Store, profile: Profile, *, at: datetime, tz: str) -> str | None:
    """Return a plain note when a massage was recorded on a trial day without massage
    (it is kept; the day counts as not followed), or None."""
    found = assignment_on(store, profile, local_date(at, tz))
    if found is None or found.massage:
        return None
    return _(
        "This was a day without massage in your N-of-1 trial: the massage is saved, "
        "and the day counts as not followed."
    )
