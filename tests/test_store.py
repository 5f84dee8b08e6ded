"""The store keeps what it is given, per profile, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from backrub import services
from backrub.domain.records import Technique, Tool, Zone
from backrub.errors import InvalidInput, NotFound
from backrub.store import Store
from tests.conftest import NOW


def test_a_checkin_comes_back_exactly_as_recorded(store: Store) -> None:
    profile = services.add_profile(store, "ana", tz="Europe/Berlin", now=NOW)
    saved = services.record_checkin(
        store,
        profile,
        now=NOW,
        pain="6",
        soreness="3",
        sleep=7,
        activity_min="45",
        medication="ibuprofen 400 mg",
        note="stiff after the drive",
        at="2026-03-01T08:15",
    )
    [back] = store.checkins(saved_id(profile))
    assert back == saved
    # 08:15 in Berlin (UTC+1 in March) is stored as 07:15 UTC, zone kept.
    assert back.at == datetime(2026, 3, 1, 7, 15, tzinfo=UTC)
    assert back.tz == "Europe/Berlin"
    assert back.medication_taken is True


def saved_id(profile: object) -> int:
    value = getattr(profile, "id", None)
    assert isinstance(value, int)
    return value


def test_several_checkins_a_day_are_kept_in_time_order(store: Store) -> None:
    profile = services.add_profile(store, "ana", tz="UTC", now=NOW)
    for hour, pain in ((20, 5), (8, 3), (13, 4)):
        services.record_checkin(store, profile, now=NOW, pain=pain, at=f"2026-03-01T{hour:02d}:00")
    assert [c.pain for c in store.checkins(saved_id(profile))] == [3, 4, 5]


def test_one_profile_never_sees_another_profiles_records(store: Store) -> None:
    ana = services.add_profile(store, "ana", tz="UTC", now=NOW)
    ben = services.add_profile(store, "ben", tz="UTC", now=NOW)
    services.record_checkin(store, ana, now=NOW, pain=7)
    services.log_pro_session(store, ana, now=NOW, technique="structural", duration_min=60)
    services.log_self_session(store, ana, now=NOW, tool="foam_roller", zones="glutes_left:60")
    assert store.checkins(saved_id(ben)) == []
    assert store.pro_sessions(saved_id(ben)) == []
    assert store.self_sessions(saved_id(ben)) == []
    assert len(store.checkins(saved_id(ana))) == 1


def test_sessions_keep_technique_cost_soap_and_zone_times(store: Store) -> None:
    profile = services.add_profile(store, "ana", tz="UTC", now=NOW)
    services.log_pro_session(
        store,
        profile,
        now=NOW,
        technique="trigger-point",
        duration_min="50",
        cost="72.50",
        currency="usd",
        therapist="Kim",
        subjective="worse after sitting",
        objective="tender QL",
        assessment="improving",
        plan="weekly",
    )
    services.log_self_session(
        store,
        profile,
        now=NOW,
        tool="massage_gun",
        zones="glutes_left:90,glutes_right:60",
        gun_level="3",
        pain_before=4,
        pain_after=3,
    )
    [pro] = store.pro_sessions(saved_id(profile))
    assert (pro.technique, pro.cost_cents, pro.currency) == (Technique.TRIGGER_POINT, 7250, "USD")
    assert (pro.subjective, pro.plan) == ("worse after sitting", "weekly")
    [own] = store.self_sessions(saved_id(profile))
    assert own.tool is Tool.MASSAGE_GUN
    assert [(z.zone, z.seconds, z.gun_level) for z in own.zones] == [
        (Zone.GLUTES_LEFT, 90, 3),
        (Zone.GLUTES_RIGHT, 60, 3),
    ]


def test_history_since_a_date_counts_days_in_the_persons_zone(store: Store) -> None:
    profile = services.add_profile(store, "ana", tz="America/New_York", now=NOW)
    services.record_checkin(store, profile, now=NOW, pain=2, at="2026-02-28T23:30")
    services.record_checkin(store, profile, now=NOW, pain=3, at="2026-03-01T00:30")
    data = services.history(store, profile, since="2026-03-01")
    assert [c.pain for c in data.checkins] == [3]


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("pain", {"pain": 11}),
        ("pain", {"pain": -1}),
        ("pain", {"pain": "3.5"}),
        ("soreness", {"pain": 3, "soreness": "lots"}),
        ("activity_min", {"pain": 3, "activity_min": 5000}),
        ("at", {"pain": 3, "at": "2026-02-30T10:00"}),
        ("at", {"pain": 3, "at": (NOW + timedelta(days=2)).isoformat()}),
    ],
)
def test_bad_checkin_values_are_refused_and_nothing_is_saved(
    store: Store, field: str, kwargs: dict[str, object]
) -> None:
    profile = services.add_profile(store, "ana", tz="UTC", now=NOW)
    with pytest.raises(InvalidInput) as error:
        services.record_checkin(store, profile, now=NOW, **kwargs)  # type: ignore[arg-type]
    assert error.value.field == field
    assert store.checkins(saved_id(profile)) == []


def test_an_episode_in_the_future_is_refused(store: Store) -> None:
    profile = services.add_profile(store, "ana", tz="UTC", now=NOW)
    with pytest.raises(InvalidInput, match=r"onset"):
        services.add_episode(
            store, profile, today=date(2026, 3, 2), onset="2026-04-01", leg_pain_below_knee=False
        )
    saved = services.add_episode(
        store,
        profile,
        today=date(2026, 3, 2),
        onset="2025-10-01",
        leg_pain_below_knee=True,
        cause="disc",
    )
    assert store.episodes(saved_id(profile)) == [saved]


def test_an_unknown_profile_is_named_in_the_error(store: Store) -> None:
    services.add_profile(store, "ana", tz="UTC", now=NOW)
    with pytest.raises(NotFound, match=r"'zoe'.*ana"):
        services.current_profile(store, "zoe", create=False)


def test_a_checkin_and_its_marks_are_saved_together(store: Store) -> None:
    profile = services.add_profile(store, "ana", tz="UTC", now=NOW)
    saved = services.record_checkin(
        store, profile, now=NOW, pain=5, where="lower_back_left:6,buttock_right:2"
    )
    spots = store.pain_spots(saved_id(profile))
    assert [(s.region.value, s.intensity, s.at) for s in spots] == [
        ("lower_back_left", 6, saved.at),
        ("buttock_right", 2, saved.at),
    ]


def test_a_failure_while_saving_the_marks_leaves_no_checkin(store: Store) -> None:
    from sqlalchemy.exc import IntegrityError

    from backrub.domain.records import BodyRegion, CheckIn, PainSpot

    profile = services.add_profile(store, "ana", tz="UTC", now=NOW)
    checkin = CheckIn(at=NOW, tz="UTC", pain=5)
    good = PainSpot(at=NOW, tz="UTC", region=BodyRegion.LOWER_BACK_LEFT, intensity=6)
    # The parsers never build this mark; the database's own range check refuses it.
    broken = PainSpot(at=NOW, tz="UTC", region=BodyRegion.HIP_LEFT, intensity=11)
    with pytest.raises(IntegrityError):
        store.add_checkin(saved_id(profile), checkin, [good, broken])
    assert store.checkins(saved_id(profile)) == []
    assert store.pain_spots(saved_id(profile)) == []


def test_a_region_marked_twice_is_refused_naming_it_and_nothing_is_saved(store: Store) -> None:
    profile = services.add_profile(store, "ana", tz="UTC", now=NOW)
    for where in ("lower_back_left:5,lower_back_left:3", "hip_left:2,Hip-Left:2"):
        with pytest.raises(InvalidInput, match=r"^where (lower_back_left|hip_left):.*once"):
            services.record_checkin(store, profile, now=NOW, pain=5, where=where)
        with pytest.raises(InvalidInput, match="once"):
            services.record_body_map(store, profile, now=NOW, where=where)
    assert store.checkins(saved_id(profile)) == []
    assert store.pain_spots(saved_id(profile)) == []


def test_what_a_profile_holds_is_counted_with_its_first_and_last_time(store: Store) -> None:
    profile = services.add_profile(store, "ana", tz="Europe/Berlin", now=NOW)
    for at, pain in (("2026-02-27T08:00", "5"), ("2026-03-01T20:30", "4")):
        services.record_checkin(store, profile, now=NOW, pain=pain, at=at)
    other = services.add_profile(store, "ben", tz="Europe/Berlin", now=NOW)
    services.record_checkin(store, other, now=NOW, pain="2", at="2026-01-01T08:00")
    held = {kind: rest for kind, *rest in services.holdings(store, profile)}
    assert held["checkins"] == [
        2,
        datetime(2026, 2, 27, 7, 0, tzinfo=UTC),
        datetime(2026, 3, 1, 19, 30, tzinfo=UTC),
    ]
    assert held["pain_spots"] == [0, None, None]  # ben's check-in is not ana's
