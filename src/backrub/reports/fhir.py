"""Render a profile as a FHIR R4 Bundle of type ``collection``, as a plain dict.

Entries, in this order:

- one ``Patient`` with the profile name as ``name.text`` and nothing else
  that could identify the person;
- per questionnaire response: a ``QuestionnaireResponse`` (status completed,
  ``questionnaire`` = the canonical URL of the instrument, one item per
  answered item with its ``linkId``) and, when the answers allow a score, an
  ``Observation`` of the score (category survey, ``derivedFrom`` the response);
- per check-in: an ``Observation`` of pain on the 0-10 numeric rating scale
  (LOINC 72514-3, ostelo-2008).

Codes come only from ``backrub.domain.instruments``: LOINC where the
instrument has a LOINC code, the project code system otherwise; nothing here
makes up a code. Licensed instruments (ODI, STarT Back) travel as linkIds and
values only, never item text. PSFS items carry the activity the person named.

Every ``fullUrl`` is ``urn:uuid:`` + a uuid5 of a key built from content that
survives a backup and restore (profile name, instrument, time, and the count
of earlier records with the same key), never from database ids; with the
same ``generated_at`` the same data gives the same bundle.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from backrub.domain.instruments import NRS_CODE, Code, Instrument, Scoring, get_instrument
from backrub.domain.mood import urgent_flag
from backrub.domain.records import CheckIn, ProfileData, Response
from backrub.domain.scoring import Score, score
from backrub.errors import InvalidInput
from backrub.reports.csv_export import zone_of

FHIR_BASE = "https://backrub.example/fhir"
QUESTIONNAIRE_BASE = f"{FHIR_BASE}/Questionnaire"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, FHIR_BASE)
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
SURVEY = {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
PAIN_LOW, PAIN_HIGH = 0, 10

Json = dict[str, Any]


def questionnaire_url(instrument_id: str) -> str:
    """Return the canonical URL of the questionnaire of ``instrument_id``."""
    return f"{QUESTIONNAIRE_BASE}/{get_instrument(instrument_id).id}"


def stable_uuid(key: str) -> str:
    """Return the uuid5 of ``key`` in backrub's FHIR namespace."""
    return str(uuid.uuid5(NAMESPACE, key))


def fhir_bundle(data: ProfileData, *, generated_at: datetime) -> Json:
    """Return ``data`` as an R4 ``collection`` Bundle.

    ``generated_at`` becomes ``Bundle.timestamp`` and must carry a zone.
    Raises ``InvalidInput`` for a time without a zone, an unknown zone, an
    unknown instrument, answers its instrument does not allow, or a check-in
    pain outside 0-10.
    """
    name = data.profile.name
    patient_id = stable_uuid(f"patient|{name}")
    entries: list[Json] = [
        _entry(patient_id, {"resourceType": "Patient", "id": patient_id, "name": [{"text": name}]})
    ]
    seen: Counter[str] = Counter()
    for response in data.responses:
        key = f"{name}|response|{response.instrument}|{_utc(response.at)}"
        seen[key] += 1
        key = f"{key}|{seen[key]}"
        instrument = get_instrument(response.instrument)
        result = score(instrument, response.answers)
        response_id = stable_uuid(key)
        entries.append(
            _entry(
                response_id, _questionnaire_response(instrument, response, patient_id, response_id)
            )
        )
        if result.score is not None:
            observation_id = stable_uuid(f"{key}|score")
            entries.append(
                _entry(
                    observation_id,
                    _score_observation(
                        instrument, response, result, patient_id, response_id, observation_id
                    ),
                )
            )
    for checkin in data.checkins:
        key = f"{name}|checkin-pain|{_utc(checkin.at)}"
        seen[key] += 1
        observation_id = stable_uuid(f"{key}|{seen[key]}")
        entries.append(
            _entry(observation_id, _pain_observation(checkin, patient_id, observation_id))
        )
    return {
        "resourceType": "Bundle",
        "id": stable_uuid(f"bundle|{name}|{_utc(generated_at)}"),
        "type": "collection",
        "timestamp": _utc(generated_at),
        "entry": entries,
    }


def _entry(resource_id: str, resource: Json) -> Json:
    return {"fullUrl": f"urn:uuid:{resource_id}", "resource": resource}


def _reference(resource_id: str) -> Json:
    return {"reference": f"urn:uuid:{resource_id}"}


def _utc(at: datetime) -> str:
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidInput("at", at.isoformat(), "give a time with a zone (stored in UTC)")
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _local(at: datetime, tz: str) -> str:
    """Return ``at`` in the person's zone with its offset: the same instant, read locally."""
    _utc(at)
    return at.astimezone(zone_of(tz)).isoformat()


def _coding(code: Code) -> Json:
    return {"system": code.system, "code": code.code, "display": code.display}


def _questionnaire_response(
    instrument: Instrument, response: Response, patient_id: str, response_id: str
) -> Json:
    items: list[Json] = []
    for index, answer in enumerate(response.answers):
        if answer is None:  # an unanswered item has no answer to carry
            continue
        item: Json = {"linkId": instrument.items[min(index, len(instrument.items) - 1)].link_id}
        text = _item_text(instrument, response, index)
        if text is not None:
            item["text"] = text
        scale = instrument.item_scale(index)
        value: Json = (
            {"valueInteger": int(answer)} if scale.whole else {"valueDecimal": float(answer)}
        )
        item["answer"] = [value]
        items.append(item)
    resource: Json = {
        "resourceType": "QuestionnaireResponse",
        "id": response_id,
        "questionnaire": questionnaire_url(instrument.id),
        "status": "completed",
        "subject": _reference(patient_id),
        "authored": _local(response.at, response.tz),
        "source": _reference(patient_id),  # self-reported
    }
    if items:
        resource["item"] = items
    return resource


def _item_text(instrument: Instrument, response: Response, index: int) -> str | None:
    if not instrument.ships_item_text:
        return None  # ODI, STarT Back: the wording is licensed, never exported
    if index < len(response.labels) and response.labels[index].strip():
        return response.labels[index]  # PSFS: the activity the person named
    return instrument.items[min(index, len(instrument.items) - 1)].text_en


def _is_whole_score(instrument: Instrument) -> bool:
    match instrument.scoring:
        case Scoring.SUM | Scoring.COUNT | Scoring.STARTBACK:
            return True
        case Scoring.SINGLE:
            return instrument.items[0].scale.whole
        case Scoring.MEAN | Scoring.ODI_PERCENT:
            return False


def _score_observation(
    instrument: Instrument,
    response: Response,
    result: Score,
    patient_id: str,
    response_id: str,
    observation_id: str,
) -> Json:
    value: Json
    if result.score is None:
        raise InvalidInput("answers", response.answers, "give enough answers for a score")
    if _is_whole_score(instrument):
        value = {"valueInteger": int(result.score)}
    else:
        value = {
            "valueQuantity": {
                "value": float(result.score),
                "unit": instrument.unit,
                "system": UCUM,
                "code": instrument.unit,
            }
        }
    resource: Json = {
        "resourceType": "Observation",
        "id": observation_id,
        "status": "final",
        "category": [SURVEY],
        "code": {"coding": [_coding(instrument.score_code)], "text": instrument.name_en},
        "subject": _reference(patient_id),
        "effectiveDateTime": _local(response.at, response.tz),
        **value,
        "derivedFrom": [_reference(response_id)],
    }
    interpretation = _interpretation(instrument, result)
    if interpretation:
        resource["interpretation"] = interpretation
    if instrument.id == "psfs":
        resource["component"] = [
            {"code": {"text": response.labels[i]}, "valueInteger": int(answer)}
            for i, answer in enumerate(response.answers)
            if answer is not None and i < len(response.labels) and response.labels[i].strip()
        ]
        if not resource["component"]:
            del resource["component"]
    return resource


def _interpretation(instrument: Instrument, result: Score) -> list[Json]:
    found: list[Json] = []
    if result.risk is not None:
        concept: Json = {"text": f"{result.risk} risk ({', '.join(instrument.sources)})"}
        code = instrument.risk_codes.get(result.risk)
        if code is not None:
            concept["coding"] = [_coding(code)]
        found.append(concept)
    if result.band is not None:
        found.append({"text": f"{result.band} ({', '.join(instrument.sources)})"})
    if result.positive_screen is not None:
        words = "positive screen" if result.positive_screen else "negative screen"
        rule = f"a total of {instrument.screen_cutoff} or more is positive"
        found.append({"text": f"{words}: {rule} ({', '.join(instrument.sources)})"})
    if result.urgent_help:
        words = urgent_flag(asks_about_self_harm=instrument.urgent_item is not None)
        found.append({"text": f"{words} (nhs-lpft-need-help-now)"})
    return found


def _pain_observation(checkin: CheckIn, patient_id: str, observation_id: str) -> Json:
    if isinstance(checkin.pain, bool) or not PAIN_LOW <= checkin.pain <= PAIN_HIGH:
        raise InvalidInput("pain", checkin.pain, "use a whole number from 0 to 10")
    return {
        "resourceType": "Observation",
        "id": observation_id,
        "status": "final",
        "category": [SURVEY],
        "code": {"coding": [_coding(NRS_CODE)], "text": "Pain right now (0-10)"},
        "subject": _reference(patient_id),
        "effectiveDateTime": _local(checkin.at, checkin.tz),
        "valueInteger": int(checkin.pain),
    }
