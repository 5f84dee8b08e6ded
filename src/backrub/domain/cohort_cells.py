"""Keep small numbers out of the cohort report, and therapists out of any ranking.

Any cell (a therapist, an instrument, a time point) that rests on fewer than
10 clients is *suppressed*: the report shows why, never the number. Ten is a
product default (``cohort_min_cell_clients`` in the rules table), set by the
issue that asked for the report: with fewer, one client's answer moves the
share by more than ten points, and a client could be recognised.

A suppressed cell could still be worked out by subtraction when the clinic's
total is shown beside every other therapist. So while the suppressed cells of
a table add up to fewer than 10 clients, the next smallest is suppressed with
them ("complementary suppression"; chosen by the number of clients and then
the stable id, never by share): whatever subtraction recovers is then a sum of
at least 10. The clinic's clients with no therapist form a cell of their own
that no table shows (the *residual*: clinic minus the therapists); when it is
small it counts as suppressed, so the therapists around it are protected too.

Therapists are never ranked: ``display_order`` puts them in order of name
(and stable id for equal names), whatever their shares.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from backrub.domain.cohort_intervals import Interval, wilson
from backrub.i18n import N_, _

__all__ = [
    "MIN_CELL_CLIENTS",
    "Cell",
    "Count",
    "Reason",
    "Shown",
    "Suppressed",
    "cell",
    "display_order",
    "hidden",
    "protect",
]

# The rules table holds the same number (``cohort_min_cell_clients``); a test checks.
MIN_CELL_CLIENTS = 10


class Reason(StrEnum):
    TOO_FEW = "too few clients"
    WOULD_REVEAL = "would reveal another cell"
    REST_OF_CLINIC = "would reveal other therapists' clients"

    def words(self, minimum: int = MIN_CELL_CLIENTS) -> str:
        if self is Reason.TOO_FEW:
            return _("Not shown: fewer than %(minimum)s clients.", minimum=minimum)
        if self is Reason.REST_OF_CLINIC:
            return _(_REST, minimum=minimum)
        return _(_REVEAL)


_REVEAL = N_("Not shown: with the clinic's total it would reveal a cell with too few clients.")
_REST = N_(
    "The rest of the clinic: not shown. Beside your own figures it would reveal other "
    "therapists' clients (it needs at least %(minimum)s clients of at least two other "
    "therapists)."
)


@dataclass(frozen=True, slots=True)
class Shown:
    """A cell large enough to show: ``responders`` of ``n`` with its interval."""

    key: str
    n: int
    responders: int
    interval: Interval

    @property
    def is_suppressed(self) -> bool:
        return False

    def to_json(self) -> dict[str, object]:
        return {"key": self.key, "suppressed": False, **self.interval.to_json()}


@dataclass(frozen=True, slots=True)
class Suppressed:
    """A cell kept out of the report; it carries the reason and never the counts."""

    key: str
    reason: Reason
    minimum: int = MIN_CELL_CLIENTS

    @property
    def is_suppressed(self) -> bool:
        return True

    @property
    def words(self) -> str:
        return self.reason.words(self.minimum)

    def to_json(self) -> dict[str, object]:
        return {"key": self.key, "suppressed": True, "reason": self.reason.value}


Cell = Shown | Suppressed


def cell(key: str, *, n: int, responders: int, minimum: int = MIN_CELL_CLIENTS) -> Cell:
    """Return the cell of ``responders`` of ``n`` clients, suppressed below ``minimum``.

    ``n`` is the smallest number of clients the cell's figures rest on (for
    two missing-data rules side by side: those who answered).
    """
    if n < minimum:
        return Suppressed(key, Reason.TOO_FEW, minimum)
    return Shown(key, n, responders, wilson(responders, n))


@dataclass(frozen=True, slots=True)
class Count:
    """One therapist's numbers in one table: a stable ``key``, ``n`` clients, ``responders``."""

    key: str
    n: int
    responders: int


def hidden(
    sizes: Mapping[str, int],
    *,
    total_shown: bool,
    minimum: int = MIN_CELL_CLIENTS,
    residual: int = 0,
) -> dict[str, Reason]:
    """Return which of ``sizes`` (key -> clients a figure rests on) to hide, and why.

    ``total_shown`` says the clinic's total for the same table is on the page:
    then the hidden figures could be found, together, by subtraction, so the
    next smallest (by size and then key) is hidden with them until they add up
    to at least ``minimum``. ``residual``: the clients no therapist in the
    table accounts for (the clinic's clients with no therapist), a cell that
    is never shown; fewer than ``minimum`` of them (but some) count as hidden.
    """
    reasons = {key: Reason.TOO_FEW for key, n in sizes.items() if n < minimum}
    if not total_shown:
        return reasons
    hidden_sum = sum(sizes[key] for key in reasons)
    small_residual = 0 < residual < minimum
    if small_residual:
        hidden_sum += residual
    others = sorted((n, key) for key, n in sizes.items() if key not in reasons)
    while (reasons or small_residual) and hidden_sum < minimum and others:
        n, key = others.pop(0)
        reasons[key] = Reason.WOULD_REVEAL
        hidden_sum += n
    return reasons


def protect(
    counts: Sequence[Count],
    *,
    total_shown: bool,
    minimum: int = MIN_CELL_CLIENTS,
    residual: int = 0,
) -> dict[str, Cell]:
    """Return each therapist's cell, suppressing small ones and their complement."""
    sizes = {c.key: c.n for c in counts}
    reasons = hidden(sizes, total_shown=total_shown, minimum=minimum, residual=residual)
    return {
        c.key: Suppressed(c.key, reasons[c.key], minimum)
        if c.key in reasons
        else Shown(c.key, c.n, c.responders, wilson(c.responders, c.n))
        for c in counts
    }


T = TypeVar("T")


def _alphabetical(name: str) -> str:
    """Return ``name`` as a sort key: letters without their accents, đ right after d.

    Code points would put "Bình" before "Bảo" (ì is U+00EC, ả is U+1EA3); a
    reader of either language expects the base letters to decide first.
    """
    folded = unicodedata.normalize("NFD", name.casefold().replace("đ", "d\uffff"))
    return "".join(c for c in folded if not unicodedata.combining(c))


def display_order(
    items: Sequence[T], *, name: Callable[[T], str], key: Callable[[T], str]
) -> list[T]:
    """Return ``items`` in the order of their names, then stable ids: never by share."""
    return sorted(items, key=lambda item: (_alphabetical(name(item)), name(item), key(item)))
