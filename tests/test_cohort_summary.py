"""One cell's figures with suppression applied the same way everywhere (issue 14)."""

from __future__ import annotations

import json

from backrub.domain.cohort_cells import Reason, Suppressed
from backrub.domain.cohort_counts import Attrition, CohortCounts, MissingRule, Share
from backrub.domain.cohort_summary import figures, therapist_figures
from backrub.domain.cohort_windows import TimePoint

BOTH = (MissingRule.COMPLETE_CASES, MissingRule.MISSING_NOT_IMPROVED)


def test_a_large_cell_shows_every_figure() -> None:
    # 104 -> 85 -> 76 as in elder-2017; 40 responders of 85 at 12 weeks; 30 of the 40
    # answered at 24 weeks and 22 of those were still responders.
    shown = figures("clinic", CohortCounts(104, 85, 40, 76, 35, 30, 22))
    assert isinstance(shown.attrition, Attrition) and shown.attrition.answered_24 == 76
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
    assert isinstance(shown.attrition, Attrition)


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
