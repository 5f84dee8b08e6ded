"""A clearance names the clinician, the date and exactly what it lifts; nothing else."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from backrub import services
from backrub.domain.clearance import Clearance, check_lifts, run_start, standing
from backrub.domain.records import Profile
from backrub.domain.restrictions import Restriction
from backrub.domain.screening import NO_TO_ALL, QUESTIONS, Screening, Verdict, screen, verdict_of
from backrub.errors import InvalidInput, Refused
from backrub.store import Store

DAY = date(2026, 3, 2)
NO = dict(NO_TO_ALL)


def screened(on: date, *yes: str) -> Screening:
    return screen({**NO, **dict.fromkeys(yes, True)}, today=on)


# --- domain ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("finding", "verdict"),
    [
        ("saddle_numbness", Verdict.STOP_EMERGENCY),
        ("clot_with_breathlessness", Verdict.STOP_EMERGENCY),
        ("fever_or_chills", Verdict.STOP_SAME_DAY),
        ("leg_clot_signs", Verdict.STOP_SAME_DAY),
        ("history_of_cancer", Verdict.STOP_SEE_CLINICIAN),
        ("new_pain_under_20_or_over_50", Verdict.STOP_SEE_CLINICIAN),
        ("past_blood_clot", Verdict.RESTRICTED),
        ("pregnancy", Verdict.RESTRICTED),
        ("dvt_or_clot_history", Verdict.RESTRICTED),  # retired: keeps its old tier
        ("age_band", Verdict.NOT_FOR_UNDER_18),
        ("leg_pain_below_knee", Verdict.CLEAR),
    ],
)
def test_verdict_of_follows_the_tiers(finding: str, verdict: Verdict) -> None:
    assert verdict_of(finding) is verdict


def test_verdict_of_an_unknown_id_is_refused() -> None:
    with pytest.raises(InvalidInput):
        verdict_of("no_such_thing")


def test_a_cleared_past_clot_allows_self_massage_again_and_lifts_nothing_else() -> None:
    history = [screened(DAY, "past_blood_clot", "osteoporosis")]
    before = standing(history, [])
    assert Restriction.NO_SELF_MASSAGE in before.restrictions
    after = standing(history, [Clearance(DAY, "Dr Lee", lifts=("past_blood_clot",))])
    assert Restriction.NO_SELF_MASSAGE not in after.restrictions
    # Thin bones still take the gun and deep pressure away: the clearance did not name them.
    assert {Restriction.NO_MASSAGE_GUN, Restriction.NO_DEEP_PRESSURE} <= after.restrictions
    (lift,) = after.lifted
    assert (lift.flag.id, lift.cleared_by, lift.cleared_on) == (
        "past_blood_clot",
        "Dr Lee",
        DAY,
    )


def test_a_cleared_answer_stays_cleared_while_later_screenings_still_say_yes() -> None:
    history = [
        screened(DAY, "past_blood_clot"),
        screened(DAY + timedelta(weeks=6), "past_blood_clot"),
    ]
    cleared = [Clearance(DAY + timedelta(days=3), "Dr Lee", lifts=("past_blood_clot",))]
    assert Restriction.NO_SELF_MASSAGE not in standing(history, cleared).restrictions


def test_a_no_then_a_new_yes_is_a_new_finding_that_needs_a_new_clearance() -> None:
    history = [
        screened(DAY, "history_of_cancer"),
        screened(DAY + timedelta(weeks=5)),
        screened(DAY + timedelta(weeks=10), "history_of_cancer"),
    ]
    assert run_start("history_of_cancer", history) == DAY + timedelta(weeks=10)
    cleared = [Clearance(DAY + timedelta(days=1), "Dr Lee", lifts=("history_of_cancer",))]
    assert standing(history, cleared).is_stopped


def test_one_stop_cleared_leaves_the_other_stop_standing() -> None:
    history = [screened(DAY, "upper_back_pain", "unexplained_weight_loss")]
    after = standing(history, [Clearance(DAY, "Dr Lee", lifts=("upper_back_pain",))])
    assert after.is_stopped
    assert [f.id for f in after.remaining] == ["unexplained_weight_loss"]


def test_an_emergency_answer_is_never_lifted_even_by_an_old_clearance() -> None:
    history = [screened(DAY, "bladder_bowel_change")]
    old = Clearance(DAY, "Dr Old")
    scoped = Clearance(DAY, "Dr Lee", lifts=("bladder_bowel_change",))
    assert standing(history, [old, scoped]).is_stopped
    with pytest.raises(InvalidInput) as refused:
        check_lifts("bladder_bowel_change", DAY, history, standing(history, []))
    assert "answer the screening questions again" in str(refused.value)


def test_a_same_day_answer_is_never_lifted_it_needs_a_new_screening() -> None:
    # A fever with back pain, or a leg that may have a clot now: seen today, then screened again.
    for finding in ("fever_or_chills", "leg_clot_signs"):
        history = [screened(DAY, finding)]
        old = Clearance(DAY, "Dr Old")
        scoped = Clearance(DAY, "Dr Lee", lifts=(finding,))
        after = standing(history, [old, scoped])
        assert after.is_stopped
        assert after.needs_new_screening
        assert after.clearable == ()
        with pytest.raises(InvalidInput) as refused:
            check_lifts(finding, DAY, history, standing(history, []))
        assert "needs a clinician today cannot be cleared here" in str(refused.value)


def test_under_18_is_never_lifted() -> None:
    history = [screen({**NO, "age_band": "under_18"}, today=DAY)]
    assert standing(history, [Clearance(DAY, "Dr Old")]).is_stopped
    with pytest.raises(InvalidInput) as refused:
        check_lifts("age_band", DAY, history, standing(history, []))
    assert "for adults" in str(refused.value)


def test_a_combination_stop_is_cleared_and_stays_cleared_at_the_next_screening() -> None:
    # A small fall with thin bones is a stop (soon) made of two answers, and a restriction.
    yes = ("minor_fall_or_lift", "osteoporosis")
    history = [screened(DAY, *yes), screened(DAY + timedelta(weeks=4), *yes)]
    combo = "small_fall_with_thin_bones_or_steroids"
    assert run_start(combo, history) == DAY
    before = standing(history, [])
    assert before.is_stopped
    assert combo in {f.id for f in before.clearable}
    after = standing(history, [Clearance(DAY + timedelta(days=2), "Dr Lee", lifts=(combo,))])
    assert not after.is_stopped
    # Thin bones still restrict: the clearance named only the fall.
    assert Restriction.NO_DEEP_PRESSURE in after.restrictions


def test_an_old_clearance_lifts_the_stops_it_was_recorded_against_and_no_restriction() -> None:
    history = [screened(DAY, "upper_back_pain", "past_blood_clot")]
    after = standing(history, [Clearance(DAY, "Dr Old")])
    assert not after.is_stopped
    assert [(lift.flag.id, lift.scoped) for lift in after.lifted] == [("upper_back_pain", False)]
    assert Restriction.NO_SELF_MASSAGE in after.restrictions


def test_an_old_clearance_says_nothing_about_a_stop_reported_after_it() -> None:
    history = [screened(DAY), screened(DAY + timedelta(days=7), "upper_back_pain")]
    assert standing(history, [Clearance(DAY + timedelta(days=1), "Dr Old")]).is_stopped


def test_a_clearance_dated_before_the_answer_was_reported_is_refused() -> None:
    history = [screened(DAY, "upper_back_pain")]
    with pytest.raises(InvalidInput) as refused:
        check_lifts("upper_back_pain", DAY - timedelta(days=1), history, standing(history, []))
    assert refused.value.field == "cleared_on"
    assert "2026-03-02" in str(refused.value)


@pytest.mark.parametrize("lifts", ["", "pregnancy", "no_such_thing", None])
def test_a_clearance_must_name_an_answer_it_can_lift(lifts: object) -> None:
    history = [screened(DAY, "upper_back_pain")]
    with pytest.raises(InvalidInput) as refused:
        check_lifts(lifts, DAY, history, standing(history, []))
    assert refused.value.field == "lifts"
    assert "upper_back_pain" in str(refused.value)  # what can be cleared is listed


# --- services (SQLite and PostgreSQL) -------------------------------------------------


def _profile(store: Store, *yes: str) -> Profile:
    profile = services.add_profile(store, "ana", tz="UTC", now=datetime(2026, 1, 1, tzinfo=UTC))
    given: dict[str, object] = {q.id: True if q.id in yes else NO[q.id] for q in QUESTIONS}
    services.record_screening(store, profile, given, today=DAY)
    return profile


def test_a_scoped_clearance_is_stored_and_lets_self_massage_start(store: Store) -> None:
    profile = _profile(store, "past_blood_clot")
    with pytest.raises(Refused):
        services.plan_session(store, profile, "hands", now=datetime(2026, 3, 3, 18, tzinfo=UTC))
    saved = services.add_clearance(
        store,
        profile,
        cleared_on="2026-03-03",
        cleared_by="Dr Lee",
        lifts="past_blood_clot",
        today=date(2026, 3, 3),
    )
    assert saved.lifts == ("past_blood_clot",)
    assert store.clearances(profile.id or 0)[0].lifts == ("past_blood_clot",)
    planned = services.plan_session(
        store, profile, "hands", now=datetime(2026, 3, 3, 18, tzinfo=UTC)
    )
    assert planned.decision.allowed
    assert any("Cleared by Dr Lee on 2026-03-03" in r for r in planned.decision.reasons)
    state = services.safety_state(store, profile)
    assert [(x.flag.id, x.cleared_by) for x in state.standing.lifted] == [
        ("past_blood_clot", "Dr Lee")
    ]


def test_a_refused_clearance_writes_nothing(store: Store) -> None:
    profile = _profile(store, "saddle_numbness")
    with pytest.raises(InvalidInput):
        services.add_clearance(
            store,
            profile,
            cleared_on="2026-03-02",
            cleared_by="Dr Lee",
            lifts="saddle_numbness",
            today=DAY,
        )
    assert store.clearances(profile.id or 0) == []


def test_the_report_shows_what_was_cleared_and_by_whom(store: Store) -> None:
    from bs4 import BeautifulSoup

    from backrub.reports.report import render_html

    profile = _profile(store, "upper_back_pain", "unexplained_weight_loss")
    services.add_clearance(
        store,
        profile,
        cleared_on="2026-03-02",
        cleared_by="Dr Lee",
        lifts=["upper_back_pain"],
        today=DAY,
    )
    data = services.report_data(store, profile, now=datetime(2026, 3, 2, 18, tzinfo=UTC))
    page = BeautifulSoup(render_html(data, ["summary"]), "html.parser")
    banner = page.find(id="stop-banner")
    assert banner is not None
    words = " ".join(banner.get_text().split())
    assert "by Dr Lee on 2026-03-02" in words
    assert "The other warning signs are not cleared yet" in words
