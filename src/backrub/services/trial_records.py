"""What a trial's report reads from the records beyond daily pain (CENT 2015 items 4a, 5, 19;
issue 15 item 5's secondary outcomes).

Each record counts on its own day in its own zone (as the pain does), and only
on the trial's whole days counted so far. Sleep is the check-in's 0-10 sleep
quality; the weekly PEG is each PEG questionnaire scored by its rule; professional
sessions and self-massage minutes are what was recorded; pain medicines are those
the check-ins recorded, and the changes of other treatment those the person recorded
on the trial page. Harms: a red-flag stop, check-ins reporting new leg
symptoms, self-massage with more pain after than before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from backrub.domain.episodes import DurationClass, classify_duration
from backrub.domain.governor import local_date
from backrub.domain.left_out import LEG_PAIN
from backrub.domain.nof1_cent import Harms, Treatments
from backrub.domain.nof1_changes import TrialChange
from backrub.domain.nof1_periods import Recorded
from backrub.domain.nof1_trial import RED_FLAG, TrialRecord
from backrub.domain.records import CheckIn, Profile
from backrub.evidence import load_rules
from backrub.store import Store


@dataclass(frozen=True, slots=True)
class TrialRecords:
    """Everything beyond pain the report shows, gathered for the counted days."""

    recorded: Recorded
    treatments: Treatments
    harms: Harms
    duration: DurationClass | None  # the episode at the trial's first day
    leg_pain: bool
    changes: tuple[TrialChange, ...] = ()  # other treatment changed, as the person recorded


def _since(first: date) -> datetime:
    return datetime.combine(first - timedelta(days=1), time(), UTC)


def _treatments(checkins: list[CheckIn], counted: Collection[date]) -> Treatments:
    days: set[date] = set()
    taken: set[date] = set()
    names: dict[str, None] = {}
    for c in checkins:
        day = local_date(c.at, c.tz)
        if day not in counted:
            continue
        days.add(day)
        named = (c.medication or "").strip()
        if c.medication_taken or named:
            taken.add(day)
        if named:
            names.setdefault(named, None)
    return Treatments(len(days), len(taken), tuple(names))


def _recorded(store: Store, profile_id: int, first: date, counted: Collection[date]) -> Recorded:
    from backrub.services.measures import response_score

    since = _since(first)
    sleep: dict[date, list[int]] = defaultdict(list)
    for c in store.checkins(profile_id, since=since):
        if c.sleep is not None and local_date(c.at, c.tz) in counted:
            sleep[local_date(c.at, c.tz)].append(c.sleep)
    peg: dict[date, list[float]] = defaultdict(list)
    for r in store.responses(profile_id, instrument="peg", since=since):
        value = response_score(r).score
        if value is not None and local_date(r.at, r.tz) in counted:
            peg[local_date(r.at, r.tz)].append(float(value))
    pro: dict[date, int] = defaultdict(int)
    for s in store.pro_sessions(profile_id, since=since):
        pro[local_date(s.at, s.tz)] += 1
    seconds: dict[date, int] = defaultdict(int)
    for m in store.self_sessions(profile_id, since=since):
        seconds[local_date(m.at, m.tz)] += m.total_seconds
    return Recorded(sleep, peg, pro, seconds)


def _harms(store: Store, trial: TrialRecord, profile_id: int, counted: Collection[date]) -> Harms:
    since = _since(trial.first_day)
    legs = {
        local_date(c.at, c.tz)
        for c in store.checkins(profile_id, since=since)
        if c.new_leg_symptoms and local_date(c.at, c.tz) in counted
    }
    worse = {
        local_date(m.at, m.tz)
        for m in store.self_sessions(profile_id, since=since)
        if m.pain_before is not None
        and m.pain_after is not None
        and m.pain_after > m.pain_before
        and local_date(m.at, m.tz) in counted
    }
    stopped = trial.ended_on if trial.ended_why == RED_FLAG else None
    return Harms(stopped, tuple(sorted(legs)), tuple(sorted(worse)))


def _condition(store: Store, profile_id: int, first: date) -> tuple[DurationClass | None, bool]:
    episodes = [e for e in store.episodes(profile_id) if e.onset <= first]
    episode = episodes[-1] if episodes else None
    screenings = [s for s in store.screenings(profile_id) if s.screened_on <= first]
    answered = dict(screenings[-1].answers).get(LEG_PAIN) if screenings else None
    leg = answered is True or (episode is not None and episode.leg_pain_below_knee)
    if episode is None:
        return None, leg
    return classify_duration(episode.onset, first, load_rules()), leg


def trial_records(
    store: Store, profile: Profile, trial: TrialRecord, counted: Collection[date]
) -> TrialRecords:
    """Return what the report shows beyond pain, for the trial's ``counted`` days, and
    every change of other treatment recorded on the trial's days (counted or not yet)."""
    from backrub.services.trial_care import changes_for_report

    assert profile.id is not None
    checkins = store.checkins(profile.id, since=_since(trial.first_day))
    duration, leg = _condition(store, profile.id, trial.first_day)
    return TrialRecords(
        _recorded(store, profile.id, trial.first_day, counted),
        _treatments(checkins, counted),
        _harms(store, trial, profile.id, counted),
        duration,
        leg,
        changes_for_report(store, profile, trial),
    )
