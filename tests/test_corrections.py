"""Correcting mistakes: edits go through the live parsers and rules, deletes leave no trace.

Run on SQLite and PostgreSQL (the ``store`` fixture).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime

import pytest

from backrub import services
from backrub.domain.records import BodyRegion, Profile, Technique
from backrub.errors import InvalidInput, NotFound, Refused
from backrub.store import Store

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # a Monday


def _profile(store: Store, name: str = "ana") -> Profile:
    return services.add_profile(store, name, tz="Europe/Berlin", now=NOW)


def _id(record: object) -> int:
    value = getattr(record, "id", None)
    assert isinstance(value, int)
    return value


def test_a_checkin_typed_with_the_wrong_year_can_be_moved_to_the_right_one(store: Store) -> None:
    ana = _profile(store)
    wrong = services.record_checkin(store, ana, now=NOW, pain=4, at="2025-03-02T08:30")
    fixed = services.edit_checkin(store, ana, wrong.id, now=NOW, at="2026-03-02T08:30")
    [back] = store.checkins(_id(ana))
    assert back == fixed
    assert back.at == datetime(2026, 3, 2, 7, 30, tzinfo=UTC)  # 08:30 in Berlin
    assert (back.id, back.pain, back.tz) == (wrong.id, 4, "Europe/Berlin")


def test_an_edit_keeps_the_fields_it_does_not_name(store: Store) -> None:
    ana = _profile(store)
    saved = services.record_checkin(
        store, ana, now=NOW, pain=6, sleep=3, medication="ibuprofen", note="stiff"
    )
    services.edit_checkin(store, ana, saved.id, now=NOW, pain="5", note="")
    [back] = store.checkins(_id(ana))
    assert (back.pain, back.sleep, back.medication, back.note) == (5, 3, "ibuprofen", None)
    assert back.at == saved.at


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"pain": "11"}, "pain"),
        ({"at": "0226-03-02T08:30"}, "at"),
        ({"at": "2026-03-09T08:30"}, "at"),  # a week ahead
        ({"at": ""}, "at"),
        ({"sleep": "a lot"}, "sleep"),
        ({}, "changes"),
    ],
)
def test_a_bad_edit_is_refused_and_leaves_the_checkin_unchanged(
    store: Store, changes: dict[str, str], field: str
) -> None:
    ana = _profile(store)
    saved = services.record_checkin(store, ana, now=NOW, pain=4, sleep=6)
    with pytest.raises(InvalidInput) as refused:
        services.edit_checkin(store, ana, saved.id, now=NOW, **changes)
    assert refused.value.field == field
    assert store.checkins(_id(ana)) == [saved]


def test_an_edit_that_leaves_questions_unanswered_is_refused_and_keeps_the_answers(
    store: Store,
) -> None:
    ana = _profile(store)
    saved, _ = services.record_response(store, ana, instrument_id="peg", answers="5,5,5", now=NOW)
    with pytest.raises(InvalidInput) as refused:
        services.edit_response(store, ana, saved.id, now=NOW, answers="5,-,-")
    assert refused.value.field == "answers[2]"
    assert "questions 2 and 3 are unanswered" in str(refused.value)
    assert store.responses(_id(ana)) == [saved]


def test_another_profiles_record_is_not_found_for_edit_or_delete(store: Store) -> None:
    ana, ben = _profile(store, "ana"), _profile(store, "ben")
    checkin = services.record_checkin(store, ana, now=NOW, pain=4)
    pro = services.log_pro_session(store, ana, now=NOW, technique="relaxation", duration_min=60)
    spots = services.record_body_map(store, ana, now=NOW, where="hip_left:3")
    response, _ = services.record_response(
        store, ana, instrument_id="peg", answers="5,5,5", now=NOW
    )
    mark = store.pain_spots(_id(ana))[0]
    attempts = [
        lambda: services.edit_checkin(store, ben, checkin.id, now=NOW, pain=1),
        lambda: services.delete_checkin(store, ben, checkin.id),
        lambda: services.edit_pro_session(store, ben, pro.id, now=NOW, minutes=5),
        lambda: services.delete_pro_session(store, ben, pro.id),
        lambda: services.edit_response(store, ben, response.id, now=NOW, answers="1,1,1"),
        lambda: services.delete_response(store, ben, response.id),
        lambda: services.edit_mark(store, ben, mark.id, now=NOW, intensity=9),
        lambda: services.delete_mark(store, ben, mark.id),
        lambda: services.delete_checkin(store, ana, 999_999),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            attempt()
    data = store.load(ana)
    assert (data.checkins, data.pro_sessions, data.responses) == ((checkin,), (pro,), (response,))
    assert [s.intensity for s in data.pain_spots] == [s.intensity for s in spots]


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1" * 5000, "12345678901", "", "٣"])
def test_an_id_that_is_not_a_record_number_is_refused_naming_the_id(
    store: Store, value: str
) -> None:
    ana = _profile(store)
    services.record_checkin(store, ana, now=NOW, pain=4)
    with pytest.raises(InvalidInput) as refused:
        services.delete_checkin(store, ana, value)
    assert refused.value.field == "id"
    assert len(str(refused.value)) < 200
    assert len(store.checkins(_id(ana))) == 1


def test_deleting_a_checkin_deletes_its_marks_and_nothing_else(store: Store) -> None:
    ana = _profile(store)
    checkin = services.record_checkin(
        store, ana, now=NOW, pain=6, at="2026-03-02T08:00", where="lower_back_left:6,buttock_left:3"
    )
    other = services.record_body_map(store, ana, now=NOW, where="hip_right:2")
    kept = services.record_checkin(store, ana, now=NOW, pain=3)
    assert len(services.marks_of(store, ana, checkin)) == 2

    assert services.delete_checkin(store, ana, checkin.id) == 2
    assert store.checkins(_id(ana)) == [kept]
    assert [s.region for s in store.pain_spots(_id(ana))] == [o.region for o in other]


def test_moving_a_checkin_moves_its_marks_with_it(store: Store) -> None:
    ana = _profile(store)
    checkin = services.record_checkin(
        store, ana, now=NOW, pain=6, at="2025-03-01T08:00", where="hip_left:4"
    )
    moved = services.edit_checkin(store, ana, checkin.id, now=NOW, at="2026-03-01T08:00")
    [mark] = store.pain_spots(_id(ana))
    assert mark.at == moved.at
    assert services.marks_of(store, ana, moved) == [mark]


def test_a_deleted_record_is_gone_from_every_export(store: Store) -> None:
    ana = _profile(store)
    keep = services.record_checkin(store, ana, now=NOW, pain=3, at="2026-03-01T08:00")
    gone = services.record_checkin(
        store, ana, now=NOW, pain=9, at="2026-03-02T08:00", where="below_knee_right:8"
    )
    pro = services.log_pro_session(store, ana, now=NOW, technique="sports", duration_min=45)
    response, _ = services.record_response(
        store, ana, instrument_id="peg", answers="7,7,7", now=NOW
    )
    services.delete_checkin(store, ana, gone.id)
    services.delete_pro_session(store, ana, pro.id)
    services.delete_response(store, ana, response.id)

    backup = json.loads(services.export_json(store, ana, now=NOW))
    text = json.dumps(backup)
    assert "below_knee_right" not in text and "sports" not in text and '"peg"' not in text
    assert [c["pain"] for c in backup["data"]["checkins"]] == [keep.pain]

    with zipfile.ZipFile(io.BytesIO(services.export_csv(store, ana))) as archive:
        tables = {name: archive.read(name).decode() for name in archive.namelist()}

    def data_rows(name: str) -> list[str]:
        return [r for r in tables[name].splitlines()[1:] if r.strip()]

    assert len(data_rows("checkins.csv")) == 1
    assert data_rows("pro_sessions.csv") == []
    assert data_rows("pain_spots.csv") == []

    fhir = services.export_fhir(store, ana, now=NOW)
    assert "below_knee_right" not in fhir.lower().replace(" ", "_")
    assert "QuestionnaireResponse" not in fhir


def test_a_professional_session_can_be_corrected_through_the_same_rules(store: Store) -> None:
    ana = _profile(store)
    pro = services.log_pro_session(
        store, ana, now=NOW, technique="relaxation", duration_min=60, cost="70"
    )
    services.edit_pro_session(store, ana, pro.id, now=NOW, technique="structural", minutes="50")
    with pytest.raises(InvalidInput, match="cost"):
        services.edit_pro_session(store, ana, pro.id, now=NOW, cost="abc")
    [back] = store.pro_sessions(_id(ana))
    assert (back.technique, back.duration_min, back.cost_cents) == (Technique.STRUCTURAL, 50, 7000)
    services.edit_pro_session(store, ana, pro.id, now=NOW, cost="")
    [back] = store.pro_sessions(_id(ana))
    assert (back.cost_cents, back.currency) == (None, None)


def test_a_self_session_edit_over_the_cap_needs_an_override_with_a_reason(store: Store) -> None:
    ana = _profile(store)
    session = services.log_self_session(
        store, ana, now=NOW, tool="foam_roller", zones="glutes_left:60", at="2026-03-02T08:00"
    )
    with pytest.raises(Refused):
        services.edit_self_session(store, ana, session.id, now=NOW, zones="glutes_left:900")
    assert store.self_sessions(_id(ana)) == [session]
    with pytest.raises(InvalidInput, match="reason"):
        services.edit_self_session(
            store, ana, session.id, now=NOW, override=True, zones="glutes_left:900"
        )
    edited = services.edit_self_session(
        store,
        ana,
        session.id,
        now=NOW,
        override=True,
        override_reason="physio said so",
        zones="glutes_left:200",
    )
    assert edited.override_reason == "physio said so"
    # A note on an overridden session needs no new override; the reason stays.
    services.edit_self_session(store, ana, session.id, now=NOW, note="felt fine")
    [back] = store.self_sessions(_id(ana))
    assert (back.note, back.override_reason, back.total_seconds) == (
        "felt fine",
        "physio said so",
        200,
    )
    # Back within the rules: the override is no longer needed and is dropped.
    services.edit_self_session(store, ana, session.id, now=NOW, zones="glutes_left:60")
    [back] = store.self_sessions(_id(ana))
    assert back.override_reason is None


def test_a_self_session_edit_is_not_judged_against_itself(store: Store) -> None:
    ana = _profile(store)
    session = services.log_self_session(
        store, ana, now=NOW, tool="foam_roller", zones="glutes_left:120", at="2026-03-02T08:00"
    )
    # The same zone worked "twice a day" would be refused if the old version counted.
    edited = services.edit_self_session(store, ana, session.id, now=NOW, zones="glutes_left:90")
    assert edited.total_seconds == 90
    services.delete_self_session(store, ana, session.id)
    assert store.self_sessions(_id(ana)) == []


def test_a_questionnaire_answer_is_corrected_with_the_instruments_scoring(store: Store) -> None:
    ana = _profile(store)
    response, _ = services.record_response(
        store, ana, instrument_id="peg", answers="5,5,5", now=NOW
    )
    with pytest.raises(InvalidInput) as refused:
        services.edit_response(store, ana, response.id, now=NOW, answers="5,5,11")
    assert "answers" in refused.value.field
    services.edit_response(store, ana, response.id, now=NOW, answers="2,3,4")
    [back] = store.responses(_id(ana))
    assert back.answers == (2, 3, 4)
    assert services.response_score(back).score == 3


def test_a_mark_is_corrected_or_deleted_alone(store: Store) -> None:
    ana = _profile(store)
    services.record_body_map(store, ana, now=NOW, where="hip_left:3,hip_right:5")
    left, right = sorted(store.pain_spots(_id(ana)), key=lambda s: s.region.value)
    with pytest.raises(InvalidInput, match="intensity"):
        services.edit_mark(store, ana, left.id, now=NOW, intensity="12")
    services.edit_mark(store, ana, left.id, now=NOW, intensity="7", region="buttock_left")
    services.delete_mark(store, ana, right.id)
    [back] = store.pain_spots(_id(ana))
    assert (back.region, back.intensity) == (BodyRegion.BUTTOCK_LEFT, 7)


def test_a_confirmation_names_the_record_in_plain_words(store: Store) -> None:
    ana = _profile(store)
    checkin = services.record_checkin(store, ana, now=NOW, pain=4, at="2026-03-02T08:30")
    assert services.describe(checkin) == "check-in of Mon 2 Mar 2026 08:30 (pain 4)"


def test_a_deleted_questionnaire_no_longer_counts_in_progress_or_the_report(
    store: Store,
) -> None:
    ana = _profile(store)
    first, _ = services.record_response(
        store, ana, instrument_id="peg", answers="8,8,8", now=NOW, at="2026-02-01T09:00"
    )
    services.record_response(
        store, ana, instrument_id="peg", answers="3,3,3", now=NOW, at="2026-03-01T09:00"
    )
    assert [c.instrument_id for c in services.progress(store, ana, now=NOW).changes] == ["peg"]
    assert [r.instrument_id for r in services.report_data(store, ana, now=NOW).instruments]
    services.delete_response(store, ana, first.id)
    assert services.progress(store, ana, now=NOW).changes == ()
    assert services.report_data(store, ana, now=NOW).instruments == ()
