"""The client list's rows, each rendered once per process for what it shows.

A row is a pure function of its line (``domain.caseload.Line``: every value the
row shows, down to a concern's age in days), the follow-up contact shown on it,
and the language. Kept by exactly those, a row can never show anything older than
the list around it, and the list itself is read afresh on every visit. Between two
visits most of a therapist's rows are the same, and wording a hundred rows (a dozen
translated strings each) was most of the page's time (docs/benchmarks.md). The
rows not kept yet are rendered together, in one pass of the template.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from backrub.domain.caseload import Line
from backrub.domain.follow_up import Contacted
from backrub.i18n import current

ROWS_TEMPLATE = "clinic/_client_rows.html"
# Written after each row; no row can hold it, as every "<" of a value is escaped.
MARK = Markup("<!--end of row-->")
# About 12 MB at most a process: a clinic's lists, visited in the day, fit.
KEPT_ROWS = 8192


@dataclass(frozen=True, eq=False)  # kept rows are keyed by this object itself
class Helpers:
    """The row template's functions and constants, made once when the routes load."""

    values: Mapping[str, Any]


class _Kept:
    """The rows rendered so far, the least recently shown forgotten first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._rows: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = threading.Lock()  # pages are rendered in several threads

    def get(self, key: Hashable) -> Markup | None:
        with self._lock:
            found = self._rows.get(key)
            if found is not None:
                self._rows.move_to_end(key)
            return found

    def put(self, key: Hashable, row: Markup) -> None:
        with self._lock:
            self._rows[key] = row
            self._rows.move_to_end(key)
            while len(self._rows) > self._size:
                self._rows.popitem(last=False)


_KEPT = _Kept(KEPT_ROWS)


def rows(
    env: Environment,
    lines: Sequence[Line],
    contact_of: Mapping[str, Contacted | None],
    helpers: Helpers,
) -> list[Markup]:
    """Return each line's row, in order: kept ones as they were, the others rendered now."""
    language = current()

    def key(line: Line) -> Hashable:
        # A row's follow-up state: not among the alerts, an alert open, or contacted.
        contact = (contact_of[line.public_id],) if line.public_id in contact_of else ()
        return (env, language, line, contact, helpers)

    keys = [key(line) for line in lines]
    found = [_KEPT.get(k) for k in keys]
    missing = [n for n, row in enumerate(found) if row is None]
    if missing:
        html = env.get_template(ROWS_TEMPLATE).render(
            lines=[lines[n] for n in missing], contact_of=contact_of, mark=MARK, **helpers.values
        )
        made = html.split(MARK)[: len(missing)]
        for n, row_html in zip(missing, made, strict=True):
            row = Markup(row_html)  # escaped by the environment as it rendered (autoescape)
            found[n] = row
            _KEPT.put(keys[n], row)
    return [row for row in found if row is not None]  # every one, by now
