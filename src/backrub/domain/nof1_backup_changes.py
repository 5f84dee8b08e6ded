"""Read a trial's changes of other treatment from a backup, as live input reads them.

Each change sits in its trial (``trials[n].changes``) as an export writes it: the
day, the kind, the note and when it was recorded. It is refused, naming its
field, unless a person could have recorded it on the trial page: a day of the
trial (from its first day to its last, or the day it ended early, and not after
tomorrow), one of the two kinds, a note of at most ``MAX_NOTE`` characters of
text (the parser of live input: no control characters, no marks that turn its
direction, and folded to one line as a typed note is), recorded on its day or
later. A note is kept as plain text however it begins ("=...") and shown escaped:
no export writes it to a spreadsheet cell.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from backrub.domain.backup_fields import Fields
from backrub.domain.nof1_changes import KINDS, MAX_NOTE, TrialChange, parse_note
from backrub.domain.nof1_trial import TrialRecord
from backrub.errors import InvalidInput, shown_day
from backrub.i18n import _

# At most one change a day of the longest trial and more (product default): a backup
# with more is not one backrub wrote.
MAX_CHANGES = 500
_KEYS = ("day", "kind", "note", "recorded_at")
# recorded_at is kept in UTC; the person's own day may be one day before or after it.
_ZONE_SLACK = timedelta(days=1)


def trial_changes(
    raw: object,
    n: int,
    trial: TrialRecord,
    *,
    latest: datetime,
    is_zone: Callable[[str], bool],
) -> tuple[TrialChange, ...]:
    """Return the changes of ``trial`` (the backup's ``n``-th) given as ``raw``; none
    when the key is absent (a trial without changes, an older backup)."""
    where = f"trials[{n}].changes"
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InvalidInput(where, None, _("expected a list [...]"))
    if len(raw) > MAX_CHANGES:
        raise InvalidInput(
            where, len(raw), _("a trial holds at most %(most)s changes", most=MAX_CHANGES)
        )
    first, last = _days(trial, latest)
    found = []
    for m, item in enumerate(raw, start=1):
        f = Fields(item, f"{where}[{m}]", _KEYS, latest=latest, is_zone=is_zone)
        found.append(_change(f, first, last))
    return tuple(found)


def _days(trial: TrialRecord, latest: datetime) -> tuple[date, date]:
    last = min(trial.schedule.last_day, latest.date())
    if trial.ended_on is not None:
        last = min(last, trial.ended_on)
    return trial.first_day, last


def _change(f: Fields, first: date, last: date) -> TrialChange:
    day = f.day("day", not_after=None)
    if not first <= day <= last:
        raise InvalidInput(
            f.name("day"),
            f.given("day"),
            _(
                "use a day of the trial from %(first)s to %(last)s",
                first=shown_day(first),
                last=shown_day(last),
            ),
        )
    kind = f.given("kind")
    if kind not in KINDS:  # exactly as an export writes it
        raise InvalidInput(f.name("kind"), kind, _("use medicine or treatment"))
    note = parse_note(f.text("note", max_len=MAX_NOTE), field=f.name("note"))  # one line
    recorded_at = f.moment("recorded_at")
    if recorded_at.date() + _ZONE_SLACK < day:
        raise InvalidInput(
            f.name("recorded_at"),
            f.given("recorded_at"),
            _("a change is recorded on its day or later"),
        )
    return TrialChange(day, kind, note, recorded_at)
