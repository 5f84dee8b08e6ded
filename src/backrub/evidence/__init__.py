"""The evidence catalogue and the rules table, and how they are shown.

Loading and validation live in ``catalogue``, finding ids in a sentence in
``mentions``; this module is the public face: it re-exports them and renders
entries as JSON (a public, stable shape: ``backrub evidence ID --json``) and as
plain text for a terminal.
"""

from __future__ import annotations

from backrub.evidence.catalogue import (
    REQUIRED_RULE_IDS,
    Catalogue,
    CatalogueError,
    Entry,
    Identifier,
    Kind,
    Protocol,
    Span,
)
from backrub.evidence.loading import load_catalogue, load_rules, parse_catalogue, parse_rules
from backrub.evidence.mentions import Mention, find_ids
from backrub.i18n import N_, _

__all__ = [
    "REQUIRED_RULE_IDS",
    "Catalogue",
    "CatalogueError",
    "Entry",
    "Identifier",
    "Kind",
    "Mention",
    "Protocol",
    "Span",
    "entry_to_json",
    "find_ids",
    "format_citation",
    "format_entry",
    "format_index",
    "load_catalogue",
    "load_rules",
    "parse_catalogue",
    "parse_rules",
]

JsonValue = str | int | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


def _span_json(span: Span | None) -> JsonValue:
    return None if span is None else {"low": span.low, "high": span.high}


def _identifier_json(ident: Identifier | None) -> JsonValue:
    return None if ident is None else {"value": ident.value, "verified": ident.verified}


def entry_to_json(entry: Entry) -> dict[str, JsonValue]:
    """Return the public JSON shape of one entry.

    Keys are always present; an unknown value is ``null`` and an empty list is
    ``[]``. Adding keys is allowed; renaming or removing one needs a changelog
    migration note::

        {
          "id": "cherkin-2011",
          "kind": "study",            # study|review|guideline|consensus|case-report|
                                      # survey|definition|instrument
          "citation": {"short": "Cherkin et al. 2011", "authors": ["Cherkin DC", ...],
                       "title": str|null, "journal": str|null, "year": int|null,
                       "volume": str|null, "issue": str|null, "pages": str|null},
          "doi":  {"value": "10.7326/...", "verified": true} | null,
          "pmid": {"value": "21727288", "verified": false} | null,
          "urls": [str, ...],
          "design": str, "n": int|null, "population": str|null,
          "protocol": {"session_min": {"low": 50, "high": 60} | null,
                       "sessions_per_week": {...}|null, "weeks": {...}|null,
                       "total_sessions": {...}|null, "note": str|null} | null,
          "outcomes": [str, ...], "key_results": [str, ...],
          "certainty": str, "summary": str, "limits": [str, ...], "related": [id, ...]
        }
    """
    return {
        "id": entry.id,
        "kind": str(entry.kind),
        "citation": _citation_json(entry),
        "doi": _identifier_json(entry.doi),
        "pmid": _identifier_json(entry.pmid),
        "urls": list(entry.urls),
        "design": entry.design,
        "n": entry.n,
        "population": entry.population,
        "protocol": _protocol_json(entry),
        "outcomes": list(entry.outcomes),
        "key_results": list(entry.key_results),
        "certainty": entry.certainty,
        "summary": entry.summary,
        "limits": list(entry.limits),
        "related": list(entry.related),
    }


def _citation_json(entry: Entry) -> JsonValue:
    return {
        "short": entry.short_citation,
        "authors": list(entry.authors),
        "title": entry.title,
        "journal": entry.journal,
        "year": entry.year,
        "volume": entry.volume,
        "issue": entry.issue,
        "pages": entry.pages,
    }


def _protocol_json(entry: Entry) -> JsonValue:
    if entry.protocol is None:
        return None
    p = entry.protocol
    return {
        "session_min": _span_json(p.session_min),
        "sessions_per_week": _span_json(p.sessions_per_week),
        "weeks": _span_json(p.weeks),
        "total_sessions": _span_json(p.total_sessions),
        "note": p.note,
    }


def format_citation(entry: Entry) -> str:
    """Return a one-line reference: ``Authors. Title. Journal Year;Vol(Issue):Pages.``"""
    named = [a for a in entry.authors if a != "et al."]
    shown = ", ".join(named[:3])
    if len(named) > 3 or "et al." in entry.authors:
        shown += ", et al."
    parts = [shown if shown.endswith(".") else shown + "."]
    parts.append(entry.title.rstrip(".") + "." if entry.title else _("[title not recorded]."))
    where = " ".join(str(x) for x in (entry.journal, entry.year) if x is not None)
    if entry.volume:
        where += f";{entry.volume}"
    if entry.issue:
        where += f"({entry.issue})"
    if entry.pages:
        where += f":{entry.pages}"
    if where:
        parts.append(where + ".")
    return " ".join(parts)


def _format_protocol(protocol: Protocol) -> str:
    pieces: list[str] = []
    if protocol.session_min:
        pieces.append(_("%(span)s min sessions", span=protocol.session_min))
    if protocol.sessions_per_week:
        pieces.append(_("%(span)s per week", span=protocol.sessions_per_week))
    if protocol.total_sessions:
        pieces.append(_("%(span)s sessions", span=protocol.total_sessions))
    if protocol.weeks:
        pieces.append(_("over %(span)s weeks", span=protocol.weeks))
    text = ", ".join(pieces)
    if protocol.note:
        note = _(protocol.note)
        text = f"{text} ({note})" if text else note
    return text


# The kinds of entry as a terminal shows them (the JSON keeps the codes).
KIND_WORDS = {
    Kind.STUDY: N_("study"),
    Kind.REVIEW: N_("review"),
    Kind.GUIDELINE: N_("guideline"),
    Kind.CONSENSUS: N_("consensus"),
    Kind.CASE_REPORT: N_("case-report"),
    Kind.SURVEY: N_("survey"),
    Kind.DEFINITION: N_("definition"),
    Kind.INSTRUMENT: N_("instrument"),
}


def format_entry(entry: Entry) -> str:
    """Return the entry as plain text for a terminal, citation first, summary last."""
    lines = [f"{entry.id} ({_(KIND_WORDS[entry.kind])})", format_citation(entry)]
    ids = [f"{name} {ident}" for name, ident in (("DOI", entry.doi), ("PMID", entry.pmid)) if ident]
    if ids:
        lines.append("  ".join(ids))
    size = str(entry.n) if entry.n is not None else _("not given")
    lines += [_("Design: %(design)s", design=_(entry.design)), _("n: %(n)s", n=size)]
    if entry.population:
        lines.append(_("Population: %(text)s", text=_(entry.population)))
    if entry.protocol:
        lines.append(_("Protocol: %(text)s", text=_format_protocol(entry.protocol)))
    if entry.outcomes:
        lines.append(_("Outcomes: %(text)s", text="; ".join(map(_, entry.outcomes))))
    lines.append(_("Key results:"))
    lines += [f"  - {_(result)}" for result in entry.key_results]
    lines.append(_("Certainty: %(text)s", text=entry.translated_certainty))
    lines.append(_("Limits:"))
    lines += [f"  - {_(limit)}" for limit in entry.limits]
    lines.append(_("In short: %(text)s", text=entry.translated_summary))
    if entry.related:
        lines.append(_("See also: %(ids)s", ids=", ".join(entry.related)))
    return "\n".join(lines)


def format_index(catalogue: Catalogue) -> str:
    """Return one line per entry: id, short citation, certainty."""
    width = max((len(entry_id) for entry_id in catalogue.ids), default=0)
    return "\n".join(
        f"{entry.id:<{width}}  {entry.short_citation} — {entry.translated_certainty}"
        for entry in catalogue
    )
