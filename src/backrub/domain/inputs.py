"""Parse values a person typed into typed values, or raise ``InvalidInput``.

Every parser takes the field name first so the error can name it. Strings are
accepted as well as numbers because the CLI and the web forms hand us text;
"3.5" where a whole number is meant is refused, not rounded.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import Enum
from typing import TypeVar

from backrub.errors import InvalidInput

E = TypeVar("E", bound=Enum)

_INT = re.compile(r"[+-]?\d+")
# More digits than any range here needs. Python refuses to read an int of more
# than 4,300 digits (ValueError), so a pasted block of digits is refused before.
MAX_DIGITS = 18
# Tabs and line breaks are fine in a note; other control characters (NUL among
# them, which PostgreSQL cannot store) are not text a person typed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# A check-in may be entered a little ahead (clock drift, a different zone on a
# trip), but not more than a day ahead: product default.
MAX_FUTURE = timedelta(days=1)

# Nothing a person records about their back happened before 1900: an earlier
# year is a typo (226 for 2026), and refusing it keeps every stored date
# representable everywhere (SQLite text, PostgreSQL, JSON, FHIR). Product default.
EARLIEST = date(1900, 1, 1)
_EARLIEST_TEXT = "use a date from 1900-01-01 on"


def parse_int(field: str, value: object, low: int, high: int) -> int:
    """Return ``value`` as an int within ``low..high`` inclusive."""
    allowed = f"use a whole number from {low} to {high}"
    if isinstance(value, bool):
        raise InvalidInput(field, value, allowed)
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _INT.fullmatch(value.strip()):
        read = whole_number(value.strip())
        if read is None:
            raise InvalidInput(field, value, allowed)
        number = read
    else:
        raise InvalidInput(field, value, allowed)
    if not low <= number <= high:
        raise InvalidInput(field, value, allowed)
    return number


def whole_number(text: str) -> int | None:
    """Return the int that ``text`` (digits, optionally signed) names; None past MAX_DIGITS."""
    if len(text.lstrip("+-").lstrip("0")) > MAX_DIGITS:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def parse_optional_int(field: str, value: object, low: int, high: int) -> int | None:
    """Like ``parse_int`` but ``None`` or an empty string mean not given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_int(field, value, low, high)


def parse_choice(field: str, value: object, enum: type[E]) -> E:
    """Return the member of ``enum`` whose value is ``value`` (case and '-'/'_' tolerant)."""
    if isinstance(value, enum):
        return value
    text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    for member in enum:
        if member.value == text:
            return member
    names = ", ".join(str(m.value) for m in enum)
    raise InvalidInput(field, value, f"choose one of: {names}")


def parse_date(field: str, value: object) -> date:
    """Return an ISO date (YYYY-MM-DD); impossible dates such as 2025-02-30 are refused."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise InvalidInput(field, value, "use a real date as YYYY-MM-DD") from None
    if day < EARLIEST:
        raise InvalidInput(field, value, _EARLIEST_TEXT)
    return day


def parse_moment(field: str, value: object, *, zone: tzinfo, now: datetime) -> datetime:
    """Return an aware UTC datetime from ISO text; a time without offset is in ``zone``.

    ``now`` must be aware. Moments more than a day after ``now`` are refused.
    """
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise InvalidInput(
                field, value, "use an ISO date and time such as 2026-03-01T08:30"
            ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    if moment.replace(tzinfo=None) < datetime.combine(EARLIEST, datetime.min.time()):
        raise InvalidInput(field, value, _EARLIEST_TEXT)
    moment = moment.astimezone(UTC)
    if moment > now + MAX_FUTURE:
        raise InvalidInput(field, value, "a time more than a day in the future is not allowed")
    return moment


def parse_text(field: str, value: object, *, max_len: int = 2000) -> str | None:
    """Return stripped text, ``None`` when empty; refuse text longer than ``max_len``."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if len(text) > max_len:
        raise InvalidInput(field, f"{text[:20]}…", f"use at most {max_len} characters")
    if _CONTROL.search(text):
        raise InvalidInput(field, f"{text[:20]}…", "use text without control characters")
    if not is_unicode(text):
        raise InvalidInput(field, f"{text[:20]}…", "use valid Unicode text")
    return text


def is_unicode(text: str) -> bool:
    """Return whether ``text`` can be stored: no lone surrogates (undecodable bytes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_name(field: str, value: object) -> str:
    """Return a profile name: 1-40 letters, digits, '-', '_' or '.'."""
    text = str(value).strip()
    if not re.fullmatch(r"[\w.-]{1,40}", text):
        raise InvalidInput(field, value, "use 1 to 40 letters, digits, '-', '_' or '.'")
    return text
