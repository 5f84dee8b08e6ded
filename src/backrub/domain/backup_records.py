"""Read the records of a backup through the parsers and rules of live input.

Nothing the app refuses at the keyboard can enter through a backup: every
value goes through the parser that typed input goes through (``inputs``, the
instrument definitions and scoring, the protocol table, the screening rules),
with the same limits, and a time or date after ``now`` plus the day ahead that
live input allows is refused. A plan's choices are checked here value by
value; the service then rebuilds each plan with the planning rules.

An error names the record and the field, e.g. ``checkins[3].at``: the third
check-in in the file (positions count from 1, as answers do everywhere in
backrub). The first bad value refuses the whole backup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields, replace
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from backrub.domain.backup_fields import Fields
from backrub.domain.backup_fields import short as _short
from backrub.domain.backup_marks import link_marks, read_mark
from backrub.domain.backup_plans import read_plan
from backrub.domain.inputs import (
    MAX_FUTURE,
    parse_name,
    parse_text,
)
from backrub.domain.instruments import get_instrument
from backrub.domain.records import (
    GUN_LEVELS,
    Addendum,
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
from backrub.domain.scoring import check_answers
from backrub.domain.screening import AnsweredBy, earlier_verdict, record_clearance, reread
from backrub.errors import InvalidInput
from backrub.i18n import _

E = TypeVar("E", bound=Enum)
R = TypeVar("R")

MAX_COST_CENTS = 100_000_00  # as 'session log pro --cost' allows


KINDS = (
    "profile",
    "episodes",
    "checkins",
    "pro_sessions",
    "self_sessions",
    "screenings",
    "clearances",
    "plans",
    "responses",
    "pain_spots",
    "session_addenda",  # optional: backups from before addenda have none
    "trials",  # optional, likewise (read in domain.nof1_backup)
)


def read_body(
    body: dict[str, Any], *, now: datetime, is_zone: Callable[[str], bool]
) -> ProfileData:
    """Return the profile and records of a backup's ``data``, or raise ``InvalidInput``.

    ``is_zone`` is the rule live input uses for a zone name (``clock.is_zone``).
    """
    for key in body:
        if key not in KINDS:
            raise InvalidInput(
                "data", key, _("this kind of record is not part of a backrub backup")
            )
    latest = now.astimezone(UTC) + MAX_FUTURE
    profile = _profile(body, latest, is_zone)
    today = latest.astimezone(ZoneInfo(profile.tz)).date()  # the latest day live input takes

    def many(kind: str, shape: type[R], read: Callable[[Fields], R]) -> tuple[R, ...]:
        return _many(body, kind, shape, read, latest=latest, is_zone=is_zone)

    episodes = many("episodes", Episode, lambda f: _episode(f, today))
    checkins = many("checkins", CheckIn, _checkin)
    pro_sessions = many("pro_sessions", ProSession, _pro)
    self_sessions = many("self_sessions", SelfSession, _self)
    screenings = many("screenings", ScreeningRecord, lambda f: _screening(f, today))
    clearances = many("clearances", ClearanceRecord, lambda f: _clearance(f, today))
    plans = many("plans", PlanChoices, lambda f: read_plan(f, today))
    responses = many("responses", Response, _response)
    spots = many("pain_spots", PainSpot, read_mark)
    # A backup written before marks named their check-in has no "checkin_id" at all
    # (null is a mark of its own): such marks are linked as migration 0007 links them.
    unlinked = [n for n, raw in enumerate(body.get("pain_spots", [])) if "checkin_id" not in raw]
    checkins, spots = link_marks(checkins, spots, unlinked)
    addenda = many("session_addenda", Addendum, _addendum)
    _check_sessions_of(addenda, pro_sessions)
    return ProfileData(
        profile,
        episodes,
        checkins,
        pro_sessions,
        self_sessions,
        screenings,
        clearances,
        plans,
        responses,
        spots,
        addenda,
    )


def _profile(body: dict[str, Any], latest: datetime, is_zone: Callable[[str], bool]) -> Profile:
    p = Fields(body.get("profile"), "profile", keys_of(Profile), latest=latest, is_zone=is_zone)
    return Profile(
        name=parse_name(p.name("name"), p.given("name")),
        tz=p.zone(),
        created_at=p.moment("created_at"),
        language=p.language(default=None),
    )


def _many(
    body: dict[str, Any],
    kind: str,
    shape: type[R],
    read: Callable[[Fields], R],
    *,
    latest: datetime,
    is_zone: Callable[[str], bool],
) -> tuple[R, ...]:
    """Read every record of one kind: all with an id or none, each id once."""
    keys = keys_of(shape)
    raw = body.get(kind, [])
    if not isinstance(raw, list):
        raise InvalidInput(f"data.{kind}", _short(raw), _("expected a list [...]"))
    records: list[R] = []
    ids: set[int] = set()
    for position, item in enumerate(raw, start=1):
        f = Fields(item, f"{kind}[{position}]", keys, latest=latest, is_zone=is_zone)
        record_id = f.record_id()
        if position > 1 and (record_id is None) != (not ids):
            raise InvalidInput(
                f.name("id"), record_id, _("give every record of a kind an id, or none")
            )
        if record_id is not None:
            if record_id in ids:
                raise InvalidInput(f.name("id"), record_id, _("ids are unique within a kind"))
            ids.add(record_id)
        records.append(_with_id(read(f), record_id))
    return tuple(records)


def keys_of(shape: type[Any]) -> tuple[str, ...]:
    """Return the fields a backup writes for a record of ``shape`` (its id aside)."""
    return tuple(f.name for f in fields(shape) if f.name != "id")


def _with_id(record: R, record_id: int | None) -> R:
    return record if record_id is None else replace(record, id=record_id)  # type: ignore[type-var]


def _episode(f: Fields, today: date) -> Episode:
    return Episode(
        onset=f.day("onset", not_after=today),
        leg_pain_below_knee=bool(f.flag("leg_pain_below_knee", required=True)),
        cause=f.choice("cause", Cause),
        note=f.text("note"),
    )


def _checkin(f: Fields) -> CheckIn:
    medication = f.text("medication", max_len=200)
    taken = f.flag("medication_taken")
    if medication is not None and taken is not True:
        raise InvalidInput(f.name("medication_taken"), taken, _("a named medication was taken"))
    return CheckIn(
        at=f.moment(),
        tz=f.zone(),
        pain=f.whole("pain", 0, 10),
        soreness=f.optional_whole("soreness", 0, 10),
        sleep=f.optional_whole("sleep", 0, 10),
        activity_min=f.optional_whole("activity_min", 0, 1440),
        medication_taken=taken,
        medication=medication,
        note=f.text("note"),
        new_leg_symptoms=f.flag("new_leg_symptoms"),
    )


def _pro(f: Fields) -> ProSession:
    currency = f.given("currency", required=False)
    if currency is not None and not (
        isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency)
    ):
        raise InvalidInput(f.name("currency"), currency, _("use a three-letter code such as EUR"))
    return ProSession(
        at=f.moment(),
        tz=f.zone(),
        technique=f.choice("technique", Technique),
        duration_min=f.whole("duration_min", 1, 240),
        cost_cents=f.optional_whole("cost_cents", 0, MAX_COST_CENTS),
        currency=currency,
        therapist=f.text("therapist", max_len=200),
        subjective=f.text("subjective", lines=True),
        objective=f.text("objective", lines=True),
        assessment=f.text("assessment", lines=True),
        plan=f.text("plan", lines=True),
    )


def _addendum(f: Fields) -> Addendum:
    text = f.text("text", required=True, lines=True)
    by = f.text("by", max_len=80, required=True)
    assert text is not None and by is not None
    return Addendum(
        session_id=f.whole("session_id", 1, 2**53),
        at=f.moment(),
        by=by,
        text=text,
        reason=f.text("reason", max_len=200),
    )


def _check_sessions_of(addenda: tuple[Addendum, ...], sessions: tuple[ProSession, ...]) -> None:
    """Refuse an addendum whose session is not in the backup (by the session's id)."""
    ids = {s.id for s in sessions if s.id is not None}
    for position, addendum in enumerate(addenda, start=1):
        if addendum.session_id not in ids:
            raise InvalidInput(
                f"session_addenda[{position}].session_id",
                addendum.session_id,
                _("name the id of a professional session in the same backup"),
            )


def _self(f: Fields) -> SelfSession:
    tool = f.choice("tool", Tool)
    raw_zones = f.items("zones")
    if not raw_zones:
        raise InvalidInput(f.name("zones"), raw_zones, _("name at least one zone worked"))
    zones: list[ZoneWork] = []
    for n, raw in enumerate(raw_zones, start=1):
        z = Fields(
            raw, f.name(f"zones[{n}]"), keys_of(ZoneWork), latest=f.latest, is_zone=f.is_zone
        )
        level = z.optional_whole("gun_level", 1, GUN_LEVELS)
        if (level is None) == (tool is Tool.MASSAGE_GUN):
            wanted = _("give the gun's speed level, 1 to %(most)s", most=GUN_LEVELS)
            raise InvalidInput(
                z.name("gun_level"),
                level,
                wanted if level is None else _("a level is only for the massage gun"),
            )
        zone = z.choice("zone", Zone)
        if any(w.zone is zone for w in zones):
            raise InvalidInput(z.name("zone"), zone.value, _("name each zone once (given twice)"))
        zones.append(ZoneWork(zone, z.whole("seconds", 1, 3600), level))
    return SelfSession(
        at=f.moment(),
        tz=f.zone(),
        tool=tool,
        zones=tuple(zones),
        pain_before=f.optional_whole("pain_before", 0, 10),
        pain_during=f.optional_whole("pain_during", 0, 10),
        pain_after=f.optional_whole("pain_after", 0, 10),
        override_reason=f.text("override_reason", max_len=500),
        note=f.text("note"),
    )


def _screening(f: Fields, today: date) -> ScreeningRecord:
    screened_on = f.day("screened_on", not_after=today)
    answers: dict[str, bool | str] = {}
    for n, pair in enumerate(f.items("answers"), start=1):
        if not (
            isinstance(pair, list)
            and len(pair) == 2
            and isinstance(pair[0], str)
            and isinstance(pair[1], bool | str)
        ):
            raise InvalidInput(f.name(f"answers[{n}]"), _short(pair), _('use ["question", true]'))
        if pair[0] in answers:
            raise InvalidInput(f.name(f"answers[{n}]"), pair[0], _("answer each question once"))
        answers[pair[0]] = pair[1]
    answered_by = f.given("answered_by", required=False) or AnsweredBy.PERSON.value
    if answered_by not in {a.value for a in AnsweredBy}:
        allowed = "use " + " or ".join(a.value for a in AnsweredBy)
        raise InvalidInput(f.name("answered_by"), _short(answered_by), allowed)
    verdict = f.given("verdict")
    with f.named("answers."):
        # Stored answers may name questions earlier versions asked, or leave newer ones
        # out: read as the live app reads them (with the verdict kept), never as a "no".
        told = verdict if isinstance(verdict, str) else None
        result = reread(answers, today=screened_on, answered_by=AnsweredBy(answered_by), told=told)
    # A backup written before the tiers changed may carry the verdict its answers
    # had then (a serious accident was "see a clinician", now an emergency): the
    # answers are the record, and the verdict is read from them again.
    if verdict not in (result.verdict.value, earlier_verdict(result).value):
        raise InvalidInput(
            f.name("verdict"),
            verdict,
            _("the answers give %(verdict)s", verdict=result.verdict.value),
        )
    restrictions = tuple(sorted(r.value for r in result.restrictions))
    if f.items("restrictions") != list(restrictions):
        raise InvalidInput(
            f.name("restrictions"),
            _short(f.raw.get("restrictions")),
            _("the answers give %(verdict)s", verdict=list(restrictions)),
        )
    return ScreeningRecord(
        screened_on, result.answers, result.verdict.value, restrictions, answered_by
    )


def _clearance(f: Fields, today: date) -> ClearanceRecord:
    for key in ("cleared_on", "cleared_by", "note"):
        value = f.raw.get(key)
        if value is not None and not isinstance(value, str):
            raise InvalidInput(f.name(key), _short(value), _("use text"))
    lifts = f.raw.get("lifts")
    if lifts is not None and (
        not isinstance(lifts, list)
        or not lifts
        or not all(isinstance(i, str) and i.strip() and len(i) <= 100 for i in lifts)
    ):
        raise InvalidInput(f.name("lifts"), _short(lifts), _("use a list of question ids, or null"))
    with f.named():
        clearance = record_clearance(
            f.given("cleared_on"), f.given("cleared_by"), f.raw.get("note"), today=today
        )
    return ClearanceRecord(
        clearance.cleared_on,
        clearance.cleared_by,
        clearance.note,
        None if lifts is None else tuple(i.strip() for i in lifts),
    )


def _response(f: Fields) -> Response:
    with f.named():
        instrument = get_instrument(f.given("instrument"))
    raw = f.items("answers")
    answers: list[float | None] = []
    for n, value in enumerate(raw, start=1):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise InvalidInput(f.name(f"answers[{n}]"), _short(value), _("use a number or null"))
        answers.append(value)
    with f.named():
        checked = check_answers(instrument, answers)  # names answers[N], counting from 1
    if all(a is None for a in checked):
        raise InvalidInput(f.name("answers"), raw, _("answer at least one question"))
    labels = f.items("labels", required=False)
    if instrument.id != "psfs" and labels:
        raise InvalidInput(
            f.name("labels"),
            _short(labels),
            _("%(instrument)s names no activities", instrument=instrument.id),
        )
    if instrument.id == "psfs" and len(labels) != len(checked):
        raise InvalidInput(
            f.name("labels"),
            _short(labels),
            _("name one activity per answer (%(count)s)", count=len(checked)),
        )
    names = []
    for n, label in enumerate(labels, start=1):
        name = parse_text(
            f.name(f"labels[{n}]"), label if isinstance(label, str) else None, max_len=80
        )
        if name is None:
            raise InvalidInput(f.name(f"labels[{n}]"), _short(label), _("name the activity"))
        names.append(name)
    return Response(
        at=f.moment(),
        tz=f.zone(),
        instrument=instrument.id,
        answers=checked,
        labels=tuple(names),
        language=f.language(default="en") or "en",
    )
