"""Self-massage routines: zones per tool, the places never to press, screening restrictions."""

from __future__ import annotations

import pytest

from backrub.domain.allowed import routine_for
from backrub.domain.records import Tool, Zone
from backrub.domain.restrictions import Restriction
from backrub.domain.routines import zone_label, zones_for
from backrub.domain.rules import PRODUCT_DEFAULT, Rule, Rules
from backrub.errors import InvalidInput, Refused


def make_rules(**values: float) -> Rules:
    base = {"zone_seconds_default": 60.0, "zone_seconds_max": 120.0, "gun_zone_seconds_max": 120.0}
    base.update(values)
    return {
        rule_id: Rule(rule_id, value, "s", (PRODUCT_DEFAULT,), "test table")
        for rule_id, value in base.items()
    }


RULES = make_rules()
NONE: frozenset[Restriction] = frozenset()
LUMBAR = {Zone.LUMBAR_LEFT, Zone.LUMBAR_RIGHT}
QL = {Zone.QUADRATUS_LUMBORUM_LEFT, Zone.QUADRATUS_LUMBORUM_RIGHT}
HIP_FLEXORS = {Zone.HIP_FLEXORS_LEFT, Zone.HIP_FLEXORS_RIGHT}
PIRIFORMIS = {Zone.PIRIFORMIS_LEFT, Zone.PIRIFORMIS_RIGHT}


@pytest.mark.parametrize(
    ("tool", "includes", "excludes"),
    [
        (Tool.TENNIS_BALL, LUMBAR | QL | PIRIFORMIS, HIP_FLEXORS),
        (Tool.FOAM_ROLLER, HIP_FLEXORS | PIRIFORMIS, LUMBAR | QL),
        (Tool.MASSAGE_GUN, LUMBAR, QL | HIP_FLEXORS | PIRIFORMIS),
        (Tool.HANDS, LUMBAR | QL, HIP_FLEXORS),
    ],
)
def test_each_tool_works_the_zones_it_suits(
    tool: Tool, includes: set[Zone], excludes: set[Zone]
) -> None:
    zones = set(routine_for(tool, restrictions=NONE, rules=RULES).zones)
    assert includes <= zones
    assert not zones & excludes


@pytest.mark.parametrize("tool", list(Tool))
def test_every_routine_works_both_sides_of_each_area(tool: Tool) -> None:
    labels = [zone_label(zone) for zone in zones_for(tool)]
    lefts = sorted(label.removeprefix("left ") for label in labels if label.startswith("left "))
    rights = sorted(label.removeprefix("right ") for label in labels if label.startswith("right "))
    assert lefts == rights
    assert lefts


@pytest.mark.parametrize("tool", list(Tool))
def test_every_routine_says_where_never_to_press(tool: Tool) -> None:
    avoid = " ".join(routine_for(tool, restrictions=NONE, rules=RULES).avoid).lower()
    for place in ("spine", "kidneys", "bony points", "bruises", "broken skin"):
        assert place in avoid


def test_the_gun_routine_warns_about_dark_urine_and_cites_the_case_report() -> None:
    avoid = " ".join(routine_for(Tool.MASSAGE_GUN, restrictions=NONE, rules=RULES).avoid)
    assert "dark" in avoid
    assert "chen-2021" in avoid


@pytest.mark.parametrize("tool", list(Tool))
def test_each_step_names_its_side_and_says_what_to_feel(tool: Tool) -> None:
    for step in routine_for(tool, restrictions=NONE, rules=RULES).steps:
        side = zone_label(step.zone).split()[0]
        assert "{side}" not in step.position
        assert side in step.position
        assert step.feel


@pytest.mark.parametrize(
    ("tool", "rules", "seconds", "max_seconds"),
    [
        (Tool.TENNIS_BALL, RULES, 60, 120),
        (Tool.HANDS, make_rules(zone_seconds_default=45), 45, 120),
        (Tool.FOAM_ROLLER, make_rules(zone_seconds_max=90), 60, 90),
        (Tool.MASSAGE_GUN, make_rules(gun_zone_seconds_max=30), 30, 30),
        (Tool.MASSAGE_GUN, make_rules(zone_seconds_max=40), 60, 120),
    ],
)
def test_time_per_zone_comes_from_the_rules_table(
    tool: Tool, rules: Rules, seconds: int, max_seconds: int
) -> None:
    routine = routine_for(tool, restrictions=NONE, rules=rules)
    assert {(s.seconds, s.max_seconds) for s in routine.steps} == {(seconds, max_seconds)}
    assert f"About {seconds} s per zone (product default, not evidence)" in routine.notes[0]


def test_every_routine_places_massage_beside_activity_with_its_source() -> None:
    for tool in Tool:
        notes = " ".join(routine_for(tool, restrictions=NONE, rules=RULES).notes)
        assert "nice-ng59" in notes


@pytest.mark.parametrize(
    ("restriction", "tool", "words"),
    [
        (Restriction.NO_MASSAGE_GUN, Tool.MASSAGE_GUN, "rule out the massage gun"),
        (Restriction.NO_DEEP_PRESSURE, Tool.MASSAGE_GUN, "gentle pressure only"),
        (Restriction.NO_DEEP_PRESSURE, Tool.TENNIS_BALL, "gentle pressure only"),
        (Restriction.NO_SELF_MASSAGE, Tool.MASSAGE_GUN, "no self-massage"),
        (Restriction.NO_SELF_MASSAGE, Tool.TENNIS_BALL, "no self-massage"),
        (Restriction.NO_SELF_MASSAGE, Tool.FOAM_ROLLER, "no self-massage"),
        (Restriction.NO_SELF_MASSAGE, Tool.HANDS, "no self-massage"),
        (Restriction.CLINICIAN_FIRST, Tool.HANDS, "see a clinician"),
    ],
)
def test_restricted_tools_are_refused_with_the_reason(
    restriction: Restriction, tool: Tool, words: str
) -> None:
    with pytest.raises(Refused) as refused:
        routine_for(tool, restrictions=frozenset({restriction}), rules=RULES)
    assert words in refused.value.message


@pytest.mark.parametrize("tool", [Tool.TENNIS_BALL, Tool.FOAM_ROLLER, Tool.HANDS])
def test_no_gun_leaves_the_other_tools_at_normal_pressure(tool: Tool) -> None:
    routine = routine_for(tool, restrictions=frozenset({Restriction.NO_MASSAGE_GUN}), rules=RULES)
    assert not routine.gentle
    assert routine.steps


@pytest.mark.parametrize("tool", [Tool.FOAM_ROLLER, Tool.HANDS])
def test_no_deep_pressure_asks_for_gentle_pressure_with_the_other_tools(tool: Tool) -> None:
    routine = routine_for(tool, restrictions=frozenset({Restriction.NO_DEEP_PRESSURE}), rules=RULES)
    assert routine.gentle
    assert any("gentle pressure only" in note for note in routine.notes)


def test_professional_massage_restriction_does_not_stop_self_massage() -> None:
    routine = routine_for(
        Tool.TENNIS_BALL,
        restrictions=frozenset({Restriction.NO_PROFESSIONAL_MASSAGE}),
        rules=RULES,
    )
    assert routine.steps


def test_tool_names_typed_at_the_cli_are_accepted() -> None:
    assert routine_for("foam-roller", restrictions=NONE, rules=RULES).tool is Tool.FOAM_ROLLER


def test_an_unknown_tool_is_refused_naming_the_field_and_the_choices() -> None:
    with pytest.raises(InvalidInput) as error:
        routine_for("rolling pin", restrictions=NONE, rules=RULES)
    assert str(error.value).startswith("tool: 'rolling pin'")
    assert "tennis_ball" in str(error.value)


def test_the_roller_routine_explains_why_it_skips_the_lower_back() -> None:
    notes = " ".join(routine_for(Tool.FOAM_ROLLER, restrictions=NONE, rules=RULES).notes)
    assert "not used on the lower back" in notes


def test_a_default_informed_by_a_study_names_that_study_too() -> None:
    rules = dict(RULES)
    rules["gun_zone_seconds_max"] = Rule(
        "gun_zone_seconds_max", 120, "s", (PRODUCT_DEFAULT, "cheatham-2021"), "survey"
    )
    notes = routine_for(Tool.MASSAGE_GUN, restrictions=NONE, rules=rules).notes[0]
    assert "never more than 120 s (product default, not evidence; informed by cheatham-2021)" in (
        notes
    )
    assert notes.count("cheatham-2021") == 1


def test_pregnancy_leaves_out_the_face_down_roller_position_and_asks_the_midwife() -> None:
    pregnant = frozenset({Restriction.NO_FACE_DOWN})
    routine = routine_for(Tool.FOAM_ROLLER, restrictions=pregnant, rules=RULES)
    assert routine.steps
    assert not any("face down" in step.position.lower() for step in routine.steps)
    assert Zone.HIP_FLEXORS_LEFT not in routine.zones
    assert any("midwife or doctor" in note for note in routine.notes)
    # Without the restriction the position is there: the test would notice it gone.
    usual = routine_for(Tool.FOAM_ROLLER, restrictions=NONE, rules=RULES)
    assert any("face down" in step.position.lower() for step in usual.steps)


@pytest.mark.parametrize("tool", list(Tool))
def test_no_step_any_tool_offers_in_pregnancy_lies_face_down_or_on_the_belly(tool: Tool) -> None:
    pregnant = frozenset({Restriction.NO_FACE_DOWN})
    for step in routine_for(tool, restrictions=pregnant, rules=RULES).steps:
        assert "face down" not in step.position.lower()
        assert "belly" not in step.position.lower()


# --- the clinician's review of issue 11 ------------------------------------------------


@pytest.mark.parametrize("tool", [Tool.FOAM_ROLLER, Tool.HANDS])
def test_possible_sciatica_leaves_out_the_deep_buttock_and_words_every_step_gently(
    tool: Tool,
) -> None:
    # Leg pain below the knee brings NO_DEEP_PRESSURE (episodes.classify_leg_pain).
    gentle = routine_for(tool, restrictions=frozenset({Restriction.NO_DEEP_PRESSURE}), rules=RULES)
    assert not set(gentle.zones) & PIRIFORMIS  # the sciatic nerve runs beneath it
    assert gentle.steps and all(s.feel.startswith("Light pressure only") for s in gentle.steps)
    assert not any("deep" in s.feel.lower() and "never a deep" not in s.feel for s in gentle.steps)
    assert any("piriformis" in note and "left out" in note for note in gentle.notes)
    # Without the restriction the roller keeps its deep-buttock step.
    if tool is Tool.FOAM_ROLLER:
        assert set(routine_for(tool, restrictions=NONE, rules=RULES).zones) >= PIRIFORMIS


@pytest.mark.parametrize("tool", [Tool.HANDS, Tool.MASSAGE_GUN, Tool.TENNIS_BALL])
def test_hamstring_steps_sit_on_a_chair_with_the_knee_bent_not_a_straight_leg(tool: Tool) -> None:
    step = routine_for(tool, restrictions=NONE, rules=RULES).step(Zone.HAMSTRINGS_LEFT)
    assert step is not None
    assert "chair" in step.position and "straight" not in step.position
    assert "bent" in step.position


def test_the_roller_hamstring_step_keeps_the_knee_bent_and_leans_back() -> None:
    step = routine_for(Tool.FOAM_ROLLER, restrictions=NONE, rules=RULES).step(Zone.HAMSTRINGS_LEFT)
    assert step is not None and "knee a little bent" in step.position
    assert "leaning back rather than forward" in step.position


def test_the_ball_on_the_waist_muscle_stays_above_the_hip_bone_away_from_the_kidneys() -> None:
    routine = routine_for(Tool.TENNIS_BALL, restrictions=NONE, rules=RULES)
    step = routine.step(Zone.QUADRATUS_LUMBORUM_RIGHT)
    assert step is not None
    assert "just above the top of your right hip bone" in step.position
    assert "a hand's width or more below your lowest rib" in step.position
    assert "between your lowest rib" not in step.position


def test_the_hip_flexor_step_is_below_the_hip_point_off_the_groin_and_can_be_skipped() -> None:
    routine = routine_for(Tool.FOAM_ROLLER, restrictions=NONE, rules=RULES)
    step = routine.step(Zone.HIP_FLEXORS_LEFT)
    assert step is not None
    assert "a hand's width below the bony point at the front of the hip" in step.position
    assert "Keep off the groin" in step.position
    assert "skip this zone" in step.position.lower()
    assert "bending backwards makes your pain worse" in step.position
