"""Fill a clinic server's PostgreSQL database with COPY: clinics, staff, clients, a year of records.

Used by bench/clinic_load.py (and tests/clinic/test_bench_smoke.py in its small size).
The schema comes from the app's own migrations (``open_store``); the rows are
written by ``COPY ... FROM STDIN`` (psycopg 3), with the secondary indexes and
the foreign keys of the bulk tables dropped first and rebuilt afterwards, and
``ANALYZE`` at the end.

The pattern, per client (seeded, so every run writes the same rows):

- 60 % keep at it: a check-in on about 85 % of the days of the year;
- 25 % come and go: a check-in on about 35 % of the days;
- 15 % stop: about 80 % of the days for their first 30-120 days, then nothing.

One check-in a day at most, at the person's usual time (06:00-22:00 in the
clinic's zone, give or take 45 minutes); pain follows a slow trend from the
start (4-8 of 10) to 40-100 % of it, with day-to-day noise. Questionnaires
(RMDQ, PHQ-9, GAD-7, the answers stored as the app stores them) every 4 weeks
while the person keeps checking in. One screening each at the start, about
3 % of them with a red flag (a stop or a restriction). About 20 % of clients
had 1-6 sessions with their therapist (SOAP notes, ``therapist_id`` set). 98 %
of clients are assigned to one of their clinic's therapists. Every therapist
and one client in five are signed in (web_sessions rows; the tokens are
thrown away). Not seeded: the weekly PEG, plans, self-massage sessions, body
map marks, episodes, clearances, invitations, the audit log.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from clinic_rows import FULL, SMALL, Seeder, Size
from sqlalchemy.engine import make_url

from backrub.store import open_store

__all__ = ["FULL", "SMALL", "Seeded", "Size", "counts", "psycopg_url", "seed", "utc"]

BULK = ("checkins", "responses", "screenings", "pro_sessions", "assignments", "web_sessions")
CHUNK = 1 << 20  # bytes handed to COPY at a time


@dataclass
class Seeded:
    """What was written: rows and seconds per table."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, tuple[float, float]] = field(default_factory=dict)  # (Python, PostgreSQL) s


def cpu_s(pid: int) -> float:
    """Return the CPU seconds process ``pid`` used so far (NaN when it is not on this machine)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def psycopg_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _copy(conn: psycopg.Connection, table: str, columns: str, lines: Iterator[str]) -> int:
    """COPY the lines into ``table`` (emptied in the same transaction: FREEZE); return rows."""
    count = 0
    parts: list[str] = []
    size = 0
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(f"TRUNCATE {table} CASCADE")
        with cur.copy(f"COPY {table} ({columns}) FROM STDIN (FREEZE)") as copy:
            for line in lines:
                parts.append(line)
                size += len(line)
                count += 1
                if size >= CHUNK:
                    copy.write("".join(parts))
                    parts.clear()
                    size = 0
            if parts:
                copy.write("".join(parts))
    return count


TABLES: tuple[tuple[str, str, str], ...] = (
    ("clinics", "id, public_id, name, created_at", "clinics"),
    ("profiles", "id, name, tz, created_at, language, clinic_id", "profiles"),
    (
        "accounts",
        "id, public_id, clinic_id, role, email, display_name, password_hash, totp_secret,"
        " profile_id, active, created_at",
        "accounts",
    ),
    ("assignments", "clinic_id, therapist_id, client_id, assigned_at", "assignments"),
    ("screenings", "id, profile_id, screened_on, answers, verdict, restrictions", "screenings"),
    (
        "checkins",
        "id, profile_id, at, tz, pain, soreness, sleep, activity_min, medication_taken,"
        " medication, note, new_leg_symptoms",
        "checkins",
    ),
    ("responses", "id, profile_id, at, tz, instrument, answers, labels, language", "responses"),
    (
        "pro_sessions",
        "id, profile_id, at, tz, technique, duration_min, cost_cents, currency, therapist,"
        " subjective, objective, assessment, plan, therapist_id",
        "pro_sessions",
    ),
    (
        "web_sessions",
        "id, token_hash, account_id, clinic_id, stage, created_at, last_seen_at, address",
        "web_sessions",
    ),
)


def _set_aside(conn: psycopg.Connection) -> list[str]:
    """Drop the bulk tables' plain indexes and foreign keys; return the SQL that rebuilds them."""
    rebuild: list[str] = []
    with conn.cursor() as cur:
        cur.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
            " FROM pg_index i WHERE i.indrelid::regclass::text = ANY(%s)"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
            (list(BULK),),
        )
        indexes = cur.fetchall()
        cur.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            (list(BULK),),
        )
        keys = cur.fetchall()
        for name, _ in indexes:
            cur.execute(f"DROP INDEX {name}")
        for table, name, _ in keys:
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    conn.commit()
    rebuild += [definition for _, definition in indexes]
    rebuild += [f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d in keys]
    return rebuild


def seed(url: str, size: Size, now: datetime, report: Callable[[str], None] = print) -> Seeded:
    """Create the schema in the empty database ``url`` and fill it; return rows and seconds."""
    started = time.perf_counter()
    open_store(url, server_only=True).close()  # the app's migrations make the schema
    seeded = Seeded()
    seeded.seconds["schema"] = time.perf_counter() - started
    seeder = Seeder(size, now)
    with psycopg.connect(psycopg_url(url)) as conn:
        rebuild = _set_aside(conn)
        backend = conn.info.backend_pid
        for table, columns, method in TABLES:
            started, ours, theirs = time.perf_counter(), time.process_time(), cpu_s(backend)
            lines: Iterator[str] = getattr(seeder, method)()
            seeded.rows[table] = _copy(conn, table, columns, lines)
            seeded.seconds[table] = time.perf_counter() - started
            seeded.cpu[table] = (time.process_time() - ours, cpu_s(backend) - theirs)
            python, postgres = seeded.cpu[table]
            report(
                f"  {table:<13} {seeded.rows[table]:>12,} rows {seeded.seconds[table]:>8.1f} s"
                f" (CPU: Python {python:.1f} s, PostgreSQL {postgres:.1f} s)"
            )
        _finish(conn, rebuild, seeded, report)
    return seeded


def _finish(
    conn: psycopg.Connection, rebuild: list[str], seeded: Seeded, report: Callable[[str], None]
) -> None:
    started, theirs = time.perf_counter(), cpu_s(conn.info.backend_pid)
    with conn.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '512MB'")
        for sql in rebuild:
            cur.execute(sql)
        for table, *_ in TABLES:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                if table != "assignments"
                else "SELECT 1"
            )
    conn.commit()
    seeded.seconds["indexes and keys"] = time.perf_counter() - started
    took = seeded.seconds["indexes and keys"]
    report(
        f"  {'indexes, keys':<13} {len(rebuild):>12} built {took:>6.1f} s"
        f" (CPU: PostgreSQL {cpu_s(conn.info.backend_pid) - theirs:.1f} s)"
    )
    started, theirs = time.perf_counter(), cpu_s(conn.info.backend_pid)
    conn.autocommit = True
    conn.execute("VACUUM ANALYZE")
    seeded.seconds["vacuum analyze"] = time.perf_counter() - started
    report(
        f"  {'vacuum analyze':<13} {'':>12} {seeded.seconds['vacuum analyze']:>11.1f} s"
        f" (CPU: PostgreSQL {cpu_s(conn.info.backend_pid) - theirs:.1f} s)"
    )


def counts(url: str) -> dict[str, int]:
    """Return the rows of every seeded table, and the accounts by role."""
    found: dict[str, int] = {}
    with psycopg.connect(psycopg_url(url)) as conn:
        for table, *_ in TABLES:
            row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            found[table] = int(row[0]) if row else 0
        for role, n in conn.execute("SELECT role, count(*) FROM accounts GROUP BY role"):
            found[f"accounts:{role}"] = int(n)
    return found


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
