"""Find the evidence ids a sentence names: the one rule for the web, the report and the trial.

The domain explains itself in sentences that name their sources inline ("… (source:
ostelo-2008)"); the web turns each id into a link, the report lists each in its
references and the trial section names each by its short citation. All three find the
ids here, so a sentence cites the same sources wherever it is shown.

An id counts only as a whole token:

- not joined to a letter (any alphabet, "đ" included), digit, underscore or hyphen on
  either side: ``x-cherkin-2011``, ``-cherkin-2011``, ``cherkin-2011-``,
  ``cherkin-20111`` and ``cherkin-2011x`` name nothing;
- not joined by a dot to more of a name (``www.cherkin-2011.org``, ``cherkin-2011.pdf``,
  ``cherkin-2011.5``); a dot that ends a sentence does not join;
- not inside a web address (a run without spaces that starts with ``scheme://`` or
  ``www.``), where a link or a citation would break the address.

Brackets, quotes, commas, colons, slashes between two ids (``kroenke-2003/kroenke-2007``)
and any space or dash other than the hyphen separate tokens. Ids are matched longest
first, so of two known ids where one is a prefix of the other (``a-b`` and ``a-b-c``)
the text ``a-b-c`` names only the longer one. Matching is case-sensitive: ids are lower
case and ``Cherkin-2011`` is a word, not an id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

__all__ = ["Mention", "find_ids"]

_WEB_ADDRESS = re.compile(r"(?:\b[A-Za-z][A-Za-z0-9+.-]*://|\bwww\.)\S+")


@dataclass(frozen=True, slots=True)
class Mention:
    """One id found in a text, at ``text[start:end]``."""

    id: str
    start: int
    end: int


@cache
def _pattern(known: frozenset[str]) -> re.Pattern[str] | None:
    if not known:
        return None
    ids = sorted(known, key=lambda entry_id: (-len(entry_id), entry_id))  # longest first
    alternatives = "|".join(map(re.escape, ids))
    return re.compile(rf"(?<![\w-])(?<!\w\.)(?:{alternatives})(?![\w-])(?!\.\w)")


def find_ids(text: str, known: Iterable[str]) -> tuple[Mention, ...]:
    """Return each id of ``known`` that ``text`` names as a whole token, in order of place.

    An id named twice is found twice (callers that list sources keep the first).
    """
    pattern = _pattern(frozenset(known))
    if pattern is None:
        return ()
    addresses = [(m.start(), m.end()) for m in _WEB_ADDRESS.finditer(text)]
    return tuple(
        Mention(match.group(0), match.start(), match.end())
        for match in pattern.finditer(text)
        if not any(start <= match.start() < end for start, end in addresses)
    )
