"""A clinic's questionnaire answers as FHIR R4 NDJSON: one QuestionnaireResponse a line.

The shape is the one of the profile export (``reports.fhir``: the same items,
linkIds, canonical questionnaire URL, local ``authored`` time; licensed item
text never travels). In bulk data each line stands alone, so the subject is a
relative reference ``Patient/<id>``, where the id is a uuid5 of the client's
public id (never a name or a database id); the response's own id is a uuid5 of
the client, the questionnaire, the time and the count of earlier answers with
the same three, as in ``reports.fhir``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from backrub.domain.instruments import get_instrument
from backrub.domain.records import Response
from backrub.reports import fhir

__all__ = ["MEDIA_TYPE", "ndjson_lines", "questionnaire_response"]

Json = dict[str, Any]

MEDIA_TYPE = "application/fhir+ndjson"


@cache
def _item(instrument_id: str, index: int) -> tuple[str, str | None, bool]:
    """(linkId, shipped text, whole answers) of one item, as ``reports.fhir`` gives them."""
    instrument = get_instrument(instrument_id)
    shown = instrument.items[min(index, len(instrument.items) - 1)]
    text = shown.text_en if instrument.ships_item_text else None
    return shown.link_id, text, instrument.item_scale(index).whole


@cache
def _questionnaire(instrument_id: str) -> tuple[str, bool]:
    instrument = get_instrument(instrument_id)
    return fhir.questionnaire_url(instrument.id), instrument.ships_item_text


def questionnaire_response(response: Response, patient_id: str, response_id: str) -> Json:
    """Return ``reports.fhir``'s QuestionnaireResponse of ``response``, quicker, for bulk.

    The same keys in the same order (a test compares the two), the item facts
    looked up once per questionnaire; the subject a relative ``Patient/<id>``.
    """
    url, ships_text = _questionnaire(response.instrument)
    items: list[Json] = []
    for index, answer in enumerate(response.answers):
        if answer is None:
            continue
        link_id, text, whole = _item(response.instrument, index)
        item: Json = {"linkId": link_id}
        if ships_text and index < len(response.labels) and response.labels[index].strip():
            text = response.labels[index]  # PSFS: the activity the person named
        if text is not None:
            item["text"] = text
        item["answer"] = [
            {"valueInteger": int(answer)} if whole else {"valueDecimal": float(answer)}
        ]
        items.append(item)
    patient = {"reference": f"Patient/{patient_id}"}
    resource: Json = {
        "resourceType": "QuestionnaireResponse",
        "id": response_id,
        "questionnaire": url,
        "status": "completed",
        "subject": patient,
        "authored": fhir._local(response.at, response.tz),
        "source": patient,
    }
    if items:
        resource["item"] = items
    return resource


def ndjson_lines(answers: Iterable[tuple[str, Response]]) -> Iterator[bytes]:
    """Yield one line (UTF-8, ending in a newline) per (client public id, answer).

    ``answers`` come in order of client then time, as ``store.cohort_export``
    gives them; only the current client's counter of equal keys is kept.
    """
    client, patient_id, seen = "", "", dict[str, int]()
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for public_id, response in answers:
        if public_id != client:
            client, seen = public_id, {}
            patient_id = fhir.stable_uuid(f"patient|{public_id}")
        key = f"{public_id}|response|{response.instrument}|{fhir._utc(response.at)}"
        seen[key] = seen.get(key, 0) + 1
        response_id = fhir.stable_uuid(f"{key}|{seen[key]}")
        resource = questionnaire_response(response, patient_id, response_id)
        yield (encode(resource) + "\n").encode()
