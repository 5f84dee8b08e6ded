"""Work out a use case once per reading: one page or one report asks it only once.

A page such as progress calls ``progress`` itself and again through
``report_data`` (which needs its changes and trend); on five years of records
each call reads and works through every check-in. Inside ``one_reading()`` a
function marked ``@once_per_reading`` answers a second call with the same
store, profile and keywords (``now``, ``today``) from the first, and the store reads each table
once (``backrub.store.reading``); outside it, nothing is remembered.
The values are immutable results, and a reading is one thread's call chain
(a context variable), so nothing is shared between requests or kept stale.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from backrub.domain.records import Profile
from backrub.store.reading import current_memo, one_reading

if TYPE_CHECKING:
    from backrub.store import Store

__all__ = ["once_per_reading", "one_connection", "one_reading"]

T = TypeVar("T")


def once_per_reading(
    function: Callable[..., T],
) -> Callable[..., T]:
    """Mark ``function(store, profile, **keywords)`` as safe to answer twice from one working.

    The answer is kept for the same store, profile and keyword values (``now``,
    ``today``): all a marked function may depend on besides the stored records.
    """

    @wraps(function)
    def remembered(store: Store, profile: Profile, **keywords: Any) -> T:
        memo = current_memo()
        if memo is None:
            return function(store, profile, **keywords)
        key = (function.__qualname__, id(store), profile, tuple(sorted(keywords.items())))
        if key not in memo:
            memo[key] = function(store, profile, **keywords)
        return memo[key]  # type: ignore[return-value]

    return remembered


def one_connection(store: Store) -> AbstractContextManager[None]:
    """Let every read and write inside share one connection: one request of the clinic server
    (PostgreSQL; ``store/connections.py`` says why it is safe there and not on SQLite)."""
    return store.one_connection()
