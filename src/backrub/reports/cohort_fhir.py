"""A clinic's questionnaire answers as FHIR R4 NDJSON: one QuestionnaireResponse a line.

The shape is the one of the profile export (``reports.fhir``: the same items,
linkIds, canonical questionnaire URL, local ``authored`` time; licensed item
text never travels). In bulk data each line stands alone, so the subject is a
relative reference ``Patient/<id>``, where the id is a name-based uuid of the
client's public id (never a name or a database id): *pseudonymised*, not
anonymous - anyone who knows a client's public id can work it out. The
response's own id is a name-based uuid of the client, the questionnaire, the
time and the count of earlier answers with the same three. Both are RFC 4122
version 3 (MD5) uuids in ``BULK_NAMESPACE`` (``bulk_uuid``), so that
PostgreSQL, which builds the lines of the clinic's export
(``store.cohort_export``), can make the same ids without an extension; the
functions here are the reference it is tested against, and give
``item_head`` / ``questionnaire_facts`` the pieces it joins.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any

from backrub.domain.instruments import get_instrument
from backrub.domain.records import Response
from backrub.reports import fhir

__all__ = [
    "BULK_NAMESPACE",
    "MEDIA_TYPE",
    "bulk_lines",
    "bulk_uuid",
    "item_head",
    "ndjson_lines",
    "questionnaire_facts",
    "questionnaire_response",
]

Json = dict[str, Any]

MEDIA_TYPE = "application/fhir+ndjson"
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
BULK_NAMESPACE = uuid.uuid5(fhir.NAMESPACE, "bulk")


def bulk_uuid(key: str) -> str:
    """Return the RFC 4122 version 3 uuid of ``key`` in the bulk export's namespace."""
    return str(uuid.uuid3(BULK_NAMESPACE, key))


def questionnaire_facts(instrument_id: str) -> tuple[str, int]:
    """Return the questionnaire's canonical URL as a JSON string, and its number of items."""
    url, _ships = _questionnaire(instrument_id)
    return json.dumps(url, ensure_ascii=False), len(get_instrument(instrument_id).items)


def item_head(instrument_id: str, index: int) -> tuple[str, bool]:
    """Return an item's JSON up to its answer's value, and whether the value is whole."""
    link_id, text, whole = _item(instrument_id, index)
    head = '{"linkId":' + json.dumps(link_id, ensure_ascii=False)
    if text is not None:
        head += ',"text":' + json.dumps(text, ensure_ascii=False)
    return head + (',"answer":[{"valueInteger":' if whole else ',"answer":[{"valueDecimal":'), whole


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
            patient_id = bulk_uuid(f"patient|{public_id}")
        key = f"{public_id}|response|{response.instrument}|{fhir._utc(response.at)}"
        seen[key] = seen.get(key, 0) + 1
        response_id = bulk_uuid(f"{key}|{seen[key]}")
        resource = questionnaire_response(response, patient_id, response_id)
        yield (encode(resource) + "\n").encode()


_CHUNK = 1 << 16  # bytes handed to the response at a time


# MD5 with the namespace already fed in: each id copies it and adds only its name.
_NAMESPACED = hashlib.md5(BULK_NAMESPACE.bytes, usedforsecurity=False)


def _uuid3(name: bytes) -> bytes:
    """``bulk_uuid`` of a UTF-8 name, as ASCII bytes, without building a ``UUID``."""
    md5 = _NAMESPACED.copy()
    md5.update(name)
    h = bytearray(md5.digest())
    h[6] = (h[6] & 0x0F) | 0x30
    h[8] = (h[8] & 0x3F) | 0x80
    x = h.hex().encode()
    return b"%b-%b-%b-%b-%b" % (x[:8], x[8:12], x[12:16], x[16:20], x[20:])


@cache
def _template(instrument_id: str) -> tuple[bytes, bytes, int] | None:
    """(URL as JSON, the items with a ``%b`` per value, how many) when every item is whole."""
    url, count = questionnaire_facts(instrument_id)
    heads = [item_head(instrument_id, index) for index in range(count)]
    if not all(whole for _head, whole in heads):
        return None
    items = ",".join(head.replace("%", "%%") + "%b}]}" for head, _whole in heads)
    return url.encode(), items.encode(), count


_LINE = (
    b'{"resourceType":"QuestionnaireResponse","id":"%b","questionnaire":%b,'
    b'"status":"completed","subject":{"reference":"Patient/%b"},"authored":"%b",'
    b'"source":{"reference":"Patient/%b"}%b}\n'
)


def _items(instrument: str, answers: bytes) -> bytes:
    """The ``,"item":[...]`` part of one line, from the stored answers' JSON text."""
    known = _template(instrument)
    if known is not None:
        _url, items, count = known
        values = answers[1:-1].split(b", ")
        if len(values) == count and b"null" not in answers and b"." not in answers:
            return b',"item":[' + items % tuple(values) + b"]"
    parsed = json.loads(answers)
    response = Response(_EPOCH, "UTC", instrument, tuple(parsed))
    found = questionnaire_response(response, "", "").get("item")
    return b"" if not found else b',"item":' + _ENCODE(found).encode()


def bulk_lines(rows: Iterable[Sequence[bytes]]) -> Iterator[bytes]:
    """Yield the NDJSON of ``store.cohort_export`` rows, in chunks of about 64 KiB.

    Each row: the client's public id, the questionnaire, the UTC time (ISO,
    without "Z"), the local time with its offset, the stored answers' JSON;
    answers to the same questionnaire at the same instant one after another,
    counted here (1 for nearly all). The lines are ``ndjson_lines``' for the
    same answers, byte for byte (a test checks): same ids, same items.
    """
    client, patient, last, count = b"", b"", b"", 0
    out: list[bytes] = []
    size = 0
    for public_id, instrument, utc, authored, answers in rows:
        if public_id != client:
            client, patient = public_id, _uuid3(b"patient|" + public_id)
        name = instrument.decode()
        same = public_id + b"|response|" + instrument + b"|" + utc + b"Z|"
        count = count + 1 if same == last else 1
        last = same
        key = same + b"%d" % count
        url = _template(name)
        url_json = url[0] if url is not None else _questionnaire_json(name)
        line = _LINE % (_uuid3(key), url_json, patient, authored, patient, _items(name, answers))
        out.append(line)
        size += len(line)
        if size >= _CHUNK:
            yield b"".join(out)
            out, size = [], 0
    if out:
        yield b"".join(out)


@cache
def _questionnaire_json(instrument_id: str) -> bytes:
    return questionnaire_facts(instrument_id)[0].encode()
