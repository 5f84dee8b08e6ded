"""Find every message in the source: Python (``_``, ``N_``, ``ngettext``, ``pgettext``) and
the Jinja templates (``_``, ``ngettext``, ``{% trans %}``).

Used by the catalogue tests and by ``python -m backrub.i18n missing``, which prints
the untranslated messages of one part of backrub as ``.po`` entries to fill in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.extract import extract_from_dir

PACKAGE = Path(__file__).resolve().parents[1]
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}
METHODS = [
    ("**/i18n/**.py", "ignore"),
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2.ext:babel_extract"),
    ("**/templates/**.txt", "jinja2.ext:babel_extract"),
]
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
