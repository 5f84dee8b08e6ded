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

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from backrub.domain.caseload import Line
from backrub.domain.follow_up import Contacted
from backrub.i18n import current
from backrub.web.kept_rows import MARK, KeptRows

__all__ = ["MARK", "Helpers", "rows"]

ROWS_TEMPLATE = "clinic/_client_rows.html"
# About 12 MB at most a process: a clinic's lists, visited in the day, fit.
KEPT_ROWS = 8192


@dataclass(frozen=True, eq=False)  # kept rows are keyed by this object itself
class Helpers:
    """The row template's functions and constants, made once when the routes load."""

    values: Mapping[str, Any]


_KEPT = KeptRows(KEPT_ROWS)


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
    return _KEPT.rows(
        env,
        ROWS_TEMPLATE,
        lines,
        keys,
        lambda: {**helpers.values, "contact_of": contact_of},
        name="lines",
    )
