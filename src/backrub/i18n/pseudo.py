"""The pseudo-locale: English made strange but readable, to find what is not translated.

Every message id known to any catalogue comes back as ``⟦Ŧĥíš íš ŧéxŧ⟧``: a
string a person reads that shows plain ASCII English in this locale was never
passed through the catalogue. Placeholders and markup are kept as they are.
"""

from __future__ import annotations

import gettext
import re
from functools import cache

_ACCENTS = str.maketrans(
    "abcdeghiklnorstuwyzABCDEGHIKLNORSTUWYZ",
    "àƀçđéğĥíķĺñóŕšŧúŵýžÀßÇĐÉĞĤÍĶĹÑÓŔŠŦÚŴÝŽ",
)
# Placeholders (%(name)s, %d, %%), tags and entities pass through untouched.
_KEEP = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]|<[^>]*>|&\w+;|&#\d+;")
OPEN, CLOSE = "⟦", "⟧"
PSEUDO = "qps"  # the language code of the pseudo-locale


def pseudo(text: str) -> str:
    """Return ``text`` in the pseudo-locale."""
    if not text.strip():
        return text
    out, last = [], 0
    for match in _KEEP.finditer(text):
        out.append(text[last : match.start()].translate(_ACCENTS))
        out.append(match.group(0))
        last = match.end()
    out.append(text[last:].translate(_ACCENTS))
    return OPEN + "".join(out) + CLOSE


class _Pseudo(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)


@cache
def pseudo_translations() -> gettext.NullTranslations:
    return _Pseudo()
