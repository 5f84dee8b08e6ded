"""Use case: what the person should look at again today (screening, an unhelpful plan)."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from backrub.domain.records import Profile
from backrub.domain.review import ReviewNote, not_improving, rescreen_due
from backrub.errors import NotFound
from backrub.evidence import load_rules
from backrub.services.planning import current_plan
from backrub.services.reading import once_per_reading
from backrub.services.safety import safety_state
from backrub.store.leg_symptoms import leg_symptom_checkins

if TYPE_CHECKING:
    from backrub.store import Store


@once_per_reading  # asked several times by one page (services/reading.py)
def review_notes(store: Store, profile: Profile, *, today: date) -> tuple[ReviewNote, ...]:
    """Return what is due: screening again, and "see a clinician" when a plan is not helping."""
    if profile.id is None:
        return ()
    rules = load_rules()
    notes: list[ReviewNote] = []
    state = safety_state(store, profile)
    plan = None
    with contextlib.suppress(NotFound):
        plan = current_plan(store, profile, today=today).plan
    if state.screening is not None:
        # Only the check-ins that noted leg symptoms (a few rows, through their own
        # index): the screening may be a year old.
        since = datetime.combine(state.screening.screened_on - timedelta(days=1), time(), UTC)
        noted = leg_symptom_checkins(store, profile.id, since=since)
        due = rescreen_due(
            screened_on=state.screening.screened_on, checkins=noted, today=today, rules=rules
        )
        if due is not None:
            notes.append(due)
    if plan is not None:
        since = datetime.combine(plan.start - timedelta(days=8), time(), UTC)
        checkins = store.checkins(profile.id, since=since)
        stalled = not_improving(plan_start=plan.start, checkins=checkins, today=today, rules=rules)
        if stalled is not None:
            notes.append(stalled)
    return tuple(notes)
