"""Other treatment that changed during an N-of-1 trial, one line a trial day.

A trial compares days with massage against days without; a pain medicine
changed or another treatment started or stopped on the way changes the
comparison too. The person records it on the day (clinical review 7, item 5;
CENT 2015 item 4a asks a report to name concurrent therapies), and the report
shows it beside the result. Two kinds: ``medicine`` (a pain medicine started,
stopped or changed in dose) and ``treatment`` (another treatment started or
stopped, such as physiotherapy or an injection); a short note says what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from backrub.domain.free_text import printed
from backrub.domain.inputs import parse_text
from backrub.errors import InvalidInput
from backrub.i18n import N_, _

MEDICINE = "medicine"
TREATMENT = "treatment"
KINDS = (MEDICINE, TREATMENT)
# A line, not a diary (product default).
MAX_NOTE = 300
KIND_WORDS = {
    MEDICINE: N_("Pain medicine changed"),
    TREATMENT: N_("Other treatment started or stopped"),
}


@dataclass(frozen=True, slots=True)
class TrialChange:
    """One change recorded on a trial day: the day, its kind, what (may be empty)."""

    day: date
    kind: str
    note: str
    recorded_at: datetime
    id: int | None = None

    @property
    def words(self) -> str:
        """The change in plain words: its kind, then the note when there is one."""
        kind = _(KIND_WORDS[self.kind])
        # One line, without direction marks, even for a note kept before the rules.
        return f"{kind}: {printed(self.note)}" if self.note else kind


def parse_kind(value: object) -> str:
    """Return the change's kind, refusing anything else."""
    text = str(value).strip().lower() if isinstance(value, str) else ""
    if text not in KINDS:
        raise InvalidInput(
            "change",
            value if value not in (None, "") else None,
            _("choose a pain medicine change or another treatment started or stopped"),
        )
    return text


def parse_note(value: object, *, field: str = "note") -> str:
    """Return the note (empty when none was given), at most ``MAX_NOTE`` characters,
    on one line: line breaks and runs of spaces become one space, so that a note can
    never print a line of its own in ``trial show`` (attack review 8, F5). A backup's
    note is read here too, named by its place in the file (``field``)."""
    return parse_text(field, value, max_len=MAX_NOTE) or ""  # one line, no direction marks
