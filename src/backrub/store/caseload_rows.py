"""The rows behind a therapist's client list, in a fixed number of queries (issue 13).

``caseload_rows`` answers in one statement, plus two for clients whose screening
stops or restricts massage, whatever the number of clients:

1. the therapist's assigned, active clients (clinic first, then therapist: index
   ``ix_assignments_clinic_therapist``), each with the id of its latest check-in
   (correlated ``ORDER BY at DESC LIMIT 1``: a backward scan of
   ``ix_checkins_profile_at``, one index row per client), its latest screening
   (``ix_screenings_profile``), the time of its latest check-in that noted new leg
   symptoms since two days before that screening (``ix_checkins_leg_symptoms``, a
   range bounded by the screening day), and the id of its latest answer to each
   listed questionnaire (``ix_responses_profile_instrument_at``, backward); the
   latest check-in, screening and answers are joined by primary key;
2. and 3. for clients whose latest screening, as today's rules read its answers,
   stops massage or restricts it (the caller's ``needs_history``): all their
   screenings and clearances (a few rows each), so that the domain decides whether a
   clinician's clearance lifted a stop or a restriction, as the client's own pages do.

The statement is built once per process (its values are bound parameters), so
SQLAlchemy compiles it once and psycopg prepares it on the server after a few uses:
PostgreSQL then plans it, row security included, once per connection instead of once
a list. Stored screenings and answers are parsed once per process too (they never
change in place: a correction is a new row). Plain SQL constructs only (no
``LATERAL``, no ``DISTINCT ON``): it runs on SQLite too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, func, literal_column, select, true

from backrub.domain.accounts import Account
from backrub.domain.records import CheckIn, ClearanceRecord, Profile, Response, ScreeningRecord
from backrub.store import rows
from backrub.store import tables as t
from backrub.store.accounts import account_of, is_public_id
from backrub.store.clinic_tables import accounts, assignments
from backrub.store.repository import Store

CHECKIN_COLUMNS = ("id", "at", "tz", "pain", "new_leg_symptoms")


@dataclass(frozen=True, slots=True)
class CaseRows:
    """What the client list is made from, for one client (see the module's docstring)."""

    public_id: str
    display_name: str
    profile_id: int
    tz: str
    assigned_at: datetime
    last_checkin: CheckIn | None
    screening: ScreeningRecord | None
    leg_symptoms_at: datetime | None
    latest: tuple[Response, ...] = ()  # the latest answer to each listed questionnaire
    screenings: tuple[ScreeningRecord, ...] = ()  # all, oldest first: only when stopped
    clearances: tuple[ClearanceRecord, ...] = ()  # all, oldest first: only when stopped


def _latest_id(table: Any, profile: Any, *where: ColumnElement[bool]) -> Any:
    if table is t.screenings:
        # The latest recorded, as the store reads them. "+ 0" keeps PostgreSQL off a
        # backward scan of the whole primary key: it reads the client's few rows
        # through ix_screenings_profile and sorts them.
        order = [(table.c.id + 0).desc()]
    else:
        order = [table.c.at.desc(), table.c.id.desc()]
    return (
        select(table.c.id)
        .where(table.c.profile_id == profile, *where)
        .order_by(*order)
        .limit(1)
        .scalar_subquery()
    )


def _two_days_before(dialect: str, day: Any) -> Any:
    """The screening day less two days (any zone's local day starts after it, in UTC)."""
    if dialect == "sqlite":
        return func.datetime(day, "-2 days")
    return day - literal_column("2")


def _clients(instruments: Sequence[str]) -> Any:
    """The therapist's clients with the ids of their latest rows (a subquery of its own)."""
    a, s, p = accounts, assignments, t.profiles
    answers = [
        _latest_id(t.responses, a.c.profile_id, t.responses.c.instrument == name).label(f"r{i}")
        for i, name in enumerate(instruments)
    ]
    # The clients and the ids of their latest rows first, kept a subquery of its own
    # (OFFSET 0): joined by a plain column, the latest check-in and screening are read
    # by primary key even under row security, which will not use an index for a join
    # condition holding a sub-select (docs/clinic/rls.md).
    return (
        select(
            a.c.id.label("account_id"),
            a.c.public_id,
            a.c.display_name,
            a.c.profile_id,
            p.c.tz.label("profile_tz"),
            s.c.assigned_at,
            _latest_id(t.checkins, a.c.profile_id).label("latest_checkin"),
            _latest_id(t.screenings, a.c.profile_id).label("latest_screening"),
            *answers,
        )
        .select_from(s)
        .join(a, and_(a.c.id == s.c.client_id, a.c.clinic_id == s.c.clinic_id))
        .join(p, and_(p.c.id == a.c.profile_id, p.c.clinic_id == s.c.clinic_id))
        .where(
            s.c.clinic_id == bindparam("clinic_id"),
            s.c.therapist_id == bindparam("therapist_id"),
            a.c.role == "client",
            a.c.active == true(),
        )
        .offset(0)
        .subquery("base")
    )


RESPONSE_COLUMNS = ("id", "at", "tz", "instrument", "answers", "labels", "language")


@lru_cache(maxsize=8)
def _first_query(dialect: str, instruments: tuple[str, ...]) -> Any:
    """The list's statement, built once: ``clinic_id`` and ``therapist_id`` are bound."""
    base = _clients(instruments)
    c, sc = t.checkins.alias("c"), t.screenings.alias("sc")
    leg = t.checkins.alias("leg")
    leg_at = (
        select(func.max(leg.c.at))
        .where(
            leg.c.profile_id == base.c.profile_id,
            leg.c.new_leg_symptoms == true(),
            leg.c.at >= _two_days_before(dialect, sc.c.screened_on),
        )
        .scalar_subquery()
    )
    answers = [t.responses.alias(f"a{i}") for i in range(len(instruments))]
    query = (
        select(
            base.c.public_id,
            base.c.display_name,
            base.c.profile_id,
            base.c.profile_tz,
            base.c.assigned_at,
            *[c.c[name].label(f"c_{name}") for name in CHECKIN_COLUMNS],
            sc.c.id.label("sc_id"),
            sc.c.screened_on,
            sc.c.answers.label("sc_answers"),
            sc.c.verdict,
            sc.c.restrictions,
            leg_at.label("leg_at"),
            *[
                r.c[name].label(f"a{i}_{name}")
                for i, r in enumerate(answers)
                for name in RESPONSE_COLUMNS
            ],
        )
        .select_from(base)
        .outerjoin(c, c.c.id == base.c.latest_checkin)
        .outerjoin(sc, sc.c.id == base.c.latest_screening)
    )
    for i, r in enumerate(answers):
        query = query.outerjoin(r, r.c.id == base.c[f"r{i}"])
    return query.order_by(base.c.assigned_at, base.c.account_id)


def _screening(r: Any, *, prefix: str = "") -> ScreeningRecord:
    return _screening_record(
        getattr(r, f"{prefix}id"),
        r.screened_on,
        r.verdict,
        r.restrictions,
        getattr(r, f"{prefix}answers"),
    )


# Keyed by every stored value, so a row that changed can never be served from here.
@lru_cache(maxsize=16384)
def _screening_record(
    id_: int, screened_on: date, verdict: str, restrictions: str, answers: str
) -> ScreeningRecord:
    return ScreeningRecord(
        id=id_,
        screened_on=screened_on,
        verdict=verdict,
        restrictions=tuple(x for x in restrictions.split(",") if x),
        **rows.screening_answers(answers),
    )


@lru_cache(maxsize=32768)
def _response(*values: Any) -> Response:
    return rows.response(SimpleNamespace(**dict(zip(RESPONSE_COLUMNS, values, strict=True))))


def _answers(r: Any, start: int, count: int) -> tuple[Response, ...]:
    """The latest answers in row ``r``, whose columns from ``start`` on are theirs."""
    width = len(RESPONSE_COLUMNS)
    values = tuple(r)
    found = []
    for at in range(start, start + count * width, width):
        if values[at] is not None:
            found.append(_response(*values[at : at + width]))
    return tuple(found)


def caseload_rows(
    store: Store,
    *,
    clinic_id: int,
    therapist_id: int,
    instruments: Sequence[str],
    needs_history: Callable[[ScreeningRecord], bool],
) -> list[CaseRows]:
    """Return the therapist's clients in order of assignment, with what the list needs.

    ``instruments``: the questionnaires whose latest answer is wanted;
    ``needs_history``: whether a latest screening calls for all the client's
    screenings and clearances.
    One statement, three when a client's screening stops massage, whatever the number
    of clients.
    """
    with store.reading() as conn:
        query = _first_query(conn.dialect.name, tuple(instruments))
        first = conn.execute(query, {"clinic_id": clinic_id, "therapist_id": therapist_id}).all()
        latest = {r.profile_id: _screening(r, prefix="sc_") for r in first if r.sc_id is not None}
        stopped = [profile for profile, screening in latest.items() if needs_history(screening)]
        history: Any = ()
        cleared: Any = ()
        if stopped:
            sc, cl = t.screenings, t.clearances
            history = conn.execute(
                select(sc).where(sc.c.profile_id.in_(stopped)).order_by(sc.c.id)
            ).all()
            cleared = conn.execute(
                select(cl).where(cl.c.profile_id.in_(stopped)).order_by(cl.c.id)
            ).all()
    return _assemble(first, latest, history, cleared, len(instruments))


def _assemble(
    first: Any,
    latest_screenings: dict[int, ScreeningRecord],
    history: Any,
    cleared: Any,
    count: int,
) -> list[CaseRows]:
    screenings: dict[int, list[ScreeningRecord]] = {}
    for h in history:
        screenings.setdefault(h.profile_id, []).append(_screening(h))
    clearances: dict[int, list[ClearanceRecord]] = {}
    for h in cleared:
        lifts = None if h.lifts is None else tuple(filter(None, h.lifts.split(",")))
        clearances.setdefault(h.profile_id, []).append(
            ClearanceRecord(
                h.cleared_on,
                h.cleared_by,
                h.note,
                lifts,
                id=h.id,
                recorded_at=h.recorded_at,
                acknowledged_at=h.acknowledged_at,
                acknowledged_by=h.acknowledged_by,
            )
        )
    out = []
    start = list(first[0]._fields).index("a0_id") if first and count else 0
    for r in first:
        out.append(
            CaseRows(
                public_id=r.public_id,
                display_name=r.display_name,
                profile_id=r.profile_id,
                tz=r.profile_tz,
                assigned_at=r.assigned_at,
                last_checkin=_checkin(r),
                screening=latest_screenings.get(r.profile_id),
                leg_symptoms_at=r.leg_at,
                latest=_answers(r, start, count),
                screenings=tuple(screenings.get(r.profile_id, ())),
                clearances=tuple(clearances.get(r.profile_id, ())),
            )
        )
    return out


def _checkin(r: Any) -> CheckIn | None:
    if r.c_id is None:
        return None
    return CheckIn(
        id=r.c_id,
        at=r.c_at,
        tz=r.c_tz,
        pain=r.c_pain,
        new_leg_symptoms=None if r.c_new_leg_symptoms is None else bool(r.c_new_leg_symptoms),
    )


def assigned_client(
    store: Store, *, clinic_id: int, therapist_id: int, public_id: str
) -> tuple[Account, Profile] | None:
    """Return the active client ``public_id`` with its profile when assigned to the
    therapist in the clinic (clinic first, then the assignment), else None."""
    if not is_public_id(public_id):
        return None
    a, s, p = accounts, assignments, t.profiles
    query = (
        select(a, *[col.label(f"p_{col.name}") for col in p.c])
        .select_from(s)
        .join(a, and_(a.c.id == s.c.client_id, a.c.clinic_id == s.c.clinic_id))
        .join(p, and_(p.c.id == a.c.profile_id, p.c.clinic_id == s.c.clinic_id))
        .where(
            s.c.clinic_id == clinic_id,
            s.c.therapist_id == therapist_id,
            a.c.public_id == public_id,
            a.c.role == "client",
            a.c.active == true(),
        )
    )
    with store.reading() as c:
        row = c.execute(query).first()
    if row is None:
        return None
    profile = Profile(
        name=row.p_name,
        tz=row.p_tz,
        created_at=row.p_created_at,
        id=row.p_id,
        language=row.p_language,
    )
    return account_of(row), profile
