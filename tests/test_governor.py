"""The self-massage governor: daily cap, recovery, one turn per zone, gun speeds."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backrub.domain.governor import Decision, decide, gun_level_cap, local_date
from backrub.domain.logged_check import check_logged
from backrub.domain.records import CheckIn, SelfSession, Tool, Zone, ZoneWork
from backrub.domain.restrictions import Restriction
from backrub.domain.rules import PRODUCT_DEFAULT, Rule, Rules
from backrub.errors import InvalidInput

VALUES: dict[str, tuple[float, str, tuple[str, ...]]] = {
    "self_massage_cap_min": (5, "min", (PRODUCT_DEFAULT,)),
    "zone_seconds_default": (60, "s", (PRODUCT_DEFAULT,)),
    "zone_seconds_max": (120, "s", (PRODUCT_DEFAULT,)),
    "gun_zone_seconds_max": (120, "s", ("cheatham-2021",)),
    "gun_session_max_min": (8, "min", ("cheatham-2021",)),
    "gun_start_level_max": (5, "level", ("cheatham-2021",)),
    "gun_level_step_max": (2, "level", (PRODUCT_DEFAULT,)),
    "gun_progress_soreness_below": (4, "points", (PRODUCT_DEFAULT,)),
    "gun_progress_pain_during_max": (3, "points", (PRODUCT_DEFAULT,)),
    "gun_level_max_lumbar": (10, "level", (PRODUCT_DEFAULT,)),
    "gun_level_max_glutes": (14, "level", (PRODUCT_DEFAULT,)),
    "gun_level_max_legs": (16, "level", (PRODUCT_DEFAULT,)),
    "rest_soreness_threshold": (4, "points", (PRODUCT_DEFAULT,)),
    "checkin_future_max_days": (1, "days", (PRODUCT_DEFAULT,)),
    # A zone counts as worked after 30 s; a shorter one stays open (review M1).
    "zone_seconds_min_counted": (30, "s", (PRODUCT_DEFAULT,)),
}
RULES: Rules = {
    rule_id: Rule(rule_id, value, unit, sources, "test table")
    for rule_id, (value, unit, sources) in VALUES.items()
}
TZ = "Europe/Berlin"
NONE: frozenset[Restriction] = frozenset()
DAY = date(2025, 3, 3)


def at(day: date, hour: int, minute: int = 0, tz: str = TZ) -> datetime:
    return datetime.combine(day, time(hour, minute), ZoneInfo(tz)).astimezone(UTC)


def ask(
    tool: Tool,
    now: datetime,
    log: Sequence[SelfSession] = (),
    checkins: Sequence[CheckIn] = (),
    restrictions: frozenset[Restriction] = NONE,
    tz: str = TZ,
) -> Decision:
    return decide(
        tool,
        now=now,
        tz=tz,
        log=log,
        checkins=checkins,
        restrictions=restrictions,
        rules=RULES,
    )


def follow(decision: Decision, now: datetime, pain_during: int | None = 1) -> SelfSession:
    assert decision.allowed, decision.reasons
    return SelfSession(now, TZ, decision.tool, decision.plan, pain_during=pain_during)


def sore(moment: datetime, soreness: int) -> CheckIn:
    return CheckIn(moment, TZ, pain=3, soreness=soreness)


def session(
    tool: Tool, moment: datetime, *works: tuple[Zone, int, int | None], pain_during: int = 1
) -> SelfSession:
    zones = tuple(ZoneWork(zone, seconds, level) for zone, seconds, level in works)
    return SelfSession(moment, TZ, tool, zones, pain_during=pain_during)


def test_a_fresh_day_with_the_ball_fills_exactly_the_five_minute_cap() -> None:
    decision = ask(Tool.TENNIS_BALL, at(DAY, 9))
    assert decision.allowed
    assert decision.plan_seconds == 300
    assert decision.seconds_left_today[Tool.TENNIS_BALL] == 300
    assert decision.seconds_left_today[Tool.HANDS] is None
    assert any("product default, not evidence" in reason for reason in decision.reasons)
    assert any("no study sets a daily limit" in reason for reason in decision.reasons)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (Tool.TENNIS_BALL, Tool.TENNIS_BALL),
        (Tool.TENNIS_BALL, Tool.FOAM_ROLLER),
        (Tool.FOAM_ROLLER, Tool.TENNIS_BALL),
        (Tool.FOAM_ROLLER, Tool.FOAM_ROLLER),
    ],
)
def test_a_second_ball_or_roller_session_the_same_day_is_refused_until_tomorrow(
    first: Tool, second: Tool
) -> None:
    morning = follow(ask(first, at(DAY, 8)), at(DAY, 8))
    decision = ask(second, at(DAY, 20), log=[morning])
    assert not decision.allowed
    assert decision.next_possible == DAY + timedelta(days=1)
    assert decision.plan == ()
    assert "used up" in decision.reasons[0]
    assert "product default, not evidence" in decision.reasons[0]
    assert ask(second, at(DAY + timedelta(days=1), 8), log=[morning]).allowed


def test_hands_are_not_capped_but_skip_the_zones_the_ball_already_worked() -> None:
    morning = follow(ask(Tool.TENNIS_BALL, at(DAY, 8)), at(DAY, 8))
    decision = ask(Tool.HANDS, at(DAY, 20), log=[morning])
    worked = {work.zone for work in morning.zones}
    assert decision.allowed
    assert worked.isdisjoint(work.zone for work in decision.plan)
    assert worked.isdisjoint(decision.zone_seconds)
    assert any("not offered again" in reason for reason in decision.reasons)


def test_the_cap_follows_the_persons_local_day_not_the_utc_day() -> None:
    la = "America/Los_Angeles"
    evening = datetime(2025, 3, 4, 17, 30, tzinfo=ZoneInfo(la))  # 01:30 UTC on the 5th
    done = SelfSession(evening, la, Tool.TENNIS_BALL, (ZoneWork(Zone.GLUTES_LEFT, 300),))
    same_evening = ask(Tool.FOAM_ROLLER, evening + timedelta(hours=3), log=[done], tz=la)
    next_morning = ask(Tool.FOAM_ROLLER, evening + timedelta(hours=15), log=[done], tz=la)
    assert not same_evening.allowed
    assert same_evening.next_possible == date(2025, 3, 5)
    assert next_morning.allowed


def test_a_part_used_cap_offers_only_what_is_left() -> None:
    short = session(Tool.TENNIS_BALL, at(DAY, 8), (Zone.GLUTES_LEFT, 100, None))
    decision = ask(Tool.FOAM_ROLLER, at(DAY, 18), log=[short])
    assert decision.allowed
    assert decision.seconds_left_today[Tool.FOAM_ROLLER] == 200
    assert decision.plan_seconds <= 200
    assert all(seconds <= 200 for seconds in decision.zone_seconds.values())
    assert Zone.GLUTES_LEFT not in {work.zone for work in decision.plan}


@pytest.mark.parametrize(
    ("soreness", "checked_at", "allowed"),
    [
        (5, at(DAY, 8), False),  # sore the morning after: rest
        (4, at(DAY, 11, 59), False),  # the threshold itself means rest
        (3, at(DAY, 8), True),
        (6, at(DAY, 15), False),  # sore noted today in the afternoon: rest too
        (6, at(DAY - timedelta(days=1), 21), True),  # sore yesterday evening only
        (5, at(DAY, 0, 30), False),  # just after local midnight: still the previous UTC day
    ],
)
def test_soreness_noted_today_means_rest_today_and_try_tomorrow(
    soreness: int, checked_at: datetime, allowed: bool
) -> None:
    yesterday = follow(
        ask(Tool.TENNIS_BALL, at(DAY - timedelta(days=1), 19)), at(DAY - timedelta(days=1), 19)
    )
    for tool in Tool:
        decision = ask(tool, at(DAY, 16), log=[yesterday], checkins=[sore(checked_at, soreness)])
        assert decision.allowed is allowed
        if not allowed:
            assert decision.next_possible == DAY + timedelta(days=1)
            assert decision.reasons[0].startswith("Rest today")


AUCKLAND = "Pacific/Auckland"


@pytest.mark.parametrize(
    ("tz", "day", "noted", "asked", "allowed"),
    [
        # Found by the 90-day simulation: two check-ins in the same minute, the
        # sore one second; the ball at 06:00 must still wait for tomorrow.
        (AUCKLAND, date(2024, 3, 26), [(5, 0, 0), (5, 0, 4)], (6, 0), False),
        (AUCKLAND, date(2024, 3, 26), [(5, 0, 4), (5, 0, 0)], (6, 0), False),
        (TZ, DAY, [(7, 0, 6), (9, 0, 1)], (16, 0), False),  # feeling better later: still rest
        (TZ, DAY, [(7, 0, 1), (16, 0, 5)], (16, 0), False),  # noted the same minute as asked
        (TZ, DAY, [(7, 0, 1), (17, 0, 6)], (16, 0), True),  # sore only after the session
        (TZ, DAY, [(7, 0, 3), (9, 0, 2)], (16, 0), True),
    ],
)
def test_a_later_or_simultaneous_low_score_does_not_cancel_a_sore_check_in(
    tz: str, day: date, noted: list[tuple[int, int, int]], asked: tuple[int, int], allowed: bool
) -> None:
    checkins = [CheckIn(at(day, h, m, tz), tz, pain=3, soreness=s) for h, m, s in noted]
    now = at(day, *asked, tz)
    for tool in Tool:
        decision = ask(tool, now, checkins=checkins, tz=tz)
        assert decision.allowed is allowed
        done = SelfSession(now, tz, tool, (ZoneWork(Zone.GLUTES_LEFT, 60, None),))
        if tool is Tool.MASSAGE_GUN:
            done = SelfSession(now, tz, tool, (ZoneWork(Zone.GLUTES_LEFT, 60, 1),))
        violations = check_logged(
            done, now=now, tz=tz, log=(), checkins=checkins, restrictions=NONE, rules=RULES
        )
        assert any("That was a rest day" in v for v in violations) is not allowed
        if not allowed:
            assert decision.next_possible == day + timedelta(days=1)
            assert decision.reasons[0].startswith("Rest today")


def test_the_rest_reason_says_it_was_the_morning_after_the_last_session() -> None:
    yesterday = session(Tool.HANDS, at(DAY - timedelta(days=1), 19), (Zone.GLUTES_LEFT, 60, None))
    decision = ask(Tool.HANDS, at(DAY, 10), log=[yesterday], checkins=[sore(at(DAY, 7), 5)])
    assert "the morning after your last session" in decision.reasons[0]
    assert "product default, not evidence" in decision.reasons[0]


GUN_ZONES = (Zone.LUMBAR_LEFT, Zone.GLUTES_LEFT, Zone.HAMSTRINGS_LEFT)


def test_gun_speed_starts_at_the_lowest_and_rises_slowly_to_each_zones_ceiling() -> None:
    log: list[SelfSession] = []
    checkins: list[CheckIn] = []
    offered: dict[Zone, list[int | None]] = defaultdict(list)
    highest: dict[Zone, list[int]] = defaultdict(list)
    for offset in range(8):
        day = DAY + timedelta(days=offset)
        checkins.append(sore(at(day, 7), 1))
        decision = ask(Tool.MASSAGE_GUN, at(day, 18), log=log, checkins=checkins)
        plan = {work.zone: work.gun_level for work in decision.plan}
        for zone in GUN_ZONES:
            offered[zone].append(plan[zone])
            highest[zone].append(decision.gun_levels[zone])
        log.append(follow(decision, at(day, 18), pain_during=1))
    # evidence.md §5.4: start at the lowest speed; the person may choose up to 5.
    assert offered[Zone.LUMBAR_LEFT] == [1, 3, 5, 7, 9, 10, 10, 10]
    assert offered[Zone.GLUTES_LEFT] == [1, 3, 5, 7, 9, 11, 13, 14]
    assert offered[Zone.HAMSTRINGS_LEFT] == [1, 3, 5, 7, 9, 11, 13, 15]
    assert highest[Zone.HAMSTRINGS_LEFT] == [5, 3, 5, 7, 9, 11, 13, 15]


def test_the_first_gun_session_offers_the_lowest_speed_and_names_why() -> None:
    decision = ask(Tool.MASSAGE_GUN, at(DAY, 9))
    assert {work.gun_level for work in decision.plan} == {1}
    assert set(decision.gun_levels.values()) == {5}
    first = next(reason for reason in decision.reasons if "first massage gun" in reason)
    assert "start at speed 1, the lowest (product default, not evidence" in first
    assert "you may choose up to 5 of 20 (source: cheatham-2021)" in first
    chosen_five = session(Tool.MASSAGE_GUN, at(DAY, 9), (Zone.LUMBAR_LEFT, 60, 5))
    assert _check(chosen_five) == []


def _two_good_gun_days() -> tuple[list[SelfSession], list[CheckIn]]:
    """Return a log where the lumbar zone was worked at 5 then 7, both sessions fine."""
    first = session(Tool.MASSAGE_GUN, at(DAY, 18), (Zone.LUMBAR_LEFT, 60, 5))
    second = session(Tool.MASSAGE_GUN, at(DAY + timedelta(days=1), 18), (Zone.LUMBAR_LEFT, 60, 7))
    checkins = [sore(at(DAY + timedelta(days=1), 8), 1)]
    return [first, second], checkins


@pytest.mark.parametrize(
    ("pain_during", "next_day_soreness", "level", "offered", "words"),
    [
        (1, 2, 9, 9, "went well"),
        (5, 1, 5, 1, "hurt"),  # pain during 5: back to the start
        (3, 4, 5, 1, "sore"),  # sore the next day: back to the start
        (1, None, 7, 7, "stays"),  # no check-in the next day: no rise
        (None, 1, 7, 7, "stays"),  # no pain score: no rise
    ],
)
def test_a_bad_or_unrecorded_gun_session_blocks_the_rise(
    pain_during: int | None, next_day_soreness: int | None, level: int, offered: int, words: str
) -> None:
    log, checkins = _two_good_gun_days()
    last = log[-1]
    log[-1] = SelfSession(last.at, last.tz, last.tool, last.zones, pain_during=pain_during)
    day3, day4 = DAY + timedelta(days=2), DAY + timedelta(days=3)
    if next_day_soreness is not None:
        checkins.append(sore(at(day3, 9), next_day_soreness))
    # Asked a day later: soreness of 4 on day 3 itself is a rest day.
    decision = ask(Tool.MASSAGE_GUN, at(day4, 13), log=log, checkins=checkins)
    assert decision.allowed
    assert decision.gun_levels[Zone.LUMBAR_LEFT] == level
    assert {w.zone: w.gun_level for w in decision.plan}[Zone.LUMBAR_LEFT] == offered
    assert any(words in reason for reason in decision.reasons)


def test_a_zone_new_to_the_gun_starts_low_even_when_others_have_risen() -> None:
    log, checkins = _two_good_gun_days()
    checkins.append(sore(at(DAY + timedelta(days=2), 8), 1))
    decision = ask(Tool.MASSAGE_GUN, at(DAY + timedelta(days=2), 18), log=log, checkins=checkins)
    plan = {work.zone: work.gun_level for work in decision.plan}
    assert decision.gun_levels[Zone.LUMBAR_LEFT] == plan[Zone.LUMBAR_LEFT] == 9
    assert decision.gun_levels[Zone.HAMSTRINGS_RIGHT] == 5
    assert plan[Zone.HAMSTRINGS_RIGHT] == 1
    new = next(
        reason for reason in decision.reasons if reason.startswith("On zones new to the gun")
    )
    assert "start at speed 1, the lowest" in new
    assert "right back of the thigh" in new
    assert "left lower back" not in new


def test_skipping_a_zone_after_a_painful_gun_session_does_not_let_it_rise() -> None:
    # Day 1 the lower back goes to 9 and hurts; day 2 the hands work the lower
    # back first, so the gun only does the legs, which goes well; day 3 the
    # lower back must still go back to the start, not rise to 10.
    day2, day3 = DAY + timedelta(days=1), DAY + timedelta(days=2)
    painful = session(Tool.MASSAGE_GUN, at(DAY, 18), (Zone.LUMBAR_LEFT, 60, 9), pain_during=6)
    hands = session(Tool.HANDS, at(day2, 9), (Zone.LUMBAR_LEFT, 60, None))
    legs = session(Tool.MASSAGE_GUN, at(day2, 18), (Zone.HAMSTRINGS_LEFT, 60, 5))
    checkins = [sore(at(day2, 8), 1), sore(at(day3, 8), 1)]
    decision = ask(Tool.MASSAGE_GUN, at(day3, 18), log=[painful, hands, legs], checkins=checkins)
    plan = {work.zone: work.gun_level for work in decision.plan}
    assert decision.gun_levels[Zone.LUMBAR_LEFT] == 5
    assert plan[Zone.LUMBAR_LEFT] == 1
    assert decision.gun_levels[Zone.HAMSTRINGS_LEFT] == 7
    assert any("hurt or left you sore" in reason for reason in decision.reasons)
    too_fast = session(Tool.MASSAGE_GUN, at(day3, 18), (Zone.LUMBAR_LEFT, 60, 10))
    violations = _check(too_fast, [painful, hands, legs], checkins)
    assert any("above 5: a gun session since" in violation for violation in violations)


def test_the_gun_keeps_to_eight_minutes_a_day_and_two_minutes_per_zone() -> None:
    decision = ask(Tool.MASSAGE_GUN, at(DAY, 9))
    assert decision.plan_seconds <= 8 * 60
    assert all(seconds <= 120 for seconds in decision.zone_seconds.values())
    long = session(
        Tool.MASSAGE_GUN, at(DAY, 9), *((zone, 120, 5) for zone in (*GUN_ZONES, Zone.GLUTES_RIGHT))
    )
    later = ask(Tool.MASSAGE_GUN, at(DAY, 19), log=[long])
    assert not later.allowed
    assert later.next_possible == DAY + timedelta(days=1)


@pytest.mark.parametrize(
    ("restriction", "tool"),
    [
        (Restriction.NO_MASSAGE_GUN, Tool.MASSAGE_GUN),
        (Restriction.NO_DEEP_PRESSURE, Tool.MASSAGE_GUN),
        (Restriction.NO_SELF_MASSAGE, Tool.TENNIS_BALL),
        (Restriction.NO_SELF_MASSAGE, Tool.HANDS),
        (Restriction.CLINICIAN_FIRST, Tool.FOAM_ROLLER),
    ],
)
def test_restricted_tools_are_refused_with_no_date_to_wait_for(
    restriction: Restriction, tool: Tool
) -> None:
    decision = ask(tool, at(DAY, 9), restrictions=frozenset({restriction}))
    assert not decision.allowed
    assert decision.next_possible is None
    assert decision.plan == ()
    assert "screening" in decision.reasons[0]


def test_no_gun_still_allows_the_ball() -> None:
    decision = ask(
        Tool.TENNIS_BALL, at(DAY, 9), restrictions=frozenset({Restriction.NO_MASSAGE_GUN})
    )
    assert decision.allowed


def _check(
    logged: SelfSession,
    log: Sequence[SelfSession] = (),
    checkins: Sequence[CheckIn] = (),
    restrictions: frozenset[Restriction] = NONE,
) -> list[str]:
    return check_logged(
        logged,
        now=at(DAY + timedelta(days=3), 12),
        tz=TZ,
        log=log,
        checkins=checkins,
        restrictions=restrictions,
        rules=RULES,
    )


BALL_MORNING = session(Tool.TENNIS_BALL, at(DAY, 8), (Zone.GLUTES_LEFT, 120, None))
GUN_DAY1 = session(Tool.MASSAGE_GUN, at(DAY - timedelta(days=1), 18), (Zone.LUMBAR_LEFT, 60, 5))
GOOD_NEXT_DAY = sore(at(DAY, 7), 1)


@pytest.mark.parametrize(
    ("logged", "log", "checkins", "restrictions", "words"),
    [
        (
            session(
                Tool.FOAM_ROLLER,
                at(DAY, 19),
                (Zone.GLUTES_RIGHT, 120, None),
                (Zone.HAMSTRINGS_LEFT, 120, None),
            ),
            [BALL_MORNING],
            [],
            NONE,
            "more than the 3 min that was left",
        ),
        (
            session(Tool.TENNIS_BALL, at(DAY, 19), (Zone.GLUTES_LEFT, 60, None)),
            [BALL_MORNING],
            [],
            NONE,
            "already worked that day",
        ),
        (
            session(Tool.HANDS, at(DAY, 19), (Zone.GLUTES_LEFT, 180, None)),
            [],
            [],
            NONE,
            "more than the 2 min per zone",
        ),
        (
            session(Tool.HANDS, at(DAY, 19), (Zone.GLUTES_LEFT, 60, None)),
            [],
            [sore(at(DAY, 8), 6)],
            NONE,
            "That was a rest day",
        ),
        (
            session(Tool.FOAM_ROLLER, at(DAY, 19), (Zone.LUMBAR_LEFT, 60, None)),
            [],
            [],
            NONE,
            "does not work the left lower back",
        ),
        (
            session(Tool.MASSAGE_GUN, at(DAY, 19), (Zone.GLUTES_LEFT, 60, 8)),
            [],
            [],
            NONE,
            "a zone new to the gun goes no higher than 5",
        ),
        (
            session(Tool.MASSAGE_GUN, at(DAY, 19), (Zone.LUMBAR_LEFT, 60, 8)),
            [GUN_DAY1],
            [GOOD_NEXT_DAY],
            NONE,
            "rises by at most 2 per session",
        ),
        (
            session(Tool.MASSAGE_GUN, at(DAY, 19), (Zone.LUMBAR_LEFT, 60, 6)),
            [GUN_DAY1],
            [],
            NONE,
            "speed stays where it was",
        ),
        (
            session(Tool.MASSAGE_GUN, at(DAY, 19), (Zone.LUMBAR_LEFT, 60, 12)),
            [],
            [],
            NONE,
            "above its ceiling of 10",
        ),
        (
            session(Tool.MASSAGE_GUN, at(DAY, 19), (Zone.LUMBAR_LEFT, 60, 3)),
            [],
            [],
            frozenset({Restriction.NO_MASSAGE_GUN}),
            "rule out the massage gun",
        ),
    ],
)
def test_a_session_logged_after_the_fact_reports_each_rule_it_breaks(
    logged: SelfSession,
    log: list[SelfSession],
    checkins: list[CheckIn],
    restrictions: frozenset[Restriction],
    words: str,
) -> None:
    violations = _check(logged, log, checkins, restrictions)
    assert any(words in violation for violation in violations), violations


def test_a_session_within_every_rule_logs_cleanly() -> None:
    logged = session(Tool.MASSAGE_GUN, at(DAY, 19), (Zone.LUMBAR_LEFT, 60, 7))
    assert _check(logged, [GUN_DAY1, BALL_MORNING], [GOOD_NEXT_DAY]) == []


def test_an_override_reason_does_not_make_a_broken_rule_pass() -> None:
    logged = session(Tool.HANDS, at(DAY, 19), (Zone.GLUTES_LEFT, 60, None))
    with_reason = SelfSession(
        logged.at, logged.tz, logged.tool, logged.zones, override_reason="physio said so"
    )
    assert _check(with_reason, [BALL_MORNING]) == _check(logged, [BALL_MORNING])
    assert _check(with_reason, [BALL_MORNING])


def test_a_morning_session_logged_late_counts_against_the_whole_days_cap() -> None:
    evening = session(
        Tool.TENNIS_BALL,
        at(DAY, 19),
        (Zone.GLUTES_RIGHT, 120, None),
        (Zone.HAMSTRINGS_LEFT, 120, None),
    )
    assert _check(BALL_MORNING, [evening])


@pytest.mark.parametrize(
    ("logged", "field"),
    [
        (session(Tool.MASSAGE_GUN, at(DAY, 9), (Zone.LUMBAR_LEFT, 60, None)), "zones[0].gun_level"),
        (session(Tool.MASSAGE_GUN, at(DAY, 9), (Zone.LUMBAR_LEFT, 60, 21)), "zones[0].gun_level"),
        (session(Tool.HANDS, at(DAY, 9), (Zone.LUMBAR_LEFT, 60, 3)), "zones[0].gun_level"),
        (session(Tool.HANDS, at(DAY, 9), (Zone.LUMBAR_LEFT, 0, None)), "zones[0].seconds"),
        (session(Tool.HANDS, at(DAY, 9)), "zones"),
        (session(Tool.HANDS, at(DAY + timedelta(days=5), 9), (Zone.LUMBAR_LEFT, 60, None)), "at"),
    ],
)
def test_a_malformed_logged_session_is_bad_input_naming_the_field(
    logged: SelfSession, field: str
) -> None:
    with pytest.raises(InvalidInput) as error:
        _check(logged)
    assert error.value.field == field


@pytest.mark.parametrize(
    ("now", "tz", "field"),
    [
        (datetime(2025, 3, 3, 9), TZ, "now"),
        (at(DAY, 9), "Mars/Olympus", "tz"),
    ],
)
def test_a_naive_moment_or_unknown_time_zone_is_refused(now: datetime, tz: str, field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        decide(Tool.HANDS, now=now, tz=tz, log=(), checkins=(), restrictions=NONE, rules=RULES)
    assert error.value.field == field


def test_the_real_rules_table_drives_the_same_cap() -> None:
    evidence = pytest.importorskip("backrub.evidence")
    load_rules = getattr(evidence, "load_rules", None)
    if load_rules is None:
        pytest.skip("backrub.evidence.load_rules is not there yet")
    decision = decide(
        Tool.TENNIS_BALL,
        now=at(DAY, 9),
        tz=TZ,
        log=(),
        checkins=(),
        restrictions=NONE,
        rules=load_rules(),
    )
    assert decision.plan_seconds == 300
    assert any("product default, not evidence" in reason for reason in decision.reasons)


# --- a simulated user who does exactly what the governor allows -------------

REQUEST = st.tuples(st.sampled_from(list(Tool)), st.integers(6 * 60, 23 * 60 + 59))
# Mostly low scores, so that gun speeds get the chance to climb to their ceilings.
SCORE = st.integers(0, 3) | st.integers(0, 10)
CHECKIN = st.tuples(st.integers(5 * 60, 23 * 60 + 59), SCORE)
DAY_PLAN = st.tuples(
    st.lists(REQUEST, max_size=4),
    st.lists(CHECKIN, max_size=2),
    SCORE,  # pain during each gun session of that day
)


def _minute(day: date, minutes: int, tz: str) -> datetime:
    return at(day, minutes // 60, minutes % 60, tz)


# About 0.1 s an example on a 2-core machine; no deadline, since one example
# replays 90 days and its time depends on the machine's load, not the code.
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    days=st.lists(DAY_PLAN, min_size=90, max_size=90),
    start=st.dates(date(2024, 1, 1), date(2026, 12, 31)),
    tz=st.sampled_from(["Europe/Berlin", "America/New_York", "Pacific/Auckland", "UTC"]),
)
def test_a_user_who_follows_the_governor_for_90_days_stays_within_every_limit(
    days: list[tuple[list[tuple[Tool, int]], list[tuple[int, int]], int]],
    start: date,
    tz: str,
) -> None:
    log: list[SelfSession] = []
    checkins: list[CheckIn] = []
    for offset, (requests, day_checkins, gun_pain) in enumerate(days):
        day = start + timedelta(days=offset)
        events: list[tuple[int, int, Tool | int]] = [(m, 0, s) for m, s in day_checkins]
        events += [(m, 1, tool) for tool, m in requests]
        for minutes, kind, value in sorted(events, key=lambda e: (e[0], e[1])):
            moment = _minute(day, minutes, tz)
            if kind == 0:
                assert isinstance(value, int)
                checkins.append(CheckIn(moment, tz, pain=3, soreness=value))
                continue
            assert isinstance(value, Tool)
            decision = decide(
                value,
                now=moment,
                tz=tz,
                log=log,
                checkins=checkins,
                restrictions=NONE,
                rules=RULES,
            )
            if not decision.allowed:
                assert decision.next_possible == local_date(moment, tz) + timedelta(days=1)
                continue
            done = SelfSession(moment, tz, value, decision.plan, pain_during=gun_pain)
            assert (
                check_logged(
                    done,
                    now=moment,
                    tz=tz,
                    log=log,
                    checkins=checkins,
                    restrictions=NONE,
                    rules=RULES,
                )
                == []
            )
            log.append(done)
    _assert_within_limits(log, checkins)


def _assert_within_limits(log: Sequence[SelfSession], checkins: Sequence[CheckIn]) -> None:
    shared: dict[date, int] = defaultdict(int)
    gun: dict[date, int] = defaultdict(int)
    zones_by_day: dict[date, list[Zone]] = defaultdict(list)
    for done in log:
        day = local_date(done.at, done.tz)
        if done.tool in (Tool.TENNIS_BALL, Tool.FOAM_ROLLER):
            shared[day] += done.total_seconds
        if done.tool is Tool.MASSAGE_GUN:
            gun[day] += done.total_seconds
        zones_by_day[day] += [work.zone for work in done.zones]
        for work in done.zones:
            assert work.seconds <= 120
        sore_before = [
            c
            for c in checkins
            if c.soreness is not None
            and c.soreness >= 4
            and c.at <= done.at
            and local_date(c.at, c.tz) == day
        ]
        assert not sore_before, "trained on a rest day"
    assert all(seconds <= 300 for seconds in shared.values())
    assert all(seconds <= 480 for seconds in gun.values())
    for zones in zones_by_day.values():
        assert len(zones) == len(set(zones)), "a zone was worked twice in a day"
    _assert_gun_levels_rise_slowly(log, checkins)


def _assert_gun_levels_rise_slowly(log: Sequence[SelfSession], checkins: Sequence[CheckIn]) -> None:
    """Check each gun speed against every gun session since that zone was last worked."""
    guns = sorted((s for s in log if s.tool is Tool.MASSAGE_GUN), key=lambda s: s.at)
    by_day: dict[date, list[CheckIn]] = defaultdict(list)
    for checkin in checkins:
        by_day[local_date(checkin.at, checkin.tz)].append(checkin)
    for index, done in enumerate(guns):
        for work in done.zones:
            level = work.gun_level
            assert level is not None
            assert 1 <= level <= gun_level_cap(work.zone, RULES)
            used = [i for i in range(index) if work.zone in {w.zone for w in guns[i].zones}]
            if not used:
                assert level == 1, "a zone new to the gun is offered the lowest speed"
                continue
            before = {w.zone: w.gun_level for w in guns[used[-1]].zones}[work.zone]
            assert before is not None
            verdicts = {_verdict(guns[i], by_day, until=done.at) for i in range(used[-1], index)}
            if "bad" in verdicts:
                assert level <= min(before, 5)
            elif verdicts == {"good"}:
                assert level <= before + 2
            else:
                assert level <= before


def _verdict(done: SelfSession, by_day: dict[date, list[CheckIn]], *, until: datetime) -> str:
    next_day = local_date(done.at, done.tz) + timedelta(days=1)
    soreness = [
        c.soreness for c in by_day.get(next_day, []) if c.soreness is not None and c.at <= until
    ]
    pain = done.pain_during
    if (pain is not None and pain > 3) or max(soreness, default=0) >= 4:
        return "bad"
    if pain is not None and soreness:
        return "good"
    return "unknown"
