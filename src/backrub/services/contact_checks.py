"""The checks every "I contacted the client" form shares (``flag_contacts`` about an
urgent mood answer, ``stop_contacts`` about a safety stop).

What the contact is about is found by the caller, never taken from the form; the
form names what it showed (a fingerprint): when something newer arrived
meanwhile, the contact is refused ("read it first"), never attached to an answer
the therapist did not read. A note is required. Refused: ``InvalidInput`` on
``note``, nothing written.
"""

from __future__ import annotations

from backrub.domain.inputs import parse_text
from backrub.errors import InvalidInput
from backrub.i18n import _

__all__ = ["MAX_NOTE", "checked_contact"]

MAX_NOTE = 500


def checked_contact(
    about_id: int | None, shown: str | None, *, seen: object, note: object
) -> tuple[int, str]:
    """Return (the id the contact is about, its note), or refuse.

    ``about_id`` is the open answer or stop found now (None: none is open);
    ``shown`` its fingerprint; ``seen`` the fingerprint the form sent.
    """
    if about_id is None or shown is None:
        raise InvalidInput("note", None, _("there is no urgent answer to follow up"))
    if str(seen or "") != shown:
        raise InvalidInput("note", None, _("a newer answer arrived; read it first"))
    text = parse_text("note", note, max_len=MAX_NOTE, lines=True)
    if text is None:
        raise InvalidInput("note", note, _("say in a few words how you contacted the client"))
    return about_id, text
