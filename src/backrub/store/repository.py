"""The repository: domain objects in, domain objects out, always scoped by profile."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from backrub.domain.records import (
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
    Zone,
    ZoneWork,
)
from backrub.errors import NotFound, StorageError, cut, shown
from backrub.i18n import _
from backrub.store import rows
from backrub.store import tables as t
from backrub.store.connections import Connections
from backrub.store.corrections import Corrections
from backrub.store.engine import (
    make_engine,
    require_server_database,
    resolve_url,
    sqlite_file_problem,
)
from backrub.store.reading import read_once
from backrub.store.recall import Recall
from backrub.store.schema import migrate, require_current


def open_store(url_or_path: str, *, server_only: bool = False, upgrade: bool = True) -> Store:
    """Open (and migrate) the database at ``url_or_path``; unreachable is a StorageError.

    ``server_only`` (the clinic server): a SQLite file or URL is refused, saying why.
    ``upgrade=False``: a database without backrub's current tables is refused, and
    nothing is created or upgraded in it.

    A file that is not a database (text, a picture, an empty file, a folder) or a
    database holding other tables is refused and left as it was.
    """
    url = require_server_database(url_or_path) if server_only else resolve_url(url_or_path)
    problem = sqlite_file_problem(url)
    if problem is not None:
        raise StorageError(
            _("--db: cannot open %(shown)s: %(problem)s", shown=_shown(url), problem=problem)
        )
    engine = make_engine(url, clinic=server_only)
    try:
        migrate(engine) if upgrade else require_current(engine)
    except DBAPIError as error:
        engine.dispose()
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise StorageError(
            _("--db: cannot open %(shown)s: %(cut)s", shown=_shown(url), cut=cut(reason, 200))
        ) from None
    except StorageError as error:
        engine.dispose()
        raise StorageError(
            _("--db: cannot open %(shown)s: %(error)s", shown=_shown(url), error=error)
        ) from None
    return Store(engine)


def _shown(url: str) -> str:
    return cut(make_url(url).render_as_string(hide_password=True))  # as long as any value shown


class Store(Connections, Corrections):
    """All reads and writes of backrub's data. Methods take the profile id first."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.recall = Recall()  # records made from rows already read (store/recall.py)

    def close(self) -> None:
        self.engine.dispose()

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
            return rows.insert_profile(c, profile)

    def profiles(self) -> list[Profile]:
        with self.reading() as c:
            found = c.execute(select(t.profiles).order_by(t.profiles.c.id)).all()
        return [rows.profile(r) for r in found]

    def profile(self, name: str) -> Profile:
        with self.reading() as c:
            row = c.execute(select(t.profiles).where(t.profiles.c.name == name)).first()
        if row is None:
            known = ", ".join(p.name for p in self.profiles()) or _("none yet")
            raise NotFound(
                _(
                    "--profile: no profile named %(shown)s (profiles: %(known)s)",
                    shown=shown(name),
                    known=known,
                )
            )
        return rows.profile(row)

    def set_profile_zone(self, profile_id: int, tz: str) -> None:
        """Change the zone of a profile (its records keep the zone they were made in)."""
        with self.writing() as c:
            c.execute(t.profiles.update().where(t.profiles.c.id == profile_id).values(tz=tz))

    def set_profile_language(self, profile_id: int, language: str | None) -> None:
        """Change the language a profile is shown in (nothing else changes)."""
        with self.writing() as c:
            c.execute(
                t.profiles.update().where(t.profiles.c.id == profile_id).values(language=language)
            )

    def rename_profile(self, profile: Profile, name: str, *, default_key: str) -> None:
        """Rename a profile; the setting ``default_key`` follows it when it named it."""
        assert profile.id is not None
        with self.writing() as c:
            c.execute(t.profiles.update().where(t.profiles.c.id == profile.id).values(name=name))
            c.execute(
                t.meta.update()
                .where(t.meta.c.key == default_key, t.meta.c.value == profile.name)
                .values(value=name)
            )

    def delete_profile(self, profile: Profile, *, default_key: str | None = None) -> None:
        """Delete a profile and every row that belongs to it, in one transaction.

        The setting ``default_key`` is removed with it when it named this profile.
        """
        from backrub.store.restore import delete_rows

        assert profile.id is not None
        with self.writing() as c:
            delete_rows(c, profile.id)
            if default_key is not None:
                c.execute(
                    t.meta.delete().where(
                        t.meta.c.key == default_key, t.meta.c.value == profile.name
                    )
                )

    # -- records ------------------------------------------------------------------------

    def add_episode(self, profile_id: int, episode: Episode) -> Episode:
        with self.writing() as c:
            return rows.insert_episode(c, profile_id, episode)

    def add_checkin(
        self, profile_id: int, checkin: CheckIn, spots: Sequence[PainSpot] = ()
    ) -> CheckIn:
        """Save a check-in and its body-map marks in one transaction: all or nothing.

        The marks are linked to the check-in (``checkin_id``): they move and go with it.
        """
        with self.writing() as c:
            saved = rows.insert_checkin(c, profile_id, checkin)
            rows.insert_spots(c, profile_id, [replace(s, checkin_id=saved.id) for s in spots])
        return saved

    def add_pro_session(
        self, profile_id: int, session: ProSession, *, therapist_id: int | None = None
    ) -> ProSession:
        """Add a session; ``therapist_id``: the clinic's therapist account who wrote it."""
        with self.writing() as c:
            return rows.insert_pro(c, profile_id, session, therapist_id=therapist_id)

    def add_self_session(self, profile_id: int, session: SelfSession) -> SelfSession:
        with self.writing() as c:
            return rows.insert_self(c, profile_id, session)

    def episodes(self, profile_id: int) -> list[Episode]:
        query = select(t.episodes).where(t.episodes.c.profile_id == profile_id)
        with self.reading() as c:
            return [rows.episode(r) for r in c.execute(query.order_by(t.episodes.c.id))]

    @read_once  # within one page, read once (store/reading.py)
    def checkins(self, profile_id: int, *, since: datetime | None = None) -> list[CheckIn]:
        with self.reading() as c:
            if since is None:
                kept = self.recall.all_rows(c, t.checkins, profile_id, rows.checkin)
                if kept is not None:
                    return kept
            found = c.execute(*rows.timed(t.checkins, profile_id, since)).all()
        return [rows.checkin(r) for r in found]

    @read_once  # within one page, read once (store/reading.py)
    def pro_sessions(self, profile_id: int, *, since: datetime | None = None) -> list[ProSession]:
        with self.reading() as c:
            if since is None:
                kept = self.recall.all_rows(c, t.pro_sessions, profile_id, rows.pro)
                if kept is not None:
                    return kept
            found = c.execute(*rows.timed(t.pro_sessions, profile_id, since)).all()
        return [rows.pro(r) for r in found]

    @read_once  # within one page, read once (store/reading.py)
    def self_sessions(self, profile_id: int, *, since: datetime | None = None) -> list[SelfSession]:
        with self.reading() as c:
            if since is None:
                kept = self.recall.all_rows_with_parts(
                    c, t.self_sessions, t.self_session_zones, profile_id, _self_session
                )
                if kept is not None:
                    return kept
            found = c.execute(*rows.timed(t.self_sessions, profile_id, since)).all()
            if not found:
                return []
            zone_query = (
                select(t.self_session_zones)
                .where(t.self_session_zones.c.profile_id == profile_id)
                .order_by(t.self_session_zones.c.session_id, t.self_session_zones.c.position)
            )
            if since is not None:
                zone_query = zone_query.where(
                    t.self_session_zones.c.session_id.in_([r.id for r in found])
                )
            zones: dict[int, list[ZoneWork]] = {}
            for z in c.execute(zone_query):
                zones.setdefault(z.session_id, []).append(
                    ZoneWork(zone=Zone(z.zone), seconds=z.seconds, gun_level=z.gun_level)
                )
        return [rows.self(r, tuple(zones.get(r.id, ()))) for r in found]

    def holdings(self, profile_id: int) -> list[tuple[str, int, datetime | None, datetime | None]]:
        """Return each kind of timed record's count, first and last time, without loading it."""
        kinds = (t.checkins, t.pro_sessions, t.self_sessions, t.responses, t.pain_spots)
        found = []
        with self.reading() as c:
            for table in kinds:
                query = select(func.count(), func.min(table.c.at), func.max(table.c.at))
                n, first, last = c.execute(query.where(table.c.profile_id == profile_id)).one()
                found.append((table.name, int(n), first, last))
        return found

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

    def restore(self, data: ProfileData, *, replacing: Profile | None = None) -> Profile:
        """Write a whole profile in one transaction: all of it or nothing.

        Record ids are kept where they are free (see ``store.restore``).
        ``replacing`` is deleted in the same transaction, so a failure part-way
        leaves it as it was.
        """
        from backrub.store.restore import write_profile

        with self._restoring() as c:
            profile, _changed = write_profile(c, data, replacing=replacing)
        return profile

    def restore_into(self, data: ProfileData, profile: Profile, *, replacing: bool) -> None:
        """Write a backup's records into ``profile`` in one transaction (``write_into``)."""
        from backrub.store.restore import write_into

        with self._restoring() as c:
            write_into(c, data, profile, replacing=replacing)

    @contextmanager
    def _restoring(self) -> Iterator[Connection]:
        """A write transaction whose refusal by the database is said as nothing changed."""
        try:
            with self.writing() as c:
                yield c
        except DBAPIError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
            raise StorageError(
                _(
                    "import: the database refused the write (%(reason)s); nothing was changed",
                    reason=reason,
                )
            ) from None

    def add_pain_spots(self, profile_id: int, spots: Sequence[PainSpot]) -> None:
        """Save one body-map entry (marks of their own, linked to no check-in) at once."""
        with self.writing() as c:
            rows.insert_spots(c, profile_id, [replace(s, checkin_id=None) for s in spots])

    def pain_spots(self, profile_id: int, *, since: datetime | None = None) -> list[PainSpot]:
        with self.reading() as c:
            return [rows.spot(r) for r in c.execute(*rows.timed(t.pain_spots, profile_id, since))]

    def add_response(self, profile_id: int, response: Response) -> Response:
        with self.writing() as c:
            return rows.insert_response(c, profile_id, response)

    @read_once  # within one page, read once (store/reading.py)
    def responses(
        self, profile_id: int, *, instrument: str | None = None, since: datetime | None = None
    ) -> list[Response]:
        query = rows.timed(t.responses, profile_id, since, instrument)
        with self.reading() as c:
            return [rows.response(r) for r in c.execute(*query)]

    # -- safety and plans ---------------------------------------------------------------

    def add_screening(self, profile_id: int, screening: ScreeningRecord) -> ScreeningRecord:
        with self.writing() as c:
            return rows.insert_screening(c, profile_id, screening)

    def add_clearance(self, profile_id: int, clearance: ClearanceRecord) -> ClearanceRecord:
        with self.writing() as c:
            return rows.insert_clearance(c, profile_id, clearance)

    def add_plan(self, profile_id: int, choices: PlanChoices) -> PlanChoices:
        with self.writing() as c:
            return rows.insert_plan(c, profile_id, choices)

    def screenings(self, profile_id: int) -> list[ScreeningRecord]:
        table = t.screenings
        query = select(table).where(table.c.profile_id == profile_id).order_by(table.c.id)
        with self.reading() as c:
            return [
                ScreeningRecord(
                    id=r.id,
                    screened_on=r.screened_on,
                    verdict=r.verdict,
                    restrictions=tuple(x for x in r.restrictions.split(",") if x),
                    **rows.screening_answers(r.answers),
                )
                for r in c.execute(query)
            ]

    @read_once  # within one page, read once (store/reading.py)
    def clearances(self, profile_id: int) -> list[ClearanceRecord]:
        table = t.clearances
        query = select(table).where(table.c.profile_id == profile_id).order_by(table.c.id)
        with self.reading() as c:
            return [
                ClearanceRecord(
                    id=r.id,
                    cleared_on=r.cleared_on,
                    cleared_by=r.cleared_by,
                    note=r.note,
                    lifts=None if r.lifts is None else tuple(filter(None, r.lifts.split(","))),
                    recorded_at=r.recorded_at,
                    acknowledged_at=r.acknowledged_at,
                    acknowledged_by=r.acknowledged_by,
                )
                for r in c.execute(query)
            ]

    @read_once  # within one page, read once (store/reading.py)
    def plans(self, profile_id: int) -> list[PlanChoices]:
        table = t.plans
        query = select(table).where(table.c.profile_id == profile_id).order_by(table.c.id)
        with self.reading() as c:
            return [rows.plan(r) for r in c.execute(query)]


def _self_session(r: Any, zones: list[Any]) -> SelfSession:
    return rows.self(r, tuple(ZoneWork(Zone(z.zone), z.seconds, z.gun_level) for z in zones))
