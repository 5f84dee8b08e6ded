"""Faster progress, same numbers: each shortcut gives exactly what the plain way gives.

``store/recall.py`` makes records only from rows it has not seen; the trend's
pairwise slopes are worked out with numpy; the bootstrap's draws are kept;
the zone picker's words are worked out once a minute. Each is checked here
against the plain way on generated data (several years of records, edits,
deletions, another program writing), never with a timing.
"""

from __future__ import annotations

import math
import random
import statistics
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from backrub import services
from backrub.domain import trend
from backrub.domain.comparison import compare_days
from backrub.domain.records import (
    CheckIn,
    Profile,
    ProfileData,
    ProSession,
    SelfSession,
    Technique,
    Tool,
    Zone,
    ZoneWork,
)
from backrub.services.profiles import zone_choices
from backrub.store import Store, open_store

EARLY = datetime(1900, 1, 1, tzinfo=UTC)  # a ``since`` before everything: the plain read


def years_of(years: int, seed: int) -> ProfileData:
    """Return a profile with ``years`` of check-ins (every field used) and sessions."""
    rng = random.Random(seed)
    first = date(2026, 12, 1) - timedelta(days=365 * years)
    days = [first + timedelta(days=n) for n in range(365 * years)]

    def at(day: date, hour: int) -> datetime:
        return datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=UTC)

    def maybe(value: object) -> object:
        return value if rng.random() < 0.5 else None

    checkins = tuple(
        CheckIn(
            at=at(day, hour),
            tz=rng.choice(("Europe/Berlin", "Asia/Ho_Chi_Minh", "America/New_York")),
            pain=rng.randrange(11),
            soreness=maybe(rng.randrange(11)),  # type: ignore[arg-type]
            sleep=maybe(rng.randrange(11)),  # type: ignore[arg-type]
            activity_min=maybe(rng.randrange(300)),  # type: ignore[arg-type]
            medication_taken=maybe(rng.random() < 0.5),  # type: ignore[arg-type]
            medication=maybe("ibuprofen"),  # type: ignore[arg-type]
            note=maybe(f"note {rng.randrange(99)}"),  # type: ignore[arg-type]
            new_leg_symptoms=maybe(rng.random() < 0.5),  # type: ignore[arg-type]
        )
        for day in days
        for hour in (7, 13, 20)
    )
    pros = tuple(
        ProSession(
            at=at(day, 17), tz="Europe/Berlin", technique=Technique.STRUCTURAL, duration_min=60
        )
        for day in sorted(rng.sample(days, 50 * years))
    )
    selfs = tuple(
        SelfSession(
            at=at(day, 21),
            tz="Europe/Berlin",
            tool=Tool.FOAM_ROLLER,
            zones=tuple(
                ZoneWork(zone, rng.randrange(30, 120))
                for zone in rng.sample([Zone.GLUTES_LEFT, Zone.GLUTES_RIGHT], rng.randrange(1, 3))
            ),
            pain_before=rng.randrange(11),
        )
        for day in sorted(rng.sample(days, 100 * years))
    )
    profile = Profile(name="me", tz="Europe/Berlin", created_at=at(first, 6))
    return ProfileData(profile=profile, checkins=checkins, pro_sessions=pros, self_sessions=selfs)


def same_as_plain(store: Store, profile_id: int) -> None:
    """The recalled records equal, in order, what the plain SQLAlchemy read gives."""
    assert store.checkins(profile_id) == store.checkins(profile_id, since=EARLY)
    assert store.pro_sessions(profile_id) == store.pro_sessions(profile_id, since=EARLY)
    assert store.self_sessions(profile_id) == store.self_sessions(profile_id, since=EARLY)


def test_records_read_again_are_those_a_plain_read_gives_through_appends_edits_and_deletes(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "b.sqlite3")
    web, cli = open_store(db), open_store(db)  # the web app's store, and another program's
    try:
        profile = web.restore(years_of(2, seed=3))
        assert profile.id is not None
        pid = profile.id
        same_as_plain(web, pid)
        assert len(web.checkins(pid)) == 3 * 730

        first, second = web.checkins(pid)[:2]
        cli.replace_checkin(pid, replace(first, pain=(first.pain + 1) % 11, note="edited"))
        cli.delete_checkin(pid, second.id or 0)
        cli.add_checkin(pid, replace(first, id=None, at=first.at + timedelta(minutes=1)))
        session = web.self_sessions(pid)[0]
        cli.replace_self_session(pid, replace(session, zones=(ZoneWork(Zone.GLUTES_LEFT, 99),)))
        pro = web.pro_sessions(pid)[-1]
        cli.delete_pro_session(pid, pro.id or 0)

        same_as_plain(web, pid)
        again = {c.id: c for c in web.checkins(pid)}
        assert again[first.id].note == "edited"  # the edit shows, not the record read before
        assert second.id not in again
        assert web.self_sessions(pid)[0].zones == (ZoneWork(Zone.GLUTES_LEFT, 99),)
        assert pro.id not in {p.id for p in web.pro_sessions(pid)}
    finally:
        web.close()
        cli.close()


def test_a_write_shows_in_progress_at_once_and_progress_is_the_plain_one(tmp_path: Path) -> None:
    db = str(tmp_path / "b.sqlite3")
    store = open_store(db)
    try:
        profile = store.restore(years_of(3, seed=5))
        now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
        before = services.progress(store, profile, now=now)
        assert before.pain_trend is not None and before.days_compared is not None
        for pain in (0, 10, 10):
            services.record_checkin(store, profile, now=now, pain=pain)
        after = services.progress(store, profile, now=now)
        assert after != before  # today's new check-ins count at once
        fresh = open_store(db)  # nothing remembered: every row made afresh
        try:
            assert services.progress(fresh, profile, now=now) == after
            assert services.report_data(fresh, profile, now=now) == services.report_data(
                store, profile, now=now
            )
        finally:
            fresh.close()
    finally:
        store.close()


def slopes_one_pair_at_a_time(xy: list[tuple[float, float]]) -> list[float]:
    """The pairwise slopes as trend.py worked them out before numpy."""
    return sorted(
        (y2 - y1) / (x2 - x1) for i, (x1, y1) in enumerate(xy) for x2, y2 in xy[i + 1 :] if x2 != x1
    )


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 300).map(float), finite), max_size=60))
def test_the_pairwise_slopes_are_the_very_same_numbers(points: list[tuple[float, float]]) -> None:
    xy = sorted(points)
    assert trend._pairwise_slopes(xy) == slopes_one_pair_at_a_time(xy)


def test_five_years_of_weekly_medians_give_the_same_trend_as_before() -> None:
    rng = random.Random(8)
    xy = [
        (float(week), statistics.median(rng.randrange(11) for _ in range(21)))
        for week in range(261)
    ]
    slopes = slopes_one_pair_at_a_time(xy)
    found = trend.theil_sen(xy)
    assert found is not None
    assert found.per_week == statistics.median(slopes)
    assert slopes == trend._pairwise_slopes(xy)


def bootstrap_drawn_afresh(after: list[float], other: list[float]) -> tuple[float, float]:
    """The interval as comparison.py drew it before its draws were kept (seed 0, 2000)."""
    rng = np.random.default_rng(0)
    a, b = np.asarray(after), np.asarray(other)
    means_a = a[rng.integers(0, a.size, size=(2000, a.size))].mean(axis=1)
    means_b = b[rng.integers(0, b.size, size=(2000, b.size))].mean(axis=1)
    low, high = np.quantile(means_a - means_b, [0.025, 0.975])
    return float(low), float(high)


def test_kept_draws_give_the_same_interval_for_new_values_and_new_sizes() -> None:
    rng = random.Random(4)
    start = date(2022, 1, 1)
    for days in (400, 400, 401, 1825):  # the same sizes again (kept draws), then new ones
        pain = {start + timedelta(days=n): float(rng.randrange(11)) for n in range(days)}
        massage = {day for day in pain if rng.random() < 0.3}
        found = compare_days(pain, massage)
        after = [p for d, p in sorted(pain.items()) if d - timedelta(days=1) in massage]
        other = [p for d, p in sorted(pain.items()) if d - timedelta(days=1) not in massage]
        assert found.ci95 == bootstrap_drawn_afresh(after, other)
        assert found.difference is not None
        assert math.isclose(found.difference, statistics.fmean(after) - statistics.fmean(other))


def test_zone_words_are_those_of_the_moment_even_within_a_minute_and_across_a_clock_change() -> (
    None
):
    from zoneinfo import ZoneInfo

    def plain(now: datetime) -> list[tuple[str, str]]:
        out = []
        for zone, words in zone_choices(now):
            offset = now.astimezone(ZoneInfo(zone)).strftime("%z")
            assert words.endswith(
                f"({'UTC' if offset == '+0000' else 'UTC' + offset[:3] + ':' + offset[3:]})"
            )
            out.append((zone, words))
        return out

    change = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)  # Europe's clocks go back
    for moment in (change - timedelta(seconds=1), change, change + timedelta(seconds=59)):
        assert zone_choices(moment) == plain(moment)
    berlin = dict(zone_choices(change - timedelta(seconds=1)))["Europe/Berlin"]
    assert berlin.endswith("(UTC+02:00)")
    assert dict(zone_choices(change))["Europe/Berlin"].endswith("(UTC+01:00)")
