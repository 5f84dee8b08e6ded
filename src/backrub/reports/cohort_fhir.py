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

from backrub.domain.instruments import get_instrument
from backrub.domain.records import Response
from backrub.reports import fhir

__all__ = ["MEDIA_TYPE", "ndjson_lines"]

MEDIA_TYPE = "application/fhir+ndjson"


def ndjson_lines(answers: Iterable[tuple[str, Response]]) -> Iterator[bytes]:
    """Yield one line (UTF-8, ending in a newline) per (client public id, answer).

    ``answers`` come in order of client then time, as ``store.cohort_export``
    gives them; only the current client's counter of equal keys is kept.
    """
    client, seen = "", dict[str, int]()
    for public_id, response in answers:
        if public_id != client:
            client, seen = public_id, {}
        patient_id = fhir.stable_uuid(f"patient|{public_id}")
        key = f"{public_id}|response|{response.instrument}|{fhir._utc(response.at)}"
        seen[key] = seen.get(key, 0) + 1
        response_id = fhir.stable_uuid(f"{key}|{seen[key]}")
        resource = fhir._questionnaire_response(
            get_instrument(response.instrument), response, patient_id, response_id
        )
        resource["subject"] = resource["source"] = {"reference": f"Patient/{patient_id}"}
        yield (json.dumps(resource, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
