"""Restoring a backup: forged backups are refused whole, ids are kept, and a replace is
all or nothing. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from backrub import services
from backrub.domain import backup
from backrub.domain.records import Profile
from backrub.domain.screening import NO_TO_ALL
from backrub.errors import InvalidInput, StorageError
from backrub.services.backup import NameTaken, import_backup
from backrub.store import Store, open_store
from tests.conftest import NOW, _fresh_pg_database


def everything(store: Store, name: str = "ana") -> Profile:
    """A profile with one or more of every kind of record, typed as a person would."""
    profile = services.add_profile(store, name, tz="Europe/Berlin", now=NOW - timedelta(days=30))
    day = NOW.date()
    services.add_episode(
        store, profile, today=day, onset="2026-01-10", leg_pain_below_knee=False, cause="strain"
    )
    # Entered out of time order: ids and time order differ (the tester's id swap).
    for pain, at in ((5, "2026-03-01T08:00"), (6, "2026-02-28T08:00"), (4, "2026-03-02T08:00")):
        services.record_checkin(store, profile, now=NOW, pain=pain, at=at, medication="ibuprofen")
    services.log_pro_session(
        store,
        profile,
        now=NOW,
        technique="relaxation",
        duration_min=60,
        cost="70",
        at="2026-03-01T17:00",
    )
    services.log_self_session(
        store,
        profile,
        now=NOW,
        tool="foam_roller",
        zones="glutes_left,glutes_right",
        seconds=60,
        at="2026-03-01T19:00",
    )
    services.record_screening(store, profile, dict(NO_TO_ALL), today=day)
    services.new_plan(
        store, profile, protocol="cherkin-10-weekly", start=day, days="mon", price="70", today=day
    )
    services.record_response(
        store, profile, instrument_id="peg", answers="6,5,4", at="2026-03-01T09:00", now=NOW
    )
    services.record_body_map(
        store, profile, now=NOW, where="lower_back_left:6,buttock_right:3", at="2026-03-01T09:05"
    )
    return store.profile(name)


def snapshot(store: Store) -> list[dict[str, Any]]:
    """Everything the database holds, profile by profile, ids included."""
    return [backup.to_document(store.load(p), exported_at=NOW)["data"] for p in store.profiles()]


def export(store: Store, profile: Profile) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(services.export_json(store, profile, now=NOW))
    return document


def forge(document: dict[str, Any], edit: Callable[[dict[str, Any]], None]) -> str:
    """Edit the data, then recompute the checksum with backrub's own function."""
    edit(document["data"])
    document["checksum"] = backup.checksum(document["data"])
    return json.dumps(document)  # Python's json writes NaN and Infinity literals


def setter(
    kind: str, key: str, value: object, position: int = 0
) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        target = data[kind] if kind == "profile" else data[kind][position]
        target[key] = value

    return edit


def answer(value: float) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        data["responses"][0]["answers"][1] = value

    return edit


def drop_zones(data: dict[str, Any]) -> None:
    data["self_sessions"][0]["zones"] = []


def duplicate_id(data: dict[str, Any]) -> None:
    data["checkins"][1]["id"] = data["checkins"][0]["id"]


def unknown_field(data: dict[str, Any]) -> None:
    data["checkins"][0]["mood"] = 3


def red_flag_said_clear(data: dict[str, Any]) -> None:
    answers = data["screenings"][0]["answers"]
    answers[[a[0] for a in answers].index("saddle_numbness")][1] = True


# The tester's forged backups and a few more: the edit, and the start of the refusal line.
FORGED: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("price abc", setter("plans", "price_per_session", "abc"), "plans[1].price_per_session: 'abc'"),
    ("unknown protocol", setter("plans", "protocol_id", "magic-hands"), "plans[1].protocol_id"),
    ("no weekdays", setter("plans", "weekdays", []), "plans[1].weekdays"),
    ("plan over budget", setter("plans", "budget_total", "1.00"), "plans[1]: 'cherkin-10-weekly'"),
    ("unknown instrument", setter("responses", "instrument", "iq"), "responses[1].instrument"),
    ("NaN answer", answer(float("nan")), "responses[1].answers[2]: nan"),
    ("Infinity answer", answer(float("inf")), "responses[1].answers[2]: inf"),
    ("answer out of scale", answer(11), "responses[1].answers[2]: 11"),
    ("check-in in 2099", setter("checkins", "at", "2099-01-01T08:00:00+00:00"), "checkins[1].at"),
    ("check-in in year 1", setter("checkins", "at", "0001-01-01T08:00:00+00:00"), "checkins[1].at"),
    ("after 9999", setter("checkins", "at", "9999-12-31T23:00:00-05:00"), "checkins[1].at"),
    ("time without zone", setter("checkins", "at", "2026-03-01T08:00:00"), "checkins[1].at"),
    ("onset in 2099", setter("episodes", "onset", "2099-01-01"), "episodes[1].onset"),
    ("onset in year 1", setter("episodes", "onset", "0001-01-01"), "episodes[1].onset"),
    ("pain 11", setter("checkins", "pain", 11, 2), "checkins[3].pain: 11"),
    ("pain as text", setter("checkins", "pain", "4"), "checkins[1].pain: '4'"),
    ("pain 4.0", setter("checkins", "pain", 4.0), "checkins[1].pain: 4.0"),
    ("pain missing", setter("checkins", "pain", None), "checkins[1].pain: missing"),
    ("negative cost", setter("pro_sessions", "cost_cents", -5), "pro_sessions[1].cost_cents"),
    ("unknown technique", setter("pro_sessions", "technique", "x"), "pro_sessions[1].technique"),
    ("no zones", drop_zones, "self_sessions[1].zones"),
    ("unknown region", setter("pain_spots", "region", "elbow"), "pain_spots[1].region"),
    ("unknown zone", setter("profile", "tz", "Mars/Olympus"), "profile.tz"),
    (
        "profile from 2099",
        setter("profile", "created_at", "2099-01-01T00:00:00+00:00"),
        "profile.created_at",
    ),
    ("verdict not the answers'", red_flag_said_clear, "screenings[1].verdict: 'clear'"),
    ("duplicate id", duplicate_id, "checkins[2].id"),
    ("id beyond any database", setter("checkins", "id", 2**31 - 1), "checkins[1].id"),
    ("id missing on one record", setter("checkins", "id", None, 1), "checkins[2].id"),
    ("unknown field", unknown_field, "checkins[1]: 'mood'"),
    ("control character", setter("checkins", "note", "a\x00b"), "checkins[1].note"),
]


@pytest.mark.parametrize(("edit", "line"), [pytest.param(e, w, id=i) for i, e, w in FORGED])
def test_a_forged_backup_is_refused_whole_naming_the_record_and_field(
    store: Store, edit: Callable[[dict[str, Any]], None], line: str
) -> None:
    forged = forge(export(store, everything(store)), edit)
    before = snapshot(store)
    with pytest.raises(InvalidInput) as refused:
        import_backup(store, forged, source="b.json", now=NOW, as_name="copy")
    assert str(refused.value).startswith(line), str(refused.value)
    assert "\n" not in str(refused.value)
    assert snapshot(store) == before


def test_an_untouched_backup_of_every_kind_of_record_restores(store: Store) -> None:
    """The corpus above refuses for the edit alone: the same export, unedited, imports."""
    original = everything(store)
    copy = import_backup(
        store, json.dumps(export(store, original)), source="b.json", now=NOW, as_name="copy"
    )
    assert copy.name == "copy"
    assert [c["pain"] for c in snapshot(store)[1]["checkins"]] == [6, 5, 4]


def test_the_round_trip_into_a_fresh_database_keeps_every_id(store: Store, db_url: str) -> None:
    original = export(store, everything(store))
    assert [c["pain"] for c in original["data"]["checkins"]] == [6, 5, 4]  # in time order
    assert [c["id"] for c in original["data"]["checkins"]] == [2, 1, 3]  # in entry order
    fresh = open_store(db_url + "-fresh" if "://" not in db_url else _fresh_pg_database(db_url))
    try:
        restored = import_backup(fresh, json.dumps(original), source="b.json", now=NOW)
        again = export(fresh, restored)
        assert again["data"] == original["data"]
        # A record written after the import gets an id of its own (PostgreSQL's
        # sequences were moved past the ids the backup brought).
        later = services.record_checkin(fresh, restored, now=NOW, pain=3)
        assert later.id == 4
    finally:
        fresh.close()


def test_a_copy_beside_the_original_gets_new_ids_in_the_same_order(store: Store) -> None:
    original = export(store, everything(store))
    copy = import_backup(store, json.dumps(original), source="b.json", now=NOW, as_name="copy")
    copied = export(store, copy)["data"]
    data = original["data"]
    for kind in (k for k in data if k != "profile"):
        old = [r.pop("id") for r in data[kind]]
        new = [r.pop("id") for r in copied[kind]]
        assert not set(old) & set(new), kind
        assert sorted(range(len(old)), key=old.__getitem__) == sorted(
            range(len(new)), key=new.__getitem__
        ), kind  # the same order of ids
    data["profile"]["name"] = "copy"
    assert copied == data  # zones of self-sessions and everything else came along
    assert [p.name for p in store.profiles()] == ["ana", "copy"]


def test_a_profile_name_in_use_is_refused_without_a_choice(store: Store) -> None:
    document = json.dumps(export(store, everything(store)))
    before = snapshot(store)
    with pytest.raises(NameTaken, match="another name, or replace"):
        import_backup(store, document, source="b.json", now=NOW)
    assert snapshot(store) == before


def test_replace_puts_the_backup_in_place_of_the_profile(store: Store) -> None:
    profile = everything(store)
    document = json.dumps(export(store, profile))
    services.record_checkin(store, profile, now=NOW, pain=9, note="after the backup")
    restored = import_backup(store, document, source="b.json", now=NOW, replace=True)
    assert restored.name == "ana" and [p.name for p in store.profiles()] == ["ana"]
    assert export(store, restored)["data"] == json.loads(document)["data"]
    assert services.default_profile_name(store) == "ana"


def test_a_replace_that_fails_part_way_leaves_the_old_profile_intact(store: Store) -> None:
    profile = everything(store)
    document = export(store, profile)
    services.record_checkin(store, profile, now=NOW, pain=9, note="only in the database")
    before = snapshot(store)
    # The database itself refuses one record late in the write, after the old
    # profile's rows have been deleted in the same transaction.
    _refuse_region(store, "buttock_right")
    with pytest.raises(StorageError, match="nothing was changed"):
        import_backup(store, json.dumps(document), source="b.json", now=NOW, replace=True)
    assert snapshot(store) == before
    assert [c.note for c in store.checkins(store.profile("ana").id or 0)][-1] == (
        "only in the database"
    )


def _refuse_region(store: Store, region: str) -> None:
    """Install a trigger that makes the database refuse a body-map mark of ``region``."""
    with store.writing() as c:
        if c.dialect.name == "sqlite":
            c.execute(
                text(
                    "CREATE TRIGGER refuse BEFORE INSERT ON pain_spots "
                    f"WHEN NEW.region = '{region}' BEGIN SELECT RAISE(ABORT, 'disk full'); END"
                )
            )
        else:
            c.execute(
                text(
                    "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                    f"IF NEW.region = '{region}' THEN RAISE EXCEPTION 'disk full'; END IF; "
                    "RETURN NEW; END $$ LANGUAGE plpgsql"
                )
            )
            c.execute(
                text(
                    "CREATE TRIGGER refuse BEFORE INSERT ON pain_spots "
                    "FOR EACH ROW EXECUTE FUNCTION refuse()"
                )
            )


def test_a_backup_written_before_ids_were_kept_still_restores(store: Store) -> None:
    document = export(store, everything(store))
    for kind, records in document["data"].items():
        for record in records if kind != "profile" else []:
            del record["id"]
    old = forge(document, lambda data: None)
    copy = import_backup(store, old, source="old.json", now=NOW, as_name="old")
    assert [c["pain"] for c in export(store, copy)["data"]["checkins"]] == [6, 5, 4]


def an_old_screening(data: dict[str, Any]) -> None:
    """The screening as a backup written before the tiers holds it: old ids, old verdict."""
    data["screenings"][0] = {
        "id": data["screenings"][0]["id"],
        "screened_on": data["screenings"][0]["screened_on"],
        "answers": [
            ["bladder_bowel_change", False],
            ["progressive_weakness", False],
            ["major_trauma", True],  # "see a clinician" then, an emergency now
            ["age_under_20_or_over_50_new_pain", False],
            ["dvt_or_clot_history", True],
            ["leg_pain_below_knee", False],
        ],
        "verdict": "stop_see_clinician",
        "restrictions": ["no_professional_massage", "no_self_massage"],
    }


def test_a_backup_written_before_the_tiers_imports_and_reads_with_todays_tiers(
    store: Store,
) -> None:
    old = forge(export(store, everything(store)), an_old_screening)
    copy = import_backup(store, old, source="b.json", now=NOW, as_name="copy")
    (screening,) = store.load(copy).screenings
    assert ("progressive_weakness", False) in screening.answers
    assert screening.verdict == "stop_emergency"
    assert screening.answered_by == "person"
    state = services.safety_state(store, copy)
    assert state.is_stopped and state.screening is not None
    assert not state.screening.complete
    assert "Pain that began after a serious accident or fall" in [
        r.words for r in state.screening.reasons
    ]


def test_a_peg_answered_in_part_before_that_was_refused_restores_with_no_score(
    store: Store,
) -> None:
    """backrub 0.1.0 kept a questionnaire answered in part; its backups stay readable
    (docs/exports.md), and the answer is shown with no score, never a made-up one."""
    old = forge(export(store, everything(store)), answer(None))  # type: ignore[arg-type]
    copy = import_backup(store, old, source="old.json", now=NOW, as_name="old")
    (restored,) = export(store, copy)["data"]["responses"]
    assert restored["answers"] == [6, None, 4]
    from backrub.services.measures import response_score

    assert response_score(store.load(copy).responses[0]).score is None
    with pytest.raises(InvalidInput, match="needs all 3 answers"):  # the keyboard refuses it
        services.record_response(
            store, copy, instrument_id="peg", answers="6,-,4", at="2026-03-01T10:00", now=NOW
        )
