"""Dates, times, numbers and money the way the current language writes them (Babel, CLDR).

Only words for people go through here: the JSON API, the CSV/FHIR/iCalendar
exports and the backup stay locale-neutral (ISO dates, dot decimals) so scripts
do not break.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_currency, format_decimal

from backrub.i18n import ENGLISH, PSEUDO, VIETNAMESE, current

# Babel's locale for each language; the pseudo-locale writes numbers as English does.
_LOCALES = {ENGLISH: "en_GB", VIETNAMESE: "vi_VN", PSEUDO: "en_GB"}
# The long date: "Tuesday, 1 December 2026" / "Thứ Ba, 01 tháng 12, 2026".
_LONG_DATE = {VIETNAMESE: "EEEE, dd MMMM, y"}


def babel_locale() -> str:
    return _LOCALES.get(current(), "en_GB")


def long_date(day: date) -> str:
    """Return the day with its weekday, written out."""
    return format_date(day, _LONG_DATE.get(current(), "full"), locale=babel_locale())


def short_date(day: date) -> str:
    """Return the day without the weekday ("1 Dec 2026", "1 thg 12, 2026")."""
    return format_date(day, "medium", locale=babel_locale())


def day_month(day: date) -> str:
    """Return the day and month only, for chart axes ("1 Dec", "1 thg 12")."""
    return format_date(day, "d MMM", locale=babel_locale())


def clock_time(moment: time | datetime) -> str:
    """Return the time of day ("14:05")."""
    return format_time(moment, "HH:mm", locale=babel_locale())


def date_and_time(moment: datetime) -> str:
    """Return a day and a time of day, in the moment's own zone."""
    return format_datetime(moment, "medium", tzinfo=moment.tzinfo, locale=babel_locale())


def number(value: float | int | Decimal, digits: int | None = None) -> str:
    """Return a number with the language's decimal sign ("3.5" / "3,5")."""
    if digits is None:
        return _decimal(value, "#,##0.###", babel_locale())
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return _decimal(value, pattern, babel_locale())


# Babel takes tens of microseconds a number; a page of a hundred clients writes the
# same few pain scores again and again.
@lru_cache(maxsize=4096)
def _decimal(value: float | int | Decimal, pattern: str, locale: str) -> str:
    return format_decimal(value, format=pattern, locale=locale)


def money(amount: float | int | Decimal, currency: str) -> str:
    """Return an amount in its currency: VND without decimals, EUR and USD with two."""
    return format_currency(amount, currency.upper(), locale=babel_locale())
