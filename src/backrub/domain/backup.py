"""The lossless JSON backup of one profile: to a dict and back, with a checksum.

Shape (schema_version 1)::

    {"format": "backrub-backup", "schema_version": 1, "exported_at": ISO,
     "checksum": "sha256:<hex of the canonical JSON of 'data'>",
     "data": {"profile": {...}, "episodes": [...], "checkins": [...],
              "pro_sessions": [...], "self_sessions": [...], ...}}

Every record carries its ``id`` (a backup written before ids were kept has
none), so a restore into a database where those ids are free gives back the
same ids and an export of it the same body. The checksum guards against
accidents (a truncated copy, a stray edit): a backup whose checksum does not
match is refused whole. It is not a signature, since anyone can recompute it,
so every record is also read through the parsers of live input
(``backup_records``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime
from typing import Any

from backrub.domain.backup_records import read_body
from backrub.domain.free_text import unmarked
from backrub.domain.inputs import MAX_DIGITS
from backrub.domain.nof1_backup import with_trials
from backrub.domain.nof1_trial import TrialRecord
from backrub.domain.records import BodyRegion, Cause, ProfileData, Technique, Tool, Zone
from backrub.errors import InvalidInput
from backrub.i18n import _

FORMAT = "backrub-backup"
SCHEMA_VERSION = 1


def to_document(data: ProfileData, *, exported_at: datetime) -> dict[str, Any]:
    """Return the backup document for ``data``."""
    body = {
        "profile": _plain(data.profile, with_id=False),
        "episodes": [_plain(e) for e in data.episodes],
        "checkins": [_plain(c) for c in data.checkins],
        "pro_sessions": [_plain(p) for p in data.pro_sessions],
        "self_sessions": [_plain(s) for s in data.self_sessions],
        "screenings": [_plain(s) for s in data.screenings],
        "clearances": [_plain(c) for c in data.clearances],
        "plans": [_plain(p) for p in data.plans],
        "responses": [_plain(r) for r in data.responses],
        "pain_spots": [_plain(p) for p in data.pain_spots],
    }
    if data.addenda:  # only then: a backup without any stays as earlier versions wrote it
        body["session_addenda"] = [_plain(a) for a in data.addenda]
    if data.trials:  # likewise
        body["trials"] = [_trial(trial, data) for trial in data.trials]
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": exported_at.astimezone(UTC).isoformat(),
        "checksum": checksum(body),
        "data": body,
    }


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def checksum(body: Any) -> str:
    """Return the checksum of a backup's ``data``: it finds accidents, it proves nothing."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def from_text(
    text: str, *, source: str, now: datetime, is_zone: Callable[[str], bool]
) -> ProfileData:
    """Parse a backup; anything else, truncated, edited or invalid, raises ``InvalidInput``.

    ``now`` is the one clock's instant: a record later than live input allows
    (a day ahead) is refused, as it would be at the keyboard. ``is_zone`` is the
    rule for zone names live input uses (``clock.is_zone``).
    """
    not_backup = _("give a file written by backrub's JSON export")
    try:
        document = json.loads(text, parse_int=_json_int)
    except (ValueError, RecursionError):
        raise InvalidInput(
            "file", source, _("it is not complete JSON; %(what)s", what=not_backup)
        ) from None
    try:
        long_number = _long_number(document, "")
    except RecursionError:  # nested deeper than any backup: not one
        raise InvalidInput(
            "file", source, _("it is not a backrub backup; %(what)s", what=not_backup)
        ) from None
    if long_number is not None:  # before the checksum, which cannot be computed over one
        where, number = long_number
        raise InvalidInput(
            where.removeprefix("data."),
            number,
            _(
                "the number is too long; no field of a backup holds more than %(most)s digits",
                most=MAX_DIGITS,
            ),
        )
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(
            "file", source, _("it is not a backrub backup; %(what)s", what=not_backup)
        )
    version = document.get("schema_version")
    if type(version) is not int or version != SCHEMA_VERSION:  # 1.0, "1" and true are not 1
        raise InvalidInput(
            "schema_version",
            version,
            _("this backrub reads schema version %(version)s", version=SCHEMA_VERSION),
        )
    body = document.get("data")
    try:
        intact = isinstance(body, dict) and document.get("checksum") == checksum(body)
    except ValueError:
        intact = False
    if not intact:
        raise InvalidInput(
            "checksum", source, _("the backup was truncated or edited; use an untouched export")
        )
    assert isinstance(body, dict)
    body = _unmarked(body, source, not_backup)
    return with_trials(body, read_body(body, now=now, is_zone=is_zone), now=now, is_zone=is_zone)


def _unmarked(body: dict[str, Any], source: str, not_backup: str) -> dict[str, Any]:
    """The body without direction marks in its texts: text typed before they were
    refused restores (``free_text.unmarked``)."""
    try:
        found = unmarked(body)
    except RecursionError:  # as deep as _long_number allowed, with more frames a level
        raise InvalidInput(
            "file", source, _("it is not a backrub backup; %(what)s", what=not_backup)
        ) from None
    assert isinstance(found, dict)
    return found


class LongNumber:
    """A whole number in a backup too long for any field: kept as its digit count.

    Python refuses to read an int of more than 4,300 digits; read as this, the
    field it sits in refuses it by name (``checkins[2].pain: a number of 5000
    digits is not allowed; ...``) instead of the whole file being called broken.
    """

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return _("a number of %(digits)s digits", digits=self.digits)


def _json_int(text: str) -> int | LongNumber:
    digits = len(text.lstrip("-"))
    return int(text) if digits <= MAX_DIGITS else LongNumber(digits)


def _long_number(value: object, where: str) -> tuple[str, LongNumber] | None:
    """Return where the first ``LongNumber`` in ``value`` is (``checkins[2].pain``), if any."""
    if isinstance(value, LongNumber):
        return where, value
    if isinstance(value, dict):
        items: Any = ((f"{where}.{key}" if where else str(key), v) for key, v in value.items())
    elif isinstance(value, list):
        items = ((f"{where}[{n}]", v) for n, v in enumerate(value, start=1))
    else:
        return None
    for inner_where, inner in items:
        found = _long_number(inner, inner_where)
        if found is not None:
            return found
    return None


def _trial(trial: TrialRecord, data: ProfileData) -> dict[str, Any]:
    """A trial with the changes of other treatment kept on its days (only when there are)."""
    out = _plain(trial)
    changes = [_plain(c, with_id=False) for key, c in data.trial_changes if key == trial.public_id]
    if changes:
        out["changes"] = changes
    return out


def _plain(record: Any, *, with_id: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {}
    record_id = getattr(record, "id", None)
    if with_id and record_id is not None:
        out["id"] = record_id
    for f in fields(record):
        if f.name == "id":
            continue
        out[f.name] = _plain_value(getattr(record, f.name))
    return out


def _plain_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) if is_dataclass(v) else _plain_value(v) for v in value]
    if isinstance(value, Cause | Technique | Tool | Zone | BodyRegion):
        return value.value
    return value
