"""Keep what the busiest pages read until the database changes.

The dashboard, history and progress read the same records on every visit;
between two visits nothing usually changed. ``PageCache`` keeps service
results keyed by what they depend on (profile, local date, window) and forgets
them all as soon as the database's revision moves, so a write (from this app,
the CLI or another process) is visible on the very next request. Where the
revision cannot be told (PostgreSQL), every call computes afresh.

A value that takes long to work out (the progress page reads five years of
records) is worked out once: callers that ask for it while another thread is
computing it wait for that result instead of computing it again side by side.

Cached values are shared between requests: only immutable results belong here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar, cast

T = TypeVar("T")

# Profiles x dates x history windows actually visited stay far below this.
MAX_ENTRIES = 64


class PageCache:
    """Results of read-only service calls, valid for one database revision."""

    def __init__(
        self, revision: Callable[[], int | None], *, max_entries: int = MAX_ENTRIES
    ) -> None:
        self._revision = revision
        self._max_entries = max_entries
        self._lock = threading.Lock()
        self._seen: int | None = None
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._running: dict[tuple[int, Hashable], threading.Event] = {}

    def _current(self, revision: int) -> None:
        """Forget everything kept at an older revision (call with the lock held)."""
        if self._seen is None or revision > self._seen:
            self._entries.clear()
            self._seen = revision

    def revision(self) -> int | None:
        """Return the database's revision now (None: unknown, nothing is kept)."""
        revision = self._revision()
        if revision is not None:
            with self._lock:
                self._current(revision)
        return revision

    def put(self, key: Hashable, value: object, *, revision: int) -> None:
        """Keep ``value``, worked out from what the database held at ``revision``.

        Kept only if the database has not changed since: an older result is dropped.
        """
        with self._lock:
            self._current(revision)
            if revision == self._seen:
                self._entries[key] = value
                while len(self._entries) > self._max_entries:
                    self._entries.popitem(last=False)

    def peek(self, key: Hashable) -> object | None:
        """Return the value kept for ``key`` at the current revision, or None; never computes."""
        revision = self._revision()
        if revision is None:
            return None
        with self._lock:
            self._current(revision)
            if revision == self._seen and key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        return None

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return the value kept for ``key`` at the current revision, else ``compute()``.

        While one thread computes ``key`` at a revision, others asking for the same
        wait for its result. Only call this from the event loop for values computed
        on the event loop (a loop thread must never wait for a worker).
        """
        while True:
            # Read the revision before the data: a write that lands while ``compute``
            # runs moves the revision, so its possibly older result is never served again.
            revision = self._revision()
            if revision is None:
                return compute()
            with self._lock:
                self._current(revision)
                if revision == self._seen and key in self._entries:
                    self._entries.move_to_end(key)
                    return cast(T, self._entries[key])
                running = self._running.get((revision, key))
                if running is None:
                    mine = self._running[(revision, key)] = threading.Event()
                    break
            running.wait()  # then look again: kept now, or a newer revision to compute
        try:
            value = compute()
            self.put(key, value, revision=revision)
        finally:
            with self._lock:
                del self._running[(revision, key)]
            mine.set()
        return value
