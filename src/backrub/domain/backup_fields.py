"""One record of a backup, read field by field with the parsers of live input.

``Fields`` names the record and the field in every error it raises
(``checkins[3].pain``), takes only the JSON types an export writes (a number,
not "4" or 4.0; text, not a number) and then hands each value to the parser a
person's typing goes through, with the same limits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, TypeVar

from backrub.domain.inputs import (
    MAX_FUTURE,
    parse_choice,
    parse_date,
    parse_int,
    parse_moment,
    parse_text,
    parse_time_of_day,
)
from backrub.errors import InvalidInput
from backrub.i18n import LANGUAGES, _

E = TypeVar("E", bound=Enum)

# Far above any real database's ids, far below the 32-bit id columns of PostgreSQL:
# a forged id cannot use up the id sequences and stop later writes.
MAX_ID = 10**9


class Fields:
    """One record of the backup: its values by key, read with the field named in errors."""

    def __init__(
        self,
        raw: object,
        where: str,
        keys: tuple[str, ...],
        *,
        latest: datetime,
        is_zone: Callable[[str], bool],
    ):
        if not isinstance(raw, dict):
            raise InvalidInput(where, short(raw), _("expected a record {...} as an export writes"))
        for key in raw:
            if key not in keys and key != "id":
                raise InvalidInput(where, key, _("this field is not part of a backrub backup"))
        self.raw: dict[str, Any] = raw
        self.where = where
        self.latest = latest  # the latest moment live input accepts: now + the day ahead
        self.is_zone = is_zone  # the zone names live input accepts (clock.is_zone)

    def name(self, key: str) -> str:
        return f"{self.where}.{key}"

    def given(self, key: str, *, required: bool = True) -> Any:
        value = self.raw.get(key)
        if value is None and required:
            raise InvalidInput(self.name(key), None, _("this field is required"))
        return value

    def whole(self, key: str, low: int, high: int) -> int:
        value = self.given(key)
        if not isinstance(value, int):  # a backup holds numbers, not "4" or 4.0
            raise InvalidInput(
                self.name(key),
                value,
                _("use a whole number from %(low)s to %(high)s", low=low, high=high),
            )
        return parse_int(self.name(key), value, low, high)

    def optional_whole(self, key: str, low: int, high: int) -> int | None:
        return None if self.raw.get(key) is None else self.whole(key, low, high)

    def text(
        self, key: str, *, max_len: int = 2000, required: bool = False, lines: bool = False
    ) -> str | None:
        value = self.given(key, required=required)
        if value is not None and not isinstance(value, str):
            raise InvalidInput(self.name(key), short(value), _("use text"))
        parsed = parse_text(self.name(key), value, max_len=max_len, lines=lines)
        if parsed is None and required:
            raise InvalidInput(self.name(key), value, _("this field is required"))
        return parsed

    def flag(self, key: str, *, required: bool = False) -> bool | None:
        value = self.given(key, required=required)
        if value is not None and not isinstance(value, bool):
            raise InvalidInput(self.name(key), value, _("use true or false"))
        return value

    def choice(self, key: str, enum: type[E]) -> E:
        value = self.given(key)
        if not isinstance(value, str):
            raise InvalidInput(self.name(key), value, _("use one of the names backrub writes"))
        return parse_choice(self.name(key), value, enum)

    def language(self, *, default: str | None) -> str | None:
        """Return the "language" field: a language backrub speaks (a backup from before
        languages has none: ``default``)."""
        value = self.raw.get("language")
        if value is None:
            return default
        if not (isinstance(value, str) and value in LANGUAGES):
            raise InvalidInput(self.name("language"), short(value), _("use one of: en, vi"))
        return value

    def zone(self, key: str = "tz") -> str:
        value = self.given(key)
        if not (isinstance(value, str) and self.is_zone(value)):
            raise InvalidInput(
                self.name(key), value, _("use an IANA time zone such as Europe/Berlin")
            )
        return value

    def moment(self, key: str = "at") -> datetime:
        """Return an aware UTC time, refused before 1900 and after now plus a day."""
        value = self.given(key)
        allowed = _("use an ISO date and time with its offset, as an export writes it")
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise InvalidInput(self.name(key), value, allowed)
        try:
            return parse_moment(self.name(key), value, zone=UTC, now=self.latest - MAX_FUTURE)
        except OverflowError:  # 9999-12-31T23:00-05:00 is after the last representable UTC time
            raise InvalidInput(
                self.name(key), value, _("a time more than a day in the future is not allowed")
            ) from None

    def day(self, key: str, *, not_after: date | None) -> date:
        value = self.given(key)
        if not isinstance(value, str):
            raise InvalidInput(self.name(key), value, _("use a real date as YYYY-MM-DD"))
        day = parse_date(self.name(key), value)
        if not_after is not None and day > not_after:
            raise InvalidInput(self.name(key), value, _("a date after today is not allowed"))
        return day

    def items(self, key: str, *, required: bool = True) -> list[Any]:
        value = self.given(key, required=required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise InvalidInput(self.name(key), short(value), _("expected a list [...]"))
        return value

    def record_id(self) -> int | None:
        value = self.raw.get("id")
        if value is None:
            return None
        if not isinstance(value, int):
            raise InvalidInput(
                self.name("id"),
                value,
                _("use a whole number from %(low)s to %(high)s", low=1, high=MAX_ID),
            )
        return parse_int(self.name("id"), value, 1, MAX_ID)

    @contextmanager
    def named(self, prefix: str = "") -> Iterator[None]:
        """Name this record in an error raised by a parser that names only its own field."""
        try:
            yield
        except InvalidInput as error:
            raise InvalidInput(
                f"{self.where}.{prefix}{error.field}", error.value, error.allowed
            ) from None


def short(value: object) -> object:
    text = repr(value)
    return value if len(text) <= 60 else f"{text[:57]}…"


MONEY = re.compile(r"\d{1,9}\.\d\d")


def time_of_day(f: Fields, key: str) -> str | None:
    """Return an optional time of day as 'HH:MM', read as live input reads it."""
    value = f.given(key, required=False)
    if value is None:
        return None
    return parse_time_of_day(f.name(key), value).strftime("%H:%M")


def enum_name(f: Fields, key: str, n: int, value: object, enum: type[E]) -> str:
    """Return item ``n`` of list ``key`` as one of ``enum``'s names."""
    if not isinstance(value, str):
        raise InvalidInput(f.name(f"{key}[{n}]"), value, _("use one of the names backrub writes"))
    return str(parse_choice(f.name(f"{key}[{n}]"), value, enum).value)


def money(f: Fields, key: str) -> str | None:
    """Return an optional amount as the decimal text an export writes ('70.00')."""
    value = f.given(key, required=False)
    if value is None:
        return None
    if not (isinstance(value, str) and MONEY.fullmatch(value)) or not any(
        c not in "0." for c in value
    ):
        raise InvalidInput(f.name(key), value, _("use an amount above zero such as 70.00"))
    return value
