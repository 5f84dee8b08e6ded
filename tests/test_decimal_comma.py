"""Amounts take a decimal comma ("70,50") as well as a point; ambiguous numbers are refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backrub.domain.inputs import parse_decimal, parse_name, with_decimal_point
from backrub.errors import InvalidInput
from backrub.services.planning import parse_money
from backrub.services.sessions import parse_cost
from backrub.store import Store


@pytest.mark.parametrize(
    ("typed", "cents"),
    [("70", 7000), ("70.50", 7050), ("70,50", 7050), ("70,5", 7050), (" 0,99 ", 99), ("", None)],
)
def test_a_cost_takes_a_point_or_a_comma(typed: str, cents: int | None) -> None:
    assert parse_cost(typed) == cents


@pytest.mark.parametrize("typed", ["1,000.50", "1.000,50", "1,2,3", "70,505", ",", "-70,50", "7O"])
def test_ambiguous_or_malformed_amounts_are_refused_naming_the_field(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_money("price", typed)
    assert refused.value.field == "price"
    assert "70.50 or 70,50" in refused.value.allowed
    with pytest.raises(InvalidInput) as again:
        parse_cost(typed)
    assert again.value.field == "cost"


def test_a_plan_price_with_a_comma_is_kept_as_the_same_amount() -> None:
    assert parse_money("price", "70,50") == parse_money("price", "70.50") == "70.50"


def test_hours_with_a_comma_read_as_a_decimal() -> None:
    assert parse_decimal("hours", "1,5", places=2, example="1.5") == Decimal("1.5")


@pytest.mark.parametrize(
    ("typed", "name"),
    [("Alex Smith", "Alex Smith"), ("  Alex   Smith ", "Alex Smith"), ("O'Brien", "O'Brien")],
)
def test_profile_names_take_spaces_between_words(typed: str, name: str) -> None:
    assert parse_name("name", typed) == name


@pytest.mark.parametrize("typed", ["", " ", "a/b", "tab\there", "x" * 41, "line\nbreak"])
def test_profile_names_refuse_what_is_not_a_name(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_name("name", typed)


@pytest.mark.parametrize(
    ("typed", "read"),
    [("12,5", "12.5"), ("12.5", "12.5"), ("12", "12"), ("1,2,3", None), ("1.000,5", None)],
)
def test_a_single_answer_takes_a_decimal_comma_where_commas_separate_answers(
    typed: str, read: str | None
) -> None:
    assert with_decimal_point(typed) == read


@pytest.mark.parametrize("typed", ["1,000", "1.000", "12,500"])
def test_a_thousands_separator_is_named_as_such_not_as_too_many_decimals(typed: str) -> None:
    # A person who typed one thousand must not be told about decimals.
    with pytest.raises(InvalidInput) as refused:
        parse_money("budget_total", typed)
    digits = typed.replace(",", "").replace(".", "")
    assert f"write {digits} without a thousands separator" in refused.value.allowed
    assert "70.50 or 70,50" in refused.value.allowed
    with pytest.raises(InvalidInput) as again:
        parse_cost(typed)
    assert "thousands separator" in again.value.allowed


def test_a_name_typed_decomposed_is_stored_composed() -> None:
    # Some keyboards send "Zoe" + a combining diaeresis; it looks like "Zoë" and is stored so.
    assert parse_name("name", "Zoe\u0308") == "Zo\u00eb"
    assert parse_name("name", " Zoe\u0308  Smith ") == "Zo\u00eb Smith"


def test_a_cost_in_dong_is_whole_and_may_be_large() -> None:
    """VND has no decimals: 300000 is a usual session price, "300.000" is refused (it is
    three hundred thousand written with a grouping dot, never 300)."""
    from backrub.i18n import use_language
    from backrub.services.sessions import default_currency

    assert parse_cost("300000", "VND") == 30_000_000
    for typed in ("300.000", "300,5", "25000000"):
        with pytest.raises(InvalidInput, match="cost"):
            parse_cost(typed, "VND")
    assert default_currency() == "EUR"
    with use_language("vi"):
        assert default_currency() == "VND"


def test_a_session_paid_in_dong_keeps_its_cost_when_another_field_is_corrected(
    store: Store,
) -> None:
    from backrub import services
    from backrub.i18n import use_language
    from tests.conftest import NOW

    lan = services.add_profile(store, "Lan", tz="Asia/Ho_Chi_Minh", now=NOW)
    with use_language("vi"):  # a cost typed without a currency, in Vietnamese: dong
        session = services.log_pro_session(
            store, lan, now=NOW, technique="relaxation", duration_min="60", cost="350000"
        )
    assert (session.cost_cents, session.currency) == (35_000_000, "VND")
    edited = services.edit_pro_session(store, lan, session.id, now=NOW, minutes="45")
    assert (edited.duration_min, edited.cost_cents, edited.currency) == (45, 35_000_000, "VND")
