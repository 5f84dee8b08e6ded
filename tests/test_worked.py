"""What of a guided session counts: capped at the plan, and only after the least time."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from backrub.domain.records import SelfSession, Tool, Zone, ZoneWork
from backrub.domain.worked import (
    counts_as_worked,
    least_seconds,
    least_words,
    pain_rise,
    pain_rose_words,
    settle,
    worked_zones,
)
from backrub.evidence import load_rules

RULES = load_rules()
PLAN = (
    ZoneWork(Zone.GLUTES_LEFT, 60, 3),
    ZoneWork(Zone.GLUTES_RIGHT, 60, 3),
    ZoneWork(Zone.HAMSTRINGS_LEFT, 20, 3),  # shortened below the least time by the plan
)


def test_the_least_time_is_the_rules_product_default_or_a_shorter_planned_time() -> None:
    rule = RULES["zone_seconds_min_counted"]
    assert rule.value == 30 and rule.is_product_default and "pagaduan-2022" in rule.sources
    # The review (S1): a record-keeping default, not a dose studies found to work.
    assert "not a dose" in rule.note and "per set" in rule.note and "position" not in rule.note
    assert "record-keeping default, not a dose found in studies" in least_words(RULES)
    assert least_seconds(60, RULES) == 30
    assert least_seconds(20, RULES) == 20  # a zone planned shorter counts when done in full


def test_a_stopped_session_keeps_what_counts_caps_the_rest_and_names_what_was_too_short() -> None:
    reported = {
        Zone.GLUTES_LEFT: ZoneWork(Zone.GLUTES_LEFT, 5000),
        Zone.GLUTES_RIGHT: ZoneWork(Zone.GLUTES_RIGHT, 2),
        Zone.HAMSTRINGS_LEFT: ZoneWork(Zone.HAMSTRINGS_LEFT, 20, 2),
    }
    settled = settle(PLAN, reported, RULES)
    assert settled.work == (
        ZoneWork(Zone.GLUTES_LEFT, 60, 3),
        ZoneWork(Zone.HAMSTRINGS_LEFT, 20, 2),
    )
    assert [(c.zone, c.reported, c.kept) for c in settled.capped] == [(Zone.GLUTES_LEFT, 5000, 60)]
    assert settled.too_short == (ZoneWork(Zone.GLUTES_RIGHT, 2, 3),)
    assert not settled.complete and settled.least == 30
    # Everything pressed is kept, in plan order (what is saved), the short zone included.
    assert [w.zone for w in settled.pressed] == [w.zone for w in PLAN]


def test_a_zone_row_below_the_least_time_is_started_not_completed_and_stays_open() -> None:
    at = datetime(2026, 3, 2, 9, tzinfo=UTC)
    short = ZoneWork(Zone.LUMBAR_LEFT, 20, 2)
    full = ZoneWork(Zone.GLUTES_LEFT, 30, 2)
    session = SelfSession(at, "UTC", Tool.MASSAGE_GUN, (short, full))
    assert not counts_as_worked(short, RULES) and counts_as_worked(full, RULES)
    assert worked_zones([session], RULES) == {Zone.GLUTES_LEFT}


def test_pain_that_rose_two_points_or_more_is_named_with_its_product_default() -> None:
    rule = RULES["pain_rise_stop_points"]
    assert rule.value == 2 and rule.is_product_default and "ostelo-2008" in rule.sources
    assert pain_rise(2, 4, None, RULES) == 2
    assert pain_rise(2, None, 7, RULES) == 5
    assert pain_rise(2, 3, 3, RULES) is None  # one point is within the noise
    assert pain_rise(None, 9, 9, RULES) is None  # nothing to compare with
    words = pain_rose_words(5, RULES)
    assert "skip self-massage for the rest of today" in words and "ostelo-2008" in words


def test_the_whole_plan_done_is_complete() -> None:
    reported = {w.zone: ZoneWork(w.zone, w.seconds) for w in PLAN}
    settled = settle(PLAN, reported, RULES)
    assert settled.complete and settled.work == PLAN and settled.seconds == 140


@given(st.lists(st.integers(min_value=0, max_value=100_000), min_size=3, max_size=3))
def test_whatever_is_reported_no_zone_counts_above_its_plan_or_below_its_least_time(
    seconds: list[int],
) -> None:
    reported = {w.zone: ZoneWork(w.zone, s) for w, s in zip(PLAN, seconds, strict=True)}
    settled = settle(PLAN, reported, RULES)
    planned = {w.zone: w.seconds for w in PLAN}
    for work in settled.work:
        assert least_seconds(planned[work.zone], RULES) <= work.seconds <= planned[work.zone]
    for work in settled.too_short:
        assert 0 < work.seconds < least_seconds(planned[work.zone], RULES)
    assert {c.zone for c in settled.capped} == {
        w.zone for w, s in zip(PLAN, seconds, strict=True) if s > w.seconds
    }
