"""Screening gates the plan; episode classification names its convention."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import backrub
from backrub.domain.episodes import (
    Stage,
    classify_duration,
    classify_episode,
    classify_leg_pain,
    has_sciatica,
)
from backrub.domain.records import Cause, Episode
from backrub.domain.red_flags import COMBINATIONS, NOT_YET_SEEN, RETIRED, Answer
from backrub.domain.restrictions import Restriction
from backrub.domain.rules import PRODUCT_DEFAULT, Rule, Rules
from backrub.domain.screening import (
    EMERGENCY_MESSAGE,
    NO_TO_ALL,
    NOT_A_MEDICAL_DEVICE,
    QUESTIONS,
    QUESTIONS_BY_ID,
    SEE_CLINICIAN_MESSAGE,
    AgeBand,
    Clearance,
    Group,
    Question,
    Tier,
    Verdict,
    is_emergency,
    parse_answer,
    record_clearance,
    reread,
    screen,
)
from backrub.domain.verdicts import EMERGENCY_WHY
from backrub.errors import InvalidInput

TODAY = date(2026, 3, 2)

RULES: Rules = {
    "acute_weeks_research": Rule(
        "acute_weeks_research", 6, "weeks", ("heiw-definitions",), "research convention"
    ),
    "acute_weeks_acp": Rule("acute_weeks_acp", 4, "weeks", ("qaseem-2017",), "ACP 2017"),
    "chronic_weeks": Rule(
        "chronic_weeks", 12, "weeks", ("heiw-definitions", "qaseem-2017"), "both conventions"
    ),
}

ALL_NO: dict[str, Answer] = dict(NO_TO_ALL)
YES_NO = [q for q in QUESTIONS if not q.is_choice]


def tier_ids(tier: Tier) -> list[str]:
    return [q.id for q in QUESTIONS if q.tier is tier]


def answers_with(*yes: str, age: AgeBand = AgeBand.AGE_20_50) -> dict[str, Answer]:
    return {**ALL_NO, **dict.fromkeys(yes, True), "age_band": age.value}


EMERGENCY = tier_ids(Tier.EMERGENCY)
SAME_DAY = tier_ids(Tier.SAME_DAY)
SOON = tier_ids(Tier.SOON)

NO_GUN = Restriction.NO_MASSAGE_GUN
NO_DEEP = Restriction.NO_DEEP_PRESSURE
NO_MASSAGE = {Restriction.NO_SELF_MASSAGE, Restriction.NO_PROFESSIONAL_MASSAGE}

EXPECTED_RESTRICTIONS = {
    "blood_thinners": {NO_GUN, NO_DEEP},
    "bleeding_disorder": {NO_GUN, NO_DEEP},
    "past_blood_clot": NO_MASSAGE,
    "osteoporosis": {NO_GUN, NO_DEEP},
    "fragility_fracture": {NO_GUN, NO_DEEP},
    "pregnancy": {NO_GUN, Restriction.NO_FACE_DOWN},
    "active_cancer": {Restriction.CLINICIAN_FIRST},
    "recent_surgery": {Restriction.CLINICIAN_FIRST},
    "implanted_electronic_device": {NO_GUN},
    "reduced_sensation": {NO_GUN, NO_DEEP},
}


# --- the questions themselves -------------------------------------------------


def test_each_tier_asks_the_signs_the_issue_names() -> None:
    assert set(EMERGENCY) == {
        "bladder_bowel_change",
        "saddle_numbness",
        "both_legs_weak_or_numb",
        "leg_weakness_worsening",
        "walking_changed",
        "new_sexual_dysfunction",
        "major_trauma",
        "chest_pain",
    }
    assert set(SAME_DAY) == {"fever_or_chills", "leg_clot_signs", "sudden_breathlessness"}
    assert {
        "history_of_cancer",
        "unexplained_weight_loss",
        "night_pain_unrelieved",
        "upper_back_pain",
        "back_lump_or_swelling",
        "back_shape_changed",
        "injects_drugs",
        "weakened_immunity",
    } <= set(SOON)
    # Cancer now is at least "within days" (a past cancer is): it keeps its restriction.
    assert set(tier_ids(Tier.RESTRICT)) == set(EXPECTED_RESTRICTIONS) - {"active_cancer"}
    assert QUESTIONS_BY_ID["active_cancer"].tier is Tier.SOON
    asked = [q.id for q in QUESTIONS]
    assert len(asked) == len(set(asked))
    assert [q.id for q in QUESTIONS if q.is_choice] == ["age_band"]


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_every_question_is_one_plain_question_with_a_source(question: Question) -> None:
    q = question
    assert q.text.count("?") == 1  # one idea: one question mark
    assert " and do you " not in q.text and ", or is " not in q.text
    # The time frame every emergency and same-day question ends with is shared.
    assert len(q.text.removesuffix(" " + NOT_YET_SEEN)) < 200
    assert q.finding
    assert q.sources
    # Contraindications are a design choice (evidence.md §5.4) and must say so.
    if q.group is Group.CONTRAINDICATION:
        assert PRODUCT_DEFAULT in q.sources
        assert q.because


def test_every_source_a_question_or_combination_cites_is_in_the_evidence_catalogue() -> None:
    catalogue = Path(backrub.__file__).parent / "evidence" / "catalogue.toml"
    known = {entry["id"] for entry in tomllib.loads(catalogue.read_text("utf-8"))["entry"]}
    cited = {s for q in (*QUESTIONS, *RETIRED) for s in q.sources}
    cited |= {s for c in COMBINATIONS for s in c.sources}
    assert cited - {PRODUCT_DEFAULT} <= known
    # A same-day stop's sources follow its findings (tests/test_escalation.py).
    for message in (EMERGENCY_MESSAGE, SEE_CLINICIAN_MESSAGE):
        inside = message.rsplit("(", 1)[1].rstrip(")").split(", ")
        assert set(inside) <= known
    for part in EMERGENCY_WHY:  # each kind of emergency with its own sources
        inside = part.rsplit("(", 1)[1].rstrip(")").split(", ")
        assert set(inside) <= known, part


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_emergency_words_in_two_parts_are_the_emergency_words(language: str) -> None:
    # The banner shows what to do, then why behind a disclosure (people review 8, F5):
    # together, word for word, what the CLI, the report and the JSON say.
    from backrub.domain.verdicts import EMERGENCY_ACTION
    from backrub.i18n import _, use_language

    assert " ".join((EMERGENCY_ACTION, *EMERGENCY_WHY)) == EMERGENCY_MESSAGE
    with use_language(language):
        assert " ".join(_(part) for part in (EMERGENCY_ACTION, *EMERGENCY_WHY)) == _(
            EMERGENCY_MESSAGE
        )


def test_the_not_a_medical_device_line_is_one_plain_sentence() -> None:
    assert "\n" not in NOT_A_MEDICAL_DEVICE
    assert "does not diagnose" in NOT_A_MEDICAL_DEVICE


# --- verdicts ---------------------------------------------------------------


def test_all_no_answers_are_clear_with_nothing_taken_away() -> None:
    result = screen(ALL_NO, today=TODAY)
    assert result.verdict is Verdict.CLEAR
    assert not result.is_stop
    assert result.reasons == ()
    assert result.restrictions == frozenset()
    assert result.screened_on == TODAY
    assert result.complete
    assert "nice-ng59" in result.message


@pytest.mark.parametrize("question_id", EMERGENCY)
def test_each_emergency_sign_alone_means_call_the_emergency_number_now(question_id: str) -> None:
    result = screen(answers_with(question_id), today=TODAY)
    assert result.verdict is Verdict.STOP_EMERGENCY
    assert result.is_stop
    assert "Call your local emergency number now" in result.message
    assert "do not massage" in result.message
    assert [r.question_id for r in result.reasons] == [question_id]
    assert result.reasons[0].sources


def test_a_new_change_in_sexual_function_is_an_emergency_with_its_nhs_source() -> None:
    (reason,) = screen(answers_with("new_sexual_dysfunction"), today=TODAY).reasons
    assert reason.tier is Tier.EMERGENCY
    assert "royal-free-ces" in reason.sources


@pytest.mark.parametrize("question_id", SAME_DAY)
def test_each_same_day_sign_means_get_help_today(question_id: str) -> None:
    result = screen(answers_with(question_id), today=TODAY)
    assert result.verdict is Verdict.STOP_SAME_DAY
    assert "today" in result.message
    assert "urgent appointment" in result.message
    assert "emergency department" not in result.message


def test_sudden_breathlessness_alone_says_when_not_to_wait_for_the_appointment() -> None:
    """Same day, but 999 if breathing is very hard now or the heart races (nhs-pe; review
    10, M5); with a sign of a clot it is an emergency, which says to call already."""
    alone = screen(answers_with("sudden_breathlessness"), today=TODAY)
    assert alone.verdict is Verdict.STOP_SAME_DAY
    assert "If your breathing is very hard now" in alone.shown_message
    assert "(nhs-pe)" in alone.shown_message
    other = screen(answers_with("fever_or_chills"), today=TODAY)
    assert "If your breathing is very hard now" not in other.shown_message
    clot = screen(answers_with("sudden_breathlessness", "leg_clot_signs"), today=TODAY)
    assert clot.verdict is Verdict.STOP_EMERGENCY
    assert "If your breathing is very hard now" not in " ".join(clot.shown_parts)


@pytest.mark.parametrize("question_id", SOON)
def test_each_soon_sign_means_see_a_clinician_within_days(question_id: str) -> None:
    result = screen(answers_with(question_id), today=TODAY)
    assert result.verdict is Verdict.STOP_SEE_CLINICIAN
    assert result.is_stop
    assert "clinician soon, within days" in result.message
    assert "before any massage" in result.message
    assert "emergency" not in result.message
    assert [r.question_id for r in result.reasons] == [question_id]


@pytest.mark.parametrize(
    ("yes", "age", "verdict", "reason"),
    [
        (
            ("leg_clot_signs", "sudden_breathlessness"),
            AgeBand.AGE_20_50,
            Verdict.STOP_EMERGENCY,
            "clot_with_breathlessness",
        ),
        (
            ("fever_or_chills", "injects_drugs"),
            AgeBand.AGE_20_50,
            Verdict.STOP_SAME_DAY,
            "fever_with_drugs_or_weak_immunity",
        ),
        (
            ("fever_or_chills", "weakened_immunity"),
            AgeBand.AGE_20_50,
            Verdict.STOP_SAME_DAY,
            "fever_with_drugs_or_weak_immunity",
        ),
        (
            ("new_back_pain",),
            AgeBand.OVER_50,
            Verdict.STOP_SEE_CLINICIAN,
            "new_pain_under_20_or_over_50",
        ),
        (
            ("new_back_pain",),
            AgeBand.AGE_18_19,
            Verdict.STOP_SEE_CLINICIAN,
            "new_pain_under_20_or_over_50",
        ),
        (
            ("minor_fall_or_lift", "osteoporosis"),
            AgeBand.AGE_20_50,
            Verdict.STOP_SEE_CLINICIAN,
            "small_fall_with_thin_bones_or_steroids",
        ),
        (
            ("minor_fall_or_lift", "long_term_steroids"),
            AgeBand.AGE_20_50,
            Verdict.STOP_SEE_CLINICIAN,
            "small_fall_with_thin_bones_or_steroids",
        ),
        (
            ("morning_stiffness_over_30_min", "eases_with_movement", "began_before_45"),
            AgeBand.AGE_20_50,
            Verdict.STOP_SEE_CLINICIAN,
            "inflammatory_back_pain",
        ),
    ],
)
def test_a_sign_made_of_several_answers_takes_its_own_tier(
    yes: tuple[str, ...], age: AgeBand, verdict: Verdict, reason: str
) -> None:
    result = screen(answers_with(*yes, age=age), today=TODAY)
    assert result.verdict is verdict
    assert reason in [r.question_id for r in result.reasons]
    assert result.reasons[0].tier.rank >= result.reasons[-1].tier.rank


@pytest.mark.parametrize(
    "yes",
    [
        ("new_back_pain",),
        ("minor_fall_or_lift",),
        ("long_term_steroids",),
        ("morning_stiffness_over_30_min", "eases_with_movement"),
        ("began_before_45",),
    ],
)
def test_half_a_combination_is_not_a_warning_sign(yes: tuple[str, ...]) -> None:
    assert screen(answers_with(*yes), today=TODAY).verdict is Verdict.CLEAR


def test_a_past_clot_restricts_while_a_suspected_clot_now_is_same_day() -> None:
    past = screen(answers_with("past_blood_clot"), today=TODAY)
    assert past.verdict is Verdict.RESTRICTED
    assert past.restrictions == NO_MASSAGE
    now = screen(answers_with("leg_clot_signs"), today=TODAY)
    assert now.verdict is Verdict.STOP_SAME_DAY


def test_aspirin_is_named_among_the_blood_thinners() -> None:
    assert "aspirin" in QUESTIONS_BY_ID["blood_thinners"].text


def test_under_18_is_told_backrub_is_not_for_them_and_no_clearance_lifts_it() -> None:
    result = screen(answers_with(age=AgeBand.UNDER_18), today=TODAY)
    assert result.verdict is Verdict.NOT_FOR_UNDER_18
    assert result.is_stop and result.is_under_18
    assert "under 18" in result.message and "product default" in result.message
    # No clearance lifts it (tests/test_screen_cli.py: "no clearance lifts the stop").
    # An emergency still comes first for a young person.
    urgent = screen(answers_with("chest_pain", age=AgeBand.UNDER_18), today=TODAY)
    assert urgent.verdict is Verdict.STOP_EMERGENCY
    assert "age_band" in [r.question_id for r in urgent.reasons]


@pytest.mark.parametrize(("question_id", "restrictions"), EXPECTED_RESTRICTIONS.items())
def test_each_contraindication_takes_away_exactly_its_kinds_of_massage(
    question_id: str, restrictions: set[Restriction]
) -> None:
    result = screen(answers_with(question_id), today=TODAY)
    if question_id == "active_cancer":  # a stop "within days" that also restricts
        assert result.verdict is Verdict.STOP_SEE_CLINICIAN
        assert result.restrictions == restrictions
        return
    assert result.verdict is Verdict.RESTRICTED
    assert not result.is_stop
    assert result.restrictions == restrictions
    (reason,) = result.reasons
    assert reason.question_id == question_id
    assert reason.restrictions == restrictions
    assert ":" in reason.words  # finding: because
    assert PRODUCT_DEFAULT in reason.sources
    assert "product default, not evidence" in result.message


def test_pregnancy_reason_says_to_tell_the_therapist() -> None:
    (reason,) = screen(answers_with("pregnancy"), today=TODAY).reasons
    assert "told about the pregnancy" in reason.words


def test_leg_pain_below_the_knee_alone_is_not_a_warning_sign() -> None:
    result = screen(answers_with("leg_pain_below_knee"), today=TODAY)
    assert result.verdict is Verdict.CLEAR
    assert result.answer("leg_pain_below_knee") is True


def test_an_emergency_outranks_every_other_answer() -> None:
    everything: dict[str, Answer] = {q.id: True for q in YES_NO} | {"age_band": "over_50"}
    result = screen(everything, today=TODAY)
    assert result.verdict is Verdict.STOP_EMERGENCY
    # The urgent reasons come first; restrictions are still kept for after clearance.
    assert result.reasons[0].tier is Tier.EMERGENCY
    assert result.restrictions == frozenset().union(*EXPECTED_RESTRICTIONS.values())


def test_a_same_day_sign_outranks_a_soon_sign_and_a_contraindication() -> None:
    result = screen(answers_with("fever_or_chills", "history_of_cancer", "pregnancy"), today=TODAY)
    assert result.verdict is Verdict.STOP_SAME_DAY
    assert result.restrictions == {NO_GUN, Restriction.NO_FACE_DOWN}


# --- one answer is enough; missing is never a no -----------------------------------


@pytest.mark.parametrize("question_id", [q.id for q in QUESTIONS])
def test_an_unanswered_question_is_an_error_not_a_no(question_id: str) -> None:
    answers = dict(ALL_NO)
    del answers[question_id]
    with pytest.raises(InvalidInput) as caught:
        screen(answers, today=TODAY)
    assert caught.value.field == question_id
    assert "not a no" in str(caught.value)


@pytest.mark.parametrize("question_id", EMERGENCY)
def test_one_emergency_answer_is_enough_with_every_other_question_open(question_id: str) -> None:
    result = screen({question_id: True}, today=TODAY)
    assert result.verdict is Verdict.STOP_EMERGENCY
    assert not result.complete
    assert len(result.unanswered) == len(QUESTIONS) - 1


@pytest.mark.parametrize("question_id", SAME_DAY + SOON)
def test_a_lesser_stop_on_a_partial_screening_still_needs_every_answer(question_id: str) -> None:
    with pytest.raises(InvalidInput, match="not a no"):
        screen({question_id: True}, today=TODAY)
    assert not is_emergency({question_id: True})


def test_a_partial_screening_with_no_stop_answer_is_not_a_pass() -> None:
    partial = {q.id: False for q in YES_NO[:5]}
    with pytest.raises(InvalidInput, match="not a no"):
        screen(partial, today=TODAY)


def test_a_stored_screening_of_the_old_questions_still_reads_and_is_marked_incomplete() -> None:
    old = {
        "progressive_weakness": False,
        "age_under_20_or_over_50_new_pain": True,
        "iv_drug_use_or_immunosuppressed": False,
        "minor_trauma_with_osteoporosis_or_steroids": False,
        "numbness_or_weakness_in_leg": False,
        "anticoagulants_or_bleeding_disorder": True,
        "dvt_or_clot_history": False,
        "pregnancy": False,
    }
    result = reread(old, today=TODAY)
    assert result.verdict is Verdict.STOP_SEE_CLINICIAN  # the tier it had then
    assert not result.complete
    assert result.restrictions == {NO_GUN, NO_DEEP}
    assert {r.question_id for r in result.reasons} == {
        "age_under_20_or_over_50_new_pain",
        "anticoagulants_or_bleeding_disorder",
    }
    assert result.answer("dvt_or_clot_history") is False
    with pytest.raises(InvalidInput):  # a retired question is not asked live
        screen({**ALL_NO, "progressive_weakness": False}, today=TODAY)


def test_an_unknown_question_id_is_refused_by_name() -> None:
    with pytest.raises(InvalidInput) as caught:
        screen({**ALL_NO, "sadle_numbness": True}, today=TODAY)
    assert "sadle_numbness" in str(caught.value)
    assert "saddle_numbness" in str(caught.value)


def test_an_answer_that_is_not_yes_or_no_is_refused() -> None:
    with pytest.raises(InvalidInput, match="choose yes or no"):
        screen({**ALL_NO, "pregnancy": "maybe"}, today=TODAY)
    with pytest.raises(InvalidInput, match="choose one of"):
        screen({**ALL_NO, "age_band": True}, today=TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", True),
        ("Y", True),
        (" true ", True),
        ("1", True),
        ("no", False),
        ("N", False),
        ("False", False),
        ("0", False),
    ],
)
def test_typed_answers_are_read_as_yes_or_no(text: str, expected: bool) -> None:
    assert parse_answer("pregnancy", text) is expected


@pytest.mark.parametrize(("text", "band"), [("over_50", "over_50"), ("Under 18", "under_18")])
def test_the_age_band_is_typed_as_one_of_its_choices(text: str, band: str) -> None:
    assert parse_answer("age_band", text) == band
    with pytest.raises(InvalidInput, match="choose one of"):
        parse_answer("age_band", "42")


@pytest.mark.parametrize("text", ["", "maybe", "2", "yess", "not sure"])
def test_a_typed_answer_that_is_not_yes_or_no_names_the_question(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_answer("saddle_numbness", text)
    assert caught.value.field == "saddle_numbness"
    assert str(caught.value).endswith("choose yes or no")


# --- clearance --------------------------------------------------------------------


def test_a_clearance_needs_a_name_and_a_date_not_in_the_future() -> None:
    ok = record_clearance("2026-03-01", "  Dr Okafor, GP ", "", today=TODAY)
    assert ok == Clearance(date(2026, 3, 1), "Dr Okafor, GP", None)
    with pytest.raises(InvalidInput) as future:
        record_clearance("2026-03-03", "Dr Okafor", today=TODAY)
    assert future.value.field == "cleared_on"
    with pytest.raises(InvalidInput) as nobody:
        record_clearance("2026-03-01", "  ", today=TODAY)
    assert nobody.value.field == "cleared_by"


# --- invariants -------------------------------------------------------------------

answer_sets = st.fixed_dictionaries(
    {
        q.id: st.sampled_from([b.value for b in AgeBand]) if q.is_choice else st.booleans()
        for q in QUESTIONS
    }
)


@given(answers=answer_sets, extra=st.sampled_from([q.id for q in YES_NO]))
def test_adding_a_yes_never_makes_the_verdict_less_severe(
    answers: dict[str, Answer], extra: str
) -> None:
    before = screen(answers, today=TODAY)
    after = screen({**answers, extra: True}, today=TODAY)
    assert after.verdict.severity >= before.verdict.severity
    assert after.restrictions >= before.restrictions
    assert after.is_stop >= before.is_stop


@given(answers=answer_sets)
def test_every_yes_with_a_tier_is_given_as_a_reason(answers: dict[str, Answer]) -> None:
    result = screen(answers, today=TODAY)
    expected = {
        qid
        for qid, yes in answers.items()
        if yes is True and QUESTIONS_BY_ID[qid].tier is not Tier.NONE
    }
    given_ids = {r.question_id for r in result.reasons}
    assert expected <= given_ids
    assert (
        result.verdict.severity >= max((r.tier.rank for r in result.reasons), default=0)
        or result.verdict is Verdict.NOT_FOR_UNDER_18
    )


# --- episode duration -------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "research", "acp"),
    [
        (0, Stage.ACUTE, Stage.ACUTE),
        (4 * 7 - 1, Stage.ACUTE, Stage.ACUTE),
        (4 * 7, Stage.ACUTE, Stage.SUBACUTE),
        (5 * 7, Stage.ACUTE, Stage.SUBACUTE),
        (6 * 7 - 1, Stage.ACUTE, Stage.SUBACUTE),
        (6 * 7, Stage.SUBACUTE, Stage.SUBACUTE),
        (12 * 7, Stage.SUBACUTE, Stage.SUBACUTE),
        (12 * 7 + 1, Stage.CHRONIC, Stage.CHRONIC),
    ],
)
def test_duration_boundaries_follow_each_convention(days: int, research: Stage, acp: Stage) -> None:
    result = classify_duration(TODAY - timedelta(days=days), TODAY, RULES)
    assert result.duration_days == days
    assert result.research.stage is research
    assert result.acp.stage is acp
    assert result.acp_changes_advice is (research is not acp)


def test_five_months_of_pain_is_chronic_in_both_conventions() -> None:
    result = classify_duration(date(2025, 10, 2), TODAY, RULES)
    assert result.research.stage is Stage.CHRONIC
    assert result.acp.stage is Stage.CHRONIC
    assert not result.acp_changes_advice


def test_five_weeks_names_both_conventions_and_their_sources() -> None:
    result = classify_duration(TODAY - timedelta(weeks=5), TODAY, RULES)
    assert result.duration_weeks == 5
    text = result.describe()
    assert text.startswith("5 weeks: acute by the research convention (<6 / 6–12 / >12 weeks")
    assert "heiw-definitions" in text
    assert "subacute by the American College of Physicians 2017 (<4 / 4–12 / >12" in text
    assert "qaseem-2017" in text


def test_an_onset_in_the_future_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        classify_duration(TODAY + timedelta(days=1), TODAY, RULES)
    assert caught.value.field == "onset"
    assert "2026-03-03" in str(caught.value)


def test_the_cut_offs_come_from_the_rules_table() -> None:
    stricter = {**RULES, "acute_weeks_acp": Rule("acute_weeks_acp", 3, "weeks", ("x",), "")}
    result = classify_duration(TODAY - timedelta(weeks=3), TODAY, stricter)
    assert result.acp.stage is Stage.SUBACUTE
    assert result.acp.sources == ("x",)


@given(days=st.integers(min_value=0, max_value=3650))
def test_acp_never_calls_an_episode_earlier_than_the_research_convention(days: int) -> None:
    result = classify_duration(TODAY - timedelta(days=days), TODAY, RULES)
    order = list(Stage)
    assert order.index(result.acp.stage) >= order.index(result.research.stage)


# --- leg pain -----------------------------------------------------------------------


def test_leg_pain_below_the_knee_counts_as_possible_sciatica_with_gentler_options() -> None:
    result = classify_leg_pain(True)
    assert result.has_sciatica
    assert has_sciatica(True)
    assert "nice-ng59" in result.advice
    assert "See a clinician if the leg pain lasts or gets worse" in result.advice
    assert "product default, not evidence" in result.advice
    assert result.restrictions == {NO_DEEP, NO_GUN}


def test_no_leg_pain_changes_nothing() -> None:
    result = classify_leg_pain(False)
    assert not result.has_sciatica
    assert result.restrictions == frozenset()


def test_a_recorded_episode_is_classified_by_duration_and_leg_pain() -> None:
    episode = Episode(onset=TODAY - timedelta(weeks=8), leg_pain_below_knee=True, cause=Cause.DISC)
    result = classify_episode(episode, TODAY, RULES)
    assert result.duration.research.stage is Stage.SUBACUTE
    assert result.leg_pain.has_sciatica


def test_docs_safety_lists_every_question_and_combination_with_its_tier_and_sources() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "safety.md").read_text("utf-8")
    rows = {line.split("|")[1].strip(" `"): line for line in docs.splitlines() if line[:3] == "| `"}
    words = {
        Tier.EMERGENCY: "emergency now",
        Tier.SAME_DAY: "same day",
        Tier.SOON: "within days",
        Tier.RESTRICT: "massage with limits",
        Tier.NONE: "none alone",
    }
    for item in (*QUESTIONS, *COMBINATIONS, *RETIRED):
        row = rows[item.id]
        assert f"| {words[item.tier]} |" in row, item.id
        assert all(source in row for source in item.sources), item.id


def test_an_emergency_that_a_doctor_has_seen_can_be_answered_no_at_the_next_screening() -> None:
    # Someone stopped after a serious accident was seen in A&E: every emergency
    # and same-day question tells them a truthful "no" is right when it has been
    # seen and is the same or better, and "yes" when it is new or worse.
    stopping = [q for q in QUESTIONS if q.tier in (Tier.EMERGENCY, Tier.SAME_DAY)]
    assert {"major_trauma", "bladder_bowel_change", "fever_or_chills"} <= {q.id for q in stopping}
    for q in stopping:
        assert "not yet seen by a doctor" in q.text, q.id
        assert "the same or better" in q.text, q.id
    assert QUESTIONS_BY_ID["fever_or_chills"].text.startswith("In the last 7 days")
    first = screen(answers_with("major_trauma"), today=TODAY)
    assert first.verdict is Verdict.STOP_EMERGENCY
    seen = screen(ALL_NO | {"age_band": AgeBand.AGE_20_50.value}, today=TODAY + timedelta(days=3))
    assert not seen.is_stop
    worse = screen(answers_with("walking_changed"), today=TODAY + timedelta(days=10))
    assert worse.verdict is Verdict.STOP_EMERGENCY


@pytest.mark.parametrize("cancer", ["history_of_cancer", "active_cancer"])
@pytest.mark.parametrize(
    ("sign", "verdict", "words"),
    [
        ("leg_weakness_new", Verdict.STOP_EMERGENCY, "metastatic spinal cord compression"),
        ("leg_numbness_new", Verdict.STOP_EMERGENCY, "metastatic spinal cord compression"),
        ("leg_pain_below_knee_new", Verdict.STOP_EMERGENCY, "metastatic spinal cord compression"),
        ("back_pain_worsening", Verdict.STOP_SAME_DAY, "spread of cancer to the spine"),
        ("spinal_pain_new", Verdict.STOP_SAME_DAY, "spread of cancer to the spine"),
        # Without the time frame these stay "within days" (review CLIN-8 S1).
        ("upper_back_pain", Verdict.STOP_SEE_CLINICIAN, "between the shoulder blades"),
        ("night_pain_unrelieved", Verdict.STOP_SEE_CLINICIAN, "Night pain"),
        ("pain_worse_on_straining", Verdict.STOP_SEE_CLINICIAN, "coughing"),
    ],
)
def test_cancer_with_back_pain_signs_is_triaged_as_nice_ng234_says(
    cancer: str, sign: str, verdict: Verdict, words: str
) -> None:
    result = screen(answers_with(cancer, sign), today=TODAY)
    assert result.verdict is verdict
    reason = next(r for r in result.reasons if words in r.words)
    assert reason.sources == ("nice-ng234",) or verdict is Verdict.STOP_SEE_CLINICIAN
    assert screen(answers_with("active_cancer"), today=TODAY).verdict is Verdict.STOP_SEE_CLINICIAN


@pytest.mark.parametrize(
    ("with_", "source"),
    [("upper_back_pain", "nhs-pe"), ("past_blood_clot", "nhs-pe"), ("leg_clot_signs", "nhs-dvt")],
)
def test_sudden_breathlessness_with_back_pain_or_a_clot_is_an_emergency(
    with_: str, source: str
) -> None:
    result = screen(answers_with("sudden_breathlessness", with_), today=TODAY)
    assert result.verdict is Verdict.STOP_EMERGENCY
    assert any(source in r.sources and "lungs" in r.words for r in result.reasons)
    alone = screen(answers_with("sudden_breathlessness"), today=TODAY)
    assert alone.verdict is Verdict.STOP_SAME_DAY
    assert QUESTIONS_BY_ID["sudden_breathlessness"].sources == ("nhs-pe", "nhs-dvt")


def test_sciatica_advice_says_when_to_get_help_in_the_screenings_own_emergency_words() -> None:
    """Review S8: weaker or number the same day; the BASS signs as the screening says them."""
    advice = classify_leg_pain(True).advice
    assert "get help the same day if a leg or foot gets numb" in advice
    for qid in ("both_legs_weak_or_numb", "saddle_numbness", "bladder_bowel_change"):
        finding = QUESTIONS_BY_ID[qid].finding
        assert finding[0].lower() + finding[1:] in advice, qid
    assert "genitals, back passage or inner thighs" in advice and "both legs" in advice
    assert "leg or foot weakness that is getting worse" in advice  # an emergency, as screened
    # "Below the knee" is labelled as backrub's own rule, not a finding.
    assert "possible sciatica: a cautious rule of thumb, not a diagnosis (product default" in (
        advice
    )
    assert "bass-2018" in advice and "nice-ng59" in advice


def test_a_stops_list_names_a_combination_once_and_not_its_answers_again() -> None:
    # Review S9: at 360 px the combination's clinical words pushed the call out of view.
    from backrub.domain.red_flags import answered_labels

    found = ["cancer_with_nerve_signs", "history_of_cancer", "active_cancer", "chest_pain"]
    assert answered_labels(found) == (
        "Cancer now or in the past, with weakness, numbness or pain in a leg",
        "Chest pain",
    )
    # Every combination a stop lists has a label shorter than its finding.
    for combination in COMBINATIONS:
        if combination.label:
            assert len(combination.label) < len(combination.finding), combination.id
