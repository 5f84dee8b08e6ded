"""The body-map marks of a backup: each mark's check-in, and the one region rule.

A mark names the check-in it was saved with (``checkin_id``), which must be a
check-in of the same backup at the mark's moment; ``null`` is a mark made on
the body map alone. A backup written before marks named their check-in has no
``checkin_id`` key at all: its marks are linked as migration 0007 links stored
ones. Then ``repeated_region`` applies, the rule of live input and edits.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from backrub.domain.backup_fields import MAX_ID, Fields
from backrub.domain.backup_fields import short as _short
from backrub.domain.inputs import parse_int
from backrub.domain.records import REGION_ONCE, BodyRegion, CheckIn, PainSpot, repeated_region
from backrub.errors import InvalidInput
from backrub.i18n import _


def read_mark(f: Fields) -> PainSpot:
    checkin_id = f.given("checkin_id", required=False)
    if checkin_id is not None and not isinstance(checkin_id, int):
        raise InvalidInput(
            f.name("checkin_id"), _short(checkin_id), _("use a check-in's id or null")
        )
    return PainSpot(
        at=f.moment(),
        tz=f.zone(),
        region=f.choice("region", BodyRegion),
        intensity=f.whole("intensity", 0, 10),
        checkin_id=(
            None if checkin_id is None else parse_int(f.name("checkin_id"), checkin_id, 1, MAX_ID)
        ),
    )


def _split_repeats(
    linked: list[PainSpot], unlinked: list[int], by_moment: dict[datetime, list[CheckIn]]
) -> None:
    """Give marks of an older backup that repeat a region at a moment of several check-ins
    to those check-ins in file order, a new one starting where a region repeats.

    As migration 0007 does for stored marks: a region was marked once per entry,
    and a check-in's marks were saved right after it.
    """
    groups: dict[datetime, list[int]] = {}
    for index in unlinked:
        if linked[index].checkin_id is None and len(by_moment.get(linked[index].at, [])) > 1:
            groups.setdefault(linked[index].at, []).append(index)
    for at, indexes in groups.items():
        regions = [linked[i].region for i in indexes]
        if len(set(regions)) == len(regions):
            continue  # no repeat: whose mark is whose cannot be told; they stay alone
        owners, owner = by_moment[at], 0
        seen: set[BodyRegion] = set()
        for i in indexes:
            if linked[i].region in seen and owner + 1 < len(owners):
                owner += 1
                seen = set()
            seen.add(linked[i].region)
            linked[i] = replace(linked[i], checkin_id=owners[owner].id)


def link_marks(
    checkins: tuple[CheckIn, ...], spots: tuple[PainSpot, ...], unlinked: list[int]
) -> tuple[tuple[CheckIn, ...], tuple[PainSpot, ...]]:
    """Check each mark's check-in, link the marks of an older backup, apply the region rule.

    A mark names a check-in of the same backup and has its moment, as live
    input saves it. A mark of an older backup (index in ``unlinked``) belongs
    to the one check-in at its moment, if exactly one is there; check-ins
    without ids get them in file order, as a restore would give them.
    """
    if unlinked and checkins and checkins[0].id is None:
        checkins = tuple(replace(c, id=n) for n, c in enumerate(checkins, start=1))
    by_id = {c.id: c for c in checkins if c.id is not None}
    by_moment: dict[datetime, list[CheckIn]] = {}
    for c in checkins:
        by_moment.setdefault(c.at, []).append(c)
    linked = list(spots)
    for index in unlinked:
        spot = linked[index]
        there = by_moment.get(spot.at, [])
        if len(there) == 1:
            linked[index] = replace(spot, checkin_id=there[0].id)
    _split_repeats(linked, unlinked, by_moment)
    for n, spot in enumerate(linked, start=1):
        if spot.checkin_id is None:
            continue
        checkin = by_id.get(spot.checkin_id)
        if checkin is None:
            raise InvalidInput(
                f"pain_spots[{n}].checkin_id", spot.checkin_id, _("name a check-in of this backup")
            )
        if checkin.at != spot.at:
            raise InvalidInput(
                f"pain_spots[{n}].at",
                spot.at.isoformat(),
                _(
                    "a mark saved with a check-in has its time (%(at)s)",
                    at=checkin.at.isoformat(),
                ),
            )
    repeated = repeated_region(linked)
    if repeated is not None:
        raise InvalidInput(
            f"pain_spots[{repeated + 1}].region", linked[repeated].region.value, _(REGION_ONCE)
        )
    return checkins, tuple(linked)
