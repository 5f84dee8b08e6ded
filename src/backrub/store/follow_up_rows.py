"""Rows of follow-up schedules, administrations and links (issue 14).

Every function is scoped by the clinic and the client's profile, except finding
a link by its token's hash (the link is all its holder has) and the sender's
sweep over every clinic (``backrub clinic send-follow-ups``).

A questionnaire is completed by one conditional UPDATE (``state`` still open)
in the same transaction as the response's INSERT: of two submits at once, the
second waits for the first's row lock, then finds nothing to update and writes
nothing (one response, whatever the tabs or the double clicks).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, func, select

from backrub.domain.follow_up import Administration, Contacted, Schedule, State, Template
from backrub.domain.records import Response
from backrub.domain.verdicts import Verdict
from backrub.store import rows
from backrub.store.clinic_tables import accounts, assignments, clinics
from backrub.store.follow_up_tables import administrations as adm
from backrub.store.follow_up_tables import follow_up_links as links
from backrub.store.follow_up_tables import follow_up_schedules as schedules
from backrub.store.repository import Store
from backrub.store.tables import profiles

OPEN = tuple(s.value for s in State if s.is_open)


@dataclass(frozen=True, slots=True)
class Reached:
    """A questionnaire with what is needed to reach its client (and nothing more)."""

    administration: Administration
    clinic_id: int
    clinic_name: str
    email: str
    tz: str
    language: str | None


@dataclass(frozen=True, slots=True)
class LinkOpening:
    """What a follow-up link opens: its questionnaire, the clinic's name, the client's zone."""

    administration: Administration
    clinic_id: int
    clinic_name: str
    tz: str
    language: str | None
    link_expires_at: datetime


def administration(r: Any) -> Administration:
    return Administration(
        id=r.id,
        public_id=r.public_id,
        profile_id=r.profile_id,
        instrument=r.instrument,
        why=r.why,
        due_at=r.due_at,
        expires_at=r.expires_at,
        state=State(r.state),
        partial=json.loads(r.partial) if r.partial else {},
        response_id=r.response_id,
        sent_at=r.sent_at,
        opened_at=r.opened_at,
        completed_at=r.completed_at,
        reminders_sent=r.reminders_sent,
        red_flag_at=r.red_flag_at,
        red_flags=tuple(json.loads(r.red_flags)) if r.red_flags else (),
        # A "yes" kept before migration 0014 was always an emergency.
        urgency=Verdict(r.red_flag_verdict)
        if r.red_flag_verdict
        else (Verdict.STOP_EMERGENCY if r.red_flag_at is not None else None),
        contacted=Contacted(r.contacted_at, r.contacted_by or "", r.contact_note or "")
        if r.contacted_at is not None
        else None,
    )


def start_schedule(
    store: Store,
    *,
    clinic_id: int,
    profile_id: int,
    values: Mapping[str, Any],
    due: Sequence[Mapping[str, Any]],
    now: datetime,
) -> None:
    """Start a schedule for the client; the one before ends and its unsent questionnaires go."""
    scope = (schedules.c.clinic_id == clinic_id) & (schedules.c.profile_id == profile_id)
    with store.writing() as c:
        old = [r.id for r in c.execute(select(schedules.c.id).where(scope, _current()))]
        if old:
            c.execute(schedules.update().where(schedules.c.id.in_(old)).values(ended_at=now))
            c.execute(
                adm.delete().where(adm.c.schedule_id.in_(old), adm.c.state == State.SCHEDULED.value)
            )
        made = c.execute(
            schedules.insert().values(
                clinic_id=clinic_id, profile_id=profile_id, started_at=now, **values
            )
        ).inserted_primary_key
        assert made is not None
        for row in due:
            c.execute(
                adm.insert().values(
                    clinic_id=clinic_id,
                    profile_id=profile_id,
                    schedule_id=made[0],
                    state=State.SCHEDULED.value,
                    **row,
                )
            )


def _current() -> Any:
    return schedules.c.ended_at.is_(None)


def current_schedule(store: Store, clinic_id: int, profile_id: int) -> Schedule | None:
    """Return the client's schedule now, or None."""
    query = (
        select(schedules, accounts.c.display_name)
        .outerjoin(accounts, accounts.c.id == schedules.c.chosen_by)
        .where(schedules.c.clinic_id == clinic_id, schedules.c.profile_id == profile_id)
        .where(_current())
    )
    with store.reading() as c:
        r = c.execute(query).first()
    if r is None:
        return None
    return Schedule(
        id=r.id,
        template=Template(r.template),
        instruments=tuple(json.loads(r.instruments)),
        every_weeks=r.every_weeks,
        visits=tuple(date.fromisoformat(v) for v in json.loads(r.visits)),
        first_session=r.first_session,
        started_at=r.started_at,
        chosen_by=r.display_name,
    )


def of_client(store: Store, clinic_id: int, profile_id: int) -> list[Administration]:
    """Return every questionnaire of the client, by the day it is due."""
    query = (
        select(adm)
        .where(adm.c.clinic_id == clinic_id, adm.c.profile_id == profile_id)
        .order_by(adm.c.due_at, adm.c.id)
    )
    with store.reading() as c:
        return [administration(r) for r in c.execute(query)]


def of_clients(store: Store, clinic_id: int, profile_ids: Sequence[int]) -> list[Administration]:
    """Return the questionnaires of the clients ``profile_ids`` of the clinic."""
    if not profile_ids:
        return []
    query = (
        select(adm)
        .where(adm.c.clinic_id == clinic_id, adm.c.profile_id.in_(profile_ids))
        .order_by(adm.c.due_at, adm.c.id)
    )
    with store.reading() as c:
        return [administration(r) for r in c.execute(query)]


def add_link(
    store: Store, found: Administration, *, clinic_id: int, token_hash: str, now: datetime
) -> None:
    """Keep a new link (its token's hash) to ``found``; it expires with the questionnaire."""
    with store.writing() as c:
        c.execute(
            links.insert().values(
                token_hash=token_hash,
                profile_id=found.profile_id,
                clinic_id=clinic_id,
                administration_id=found.id,
                created_at=now,
                expires_at=found.expires_at,
            )
        )


def links_made(store: Store, clinic_id: int, profile_id: int) -> dict[int, datetime]:
    """Return {administration id: when its newest link was made} for one client."""
    newest = func.max(links.c.created_at)
    query = (
        select(links.c.administration_id, newest)
        .where(links.c.clinic_id == clinic_id, links.c.profile_id == profile_id)
        .group_by(links.c.administration_id)
    )
    with store.reading() as c:
        return {int(r[0]): r[1] for r in c.execute(query)}


def link_scope(store: Store, token_hash: str) -> tuple[int, int] | None:
    """Return the clinic and the client profile of the link ``token_hash``, or None.

    Reads the links alone: they carry no row security (looked up before any clinic
    is known); what they lead to is read in the scope returned here.
    """
    query = select(links.c.clinic_id, links.c.profile_id).where(links.c.token_hash == token_hash)
    with store.reading() as c:
        r = c.execute(query).first()
    return None if r is None else (int(r.clinic_id), int(r.profile_id))


def by_token(store: Store, token_hash: str) -> LinkOpening | None:
    """Return what the link ``token_hash`` opens, whatever its state, or None (unknown)."""
    query = (
        select(
            adm,
            links.c.expires_at.label("link_expires_at"),
            clinics.c.name.label("clinic_name"),
            profiles.c.tz,
            profiles.c.language,
        )
        .join(adm, (adm.c.id == links.c.administration_id) & (adm.c.clinic_id == links.c.clinic_id))
        .join(clinics, clinics.c.id == adm.c.clinic_id)
        .join(profiles, profiles.c.id == adm.c.profile_id)
        .where(links.c.token_hash == token_hash)
    )
    with store.reading() as c:
        r = c.execute(query).first()
    if r is None:
        return None
    return LinkOpening(
        administration(r), r.clinic_id, r.clinic_name, r.tz, r.language, r.link_expires_at
    )


def move(
    store: Store,
    administration_id: int,
    *,
    states: Sequence[State],
    values: Mapping[str, Any],
) -> bool:
    """Update the questionnaire if it is in one of ``states``; False: it was not."""
    with store.writing() as c:
        return _move(c, administration_id, states, values)


def _move(
    c: Connection, administration_id: int, states: Sequence[State], values: Mapping[str, Any]
) -> bool:
    done = c.execute(
        adm.update()
        .where(adm.c.id == administration_id, adm.c.state.in_([s.value for s in states]))
        .values(**values)
    )
    return done.rowcount == 1


def complete(
    store: Store, found: Administration, response: Response, values: Mapping[str, Any]
) -> Response | None:
    """Keep ``response`` and mark the questionnaire completed; None: it was already done."""
    with store.writing() as c:
        opened = [State(s) for s in OPEN]
        if not _move(c, found.id, opened, {**values, "state": State.COMPLETED.value}):
            return None
        kept = rows.insert_response(c, found.profile_id, response)
        c.execute(adm.update().where(adm.c.id == found.id).values(response_id=kept.id))
        done = values["completed_at"]
        c.execute(links.update().where(links.c.administration_id == found.id).values(used_at=done))
        return kept


def expire(store: Store, now: datetime) -> int:
    """Mark every open questionnaire whose answering window has passed as expired."""
    with store.writing() as c:
        done = c.execute(
            adm.update()
            .where(adm.c.state.in_(OPEN), adm.c.expires_at <= now)
            .values(state=State.EXPIRED.value, partial=None)
        )
        return done.rowcount


def to_reach(store: Store, now: datetime, states: Sequence[State]) -> list[Reached]:
    """Return the open questionnaires in ``states`` due by ``now``, of active clients."""
    query = (
        select(
            adm,
            clinics.c.name.label("clinic_name"),
            accounts.c.email,
            profiles.c.tz,
            profiles.c.language,
        )
        .join(clinics, clinics.c.id == adm.c.clinic_id)
        .join(profiles, profiles.c.id == adm.c.profile_id)
        .join(
            accounts,
            (accounts.c.profile_id == adm.c.profile_id) & (accounts.c.clinic_id == adm.c.clinic_id),
        )
        .where(adm.c.state.in_([s.value for s in states]), accounts.c.active)
        .where(adm.c.due_at <= now, adm.c.expires_at > now)
        .order_by(adm.c.due_at, adm.c.id)
    )
    with store.reading() as c:
        return [
            Reached(administration(r), r.clinic_id, r.clinic_name, r.email, r.tz, r.language)
            for r in c.execute(query)
        ]


@dataclass(frozen=True, slots=True)
class Listed:
    """A questionnaire of one of a therapist's clients, with whose it is."""

    administration: Administration
    client_public_id: str
    client_name: str
    client_tz: str = "UTC"
    client_language: str | None = None  # the client's own choice, if any


def of_therapist(
    store: Store, clinic_id: int, therapist_id: int, until: datetime, *, flagged_only: bool = False
) -> list[Listed]:
    """Return the questionnaires due by ``until`` (or with a warning sign answered "yes")
    of the therapist's active clients; ``flagged_only``: only those with such a "yes"."""
    values = {"clinic_id": clinic_id, "therapist_id": therapist_id, "until": until}
    with store.reading() as c:
        return [_listed(r) for r in c.execute(_therapist_query(flagged_only), values)]


@cache
def _therapist_query(flagged_only: bool) -> Any:
    """``of_therapist``'s statement, built once with bound values (the client list's)."""
    clinic_id: Any = bindparam("clinic_id")
    therapist_id: Any = bindparam("therapist_id")
    query = (
        select(adm, accounts.c.public_id.label("client_public_id"), accounts.c.display_name)
        .add_columns(profiles.c.tz.label("client_tz"), profiles.c.language.label("client_language"))
        .join(
            accounts,
            (accounts.c.profile_id == adm.c.profile_id) & (accounts.c.clinic_id == clinic_id),
        )
        .join(profiles, profiles.c.id == adm.c.profile_id)
        .join(
            assignments,
            (assignments.c.client_id == accounts.c.id)
            & (assignments.c.clinic_id == clinic_id)
            & (assignments.c.therapist_id == therapist_id),
        )
        # A warning sign answered "yes" on a questionnaire opened early shows too.
        .where(adm.c.clinic_id == clinic_id, accounts.c.active)
        .where((adm.c.due_at <= bindparam("until")) | adm.c.red_flag_at.is_not(None))
        .order_by(adm.c.due_at, adm.c.id)
    )
    if flagged_only:
        query = query.where(adm.c.red_flag_at.is_not(None))
    return query


def _listed(r: Any) -> Listed:
    return Listed(
        administration(r), r.client_public_id, r.display_name, r.client_tz, r.client_language
    )
