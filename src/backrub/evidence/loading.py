"""Load and validate the evidence catalogue and the rules table.

Both tables ship inside the package (``catalogue.toml`` and ``rules.toml``) and
are read with ``importlib.resources``, so an installed wheel works without the
source tree. Validation is strict because every number shown to a person must
trace back to a source: a missing field, a field of the wrong type, an unknown
field (usually a typo), a duplicate id, a ``related`` id or a rule source that
is not in the catalogue, or a product default without its reason each raise
``CatalogueError`` naming the file, the entry and the field. That error means
the release is broken, not that the user did something wrong.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources

from backrub.domain.rules import PRODUCT_DEFAULT, Rule
from backrub.evidence.catalogue import (
    CATALOGUE_FILE,
    REQUIRED_RULE_IDS,
    RULES_FILE,
    Catalogue,
    CatalogueError,
    Entry,
    Identifier,
    Kind,
    Protocol,
    Span,
)

_EVIDENCE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_RULE_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class _Table:
    """Read typed fields from one TOML table and reject fields nobody asked for."""

    def __init__(self, raw: object, where: str) -> None:
        if not isinstance(raw, Mapping):
            raise CatalogueError(f"{where}: must be a table")
        self.raw: Mapping[str, object] = raw
        self.where = where
        self.seen: set[str] = set()

    def fail(self, key: str, problem: str) -> CatalogueError:
        return CatalogueError(f"{self.where}: field {key!r} {problem}")

    def get(self, key: str, *, required: bool) -> object:
        self.seen.add(key)
        if key not in self.raw:
            if required:
                raise self.fail(key, "is required")
            return None
        return self.raw[key]

    def text(self, key: str) -> str:
        value = self.opt_text(key, required=True)
        assert value is not None  # required=True never returns None
        return value

    def opt_text(self, key: str, *, required: bool = False) -> str | None:
        value = self.get(key, required=required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be non-empty text")
        return value

    def texts(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        value = self.get(key, required=required)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(key, "must be a list of non-empty texts")
        if required and not value:
            raise self.fail(key, "must not be empty")
        return tuple(value)

    def opt_int(self, key: str) -> int | None:
        value = self.get(key, required=False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(key, "must be a whole number of 0 or more")
        return value

    def opt_span(self, key: str) -> Span | None:
        value = self.get(key, required=False)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return Span(value, value)
        if (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value)
            and value[0] <= value[1]
        ):
            return Span(value[0], value[1])
        raise self.fail(key, "must be a positive whole number or a [low, high] pair")

    def opt_identifier(self, key: str) -> Identifier | None:
        value = self.get(key, required=False)
        if value is None:
            return None
        inner = _Table(value, f"{self.where}: field {key!r}")
        ident = Identifier(inner.text("value"), inner.flag("verified"))
        inner.finish()
        return ident

    def flag(self, key: str) -> bool:
        value = self.get(key, required=True)
        if not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value

    def finish(self) -> None:
        unknown = sorted(set(self.raw) - self.seen)
        if unknown:
            raise self.fail(unknown[0], "is not a known field (a typo?)")


def _parse_protocol(raw: object, where: str) -> Protocol:
    table = _Table(raw, f"{where}: field 'protocol'")
    protocol = Protocol(
        session_min=table.opt_span("session_min"),
        sessions_per_week=table.opt_span("sessions_per_week"),
        weeks=table.opt_span("weeks"),
        total_sessions=table.opt_span("total_sessions"),
        note=table.opt_text("note"),
    )
    table.finish()
    return protocol


def parse_entry(raw: object, position: int) -> Entry:
    """Build one Entry from its TOML table; ``position`` (1-based) names it in errors."""
    where = f"{CATALOGUE_FILE}: entry #{position}"
    table = _Table(raw, where)
    entry_id = table.text("id")
    if not _EVIDENCE_ID.match(entry_id):
        raise table.fail("id", f"{entry_id!r} must be kebab-case like 'elder-2017'")
    table.where = where = f"{CATALOGUE_FILE}: entry {entry_id!r}"
    kind = table.text("kind")
    if kind not in set(Kind):
        raise table.fail("kind", f"{kind!r} must be one of: {', '.join(Kind)}")
    year = table.opt_int("year")
    raw_protocol = table.get("protocol", required=False)
    related = table.texts("related")
    if entry_id in related:
        raise table.fail("related", "must not list the entry itself")
    entry = Entry(
        id=entry_id,
        kind=Kind(kind),
        authors=table.texts("authors", required=True),
        title=table.opt_text("title"),
        journal=table.opt_text("journal"),
        year=year,
        volume=table.opt_text("volume"),
        issue=table.opt_text("issue"),
        pages=table.opt_text("pages"),
        label=table.opt_text("label"),
        doi=table.opt_identifier("doi"),
        pmid=table.opt_identifier("pmid"),
        urls=table.texts("urls"),
        design=table.text("design"),
        n=table.opt_int("n"),
        population=table.opt_text("population"),
        protocol=None if raw_protocol is None else _parse_protocol(raw_protocol, where),
        outcomes=table.texts("outcomes"),
        key_results=table.texts("key_results", required=True),
        certainty=table.text("certainty"),
        summary=table.text("summary"),
        limits=table.texts("limits", required=True),
        related=related,
    )
    table.finish()
    return entry


def parse_catalogue(data: Mapping[str, object]) -> Catalogue:
    """Validate the parsed ``catalogue.toml`` (``{"entry": [table, ...]}``) into a Catalogue."""
    extra = sorted(set(data) - {"entry"})
    if extra:
        raise CatalogueError(f"{CATALOGUE_FILE}: unknown top-level key {extra[0]!r}")
    entries = data.get("entry")
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(f"{CATALOGUE_FILE}: needs at least one [[entry]] table")
    return Catalogue(parse_entry(raw, i) for i, raw in enumerate(entries, start=1))


def parse_rule(rule_id: str, raw: object, catalogue: Catalogue) -> Rule:
    """Build one Rule, checking its sources against ``catalogue``."""
    table = _Table(raw, f"{RULES_FILE}: rule {rule_id!r}")
    if not _RULE_ID.match(rule_id):
        raise CatalogueError(f"{RULES_FILE}: rule id {rule_id!r} must be snake_case")
    value = table.get("value", required=True)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise table.fail("value", "must be a number of 0 or more")
    unit = table.text("unit")
    sources = table.texts("sources", required=True)
    for source in sources:
        if source != PRODUCT_DEFAULT and source not in catalogue:
            raise table.fail(
                "sources",
                f"names {source!r}, which is neither an evidence id nor 'product-default'",
            )
    note = table.get("note", required=False)
    if not isinstance(note, str) or not note.strip():
        why = "a product-default rule must say why" if PRODUCT_DEFAULT in sources else "needed"
        raise table.fail("note", f"must be non-empty plain words ({why})")
    name = table.get("name", required=False)
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise table.fail("name", "must be non-empty plain words")
    table.finish()
    return Rule(id=rule_id, value=value, unit=unit, sources=sources, note=note, name=name or "")


def parse_rules(data: Mapping[str, object], catalogue: Catalogue) -> dict[str, Rule]:
    """Validate the parsed ``rules.toml`` (``{"rules": {id: table}}``) against ``catalogue``."""
    extra = sorted(set(data) - {"rules"})
    if extra:
        raise CatalogueError(f"{RULES_FILE}: unknown top-level key {extra[0]!r}")
    tables = data.get("rules")
    if not isinstance(tables, Mapping):
        raise CatalogueError(f"{RULES_FILE}: needs a [rules.<id>] table per rule")
    rules = {rule_id: parse_rule(rule_id, raw, catalogue) for rule_id, raw in tables.items()}
    missing = sorted(REQUIRED_RULE_IDS - set(rules))
    if missing:
        raise CatalogueError(f"{RULES_FILE}: missing rule(s): {', '.join(missing)}")
    return rules


def _read_toml(name: str) -> dict[str, object]:
    text = resources.files("backrub.evidence").joinpath(name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"{name}: not valid TOML: {error}") from error


@cache
def load_catalogue() -> Catalogue:
    """Return the shipped catalogue, read and validated once per process."""
    return parse_catalogue(_read_toml(CATALOGUE_FILE))


@cache
def _shipped_rules() -> Mapping[str, Rule]:
    return parse_rules(_read_toml(RULES_FILE), load_catalogue())


def load_rules() -> dict[str, Rule]:
    """Return the shipped rules table by id (a fresh dict; the rules are frozen)."""
    return dict(_shipped_rules())
