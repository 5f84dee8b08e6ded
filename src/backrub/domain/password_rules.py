"""What a new password must be on the clinic server (issue 13): NIST SP 800-63B, no I/O.

Section 5.1.1.2 (memorized secrets): at least 8 characters (we ask 12 of staff,
who open many people's records), at least 64 allowed, every printable
character and space allowed, no composition rules ("one digit, one capital"),
and a password found in a list of commonly used or compromised values is
refused. The list is given by the caller (``services``) so this stays pure.
"""

from __future__ import annotations

from collections.abc import Container, Iterable

from backrub.i18n import _

STAFF_MIN = 12
CLIENT_MIN = 8
MAX_CHARS = 128  # 800-63B: at least 64; argon2 does not care, a pasted book does


def problem(
    password: str,
    *,
    staff: bool,
    common: Container[str],
    context: Iterable[str] = (),
) -> str | None:
    """Return why ``password`` is not allowed, in plain words, or None when it is fine.

    ``context`` holds words a guesser would try first (the e-mail, the name).
    """
    least = STAFF_MIN if staff else CLIENT_MIN
    if len(password) < least:
        return _("use at least %(n)s characters (a few words with spaces work well)", n=least)
    if len(password) > MAX_CHARS:
        return _("use at most %(n)s characters", n=MAX_CHARS)
    folded = password.casefold()
    if folded in common or folded.strip() in common:
        return _("this password is on a list of commonly used passwords; choose another")
    for word in context:
        word = word.casefold().strip()
        if len(word) >= 4 and (folded == word or folded in word or word in folded):
            return _("do not use your name or e-mail address in your password")
    return None
