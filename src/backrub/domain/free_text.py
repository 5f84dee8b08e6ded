"""One rule for the free text a person or a backup sends: notes, medication, a
therapist's name, a reason, a SOAP field.

A field shown on one line (a check-in's note, its medication, a self-massage's
note...) is folded to one line as it is typed or restored: line breaks, tabs and
runs of spaces become one space, so that a note can never print a line of its own
in ``history`` and forge a record or the ``[KIND ID]`` a person copies into
``delete`` (attack review 11, A5; session 10 did the same for trial-change notes).
A field that is several lines by nature (the SOAP fields, a clinic's addendum)
keeps its line breaks in storage and on web pages, but the terminal prints it on
one line all the same.

Marks that turn the direction of the text after them are refused in every field a
person types (attack review 11, A1): in a terminal they can turn the rest of a line
around, the id included. Text kept before this rule is printed without them, and a
backup loses them as it is read (``unmarked``): an export of such text must restore.
"""

from __future__ import annotations

import re

# Marks that turn the direction of the text after them (U+202A-E embeddings and
# overrides, U+2066-9 isolates, and the single marks LRM, RLM and ALM).
DIRECTION = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def has_direction_marks(text: str) -> bool:
    """Return whether ``text`` holds a mark that turns the direction of what follows."""
    return DIRECTION.search(text) is not None


def one_line(text: str) -> str:
    """Return ``text`` on one line: each run of line breaks, tabs and spaces is one space."""
    return " ".join(text.split())


def printed(text: str) -> str:
    """Return stored text as a terminal line shows it, whatever was kept before the
    rules above: on one line, without marks that turn its direction."""
    return one_line(DIRECTION.sub("", text))


def unmarked(value: object) -> object:
    """Return a backup's JSON value with every string's direction marks taken out:
    text typed before marks were refused restores (a backup is never made unreadable)."""
    if isinstance(value, str):
        return DIRECTION.sub("", value)
    if isinstance(value, list):
        return [unmarked(item) for item in value]
    if isinstance(value, dict):
        return {key: unmarked(item) for key, item in value.items()}
    return value
