"""Correct mistakes: edit or delete a check-in, a questionnaire or a mark.

Sessions are corrected in ``session_corrections``, with the helpers here.

An edit goes through the same parsers and rules as the live input: the stored
values are fed back to the parser with the changed fields on top, so an edit
can never store what the keyboard would refuse (a year before 1900, a pain of
11, a self-massage over the cap without an override and its reason). Changes
use the same names as the live input; ``None`` means "not given" and an empty
text clears an optional field. An edit that changes nothing is refused.

Every look-up is scoped to the profile: another profile's id is ``NotFound``.
Deleting a check-in deletes the body-map marks saved with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from backrub.domain.inputs import parse_choice, parse_int
from backrub.domain.instruments import get_instrument
from backrub.domain.records import (
    BodyRegion,
    CheckIn,
    PainSpot,
    Profile,
    ProSession,
    Response,
    SelfSession,
)
from backrub.domain.scoring import Unanswered, check_answers, parse_answers, score
from backrub.errors import InvalidInput, NotFound
from backrub.i18n import ENGLISH, _, current
from backrub.i18n.formats import clock_time, number, short_date
from backrub.services.checkins import check_regions, parse_checkin
from backrub.services.measures import parse_labels, response_score
from backrub.services.records import _moment

if TYPE_CHECKING:
    from backrub.store import Store

# Ids are PostgreSQL's INTEGER (and SQLite's rowid within that range).
MAX_ID = 2**31 - 1

# new_leg_symptoms is kept as recorded on an edit (it answered "since the last screening").
CHECKIN_FIELDS = ("pain", "soreness", "sleep", "activity_min", "medication", "note", "at")
RESPONSE_FIELDS = ("answers", "activities", "at")
MARK_FIELDS = ("region", "intensity", "at")


def parse_id(value: object) -> int:
    """Return a record id (the number history shows) or raise InvalidInput."""
    text = str(value).strip()
    shown = text if len(text) <= 20 else f"{text[:20]}…"
    if not (text.isascii() and text.isdigit() and len(text) <= 10) or not (
        1 <= int(text) <= MAX_ID
    ):
        raise InvalidInput("id", shown, _("use the number that history shows for the record"))
    return int(text)


def _profile_id(profile: Profile) -> int:
    if profile.id is None:
        raise NotFound(_("id: nothing has been recorded in this profile yet"))
    return profile.id


def _changes(changes: Mapping[str, object], allowed: Sequence[str]) -> dict[str, object]:
    """Return the fields given (not None); refuse none at all and an empty time."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    given = {k: v for k, v in changes.items() if v is not None}
    if not given:
        names = ", ".join(allowed)
        raise InvalidInput(
            "changes", None, _("name at least one field to change: %(names)s", names=names)
        )
    at = given.get("at")
    if isinstance(at, str) and not at.strip():
        raise InvalidInput("at", at, _("give the date and time, e.g. 2026-03-01T08:30"))
    return given


def _id_of(record: CheckIn) -> int:
    if record.id is None:
        raise NotFound(_("id: the check-in has no id"))
    return record.id


def _as_recorded(profile: Profile, tz: str) -> Profile:
    # A time typed without an offset is read in the zone the record was made in.
    return replace(profile, tz=tz)


def _cost_text(cents: int | None) -> str | None:
    if cents is None:
        return None
    # A whole amount is written without decimals: valid in every currency (VND has none).
    return str(cents // 100) if cents % 100 == 0 else f"{cents // 100}.{cents % 100:02d}"


# -- check-ins -------------------------------------------------------------------------


def find_checkin(store: Store, profile: Profile, checkin_id: object) -> CheckIn:
    return store.checkin(_profile_id(profile), parse_id(checkin_id))


def marks_of(store: Store, profile: Profile, checkin: CheckIn) -> list[PainSpot]:
    """Return the body-map marks saved with ``checkin`` (deleted with it)."""
    return store.marks_of(_profile_id(profile), _id_of(checkin))


def edit_checkin(
    store: Store, profile: Profile, checkin_id: object, *, now: datetime, **changes: object
) -> CheckIn:
    """Change some fields of a check-in; its body-map marks move with its time."""
    old = find_checkin(store, profile, checkin_id)
    given = _changes(changes, CHECKIN_FIELDS)
    if old.medication_taken is None:
        medication: str | None = None
    else:
        medication = old.medication if old.medication_taken else ""
    current: dict[str, object] = {
        "pain": old.pain,
        "soreness": old.soreness,
        "sleep": old.sleep,
        "activity_min": old.activity_min,
        "medication": medication,
        "note": old.note,
        "at": old.at,
        "new_leg_symptoms": old.new_leg_symptoms,
    }
    new = parse_checkin(_as_recorded(profile, old.tz), now=now, **(current | given))
    return store.replace_checkin(_profile_id(profile), replace(new, id=old.id))


def delete_checkin(store: Store, profile: Profile, checkin_id: object) -> int:
    """Delete a check-in and its body-map marks; return how many marks went with it."""
    return store.delete_checkin(_profile_id(profile), parse_id(checkin_id))


# -- questionnaires --------------------------------------------------------------------


def find_response(store: Store, profile: Profile, response_id: object) -> Response:
    return store.response(_profile_id(profile), parse_id(response_id))


def edit_response(
    store: Store, profile: Profile, response_id: object, *, now: datetime, **changes: object
) -> Response:
    """Change the answers (same instrument, same scoring rules), activities or time."""
    old = find_response(store, profile, response_id)
    given = _changes(changes, RESPONSE_FIELDS)
    instrument = get_instrument(old.instrument)
    answers = given.get("answers", old.answers)
    if isinstance(answers, str):
        parsed = parse_answers(instrument, answers)
    elif isinstance(answers, Sequence):
        parsed = check_answers(instrument, answers)
    else:
        raise InvalidInput("answers", answers, _("give the answers in item order, e.g. 3,4,5"))
    if all(a is None for a in parsed):
        raise InvalidInput("answers", answers, _("answer at least one question"))
    if "answers" in given:
        result = score(instrument, parsed)
        if result.score is None and result.missing:  # missing is missing, on edit too
            raise Unanswered(
                result.missing,
                result.reason or _("answer every question"),
                urgent_help=result.urgent_help,
            )
    labels = given.get("activities", ";".join(old.labels) or None)
    new = Response(
        id=old.id,
        at=_moment(_as_recorded(profile, old.tz), given.get("at", old.at), now),
        tz=old.tz,
        instrument=instrument.id,
        answers=tuple(parsed),
        labels=parse_labels(instrument, labels, len(parsed)),
    )
    return store.replace_response(_profile_id(profile), new)


def delete_response(store: Store, profile: Profile, response_id: object) -> None:
    store.delete_response(_profile_id(profile), parse_id(response_id))


# -- body-map marks --------------------------------------------------------------------


def find_mark(store: Store, profile: Profile, mark_id: object) -> PainSpot:
    return store.pain_spot(_profile_id(profile), parse_id(mark_id))


def edit_mark(
    store: Store, profile: Profile, mark_id: object, *, now: datetime, **changes: object
) -> PainSpot:
    """Change a body-map mark's region, intensity (0-10) or time.

    A mark saved with a check-in keeps the check-in's time (change the
    check-in's); a region is marked once per check-in, or once per moment
    among marks of their own (``repeated_region``, as on import).
    """
    old = find_mark(store, profile, mark_id)
    given = _changes(changes, MARK_FIELDS)
    new = PainSpot(
        id=old.id,
        at=_moment(_as_recorded(profile, old.tz), given.get("at", old.at), now),
        tz=old.tz,
        region=parse_choice("region", given.get("region", old.region), BodyRegion),
        intensity=parse_int("intensity", given.get("intensity", old.intensity), 0, 10),
        checkin_id=old.checkin_id,
    )
    profile_id = _profile_id(profile)
    if old.checkin_id is not None and new.at != old.at:
        raise InvalidInput(
            "at",
            given.get("at"),
            _(
                "this mark was saved with a check-in and keeps its time; change the check-in's "
                "time and its marks move with it"
            ),
        )
    if old.checkin_id is not None:
        others = store.marks_of(profile_id, old.checkin_id)
    else:
        others = store.own_marks_at(profile_id, new.at)
    check_regions([m for m in others if m.id != new.id], [new], field="region")
    return store.replace_pain_spot(profile_id, new)


def delete_mark(store: Store, profile: Profile, mark_id: object) -> None:
    store.delete_pain_spot(_profile_id(profile), parse_id(mark_id))


# -- words for a confirmation ----------------------------------------------------------


def when(at: datetime, tz: str) -> str:
    """Return a moment as a person reads it: 'Mon 2 Mar 2026 08:30' in its own zone."""
    local = at.astimezone(ZoneInfo(tz))
    if current() != ENGLISH:
        return f"{short_date(local.date())} {clock_time(local)}"
    return f"{local:%a} {local.day} {local:%b %Y %H:%M}"


def describe(
    record: CheckIn | ProSession | SelfSession | Response | PainSpot,
    *,
    tz: str | None = None,
    region: str | None = None,
) -> str:
    """Return the record in plain words, e.g. 'check-in of Mon 2 Mar 2026 08:30 (pain 4)'.

    The time is in ``tz`` (the web pages pass the profile's zone, as History shows
    it), else in the zone the record was made in; ``region`` names a mark's region
    in the words of the page that shows it.
    """
    moment = when(record.at, tz or record.tz)
    if isinstance(record, CheckIn):
        return _("check-in of %(when)s (pain %(pain)s)", when=moment, pain=record.pain)
    if isinstance(record, ProSession):
        technique = record.technique.value.replace("_", " ")
        return _(
            "professional session of %(when)s (%(technique)s, %(minutes)s min)",
            when=moment,
            technique=technique,
            minutes=record.duration_min,
        )
    if isinstance(record, SelfSession):
        minutes, seconds = divmod(record.total_seconds, 60)
        tool = record.tool.value.replace("_", " ")
        return _(
            "self-massage of %(when)s (%(tool)s, %(minutes)s min %(seconds)s s)",
            when=moment,
            tool=tool,
            minutes=minutes,
            seconds=seconds,
        )
    if isinstance(record, Response):
        name = get_instrument(record.instrument).name
        value = response_score(record).score
        if value is None:
            return _("%(name)s of %(when)s (no score)", name=name, when=moment)
        score = f"{value:g}" if current() == ENGLISH else number(value)
        return _("%(name)s of %(when)s (score %(score)s)", name=name, when=moment, score=score)
    region = region or record.region.value.replace("_", " ")
    return _(
        "body-map mark of %(when)s (%(region)s %(intensity)s/10)",
        when=moment,
        region=region,
        intensity=record.intensity,
    )
