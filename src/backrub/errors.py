"""The errors backrub raises on purpose.

    BackrubError            anything the user can act on; the CLI prints one line, exit 2
    ├── InvalidInput        a value outside what is allowed; names the field
    ├── NotFound            an id or name that does not exist (404 on the web)
    ├── SafetyStop          screening says stop: no plan, no self-massage
    ├── Refused             the governor or a rule says not now, and why
    └── StorageError        the database cannot be reached or read

Anything else is a bug: the CLI shows a short line and the traceback only
with --debug.
"""

from __future__ import annotations

from datetime import date

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
        return "a number too long to show"
    return cut(text, limit)


class BackrubError(Exception):
    """Base of every error a user can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(BackrubError):
    """A value outside what is allowed.

    The message always starts with the field name, then the value, then what
    is allowed: ``pain: '11' is not allowed; use a whole number from 0 to 10``.
    A long value is cut (see ``shown``); ``value`` keeps it whole.
    """

    def __init__(self, field: str, value: object, allowed: str) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        if value is None:
            super().__init__(f"{field}: missing; {allowed}")
        else:
            super().__init__(f"{field}: {shown(value)} is not allowed; {allowed}")


class NotFound(BackrubError):
    """A profile, session or other record that does not exist."""


class SafetyStop(BackrubError):
    """Screening found a reason to stop; the message says what to do."""


class Refused(BackrubError):
    """A rule says not now (for example the self-massage cap), with the reason.

    ``next_possible`` is the first day it becomes possible, when a rule knows it.
    """

    def __init__(self, message: str, *, next_possible: date | None = None) -> None:
        super().__init__(message)
        self.next_possible = next_possible


class StorageError(BackrubError):
    """The database cannot be reached, opened or read."""
