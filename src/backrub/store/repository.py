"""The repository: domain objects in, domain objects out, always scoped by profile."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Row, Table, insert, select
from sqlalchemy.exc import OperationalError

from backrub.domain.records import (
    BodyRegion,
    Cause,
    CheckIn,
    ClearanceRecord,
    Episode,
    PainSpot,
    PlanChoices,
    Profile,
    ProfileData,
    ProSession,
    Response,
    ScreeningRecord,
    SelfSession,
    Technique,
    Tool,
    Zone,
    ZoneWork,
)
from backrub.errors import NotFound, StorageError
from backrub.store import tables as t
from backrub.store.engine import make_engine, resolve_url
from backrub.store.schema import migrate

R = TypeVar("R")


def open_store(url_or_path: str) -> Store:
    """Open (and migrate) the database at ``url_or_path``; unreachable is a StorageError."""
    url = resolve_url(url_or_path)
    engine = make_engine(url)
    try:
        migrate(engine)
    except OperationalError as error:
        engine.dispose()
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        shown = engine.url.render_as_string(hide_password=True)
        raise StorageError(f"--db: cannot open {shown}: {reason}") from None
    return Store(engine)


class Store:
    """All reads and writes of backrub's data. Methods take the profile id first."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            yield connection

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction: everything inside commits together or not at all."""
        with (
            self.engine.connect().execution_options(backrub_write=True) as connection,
            connection.begin(),
        ):
            yield connection

    # -- settings kept in the database ------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        with self.reading() as c:
            value = c.execute(select(t.meta.c.value).where(t.meta.c.key == key)).scalar()
        return None if value is None else str(value)

    def set_meta(self, key: str, value: str) -> None:
        with self.writing() as c:
            c.execute(t.meta.delete().where(t.meta.c.key == key))
            c.execute(insert(t.meta).values(key=key, value=value))

    # -- profiles -----------------------------------------------------------------------

    def add_profile(self, profile: Profile) -> Profile:
        with self.writing() as c:
            return _insert_profile(c, profile)

    def profiles(self) -> list[Profile]:
        with self.reading() as c:
            rows = c.execute(select(t.profiles).order_by(t.profiles.c.id)).all()
        return [_profile(r) for r in rows]

    def profile(self, name: str) -> Profile:
        with self.reading() as c:
            row = c.execute(select(t.profiles).where(t.profiles.c.name == name)).first()
        if row is None:
            known = ", ".join(p.name for p in self.profiles()) or "none yet"
            raise NotFound(f"--profile: no profile named {name!r} (profiles: {known})")
        return _profile(row)

    def delete_profile(self, profile: Profile) -> None:
        """Delete a profile and every row that belongs to it."""
        with self.writing() as c:
            for table in (
                t.pain_spots,
                t.responses,
                t.plans,
                t.clearances,
                t.screenings,
                t.self_session_zones,
                t.self_sessions,
                t.pro_sessions,
                t.checkins,
                t.episodes,
            ):
                c.execute(table.delete().where(table.c.profile_id == profile.id))
            c.execute(t.profiles.delete().where(t.profiles.c.id == profile.id))

    # -- records ------------------------------------------------------------------------

    def add_episode(self, profile_id: int, episode: Episode) -> Episode:
        with self.writing() as c:
            return _insert_episode(c, profile_id, episode)

    def add_checkin(self, profile_id: int, checkin: CheckIn) -> CheckIn:
        with self.writing() as c:
            return _insert_checkin(c, profile_id, checkin)

    def add_pro_session(self, profile_id: int, session: ProSession) -> ProSession:
        with self.writing() as c:
            return _insert_pro(c, profile_id, session)

    def add_self_session(self, profile_id: int, session: SelfSession) -> SelfSession:
        with self.writing() as c:
            return _insert_self(c, profile_id, session)

    def episodes(self, profile_id: int) -> list[Episode]:
        query = select(t.episodes).where(t.episodes.c.profile_id == profile_id)
        with self.reading() as c:
            return [_episode(r) for r in c.execute(query.order_by(t.episodes.c.id))]

    def checkins(self, profile_id: int, *, since: datetime | None = None) -> list[CheckIn]:
        with self.reading() as c:
            rows = c.execute(_timed(t.checkins, profile_id, since)).all()
        return [_checkin(r) for r in rows]

    def pro_sessions(self, profile_id: int, *, since: datetime | None = None) -> list[ProSession]:
        with self.reading() as c:
            rows = c.execute(_timed(t.pro_sessions, profile_id, since)).all()
        return [_pro(r) for r in rows]

    def self_sessions(self, profile_id: int, *, since: datetime | None = None) -> list[SelfSession]:
        with self.reading() as c:
            rows = c.execute(_timed(t.self_sessions, profile_id, since)).all()
            zone_query = (
                select(t.self_session_zones)
                .where(t.self_session_zones.c.profile_id == profile_id)
                .order_by(t.self_session_zones.c.session_id, t.self_session_zones.c.position)
            )
            if since is not None:
                zone_query = zone_query.where(
                    t.self_session_zones.c.session_id.in_([r.id for r in rows])
                )
            zones: dict[int, list[ZoneWork]] = {}
            for z in c.execute(zone_query):
                zones.setdefault(z.session_id, []).append(
                    ZoneWork(zone=Zone(z.zone), seconds=z.seconds, gun_level=z.gun_level)
                )
        return [_self(r, tuple(zones.get(r.id, ()))) for r in rows]

    def load(self, profile: Profile) -> ProfileData:
        """Return everything ``profile`` holds, for a backup."""
        assert profile.id is not None
        return ProfileData(
            profile=profile,
            episodes=tuple(self.episodes(profile.id)),
            checkins=tuple(self.checkins(profile.id)),
            pro_sessions=tuple(self.pro_sessions(profile.id)),
            self_sessions=tuple(self.self_sessions(profile.id)),
            screenings=tuple(self.screenings(profile.id)),
            clearances=tuple(self.clearances(profile.id)),
            plans=tuple(self.plans(profile.id)),
            responses=tuple(self.responses(profile.id)),
            pain_spots=tuple(self.pain_spots(profile.id)),
        )

    def restore(self, data: ProfileData) -> Profile:
        """Write a whole profile in one transaction: all of it or nothing."""
        with self.writing() as c:
            profile = _insert_profile(c, data.profile)
            assert profile.id is not None
            for episode in data.episodes:
                _insert_episode(c, profile.id, episode)
            for checkin in data.checkins:
                _insert_checkin(c, profile.id, checkin)
            for pro in data.pro_sessions:
                _insert_pro(c, profile.id, pro)
            for session in data.self_sessions:
                _insert_self(c, profile.id, session)
            for screening in data.screenings:
                _insert_screening(c, profile.id, screening)
            for clearance in data.clearances:
                _insert_clearance(c, profile.id, clearance)
            for choices in data.plans:
                _insert_plan(c, profile.id, choices)
            for response in data.responses:
                _insert_response(c, profile.id, response)
            _insert_spots(c, profile.id, data.pain_spots)
        return profile

    def add_pain_spots(self, profile_id: int, spots: Sequence[PainSpot]) -> None:
        """Save one body-map entry (several regions at one moment) in one transaction."""
        with self.writing() as c:
            _insert_spots(c, profile_id, spots)

    def pain_spots(self, profile_id: int, *, since: datetime | None = None) -> list[PainSpot]:
        with self.reading() as c:
            return [
                PainSpot(
                    id=r.id, at=r.at, tz=r.tz, region=BodyRegion(r.region), intensity=r.intensity
                )
                for r in c.execute(_timed(t.pain_spots, profile_id, since))
            ]

    def add_response(self, profile_id: int, response: Response) -> Response:
        with self.writing() as c:
            return _insert_response(c, profile_id, response)

    def responses(
        self, profile_id: int, *, instrument: str | None = None, since: datetime | None = None
    ) -> list[Response]:
        query = _timed(t.responses, profile_id, since)
        if instrument is not None:
            query = query.where(t.responses.c.instrument == instrument)
        with self.reading() as c:
            return [
                Response(
                    id=r.id,
                    at=r.at,
                    tz=r.tz,
                    instrument=r.instrument,
                    answers=tuple(json.loads(r.answers)),
                    labels=tuple(json.loads(r.labels)),
                )
                for r in c.execute(query)
            ]

    # -- safety and plans ---------------------------------------------------------------

    def add_screening(self, profile_id: int, screening: ScreeningRecord) -> ScreeningRecord:
        with self.writing() as c:
            return _insert_screening(c, profile_id, screening)

    def add_clearance(self, profile_id: int, clearance: ClearanceRecord) -> ClearanceRecord:
        with self.writing() as c:
            return _insert_clearance(c, profile_id, clearance)

    def add_plan(self, profile_id: int, choices: PlanChoices) -> PlanChoices:
        with self.writing() as c:
            return _insert_plan(c, profile_id, choices)

    def screenings(self, profile_id: int) -> list[ScreeningRecord]:
        table = t.screenings
        query = select(table).where(table.c.profile_id == profile_id).order_by(table.c.id)
        with self.reading() as c:
            return [
                ScreeningRecord(
                    id=r.id,
                    screened_on=r.screened_on,
                    answers=tuple((k, bool(v)) for k, v in json.loads(r.answers)),
                    verdict=r.verdict,
                    restrictions=tuple(x for x in r.restrictions.split(",") if x),
                )
                for r in c.execute(query)
            ]

    def clearances(self, profile_id: int) -> list[ClearanceRecord]:
        table = t.clearances
        query = select(table).where(table.c.profile_id == profile_id).order_by(table.c.id)
        with self.reading() as c:
            return [
                ClearanceRecord(
                    id=r.id, cleared_on=r.cleared_on, cleared_by=r.cleared_by, note=r.note
                )
                for r in c.execute(query)
            ]

    def plans(self, profile_id: int) -> list[PlanChoices]:
        table = t.plans
        query = select(table).where(table.c.profile_id == profile_id).order_by(table.c.id)
        with self.reading() as c:
            return [_plan(r) for r in c.execute(query)]


def _timed(table: Table, profile_id: int, since: datetime | None) -> Any:
    query = select(table).where(table.c.profile_id == profile_id)
    if since is not None:
        query = query.where(table.c.at >= since)
    return query.order_by(table.c.at, table.c.id)


def _values(record: Any, *skip: str) -> dict[str, Any]:
    names = [n for n in record.__slots__ if n not in ("id", *skip)]
    return {n: getattr(record, n) for n in names}


def _insert_profile(c: Connection, profile: Profile) -> Profile:
    if c.execute(select(t.profiles.c.id).where(t.profiles.c.name == profile.name)).first():
        raise StorageError(f"profile: a profile named {profile.name!r} already exists")
    new_id = c.execute(insert(t.profiles).values(**_values(profile))).inserted_primary_key
    return _with_id(profile, new_id)


def _insert_episode(c: Connection, profile_id: int, episode: Episode) -> Episode:
    values = _values(episode) | {"profile_id": profile_id, "cause": episode.cause.value}
    return _with_id(episode, c.execute(insert(t.episodes).values(**values)).inserted_primary_key)


def _insert_checkin(c: Connection, profile_id: int, checkin: CheckIn) -> CheckIn:
    values = _values(checkin) | {"profile_id": profile_id}
    return _with_id(checkin, c.execute(insert(t.checkins).values(**values)).inserted_primary_key)


def _insert_pro(c: Connection, profile_id: int, session: ProSession) -> ProSession:
    values = _values(session) | {"profile_id": profile_id, "technique": session.technique.value}
    key = c.execute(insert(t.pro_sessions).values(**values)).inserted_primary_key
    return _with_id(session, key)


def _insert_self(c: Connection, profile_id: int, session: SelfSession) -> SelfSession:
    values = _values(session, "zones") | {"profile_id": profile_id, "tool": session.tool.value}
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
    return _with_id(session, key)


def _insert_screening(c: Connection, profile_id: int, s: ScreeningRecord) -> ScreeningRecord:
    values = {
        "profile_id": profile_id,
        "screened_on": s.screened_on,
        "answers": json.dumps([list(a) for a in s.answers]),
        "verdict": s.verdict,
        "restrictions": ",".join(s.restrictions),
    }
    return _with_id(s, c.execute(insert(t.screenings).values(**values)).inserted_primary_key)


def _insert_spots(c: Connection, profile_id: int, spots: Sequence[PainSpot]) -> None:
    if spots:
        c.execute(
            insert(t.pain_spots),
            [
                {
                    "profile_id": profile_id,
                    "at": s.at,
                    "tz": s.tz,
                    "region": s.region.value,
                    "intensity": s.intensity,
                }
                for s in spots
            ],
        )


def _insert_response(c: Connection, profile_id: int, r: Response) -> Response:
    values = {
        "profile_id": profile_id,
        "at": r.at,
        "tz": r.tz,
        "instrument": r.instrument,
        "answers": json.dumps(list(r.answers)),
        "labels": json.dumps(list(r.labels), ensure_ascii=False),
    }
    return _with_id(r, c.execute(insert(t.responses).values(**values)).inserted_primary_key)


def _insert_clearance(c: Connection, profile_id: int, r: ClearanceRecord) -> ClearanceRecord:
    values = _values(r) | {"profile_id": profile_id}
    return _with_id(r, c.execute(insert(t.clearances).values(**values)).inserted_primary_key)


def _insert_plan(c: Connection, profile_id: int, p: PlanChoices) -> PlanChoices:
    params = _values(p, "made_on")
    values = {
        "profile_id": profile_id,
        "made_on": p.made_on,
        "params": json.dumps(params, default=str),
    }
    return _with_id(p, c.execute(insert(t.plans).values(**values)).inserted_primary_key)


def _plan(r: Row[Any]) -> PlanChoices:
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
    )


def _with_id(record: R, key: Sequence[Any] | None) -> R:
    assert key is not None
    return replace(record, id=int(key[0]))  # type: ignore[type-var]


def _profile(r: Row[Any]) -> Profile:
    return Profile(id=r.id, name=r.name, tz=r.tz, created_at=r.created_at)


def _episode(r: Row[Any]) -> Episode:
    return Episode(
        id=r.id,
        onset=r.onset,
        leg_pain_below_knee=bool(r.leg_pain_below_knee),
        cause=Cause(r.cause),
        note=r.note,
    )


def _checkin(r: Row[Any]) -> CheckIn:
    return CheckIn(
        id=r.id,
        at=r.at,
        tz=r.tz,
        pain=r.pain,
        soreness=r.soreness,
        sleep=r.sleep,
        activity_min=r.activity_min,
        medication_taken=None if r.medication_taken is None else bool(r.medication_taken),
        medication=r.medication,
        note=r.note,
    )


def _pro(r: Row[Any]) -> ProSession:
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


def _self(r: Row[Any], zones: tuple[ZoneWork, ...]) -> SelfSession:
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
