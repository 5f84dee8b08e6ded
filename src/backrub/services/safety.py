"""Use cases for safety: screening, a clinician's clearance, and the gate they make."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from backrub.domain.episodes import EpisodeClass, classify_episode, classify_leg_pain
from backrub.domain.records import ClearanceRecord, Profile, ScreeningRecord
from backrub.domain.restrictions import Restriction
from backrub.domain.screening import (
    AnsweredBy,
    Clearance,
    Screening,
    is_plan_allowed,
    parse_answer,
    record_clearance,
    reread,
    screen,
)
from backrub.errors import SafetyStop
from backrub.evidence import load_rules
from backrub.services.records import saved

if TYPE_CHECKING:
    from backrub.store import Store


def record_screening(
    store: Store,
    profile: Profile,
    answers: Mapping[str, object],
    *,
    today: date,
    answered_by: AnsweredBy = AnsweredBy.PERSON,
) -> Screening:
    """Screen the answers and keep the result with its date and who answered.

    Every question needs an answer, unless one already calls for the emergency
    stop: that screening is kept as it is, so the stop stands at once.
    """
    parsed = {qid: parse_answer(qid, value) for qid, value in answers.items()}
    result = screen(parsed, today=today, answered_by=answered_by)
    record = ScreeningRecord(
        screened_on=result.screened_on,
        answers=result.answers,
        verdict=result.verdict.value,
        restrictions=tuple(sorted(r.value for r in result.restrictions)),
        answered_by=result.answered_by.value,
    )
    store.add_screening(saved(store, profile), record)
    return result


def add_clearance(
    store: Store,
    profile: Profile,
    *,
    cleared_on: object,
    cleared_by: object,
    note: object = None,
    today: date,
) -> ClearanceRecord:
    """Record that a clinician cleared the person, with the date and who."""
    clearance = record_clearance(cleared_on, cleared_by, note, today=today)
    record = ClearanceRecord(clearance.cleared_on, clearance.cleared_by, clearance.note)
    return store.add_clearance(saved(store, profile), record)


@dataclass(frozen=True, slots=True)
class SafetyState:
    """The latest screening, whether a stop stands, and the restrictions in force."""

    screening: Screening | None
    cleared: bool
    restrictions: frozenset[Restriction]

    @property
    def is_stopped(self) -> bool:
        return self.screening is not None and self.screening.is_stop and not self.cleared

    @property
    def needs_answers(self) -> bool:
        """Return whether the latest screening left today's questions unanswered.

        Only a stop may stand unfinished; a screening from before the questions
        changed is not read as a pass, so the questions are asked again.
        """
        return (
            self.screening is not None
            and not self.screening.complete
            and not self.screening.is_stop
        )


def safety_state(store: Store, profile: Profile) -> SafetyState:
    """Return the latest screening with the restrictions it and the episode impose.

    Leg pain below the knee (answered in screening, or recorded with the
    episode) adds the sciatica restrictions: gentle options only.
    """
    if profile.id is None:
        return SafetyState(None, False, frozenset())
    records = store.screenings(profile.id)
    if not records:
        return SafetyState(None, False, frozenset())
    last = records[-1]
    result = reread(
        dict(last.answers), today=last.screened_on, answered_by=AnsweredBy(last.answered_by)
    )
    clearances = [
        Clearance(c.cleared_on, c.cleared_by, c.note) for c in store.clearances(profile.id)
    ]
    cleared = result.is_stop and is_plan_allowed(result, clearances)
    episodes = store.episodes(profile.id)
    leg_pain = dict(result.answers).get("leg_pain_below_knee") is True or bool(
        episodes and episodes[-1].leg_pain_below_knee
    )
    restrictions = result.restrictions | classify_leg_pain(leg_pain).restrictions
    return SafetyState(result, cleared, restrictions)


def episode_class(store: Store, profile: Profile, *, today: date) -> EpisodeClass | None:
    """Return how long the latest episode has lasted, in both conventions, and its leg pain."""
    if profile.id is None:
        return None
    episodes = store.episodes(profile.id)
    if not episodes:
        return None
    return classify_episode(episodes[-1], today, load_rules())


def require_safe(store: Store, profile: Profile, *, what: str) -> SafetyState:
    """Return the safety state, or raise SafetyStop when screening says stop or is missing."""
    state = safety_state(store, profile)
    if state.screening is None:
        raise SafetyStop(
            f"screening: answer the safety questions before {what}; run 'backrub screen'"
        )
    if state.needs_answers:
        raise SafetyStop(
            f"screening: the safety questions changed after your screening of "
            f"{state.screening.screened_on}; answer them again before {what}: run 'backrub screen'"
        )
    if state.is_stopped:
        raise SafetyStop(
            f"screening: your last screening ({state.screening.screened_on}) says stop: "
            f"{state.screening.message} {what.capitalize()} has to wait until a clinician has "
            "seen you; then record it with 'backrub screen clear --by NAME'."
        )
    return state
