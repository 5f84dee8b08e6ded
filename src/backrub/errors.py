"""The errors backrub raises on purpose.

    BackrubError            anything the user can act on; the CLI prints one line, exit 2
    ├── InvalidInput        a value outside what is allowed; names the field
    ├── NotFound            an id or name that does not exist (404 on the web)
    ├── SafetyStop          screening says stop: no plan, no self-massage
    ├── Refused             the governor or a rule says not now, and why
    └── StorageError        the database cannot be reached or read

Anything else is a bug: the CLI shows a short line and the traceback only
with --debug.

Every one of them carries a ``Refusal``: the same outcome as data (a stable
code, the fields concerned, what is allowed, when it becomes possible, whether
an override with a reason is possible) and a message in plain words that names
no command or flag. Each face words it: the CLI with its flags, a page with its
fields and buttons, the JSON API as the refusal's ``to_json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType

from backrub.i18n import _

# An error line quotes at most this much of what was typed: a pasted megabyte
# (or a 5,000-digit number) must not become a megabyte of error message.
SHOWN_CHARS = 40


def cut(text: str, limit: int = SHOWN_CHARS) -> str:
    """Return ``text`` cut to ``limit`` characters, marked with "…" when cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """Return ``value`` quoted for an error line: ``repr``, cut, never raising.

    Lone surrogates (from undecodable bytes) come out escaped, as ``repr`` does.
    """
    if isinstance(value, str):
        return repr(value) if len(value) <= limit else repr(value[:limit])[:-1] + "…'"
    try:
        text = repr(value)
    except ValueError:  # an int beyond Python's 4,300-digit limit for text
        return _("a number too long to show")
    return cut(text, limit)


Allowed = str | Mapping[str, int] | None


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why something was not done, as data each face words for itself.

    ``code`` is stable (scripts may depend on it); ``fields`` are the input
    names concerned, as the services name them (``seconds``, ``reason``);
    ``allowed`` is what is allowed, in words (``use a whole number from 0 to
    10``) or as numbers (``{"seconds_left_that_day": 120}``); ``possible_at``
    is when it becomes possible (a date or an aware datetime), if a rule knows;
    ``override`` says whether the person may do it anyway with a reason.
    ``message`` is plain words for a person: never a command or a flag.
    """

    code: str
    message: str
    fields: tuple[str, ...] = ()
    allowed: Allowed = None
    possible_at: date | datetime | None = None
    override: bool = False

    def to_json(self) -> dict[str, object]:
        """Return the refusal's public JSON shape (the API's 4xx body carries it)."""
        allowed: object = self.allowed
        if isinstance(allowed, Mapping):
            allowed = dict(allowed)
        return {
            "code": self.code,
            "message": self.message,
            "fields": list(self.fields),
            "allowed": allowed,
            "possible_at": None if self.possible_at is None else self.possible_at.isoformat(),
            "override": self.override,
        }


def frozen(numbers: Mapping[str, int]) -> Mapping[str, int]:
    """Return ``numbers`` as a read-only mapping, for ``Refusal.allowed``."""
    return MappingProxyType(dict(numbers))


class BackrubError(Exception):
    """Base of every error a user can act on."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    @property
    def refusal(self) -> Refusal:
        """Return this error as a structured outcome."""
        return Refusal(self.code, self.message)


class InvalidInput(BackrubError):
    """A value outside what is allowed.

    The message always starts with the field name, then the value, then what
    is allowed: ``pain: '11' is not allowed; use a whole number from 0 to 10``.
    A long value is cut (see ``shown``); ``value`` keeps it whole.
    """

    code = "invalid_input"

    def __init__(self, field: str, value: object, allowed: str) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        if value is None:
            super().__init__(_("%(field)s: missing; %(allowed)s", field=field, allowed=allowed))
        else:
            super().__init__(
                _(
                    "%(field)s: %(value)s is not allowed; %(allowed)s",
                    field=field,
                    value=shown(value),
                    allowed=allowed,
                )
            )

    @property
    def refusal(self) -> Refusal:
        return Refusal(self.code, self.message, (self.field,), self.allowed)


class NotFound(BackrubError):
    """A profile, session or other record that does not exist."""

    code = "not_found"

    def __init__(self, message: str, *, code: str = "not_found") -> None:
        super().__init__(message)
        self.code = code


class SafetyStop(BackrubError):
    """Screening found a reason to stop; ``code`` says which way out there is.

    ``screening_needed``: answer the screening questions (first time, or again);
    ``clearance_needed``: a clinician has to see the person and clear them;
    ``safety_stop``: nothing the person can record lifts it (under 18).
    """

    code = "safety_stop"

    def __init__(self, message: str, *, code: str = "safety_stop") -> None:
        super().__init__(message)
        self.code = code


class Refused(BackrubError):
    """A rule says not now (for example the self-massage cap), with the reason.

    Raised with a message (``Refused("…")``) or with a whole ``Refusal``
    (``Refused(refusal=…)``); ``next_possible`` is the first day it becomes
    possible, when a rule knows it.
    """

    code = "refused"

    def __init__(
        self,
        message: str | None = None,
        *,
        next_possible: date | None = None,
        refusal: Refusal | None = None,
    ) -> None:
        if refusal is None:
            refusal = Refusal(self.code, message or "", possible_at=next_possible)
        super().__init__(refusal.message)
        self._refusal = refusal
        self.code = refusal.code
        possible = refusal.possible_at
        self.next_possible = possible.date() if isinstance(possible, datetime) else possible

    @property
    def refusal(self) -> Refusal:
        return self._refusal


class StorageError(BackrubError):
    """The database cannot be reached, opened or read."""


def shown_day(day: date) -> str:
    """Return a date for a message: ISO in English (``2026-03-01``), else the language's own."""
    from backrub import i18n

    if i18n.current() == i18n.ENGLISH:
        return day.isoformat()
    from backrub.i18n.formats import short_date

    return short_date(day)
