"""Plain words for numbers: counted nouns, so a person reads "1 point" and "2 points".

In English a number is written as before (``2.5``, ``141.00``, ISO dates); in
another language with its own decimal sign and date words (``2,5``), through
``backrub.i18n.formats``. ``Worded`` is a table of messages marked with ``N_``
that gives each one in the current language when it is looked up, so every face
(CLI, web, report) gets the words without translating them itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import TypeVar

from backrub.i18n import ENGLISH, _, current, formats, ngettext

__all__ = ["Worded", "amount", "counted", "day", "fixed", "minutes", "money", "number", "seconds"]

K = TypeVar("K")

_IRREGULAR = {"activity": "activities"}


def number(value: float) -> str:
    """Return ``value`` as a person writes it: ``2``, ``2.5``, never ``2.0`` or ``-0``."""
    value = round(float(value), 2)
    if value == 0:
        return "0"
    if current() == ENGLISH:
        return f"{value:g}"
    return formats.number(value)


def fixed(value: float, digits: int) -> str:
    """Return ``value`` with exactly ``digits`` decimals ("1.8"; "1,8" in Vietnamese)."""
    if current() == ENGLISH:
        return f"{value:.{digits}f}"
    return formats.number(value, digits)


def amount(value: Decimal) -> str:
    """Return an amount of money without its currency ("35.25"; "35,25" in Vietnamese)."""
    if current() == ENGLISH:
        return str(value)
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return formats.number(value, places)


def money(value: Decimal, currency: str) -> str:
    """Return an amount with its currency ("70.00 EUR"; "70,00 €", "1.400.000 ₫")."""
    if current() == ENGLISH:
        return f"{value} {currency}"
    return formats.money(value, currency)


def day(on: date) -> str:
    """Return a date in a sentence: ISO in English (as before), the language's words otherwise."""
    if current() == ENGLISH:
        return on.isoformat()
    return formats.short_date(on)


def _noun(shown: str, noun: str) -> str | None:
    many = 1 if shown in ("1", "-1") else 2
    if noun == "point":
        return ngettext("%(count)s point", "%(count)s points", many, count=shown)
    if noun == "week":
        return ngettext("%(count)s week", "%(count)s weeks", many, count=shown)
    if noun == "day":
        return ngettext("%(count)s day", "%(count)s days", many, count=shown)
    if noun == "zone":
        return ngettext("%(count)s zone", "%(count)s zones", many, count=shown)
    if noun == "session":
        return ngettext("%(count)s session", "%(count)s sessions", many, count=shown)
    if noun == "level":
        return ngettext("%(count)s level", "%(count)s levels", many, count=shown)
    if noun == "activity":
        return ngettext("%(count)s activity", "%(count)s activities", many, count=shown)
    return None


def minutes(value: float | int | str) -> str:
    """Return a length in minutes: "5 min" in English, "5 phút" in Vietnamese."""
    shown = value if isinstance(value, str) else number(value)
    return _("%(min)s min", min=shown)


def seconds(value: float | int | str) -> str:
    """Return a length in seconds: "60 s" in English, "60 giây" in Vietnamese."""
    shown = value if isinstance(value, str) else number(value)
    return _("%(sec)s s", sec=shown)


def counted(value: float, noun: str) -> str:
    """Return ``value`` with ``noun`` in the right number: ``1 point``, ``2.5 points``.

    Units written as symbols (``cm``, ``%``, ``min``) never take an s.
    """
    shown = number(value)
    if noun == "min":
        return minutes(shown)
    if noun == "s":
        return seconds(shown)
    if noun in ("cm", "%"):
        return f"{shown}%" if noun == "%" else f"{shown} {noun}"
    said = _noun(shown, noun)
    if said is not None:
        return said
    if shown in ("1", "-1"):
        return f"{shown} {noun}"
    return f"{shown} {_IRREGULAR.get(noun, noun + 's')}"


class Worded(Mapping[K, str]):
    """A table of messages marked with ``N_``, given in the current language when looked up."""

    def __init__(self, table: Mapping[K, str]) -> None:
        self._table = dict(table)

    def __getitem__(self, key: K) -> str:
        return _(self._table[key])

    def __iter__(self) -> Iterator[K]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def english(self, key: K) -> str:
        """Return the message in English (the source), for stored or machine-readable text."""
        return self._table[key]
