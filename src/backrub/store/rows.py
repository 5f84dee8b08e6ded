"""Rows in and out: turn domain records into table values and back.

Every insert takes the profile id: a row always belongs to one profile.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any, TypeVar

from sqlalchemy import Connection, Row, Table, bindparam, insert, select

from backrub.domain.records import (
    BodyRegion,
    Cause,
    CheckIn,
    ClearanceRecord,
    Episode,
    PainSpot,
    PlanChoices,
    Profile,
    ProSession,
    Response,
    ScreeningRecord,
    SelfSession,
    Technique,
    Tool,
    ZoneWork,
)
from backrub.errors import StorageError, shown
from backrub.i18n import _
from backrub.store import tables as t

R = TypeVar("R")


def timed(
    table: Table, profile_id: int, since: datetime | None, instrument: str | None = None
) -> tuple[Any, dict[str, Any]]:
    """The statement reading a profile's rows of ``table`` in time order, and its values.

    The statement is built once per shape (``_timed``) with bound values, so
    SQLAlchemy's compiled cache and psycopg's prepared statements are hit
    without building and keying a new statement for every read.
    """
    values: dict[str, Any] = {"profile_id": profile_id}
    if since is not None:
        values["since"] = since
    if instrument is not None:
        values["instrument"] = instrument
    return _timed(table, since is not None, instrument is not None), values


@cache
def _timed(table: Table, since: bool, instrument: bool) -> Any:
    query = select(table).where(table.c.profile_id == bindparam("profile_id"))
    if since:
        query = query.where(table.c.at >= bindparam("since"))
    if instrument:
        query = query.where(table.c.instrument == bindparam("instrument"))
    return query.order_by(table.c.at, table.c.id)


def columns_of(record: Any, *skip: str) -> dict[str, Any]:
    names = [n for n in record.__slots__ if n not in ("id", *skip)]
    return {n: getattr(record, n) for n in names}


def keyed(values: dict[str, Any], record: Any) -> dict[str, Any]:
    """Return ``values`` with the record's own id when it has one (a restore keeps ids)."""
    return values if record.id is None else values | {"id": record.id}


def insert_profile(c: Connection, profile: Profile) -> Profile:
    if c.execute(select(t.profiles.c.id).where(t.profiles.c.name == profile.name)).first():
        raise StorageError(
            _("profile: a profile named %(shown)s already exists", shown=shown(profile.name))
        )
    new_id = c.execute(insert(t.profiles).values(**columns_of(profile))).inserted_primary_key
    return with_id(profile, new_id)


def insert_episode(c: Connection, profile_id: int, episode: Episode) -> Episode:
    values = columns_of(episode) | {"profile_id": profile_id, "cause": episode.cause.value}
    values = keyed(values, episode)
    return with_id(episode, c.execute(insert(t.episodes).values(**values)).inserted_primary_key)


def insert_checkin(c: Connection, profile_id: int, checkin: CheckIn) -> CheckIn:
    values = keyed(columns_of(checkin) | {"profile_id": profile_id}, checkin)
    return with_id(checkin, c.execute(insert(t.checkins).values(**values)).inserted_primary_key)


def insert_pro(
    c: Connection, profile_id: int, session: ProSession, *, therapist_id: int | None = None
) -> ProSession:
    values = columns_of(session) | {"profile_id": profile_id, "technique": session.technique.value}
    if therapist_id is not None:
        values["therapist_id"] = therapist_id
    values = keyed(values, session)
    key = c.execute(insert(t.pro_sessions).values(**values)).inserted_primary_key
    return with_id(session, key)


def insert_self(c: Connection, profile_id: int, session: SelfSession) -> SelfSession:
    values = columns_of(session, "zones") | {"profile_id": profile_id, "tool": session.tool.value}
    values = keyed(values, session)
    key = c.execute(insert(t.self_sessions).values(**values)).inserted_primary_key
    assert key is not None
    if session.zones:
        c.execute(
            insert(t.self_session_zones),
            [
                {
                    "profile_id": profile_id,
                    "session_id": key[0],
                    "position": position,
                    "zone": work.zone.value,
                    "seconds": work.seconds,
                    "gun_level": work.gun_level,
                }
                for position, work in enumerate(session.zones)
            ],
        )
    return with_id(session, key)


def insert_screening(c: Connection, profile_id: int, s: ScreeningRecord) -> ScreeningRecord:
    values = {
        "profile_id": profile_id,
        "screened_on": s.screened_on,
        "answers": _answers_json(s),
        "verdict": s.verdict,
        "restrictions": ",".join(s.restrictions),
    }
    values = keyed(values, s)
    return with_id(s, c.execute(insert(t.screenings).values(**values)).inserted_primary_key)


def _answers_json(s: ScreeningRecord) -> str:
    # The person's own answers stay a plain list of [question, answer] pairs, as
    # every earlier version wrote them; a script's get the marker beside them.
    pairs = [list(a) for a in s.answers]
    if s.answered_by == "person":
        return json.dumps(pairs)
    return json.dumps({"answers": pairs, "answered_by": s.answered_by})


@lru_cache(maxsize=4096)
def screening_answers(text: str) -> Mapping[str, Any]:
    """Return the answers and who gave them from a screening's stored JSON.

    Kept by the text itself (most screenings share a few sets of answers, "no" to
    everything the commonest): read-only, callers unpack it.
    """
    data = json.loads(text)
    answered_by = "person"
    if isinstance(data, dict):
        answered_by = str(data.get("answered_by", "person"))
        data = data["answers"]
    answers = tuple((k, v if isinstance(v, str) else bool(v)) for k, v in data)
    return MappingProxyType({"answers": answers, "answered_by": answered_by})


def insert_spots(c: Connection, profile_id: int, spots: Sequence[PainSpot]) -> None:
    if spots:
        c.execute(
            insert(t.pain_spots),
            [
                keyed(
                    {
                        "profile_id": profile_id,
                        "at": s.at,
                        "tz": s.tz,
                        "region": s.region.value,
                        "intensity": s.intensity,
                        "checkin_id": s.checkin_id,
                    },
                    s,
                )
                for s in spots
            ],
        )


def insert_response(c: Connection, profile_id: int, r: Response) -> Response:
    values = {
        "profile_id": profile_id,
        "at": r.at,
        "tz": r.tz,
        "instrument": r.instrument,
        "answers": json.dumps(list(r.answers)),
        "labels": json.dumps(list(r.labels), ensure_ascii=False),
        "language": r.language,
    }
    values = keyed(values, r)
    return with_id(r, c.execute(insert(t.responses).values(**values)).inserted_primary_key)


def insert_clearance(c: Connection, profile_id: int, r: ClearanceRecord) -> ClearanceRecord:
    lifts = None if r.lifts is None else ",".join(r.lifts)
    values = keyed(columns_of(r) | {"profile_id": profile_id, "lifts": lifts}, r)
    return with_id(r, c.execute(insert(t.clearances).values(**values)).inserted_primary_key)


def insert_plan(c: Connection, profile_id: int, p: PlanChoices) -> PlanChoices:
    params = columns_of(p, "made_on")
    values = {
        "profile_id": profile_id,
        "made_on": p.made_on,
        "params": json.dumps(params, default=str),
    }
    values = keyed(values, p)
    return with_id(p, c.execute(insert(t.plans).values(**values)).inserted_primary_key)


def plan(r: Row[Any]) -> PlanChoices:
    params = json.loads(r.params)
    return PlanChoices(
        id=r.id,
        made_on=r.made_on,
        protocol_id=params["protocol_id"],
        start=date.fromisoformat(params["start"]),
        weekdays=tuple(params["weekdays"]),
        currency=params["currency"],
        tools=tuple(params["tools"]),
        restrictions=tuple(params["restrictions"]),
        price_per_session=params["price_per_session"],
        budget_per_session=params["budget_per_session"],
        budget_total=params["budget_total"],
        self_massage_at=params.get("self_massage_at"),  # plans made before it was asked lack it
    )


def with_id(record: R, key: Sequence[Any] | None) -> R:
    assert key is not None
    return replace(record, id=int(key[0]))  # type: ignore[type-var]


def profile(r: Row[Any]) -> Profile:
    return Profile(id=r.id, name=r.name, tz=r.tz, created_at=r.created_at, language=r.language)


def episode(r: Row[Any]) -> Episode:
    return Episode(
        id=r.id,
        onset=r.onset,
        leg_pain_below_knee=bool(r.leg_pain_below_knee),
        cause=Cause(r.cause),
        note=r.note,
    )


def checkin(r: Row[Any]) -> CheckIn:
    return _checkin(tuple(r), r._fields)


# A check-in is read again on every page of its person (a review reads back to the
# last screening): made once per process from the row's values, all of them in the
# key, so a changed row can never be answered from here. CheckIn is frozen.
@lru_cache(maxsize=32768)
def _checkin(values: tuple[Any, ...], fields: tuple[str, ...]) -> CheckIn:
    r = dict(zip(fields, values, strict=True))
    return CheckIn(
        id=r["id"],
        at=r["at"],
        tz=r["tz"],
        pain=r["pain"],
        soreness=r["soreness"],
        sleep=r["sleep"],
        activity_min=r["activity_min"],
        medication_taken=None if r["medication_taken"] is None else bool(r["medication_taken"]),
        medication=r["medication"],
        note=r["note"],
        new_leg_symptoms=None if r["new_leg_symptoms"] is None else bool(r["new_leg_symptoms"]),
    )


def response(r: Any) -> Response:
    return _response(r.id, r.at, r.tz, r.instrument, r.answers, r.labels, r.language)


# Parsed once per process, keyed by every stored value (as ``_checkin``).
@lru_cache(maxsize=16384)
def _response(
    id: int, at: datetime, tz: str, instrument: str, answers: str, labels: str, language: str
) -> Response:
    return Response(
        id=id,
        at=at,
        tz=tz,
        instrument=instrument,
        answers=tuple(json.loads(answers)),
        labels=tuple(json.loads(labels)),
        language=language,
    )


def spot(r: Row[Any]) -> PainSpot:
    return PainSpot(
        id=r.id,
        at=r.at,
        tz=r.tz,
        region=BodyRegion(r.region),
        intensity=r.intensity,
        checkin_id=r.checkin_id,
    )


def pro(r: Row[Any]) -> ProSession:
    return ProSession(
        id=r.id,
        at=r.at,
        tz=r.tz,
        technique=Technique(r.technique),
        duration_min=r.duration_min,
        cost_cents=r.cost_cents,
        currency=r.currency,
        therapist=r.therapist,
        subjective=r.subjective,
        objective=r.objective,
        assessment=r.assessment,
        plan=r.plan,
    )


def self(r: Row[Any], zones: tuple[ZoneWork, ...]) -> SelfSession:
    return SelfSession(
        id=r.id,
        at=r.at,
        tz=r.tz,
        tool=Tool(r.tool),
        zones=zones,
        pain_before=r.pain_before,
        pain_during=r.pain_during,
        pain_after=r.pain_after,
        override_reason=r.override_reason,
        note=r.note,
    )
