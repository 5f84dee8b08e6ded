"""Use cases for check-ins and body-map marks: parse what was typed, save it.

A check-in may carry body-map marks (``where``); marks may also stand alone.
Live input, edits and imports go through these parsers and ``check_regions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from backrub.domain.inputs import parse_choice, parse_int, parse_optional_int, parse_text
from backrub.domain.records import REGION_ONCE, BodyRegion, CheckIn, PainSpot, Profile, same_place
from backrub.errors import InvalidInput
from backrub.i18n import _
from backrub.services.records import _moment, list_items, saved

if TYPE_CHECKING:
    from backrub.store import Store


def record_checkin(
    store: Store, profile: Profile, *, now: datetime, where: object = None, **values: object
) -> CheckIn:
    """Validate and save one check-in (fields as in ``parse_checkin``); several a day are fine.

    ``where`` ('region:N,...') adds body-map marks at the check-in's moment; the
    check-in and its marks are saved in one transaction, so neither is kept alone.
    """
    checkin = parse_checkin(profile, now=now, **values)
    spots: tuple[PainSpot, ...] = ()
    if where is not None:  # given but empty is refused: it marks nothing
        spots = parse_spots(profile, where, at=checkin.at)
    return store.add_checkin(saved(store, profile), checkin, spots)


def parse_checkin(
    profile: Profile,
    *,
    now: datetime,
    pain: object,
    soreness: object = None,
    sleep: object = None,
    activity_min: object = None,
    medication: object = None,
    note: object = None,
    at: object = None,
    new_leg_symptoms: object = None,
) -> CheckIn:
    """Return a valid CheckIn or raise InvalidInput naming the first bad field.

    ``new_leg_symptoms`` (yes/no, optional) says whether leg symptoms,
    numbness or weakness are new; a yes asks for screening again.
    """
    medication_text = parse_text("medication", medication, max_len=200)
    return CheckIn(
        at=_moment(profile, at, now),
        tz=profile.tz,
        pain=parse_int("pain", pain, 0, 10),
        soreness=parse_optional_int("soreness", soreness, 0, 10),
        sleep=parse_optional_int("sleep", sleep, 0, 10),
        activity_min=parse_optional_int("activity_min", activity_min, 0, 1440),
        medication_taken=None if medication is None else medication_text is not None,
        medication=medication_text,
        note=parse_text("note", note),
        new_leg_symptoms=_yes_no("new_leg_symptoms", new_leg_symptoms),
    )


def _yes_no(field: str, value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if not word:
        return None
    if word in ("yes", "y", "true", "1"):
        return True
    if word in ("no", "n", "false", "0"):
        return False
    raise InvalidInput(field, value, _("choose yes or no, or leave it out"))


def parse_spots(profile: Profile, where: object, *, at: datetime) -> tuple[PainSpot, ...]:
    """Parse 'region:N,region:N' (N = 0-10) into body-map marks at one moment."""
    names = ", ".join(r.value for r in BodyRegion)
    items = list_items(
        "where", where, _("mark at least one region as region:N; %(names)s", names=names)
    )
    spots: dict[BodyRegion, PainSpot] = {}
    for item in items:
        name, sep, level = item.partition(":")
        if not sep:
            raise InvalidInput("where", item, _("write region:N with N from 0 to 10"))
        region = parse_choice("where", name, BodyRegion)
        if region in spots:
            # Which of two numbers is meant cannot be guessed: ask, do not pick one.
            raise InvalidInput(
                f"where {region.value}", item, _("mark each region once (it is given twice)")
            )
        intensity = parse_int(f"where {region.value}", level, 0, 10)
        spots[region] = PainSpot(at=at, tz=profile.tz, region=region, intensity=intensity)
    return tuple(spots.values())


def record_body_map(
    store: Store, profile: Profile, *, now: datetime, where: object, at: object = None
) -> tuple[PainSpot, ...]:
    """Save where it hurts and how much, several regions at one moment.

    These marks belong to no check-in: a region marked already at that moment
    by a mark of its own is refused (``check_regions``), as an import refuses it.
    """
    spots = parse_spots(profile, where, at=_moment(profile, at, now))
    if profile.id is not None:
        check_regions(store.own_marks_at(profile.id, spots[0].at), spots)
    store.add_pain_spots(saved(store, profile), spots)
    return spots


def check_regions(stored: Sequence[PainSpot], new: Sequence[PainSpot], *, field: str = "") -> None:
    """Refuse a ``new`` mark that repeats a region of the ``stored`` ones or of the others.

    The rule is ``same_place``: once per check-in; a mark of its own, once per
    moment. Live input, edits and import all apply it. ``field`` names it in
    the error (default: ``where REGION``, as ``--where`` does).
    """
    for index, mark in enumerate(new):
        if any(same_place(mark, other) for other in [*stored, *new[:index]]):
            region = mark.region.value
            raise InvalidInput(field or f"where {region}", region, REGION_ONCE)
