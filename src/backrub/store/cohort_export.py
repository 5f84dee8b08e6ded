"""The cohort's questionnaire answers for the FHIR NDJSON export, streamed by COPY.

What is exported (data minimisation, review S6 item 15): only the clients
*in the cohort* (enrolled on at least one of the report's questionnaires, by
the same statement as the report, ``store.cohort_rows``), and of theirs only
the answers to the report's questionnaires (``rules``) from 15 days before
their day 0 to 184 days after - the answers the report reads. Never another
questionnaire (PHQ-9, mood), never a client outside the cohort.

How: ``open_export`` first writes the cohort's clients into a temporary table
and counts them; from it, in the same transaction, one audit entry per client
(``client_ref``: their public id, so the administrator's audit log filtered on a
client, and the client's own access page, show that their answers left) and
one for the whole download with the count, by one ``INSERT ... SELECT`` in
PostgreSQL: no id passes through Python, memory stays flat. That transaction is
committed before a byte is sent, so a download cut short is still on record.
Then, in a second transaction on the same connection, ``COPY (...) TO STDOUT`` hands over
one narrow row per answer (``FIELDS``: the client's public id, the
questionnaire, the times already written as ISO 8601 text by PostgreSQL, the
stored answers' text), sorted by PostgreSQL, as they come: memory stays flat.
``reports.cohort_fhir.bulk_lines`` makes the lines from them (a template per
questionnaire; measured, that is several times quicker than PostgreSQL's own
``format`` over the long item texts - docs/benchmarks.md, "Cohort report").

The copy is in CSV format with a quote and a delimiter (bytes 1 and 2) that
these fields never hold, so no field is quoted or escaped.

The stream has a connection of its own (not the request's shared one): it is
read after the page's handler has returned, while the response is sent. Row
security is named on each of its transactions (``backrub.scope``). The temporary
table lives until the stream ends or is closed, when it is dropped (and dropped
first if a connection ever brings one back from an export that failed midway).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, bindparam, text

from backrub.domain.cohort_windows import ResponderRule
from backrub.store.cohort_rows import cohort_ctes, rule_values
from backrub.store.repository import Store
from backrub.store.scope import scope_value

__all__ = ["FIELDS", "CohortExport", "ExportAudit", "Rows", "open_export"]

_SCOPE = text("SELECT set_config('backrub.scope', :value, true)")
_NO_JIT = text("SET LOCAL jit = off")
_ISO = text("SET LOCAL DateStyle = 'ISO, YMD'")


_DROP = text("DROP TABLE IF EXISTS export_clients")


@dataclass(frozen=True, slots=True)
class ExportAudit:
    """The audit entries of one download: who, when, from where; ``what`` for each
    client's entry, ``summary(n)`` for the download's own (``n`` clients)."""

    actor_id: int
    actor_role: str
    actor_name: str
    at: datetime
    what: str
    summary: Callable[[int], str]
    address: str | None


_AUDIT = text("""
INSERT INTO audit_log
    (clinic_id, at, actor_id, actor_role, actor_name, client_ref, action, what, address)
SELECT :clinic, :at, :actor_id, :actor_role, :actor_name, ref, 'export', what, :address
FROM (
    SELECT 0 AS k, NULL::text AS ref, :summary AS what
    UNION ALL
    SELECT c.account_id, c.public_id, :what FROM export_clients c
) AS e
ORDER BY e.k
""")


class Rows:
    """The rows of the export as PostgreSQL sends them. Closing it, read or not (a
    download cancelled before its first byte), drops the temporary table and gives
    the connection back; reading to the end does the same."""

    def __init__(self, conn: Connection, query: str) -> None:
        self._conn = conn
        self._rows = _copy(conn, query)

    def __iter__(self) -> Rows:
        return self

    def __next__(self) -> list[bytes]:
        return next(self._rows)

    def close(self) -> None:
        self._rows.close()  # when started, its own ``finally`` closes
        if not self._conn.closed:
            _close(self._conn)


@dataclass
class CohortExport:
    """An export opened: how many clients it holds, and its rows as PostgreSQL sends them."""

    clients: int
    rows: Rows  # the fields of FIELDS, as bytes


def _literal(value: str) -> str:
    """Return ``value`` as an SQL string literal (standard conforming strings)."""
    return "'" + value.replace("'", "''") + "'"


# An ISO 8601 time from a ``timestamp`` text (DateStyle ISO, set on the transaction,
# with a "T" for the space): its fraction of a second (dropped when zero, trailing
# zeros trimmed by PostgreSQL) padded to the six digits Python's ``isoformat`` writes.
_STAMP = "CASE WHEN length({s}) > 19 THEN rpad({s}, 26, '0') ELSE {s} END"
# The zone's offset at that instant, +HH:MM (the ``interval`` text is [-]HH:MM:SS).
_OFFSET = (
    "CASE WHEN {o} < interval '0' THEN '-' || substr({o}::text, 2, 5) "
    "ELSE '+' || left({o}::text, 5) END"
)


# The fields of each row, in order. Answers to the same questionnaire at the same
# instant come one after another (the order below); the line maker counts them.
FIELDS = ("public_id", "instrument", "utc", "authored", "answers")


def _rows_query(instruments: Sequence[str]) -> str:
    """One narrow row per answer, in order of client and time (see ``FIELDS``).

    ``utc`` is the instant in UTC (ISO 8601 without the "Z"), ``authored`` the
    local time with its offset, ``answers`` the stored JSON text. The texts are
    made in a LATERAL subquery the planner folds into the scan (measured: a
    subquery per field, and a window function for the count, cost PostgreSQL a
    quarter more CPU a line).
    """
    wanted = ", ".join(_literal(n) for n in instruments)
    return f"""
SELECT c.public_id, r.instrument, {_STAMP.format(s="f.u")},
       {_STAMP.format(s="f.l")} || {_OFFSET.format(o="f.o")}, r.answers
FROM export_clients c
JOIN responses r ON r.profile_id = c.profile_id AND r.instrument IN ({wanted})
 AND r.at >= c.day0 - 15 AND r.at < c.day0 + 184
CROSS JOIN LATERAL (
  SELECT translate((r.at AT TIME ZONE 'UTC')::text, ' ', 'T') AS u,
         translate((r.at AT TIME ZONE r.tz)::text, ' ', 'T') AS l,
         (r.at AT TIME ZONE r.tz) - (r.at AT TIME ZONE 'UTC') AS o
) AS f
ORDER BY c.account_id, r.at, r.instrument, r.id
"""


def _create(ctes: str) -> str:
    return f"""
CREATE TEMPORARY TABLE export_clients AS
{ctes}
SELECT DISTINCT j.account_id, s.profile_id, s.day0, a.public_id
FROM judged j JOIN starts s ON s.account_id = j.account_id
JOIN accounts a ON a.id = j.account_id
ORDER BY j.account_id
"""


def _begin(conn: Connection, clinic_id: int) -> None:
    conn.execute(_SCOPE, {"value": scope_value(clinic_id)})
    conn.execute(_NO_JIT)  # compiling the expressions costs more than it saves here
    conn.execute(_ISO)  # the text of a timestamp, as _STAMP reads it


def _audit(conn: Connection, clinic_id: int, clients: int, audit: ExportAudit) -> None:
    conn.execute(
        _AUDIT,
        {
            "clinic": clinic_id,
            "at": audit.at,
            "actor_id": audit.actor_id,
            "actor_role": audit.actor_role,
            "actor_name": audit.actor_name[:80],
            "summary": audit.summary(clients)[:160],
            "what": audit.what[:160],
            "address": audit.address[:64] if audit.address else None,
        },
    )


def open_export(
    store: Store,
    *,
    clinic_id: int,
    rules: Sequence[ResponderRule],
    started_by: date,
    audit: ExportAudit | None = None,
) -> CohortExport:
    """Open the export of the clinic's cohort: count its clients and write the audit
    entries now (committed), stream its lines later.

    ``rules`` and ``started_by`` as for ``cohort_rows``: the same clients. ``audit``
    None only for a measurement of the export itself (``bench/cohort.py``); the
    service always passes it.
    """
    values, params = rule_values(rules)
    params |= {"clinic": clinic_id, "started_by": started_by}
    ctes = cohort_ctes(values)
    conn = store.engine.connect()
    try:
        _begin(conn, clinic_id)
        conn.execute(_DROP)
        create = text(_create(ctes)).bindparams(*(bindparam(name) for name in params))
        conn.execute(create, params)
        clients = int(conn.execute(text("SELECT count(*) FROM export_clients")).scalar_one())
        if audit is not None:
            _audit(conn, clinic_id, clients, audit)
        conn.commit()  # on record before a byte goes out
        _begin(conn, clinic_id)
    except BaseException:
        _close(conn)
        raise
    query = _rows_query([rule.instrument_id for rule in rules])
    return CohortExport(clients, Rows(conn, query))


def _close(conn: Connection) -> None:
    """Drop the temporary table and give the connection back; if that fails, never
    give back a connection that may still hold it."""
    try:
        conn.rollback()
        conn.execute(_DROP)
        conn.commit()
    except BaseException:
        conn.invalidate()
        raise
    finally:
        conn.close()


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
    finally:
        _close(conn)
