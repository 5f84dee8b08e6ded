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
from backrub.domain.restrictions import Restriction
from backrub.domain.screening import AnsweredBy, Screening
from backrub.services.safety import SafetyState, episode_class, record_screening, safety_state

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

    @property
    def restrictions(self) -> frozenset[Restriction]:
        """Return the restrictions in force: the screening's, less clearances, plus leg pain."""
        return self.state.restrictions


def summarise_screening(
    store: Store, profile: Profile, result: Screening, *, today: date
) -> ScreeningSummary:
    """Return the summary of ``result`` (the latest screening) for ``profile`` on ``today``.

    Leg pain counts as possible sciatica when the screening says so or the
    latest recorded episode does.
    """
    episode = episode_class(store, profile, today=today)
    state = safety_state(store, profile)
    leg = classify_leg_pain(dict(result.answers).get("leg_pain_below_knee") is True)
    if episode is not None and episode.leg_pain.has_sciatica:
        leg = episode.leg_pain
    return ScreeningSummary(result, state, leg, episode)


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
