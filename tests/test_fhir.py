"""The FHIR export: a valid R4 collection Bundle with honest codes and no licensed text."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from hypothesis import given, settings
from hypothesis import strategies as st

from backrub.domain.instruments import INSTRUMENTS, LOINC, PROJECT_CODES, get_instrument
from backrub.domain.records import CheckIn, Profile, ProfileData, Response
from backrub.errors import InvalidInput
from backrub.reports.fhir import fhir_bundle, questionnaire_url

GENERATED = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)
T0 = datetime(2026, 1, 15, 18, 0, tzinfo=UTC)
SUMMER = datetime(2026, 7, 1, 8, 30, tzinfo=UTC)
LONDON = "Europe/London"

ANSWERS: dict[str, tuple[float | None, ...]] = {
    "nrs": (6,),
    "peg": (6, 5, 7),
    "rmdq": (1, 0, 1, 1, *([0] * 20)),
    "odi": (1, 2, 3, None, 1, 1, 1, 1, 1, 1),
    "startback": (1, 1, 0, 0, 1, 1, 1, 1, 4),
    "phq2": (2, 1),
    "gad2": (1, 1),
    "phq9": (1, 1, 1, 1, 1, 1, 1, 1, 1),
    "gad7": (2, 2, 2, 2, 2, 0, 0),
    "psfs": (3, 4, 6),
    "sleep": (7,),
    "ffd": (12.5,),
}

DATA = ProfileData(
    profile=Profile("alice", LONDON, T0),
    responses=(
        *(
            Response(T0 + timedelta(hours=n), LONDON, instrument, answers)
            for n, (instrument, answers) in enumerate(ANSWERS.items())
        ),
        Response(SUMMER, LONDON, "psfs", (5, 6, 8), ("walking the dog", "sitting", "lifting")),
        Response(SUMMER, LONDON, "peg", (5, None, 4)),  # no score: every item is needed
    ),
    checkins=(CheckIn(T0, LONDON, 6), CheckIn(SUMMER, LONDON, 3), CheckIn(SUMMER, LONDON, 2)),
)

KNOWN_LOINC = {
    code.code
    for instrument in INSTRUMENTS.values()
    for code in (
        instrument.score_code,
        instrument.panel_code,
        *(item.code for item in instrument.items),
    )
    if code is not None and code.system == LOINC
}


def _bundle(data: ProfileData = DATA) -> dict[str, Any]:
    return fhir_bundle(data, generated_at=GENERATED)


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _by_url(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["fullUrl"]: e["resource"] for e in bundle["entry"]}


def _score_observations(bundle: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Return (observation, its questionnaire response) for every score observation."""
    urls = _by_url(bundle)
    return [
        (o, urls[o["derivedFrom"][0]["reference"]])
        for o in _resources(bundle, "Observation")
        if "derivedFrom" in o
    ]


def _value(observation: dict[str, Any]) -> float:
    if "valueInteger" in observation:
        return float(observation["valueInteger"])
    return float(observation["valueQuantity"]["value"])


def test_the_whole_bundle_validates_against_the_fhir_r4b_models() -> None:
    bundle = _bundle()
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection"
    assert parsed.entry is not None
    assert len(parsed.entry) == len(bundle["entry"])


def test_the_bundle_holds_one_patient_a_response_per_questionnaire_and_their_observations() -> None:
    bundle = _bundle()
    scored = len(DATA.responses) - 1  # the PEG with a missing item has no score
    assert len(_resources(bundle, "Patient")) == 1
    assert len(_resources(bundle, "QuestionnaireResponse")) == len(DATA.responses)
    assert len(_resources(bundle, "Observation")) == scored + len(DATA.checkins)
    assert bundle["timestamp"] == "2026-08-01T12:00:00Z"


def test_the_patient_carries_the_profile_name_and_nothing_else() -> None:
    (patient,) = _resources(_bundle(), "Patient")
    assert set(patient) == {"resourceType", "id", "name"}
    assert patient["name"] == [{"text": "alice"}]


def test_the_patient_id_is_stable_per_profile_name() -> None:
    (alice,) = _resources(_bundle(), "Patient")
    (again,) = _resources(_bundle(ProfileData(DATA.profile)), "Patient")
    (bob,) = _resources(_bundle(ProfileData(replace(DATA.profile, name="bob"))), "Patient")
    assert alice["id"] == again["id"] != bob["id"]


def test_every_response_is_completed_for_the_patient_and_points_at_its_questionnaire() -> None:
    bundle = _bundle()
    (patient,) = _resources(bundle, "Patient")
    responses = _resources(bundle, "QuestionnaireResponse")
    for resource, response in zip(responses, DATA.responses, strict=True):
        assert resource["status"] == "completed"
        assert resource["subject"] == {"reference": f"urn:uuid:{patient['id']}"}
        assert resource["questionnaire"] == questionnaire_url(response.instrument)
        assert datetime.fromisoformat(resource["authored"]) == response.at
    assert questionnaire_url("rmdq") == "https://backrub.example/fhir/Questionnaire/rmdq"


def test_authored_times_are_in_the_persons_zone() -> None:
    summer = _resources(_bundle(), "QuestionnaireResponse")[-1]
    assert summer["authored"] == "2026-07-01T09:30:00+01:00"


@pytest.mark.parametrize("instrument", list(ANSWERS))
def test_items_carry_the_link_id_and_value_of_every_answered_item(instrument: str) -> None:
    bundle = _bundle()
    resource = next(
        r
        for r in _resources(bundle, "QuestionnaireResponse")
        if r["questionnaire"].endswith(f"/{instrument}")
    )
    answered = [(n, a) for n, a in enumerate(ANSWERS[instrument]) if a is not None]
    items = get_instrument(instrument).items
    assert [i["linkId"] for i in resource["item"]] == [items[n].link_id for n, _ in answered]
    values = [next(iter(i["answer"][0].values())) for i in resource["item"]]
    assert values == [a for _, a in answered]


@pytest.mark.parametrize("instrument", ["odi", "startback"])
def test_licensed_instruments_carry_no_item_text(instrument: str) -> None:
    bundle = _bundle()
    resource = next(
        r
        for r in _resources(bundle, "QuestionnaireResponse")
        if r["questionnaire"].endswith(f"/{instrument}")
    )
    assert resource["item"]
    assert all(set(item) == {"linkId", "answer"} for item in resource["item"])


def test_free_instruments_carry_their_item_text() -> None:
    bundle = _bundle()
    rmdq = next(
        r
        for r in _resources(bundle, "QuestionnaireResponse")
        if r["questionnaire"].endswith("/rmdq")
    )
    assert rmdq["item"][0]["text"] == "I stay at home most of the time because of my back."


def test_licensed_wording_never_reaches_the_json_even_if_stored_as_labels() -> None:
    wording = tuple(f"Section {n}: licensed wording {n}" for n in range(1, 11))
    leaky = ProfileData(
        DATA.profile, responses=(Response(T0, LONDON, "odi", ANSWERS["odi"], wording),)
    )
    text = json.dumps(_bundle(leaky))
    assert "licensed wording" not in text
    assert '"linkId": "odi-1"' in text


def test_psfs_items_and_components_carry_the_activities_the_person_named() -> None:
    bundle = _bundle()
    psfs = [(o, r) for o, r in _score_observations(bundle) if r["questionnaire"].endswith("/psfs")][
        -1
    ]
    observation, response = psfs
    assert [i["text"] for i in response["item"]] == ["walking the dog", "sitting", "lifting"]
    assert [(c["code"]["text"], c["valueInteger"]) for c in observation["component"]] == [
        ("walking the dog", 5),
        ("sitting", 6),
        ("lifting", 8),
    ]
    assert observation["valueQuantity"]["value"] == pytest.approx(6.33)


def test_every_observation_is_a_final_survey_coded_by_loinc_or_the_project_system() -> None:
    for observation in _resources(_bundle(), "Observation"):
        assert observation["status"] == "final"
        assert observation["category"][0]["coding"][0]["code"] == "survey"
        for coding in observation["code"]["coding"]:
            if coding["system"] == LOINC:
                assert coding["code"] in KNOWN_LOINC
            else:
                assert coding["system"] == PROJECT_CODES


def test_every_score_lies_inside_its_instruments_range() -> None:
    for observation, response in _score_observations(_bundle()):
        instrument = get_instrument(response["questionnaire"].rsplit("/", 1)[1])
        assert instrument.score_low <= _value(observation) <= instrument.score_high
        assert observation["code"]["coding"][0]["code"] == instrument.score_code.code


def test_every_derived_from_resolves_to_a_questionnaire_response_in_the_bundle() -> None:
    bundle = _bundle()
    urls = _by_url(bundle)
    derived = [o for o in _resources(bundle, "Observation") if "derivedFrom" in o]
    assert len(derived) == len(DATA.responses) - 1
    for observation in derived:
        for reference in observation["derivedFrom"]:
            assert urls[reference["reference"]]["resourceType"] == "QuestionnaireResponse"


@pytest.mark.parametrize(
    ("instrument", "system", "code", "value"),
    [
        ("phq2", LOINC, "55758-7", 3),
        ("nrs", LOINC, "72514-3", 6),
        ("peg", LOINC, "91147-9", 6.0),
        ("odi", LOINC, "97909-6", 26.67),
        ("gad2", PROJECT_CODES, "gad2-total", 2),  # no LOINC GAD-2 total exists
        ("rmdq", PROJECT_CODES, "rmdq-total", 3),
        ("startback", PROJECT_CODES, "startback-total", 7),
        ("ffd", PROJECT_CODES, "ffd-cm", 12.5),
    ],
)
def test_scores_use_the_instruments_own_code_and_value(
    instrument: str, system: str, code: str, value: float
) -> None:
    observation = next(
        o
        for o, r in _score_observations(_bundle())
        if r["questionnaire"].endswith(f"/{instrument}")
    )
    assert observation["code"]["coding"][0]["system"] == system
    assert observation["code"]["coding"][0]["code"] == code
    assert _value(observation) == pytest.approx(value)


@pytest.mark.parametrize(
    ("instrument", "kind", "unit"),
    [
        ("phq2", "valueInteger", None),
        ("rmdq", "valueInteger", None),
        ("odi", "valueQuantity", "%"),
        ("ffd", "valueQuantity", "cm"),
        ("peg", "valueQuantity", "{score}"),
    ],
)
def test_scores_have_the_right_value_type_and_ucum_unit(
    instrument: str, kind: str, unit: str | None
) -> None:
    observation = next(
        o
        for o, r in _score_observations(_bundle())
        if r["questionnaire"].endswith(f"/{instrument}")
    )
    assert kind in observation
    if unit is not None:
        assert observation[kind]["code"] == unit
        assert observation[kind]["system"] == "http://unitsofmeasure.org"


@pytest.mark.parametrize(
    ("instrument", "words"),
    [
        ("odi", "moderate disability (fairbank-pynsent-2000"),
        ("startback", "high risk (hill-2008)"),
        ("phq2", "positive screen"),
        ("gad2", "negative screen"),
    ],
)
def test_interpretations_name_the_band_or_risk_and_their_source(
    instrument: str, words: str
) -> None:
    observation = next(
        o
        for o, r in _score_observations(_bundle())
        if r["questionnaire"].endswith(f"/{instrument}")
    )
    assert any(words in i["text"] for i in observation["interpretation"])


def test_startback_risk_carries_its_snomed_code() -> None:
    observation = next(
        o for o, r in _score_observations(_bundle()) if r["questionnaire"].endswith("/startback")
    )
    (risk,) = observation["interpretation"]
    assert risk["coding"][0]["code"] == get_instrument("startback").risk_codes["high"].code


def test_check_in_pain_is_an_nrs_observation_with_an_integer_value() -> None:
    pain = [o for o in _resources(_bundle(), "Observation") if "derivedFrom" not in o]
    assert [o["valueInteger"] for o in pain] == [c.pain for c in DATA.checkins]
    for observation, checkin in zip(pain, DATA.checkins, strict=True):
        assert observation["code"]["coding"][0]["code"] == "72514-3"
        assert observation["code"]["coding"][0]["system"] == LOINC
        assert datetime.fromisoformat(observation["effectiveDateTime"]) == checkin.at


def test_full_urls_are_unique_uuids_even_for_records_at_the_same_time() -> None:
    bundle = _bundle()
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    assert all(u.startswith("urn:uuid:") and len(u) == len("urn:uuid:") + 36 for u in urls)
    assert all(e["fullUrl"] == f"urn:uuid:{e['resource']['id']}" for e in bundle["entry"])


def test_the_same_data_gives_the_same_bundle() -> None:
    assert json.dumps(_bundle(), sort_keys=True) == json.dumps(_bundle(), sort_keys=True)


def test_database_ids_do_not_change_the_bundle_so_a_restore_exports_the_same_uuids() -> None:
    saved = replace(
        DATA,
        responses=tuple(replace(r, id=100 + n) for n, r in enumerate(DATA.responses)),
        checkins=tuple(replace(c, id=500 + n) for n, c in enumerate(DATA.checkins)),
    )
    assert _bundle(saved) == _bundle(DATA)


def test_a_generation_time_without_a_zone_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        fhir_bundle(DATA, generated_at=datetime(2026, 8, 1, 12, 0))
    assert "at" in str(caught.value)


def test_a_check_in_pain_outside_0_to_10_is_refused_naming_pain() -> None:
    bad = ProfileData(DATA.profile, checkins=(CheckIn(T0, LONDON, 11),))
    with pytest.raises(InvalidInput) as caught:
        _bundle(bad)
    assert "pain" in str(caught.value)


_checkins = st.builds(
    CheckIn,
    at=st.sampled_from([T0, SUMMER])
    | st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    tz=st.sampled_from(["UTC", LONDON, "Asia/Kathmandu"]),
    pain=st.integers(0, 10),
)
_responses = st.sampled_from(list(ANSWERS)).map(lambda i: Response(SUMMER, LONDON, i, ANSWERS[i]))


@settings(max_examples=40, deadline=None)
@given(st.lists(_checkins, max_size=6), st.lists(_responses, max_size=4))
def test_any_profile_gives_a_valid_bundle_with_unique_urls_and_every_pain_value(
    checkins: list[CheckIn], responses: list[Response]
) -> None:
    data = ProfileData(DATA.profile, checkins=tuple(checkins), responses=tuple(responses))
    bundle = _bundle(data)
    Bundle.model_validate(bundle)
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    pain = [o["valueInteger"] for o in _resources(bundle, "Observation") if "derivedFrom" not in o]
    assert pain == [c.pain for c in checkins]
