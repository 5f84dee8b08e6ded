"""Read a trial from a backup through the same rules as a trial started here.

The design goes through ``parse_design``; the SHA-256 must be the one its design,
seed and first day give: a backup cannot carry a schedule other than the one
that was registered. The dates must be ones a trial started here could have:
the first day from the day it was started to two weeks on, an end only for a
trial that ended early, within its schedule. The trials must fit together as
live use leaves them: one at a time, their days never overlapping.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from backrub.domain.backup_fields import Fields
from backrub.domain.backup_records import _many
from backrub.domain.inputs import MAX_FUTURE
from backrub.domain.nof1_backup_changes import trial_changes
from backrub.domain.nof1_design import MAX_PAIRS, MAX_SEED, MIN_PAIRS, parse_design, schedule
from backrub.domain.nof1_trial import ENDED_EARLY, ENDED_WHY, STATES, TrialRecord
from backrub.domain.records import ProfileData
from backrub.errors import InvalidInput, shown_day
from backrub.i18n import _

# The first day may be set up to two weeks after the start (services.trials.MAX_DAYS_AHEAD).
MAX_DAYS_AHEAD = 14
# A person runs a few trials a year (product default): a backup with more is not one
# backrub wrote, and thousands would only slow the import down.
MAX_TRIALS = 100
# started_at is kept in UTC; the person's own day may be one day before or after it.
_ZONE_SLACK = timedelta(days=1)
# The whole numbers of a trial, with the limits of live input, by the file's keys.
_WHOLE = {"pairs": (MIN_PAIRS, MAX_PAIRS), "period_days": (7, 14), "washout_days": (2, 3)}
_KEYS = {"period": "period_days", "washout": "washout_days"}


def with_trials(
    body: dict[str, Any], data: ProfileData, *, now: datetime, is_zone: Callable[[str], bool]
) -> ProfileData:
    """Return ``data`` with the trials of a backup's ``body`` (none in older backups)."""
    raw = body.get("trials")
    if isinstance(raw, list) and len(raw) > MAX_TRIALS:
        raise InvalidInput(
            "data.trials", len(raw), _("a backup holds at most %(most)s trials", most=MAX_TRIALS)
        )
    latest = now.astimezone(UTC) + MAX_FUTURE
    # A trial's changes are read after the trial itself, against its days.
    bare = {**body, "trials": [_without_changes(t) for t in raw]} if isinstance(raw, list) else body
    found = _many(bare, "trials", TrialRecord, read_trial, latest=latest, is_zone=is_zone)
    check_together(found)
    changes = tuple(
        (trial.public_id, change)
        for n, (trial, item) in enumerate(zip(found, raw or [], strict=True), start=1)
        for change in trial_changes(item.get("changes"), n, trial, latest=latest, is_zone=is_zone)
    )
    return replace(data, trials=found, trial_changes=changes)


def _without_changes(item: object) -> object:
    return {k: v for k, v in item.items() if k != "changes"} if isinstance(item, dict) else item


def read_trial(f: Fields) -> TrialRecord:
    """Return one backup trial, or raise InvalidInput naming its field."""
    public_id = f.text("public_id", max_len=36, required=True)
    assert public_id is not None
    for key, (low, high) in {**_WHOLE, "seed": (0, MAX_SEED)}.items():
        f.whole(key, low, high)  # a number, as an export writes it, not "3"
    try:
        design = parse_design(
            pairs=f.given("pairs"),
            period_days=f.given("period_days"),
            washout_days=f.given("washout_days"),
            seed=f.given("seed"),
            recorded=True,
        )
    except InvalidInput as error:  # named by the file's keys, not the CLI's options
        key = _KEYS.get(error.field, error.field)
        raise InvalidInput(f.name(key), error.value, error.allowed) from None
    started_at = f.moment("started_at")
    started = started_at.date()
    first_day = _day_within(f, "first_day", started - _ZONE_SLACK, started + _ahead())
    digest = f.text("sha256", max_len=64, required=True)
    found = schedule(design, first_day)
    if digest != found.sha256:
        raise InvalidInput(
            f.name("sha256"), digest, _("the hash must be the one the trial's schedule gives")
        )
    state = f.text("state", max_len=16, required=True)
    if state not in STATES:
        raise InvalidInput(f.name("state"), state, _("use running or ended_early"))
    why = f.text("ended_why", max_len=16, required=state == ENDED_EARLY)
    if why is not None and why not in ENDED_WHY:
        raise InvalidInput(f.name("ended_why"), why, _("use stopped or red_flag"))
    ended_on = None
    if state == ENDED_EARLY:
        # Stopped before its first day, a trial keeps the day it was stopped.
        last = min(found.last_day, f.latest.date())
        ended_on = _day_within(f, "ended_on", started - _ZONE_SLACK, last)
    else:
        for key in ("ended_on", "ended_why"):
            if f.given(key, required=False) is not None:
                raise InvalidInput(
                    f.name(key),
                    f.given(key),
                    _("only a trial that ended early has this: its state is ended_early"),
                )
    return TrialRecord(
        public_id=public_id,
        pairs=design.pairs,
        period_days=design.period_days,
        washout_days=design.washout_days,
        seed=design.seed,
        first_day=first_day,
        sha256=digest,
        started_at=started_at,
        state=state,
        ended_on=ended_on,
        ended_why=why,
    )


def _ahead() -> timedelta:
    return timedelta(days=MAX_DAYS_AHEAD) + _ZONE_SLACK


def _day_within(f: Fields, key: str, first: date, last: date) -> date:
    day = f.day(key, not_after=None)
    if not first <= day <= last:
        raise InvalidInput(
            f.name(key),
            f.given(key),
            _(
                "use a date from %(first)s to %(last)s",
                first=shown_day(first),
                last=shown_day(last),
            ),
        )
    return day


def _days(trial: TrialRecord) -> tuple[date, date]:
    """The days the trial governed or governs: to the day before it ended, if it did."""
    if trial.ended_on is not None:
        return trial.first_day, trial.ended_on - timedelta(days=1)
    return trial.first_day, trial.schedule.last_day


def check_together(found: Sequence[TrialRecord]) -> None:
    """Refuse trials live use cannot leave: days that overlap, or one started while
    another was still to run (one trial at a time)."""
    spans = [_days(t) for t in found]
    lasts = [t.schedule.last_day for t in found]
    for n, trial in enumerate(found):
        for m in range(n):
            (a, b), (c, d) = spans[n], spans[m]
            if max(a, c) <= min(b, d):
                raise InvalidInput(
                    f"trials[{n + 1}].first_day",
                    trial.first_day.isoformat(),
                    _(
                        "its days overlap those of trials[%(other)s]: one trial at a time",
                        other=m + 1,
                    ),
                )
    for n, trial in enumerate(found):
        for m, other in enumerate(found):
            if m != n and not other.ended_early and _started_during(trial, other, lasts[m]):
                raise InvalidInput(
                    f"trials[{n + 1}].started_at",
                    trial.started_at.isoformat(),
                    _("trials[%(other)s] was still to run then: one trial at a time", other=m + 1),
                )


def _started_during(trial: TrialRecord, other: TrialRecord, other_last: date) -> bool:
    """Whether ``trial`` was started while ``other`` (not ended early, over on
    ``other_last``) was still to run: live use refuses a start then."""
    if other.started_at > trial.started_at:
        return False
    return trial.started_at.date() + _ZONE_SLACK <= other_last
