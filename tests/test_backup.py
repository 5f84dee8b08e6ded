"""Export then import gives back exactly what was there; a damaged backup is refused whole."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backrub.domain import backup
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
from backrub.errors import InvalidInput
from backrub.store import Store
from tests.conftest import NOW

zones_ = st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"])
moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2026, 3, 1), timezones=st.just(UTC)
).map(lambda m: m.replace(microsecond=0))
scores = st.none() | st.integers(0, 10)
printable = st.characters(exclude_categories=("Cc", "Cs"))
texts = st.none() | st.text(printable, min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and s != ""
)

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
)
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
            gun_level=st.none() | st.integers(1, 20),
        ),
        min_size=1,
        max_size=4,
    ).map(tuple),
    pain_before=scores,
    pain_during=scores,
    pain_after=scores,
    override_reason=texts,
    note=texts,
)
episodes = st.builds(
    Episode,
    onset=st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 3, 1)),
    leg_pain_below_knee=st.booleans(),
    cause=st.sampled_from(Cause),
    note=texts,
)


def _sorted(items: list[CheckIn] | list[ProSession] | list[SelfSession]) -> tuple:  # type: ignore[type-arg]
    # The store returns records in time order (ties in insertion order).
    return tuple(sorted(items, key=lambda r: r.at))


days = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 3, 1))
screenings = st.builds(
    ScreeningRecord,
    screened_on=days,
    answers=st.lists(
        st.tuples(st.sampled_from(["saddle_numbness", "pregnancy"]), st.booleans()), max_size=2
    ).map(tuple),
    verdict=st.sampled_from(["clear", "restricted", "stop_emergency"]),
    restrictions=st.lists(
        st.sampled_from(["no_massage_gun", "no_deep_pressure"]), unique=True, max_size=2
    ).map(tuple),
)
clearances = st.builds(ClearanceRecord, cleared_on=days, cleared_by=st.just("Dr Lee"), note=texts)
plans = st.builds(
    PlanChoices,
    made_on=days,
    protocol_id=st.just("cherkin-10-weekly"),
    start=days,
    weekdays=st.lists(st.integers(0, 6), min_size=1, max_size=3, unique=True).map(
        lambda d: tuple(sorted(d))
    ),
    currency=st.just("EUR"),
    tools=st.lists(st.sampled_from([t.value for t in Tool]), unique=True, max_size=2).map(tuple),
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
    answers=st.lists(st.none() | st.integers(0, 10), min_size=3, max_size=3).map(tuple),
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
    lambda name, tz, e, c, p, s, sc, cl, pl, r, sp: ProfileData(
        Profile(name=name, tz=tz, created_at=NOW),
        tuple(e),
        _sorted(c),
        _sorted(p),
        _sorted(s),
        tuple(sc),
        tuple(cl),
        tuple(pl),
        _sorted(r),
        _sorted(sp),
    ),
    st.just("placeholder"),
    zones_,
    st.lists(episodes, max_size=2),
    st.lists(checkins, max_size=8),
    st.lists(pros, max_size=3),
    st.lists(selfs, max_size=3),
    st.lists(screenings, max_size=2),
    st.lists(clearances, max_size=1),
    st.lists(plans, max_size=2),
    st.lists(responses, max_size=3),
    st.lists(spots, max_size=3),
)


_names = itertools.count()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=profile_data)
def test_export_then_import_is_the_identity(store: Store, data: ProfileData) -> None:
    # One database serves every example, so each gets a name of its own.
    data = replace(data, profile=replace(data.profile, name=f"p{next(_names)}"))
    text = backup.dumps(backup.to_document(data, exported_at=NOW))
    restored = store.restore(backup.from_text(text, source="x.json"))
    again = store.load(restored)
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
        backup.from_text(json.dumps(document), source="b.json")


def test_a_truncated_backup_is_refused() -> None:
    text = backup.dumps(_document())
    with pytest.raises(InvalidInput, match=r"file.*not complete JSON"):
        backup.from_text(text[: len(text) // 2], source="b.json")


@pytest.mark.parametrize("text", ['{"hello": 1}', "[1, 2]", '"backrub"'])
def test_json_that_is_not_a_backrub_backup_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"not a backrub backup"):
        backup.from_text(text, source="other.json")


def test_a_backup_from_a_newer_schema_is_refused_by_version() -> None:
    document = _document()
    document["schema_version"] = 99
    with pytest.raises(InvalidInput, match=r"schema_version: 99"):
        backup.from_text(json.dumps(document), source="b.json")
