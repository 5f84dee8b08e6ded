"""Turn the evidence ids inside the domain's sentences into links named for people.

The governor and the progress code explain themselves in plain sentences that
name their sources inline ("… (source: ostelo-2008)"). On a page an id is not
a word: each known id becomes a small link to its evidence page, named by its
short citation ("Ostelo et al. 2008"), so a person can check a number in one
click and never reads an id. A plan's protocol id becomes the protocol's title.
"""

from __future__ import annotations

from functools import cache

from markupsafe import Markup, escape

from backrub.domain.protocols import PROTOCOLS
from backrub.evidence import find_ids, load_catalogue
from backrub.i18n import _


@cache
def _names() -> dict[str, str]:
    return {entry.id: entry.short_citation for entry in load_catalogue()}


def source_link(entry_id: str) -> Markup:
    """Return the link to one evidence entry, named by its short citation."""
    name = _names().get(entry_id)
    if name is None:
        return Markup(escape(entry_id))
    # A citation stays in its own language (a study's title is not translated).
    return Markup('<a class="source" href="/evidence/{}" lang="en">{}</a>').format(entry_id, name)


@cache
def _known() -> frozenset[str]:
    return frozenset(_names()) | frozenset(_protocols())


@cache
def _protocols() -> dict[str, str]:
    return {protocol.id: protocol.title for protocol in PROTOCOLS}


def linked(text: str) -> Markup:
    """Return ``text`` escaped, each known evidence id replaced by a link named for people.

    A protocol's id ("cherkin-10-weekly") becomes its title, in plain text and in the
    current language (the titles are marked where they are defined). Ids are found by
    ``backrub.evidence.find_ids``: whole tokens only, as in the report.
    """
    names = _names()
    protocols = _protocols()
    pieces: list[Markup] = []
    done = 0
    for mention in find_ids(text, _known()):
        pieces.append(escape(text[done : mention.start]))
        if mention.id in names:
            pieces.append(source_link(mention.id))
        else:
            pieces.append(escape(_(protocols[mention.id])))
        done = mention.end
    pieces.append(escape(text[done:]))
    return Markup("").join(pieces)
