"""Turn the evidence ids inside the domain's sentences into links to their evidence pages.

The governor and the progress code explain themselves in plain sentences that
name their sources inline ("… (source: ostelo-2008)"). On a page those ids
should be links, so a person can check a number in one click.
"""

from __future__ import annotations

import re
from functools import cache

from markupsafe import Markup, escape

from backrub.evidence import load_catalogue

_ID = re.compile(r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b")


@cache
def _known() -> frozenset[str]:
    return frozenset(load_catalogue().ids)


def linked(text: str) -> Markup:
    """Return ``text`` escaped, with every known evidence id linked to /evidence/<id>."""
    known = _known()

    def link(match: re.Match[str]) -> str:
        name = match.group(0)
        return f'<a href="/evidence/{name}">{name}</a>' if name in known else name

    return Markup(_ID.sub(link, str(escape(text))))  # escaped first, then our own links
