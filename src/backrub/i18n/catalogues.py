"""The message catalogues: ``locale/<lang>/*.po`` in the package, one file a part of backrub.

The ``.po`` files are the source; ``python -m backrub.i18n compile`` (run by
``dev.py setup``) writes a ``.mo`` beside each. A ``.po`` newer than its ``.mo``
(or without one) is compiled in memory when first needed, so an edited
translation shows without a set-up step and no compiled file is ever committed.
"""

from __future__ import annotations

import gettext
import io
import re
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from backrub.i18n.pseudo import PSEUDO, pseudo_translations

LOCALE = Path(__file__).resolve().parents[1] / "locale"
# backrub's messages name their placeholders (%(name)s); a bare "%" is a per cent sign.
_PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifr]")


def po_files(language: str) -> list[Path]:
    """Return the catalogue files of ``language``, in a fixed order."""
    return sorted((LOCALE / language).glob("*.po"))


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=path.parent.name, abort_invalid=True)


def compiled(path: Path) -> bytes:
    """Return the ``.mo`` bytes of one ``.po`` file (fuzzy entries left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(path), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> list[Path]:
    """Write a ``.mo`` beside every ``.po``; return what was written."""
    written = []
    for po in sorted(LOCALE.glob("*/*.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(compiled(po))
        written.append(mo)
    return written


def _load(po: Path) -> gettext.GNUTranslations:
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        data = mo.read_bytes()
    else:
        data = compiled(po)
    return gettext.GNUTranslations(io.BytesIO(data))


@cache
def translations(language: str) -> gettext.NullTranslations:
    """Return every catalogue of ``language`` as one; English (the source) is the fallback."""
    if language == PSEUDO:
        return pseudo_translations()
    merged: gettext.NullTranslations = gettext.NullTranslations()
    for po in reversed(po_files(language)):
        part = _load(po)
        part.add_fallback(merged)
        merged = part
    return merged


def placeholders(text: str) -> list[str]:
    """Return the printf placeholders of ``text`` in a comparable form (sorted)."""
    return sorted(match.group(0) for match in _PLACEHOLDER.finditer(text))
