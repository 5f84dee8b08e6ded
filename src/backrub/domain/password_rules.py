"""What a new password must be on the clinic server (issue 13): NIST SP 800-63B, no I/O.

Section 5.1.1.2 (memorized secrets): at least 8 characters (we ask 12 of staff,
who open many people's records), at least 64 allowed, every printable
character and space allowed, no composition rules ("one digit, one capital"),
and a password a guesser tries first is refused: one found in a list of
commonly used or compromised values, repetitive or sequential characters
("aaaaaaaaaaaa", "123456789012"), and context-specific words (the name of the
service, the person's name or e-mail address). The list and the words are
given by the caller (``services.accounts``) so this stays pure.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from itertools import pairwise

from backrub.i18n import _

STAFF_MIN = 12
CLIENT_MIN = 8
MAX_CHARS = 128  # 800-63B: at least 64; argon2 does not care, a pasted book does
LEAST_DISTINCT = 5  # fewer different characters than this is a repetition
CONTEXT_LEAST = 4  # shorter context words ("an", "vu") are inside too many good passwords


def problem(
    password: str,
    *,
    staff: bool,
    common: Container[str],
    context: Iterable[str] = (),
) -> str | None:
    """Return why ``password`` is not allowed, in plain words, or None when it is fine.

    ``common`` holds casefolded common passwords; ``context`` holds words a
    guesser would try first (the e-mail, the name, the app's and clinic's names).
    """
    least = STAFF_MIN if staff else CLIENT_MIN
    if len(password) < least:
        return _("use at least %(n)s characters (a few words with spaces work well)", n=least)
    if len(password) > MAX_CHARS:
        return _("use at most %(n)s characters", n=MAX_CHARS)
    folded = password.casefold()
    if folded in common or folded.strip() in common or _squeezed(folded) in common:
        return _("this password is on a list of commonly used passwords; choose another")
    if len(set(folded)) < LEAST_DISTINCT or _sequential(folded):
        return _("this password repeats or counts characters; choose another")
    for word in context:
        word = word.casefold().strip()
        if len(word) >= CONTEXT_LEAST and word in folded:
            return _(
                "do not use your name, your e-mail address or the name of the clinic "
                "in your password"
            )
    return None


def _squeezed(folded: str) -> str:
    """Return ``folded`` without spaces ("pass word" is "password" to a guesser)."""
    return "".join(folded.split())


def _sequential(folded: str) -> bool:
    """Return whether every character is one step from the one before ("abcdef", "987654")."""
    pairs = list(pairwise(folded))
    if folded.isdecimal():  # digits go round: "789012" counts too
        steps = {(int(b) - int(a)) % 10 for a, b in pairs}
        return len(steps) == 1 and steps <= {1, 9}
    steps = {ord(b) - ord(a) for a, b in pairs}
    return len(steps) == 1 and steps <= {1, -1}
