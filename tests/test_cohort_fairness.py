"""Fair comparisons between therapists: suppression, no ranking, shrinkage (issue 14)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backrub.domain.cohort_cells import (
    MIN_CELL_CLIENTS,
    Count,
    Reason,
    Shown,
    Suppressed,
    cell,
    display_order,
    protect,
)
from backrub.domain.cohort_published import ELDER_2017, caveats
from backrub.domain.cohort_shrinkage import (
    SHRINKAGE_METHOD,
    Tally,
    between_variance,
    pooled_share,
    shrink,
)
from backrub.evidence import load_catalogue, load_rules
from backrub.i18n import use_language


def test_a_cell_with_fewer_than_10_clients_says_why_and_never_the_number() -> None:
    small = cell("t1", n=9, responders=9)
    assert isinstance(small, Suppressed)
    assert small.reason is Reason.TOO_FEW
    assert small.words == "Not shown: fewer than 10 clients."
    assert set(small.to_json()) == {"key", "suppressed", "reason"}
    assert not hasattr(small, "n") and not hasattr(small, "responders")
    shown = cell("t1", n=10, responders=3)
    assert isinstance(shown, Shown) and (shown.n, shown.responders) == (10, 3)


def test_the_threshold_is_the_number_in_the_rules_table() -> None:
    assert load_rules()["cohort_min_cell_clients"].value == MIN_CELL_CLIENTS == 10


def test_one_small_cell_beside_the_clinic_total_takes_the_next_smallest_with_it() -> None:
    counts = [Count("a", 40, 20), Count("b", 6, 3), Count("c", 25, 10), Count("d", 12, 2)]
    cells = protect(counts, total_shown=True)
    assert cells["b"].is_suppressed and isinstance(cells["b"], Suppressed)
    assert cells["b"].reason is Reason.TOO_FEW
    # With the clinic's total, b = total - a - c - d; so d (the next smallest) goes too.
    assert isinstance(cells["d"], Suppressed) and cells["d"].reason is Reason.WOULD_REVEAL
    assert not cells["a"].is_suppressed and not cells["c"].is_suppressed
    # Without a total on the page, nothing can be subtracted.
    assert not protect(counts, total_shown=False)["d"].is_suppressed


def test_two_small_cells_need_no_complement() -> None:
    counts = [Count("a", 40, 20), Count("b", 6, 3), Count("c", 5, 1)]
    cells = protect(counts, total_shown=True)
    assert [k for k, c in cells.items() if c.is_suppressed] == ["b", "c"]


NAMES = ["Ngọc Anh", "bảo", "An", "Bình", "an", "Đào", "Dung"]


@given(st.permutations(range(7)), st.permutations([0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9]))
def test_therapists_come_in_the_order_of_their_names_whatever_their_shares(
    order: list[int], shares: list[float]
) -> None:
    rows = [(NAMES[i], f"id{i}", shares[i]) for i in order]
    shown = display_order(rows, name=lambda r: r[0], key=lambda r: r[1])
    # An, an, bảo, Bình, Dung, Đào (đ comes after d), Ngọc Anh: by letters, not code points.
    assert [r[1] for r in shown] == ["id2", "id4", "id1", "id3", "id6", "id5", "id0"]


def test_equal_shares_are_not_changed_by_shrinkage() -> None:
    tallies = [Tally("a", "A", 10, 4), Tally("b", "B", 50, 20), Tally("c", "C", 200, 80)]
    result = shrink(tallies, pooled_share(tallies))
    assert result.between_variance == 0.0
    assert [e.shrunk for e in result.estimates] == pytest.approx([0.4, 0.4, 0.4])


def test_the_between_therapist_variance_matches_the_hand_sum() -> None:
    # Two therapists, 2 of 10 and 8 of 10, clinic share 0.5:
    # s^2 = 0.25 / 10 = 0.025, w = 40 each; sum z^2 = 40 * 0.09 * 2 = 7.2;
    # tau2 = (7.2 - 1) / (80 - 3200 / 80) = 6.2 / 40 = 0.155;
    # m = 0.25 / 0.155 - 1 = 0.612903; weight = 10 / 10.612903 = 0.942249;
    # shrunk = 0.942249 * 0.2 + 0.057751 * 0.5 = 0.217325 (and 0.782675 for the other).
    tallies = [Tally("a", "A", 10, 2), Tally("b", "B", 10, 8)]
    assert between_variance(tallies, 0.5) == pytest.approx(0.155)
    result = shrink(tallies, 0.5)
    assert result.prior_strength == pytest.approx(0.25 / 0.155 - 1)
    assert [round(e.shrunk, 6) for e in result.estimates] == [0.217325, 0.782675]


def test_a_therapist_with_few_clients_is_pulled_further_than_one_with_many() -> None:
    tallies = [
        Tally("few", "Few", 12, 10),  # 83%
        Tally("many", "Many", 120, 100),  # 83%
        Tally("x", "X", 100, 30),
        Tally("y", "Y", 80, 40),
    ]
    target = pooled_share(tallies)
    by_key = {e.key: e for e in shrink(tallies, target).estimates}
    assert by_key["few"].raw == by_key["many"].raw
    pull_few = by_key["few"].raw - by_key["few"].shrunk
    pull_many = by_key["many"].raw - by_key["many"].shrunk
    assert pull_few > pull_many > 0


TALLIES = st.lists(
    st.integers(1, 300).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))),
    min_size=2,
    max_size=12,
)


@given(TALLIES)
def test_every_shrunk_share_lies_between_the_raw_share_and_the_clinics(
    rows: list[tuple[int, int]],
) -> None:
    tallies = [Tally(f"t{i}", f"T{i}", n, r) for i, (n, r) in enumerate(rows)]
    target = pooled_share(tallies)
    for e in shrink(tallies, target).estimates:
        low, high = sorted((e.raw, target))
        assert low - 1e-12 <= e.shrunk <= high + 1e-12
        assert 0.0 <= e.weight <= 1.0


def test_the_report_can_name_the_method() -> None:
    assert "empirical Bayes" in SHRINKAGE_METHOD and "DerSimonian" in SHRINKAGE_METHOD


def test_the_studys_figures_are_the_catalogues() -> None:
    entry = load_catalogue().get("elder-2017")
    assert entry.n == ELDER_2017.enrolled == 104
    assert "104 enrolled; 85 completed 12-week and 76 completed 24-week data collection" in (
        entry.key_results
    )
    assert (ELDER_2017.answered_12, ELDER_2017.answered_24) == (85, 76)
    assert any(
        r.startswith("75% of those with clinically improved disability (ODI) at 12 weeks")
        for r in entry.key_results
    )
    assert ELDER_2017.persistence_pct == 75 and ELDER_2017.persistence_instrument == "odi"
    pcs, mcs = ELDER_2017.shares
    assert (pcs.at_12_pct, pcs.at_24_pct, mcs.at_12_pct, mcs.at_24_pct) == (55.4, 46.1, 43.4, 30.3)
    assert entry.doi is not None and entry.doi.value == ELDER_2017.doi


def test_the_caveat_says_a_cohort_is_no_trial_and_back_pain_eases_on_its_own() -> None:
    words = " ".join(caveats())
    assert "not a trial" in words and "comparison group" in words
    assert "eases over time on its own" in words


def test_the_caveats_say_how_the_study_differs_and_what_the_75_percent_leaves_out() -> None:
    words = " ".join(caveats())
    assert '"Only those who answered"' in words  # the study's shares are among completers
    assert "not like for like" in words  # its own definitions of improvement
    assert "3 months or more" in words  # chronic back pain only
    assert "the 75% who stayed improved is only part of the picture" in words
    with use_language("vi"):
        assert "con số 75% vẫn duy trì" in " ".join(caveats())


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(range(10), 2)))
def test_suppression_never_depends_on_the_share(a: int, b: int) -> None:
    assert cell("t", n=9, responders=a).is_suppressed == cell("t", n=9, responders=b).is_suppressed


def test_the_reason_and_the_caveats_read_in_vietnamese() -> None:
    with use_language("vi"):
        hidden = cell("t", n=3, responders=1)
        assert isinstance(hidden, Suppressed)
        assert hidden.words == "Không hiển thị: ít hơn 10 khách hàng."
        assert caveats()[0].startswith("Nhóm khách hàng của một phòng khám không phải")
