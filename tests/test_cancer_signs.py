"""Cancer with leg or back signs (clinical review 7, items 2 and 4; docs/safety.md).

The emergency of a possible spinal cord compression needs a leg sign that is
new, getting worse or not yet seen by a doctor: a cancer treated long ago with
stable sciatica is "see a clinician", not "call the emergency number" at every
screening. A screening kept before the new questions, told "emergency" then,
stays an emergency stop until a new screening asks the new questions; in the
local app, and in a backup restored.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from backrub import services
from backrub.domain import backup
from backrub.domain.follow_up_signs import judge, signs_to_ask
from backrub.domain.records import ScreeningRecord
from backrub.domain.red_flags import COMBINATIONS, QUESTIONS_BY_ID
from backrub.domain.screening import NO_TO_ALL, AgeBand, Answer, Verdict, reread, screen
from backrub.services.backup import import_backup
from backrub.store import Store
from tests.conftest import NOW

TODAY = NOW.date()
NEW = (
    "leg_weakness_new",
    "leg_numbness_new",
    "leg_pain_below_knee_new",
    "back_pain_worsening",
    "spinal_pain_new",
)
# What a screening kept before the new questions holds: no answer to them.
BEFORE: dict[str, Answer] = {q: v for q, v in NO_TO_ALL.items() if q not in NEW}
# A cancer treated long ago, with sciatica and a diabetic numbness a doctor knows about.
STABLE = {"history_of_cancer": True, "leg_pain_below_knee": True, "leg_numbness": True}


def answers(*yes: str, base: dict[str, Answer] | None = None) -> dict[str, Answer]:
    return {**(NO_TO_ALL if base is None else base), **dict.fromkeys(yes, True)}


def test_a_past_cancer_with_stable_sciatica_is_see_a_clinician_not_an_emergency() -> None:
    stable = screen({**answers(*STABLE), "reduced_sensation": True}, today=TODAY)
    assert stable.verdict is Verdict.STOP_SEE_CLINICIAN
    assert "cancer_with_nerve_signs" not in {r.question_id for r in stable.reasons}
    assert (
        "reduced_sensation"
        not in next(c for c in COMBINATIONS if c.id == "cancer_with_nerve_signs").needs_also
    )


@pytest.mark.parametrize(
    "sign", ["leg_weakness_new", "leg_numbness_new", "leg_pain_below_knee_new"]
)
@pytest.mark.parametrize("cancer", ["history_of_cancer", "active_cancer"])
def test_cancer_with_a_new_leg_sign_is_an_emergency(cancer: str, sign: str) -> None:
    found = screen(answers(cancer, sign), today=TODAY)
    assert found.verdict is Verdict.STOP_EMERGENCY
    assert "metastatic spinal cord compression" in found.reasons[0].words
    assert "not yet seen by a doctor" in QUESTIONS_BY_ID[sign].text


def test_back_pain_getting_worse_with_cancer_is_the_same_day_and_nothing_alone() -> None:
    found = screen(answers("history_of_cancer", "back_pain_worsening"), today=TODAY)
    assert found.verdict is Verdict.STOP_SAME_DAY
    assert "spread of cancer to the spine" in found.reasons[0].words
    assert screen(answers("back_pain_worsening"), today=TODAY).verdict is Verdict.CLEAR


def test_an_old_screening_told_emergency_stays_so_and_only_then() -> None:
    old = answers("history_of_cancer", "leg_pain_below_knee", base=BEFORE)
    told = reread(old, today=TODAY, told=Verdict.STOP_EMERGENCY.value)
    assert told.verdict is Verdict.STOP_EMERGENCY
    assert "cancer_with_nerve_signs" in {r.question_id for r in told.reasons}
    # Kept with another verdict (a follow-up's stop of a cancer "yes"), or not kept yet:
    # the old "yes" alone makes no emergency.
    kept = reread(old, today=TODAY, told=Verdict.STOP_SEE_CLINICIAN.value)
    assert kept.verdict is Verdict.STOP_SEE_CLINICIAN
    assert reread(old, today=TODAY).verdict is Verdict.STOP_SEE_CLINICIAN
    # Once the new questions were answered, they decide.
    asked = {**old, "leg_pain_below_knee_new": False}
    again = reread(asked, today=TODAY, told=Verdict.STOP_EMERGENCY.value)
    assert again.verdict is Verdict.STOP_SEE_CLINICIAN


def _old_emergency(store: Store, name: str = "lan") -> Any:
    profile = services.add_profile(store, name, tz="Europe/London", now=NOW - timedelta(days=30))
    old = tuple(answers("history_of_cancer", "leg_pain_below_knee", base=BEFORE).items())
    day = TODAY - timedelta(days=10)
    store.add_screening(profile.id, ScreeningRecord(day, old, "stop_emergency", ()))
    return profile


def test_in_the_local_app_an_old_emergency_stands_until_a_new_screening_asks(
    store: Store,
) -> None:
    profile = _old_emergency(store)
    state = services.safety_state(store, profile)
    assert state.is_stopped and state.needs_new_screening
    assert state.screening is not None and state.screening.verdict is Verdict.STOP_EMERGENCY
    # The new screening asks the new questions: the sciatica a doctor has seen is a "no".
    services.record_screening(
        store, profile, answers("history_of_cancer", "leg_pain_below_knee"), today=TODAY
    )
    state = services.safety_state(store, profile)
    assert state.screening is not None and state.screening.verdict is Verdict.STOP_SEE_CLINICIAN
    assert not state.needs_new_screening  # a clinician's clearance can now lift it


def test_a_backup_with_an_old_emergency_screening_imports_and_stays_an_emergency(
    store: Store,
) -> None:
    profile = _old_emergency(store)
    document = json.loads(services.export_json(store, profile, now=NOW))
    (kept,) = document["data"]["screenings"]
    assert kept["verdict"] == "stop_emergency" and "leg_weakness_new" not in dict(kept["answers"])
    document["checksum"] = backup.checksum(document["data"])
    copy = import_backup(store, json.dumps(document), source="old.json", now=NOW, as_name="c")
    (screening,) = store.load(copy).screenings
    assert screening.verdict == "stop_emergency"
    state = services.safety_state(store, copy)
    assert state.is_stopped and state.needs_new_screening


def test_every_new_question_is_asked_at_the_screening() -> None:
    for qid in NEW:
        assert qid in NO_TO_ALL and QUESTIONS_BY_ID[qid].sources[0] == "nice-ng234"
    assert screen(NO_TO_ALL | {"age_band": AgeBand.AGE_20_50.value}, today=date(2026, 3, 2))


# --- clinical review 8: S1 (the same-day combination's time frame), S4, S5 ------------

# Ordinary back pain a doctor has seen: worse on coughing, at night, high in the back.
ORDINARY = ("pain_worse_on_straining", "night_pain_unrelieved", "upper_back_pain")


def test_a_past_cancer_with_ordinary_back_pain_worse_on_coughing_is_not_same_day() -> None:
    found = screen(answers("history_of_cancer", *ORDINARY), today=TODAY)
    assert found.verdict is Verdict.STOP_SEE_CLINICIAN  # within days, clearable
    assert "cancer_with_spinal_pain" not in {r.question_id for r in found.reasons}
    assert "Get medical help today" not in found.shown_message
    # At a follow-up too: the same answers, and a "no" to the time-framed question.
    later = judge(
        {"history_of_cancer": True},
        {"spinal_pain_new": False, **dict.fromkeys(ORDINARY, True)},
        today=TODAY,
    )
    assert later.verdict is not Verdict.STOP_SAME_DAY


@pytest.mark.parametrize("cancer", ["history_of_cancer", "active_cancer"])
def test_cancer_with_new_night_pain_is_same_day_with_the_cancer_teams_line(cancer: str) -> None:
    found = screen(answers(cancer, "night_pain_unrelieved", "spinal_pain_new"), today=TODAY)
    assert found.verdict is Verdict.STOP_SAME_DAY
    assert found.reasons[0].question_id == "cancer_with_spinal_pain"
    words = found.shown_message
    assert "stops you sleeping" in QUESTIONS_BY_ID["spinal_pain_new"].text
    assert "not yet seen by a doctor" in QUESTIONS_BY_ID["spinal_pain_new"].text
    # S4: the cancer team's 24-hour line today, and which signs mean the emergency number.
    assert "24-hour number, call it today" in words
    for sign in ("weakness", "numbness", "difficulty walking", "bladder or bowel control"):
        assert sign in words.split("24-hour number")[1], sign
    assert screen(answers("spinal_pain_new"), today=TODAY).verdict is Verdict.CLEAR


def test_an_old_screening_told_same_day_for_cancer_and_straining_stays_so_and_only_then() -> None:
    old = answers("history_of_cancer", "pain_worse_on_straining", base=BEFORE)
    told = reread(old, today=TODAY, told=Verdict.STOP_SAME_DAY.value)
    assert told.verdict is Verdict.STOP_SAME_DAY
    assert "cancer_with_spinal_pain" in {r.question_id for r in told.reasons}
    # Not kept yet, or kept with another verdict: the old answer alone makes nothing new.
    assert reread(old, today=TODAY).verdict is Verdict.STOP_SEE_CLINICIAN
    kept = reread(old, today=TODAY, told=Verdict.STOP_SEE_CLINICIAN.value)
    assert kept.verdict is Verdict.STOP_SEE_CLINICIAN
    # A new screening asks the new question: seen and the same is a truthful "no".
    assert screen(answers("history_of_cancer", "pain_worse_on_straining"), today=TODAY).verdict is (
        Verdict.STOP_SEE_CLINICIAN
    )


def test_a_follow_up_asks_the_time_framed_spinal_question_when_cancer_is_stored() -> None:
    asked = {q.id for q in signs_to_ask({"history_of_cancer": True})}
    assert {"spinal_pain_new", "back_pain_worsening"} <= asked
    assert not {"pain_worse_on_straining", "upper_back_pain"} & asked


@pytest.mark.parametrize("cancer", ["history_of_cancer", "active_cancer"])
def test_a_cancer_answer_alone_is_not_told_most_people_have_no_serious_cause(cancer: str) -> None:
    found = screen(answers(cancer), today=TODAY)
    assert found.verdict is Verdict.STOP_SEE_CLINICIAN
    for words in (found.message, found.shown_message):
        assert "turn out not to have a serious cause" not in words
        assert "cancer team" in words and "which kinds of massage are safe" in words
        assert "within days" in words
    # With another sign of that tier, the usual words stay.
    other = screen(answers(cancer, "unexplained_weight_loss"), today=TODAY)
    assert "turn out not to have a serious cause" in other.shown_message


def test_the_cancer_only_questions_are_under_a_heading_that_says_so() -> None:
    from backrub.web.routes.screening import sections

    (heading, asked) = next((t, qs) for t, qs in sections() if "cancer" in t)
    assert heading == "Only if you have cancer now or had it in the past (if not, answer no)"
    assert {q.id for q in asked} == set(NEW)
    # Each is a plain question with the time frame, not "new or getting worse" twice.
    for q in asked:
        assert q.text.count("getting worse") == 1, q.id


def test_a_follow_up_asks_about_a_cancer_found_since_the_last_answers() -> None:
    # Review CLIN-8 M5: a cancer found and removed within the 24 weeks is not "cancer
    # now", but it must reach the cancer combinations; a "yes" counts as cancer now.
    (asked,) = [q for q in signs_to_ask(dict(NO_TO_ALL)) if q.id == "active_cancer"]
    assert asked.shown_text.startswith("Since your last answers, have you been told you have")
    (first,) = [q for q in signs_to_ask({}) if q.id == "active_cancer"]
    assert first.text == QUESTIONS_BY_ID["active_cancer"].text  # nothing answered before
    said = judge(dict(NO_TO_ALL), {"active_cancer": True, "spinal_pain_new": True}, today=TODAY)
    assert said.verdict is Verdict.STOP_SAME_DAY
