"""Plans from the trial protocols: days, budget, restrictions, adherence and re-planning.

The person in these tests has had low back pain for about five months
(chronic by every convention), can go on Tuesdays and Thursdays, and pays
80 EUR for an hour of massage.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backrub.domain.adherence import SessionCount, adherence
from backrub.domain.fitting import DoesNotFit
from backrub.domain.plan_model import ActivityGoal, Assessment, DailySlot, Plan, PlannedSession
from backrub.domain.plans import closest_fitting, make_plan
from backrub.domain.protocols import PROTOCOL_IDS, PROTOCOLS, find_protocol
from backrub.domain.records import ProSession, SelfSession, Technique, Tool, Zone, ZoneWork
from backrub.domain.replan import replan
from backrub.domain.restrictions import Restriction
from backrub.errors import InvalidInput, Refused
from backrub.evidence import load_catalogue, load_rules

RULES = load_rules()
CATALOGUE_IDS = set(load_catalogue().ids)
START = date(2026, 3, 2)  # a Monday
TODAY = date(2026, 2, 25)
TUE_THU = frozenset({1, 3})
ALL_TOOLS = frozenset(Tool)


def plan_for(protocol_id: str = "cherkin-10-weekly", **changes: Any) -> Plan:
    args: dict[str, Any] = {
        "start": START,
        "weekdays": TUE_THU,
        "price_per_session": Decimal("80"),
        "budget_per_session": None,
        "budget_total": None,
        "currency": "eur",
        "tools": ALL_TOOLS,
        "restrictions": frozenset(),
        "today": TODAY,
        "rules": RULES,
    }
    args.update(changes)
    return make_plan(protocol_id, **args)


def pro(day: date, tz: str = "UTC", hour: int = 10) -> ProSession:
    return ProSession(
        at=datetime(day.year, day.month, day.day, hour, tzinfo=UTC),
        tz=tz,
        technique=Technique.RELAXATION,
        duration_min=60,
    )


def self_session(day: date) -> SelfSession:
    return SelfSession(
        at=datetime(day.year, day.month, day.day, 18, tzinfo=UTC),
        tz="UTC",
        tool=Tool.FOAM_ROLLER,
        zones=(ZoneWork(Zone.GLUTES_LEFT, 60),),
    )


# ---------------------------------------------------------------- protocols


def test_every_protocol_names_evidence_from_the_catalogue_and_a_caveat() -> None:
    for protocol in PROTOCOLS:
        assert protocol.evidence and set(protocol.evidence) <= CATALOGUE_IDS
        assert protocol.caveats and protocol.description


def test_the_neck_pain_protocol_is_labelled_as_an_extrapolation() -> None:
    sherman = find_protocol("sherman-60-2to3-4w")
    assert sherman.is_extrapolation
    assert "borrowed from a neck-pain trial" in sherman.title
    assert [p.id for p in PROTOCOLS if p.is_extrapolation] == ["sherman-60-2to3-4w"]


# ---------------------------------------------------------------- make_plan

SCHEDULES = [
    # protocol, weekdays, sessions, per week
    ("cherkin-10-weekly", TUE_THU, 10, 1),
    ("elder-10x60-12w", frozenset({5}), 10, 1),
    ("sherman-60-2to3-4w", frozenset({0, 2, 4}), 12, 3),
    ("sherman-60-2to3-4w", TUE_THU, 8, 2),
    ("hernandez-reif-30-2x-5w", frozenset({0, 1, 2, 3, 4}), 10, 2),
]


@pytest.mark.parametrize(("protocol_id", "weekdays", "sessions", "per_week"), SCHEDULES)
def test_sessions_fall_on_the_persons_days_inside_the_protocols_window(
    protocol_id: str, weekdays: frozenset[int], sessions: int, per_week: int
) -> None:
    plan = plan_for(protocol_id, weekdays=weekdays)
    days = [s.on for s in plan.sessions]
    assert len(days) == sessions
    assert len(set(days)) == sessions
    assert all(d.weekday() in weekdays for d in days)
    assert days[0] >= START and days[-1] <= plan.window_end
    for week in range(find_protocol(protocol_id).window_weeks):
        first = START + timedelta(weeks=week)
        assert sum(first <= d < first + timedelta(days=7) for d in days) <= per_week


def test_cherkin_plan_is_ten_weekly_tuesdays_from_the_start() -> None:
    plan = plan_for("cherkin-10-weekly")
    assert [s.on for s in plan.sessions] == [
        date(2026, 3, 3) + timedelta(weeks=k) for k in range(10)
    ]
    assert plan.cost_total == Decimal("800.00")
    assert plan.currency == "EUR"


def test_twice_a_week_sessions_leave_rest_days_between_them() -> None:
    plan = plan_for("hernandez-reif-30-2x-5w", weekdays=frozenset({0, 1, 2, 3, 4}))
    weekdays = {s.on.weekday() for s in plan.sessions}
    assert weekdays == {0, 3}  # Mon and Thu, not Mon and Tue


def test_shorter_sessions_are_costed_pro_rata_and_say_it_is_a_product_default() -> None:
    plan = plan_for("hernandez-reif-30-2x-5w")
    assert {s.cost for s in plan.sessions} == {Decimal("40.00")}
    assert any("pro rata" in n and "product default, not evidence" in n for n in plan.notes)


def test_three_a_week_falls_back_to_two_when_the_budget_is_short_and_says_so() -> None:
    plan = plan_for("sherman-60-2to3-4w", weekdays=frozenset({0, 2, 4}), budget_total=Decimal(700))
    assert len(plan.sessions) == 8
    assert plan.cost_total is not None and plan.cost_total <= Decimal(700)
    assert any("3 sessions a week did not fit" in n for n in plan.notes)


REFUSALS = [
    # protocol, changes, words in the reason, closest protocol that fits
    ("sherman-60-2to3-4w", {"weekdays": frozenset({2})}, "2 days a week", "cherkin-10-weekly"),
    ("hernandez-reif-30-2x-5w", {"weekdays": frozenset({2})}, "you have 1", "cherkin-10-weekly"),
    (
        "cherkin-10-weekly",
        {"budget_total": Decimal(500)},
        "total budget of 500",
        "hernandez-reif-30-2x-5w",
    ),
    (
        "elder-10x60-12w",
        {"budget_per_session": Decimal(50)},
        "above your 50 per session",
        "hernandez-reif-30-2x-5w",
    ),
]


@pytest.mark.parametrize(("protocol_id", "changes", "why", "closest"), REFUSALS)
def test_a_protocol_that_does_not_fit_is_refused_naming_why_and_the_closest_that_fits(
    protocol_id: str, changes: dict[str, Any], why: str, closest: str
) -> None:
    with pytest.raises(Refused) as caught:
        plan_for(protocol_id, **changes)
    message = str(caught.value)
    wanted, offered = find_protocol(protocol_id), find_protocol(closest)
    assert f"The dose “{wanted.title}” does not fit" in message and why in message
    assert f"the nearest in total massage time is “{offered.title}”" in message
    # Words, not ids; the ids stay as data.
    assert protocol_id not in message and closest not in message
    assert isinstance(caught.value, DoesNotFit)
    assert caught.value.misfit.protocol.id == protocol_id
    assert caught.value.misfit.suggested is offered
    assert plan_for(closest, **changes).sessions  # the suggestion really fits


def test_when_no_protocol_fits_the_refusal_says_what_would_with_its_numbers() -> None:
    with pytest.raises(Refused) as caught:
        plan_for("cherkin-10-weekly", budget_total=Decimal(100))
    message = str(caught.value)
    assert "no studied protocol fits this budget" in message
    # Fewer or shorter sessions, with what they cost at 80 an hour, said to be untested
    # against the low-back studies (10 sessions), not the neck-pain trial's 8 ...
    assert (
        "1 session of 60 min at 80.00 (about 80.00 in all) "
        "or 2 sessions of 30 min at 40.00 (about 80.00 in all)"
    ) in message
    assert "fewer than the 10 sessions the low-back studies gave" in message
    assert "No study tested so few sessions for low back pain" in message
    assert "8 or more" not in message
    # ... the 30-min finding as the catalogue states it ...
    assert "30-min visits were not better than a wait list at any frequency" in message
    assert message.count("30-min visits were not better") == 1
    # ... and what the cheapest studied dose would need, never offered as if it fitted.
    assert (
        "To follow a study you would need a larger budget; the cheapest studied dose your "
        "days allow is “30 min twice a week for 5 weeks”, 10 sessions of 30 min: "
        "about 40.00 a session, 400.00 in all"
    ) in message
    assert "nearest studied dose" not in message
    assert caught.value.misfit.suggested is None  # type: ignore[attr-defined]


def test_no_fit_answers_both_limits_with_what_the_money_pays_for() -> None:
    """Review pain11 S1: at 70,50 an hour, 30 a session and 150 in all, the answer fits both."""
    with pytest.raises(Refused) as caught:
        plan_for(
            "cherkin-10-weekly",
            price_per_session=Decimal("70.50"),
            budget_per_session=Decimal(30),
            budget_total=Decimal(150),
        )
    message = str(caught.value)
    assert "your 30 per session pays for about 25 min" in message
    assert "your 150 in all pays for 5 sessions of 25 min at 29.38 (about 146.90 in all)" in (
        message
    )
    assert "No study tested sessions so short or so few for low back pain" in message
    assert "The nearest" not in message and "the nearest" not in message
    assert caught.value.misfit.suggested is None  # type: ignore[attr-defined]


def test_the_total_alone_is_answered_with_sessions_it_pays_for() -> None:
    with pytest.raises(Refused) as caught:
        plan_for("cherkin-10-weekly", price_per_session=Decimal("70.50"), budget_total=Decimal(150))
    assert "4 sessions of 30 min at 35.25 (about 141.00 in all)" in str(caught.value)


def test_a_per_session_budget_below_any_study_says_how_long_a_session_it_pays_for() -> None:
    with pytest.raises(Refused) as caught:
        plan_for("cherkin-10-weekly", budget_per_session=Decimal(20))
    message = str(caught.value)
    assert "your 20 per session pays for about 15 min" in message
    assert "30 min cost about 40.00" in message


def test_the_closest_protocol_that_fits_comes_with_its_numbers() -> None:
    with pytest.raises(Refused) as caught:
        plan_for("cherkin-10-weekly", budget_total=Decimal(500))
    expected = (
        "the nearest in total massage time is “30 min twice a week for 5 weeks”: "
        "10 sessions of 30 min, about 400.00 in all, 40.00 a session. A very small trial "
        "(24 people), measured only at the end of the 5 weeks, with no effect sizes "
        "(hernandez-reif-2001). In a dosing trial for neck pain, 30-min visits were not better "
        "than a wait list at any frequency"
    )
    assert expected in str(caught.value)


def test_no_protocol_fitting_is_also_what_closest_fitting_says() -> None:
    assert (
        closest_fitting(
            "cherkin-10-weekly",
            weekdays=TUE_THU,
            price_per_session=Decimal(80),
            budget_per_session=None,
            budget_total=Decimal(100),
        )
        is None
    )


BAD_INPUTS = [
    ("protocol", {"protocol_id": "ten-sessions"}, "cherkin-10-weekly, elder-10x60-12w"),
    ("start", {"start": TODAY - timedelta(days=366)}, "at most a year ago"),
    # Regression (attack 11, M2): a start near year 9999 crashed the schedule.
    ("start", {"start": TODAY + timedelta(days=366)}, "a year ahead at most"),
    ("start", {"start": date(9999, 12, 31)}, "use a date up to"),
    ("weekdays", {"weekdays": frozenset()}, "at least one day"),
    ("weekdays", {"weekdays": frozenset({7})}, "0 (Mon) to 6 (Sun)"),
    ("budget_total", {"budget_total": Decimal(0)}, "greater than 0"),
    ("budget_per_session", {"budget_per_session": Decimal(-5)}, "greater than 0"),
    ("price_per_session", {"price_per_session": Decimal(-1)}, "0 or more"),
    ("price_per_session", {"price_per_session": Decimal("NaN")}, "0 or more"),
    ("currency", {"currency": "euro"}, "three-letter code"),
]


@pytest.mark.parametrize(("field", "changes", "allowed"), BAD_INPUTS)
def test_bad_input_is_refused_naming_the_field_and_what_is_allowed(
    field: str, changes: dict[str, Any], allowed: str
) -> None:
    protocol_id = changes.pop("protocol_id", "cherkin-10-weekly")
    with pytest.raises(InvalidInput) as caught:
        plan_for(protocol_id, **changes)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")
    assert allowed in str(caught.value)


def test_a_start_up_to_a_year_ago_is_accepted() -> None:
    plan = plan_for(start=TODAY - timedelta(days=365))
    assert plan.start == TODAY - timedelta(days=365)


def test_a_start_up_to_a_year_ahead_is_accepted() -> None:
    plan = plan_for(start=TODAY + timedelta(days=365))
    assert plan.start == TODAY + timedelta(days=365)


def test_forbidden_professional_massage_gives_no_sessions_and_says_why() -> None:
    plan = plan_for(
        budget_total=Decimal(1),  # would be refused if sessions were planned
        restrictions=frozenset({Restriction.NO_PROFESSIONAL_MASSAGE}),
    )
    assert plan.sessions == ()
    assert plan.cost_total is None
    assert "No professional sessions" in plan.notes[0]
    assert plan.activity.minutes_per_day > 0 and len(plan.assessments) == 3


TOOL_RESTRICTIONS = [
    (frozenset(), set(Tool)),
    (frozenset({Restriction.NO_MASSAGE_GUN}), set(Tool) - {Tool.MASSAGE_GUN}),
    # Gentle pressure only: no hard ball and no percussion (the governor's rule too).
    (
        frozenset({Restriction.NO_DEEP_PRESSURE}),
        set(Tool) - {Tool.TENNIS_BALL, Tool.MASSAGE_GUN},
    ),
    (frozenset({Restriction.NO_SELF_MASSAGE}), set()),
    (frozenset({Restriction.CLINICIAN_FIRST}), set()),
    (frozenset({Restriction.NO_FACE_DOWN}), set(Tool)),
]


@pytest.mark.parametrize(("restrictions", "tools"), TOOL_RESTRICTIONS)
def test_the_daily_slot_offers_only_the_tools_screening_allows(
    restrictions: frozenset[Restriction], tools: set[Tool]
) -> None:
    slot = plan_for(restrictions=restrictions).self_massage
    assert set(slot.tools) == tools
    assert (slot.gun_max_min is not None) == (Tool.MASSAGE_GUN in tools)


def test_no_self_massage_slot_says_a_clinician_must_clear_it() -> None:
    plan = plan_for(restrictions=frozenset({Restriction.NO_SELF_MASSAGE}))
    assert "clinician" in plan.self_massage.reason


def test_no_deep_pressure_asks_for_relaxation_massage_citing_cherkin() -> None:
    plan = plan_for(restrictions=frozenset({Restriction.NO_DEEP_PRESSURE}))
    assert any("relaxation (Swedish)" in n and "cherkin-2011" in n for n in plan.notes)


def test_pregnancy_asks_the_midwife_or_doctor_first_in_the_plan_notes() -> None:
    plan = plan_for(restrictions=frozenset({Restriction.NO_FACE_DOWN}))
    assert "midwife or doctor" in plan.notes[0]


def test_clinician_first_comes_before_everything_else_in_the_notes() -> None:
    plan = plan_for(restrictions=frozenset({Restriction.CLINICIAN_FIRST}))
    assert "clinician" in plan.notes[0]


def test_the_cap_and_activity_goal_are_labelled_product_defaults_beside_the_guidelines() -> None:
    plan = plan_for()
    assert plan.self_massage.cap_min == 5
    assert "product default, not evidence" in plan.self_massage.reason
    assert plan.activity.minutes_per_day == 30
    assert "product default, not evidence" in plan.activity.reason
    assert "guidelines" in plan.activity.reason  # the sources follow as links, once
    assert set(plan.activity.evidence) == {"nice-ng59", "qaseem-2017"}


def test_assessments_are_at_baseline_12_and_24_weeks_citing_elder() -> None:
    plan = plan_for()
    assert [(a.on, a.weeks) for a in plan.assessments] == [
        (START, 0),
        (date(2026, 5, 25), 12),
        (date(2026, 8, 17), 24),
    ]
    assert all("elder-2017" in a.evidence for a in plan.assessments)
    assert plan.end == date(2026, 5, 25)


def test_every_item_of_every_plan_carries_catalogue_evidence_and_a_reason() -> None:
    for protocol_id in PROTOCOL_IDS:
        plan = plan_for(protocol_id, weekdays=frozenset({0, 2, 4}))
        items: list[PlannedSession | DailySlot | ActivityGoal | Assessment] = [
            *plan.sessions,
            plan.self_massage,
            plan.activity,
            *plan.assessments,
        ]
        for item in items:
            assert item.evidence and set(item.evidence) <= CATALOGUE_IDS, item
            assert item.reason.strip() and "\n" not in item.reason


def test_every_plan_states_the_low_certainty_of_the_evidence() -> None:
    assert any("furlan-2015" in n and "low" in n for n in plan_for().notes)


@settings(max_examples=150, deadline=None)
@given(
    protocol_id=st.sampled_from(PROTOCOL_IDS),
    weekdays=st.frozensets(st.integers(0, 6), min_size=1),
    start=st.dates(date(2025, 3, 1), date(2027, 2, 25)),  # a year either side of TODAY
    price=st.decimals(0, 200, places=2),
    budget_total=st.none() | st.decimals(1, 3000, places=2),
    budget_per_session=st.none() | st.decimals(1, 200, places=2),
)
def test_a_plan_always_respects_days_window_and_budget_or_is_refused_with_a_reason(
    protocol_id: str,
    weekdays: frozenset[int],
    start: date,
    price: Decimal,
    budget_total: Decimal | None,
    budget_per_session: Decimal | None,
) -> None:
    try:
        plan = plan_for(
            protocol_id,
            weekdays=weekdays,
            start=start,
            price_per_session=price,
            budget_total=budget_total,
            budget_per_session=budget_per_session,
        )
    except Refused as refused:
        assert "does not fit" in str(refused)
        return
    days = [s.on for s in plan.sessions]
    assert days == sorted(set(days))
    assert all(d.weekday() in weekdays and start <= d <= plan.window_end for d in days)
    assert plan.cost_total is not None
    if budget_total is not None:
        assert plan.cost_total <= budget_total
    if budget_per_session is not None:
        assert all(s.cost is not None and s.cost <= budget_per_session for s in plan.sessions)


# ---------------------------------------------------------------- adherence

MID_MARCH = date(2026, 3, 25)  # a Wednesday; Tuesdays 3, 10, 17, 24 are due


def test_adherence_counts_planned_against_done_per_kind() -> None:
    plan = plan_for()
    done = [pro(date(2026, 3, 3)), pro(date(2026, 3, 17)), pro(date(2026, 2, 20))]
    self_done = [self_session(date(2026, 3, d)) for d in (2, 3, 3, 4, 20)]
    result = adherence(plan, done, self_done, today=MID_MARCH)
    # planned = the whole plan; due = planned days up to today (see domain/adherence.py)
    count = result.professional
    assert (count.planned, count.due, count.done) == (10, 4, 2)
    assert count.share_pct == 50
    assert result.missed == (date(2026, 3, 10), date(2026, 3, 24))
    assert (result.self_massage.planned, result.self_massage.done) == (24, 4)


def test_a_session_moved_by_the_therapist_still_counts_as_done() -> None:
    plan = plan_for()
    done = [pro(date(2026, 3, 3)), pro(date(2026, 3, 12)), pro(date(2026, 3, 17))]
    result = adherence(plan, done, [], today=date(2026, 3, 18))
    assert result.missed == ()
    assert result.professional.share_pct == 100


def test_a_session_late_in_the_evening_counts_on_the_local_day() -> None:
    plan = plan_for()
    # 23:30 UTC on Monday 9 March is Tuesday 10 March in Berlin
    evening = ProSession(
        at=datetime(2026, 3, 9, 23, 30, tzinfo=UTC),
        tz="Europe/Berlin",
        technique=Technique.STRUCTURAL,
        duration_min=60,
    )
    result = adherence(plan, [pro(date(2026, 3, 3)), evening], [], today=date(2026, 3, 11))
    assert result.missed == ()


def test_a_session_due_today_is_not_missed_yet() -> None:
    result = adherence(plan_for(), [pro(date(2026, 3, 3))], [], today=date(2026, 3, 10))
    assert result.missed == ()
    assert result.professional.due == 2


def test_nothing_is_due_before_the_plan_starts() -> None:
    result = adherence(plan_for(), [], [], today=TODAY)
    assert result.professional.share_pct is None
    assert result.self_massage.planned == 0


def test_no_self_massage_slot_means_no_self_massage_is_planned() -> None:
    plan = plan_for(restrictions=frozenset({Restriction.NO_SELF_MASSAGE}))
    assert adherence(plan, [], [], today=MID_MARCH).self_massage.planned == 0


def test_a_session_done_before_the_first_planned_day_is_not_1_of_0() -> None:
    # Regression (issue 10): "1 of 0 professional sessions due" and a 9-session,
    # 720 EUR report beside a 10-session, 800 EUR plan.
    count = adherence(plan_for(), [pro(START)], [], today=START).professional
    assert (count.planned, count.due, count.done, count.upcoming) == (10, 0, 1, 9)
    assert (count.cost_planned, count.cost_upcoming) == (Decimal("800.00"), Decimal("720.00"))
    assert count.share_pct is None
    assert count.words == (
        "10 professional sessions in the whole plan (800.00 EUR); 0 due up to 2026-03-02 and "
        "1 done; missed: none; 9 still to come (720.00 EUR)."
    )


def test_one_planned_session_is_worded_in_the_singular() -> None:
    count = SessionCount(
        as_of=START,
        planned=1,
        due=1,
        done=1,
        missed=(),
        upcoming=0,
        unscheduled=0,
        currency="EUR",
        cost_planned=None,
        cost_upcoming=None,
    )
    assert count.words == (
        "1 professional session in the whole plan; 1 due up to 2026-03-02 and 1 done; "
        "missed: none; 0 still to come."
    )


# ---------------------------------------------------------------- replan


def test_missed_sessions_move_to_the_next_free_days_and_keep_the_total() -> None:
    plan = plan_for()
    new = replan(plan, [pro(date(2026, 3, 3)), pro(date(2026, 3, 17))], today=MID_MARCH)
    days = [s.on for s in new.sessions]
    assert len(days) == 10 and new.unscheduled == ()
    assert date(2026, 3, 26) in days and date(2026, 4, 2) in days  # the next free Thursdays
    moved = {s.moved_from: s.on for s in new.sessions if s.moved_from}
    assert moved == {date(2026, 3, 10): date(2026, 3, 26), date(2026, 3, 24): date(2026, 4, 2)}
    assert all(d.weekday() in TUE_THU and d <= plan.window_end for d in days)
    assert any("2026-03-10" in c for c in new.changes)
    count = adherence(
        plan, [pro(date(2026, 3, 3)), pro(date(2026, 3, 17))], [], today=MID_MARCH
    ).professional
    # a missed day stays missed even when a make-up was found; the make-ups are still to come
    assert count.missed == (date(2026, 3, 10), date(2026, 3, 24))
    assert (count.planned, count.done, count.upcoming) == (10, 2, 8)


def test_replanning_twice_on_the_same_day_changes_nothing_more() -> None:
    done = [pro(date(2026, 3, 3))]
    once = replan(plan_for(), done, today=MID_MARCH)
    twice = replan(once, done, today=MID_MARCH)
    assert twice.sessions == once.sessions


def test_missed_sessions_that_no_longer_fit_the_window_are_reported_not_dropped() -> None:
    plan = plan_for("hernandez-reif-30-2x-5w")  # Tue+Thu, every one of them used
    new = replan(plan, [pro(date(2026, 3, 3))], today=date(2026, 3, 20))
    missed = [date(2026, 3, d) for d in (5, 10, 12, 17, 19)]
    assert [u.was_on for u in new.unscheduled] == missed
    assert all("2026-04-05" in u.reason for u in new.unscheduled)
    assert len(new.sessions) + len(new.unscheduled) == 10
    result = adherence(plan, [pro(date(2026, 3, 3))], [], today=date(2026, 3, 20))
    assert result.missed == tuple(missed)
    count = result.professional
    assert (count.planned, count.due, count.done, count.unscheduled) == (10, 6, 1, 5)
    assert count.upcoming == 4


def test_sessions_done_early_replace_the_last_planned_ones() -> None:
    plan = plan_for()
    done = [pro(date(2026, 3, 3)), pro(date(2026, 3, 5))]
    new = replan(plan, done, today=date(2026, 3, 6))
    assert len(new.sessions) == 9
    assert new.sessions[-1].on == date(2026, 4, 28)
    assert any("no longer needed" in c for c in new.changes)


@settings(max_examples=150, deadline=None)
@given(
    protocol_id=st.sampled_from(PROTOCOL_IDS),
    weekdays=st.frozensets(st.integers(0, 6), min_size=3),
    attended=st.lists(st.booleans(), min_size=12, max_size=12),
    today_offset=st.integers(0, 100),
)
def test_replanning_keeps_every_session_inside_the_window_or_reports_it(
    protocol_id: str, weekdays: frozenset[int], attended: list[bool], today_offset: int
) -> None:
    plan = plan_for(protocol_id, weekdays=weekdays, price_per_session=None)
    today = START + timedelta(days=today_offset)
    done = [pro(s.on) for s, went in zip(plan.sessions, attended, strict=False) if went]
    done = [p for p in done if p.at.date() <= today]
    new = replan(plan, done, today=today)
    days = [s.on for s in new.sessions]
    assert len(days) == len(set(days))
    assert all(d.weekday() in weekdays and plan.start <= d <= plan.window_end for d in days)
    assert len(new.sessions) + len(new.unscheduled) == len(plan.sessions)
    assert all(s.on > today for s in new.sessions if s.moved_from)
    count = adherence(plan, done, [], today=today).professional
    assert count.planned == len(plan.sessions) and count.due <= count.planned
    assert count.upcoming == sum(1 for s in new.sessions if s.on > today)
    assert count.done == len(done)


def test_a_chosen_thursday_is_kept_when_it_comes_first_and_the_other_day_is_said_to_be_spare() -> (
    None
):
    """Regression (issue 11): Mon+Thu from a Tuesday gave Mondays only, the Thursday ignored."""
    tuesday = START + timedelta(days=1)
    plan = plan_for("cherkin-10-weekly", start=tuesday, weekdays=frozenset({0, 3}))
    assert {s.on.weekday() for s in plan.sessions} == {3}
    assert plan.sessions[0].on == date(2026, 3, 5)  # that week's Thursday, not next Monday
    assert any("Sessions on Thu" in n and "(Mon) are kept for making up" in n for n in plan.notes)
    # The spare Monday really is used: a missed Thursday moves to the next Monday.
    later = replan(plan, [], today=date(2026, 3, 6))
    assert later.sessions[0].moved_from == date(2026, 3, 5)
    assert later.sessions[0].on == date(2026, 3, 9)


def test_every_chosen_day_is_used_when_the_dose_needs_them_all() -> None:
    plan = plan_for("hernandez-reif-30-2x-5w", weekdays=TUE_THU)
    assert {s.on.weekday() for s in plan.sessions} == {1, 3}
    assert not any("kept for making up" in n for n in plan.notes)


def test_the_daily_self_massage_time_is_the_one_chosen() -> None:
    plan = plan_for(self_massage_at=time(7, 30))
    assert plan.self_massage.at == time(7, 30)
    assert plan_for().self_massage.at == time(19, 0)  # the product default


def test_a_session_says_why_by_the_protocol_title_not_its_id() -> None:
    plan = plan_for("cherkin-10-weekly")
    assert plan.sessions[0].reason == "Session 1 of 10, 1 a week (10 weekly sessions of 50–60 min)."
    assert all("cherkin-10-weekly" not in s.reason for s in plan.sessions)
