"""Read each of a profile's tables once per reading: one page asks the store only once.

The progress page reads every check-in for ``progress`` and again for the
report's ``load``; on five years of records each reading converts thousands of
rows. Inside ``one_reading()`` the store's per-profile reads marked
``@read_once`` answer a second call from the first (a fresh list each time, so no
caller can change another's): all rows of a table once, and a read ``since`` a
moment from an earlier read of the same table since that moment or before (the
rows kept are those whose ``at`` is not before it, as the query would keep);
outside it, every call reads the database. A reading is one thread's call chain (a context
variable) and holds no write: nothing is shared between requests or kept stale.
``backrub.services.reading`` remembers whole results in the same reading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, Concatenate, TypeVar

__all__ = ["current_memo", "one_reading", "read_once"]

T = TypeVar("T")
S = TypeVar("S")
_MEMO: ContextVar[dict[tuple[object, ...], object] | None] = ContextVar(
    "backrub_reading", default=None
)


@contextmanager
def one_reading() -> Iterator[None]:
    """Within this block, each marked read or result is worked out once.

    A reading inside another (a page's context inside the page) is the same reading.
    """
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def current_memo() -> dict[tuple[object, ...], object] | None:
    """Return the current reading's memo, or None outside ``one_reading()``."""
    return _MEMO.get()


def read_once(
    method: Callable[Concatenate[S, int, ...], list[T]],
) -> Callable[Concatenate[S, int, ...], list[T]]:
    """Mark a store read ``method(self, profile_id, **filters)``: all rows once per reading."""

    @wraps(method)
    def remembered(self: S, profile_id: int, /, **filters: Any) -> list[T]:
        memo = _MEMO.get()
        since = filters.get("since")
        if memo is None or any(v is not None for k, v in filters.items() if k != "since"):
            return method(self, profile_id, **filters)
        key = (method.__qualname__, id(self), profile_id)
        if since is None:
            if key not in memo:
                memo[key] = tuple(method(self, profile_id))
            found: tuple[T, ...] = memo[key]  # type: ignore[assignment]
            return list(found)
        wider = _wider(memo, key, since)
        if wider is not None:
            return [r for r in wider if r.at >= since]
        rows = tuple(method(self, profile_id, **filters))
        memo[(*key, "since", since)] = rows
        return list(rows)

    return remembered


def _wider(memo: dict[tuple[object, ...], object], key: tuple[object, ...], since: Any) -> Any:
    """Return rows kept for ``key`` that include every row from ``since`` on, or None."""
    if key in memo:
        return memo[key]
    for kept, rows in memo.items():
        if kept[:3] == key and len(kept) == 5 and kept[4] <= since:
            return rows
    return None
