"""Find every message in the source: Python (``_``, ``N_``, ``ngettext``, ``pgettext``),
the Jinja templates (``_``, ``ngettext``, ``{% trans %}``) and the words a person reads
in the evidence files (``evidence/*.toml``: study summaries, rule names and notes).

Used by the catalogue tests and by ``python -m backrub.i18n missing``, which prints
the untranslated messages of one part of backrub as ``.po`` entries to fill in.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.extract import extract_from_dir

PACKAGE = Path(__file__).resolve().parents[1]
KEYWORDS = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}
METHODS = [
    ("**/i18n/**.py", "ignore"),
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2.ext:babel_extract"),
    ("**/templates/**.txt", "jinja2.ext:babel_extract"),
    ("**/templates/**.j2", "jinja2.ext:babel_extract"),
]
# The person-facing fields of the evidence files; a title stays in its own language,
# and authors, journals and identifiers are not words to translate.
TOML_FIELDS = {
    "evidence/catalogue.toml": (
        "summary",
        "certainty",
        "design",
        "population",
        "outcomes",
        "key_results",
        "limits",
        "protocol.note",
    ),
    "evidence/rules.toml": ("name", "note"),
}
OPTIONS = {"**/templates/**": {"trim_blocks": "true", "lstrip_blocks": "true"}}


@dataclass(frozen=True)
class Message:
    id: str
    plural: str | None
    context: str | None
    where: str  # "web/templates/base.html:12"

    @property
    def part(self) -> str:
        """Return the part of backrub it is in: the catalogue file it belongs to."""
        head = self.where.split("/")[0].split(":")[0]
        return head.removesuffix(".py") if head.endswith(".py") else head

    @property
    def key(self) -> tuple[str | None, str]:
        return self.context, self.id


def messages() -> Iterator[Message]:
    """Yield every message marked for translation in the package."""
    for filename, line, text, _comments, context in extract_from_dir(
        PACKAGE, METHODS, OPTIONS, KEYWORDS, strip_comment_tags=True
    ):
        where = f"{filename}:{line}"
        if isinstance(text, tuple):
            singular, plural = text[0], text[1]
        else:
            singular, plural = text, None
        if singular:
            yield Message(singular, plural, context, where)
    yield from toml_messages()


def _toml_items(data: dict[str, object]) -> Iterator[tuple[str, dict[str, object]]]:
    """Yield (id, fields) for each entry of catalogue.toml or each rule of rules.toml."""
    entries = data.get("entry", [])
    if isinstance(entries, list):
        for entry in entries:
            if isinstance(entry, dict):
                yield str(entry.get("id", "")), entry
    rules = data.get("rules", {})
    if isinstance(rules, dict):
        for rule_id, rule in rules.items():
            if isinstance(rule, dict):
                yield str(rule_id), rule


def toml_messages() -> Iterator[Message]:
    """Yield the person-facing text of the evidence files, ``where`` naming file and id."""
    for name, fields in TOML_FIELDS.items():
        with (PACKAGE / name).open("rb") as handle:
            data = tomllib.load(handle)
        for item_id, item in _toml_items(data):
            for field in fields:
                for text in _texts(item, field):
                    yield Message(text, None, None, f"{name}:{item_id}")


def _texts(item: dict[str, object], field: str) -> list[str]:
    """Return the text of ``field`` ("outcomes", "protocol.note") in one entry or rule."""
    value: object = item
    for key in field.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    values = value if isinstance(value, list) else [value]
    return [text for text in values if isinstance(text, str) and text]
