"""Generated zones and instants over the logic that depends on them.

These tests stand in for running the whole suite under every zone and hour: the
suite itself pins the clock and the zone, and these generate both.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backrub import clock, services
from backrub.demo import make_demo
from backrub.domain.inputs import parse_moment, repeated_local_time
from backrub.domain.records import Profile
from backrub.errors import InvalidInput
from backrub.store import Store, open_store

# Every zone this machine knows, with the far ones (UTC+14, UTC-10, half hours) always in.
FAR = ["UTC", "Pacific/Kiritimati", "Pacific/Honolulu", "America/Adak", "Asia/Kolkata"]
zones = st.sampled_from(FAR) | st.sampled_from(sorted(available_timezones() - {"Factory"}))
# A profile's zone is a place a person can choose (see clock.place_zone).
places = st.sampled_from(FAR) | st.sampled_from(clock.place_zones())
instants = st.datetimes(
    min_value=datetime(1901, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
)
wall_times = st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2099, 12, 31))
FAR_FUTURE = datetime(9000, 1, 1, tzinfo=UTC)


@settings(deadline=None)  # the machine is shared: time the logic, not the neighbours
@given(zone=zones, local=wall_times)
def test_a_local_time_is_refused_in_a_gap_else_read_back_as_typed(
    zone: str, local: datetime
) -> None:
    tz = ZoneInfo(zone)
    text = local.isoformat()
    try:
        moment = parse_moment("at", text, zone=tz, now=FAR_FUTURE)
    except InvalidInput as error:
        # Refused only when the clocks skip that time, and the message names the way out.
        assert "does not exist" in str(error)
        for fold in (0, 1):
            shown = local.replace(tzinfo=tz, fold=fold).astimezone(UTC).astimezone(tz)
            assert shown.replace(tzinfo=None) != local
        return
    assert moment.tzinfo is UTC
    assert moment.astimezone(tz).replace(tzinfo=None) == local
    repeated = repeated_local_time(text, zone=tz)
    if repeated is not None:
        # The first occurrence is the one kept, and both read back as the same wall time.
        assert moment == repeated.kept < repeated.other
        assert repeated.other.astimezone(tz).replace(tzinfo=None) == local


@settings(deadline=None)
@given(zone=zones, now=instants)
def test_a_profiles_today_is_the_date_of_now_in_its_zone(zone: str, now: datetime) -> None:
    profile = Profile(name="me", tz=zone, created_at=now)  # not saved: no records at all
    today = services.progress(None, profile, now=now).as_of  # type: ignore[arg-type]
    assert today == now.astimezone(ZoneInfo(zone)).date()
    assert abs((today - now.date()).days) <= 1


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One database for every generated example; each example makes its own profile."""
    opened = open_store(str(tmp_path_factory.mktemp("zones") / "backrub.sqlite3"))
    yield opened
    opened.close()


_names = (f"p{n}" for n in itertools.count())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zone=places, at=instants, pain=st.integers(0, 10))
def test_a_record_belongs_to_the_local_day_of_its_zone_in_history_and_progress(
    shared_store: Store, zone: str, at: datetime, pain: int
) -> None:
    profile = services.add_profile(shared_store, next(_names), tz=zone, now=at)
    services.record_checkin(shared_store, profile, now=at, pain=pain, at=at.isoformat())
    day = at.astimezone(ZoneInfo(zone)).date()
    assert len(services.history(shared_store, profile, since=day).checkins) == 1
    following = day + timedelta(days=1)
    if following <= date(9999, 12, 30):
        assert services.history(shared_store, profile, since=following).checkins == []
    measured = services.progress(shared_store, profile, now=at)
    assert measured.as_of == day
    # Counted on its own local day: the daily check-in is not due any more today.
    assert "pain check-in" not in {d["what"] for d in measured.due}
    earlier = services.progress(shared_store, profile, now=at - timedelta(seconds=1))
    assert earlier.pain_trend is None  # not yet: its time has not come


@settings(max_examples=25, deadline=None)
@given(
    zone=zones,
    now=st.datetimes(
        min_value=datetime(2001, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    ),
    weeks=st.integers(1, 3),
)
def test_the_demo_never_holds_a_record_later_than_now(zone: str, now: datetime, weeks: int) -> None:
    data = make_demo(now=now, tz=zone, weeks=weeks, seed=7)
    records = [*data.checkins, *data.pro_sessions, *data.self_sessions, *data.responses]
    assert records and all(r.at <= now for r in records)
    today = now.astimezone(ZoneInfo(zone)).date()
    assert all(r.at.astimezone(ZoneInfo(zone)).date() <= today for r in records)
    assert len([r for r in data.responses if r.instrument == "rmdq"]) == 2  # whatever the hour
