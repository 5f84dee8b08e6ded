"""Export then import gives back exactly what was there, ids included; a damaged backup is
refused whole. Forged backups (checksum recomputed) are in test_backup_forged.py."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backrub import clock
from backrub.domain import backup
from backrub.domain.free_text import printed
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
from backrub.domain.screening import NO_TO_ALL, screen
from backrub.errors import InvalidInput
from backrub.store import Store
from tests.conftest import NOW

zones_ = st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"])
moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2026, 3, 1), timezones=st.just(UTC)
).map(lambda m: m.replace(microsecond=0))
scores = st.none() | st.integers(0, 10)
printable = st.characters(exclude_categories=("Cc", "Cs"))
# Text as live input keeps it: on one line, without marks that turn its direction.
texts = st.none() | st.text(printable, min_size=1, max_size=30).map(printed).filter(bool)

checkins = st.builds(
    CheckIn,
    at=moments,
    tz=zones_,
    pain=st.integers(0, 10),
    soreness=scores,
    sleep=scores,
    activity_min=st.none() | st.integers(0, 1440),
    medication_taken=st.none() | st.booleans(),
    medication=texts,
    note=texts,
    new_leg_symptoms=st.none() | st.booleans(),
).map(lambda c: replace(c, medication_taken=True) if c.medication else c)
pros = st.builds(
    ProSession,
    at=moments,
    tz=zones_,
    technique=st.sampled_from(Technique),
    duration_min=st.integers(1, 240),
    cost_cents=st.none() | st.integers(0, 10**6),
    currency=st.none() | st.sampled_from(["EUR", "USD"]),
    therapist=texts,
    subjective=texts,
    objective=texts,
    assessment=texts,
    plan=texts,
)
selfs = st.builds(
    SelfSession,
    at=moments,
    tz=zones_,
    tool=st.sampled_from(Tool),
    zones=st.lists(
        st.builds(
            ZoneWork,
            zone=st.sampled_from(Zone),
            seconds=st.integers(1, 3600),
            gun_level=st.integers(1, 20),
        ),
        min_size=1,
        max_size=4,
        unique_by=lambda w: w.zone,  # a zone is named once per session
    ).map(tuple),
    pain_before=scores,
    pain_during=scores,
    pain_after=scores,
    override_reason=texts,
    note=texts,
).map(  # a speed level belongs to the massage gun only
    lambda s: (
        s
        if s.tool is Tool.MASSAGE_GUN
        else replace(s, zones=tuple(replace(z, gun_level=None) for z in s.zones))
    )
)
episodes = st.builds(
    Episode,
    onset=st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 3, 1)),
    leg_pain_below_knee=st.booleans(),
    cause=st.sampled_from(Cause),
    note=texts,
)


def _sorted(items: list[Any]) -> tuple[Any, ...]:
    # The store returns timed records in time order (ties by id), others by id.
    return tuple(sorted(items, key=lambda r: (getattr(r, "at", NOW), r.id)))


def _with_ids(records: st.SearchStrategy[Any], max_size: int) -> st.SearchStrategy[tuple[Any, ...]]:
    """Lists of ``records`` with unique ids, in the order the store returns them."""
    return st.lists(records, max_size=max_size).flatmap(
        lambda rs: st.lists(
            st.integers(1, 10**9), min_size=len(rs), max_size=len(rs), unique=True
        ).map(lambda ids: _sorted([replace(r, id=i) for r, i in zip(rs, ids, strict=True)]))
    )


days = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 3, 1))


def _screening(day: date, yes: set[str]) -> ScreeningRecord:
    result = screen({**NO_TO_ALL, **dict.fromkeys(yes, True)}, today=day)
    restrictions = tuple(sorted(r.value for r in result.restrictions))
    return ScreeningRecord(day, result.answers, result.verdict.value, restrictions)


screenings = st.builds(_screening, days, st.sets(st.sampled_from(["saddle_numbness", "pregnancy"])))
clearances = st.builds(
    ClearanceRecord,
    cleared_on=days,
    cleared_by=st.just("Dr Lee"),
    note=texts,
    # None: a clearance recorded before scopes (migration 0006); it must survive a backup.
    lifts=st.none()
    | st.lists(st.sampled_from(["fever_or_chills", "pregnancy"]), min_size=1).map(
        lambda ids: tuple(dict.fromkeys(ids))
    ),
)
plans = st.builds(
    lambda made_on, ahead, **rest: PlanChoices(
        made_on=made_on, start=made_on + timedelta(days=ahead), **rest
    ),
    made_on=days,
    ahead=st.integers(0, 60),
    protocol_id=st.just("cherkin-10-weekly"),
    weekdays=st.lists(st.integers(0, 6), min_size=1, max_size=3, unique=True).map(
        lambda d: tuple(sorted(d))
    ),
    currency=st.just("EUR"),
    tools=st.lists(st.sampled_from([t.value for t in Tool]), unique=True, max_size=2).map(
        lambda t: tuple(sorted(t))
    ),
    restrictions=st.just(()),
    price_per_session=st.none() | st.just("70.00"),
    budget_per_session=st.none(),
    budget_total=st.none() | st.just("800.00"),
)
responses = st.builds(
    Response,
    at=moments,
    tz=zones_,
    instrument=st.just("peg"),
    answers=st.lists(st.none() | st.integers(0, 10), min_size=3, max_size=3)
    .filter(lambda a: a != [None, None, None])
    .map(tuple),
    labels=st.just(()),
)


spots = st.builds(
    PainSpot,
    at=moments,
    tz=zones_,
    region=st.sampled_from(BodyRegion),
    intensity=st.integers(0, 10),
)


profile_data = st.builds(
    lambda name, tz, *records: ProfileData(Profile(name=name, tz=tz, created_at=NOW), *records),
    st.just("placeholder"),
    zones_,
    _with_ids(episodes, 2),
    _with_ids(checkins, 8),
    _with_ids(pros, 3),
    _with_ids(selfs, 3),
    _with_ids(screenings, 2),
    _with_ids(clearances, 1),
    _with_ids(plans, 2),
    _with_ids(responses, 3),
    _with_ids(spots, 3).filter(lambda ss: len({(x.at, x.region) for x in ss}) == len(ss)),
)


_names = itertools.count()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=profile_data)
def test_export_then_import_is_the_identity(store: Store, data: ProfileData) -> None:
    # One database serves every example, so each gets a name of its own, and is
    # deleted afterwards so that the next example's ids are free again.
    data = replace(data, profile=replace(data.profile, name=f"p{next(_names)}"))
    text = backup.dumps(backup.to_document(data, exported_at=NOW))
    read = backup.from_text(text, source="x.json", now=NOW, is_zone=clock.is_zone)
    restored = store.restore(read)
    again = store.load(restored)
    store.delete_profile(restored)
    assert backup.to_document(again, exported_at=NOW) == backup.to_document(data, exported_at=NOW)


def _document() -> dict[str, object]:
    data = ProfileData(
        Profile(name="ana", tz="UTC", created_at=NOW),
        checkins=(CheckIn(at=NOW - timedelta(hours=2), tz="UTC", pain=4),),
    )
    return backup.to_document(data, exported_at=NOW)


def test_an_edited_backup_is_refused_as_edited() -> None:
    document = _document()
    document["data"]["checkins"][0]["pain"] = 2  # type: ignore[index]
    with pytest.raises(InvalidInput, match=r"checksum.*truncated or edited"):
        backup.from_text(json.dumps(document), source="b.json", now=NOW, is_zone=clock.is_zone)


def test_a_truncated_backup_is_refused() -> None:
    text = backup.dumps(_document())
    with pytest.raises(InvalidInput, match=r"file.*not complete JSON"):
        backup.from_text(text[: len(text) // 2], source="b.json", now=NOW, is_zone=clock.is_zone)


@pytest.mark.parametrize("text", ['{"hello": 1}', "[1, 2]", '"backrub"'])
def test_json_that_is_not_a_backrub_backup_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"not a backrub backup"):
        backup.from_text(text, source="other.json", now=NOW, is_zone=clock.is_zone)


@pytest.mark.parametrize("version", [99, 1.0, "1", True, None])
def test_schema_version_must_be_exactly_the_integer_one(version: object) -> None:
    document = _document()
    document["schema_version"] = version
    with pytest.raises(InvalidInput, match=r"^schema_version: .*reads schema version 1"):
        backup.from_text(json.dumps(document), source="b.json", now=NOW, is_zone=clock.is_zone)
