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
from backrub.domain.restrictions import Restriction
from backrub.domain.rules import PRODUCT_DEFAULT, Rule, Rules
from backrub.domain.screening import (
    NOT_A_MEDICAL_DEVICE,
    QUESTIONS,
    QUESTIONS_BY_ID,
    Clearance,
    Group,
    Question,
    Verdict,
    is_plan_allowed,
    parse_answer,
    record_clearance,
    screen,
)
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

ALL_NO = {q.id: False for q in QUESTIONS}


def ids(group: Group) -> list[str]:
    return [q.id for q in QUESTIONS if q.group is group]


def answers_with(*yes: str) -> dict[str, bool]:
    return {**ALL_NO, **dict.fromkeys(yes, True)}


CAUDA_EQUINA = ids(Group.CAUDA_EQUINA)
SEE_CLINICIAN = ids(Group.CANCER) + ids(Group.INFECTION) + ids(Group.FRACTURE) + ids(Group.NEURO)
CONTRAINDICATIONS = ids(Group.CONTRAINDICATION)

NO_GUN = Restriction.NO_MASSAGE_GUN
NO_DEEP = Restriction.NO_DEEP_PRESSURE

EXPECTED_RESTRICTIONS = {
    "anticoagulants_or_bleeding_disorder": {NO_GUN, NO_DEEP},
    "dvt_or_clot_history": {Restriction.NO_SELF_MASSAGE, Restriction.NO_PROFESSIONAL_MASSAGE},
    "osteoporosis": {NO_GUN, NO_DEEP},
    "pregnancy": {NO_GUN, Restriction.NO_FACE_DOWN},
    "active_cancer": {Restriction.CLINICIAN_FIRST},
    "recent_surgery": {Restriction.CLINICIAN_FIRST},
    "implanted_electronic_device": {NO_GUN},
    "reduced_sensation": {NO_GUN, NO_DEEP},
}


# --- the questions themselves -------------------------------------------------


def test_every_question_the_brief_names_is_asked_once() -> None:
    expected = {
        "bladder_bowel_change",
        "saddle_numbness",
        "both_legs_weak_or_numb",
        "progressive_weakness",
        "history_of_cancer",
        "unexplained_weight_loss",
        "night_pain_unrelieved",
        "fever_or_chills",
        "iv_drug_use_or_immunosuppressed",
        "recent_bacterial_infection",
        "major_trauma",
        "minor_trauma_with_osteoporosis_or_steroids",
        "age_under_20_or_over_50_new_pain",
        "numbness_or_weakness_in_leg",
        "leg_pain_below_knee",
        *EXPECTED_RESTRICTIONS,
    }
    asked = [q.id for q in QUESTIONS]
    assert len(asked) == len(set(asked))
    assert set(asked) == expected


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_every_question_is_plain_words_with_a_source(question: Question) -> None:
    q = question
    assert "?" in q.text
    assert len(q.text) < 200
    assert q.finding
    assert q.sources
    # Contraindications are a design choice (evidence.md §5.4) and must say so.
    if q.group is Group.CONTRAINDICATION:
        assert PRODUCT_DEFAULT in q.sources
        assert q.because
    else:
        assert PRODUCT_DEFAULT not in q.sources


def test_every_source_a_question_cites_is_in_the_evidence_catalogue() -> None:
    catalogue = Path(backrub.__file__).parent / "evidence" / "catalogue.toml"
    known = {entry["id"] for entry in tomllib.loads(catalogue.read_text("utf-8"))["entry"]}
    cited = {s for q in QUESTIONS for s in q.sources} | {"nice-ng59", "bass-2018"}
    assert cited - {PRODUCT_DEFAULT} <= known


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
    assert "nice-ng59" in result.message


@pytest.mark.parametrize("question_id", CAUDA_EQUINA)
def test_each_cauda_equina_sign_alone_sends_the_person_to_emergency(question_id: str) -> None:
    result = screen(answers_with(question_id), today=TODAY)
    assert result.verdict is Verdict.STOP_EMERGENCY
    assert result.is_stop
    assert "emergency department now" in result.message
    assert "do not massage" in result.message
    assert "bass-2018" in result.message
    assert [r.question_id for r in result.reasons] == [question_id]
    assert result.reasons[0].sources


@pytest.mark.parametrize("question_id", SEE_CLINICIAN)
def test_each_cancer_infection_fracture_or_nerve_sign_means_see_a_clinician_first(
    question_id: str,
) -> None:
    result = screen(answers_with(question_id), today=TODAY)
    assert result.verdict is Verdict.STOP_SEE_CLINICIAN
    assert result.is_stop
    assert "clinician soon" in result.message
    assert "before any massage" in result.message
    assert "emergency" not in result.message
    assert [r.question_id for r in result.reasons] == [question_id]
    assert "gcare-red-flags" in result.reasons[0].sources


@pytest.mark.parametrize(("question_id", "restrictions"), EXPECTED_RESTRICTIONS.items())
def test_each_contraindication_takes_away_exactly_its_kinds_of_massage(
    question_id: str, restrictions: set[Restriction]
) -> None:
    result = screen(answers_with(question_id), today=TODAY)
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
    everything = {q.id: True for q in QUESTIONS}
    result = screen(everything, today=TODAY)
    assert result.verdict is Verdict.STOP_EMERGENCY
    assert "emergency department now" in result.message
    # The urgent reasons come first; restrictions are still kept for after clearance.
    first = QUESTIONS_BY_ID[result.reasons[0].question_id]
    assert first.group is Group.CAUDA_EQUINA
    assert result.restrictions == frozenset().union(*EXPECTED_RESTRICTIONS.values())


def test_a_red_flag_outranks_a_contraindication() -> None:
    result = screen(answers_with("fever_or_chills", "pregnancy"), today=TODAY)
    assert result.verdict is Verdict.STOP_SEE_CLINICIAN
    assert result.restrictions == {NO_GUN, Restriction.NO_FACE_DOWN}


# --- bad or missing answers ----------------------------------------------------


@pytest.mark.parametrize("question_id", [q.id for q in QUESTIONS])
def test_an_unanswered_question_is_an_error_not_a_no(question_id: str) -> None:
    answers = dict(ALL_NO)
    del answers[question_id]
    with pytest.raises(InvalidInput) as caught:
        screen(answers, today=TODAY)
    assert caught.value.field == question_id
    assert "not a no" in str(caught.value)


def test_an_unknown_question_id_is_refused_by_name() -> None:
    with pytest.raises(InvalidInput) as caught:
        screen({**ALL_NO, "sadle_numbness": True}, today=TODAY)
    assert "sadle_numbness" in str(caught.value)
    assert "saddle_numbness" in str(caught.value)


def test_an_answer_that_is_not_yes_or_no_is_refused() -> None:
    with pytest.raises(InvalidInput, match="choose yes or no"):
        screen({**ALL_NO, "pregnancy": "maybe"}, today=TODAY)  # type: ignore[dict-item]


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


@pytest.mark.parametrize("text", ["", "maybe", "2", "yess", "not sure"])
def test_a_typed_answer_that_is_not_yes_or_no_names_the_question(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_answer("saddle_numbness", text)
    assert caught.value.field == "saddle_numbness"
    assert str(caught.value).endswith("choose yes or no")


# --- clearance --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cleared_on", "allowed"),
    [
        (None, False),
        (TODAY - timedelta(days=1), False),
        (TODAY, True),
        (TODAY + timedelta(days=3), True),
    ],
)
def test_a_stop_stands_until_a_clearance_dated_on_or_after_the_screening(
    cleared_on: date | None, allowed: bool
) -> None:
    stop = screen(answers_with("history_of_cancer"), today=TODAY)
    clearances = [] if cleared_on is None else [Clearance(cleared_on, "Dr Okafor")]
    assert is_plan_allowed(stop, clearances) is allowed


def test_a_clear_or_restricted_screening_allows_a_plan_without_clearance() -> None:
    assert is_plan_allowed(screen(ALL_NO, today=TODAY), [])
    assert is_plan_allowed(screen(answers_with("pregnancy"), today=TODAY), [])


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

answer_sets = st.fixed_dictionaries({q.id: st.booleans() for q in QUESTIONS})


@given(answers=answer_sets, extra=st.sampled_from([q.id for q in QUESTIONS]))
def test_adding_a_yes_never_makes_the_verdict_less_severe(
    answers: dict[str, bool], extra: str
) -> None:
    before = screen(answers, today=TODAY)
    after = screen({**answers, extra: True}, today=TODAY)
    assert after.verdict.severity >= before.verdict.severity
    assert after.restrictions >= before.restrictions
    assert is_plan_allowed(after, []) <= is_plan_allowed(before, [])


@given(answers=answer_sets)
def test_every_yes_to_a_warning_sign_or_contraindication_is_given_as_a_reason(
    answers: dict[str, bool],
) -> None:
    result = screen(answers, today=TODAY)
    expected = {
        qid
        for qid, yes in answers.items()
        if yes and QUESTIONS_BY_ID[qid].group is not Group.EPISODE
    }
    assert {r.question_id for r in result.reasons} == expected
    assert result.is_stop == any(
        QUESTIONS_BY_ID[qid].group not in (Group.CONTRAINDICATION, Group.EPISODE)
        for qid in expected
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
