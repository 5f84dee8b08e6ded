"""A history's rows (Today, History, the sessions page), each rendered once per process.

A row shows one record (check-in, massage, self-massage, body-map mark or answered
questionnaire), immutable once read: a correction or deletion gives a new record or
none. A row is therefore kept under the record itself with everything else it
shows: the zone, the language, whether it offers corrections (and the page's view
to come back to), and for a massage who wrote it and the addenda under it
(``web/kept_rows.py``).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from datetime import datetime
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from backrub.i18n import current
from backrub.web.kept_rows import KeptRows

ROWS_TEMPLATE = "_record_rows.html"
# A few hundred bytes a row: some MB at most a process.
KEPT_ROWS = 8192

_KEPT = KeptRows(KEPT_ROWS)

Row = tuple[datetime, str, Any]  # (when, kind, record), as _records.html lists them


@pass_context
def record_rows(
    context: Context, rows: Sequence[Row], tz: str, corrections: bool, authors: Mapping[int, str]
) -> list[Markup]:
    """Return the table row of each ``(at, kind, record)``, in order."""
    env = context.environment
    language = current()
    addenda: Mapping[int, Sequence[Any]] = context.get("addenda") or {}
    view_query = (context.get("view_query") or "") if corrections else ""

    def key(row: Row) -> Hashable:
        at, kind, record = row
        written: tuple[object, ...] = ()
        if kind == "massage":  # who wrote it (a clinic's therapist) and their addenda
            written = (authors.get(record.id), tuple(addenda.get(record.id, ())))
        return (env, language, tz, corrections, view_query, at, kind, record, written)

    def values() -> Mapping[str, Any]:  # the page's values, gathered only on a miss
        return {**context.get_all(), "tz": tz, "corrections": corrections, "authors": authors}

    keys = [key(row) for row in rows]
    return _KEPT.rows(env, ROWS_TEMPLATE, rows, keys, values, name="rows")
