"""A running trial: today's arm, the governor and Today follow it, stop and red flag end it.

The trial is written straight into the store here (its plan needs the analysis'
power check, tested in test_trial_cli); every other step is the services' own.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from backrub import services
from backrub.domain.nof1_design import Design, schedule
from backrub.domain.nof1_trial import TrialRecord
from backrub.domain.questions import Tier
from backrub.domain.records import Profile
from backrub.domain.red_flags import QUESTIONS
from backrub.domain.screening import NO_TO_ALL
from backrub.errors import NotFound, Refused, SafetyStop
from backrub.services import trials
from backrub.services.today import today, today_json
from backrub.store import Store
from backrub.store.trial_rows import add_trial

FIRST = date(2026, 3, 2)
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def _profile(store: Store) -> Profile:
    profile = services.add_profile(store, "ana", tz="UTC", now=NOON - timedelta(days=30))
    services.record_screening(store, profile, dict(NO_TO_ALL), today=FIRST - timedelta(days=20))
    services.new_plan(
        store,
        profile,
        protocol="cherkin-10-weekly",
        start=FIRST,
        days="mon",
        price="70",
        tools="tennis_ball",
        today=FIRST - timedelta(days=1),
    )
    return profile


def _trial(store: Store, profile: Profile, seed: int = 11) -> TrialRecord:
    found = schedule(Design(3, 7, 2, seed), FIRST)
    record = TrialRecord(str(uuid.uuid4()), 3, 7, 2, seed, FIRST, found.sha256, NOON)
    assert profile.id is not None
    return add_trial(store, profile.id, record)


def _a_day(record: TrialRecord, arm: str) -> datetime:
    period = next(p for p in record.schedule.periods if p.arm == arm)
    return datetime.combine(period.first + timedelta(days=3), NOON.time(), UTC)


def test_the_assignment_follows_the_schedule_day_by_day(store: Store) -> None:
    profile = _profile(store)
    record = _trial(store, profile)
    for period in record.schedule.periods:
        found = trials.assignment_on(store, profile, period.first + timedelta(days=1))
        assert found is not None and found.arm == period.arm and found.washout
    assert trials.assignment_on(store, profile, FIRST - timedelta(days=1)) is None
    assert trials.assignment_on(store, profile, record.schedule.last_day + timedelta(1)) is None


def test_the_governor_offers_no_self_massage_on_a_day_without_massage(store: Store) -> None:
    profile = _profile(store)
    record = _trial(store, profile)
    with pytest.raises(Refused) as caught:
        services.plan_session(store, profile, "tennis_ball", now=_a_day(record, "B"))
    assert caught.value.code == "trial_no_massage"
    assert "trial" in str(caught.value) and "without massage" in str(caught.value)
    allowed = services.plan_session(store, profile, "tennis_ball", now=_a_day(record, "A"))
    assert allowed.decision.allowed


def test_today_says_the_arm_and_lists_no_massage_on_a_day_without(store: Store) -> None:
    profile = _profile(store)
    record = _trial(store, profile)
    without = today(store, profile, now=_a_day(record, "B"))
    kinds = {i.kind for i in without.items}
    assert "self_massage" not in kinds and "activity" in kinds
    shape = json.loads(json.dumps(today_json(without)))
    assert shape["trial"]["arm"] == "B" and "without massage" in shape["trial"]["words"]
    with_massage = today(store, profile, now=_a_day(record, "A"))
    assert "self_massage" in {i.kind for i in with_massage.items}
    assert with_massage.trial is not None and with_massage.trial.massage


def test_a_stop_by_the_person_ends_the_trial_early_and_it_is_kept(store: Store) -> None:
    profile = _profile(store)
    record = _trial(store, profile)
    now = _a_day(record, "B")
    stopped = trials.stop_trial(store, profile, now=now)
    assert stopped.ended_early and stopped.ended_why == "stopped"
    assert stopped.ended_on == now.date()
    assert trials.current_trial(store, profile, today=now.date()) is None
    assert trials.trials_of(store, profile) == (stopped,)
    assert services.plan_session(store, profile, "tennis_ball", now=now).decision.allowed
    with pytest.raises(NotFound):
        trials.stop_trial(store, profile, now=now)


def test_a_screening_that_says_stop_ends_the_trial_early(store: Store) -> None:
    profile = _profile(store)
    record = _trial(store, profile)
    day = _a_day(record, "A").date()
    sign = next(q.id for q in QUESTIONS if q.tier is Tier.EMERGENCY)
    services.record_screening(store, profile, {**NO_TO_ALL, sign: True}, today=day)
    (ended,) = trials.trials_of(store, profile)
    assert ended.ended_early and ended.ended_why == "red_flag" and ended.ended_on == day


def test_a_second_trial_is_refused_while_one_runs(store: Store) -> None:
    profile = _profile(store)
    _trial(store, profile)
    with pytest.raises(Refused) as caught:
        trials.start_trial(store, profile, now=NOON)
    assert caught.value.code == "trial_running"


def test_no_trial_is_planned_before_screening_or_while_it_says_stop(store: Store) -> None:
    fresh = services.add_profile(store, "bo", tz="UTC", now=NOON - timedelta(days=30))
    with pytest.raises(SafetyStop) as caught:
        trials.plan_trial(store, fresh, now=NOON)
    assert caught.value.code == "screening_needed" and "massage trial" in str(caught.value)
    sign = next(q.id for q in QUESTIONS if q.tier is Tier.SOON)
    services.record_screening(store, fresh, {**NO_TO_ALL, sign: True}, today=FIRST)
    with pytest.raises(SafetyStop):
        trials.start_trial(store, fresh, now=NOON)
    assert trials.trials_of(store, fresh) == ()
