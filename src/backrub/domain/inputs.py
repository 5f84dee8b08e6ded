"""Parse values a person typed into typed values, or raise ``InvalidInput``.

Every parser takes the field name first so the error can name it. Strings are
accepted as well as numbers because the CLI and the web forms hand us text;
"3.5" where a whole number is meant is refused, not rounded.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from enum import Enum
from typing import TypeVar

from backrub.domain.free_text import has_direction_marks, one_line
from backrub.errors import InvalidInput
from backrub.i18n import N_, _

E = TypeVar("E", bound=Enum)

# ASCII digits only: int() also reads "３" or "٣", which no one types for a pain score.
_INT = re.compile(r"[+-]?[0-9]+")
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
_EARLIEST_TEXT = N_("use a date from 1900-01-01 on")
# The limit for a moment is the UTC instant, whatever offset or zone it was
# typed in: 1900-01-01T00:00+01:00 is 1899-12-31T23:00Z, which is refused.
EARLIEST_MOMENT = datetime(1900, 1, 1, tzinfo=UTC)
_EARLIEST_MOMENT_TEXT = N_("use a time from 1900-01-01 00:00 UTC on")


def parse_int(field: str, value: object, low: int, high: int) -> int:
    """Return ``value`` as an int within ``low..high`` inclusive."""
    allowed = _("use a whole number from %(low)s to %(high)s", low=low, high=high)
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
    """Return the int that ``text`` (ASCII digits, maybe signed) names; None past MAX_DIGITS."""
    if not _INT.fullmatch(text):
        return None
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
    raise InvalidInput(field, value, _("choose one of: %(names)s", names=names))


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_day(text: str) -> date:
    """Return the day ``text`` writes as YYYY-MM-DD in ASCII digits (ValueError otherwise):
    Python also reads 20261202 and week dates (2026-W49-3), which no refusal names."""
    if _DAY.fullmatch(text) is None:
        raise ValueError(text)
    return date.fromisoformat(text)


def parse_date(field: str, value: object) -> date:
    """Return an ISO date (YYYY-MM-DD); impossible dates such as 2025-02-30 are refused."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        # Only YYYY-MM-DD in ASCII digits: Python also reads 20261202 and week dates
        # (2026-W49-3), which the refusal's words do not name (attack review 7, F6).
        text = str(value).strip()
        try:
            day = iso_day(text)
        except ValueError:
            raise InvalidInput(field, value, _("use a real date as YYYY-MM-DD")) from None
    if day < EARLIEST:
        raise InvalidInput(field, value, _(_EARLIEST_TEXT))
    return day


_CLOCK = re.compile(r"([01]?[0-9]|2[0-3])[:.h]([0-5][0-9])")


def parse_time_of_day(field: str, value: object) -> time:
    """Parse a time of day on the 24-hour clock: '07:30', '7:30', '19.00' or '19h00'."""
    text = str(value).strip() if isinstance(value, str) else ""
    found = _CLOCK.fullmatch(text)
    if found is None:
        raise InvalidInput(field, value, _("use a time of day such as 07:30 or 19:00"))
    return time(int(found.group(1)), int(found.group(2)))


def parse_moment(field: str, value: object, *, zone: tzinfo, now: datetime) -> datetime:
    """Return an aware UTC datetime from ISO text; a time without offset is in ``zone``.

    ``now`` must be aware. Refused: empty text, moments before 1900-01-01, more
    than a day after ``now``, and a local time that does not exist in ``zone``
    (the hour the clocks skip in spring; the error names the two valid times
    either side). A local time that happens twice (the hour repeated in autumn)
    is taken as the first occurrence: ``repeated_local_time`` tells the caller so.
    """
    moment = _read_moment(field, value)
    if moment.tzinfo is None:
        gap = _skipped(moment, zone)
        if gap is not None:
            shown = "%H:%M" if gap[0].date() == gap[1].date() == moment.date() else "%Y-%m-%dT%H:%M"
            raise InvalidInput(
                field,
                value,
                _(
                    "that local time does not exist in %(zone)s: the clocks skip it; "
                    "use %(before)s or %(after)s",
                    zone=zone,
                    before=f"{gap[0]:{shown}}",
                    after=f"{gap[1]:{shown}}",
                ),
            )
        moment = moment.replace(tzinfo=zone, fold=0)
    # Compared as instants before converting: year 1 east of UTC has no UTC datetime.
    if moment < EARLIEST_MOMENT:
        raise InvalidInput(field, value, _(_EARLIEST_MOMENT_TEXT))
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:  # the last hours of year 9999 west of UTC
        moment = datetime.max.replace(tzinfo=UTC)
    if moment > now + MAX_FUTURE:
        raise InvalidInput(field, value, _("a time more than a day in the future is not allowed"))
    return moment


@dataclass(frozen=True, slots=True)
class RepeatedTime:
    """A local time that happened twice (clocks set back): which instant was kept."""

    local: datetime  # naive, as typed
    kept: datetime  # aware UTC: the first occurrence, the one stored
    other: datetime  # aware UTC: the second occurrence, one offset later


def repeated_local_time(value: object, *, zone: tzinfo) -> RepeatedTime | None:
    """Return the two instants a local time without offset names, when it names two.

    ``None`` for an offset given, an unambiguous time, or text ``parse_moment``
    refuses (it says why).
    """
    try:
        moment = _read_moment("at", value)
    except InvalidInput:
        return None
    if moment.tzinfo is not None or _skipped(moment, zone) is not None:
        return None
    first = moment.replace(tzinfo=zone, fold=0)
    second = moment.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    return RepeatedTime(moment, first.astimezone(UTC), second.astimezone(UTC))


def _read_moment(field: str, value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    text = str(value).strip()
    if not text:
        raise InvalidInput(field, value, _("give a date and time such as 2026-03-01T08:30"))
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            field, value, _("use an ISO date and time such as 2026-03-01T08:30")
        ) from None


def _skipped(local: datetime, zone: tzinfo) -> tuple[datetime, datetime] | None:
    """Return the local times either side of the gap ``local`` falls in, else ``None``.

    A wall time in the gap does not survive a round trip through UTC. The gap
    begins at the instant the offset changes: found by halving, to the minute.
    """
    try:
        early = local.replace(tzinfo=zone, fold=1).astimezone(UTC)
        late = local.replace(tzinfo=zone, fold=0).astimezone(UTC)
    except OverflowError:
        return None
    if late.astimezone(zone).replace(tzinfo=None) == local:
        return None
    low, high = min(early, late), max(early, late)
    step = timedelta(minutes=1)
    after_offset = high.astimezone(zone).utcoffset()
    while high - low > step:
        middle = low + (high - low) // 2
        if middle.astimezone(zone).utcoffset() == after_offset:
            high = middle
        else:
            low = middle
    change = high.replace(second=0, microsecond=0)
    return (
        (change - step).astimezone(zone).replace(tzinfo=None),
        change.astimezone(zone).replace(tzinfo=None),
    )


def parse_text(
    field: str, value: object, *, max_len: int = 2000, lines: bool = False
) -> str | None:
    """Return stripped text, ``None`` when empty; refuse text longer than ``max_len``.

    The text is folded to one line unless ``lines`` says the field is several lines
    by nature (a SOAP field); marks that turn its direction are refused in every
    field (``backrub.domain.free_text``).
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if len(text) > max_len:
        raise InvalidInput(
            field, f"{text[:20]}…", _("use at most %(most)s characters", most=max_len)
        )
    if _CONTROL.search(text):
        raise InvalidInput(field, f"{text[:20]}…", _("use text without control characters"))
    if not is_unicode(text):
        raise InvalidInput(field, f"{text[:20]}…", _("use valid Unicode text"))
    if has_direction_marks(text):
        raise InvalidInput(field, value, _("use text without marks that turn its direction"))
    return text if lines else one_line(text)


def is_unicode(text: str) -> bool:
    """Return whether ``text`` can be stored: no lone surrogates (undecodable bytes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# A profile name: words of letters, digits, '.', '_', '-' or an apostrophe, one space
# between words ("Alex Smith", "O'Brien"); 40 characters at most (the column's size).
_NAME = re.compile(r"[\w.'-]+(?: [\w.'-]+)*")
NAME_RULE = N_("use 1 to 40 letters, digits, spaces, '-', '_', '.' or apostrophes")


def tidy_name(value: object) -> str:
    """Return ``value`` as a name is stored: composed (NFC), one space between words.

    "Zoe" + a combining diaeresis (as some keyboards send it) is "Zoë";
    "Alex  Smith " is "Alex Smith". Used for new names and for looking one up.
    """
    text = str(value)
    if is_unicode(text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(part for part in text.split(" ") if part)


def name_key(name: str) -> str:
    """Return what two profile names must not share (NFKC, case folded).

    "Alex Smith", "alex smith" and a fullwidth "Ａｌｅｘ Smith" are one name.
    """
    return unicodedata.normalize("NFKC", name).casefold()


def parse_name(field: str, value: object) -> str:
    """Return a profile name: 1-40 letters, digits, single spaces, '-', '_', '.' or "'".

    Runs of spaces (and spaces at either end) are read as one space or none, so
    "Alex  Smith " is "Alex Smith"; letters typed decomposed are composed (NFC);
    tabs, line breaks and '/' are refused.
    """
    text = tidy_name(value)
    if not text:
        raise InvalidInput(field, value, _("type a name"))
    if len(text) > 40 or not _NAME.fullmatch(text) or not is_unicode(text):
        raise InvalidInput(field, value, _(NAME_RULE))
    return text


# An amount or a number with decimals, typed with a point or a comma ("70.50",
# "70,50", "1,5"): one separator at most; grouped thousands ("1,000.50",
# "1.000,50") are refused rather than guessed, since "1,000" means one thousand
# in one country and one in another.
_DECIMAL = re.compile(r"([0-9]+)(?:[.,]([0-9]+))?")


def parse_decimal(
    field: str, value: object, *, places: int, example: str, most: Decimal | None = None
) -> Decimal | None:
    """Return the number ``value`` names, with at most ``places`` decimals; None when empty.

    A decimal comma is read as a point: "70,50" is 70.50. Refused, with one line
    naming ``field``: signs, exponents, "nan", two separators ("1,000.50",
    "1.000,50", "1,2,3"), more decimals than ``places`` (three of them, as in
    "1,000", are most likely a thousands separator and are refused as one), more than ``most`` (or
    than MAX_DIGITS digits before the separator). Whether zero is allowed is the caller's.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    allowed = (
        _("use a whole number such as %(example)s", example=example)
        if places == 0
        else _("use a number such as %(example)s, with one decimal point or comma", example=example)
    )
    found = _DECIMAL.fullmatch(text) if text.isascii() else None
    if found is None:
        raise InvalidInput(field, value, allowed)
    whole, decimals = found.group(1), found.group(2) or ""
    too_big = _("use a number up to %(most)s", most=most) if most is not None else allowed
    if len(whole.lstrip("0")) > MAX_DIGITS:
        raise InvalidInput(field, value, too_big)
    if len(decimals) > places:
        few = _("no decimals") if places == 0 else _("at most %(places)s decimals", places=places)
        thousands = f"{whole}{decimals}".lstrip("0") or "0"
        if len(decimals) == 3 and (most is None or Decimal(thousands) <= most):
            # "1,000" or "1.000": most likely a thousands separator (and the number
            # without it is one that would be taken: never advise a refused value)
            raise InvalidInput(
                field,
                value,
                _(
                    "write %(thousands)s without a thousands separator, or a number such as "
                    "%(example)s (%(few)s)",
                    thousands=thousands,
                    example=example,
                    few=few,
                ),
            )
        raise InvalidInput(
            field, value, _("use %(few)s, such as %(example)s", few=few, example=example)
        )
    number = Decimal(f"{whole}.{decimals or '0'}")
    if most is not None and number > most:
        raise InvalidInput(field, value, too_big)
    return number


def with_decimal_point(text: str) -> str | None:
    """Return ``text`` with its one decimal comma as a point ("12,5" is "12.5").

    None when ``text`` holds a comma but is not such a number ("1,2,3",
    "1.000,5"): where commas separate answers, it cannot be read safely.
    Text without a comma comes back unchanged.
    """
    if "," not in text:
        return text
    found = _DECIMAL.fullmatch(text.strip()) if text.isascii() else None
    return None if found is None or "." in text else text.strip().replace(",", ".")
