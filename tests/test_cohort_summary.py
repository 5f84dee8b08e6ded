"""One cell's figures with suppression applied the same way everywhere (issue 14)."""

from __future__ import annotations

import json

from backrub.domain.cohort_cells import Reason, Suppressed, hidden
from backrub.domain.cohort_counts import CohortCounts, MissingRule, Share
from backrub.domain.cohort_report import TherapistCounts, assemble
from backrub.domain.cohort_summary import Flow, figures, rest_of_clinic, therapist_figures
from backrub.domain.cohort_windows import TimePoint, responder_rule
from backrub.evidence import load_rules

BOTH = (MissingRule.COMPLETE_CASES, MissingRule.MISSING_NOT_IMPROVED)


def test_a_large_cell_shows_every_figure() -> None:
    # 104 -> 85 -> 76 as in elder-2017; 40 responders of 85 at 12 weeks; 30 of the 40
    # answered at 24 weeks and 22 of those were still responders.
    shown = figures("clinic", CohortCounts(104, 85, 40, 76, 35, 30, 22))
    assert isinstance(shown.attrition, Flow) and shown.attrition.answered_24 == 76
    cc = shown.shares[TimePoint.WEEK_12, MissingRule.COMPLETE_CASES]
    cautious = shown.shares[TimePoint.WEEK_12, MissingRule.MISSING_NOT_IMPROVED]
    assert isinstance(cc, Share) and (cc.responders, cc.denominator) == (40, 85)
    assert isinstance(cautious, Share) and (cautious.responders, cautious.denominator) == (40, 104)
    lasting = shown.persistence[MissingRule.COMPLETE_CASES]
    assert isinstance(lasting, Share) and (lasting.responders, lasting.denominator) == (22, 30)


def test_few_answers_at_24_weeks_hide_both_rules_then_but_not_12_weeks() -> None:
    # 30 enrolled, 20 answered at 12 weeks, only 8 at 24: the 24-week figures rest on 8
    # clients, so neither rule is shown (the cautious rule's 3 of 30 would give away
    # the 3 of 8); persistence rests on 5 (12-week responders who answered at 24): hidden.
    shown = figures("t1", CohortCounts(30, 20, 9, 8, 3, 5, 2))
    for rule in BOTH:
        at_24 = shown.shares[TimePoint.WEEK_24, rule]
        assert isinstance(at_24, Suppressed) and at_24.reason is Reason.TOO_FEW
        assert isinstance(shown.shares[TimePoint.WEEK_12, rule], Share)
        assert isinstance(shown.persistence[rule], Suppressed)
    # The flow shows who started and who answered at 12 weeks, but not the 8 at 24.
    assert isinstance(shown.attrition, Flow)
    assert (shown.attrition.enrolled, shown.attrition.answered_12) == (30, 20)
    assert isinstance(shown.attrition.answered_24, Suppressed)
    assert '"answered_24": {"key": "t1", "suppressed": true' in json.dumps(shown.to_json())


def test_the_json_of_a_hidden_figure_holds_no_count() -> None:
    shown = figures("t1", CohortCounts(9, 9, 9, 9, 9, 9, 9))
    text = json.dumps(shown.to_json())
    assert '"suppressed": true' in text
    assert "9" not in text  # no count, no share, no interval


def test_one_small_therapist_beside_the_total_hides_the_next_smallest_figure_too() -> None:
    counts = {
        "a": CohortCounts(60, 50, 20, 45, 18, 15, 10),
        "b": CohortCounts(30, 25, 10, 7, 4, 6, 4),  # 7 answered at 24 weeks
        "c": CohortCounts(40, 30, 12, 20, 9, 10, 8),
    }
    table = therapist_figures(counts, total_shown=True)
    b_24 = table["b"].shares[TimePoint.WEEK_24, MissingRule.COMPLETE_CASES]
    c_24 = table["c"].shares[TimePoint.WEEK_24, MissingRule.COMPLETE_CASES]
    a_24 = table["a"].shares[TimePoint.WEEK_24, MissingRule.COMPLETE_CASES]
    assert isinstance(b_24, Suppressed) and b_24.reason is Reason.TOO_FEW
    assert isinstance(c_24, Suppressed) and c_24.reason is Reason.WOULD_REVEAL  # 20 < 45
    assert isinstance(a_24, Share)
    # At 12 weeks everyone has at least 25 answers: all shown.
    assert all(
        isinstance(table[k].shares[TimePoint.WEEK_12, MissingRule.COMPLETE_CASES], Share)
        for k in counts
    )
    # Persistence: b rests on 6 (hidden), c on 10 (hidden with it), a on 15 (shown).
    assert isinstance(table["c"].persistence[MissingRule.COMPLETE_CASES], Suppressed)
    assert isinstance(table["a"].persistence[MissingRule.COMPLETE_CASES], Share)
    # With no total on the page there is nothing to subtract from.
    alone = therapist_figures(counts, total_shown=False)
    assert isinstance(alone["c"].shares[TimePoint.WEEK_24, MissingRule.COMPLETE_CASES], Share)


def test_two_small_cells_are_protected_until_the_hidden_ones_add_up_to_10() -> None:
    # 3 and 4 hidden: beside the total their sum (7) could be recovered, so the next
    # smallest (20, then by key) is hidden too; 25 and 30 stay.
    sizes = {"a": 3, "b": 4, "c": 20, "d": 25, "e": 30}
    assert hidden(sizes, total_shown=True) == {
        "a": Reason.TOO_FEW,
        "b": Reason.TOO_FEW,
        "c": Reason.WOULD_REVEAL,
    }
    # 4 and 6 hidden already add up to 10: nothing more to hide.
    assert set(hidden({"a": 4, "b": 6, "c": 20}, total_shown=True)) == {"a", "b"}


def test_a_few_clients_with_no_therapist_are_a_cell_too() -> None:
    # Clinic 48 = 20 + 25 + 3 with no therapist: the 3 would be clinic minus the table.
    assert hidden({"c": 20, "d": 25}, total_shown=True, residual=3) == {"c": Reason.WOULD_REVEAL}
    assert hidden({"c": 20, "d": 25}, total_shown=True, residual=12) == {}
    assert hidden({"c": 20, "d": 25}, total_shown=True, residual=0) == {}


def test_a_therapist_sees_the_rest_of_the_clinic_only_when_it_is_10_of_two_others() -> None:
    big = CohortCounts(30, 25, 12, 20, 9, 10, 6)
    clinic = CohortCounts(60, 50, 24, 40, 18, 20, 12)
    # One other therapist: clinic minus own is exactly that colleague's figures.
    one_other = rest_of_clinic(clinic, "me", {"me": big, "them": big})
    assert one_other and set(one_other.values()) == {Reason.REST_OF_CLINIC}
    # Two others with 15 each: the rest is 30 clients of two therapists - shown.
    half = CohortCounts(15, 12, 6, 10, 4, 5, 3)
    two = {"me": big, "x": half, "y": half}
    assert rest_of_clinic(clinic, "me", two) == {}
    # Two others but only 8 answered at 24 weeks beyond one's own: that figure goes.
    thin = CohortCounts(15, 12, 6, 4, 2, 3, 1)
    hidden_24 = rest_of_clinic(
        clinic, "me", {"me": CohortCounts(34, 25, 12, 32, 16, 10, 8), "x": thin, "y": thin}
    )
    assert TimePoint.WEEK_24 in hidden_24 and "attrition" not in hidden_24


def test_a_therapists_page_hides_the_clinic_and_the_funnel_beside_one_colleague() -> None:
    rule = responder_rule("nrs", load_rules())
    mine = CohortCounts(30, 25, 12, 20, 9, 10, 6)
    theirs = CohortCounts(12, 11, 5, 10, 4, 5, 3)
    clinic = CohortCounts(42, 36, 17, 30, 13, 15, 9)
    therapists = [
        TherapistCounts("me", "Me", {"nrs": mine}),
        TherapistCounts("t", "T", {"nrs": theirs}),
    ]
    page = assemble({"nrs": clinic}, therapists, [rule], mine="me").instruments[0]
    assert isinstance(page.clinic.attrition, Suppressed)
    assert page.clinic.attrition.reason is Reason.REST_OF_CLINIC
    assert all(isinstance(v, Suppressed) for v in page.clinic.shares.values())
    assert page.funnel is None  # its line would be the clinic's share
    assert [t.key for t in page.therapists] == ["me"]
    admin = assemble({"nrs": clinic}, therapists, [rule]).instruments[0]
    assert isinstance(admin.clinic.attrition, Flow)  # the administrator sees the clinic


def test_clients_who_started_too_low_are_counted_apart_and_hidden_below_10() -> None:
    rule = responder_rule("rmdq", load_rules())
    counts = {"rmdq": CohortCounts(40, 30, 12, 25, 9, 10, 6)}
    shown = assemble(counts, [], [rule], too_low={"rmdq": 12}).instruments[0]
    assert shown.too_low == 12
    few = assemble(counts, [], [rule], too_low={"rmdq": 3}).instruments[0]
    assert isinstance(few.too_low, Suppressed)  # never "3"
    assert assemble(counts, [], [rule]).instruments[0].too_low is None
