"""One rule for what screening allows: the plan, the governor and the log forms agree.

The relation the property test checks, for every set of restrictions R and
every set of owned tools T, on a fresh day (nothing done yet, not sore):

    plan(R, T).self_massage.tools == {t in T : decide(t, R).allowed}

so no tool in the plan is one the governor would refuse, and every tool the
governor allows (and the person owns) is in the plan. For each allowed tool,
every zone the governor plans is one ``allowance(R)`` allows, and a session
that follows the governor's plan exactly breaks no screening rule when logged.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backrub.domain.allowed import allowance, refusal
from backrub.domain.governor import decide
from backrub.domain.logged_check import check_logged
from backrub.domain.plans import make_plan
from backrub.domain.records import SelfSession, Tool, Zone
from backrub.domain.restrictions import Restriction
from backrub.evidence import load_rules

RULES = load_rules()
NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
TZ = "Europe/London"

restriction_sets = st.frozensets(st.sampled_from(list(Restriction)))
tool_sets = st.frozensets(st.sampled_from(list(Tool)))


def _plan_tools(restrictions: frozenset[Restriction], owned: frozenset[Tool]) -> set[Tool]:
    plan = make_plan(
        "cherkin-10-weekly",
        start=date(2026, 3, 2),
        weekdays=frozenset({1, 3}),
        price_per_session=Decimal("80"),
        budget_per_session=None,
        budget_total=None,
        currency="EUR",
        tools=owned,
        restrictions=restrictions,
        today=date(2026, 3, 2),
        rules=RULES,
    )
    return set(plan.self_massage.tools)


def _decide(tool: Tool, restrictions: frozenset[Restriction]):  # type: ignore[no-untyped-def]
    return decide(tool, now=NOW, tz=TZ, log=(), checkins=(), restrictions=restrictions, rules=RULES)


@settings(max_examples=150, deadline=None)
@given(restrictions=restriction_sets, owned=tool_sets)
def test_the_plan_offers_exactly_the_owned_tools_the_governor_allows(
    restrictions: frozenset[Restriction], owned: frozenset[Tool]
) -> None:
    governed = {tool for tool in owned if _decide(tool, restrictions).allowed}
    assert _plan_tools(restrictions, owned) == governed


@settings(max_examples=100, deadline=None)
@given(restrictions=restriction_sets)
def test_every_zone_the_governor_plans_is_allowed_and_logs_without_a_screening_complaint(
    restrictions: frozenset[Restriction],
) -> None:
    allowed = allowance(restrictions)
    for tool in Tool:
        decision = _decide(tool, restrictions)
        assert decision.allowed == allowed.allows(tool)
        assert (refusal(tool, restrictions) is None) == allowed.allows(tool)
        if not decision.allowed:
            continue
        assert all(allowed.allows(tool, work.zone) for work in decision.plan)
        done = SelfSession(NOW, TZ, tool, decision.plan)
        problems = check_logged(
            done, now=NOW, tz=TZ, log=(), checkins=(), restrictions=restrictions, rules=RULES
        )
        assert problems == []


def test_no_deep_pressure_removes_the_tennis_ball_from_the_plan_and_the_governor_alike() -> None:
    gentle = frozenset({Restriction.NO_DEEP_PRESSURE})
    assert Tool.TENNIS_BALL not in _plan_tools(gentle, frozenset(Tool))
    decision = _decide(Tool.TENNIS_BALL, gentle)
    assert not decision.allowed
    assert "gentle pressure only" in decision.reasons[0]


def test_pregnancy_removes_the_face_down_roller_position_from_governor_and_log() -> None:
    pregnant = frozenset({Restriction.NO_FACE_DOWN})
    decision = _decide(Tool.FOAM_ROLLER, pregnant)
    assert decision.allowed
    planned = {work.zone for work in decision.plan}
    assert planned and not planned & {Zone.HIP_FLEXORS_LEFT, Zone.HIP_FLEXORS_RIGHT}
    from backrub.domain.records import ZoneWork

    face_down = SelfSession(NOW, TZ, Tool.FOAM_ROLLER, (ZoneWork(Zone.HIP_FLEXORS_LEFT, 60),))
    problems = check_logged(
        face_down, now=NOW, tz=TZ, log=(), checkins=(), restrictions=pregnant, rules=RULES
    )
    assert any("midwife or doctor" in p for p in problems)


@pytest.mark.parametrize("restriction", [Restriction.CLINICIAN_FIRST, Restriction.NO_SELF_MASSAGE])
def test_see_a_clinician_first_leaves_no_tool_in_plan_or_governor(
    restriction: Restriction,
) -> None:
    assert _plan_tools(frozenset({restriction}), frozenset(Tool)) == set()
    assert allowance(frozenset({restriction})).tools == ()
