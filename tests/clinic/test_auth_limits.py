"""The wrong-try limits themselves (pure): 5 in 15 minutes, 100 a day, 30 per address."""

from __future__ import annotations

from datetime import timedelta

from backrub.domain import sign_in_limits as limits
from tests.web.conftest import NOW


def test_four_wrong_tries_wait_for_nothing_the_fifth_for_the_window():
    tries = [NOW - timedelta(minutes=m) for m in (14, 10, 5, 1)]
    assert limits.wait_until(tries, limits.ACCOUNT_LIMITS, NOW) is None
    fifth = [*tries, NOW]
    assert limits.wait_until(fifth, limits.ACCOUNT_LIMITS, NOW) == NOW + timedelta(minutes=1)


def test_a_slow_guesser_stops_at_a_hundred_a_day():
    # 4 tries every 15 minutes never trips the short window, but 100 in a day does.
    tries = [NOW - timedelta(minutes=15 * n + k) for n in range(25) for k in (1, 2, 3, 4)]
    assert len(tries) == 100
    until = limits.wait_until(tries, limits.ACCOUNT_LIMITS, NOW)
    assert until == min(tries) + timedelta(hours=24)
    assert limits.minutes_to_wait(until, NOW) == 18 * 60 - 4  # the oldest is 6 h 4 min old


def test_an_address_gets_thirty():
    tries = [NOW - timedelta(seconds=n) for n in range(29)]
    assert limits.wait_until(tries, limits.ADDRESS_LIMITS, NOW) is None
    assert limits.wait_until([*tries, NOW], limits.ADDRESS_LIMITS, NOW) is not None


def test_minutes_round_up_and_keys_ignore_capitals():
    assert limits.minutes_to_wait(NOW + timedelta(seconds=61), NOW) == 2
    assert limits.minutes_to_wait(NOW + timedelta(seconds=5), NOW) == 1
    assert limits.account_key(" Anna@X.example ") == limits.account_key("anna@x.example")
