"""The client list's rows, each rendered once per process for what it shows.

A row is a pure function of its line (``domain.caseload.Line``: every value the
row shows, down to a concern's age in days), the follow-up contact shown on it,
and the language. Kept by exactly those, a row can never show anything older than
the list around it, and the list itself is read afresh on every visit. Between two
visits most of a therapist's rows are the same, and wording a hundred rows (a dozen
translated strings each) was most of the page's time (docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from backrub.domain.caseload import Line
from backrub.domain.follow_up import Contacted
from backrub.i18n import current

ROW_TEMPLATE = "clinic/_client_row.html"
# About 12 MB at most a process: a clinic's lists, visited in the day, fit.
KEPT_ROWS = 8192

# A row's follow-up state: not in the follow-up alerts, an alert open, or contacted.
Contact = tuple[()] | tuple[Contacted | None]


@dataclass(frozen=True, eq=False)  # kept rows are keyed by this object itself
class Helpers:
    """The row template's functions and constants, made once when the routes load."""

    values: Mapping[str, Any]


@lru_cache(maxsize=KEPT_ROWS)
def _row(env: Environment, language: str, line: Line, contact: Contact, helpers: Helpers) -> Markup:
    del language  # part of the key only: the row is worded in the current language
    contact_of = {line.public_id: contact[0]} if contact else {}
    html = env.get_template(ROW_TEMPLATE).render(line=line, contact_of=contact_of, **helpers.values)
    return Markup(html)  # the environment escaped every value in it (autoescape)


def row_maker(
    env: Environment, contact_of: Mapping[str, Contacted | None], helpers: Helpers
) -> Callable[[Line], Markup]:
    """Return ``row(line)`` for one page: the row's HTML, from the process's rows if kept."""
    language = current()

    def row(line: Line) -> Markup:
        contact: Contact = (contact_of[line.public_id],) if line.public_id in contact_of else ()
        return _row(env, language, line, contact, helpers)

    return row
