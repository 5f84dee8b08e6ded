"""Dates and numbers in the terminal, the way the person's language writes them.

English keeps the terminal's compact ISO style (``2026-03-01 08:30``, ``3.5``),
which scripts and habits rely on; other languages use their own formats
(``backrub.i18n.formats``: ``1 thg 3, 2026 08:30``, ``3,5``). ``--json`` never
comes through here.
"""

from __future__ import annotations

from datetime import date, datetime, time

from backrub import i18n
from backrub.i18n import formats


def _english() -> bool:
    return i18n.current() == i18n.ENGLISH


def day(value: date) -> str:
    """Return a date: ``2026-03-01`` in English, else the language's short date."""
    return value.isoformat() if _english() else formats.short_date(value)


def weekday_day(value: date) -> str:
    """Return a date with its weekday: ``Sun 2026-03-01`` in English."""
    return f"{value:%a %Y-%m-%d}" if _english() else formats.long_date(value)


def long_day(value: date) -> str:
    """Return a date written out: ``Sunday 01 March 2026`` in English."""
    return f"{value:%A %d %B %Y}" if _english() else formats.long_date(value)


def stamp(moment: datetime) -> str:
    """Return a local date and time: ``2026-03-01 08:30`` in English."""
    if _english():
        return f"{moment:%Y-%m-%d %H:%M}"
    return f"{formats.short_date(moment.date())} {formats.clock_time(moment)}"


def clock(moment: time | datetime) -> str:
    """Return a time of day: ``08:30``."""
    return f"{moment:%H:%M}" if _english() else formats.clock_time(moment)


def number(value: float) -> str:
    """Return a number: ``3.5`` in English (as ``:g``), ``3,5`` in Vietnamese."""
    return f"{value:g}" if _english() else formats.number(value)


def money(amount: object, currency: str) -> str:
    """Return an amount: ``70.00 EUR`` in English, the language's currency format otherwise."""
    if _english():
        return f"{amount} {currency}"
    from decimal import Decimal

    return formats.money(Decimal(str(amount)), currency)


def path(value: object) -> str:
    """Return a file name for a line of output: as given, or quoted with its line breaks
    and other control characters escaped (``'a\\nb.json'``), so the line stays one line."""
    text = str(value)
    return text if text.isprintable() else repr(text)
