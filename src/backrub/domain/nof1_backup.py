"""Read a trial from a backup through the same rules as a trial started here.

The design goes through ``parse_design``; the SHA-256 must be the one its design,
seed and first day give: a backup cannot carry a schedule other than the one
that was registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from backrub.domain.backup_fields import Fields
from backrub.domain.backup_records import _many
from backrub.domain.inputs import MAX_FUTURE
from backrub.domain.nof1_design import parse_design, schedule
from backrub.domain.nof1_trial import ENDED_WHY, STATES, TrialRecord
from backrub.domain.records import ProfileData
from backrub.errors import InvalidInput
from backrub.i18n import _


def with_trials(
    body: dict[str, Any], data: ProfileData, *, now: datetime, is_zone: Callable[[str], bool]
) -> ProfileData:
    """Return ``data`` with the trials of a backup's ``body`` (none in older backups)."""
    latest = now.astimezone(UTC) + MAX_FUTURE
    found = _many(body, "trials", TrialRecord, read_trial, latest=latest, is_zone=is_zone)
    return replace(data, trials=found)


def read_trial(f: Fields) -> TrialRecord:
    """Return one backup trial, or raise InvalidInput naming its field."""
    public_id = f.text("public_id", max_len=36, required=True)
    assert public_id is not None
    with f.named():
        design = parse_design(
            pairs=f.given("pairs"),
            period_days=f.given("period_days"),
            washout_days=f.given("washout_days"),
            seed=f.given("seed"),
        )
    first_day = f.day("first_day", not_after=None)
    digest = f.text("sha256", max_len=64, required=True)
    if digest != schedule(design, first_day).sha256:
        raise InvalidInput(
            f.name("sha256"), digest, _("the hash must be the one the trial's schedule gives")
        )
    state = f.text("state", max_len=16, required=True)
    if state not in STATES:
        raise InvalidInput(f.name("state"), state, _("use running or ended_early"))
    why = f.text("ended_why", max_len=16)
    if why is not None and why not in ENDED_WHY:
        raise InvalidInput(f.name("ended_why"), why, _("use stopped or red_flag"))
    ended_on = (
        None if f.given("ended_on", required=False) is None else f.day("ended_on", not_after=None)
    )
    return TrialRecord(
        public_id=public_id,
        pairs=design.pairs,
        period_days=design.period_days,
        washout_days=design.washout_days,
        seed=design.seed,
        first_day=first_day,
        sha256=digest,
        started_at=f.moment("started_at"),
        state=state,
        ended_on=ended_on,
        ended_why=why,
    )
