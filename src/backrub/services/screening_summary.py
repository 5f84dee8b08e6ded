"""What a screening means for the person now: one summary for the CLI and the web.

The verdict alone is not the whole answer: clearances lift some stops, and the
episode (how long it has lasted, and leg pain below the knee) adds advice and
restrictions. ``backrub screen --json`` and ``POST /api/screening`` both give
this summary (shape: ``backrub.services.shapes.screening_summary_json``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from backrub.domain.episodes import EpisodeClass, LegPainClass, classify_leg_pain
from backrub.domain.left_out import LEG_PAIN, Restricting, left_out
from backrub.domain.records import Episode
from backrub.domain.restrictions import Restriction
from backrub.domain.screening import AnsweredBy, Screening
from backrub.domain.verdicts import Verdict
from backrub.errors import InvalidInput
from backrub.i18n import _
from backrub.services.safety import (
    SafetyState,
    calls_an_ambulance,
    episode_class,
    record_screening,
    safety_state,
    stopping,
)

if TYPE_CHECKING:
    from backrub.domain.records import Profile
    from backrub.store import Store


@dataclass(frozen=True, slots=True)
class ScreeningSummary:
    """A screening with the safety state, leg pain and episode stage it stands in."""

    screening: Screening
    state: SafetyState
    leg_pain: LegPainClass
    episode: EpisodeClass | None
    latest_episode: Episode | None = None

    @property
    def restrictions(self) -> frozenset[Restriction]:
        """Return the restrictions in force: the screening's, less clearances, plus leg pain."""
        return self.state.restrictions

    @property
    def verdict(self) -> Verdict:
        """Return the verdict to head the result with: "restricted" when restrictions are
        in force on a screening that found no warning sign (leg pain below the knee)."""
        result = self.screening
        if not result.is_stop and self.restrictions and result.verdict is Verdict.CLEAR:
            return Verdict.RESTRICTED
        return result.verdict

    @property
    def stopping(self) -> tuple[str, ...]:
        """Return the person's answers (and combinations) that stop massage, in a few of
        their words, the most urgent first: what a stop's banner opens with (an answer
        inside a combination listed is not listed again: ``answered_labels``)."""
        return stopping(self.screening)

    @property
    def ambulance(self) -> bool:
        """Return whether the stop calls for an ambulance (chest pain, a possible clot in
        the lungs, a serious injury) rather than someone taking the person to hospital."""
        return calls_an_ambulance(self.screening)

    @property
    def what_to_do(self) -> tuple[str, str]:
        """Return what the stop says to do now and why, in the person's language
        (``Screening.shown_parts``): an emergency's action, then its signs for "Why"."""
        return self.screening.shown_parts

    @property
    def left_out(self) -> tuple[str, ...]:
        """Return what each answer in force leaves out, and why, one sentence each."""
        if self.state.is_stopped:
            return ()
        remaining = self.state.standing.remaining
        return left_out(Restricting(f.id, f.shown, f.restrictions) for f in remaining)

    @property
    def leg_pain_from_episode(self) -> bool:
        """Return whether leg pain counts only because the recorded episode has it: the
        latest screening answered no. Recording an episode without it lifts it."""
        answered = dict(self.screening.answers).get(LEG_PAIN)
        episode = self.latest_episode
        return answered is False and episode is not None and episode.leg_pain_below_knee


def summarise_screening(
    store: Store, profile: Profile, result: Screening, *, today: date
) -> ScreeningSummary:
    """Return the summary of ``result`` (the latest screening) for ``profile`` on ``today``.

    Leg pain counts as possible sciatica when the screening says so or the
    latest recorded episode does.
    """
    episode = episode_class(store, profile, today=today)
    state = safety_state(store, profile)
    leg = classify_leg_pain(dict(result.answers).get(LEG_PAIN) is True)
    if episode is not None and episode.leg_pain.has_sciatica:
        leg = episode.leg_pain
    latest = store.episodes(profile.id)[-1] if episode is not None and profile.id else None
    return ScreeningSummary(result, state, leg, episode, latest)


def leg_pain_gone(store: Store, profile: Profile, *, today: date) -> Episode:
    """Record that the leg pain below the knee has gone: a new episode without it.

    The back pain goes on, so the new episode keeps the onset and cause of the
    latest one (its stage does not restart). Refused when no episode has leg pain.
    """
    episodes = store.episodes(profile.id) if profile.id is not None else []
    if profile.id is None or not episodes or not episodes[-1].leg_pain_below_knee:
        raise InvalidInput(LEG_PAIN, None, _("your latest pain episode has no leg pain to lift"))
    latest = episodes[-1]
    gone = Episode(
        onset=latest.onset,
        leg_pain_below_knee=False,
        cause=latest.cause,
        note=f"The leg pain below the knee had gone by {today.isoformat()}.",
    )
    return store.add_episode(profile.id, gone)


def screen_and_summarise(
    store: Store,
    profile: Profile,
    answers: Mapping[str, object],
    *,
    today: date,
    answered_by: AnsweredBy = AnsweredBy.PERSON,
) -> ScreeningSummary:
    """Screen and keep the answers (``record_screening``), then summarise them."""
    result = record_screening(store, profile, answers, today=today, answered_by=answered_by)
    if profile.id is None:  # a first-run profile was saved with the screening
        profile = store.profile(profile.name)
    return summarise_screening(store, profile, result, today=today)
