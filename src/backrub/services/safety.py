"""Use cases for safety: screening, a clinician's clearance, and the gate they make."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from backrub.domain.clearance import (
    Clearance,
    Flag,
    Standing,
    check_lifts,
    record_clearance,
    standing,
)
from backrub.domain.episodes import EpisodeClass, classify_episode, classify_leg_pain
from backrub.domain.records import ClearanceRecord, Profile, ScreeningRecord
from backrub.domain.red_flags import answered_labels, call_an_ambulance
from backrub.domain.restrictions import Restriction
from backrub.domain.screening import AnsweredBy, Screening, parse_answer, reread, screen
from backrub.domain.verdicts import TIER_VERDICT
from backrub.errors import InvalidInput, SafetyStop, shown_day
from backrub.evidence import load_rules
from backrub.i18n import _, pgettext
from backrub.services.reading import once_per_reading
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
    if result.is_stop:  # a red flag ends a running N-of-1 trial early
        from backrub.services.trials import end_for_red_flag

        end_for_red_flag(store, profile, today=result.screened_on)
    return result


def add_clearance(
    store: Store,
    profile: Profile,
    *,
    cleared_on: object,
    cleared_by: object,
    lifts: object,
    note: object = None,
    today: date,
    now: datetime | None = None,
) -> ClearanceRecord:
    """Record that a clinician cleared exactly ``lifts`` (question ids), with the date and who.

    Each id must be an answer of the latest screening that a clearance can
    lift (``SafetyState.standing.clearable``); an emergency answer is refused,
    and so is a date before the answer was first reported. Nothing is saved
    when anything is refused. ``now`` (the app's clock) is kept as the time it was
    recorded: the therapist's list counts from it, not from the date typed.
    """
    clearance = record_clearance(cleared_on, cleared_by, note, lifts=None, today=today)
    history = _history(store, profile)
    if not history:
        raise InvalidInput("lifts", lifts, _("there is no screening to clear yet"))
    state = safety_state(store, profile)
    ids = check_lifts(lifts, clearance.cleared_on, history, state.standing)
    record = ClearanceRecord(
        clearance.cleared_on, clearance.cleared_by, clearance.note, ids, recorded_at=now
    )
    return store.add_clearance(saved(store, profile), record)


NOTHING_STANDS = Standing((), ())


@dataclass(frozen=True, slots=True)
class SafetyState:
    """The latest screening, what clearances lifted, and the restrictions in force.

    ``cleared`` is true when the screening stopped and clearances lifted every
    stop; ``standing`` says which answers were lifted, by whom, and what is left.
    """

    screening: Screening | None
    cleared: bool
    restrictions: frozenset[Restriction]
    standing: Standing = NOTHING_STANDS

    @property
    def is_stopped(self) -> bool:
        return self.screening is not None and self.standing.is_stopped

    @property
    def stopping(self) -> tuple[str, ...]:
        """Return the answers that stop massage, in the person's words (``stopping``)."""
        return () if self.screening is None else stopping(self.screening)

    @property
    def ambulance(self) -> bool:
        """Return whether the stop calls for an ambulance (``calls_an_ambulance``)."""
        return self.screening is not None and calls_an_ambulance(self.screening)

    @property
    def needs_new_screening(self) -> bool:
        """Return whether an answer stands that no clearance lifts: an emergency, a
        same-day answer, or under 18. Only a new screening (after being seen) lifts it."""
        return self.standing.needs_new_screening

    @property
    def clearance_offered(self) -> tuple[Flag, ...]:
        """Return the answers a page offers to record a clearance for: none while an answer
        stands that only a new screening lifts (review 10, m5). After being seen the person
        answers again, and a clearance of what still stands is recorded then, dated the
        day they were seen."""
        return () if self.needs_new_screening else self.standing.clearable

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


def stopping(screening: Screening) -> tuple[str, ...]:
    """Return the person's answers (and combinations) that stop massage, in a few of
    their words, the most urgent first: what a stop's banner opens with (an answer
    inside a combination listed is not listed again: ``answered_labels``)."""
    found = [r.question_id for r in screening.reasons if TIER_VERDICT[r.tier].is_stop]
    return answered_labels(found)


def calls_an_ambulance(screening: Screening) -> bool:
    """Return whether the stop calls for an ambulance (chest pain, a possible clot in
    the lungs, a serious injury) rather than someone taking the person to hospital."""
    return call_an_ambulance({r.question_id for r in screening.reasons})


def _history(store: Store, profile: Profile) -> list[Screening]:
    """Return the stored screenings, oldest first, as the current questions read them."""
    if profile.id is None:
        return []
    out = []
    for record in store.screenings(profile.id):
        try:
            answers = dict(record.answers)
            by = AnsweredBy(record.answered_by)
            out.append(
                reread(answers, today=record.screened_on, answered_by=by, told=record.verdict)
            )
        except (InvalidInput, ValueError):
            continue  # asked with questions backrub never knew: it cannot count
    return out


def _clearances(store: Store, profile: Profile) -> list[Clearance]:
    if profile.id is None:
        return []
    return [
        Clearance(c.cleared_on, c.cleared_by, c.note, c.lifts) for c in store.clearances(profile.id)
    ]


@once_per_reading  # asked several times by one page (services/reading.py)
def safety_state(store: Store, profile: Profile) -> SafetyState:
    """Return the latest screening with the restrictions it and the episode impose.

    Leg pain below the knee (answered in screening, or recorded with the
    episode) adds the sciatica restrictions: gentle options only. Clearances
    lift exactly the answers they name (``backrub.domain.clearance``).
    """
    history = _history(store, profile)
    if not history or profile.id is None:
        return SafetyState(None, False, frozenset())
    result = history[-1]
    episodes = store.episodes(profile.id)
    leg_pain = dict(result.answers).get("leg_pain_below_knee") is True or bool(
        episodes and episodes[-1].leg_pain_below_knee
    )
    leg = classify_leg_pain(leg_pain)
    extra = []
    if leg.restrictions:
        # Named in a few words: the advice is said once, on its own (ScreeningSummary).
        words = _("Leg pain below the knee (possible sciatica: gentle options only)")
        extra.append(Flag("leg_pain_below_knee", words, False, False, leg.restrictions))
    now = standing(history, _clearances(store, profile), extra=extra)
    cleared = result.is_stop and not now.is_stopped
    return SafetyState(result, cleared, now.restrictions, now)


def episode_class(store: Store, profile: Profile, *, today: date) -> EpisodeClass | None:
    """Return how long the latest episode has lasted, in both conventions, and its leg pain."""
    if profile.id is None:
        return None
    episodes = store.episodes(profile.id)
    if not episodes:
        return None
    return classify_episode(episodes[-1], today, load_rules())


def _waiting(what: str) -> str:
    """Return what waits for the screening ("self-massage", "a massage plan") in words."""
    if what == "self-massage":
        return pgettext("waits for the screening", "self-massage")
    if what == "a massage plan":
        return pgettext("waits for the screening", "a massage plan")
    return what


def require_safe(store: Store, profile: Profile, *, what: str) -> SafetyState:
    """Return the safety state, or raise SafetyStop when screening says stop or is missing."""
    state = safety_state(store, profile)
    if state.screening is None:
        raise SafetyStop(
            _("screening: answer the safety questions before %(what)s.", what=_waiting(what)),
            code="screening_needed",
        )
    if state.needs_answers:
        raise SafetyStop(
            _(
                "screening: the safety questions changed after your screening of "
                "%(screened_on)s; answer them again before %(what)s.",
                screened_on=shown_day(state.screening.screened_on),
                what=_waiting(what),
            ),
            code="screening_needed",
        )
    if state.is_stopped and state.screening.is_under_18:
        raise SafetyStop(
            _(
                "screening: your last screening (%(screened_on)s) says stop: %(stop)s",
                screened_on=shown_day(state.screening.screened_on),
                stop=state.screening.message,
            )
        )
    if state.is_stopped and state.needs_new_screening:
        raise SafetyStop(
            _(
                "screening: your last screening (%(screened_on)s) says stop: "
                "%(stop)s %(thing)s has to wait: once you have been seen, "
                "answer the screening questions again.",
                screened_on=shown_day(state.screening.screened_on),
                stop=state.screening.message,
                thing=_waiting(what).capitalize(),
            ),
            code="screening_needed",
        )
    if state.is_stopped:
        raise SafetyStop(
            _(
                "screening: your last screening (%(screened_on)s) says stop: "
                "%(stop)s %(thing)s has to wait until a clinician has seen "
                "you; then record what they cleared.",
                screened_on=shown_day(state.screening.screened_on),
                stop=state.screening.message,
                thing=_waiting(what).capitalize(),
            ),
            code="clearance_needed",
        )
    return state
