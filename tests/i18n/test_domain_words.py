"""The sentences domain/ builds come out in the person's language (issue 12).

In Vietnamese: a progress verdict and caption, a plan's explanation, a refusal
of a plan that does not fit, the governor's "rest today", an input error and a
comparison, with numbers written with a decimal comma. In the pseudo-locale none
of them leaves English outside the translated text. English stays as it was
(the modules' own tests assert its words; two are repeated here side by side).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from backrub.domain.change import change
from backrub.domain.comparison import compare_days
from backrub.domain.governor import decide
from backrub.domain.inputs import parse_decimal, parse_int
from backrub.domain.instruments import get_instrument
from backrub.domain.plans import make_plan
from backrub.domain.progress import compare_with_trials, dose
from backrub.domain.records import CheckIn, Tool
from backrub.domain.review import not_improving
from backrub.domain.trend import trend
from backrub.errors import InvalidInput, Refused
from backrub.evidence import load_rules
from backrub.i18n import PSEUDO_SWITCH, use_language
from tests.i18n.english import english_in_text

RULES = load_rules()
TZ = "Asia/Ho_Chi_Minh"
DAY = date(2026, 12, 1)
TODAY = date(2026, 11, 20)


def _verdict() -> str:
    """A progress verdict and its caption: pain from 6.5 to 3 on the 0-10 scale."""
    judged = change(get_instrument("nrs"), baseline=6.5, latest=3, rules=RULES)
    return f"{judged.conclusion} | {judged.words}"


def _trials() -> str:
    judged = change(get_instrument("rmdq"), baseline=12.5, latest=8, rules=RULES)
    return compare_with_trials(judged).words


def _plan() -> str:
    plan = make_plan(
        "hernandez-reif-30-2x-5w",
        start=DAY,
        weekdays=frozenset({0, 3}),
        price_per_session=Decimal("80.50"),
        budget_per_session=None,
        budget_total=None,
        currency="VND",
        tools=frozenset(Tool),
        restrictions=frozenset(),
        today=TODAY,
        rules=RULES,
    )
    # The protocol's title and caveats are the protocols' own words (instruments/).
    said = [plan.notes[0], plan.notes[-1], plan.sessions[0].reason, plan.self_massage.reason]
    return " ".join([*said, plan.activity.reason, *(a.reason for a in plan.assessments)])


def _refusal() -> str:
    with pytest.raises(Refused) as caught:
        make_plan(
            "cherkin-10-weekly",
            start=DAY,
            weekdays=frozenset({1, 3}),
            price_per_session=Decimal("80"),
            budget_per_session=None,
            budget_total=Decimal("100"),
            currency="EUR",
            tools=frozenset(Tool),
            restrictions=frozenset(),
            today=TODAY,
            rules=RULES,
        )
    return caught.value.message


def _governor() -> str:
    now = datetime.combine(DAY, time(16), ZoneInfo(TZ)).astimezone(UTC)
    sore = CheckIn(now - timedelta(hours=2), TZ, pain=3, soreness=6)
    decision = decide(
        Tool.FOAM_ROLLER,
        now=now,
        tz=TZ,
        log=(),
        checkins=(sore,),
        restrictions=frozenset(),
        rules=RULES,
    )
    assert not decision.allowed
    return " ".join(decision.reasons)


def _input_error() -> str:
    errors = []
    for attempt in (
        lambda: parse_int("pain", "11", 0, 10),
        lambda: parse_decimal("price", "1,000", places=2, example="70.50"),
    ):
        with pytest.raises(InvalidInput) as caught:
            attempt()
        errors.append(caught.value.allowed)  # "field: value is not allowed; " is errors.py's
    return " | ".join(errors)


def _progress() -> str:
    start = DAY - timedelta(weeks=4)
    minutes = [(start + timedelta(days=n), 2.5) for n in range(0, 28, 2)]
    taken = dose(self_massage_min=minutes, overrides=2, start=start, today=DAY)
    pain = {start + timedelta(days=n): 6 - n / 10 for n in range(35)}
    massage = {start + timedelta(days=n) for n in range(0, 35, 2)}
    compared = compare_days(pain, massage)
    weekly = trend(pain.items(), label="pain", higher_is_worse=True)
    return " ".join([taken.words, compared.words, weekly.words])


def _review() -> str:
    start = DAY - timedelta(weeks=5)
    checkins = [
        CheckIn(datetime.combine(start + timedelta(days=n), time(9), UTC), TZ, pain=6)
        for n in range(30)
    ]
    note = not_improving(plan_start=start, checkins=checkins, today=DAY, rules=RULES)
    assert note is not None
    return note.words


SENTENCES: dict[str, Callable[[], str]] = {
    "verdict": _verdict,
    "trials": _trials,
    "plan": _plan,
    "refusal": _refusal,
    "governor": _governor,
    "input error": _input_error,
    "progress": _progress,
    "review": _review,
}


@pytest.mark.parametrize(
    ("name", "english", "vietnamese"),
    [
        ("verdict", "In short: meaningful improvement.", "Tóm lại: tốt lên rõ rệt."),
        ("verdict", "from 6.5 to 3", "từ 6,5 đến 3"),
        ("trials", "relaxation massage improved", "xoa bóp thư giãn"),
        ("trials", "(95% CI 1.8 to 4.0 points", "khoảng tin cậy 95% từ 1,8 đến 4,0 điểm"),
        ("plan", "Cost of a 30-min session is the hourly price pro rata", "tính theo tỷ lệ"),
        ("plan", "Session 1 of 10, 2 a week", "Buổi 1 trên 10, 2 buổi mỗi tuần"),
        ("refusal", "no studied protocol fits this budget", "không có phác đồ"),
        ("refusal", "at 40.00 (about 80.00 in all)", "giá 40,00 (tổng cộng khoảng 80,00)"),
        ("governor", "Rest today and try again tomorrow", "Hôm nay hãy nghỉ và thử lại"),
        ("input error", "use a whole number from 0 to 10", "hãy dùng một số nguyên từ 0 đến 10"),
        ("input error", "without a thousands separator", "không có dấu phân cách hàng nghìn"),
        ("progress", "You overrode the self-massage cap 2 times", "vượt giới hạn tự xoa bóp 2 lần"),
        ("progress", "your pain averaged", "mức đau trung bình của bạn"),
        ("progress", "Pain fell by about", "Mức đau giảm khoảng"),
        ("review", "Please see a doctor", "Xin hãy gặp bác sĩ"),
    ],
)
def test_domain_sentences_are_in_english_and_in_vietnamese(
    name: str, english: str, vietnamese: str
) -> None:
    said = SENTENCES[name]()
    assert english in said
    with use_language("vi"):
        in_vietnamese = SENTENCES[name]()
    assert vietnamese in in_vietnamese, in_vietnamese
    assert english not in in_vietnamese


def test_numbers_in_vietnamese_sentences_have_a_decimal_comma() -> None:
    assert "0.70 points a week" in _progress()  # the weekly fall of pain, in English
    with use_language("vi"):
        progress = _progress()
        refusal = _refusal()
        verdict = _verdict()
    assert "0,70 điểm mỗi tuần" in progress and "0.70" not in progress
    assert "4,3" in progress  # the mean pain of the days compared
    assert "40,00" in refusal and "40.00" not in refusal  # money, without its currency
    assert "3,5 điểm" in verdict


@pytest.mark.parametrize("name", sorted(SENTENCES))
def test_no_english_is_left_in_the_pseudo_locale(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PSEUDO_SWITCH, "1")
    with use_language("qps"):
        said = SENTENCES[name]()
    assert "⟦" in said
    assert english_in_text(said) == [], said
