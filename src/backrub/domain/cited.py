"""A sentence with its sources, kept apart so each face can cite in its own way.

The command line and the JSON API put the ids in brackets after the words
("… beside exercise (nice-ng59)."); a page shows the words and puts the
sources after them as small links, never an id in the prose.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from backrub.domain.rules import PRODUCT_DEFAULT
from backrub.i18n import N_, _

NOT_EVIDENCE = N_("product default, not evidence")


@dataclass(frozen=True, slots=True)
class Cited:
    """One or more sentences (no ids in them) and the sources they rest on."""

    words: str
    sources: tuple[str, ...] = ()

    def inline(self) -> str:
        """Return the words with the sources in brackets before the last full stop."""
        if not self.sources:
            return self.words
        names = ", ".join(_(NOT_EVIDENCE) if s == PRODUCT_DEFAULT else s for s in self.sources)
        return f"{self.words.removesuffix('.')} ({names})."


def inline(parts: Iterable[Cited]) -> str:
    """Return ``parts`` as one text with the sources in brackets, for the CLI and JSON."""
    return " ".join(part.inline() for part in parts)
