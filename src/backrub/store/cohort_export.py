"""The cohort's questionnaire answers for the FHIR NDJSON export, streamed by COPY.

What is exported (data minimisation, review S6 item 15): only the clients
*in the cohort* (enrolled on at least one of the report's questionnaires, by
the same statement as the report, ``store.cohort_rows``), and of theirs only
the answers to the report's questionnaires (``rules``) from 15 days before
their day 0 to 184 days after - the answers the report reads. Never another
questionnaire (PHQ-9, mood), never a client outside the cohort.

How: ``open_export`` first writes the cohort's clients into a temporary table
(``ON COMMIT DROP``) and counts them, so the service can write the count to
the audit log before a byte is sent; then ``COPY (...) TO STDOUT`` hands over
one narrow row per answer (``FIELDS``: the client's public id, the
questionnaire, the times already written as ISO 8601 text by PostgreSQL, the
stored answers' text), sorted by PostgreSQL, as they come: memory stays flat.
``reports.cohort_fhir.bulk_lines`` makes the lines from them (a template per
questionnaire; measured, that is several times quicker than PostgreSQL's own
``format`` over the long item texts - docs/cohort-bench.md).

The copy is in CSV format with a quote and a delimiter (bytes 1 and 2) that
these fields never hold, so no field is quoted or escaped.

The stream has a connection of its own (not the request's shared one): it is
read after the page's handler has returned, while the response is sent. Row
security is named on that transaction itself (``backrub.scope``).
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, bindparam, text

from backrub.domain.cohort_windows import ResponderRule
from backrub.store.cohort_rows import cohort_ctes, rule_values
from backrub.store.repository import Store
from backrub.store.scope import scope_value

__all__ = ["FIELDS", "CohortExport", "open_export"]

_SCOPE = text("SELECT set_config('backrub.scope', :value, true)")
_NO_JIT = text("SET LOCAL jit = off")
_ISO = text("SET LOCAL DateStyle = 'ISO, YMD'")


@dataclass
class CohortExport:
    """An export opened: how many clients it holds, and its rows as PostgreSQL sends them."""

    clients: int
    rows: Generator[list[bytes], None, None]  # the fields of FIELDS, as bytes


def _literal(value: str) -> str:
    """Return ``value`` as an SQL string literal (standard conforming strings)."""
    return "'" + value.replace("'", "''") + "'"


# An ISO 8601 time from a ``timestamp`` (DateStyle ISO, set on the transaction): the
# text output with a "T", its fraction of a second (dropped when zero, trailing zeros
# trimmed by PostgreSQL) padded to the six digits Python's ``isoformat`` writes.
_STAMP = (
    "(SELECT CASE WHEN length(s) > 19 THEN rpad(s, 26, '0') ELSE s END "
    "FROM (SELECT translate({t}::text, ' ', 'T') AS s) AS t)"
)
# The zone's offset at that instant, +HH:MM (the ``interval`` text is [-]HH:MM:SS).
_OFFSET = (
    "(SELECT CASE WHEN o < interval '0' THEN '-' || substr(o::text, 2, 5) "
    "ELSE '+' || left(o::text, 5) END FROM (SELECT {local} - {utc} AS o) AS o)"
)


# The fields of each row, in order.
FIELDS = ("public_id", "instrument", "utc", "count", "authored", "answers")


def _rows_query(instruments: Sequence[str]) -> str:
    """One narrow row per answer, in order of client and time (see ``FIELDS``).

    ``utc`` is the instant in UTC (ISO 8601 without the "Z"), ``count`` the
    answer's place among answers to the same questionnaire at the same instant
    (1 for nearly all), ``authored`` the local time with its offset, ``answers``
    the stored JSON text.
    """
    local = "(r.at AT TIME ZONE r.tz)"
    utc = "(r.at AT TIME ZONE 'UTC')"
    authored = f"{_STAMP.format(t=local)} || {_OFFSET.format(local=local, utc=utc)}"
    wanted = ", ".join(_literal(n) for n in instruments)
    return f"""
SELECT c.public_id, r.instrument, {_STAMP.format(t=utc)},
       row_number() OVER (PARTITION BY c.account_id, r.at, r.instrument ORDER BY r.id),
       {authored}, r.answers
FROM export_clients c
JOIN responses r ON r.profile_id = c.profile_id AND r.instrument IN ({wanted})
 AND r.at >= c.day0 - 15 AND r.at < c.day0 + 184
ORDER BY c.account_id, r.at, r.instrument, r.id
"""


def _create(ctes: str) -> str:
    return f"""
CREATE TEMPORARY TABLE export_clients ON COMMIT DROP AS
{ctes}
SELECT DISTINCT j.account_id, s.profile_id, s.day0, a.public_id
FROM judged j JOIN starts s ON s.account_id = j.account_id
JOIN accounts a ON a.id = j.account_id
ORDER BY j.account_id
"""


def open_export(
    store: Store, *, clinic_id: int, rules: Sequence[ResponderRule], started_by: date
) -> CohortExport:
    """Open the export of the clinic's cohort: count its clients now, stream its lines later.

    ``rules`` and ``started_by`` as for ``cohort_rows``: the same clients.
    """
    values, params = rule_values(rules)
    params |= {"clinic": clinic_id, "started_by": started_by}
    ctes = cohort_ctes(values)
    conn = store.engine.connect()
    try:
        conn.execute(_SCOPE, {"value": scope_value(clinic_id)})
        conn.execute(_NO_JIT)  # compiling the expressions costs more than it saves here
        conn.execute(_ISO)  # the text of a timestamp, as _STAMP reads it
        create = text(_create(ctes)).bindparams(*(bindparam(name) for name in params))
        conn.execute(create, params)
        clients = conn.execute(text("SELECT count(*) FROM export_clients")).scalar_one()
    except BaseException:
        conn.close()
        raise
    return CohortExport(
        int(clients), _copy(conn, _rows_query([rule.instrument_id for rule in rules]))
    )


def _copy(conn: Connection, query: str) -> Generator[list[bytes], None, None]:
    """Yield the rows of ``COPY (query) TO STDOUT`` as they come; close ``conn`` at the end."""
    try:
        raw = conn.connection.driver_connection
        assert raw is not None
        statement = (
            f"COPY ({query}) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')"
        )
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in copy:  # one row per chunk, ending in a newline
                yield bytes(row)[:-1].split(b"\x02")
        conn.rollback()  # read only: the temporary tables go with the transaction
    finally:
        conn.close()
