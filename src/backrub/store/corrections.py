"""Read one record by id, replace it or delete it: always within one profile.

Every statement filters by the profile id as well as the record id, so an id
that belongs to another profile reads as missing (``NotFound``), never as
someone else's record. Each change runs in one transaction.

A check-in's body-map marks are the marks saved with it (``checkin --where``
and the API check-in; ``pain_spots.checkin_id``): moving the check-in moves
them with it, deleting it deletes them. Another check-in at the same moment
keeps its own.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, delete, insert, select, update

from backrub.domain.records import (
    CheckIn,
    PainSpot,
    ProSession,
    Response,
    SelfSession,
    Zone,
    ZoneWork,
)
from backrub.errors import NotFound
from backrub.i18n import _, pgettext
from backrub.store import rows
from backrub.store import tables as t


# What a missing record is called in the one line a person reads.
def _kind(table: Table) -> str:
    """Return the kind of record a table holds, in the person's language."""
    kinds = {
        "checkins": pgettext("record kind", "check-in"),
        "pro_sessions": pgettext("record kind", "professional session"),
        "self_sessions": pgettext("record kind", "self-massage session"),
        "responses": pgettext("record kind", "questionnaire response"),
        "pain_spots": pgettext("record kind", "body-map mark"),
    }
    return kinds[table.name]


def _missing(table: Table, record_id: int) -> NotFound:
    return NotFound(
        _(
            "id: there is no %(kind)s %(record_id)s in this profile",
            kind=_kind(table),
            record_id=record_id,
        )
    )


def _row(c: Connection, table: Table, profile_id: int, record_id: int) -> Any:
    query = select(table).where(table.c.id == record_id, table.c.profile_id == profile_id)
    row = c.execute(query).first()
    if row is None:
        raise _missing(table, record_id)
    return row


def _zones(c: Connection, profile_id: int, session_id: int) -> tuple[ZoneWork, ...]:
    z = t.self_session_zones
    query = (
        select(z)
        .where(z.c.profile_id == profile_id, z.c.session_id == session_id)
        .order_by(z.c.position)
    )
    return tuple(
        ZoneWork(zone=Zone(r.zone), seconds=r.seconds, gun_level=r.gun_level)
        for r in c.execute(query)
    )


def _response(r: Any) -> Response:
    return rows.response(r)


def _replace(c: Connection, table: Table, profile_id: int, record_id: int, **values: Any) -> None:
    done = c.execute(
        update(table)
        .where(table.c.id == record_id, table.c.profile_id == profile_id)
        .values(**values)
    )
    if done.rowcount != 1:
        raise _missing(table, record_id)


def _delete(c: Connection, table: Table, profile_id: int, record_id: int) -> None:
    done = c.execute(delete(table).where(table.c.id == record_id, table.c.profile_id == profile_id))
    if done.rowcount != 1:
        raise _missing(table, record_id)


def _id(record: Any) -> int:
    if record.id is None:
        raise NotFound(_("id: the record to change has no id"))
    return int(record.id)


class Corrections:
    """The ``Store``'s methods for correcting mistakes (mixed into ``Store``)."""

    if TYPE_CHECKING:

        def reading(self) -> AbstractContextManager[Connection]: ...

        def writing(self) -> AbstractContextManager[Connection]: ...

    # -- check-ins and their marks ------------------------------------------------------

    def checkin(self, profile_id: int, checkin_id: int) -> CheckIn:
        with self.reading() as c:
            return rows.checkin(_row(c, t.checkins, profile_id, checkin_id))

    def marks_of(self, profile_id: int, checkin_id: int) -> list[PainSpot]:
        """Return the body-map marks saved with check-in ``checkin_id``."""
        s = t.pain_spots
        query = select(s).where(s.c.profile_id == profile_id, s.c.checkin_id == checkin_id)
        with self.reading() as c:
            return [rows.spot(r) for r in c.execute(query.order_by(s.c.id))]

    def own_marks_at(self, profile_id: int, at: datetime) -> list[PainSpot]:
        """Return the marks made on their own (no check-in) at the moment ``at``."""
        s = t.pain_spots
        query = select(s).where(
            s.c.profile_id == profile_id, s.c.at == at, s.c.checkin_id.is_(None)
        )
        with self.reading() as c:
            return [rows.spot(r) for r in c.execute(query.order_by(s.c.id))]

    def replace_checkin(self, profile_id: int, checkin: CheckIn) -> CheckIn:
        """Save ``checkin`` over the stored one with its id; its marks move with its time."""
        record_id = _id(checkin)
        with self.writing() as c:
            _row(c, t.checkins, profile_id, record_id)
            _replace(c, t.checkins, profile_id, record_id, **rows.columns_of(checkin))
            s = t.pain_spots
            c.execute(
                update(s)
                .where(s.c.profile_id == profile_id, s.c.checkin_id == record_id)
                .values(at=checkin.at)
            )
        return checkin

    def delete_checkin(self, profile_id: int, checkin_id: int) -> int:
        """Delete a check-in and the body-map marks saved with it; return how many marks."""
        with self.writing() as c:
            _row(c, t.checkins, profile_id, checkin_id)
            s = t.pain_spots
            marks = c.execute(
                delete(s).where(s.c.profile_id == profile_id, s.c.checkin_id == checkin_id)
            )
            _delete(c, t.checkins, profile_id, checkin_id)
        return int(marks.rowcount)

    # -- sessions -----------------------------------------------------------------------

    def pro_session(self, profile_id: int, session_id: int) -> ProSession:
        with self.reading() as c:
            return rows.pro(_row(c, t.pro_sessions, profile_id, session_id))

    def replace_pro_session(self, profile_id: int, session: ProSession) -> ProSession:
        values = rows.columns_of(session) | {"technique": session.technique.value}
        with self.writing() as c:
            _replace(c, t.pro_sessions, profile_id, _id(session), **values)
        return session

    def delete_pro_session(self, profile_id: int, session_id: int) -> None:
        with self.writing() as c:
            _delete(c, t.pro_sessions, profile_id, session_id)

    def self_session(self, profile_id: int, session_id: int) -> SelfSession:
        with self.reading() as c:
            row = _row(c, t.self_sessions, profile_id, session_id)
            return rows.self(row, _zones(c, profile_id, session_id))

    def replace_self_session(self, profile_id: int, session: SelfSession) -> SelfSession:
        """Save ``session`` over the stored one, its zones replaced in the same transaction."""
        record_id = _id(session)
        values = rows.columns_of(session, "zones") | {"tool": session.tool.value}
        z = t.self_session_zones
        with self.writing() as c:
            _replace(c, t.self_sessions, profile_id, record_id, **values)
            c.execute(delete(z).where(z.c.profile_id == profile_id, z.c.session_id == record_id))
            c.execute(
                insert(z),  # a session always has a zone: parse_zones refuses none
                [
                    {
                        "profile_id": profile_id,
                        "session_id": record_id,
                        "position": position,
                        "zone": work.zone.value,
                        "seconds": work.seconds,
                        "gun_level": work.gun_level,
                    }
                    for position, work in enumerate(session.zones)
                ],
            )
        return session

    def delete_self_session(self, profile_id: int, session_id: int) -> None:
        z = t.self_session_zones
        with self.writing() as c:
            _row(c, t.self_sessions, profile_id, session_id)
            c.execute(delete(z).where(z.c.profile_id == profile_id, z.c.session_id == session_id))
            _delete(c, t.self_sessions, profile_id, session_id)

    # -- questionnaires and the body map ------------------------------------------------

    def response(self, profile_id: int, response_id: int) -> Response:
        with self.reading() as c:
            return _response(_row(c, t.responses, profile_id, response_id))

    def replace_response(self, profile_id: int, response: Response) -> Response:
        values = {
            "at": response.at,
            "tz": response.tz,
            "instrument": response.instrument,
            "answers": json.dumps(list(response.answers)),
            "labels": json.dumps(list(response.labels), ensure_ascii=False),
        }
        with self.writing() as c:
            _replace(c, t.responses, profile_id, _id(response), **values)
        return response

    def delete_response(self, profile_id: int, response_id: int) -> None:
        with self.writing() as c:
            _delete(c, t.responses, profile_id, response_id)

    def pain_spot(self, profile_id: int, spot_id: int) -> PainSpot:
        with self.reading() as c:
            return rows.spot(_row(c, t.pain_spots, profile_id, spot_id))

    def replace_pain_spot(self, profile_id: int, spot: PainSpot) -> PainSpot:
        values = {"at": spot.at, "tz": spot.tz, "region": spot.region.value}
        with self.writing() as c:
            _replace(c, t.pain_spots, profile_id, _id(spot), intensity=spot.intensity, **values)
        return spot

    def delete_pain_spot(self, profile_id: int, spot_id: int) -> None:
        with self.writing() as c:
            _delete(c, t.pain_spots, profile_id, spot_id)
