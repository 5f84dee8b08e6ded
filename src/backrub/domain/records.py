"""The records a person keeps: profiles, episodes, check-ins and sessions.

Values are frozen dataclasses; every number has its unit in its name. A
record's ``id`` is ``None`` until the store has saved it. Timestamps are aware
datetimes in UTC; ``tz`` keeps the person's IANA zone for display.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from backrub.domain.nof1_changes import TrialChange
from backrub.domain.nof1_trial import TrialRecord
from backrub.i18n import N_, _


class Cause(StrEnum):
    """What the person suspects started the episode."""

    STRAIN = "strain"
    DISC = "disc"
    UNKNOWN = "unknown"
    OTHER = "other"


class Technique(StrEnum):
    """Professional massage techniques, as named in the trials and the article."""

    RELAXATION = "relaxation"  # relaxation / Swedish (Cherkin 2011)
    STRUCTURAL = "structural"  # structural / deep tissue (Cherkin 2011)
    TRIGGER_POINT = "trigger_point"
    SPORTS = "sports"
    OTHER = "other"


class Tool(StrEnum):
    """Self-massage tools."""

    TENNIS_BALL = "tennis_ball"
    FOAM_ROLLER = "foam_roller"
    MASSAGE_GUN = "massage_gun"
    HANDS = "hands"

    @property
    def words(self) -> str:
        """Return the tool's name in the current language ("tennis ball")."""
        return _(_TOOL_WORDS[self])


_TOOL_WORDS = {
    Tool.TENNIS_BALL: N_("tennis ball"),
    Tool.FOAM_ROLLER: N_("foam roller"),
    Tool.MASSAGE_GUN: N_("massage gun"),
    Tool.HANDS: N_("hands"),
}


class Zone(StrEnum):
    """Areas of the lower back and hips a self-massage may work on.

    The spine itself, the kidneys / flank and bony points are deliberately not
    zones: nothing in backrub ever asks to press there.
    """

    LUMBAR_LEFT = "lumbar_left"  # paraspinal muscles left of the spine
    LUMBAR_RIGHT = "lumbar_right"
    QUADRATUS_LUMBORUM_LEFT = "ql_left"
    QUADRATUS_LUMBORUM_RIGHT = "ql_right"
    GLUTES_LEFT = "glutes_left"  # gluteus maximus and medius
    GLUTES_RIGHT = "glutes_right"
    PIRIFORMIS_LEFT = "piriformis_left"
    PIRIFORMIS_RIGHT = "piriformis_right"
    HAMSTRINGS_LEFT = "hamstrings_left"
    HAMSTRINGS_RIGHT = "hamstrings_right"
    HIP_FLEXORS_LEFT = "hip_flexors_left"
    HIP_FLEXORS_RIGHT = "hip_flexors_right"


class BodyRegion(StrEnum):
    """Where it hurts, for the body map (seen from behind). Unlike ``Zone``, the
    spine is a region: pain there is worth recording even though nothing presses it."""

    SPINE_LOW = "spine_low"
    LOWER_BACK_LEFT = "lower_back_left"
    LOWER_BACK_RIGHT = "lower_back_right"
    BUTTOCK_LEFT = "buttock_left"
    BUTTOCK_RIGHT = "buttock_right"
    HIP_LEFT = "hip_left"
    HIP_RIGHT = "hip_right"
    THIGH_BACK_LEFT = "thigh_back_left"
    THIGH_BACK_RIGHT = "thigh_back_right"
    BELOW_KNEE_LEFT = "below_knee_left"
    BELOW_KNEE_RIGHT = "below_knee_right"


GUN_LEVELS = 20  # the founding article's massage gun has 20 speed levels


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    tz: str
    created_at: datetime
    id: int | None = None
    # The language the person chose ("en", "vi"); None: not chosen, so the
    # browser's language (web) or English (CLI) is used.
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Episode:
    onset: date
    leg_pain_below_knee: bool
    cause: Cause
    note: str | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class CheckIn:
    at: datetime
    tz: str
    pain: int
    soreness: int | None = None
    sleep: int | None = None
    activity_min: int | None = None
    medication_taken: bool | None = None
    medication: str | None = None
    note: str | None = None
    new_leg_symptoms: bool | None = None  # new leg symptoms, numbness or weakness
    id: int | None = None


@dataclass(frozen=True, slots=True)
class ProSession:
    at: datetime
    tz: str
    technique: Technique
    duration_min: int
    cost_cents: int | None = None
    currency: str | None = None
    therapist: str | None = None
    subjective: str | None = None
    objective: str | None = None
    assessment: str | None = None
    plan: str | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class ZoneWork:
    """Time spent on one zone in a self-massage; ``gun_level`` only for the gun."""

    zone: Zone
    seconds: int
    gun_level: int | None = None


@dataclass(frozen=True, slots=True)
class SelfSession:
    at: datetime
    tz: str
    tool: Tool
    zones: tuple[ZoneWork, ...]
    pain_before: int | None = None
    pain_after: int | None = None
    pain_during: int | None = None
    override_reason: str | None = None
    note: str | None = None
    id: int | None = None

    @property
    def total_seconds(self) -> int:
        return sum(z.seconds for z in self.zones)


@dataclass(frozen=True, slots=True)
class PainSpot:
    """One body-map mark: how much one region hurts at one moment (0-10).

    ``checkin_id`` is the check-in the mark was saved with (``checkin --where``),
    which it shares its moment with, moves with and is deleted with; ``None``
    for a mark made on the body map alone.
    """

    at: datetime
    tz: str
    region: BodyRegion
    intensity: int
    id: int | None = None
    checkin_id: int | None = None


# The one rule for repeated regions, on live input, on every edit and on import.
REGION_ONCE = N_("mark a region once per check-in (a mark of its own: once per moment)")


def place_of(mark: PainSpot) -> tuple[int | None, datetime | None, BodyRegion]:
    """Return where a region may be marked once: its check-in, else its moment.

    A region is marked once per check-in; a mark made on its own (no check-in)
    once per moment among the marks made on their own. Two check-ins at the
    same moment may each mark the same region.
    """
    if mark.checkin_id is not None:
        return (mark.checkin_id, None, mark.region)
    return (None, mark.at, mark.region)


def same_place(a: PainSpot, b: PainSpot) -> bool:
    """Return whether two marks mark one region twice where it may be marked once."""
    return place_of(a) == place_of(b)


def repeated_region(marks: Sequence[PainSpot]) -> int | None:
    """Return the index of the first mark whose region ``marks`` has marked already."""
    seen: set[tuple[int | None, datetime | None, BodyRegion]] = set()
    for index, mark in enumerate(marks):
        if place_of(mark) in seen:
            return index
        seen.add(place_of(mark))
    return None


@dataclass(frozen=True, slots=True)
class Response:
    """One completed questionnaire: answers in item order, ``None`` for a missing one.

    ``labels`` holds what the person named for instruments that ask for it (the
    PSFS activities); the score is always recomputed from the answers.
    """

    at: datetime
    tz: str
    instrument: str
    answers: tuple[float | None, ...]
    labels: tuple[str, ...] = ()
    id: int | None = None
    # The language the questionnaire was answered in: a translation may not be
    # validated, and published thresholds were set on the original (English) text.
    language: str = "en"


@dataclass(frozen=True, slots=True)
class ScreeningRecord:
    """A screening as answered on a day; the verdict is recomputed from the answers.

    An answer is yes/no, or for the age band its value (``20_50``).
    ``answered_by`` is ``person``, or ``script`` when a script answered "no" to
    every question it did not give.
    """

    screened_on: date
    answers: tuple[tuple[str, bool | str], ...]
    verdict: str
    restrictions: tuple[str, ...]
    answered_by: str = "person"
    id: int | None = None


@dataclass(frozen=True, slots=True)
class ClearanceRecord:
    """A clinician's go-ahead, as the person recorded it.

    ``lifts`` names the screening answers (question ids) it lifts; ``None``
    for a clearance recorded before clearances had a scope.
    """

    cleared_on: date
    cleared_by: str
    note: str | None = None
    lifts: tuple[str, ...] | None = None
    id: int | None = None
    # When it was recorded (the app's clock; None before migration 0014 or restored from
    # a backup), and when a therapist acknowledged the emergency-tier stop it lifted.
    recorded_at: datetime | None = None
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None


@dataclass(frozen=True, slots=True)
class PlanChoices:
    """What the person chose for a plan; the plan itself is rebuilt from these."""

    made_on: date
    protocol_id: str
    start: date
    weekdays: tuple[int, ...]
    currency: str
    tools: tuple[str, ...]
    restrictions: tuple[str, ...]
    price_per_session: str | None = None  # decimal text, e.g. "70.00"
    budget_per_session: str | None = None
    budget_total: str | None = None
    id: int | None = None
    self_massage_at: str | None = None  # "HH:MM" in the profile's zone; None: the default


@dataclass(frozen=True, slots=True)
class Addendum:
    """A correction a therapist added under their own session note; the note stays as written.

    ``session_id`` is the session's id in the same profile; ``by`` the therapist's
    name as it was written (the account's name, when it is still there, is shown).
    """

    session_id: int
    at: datetime
    by: str
    text: str
    reason: str | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class ProfileData:
    """Everything a profile holds: what a backup carries."""

    profile: Profile
    episodes: tuple[Episode, ...] = ()
    checkins: tuple[CheckIn, ...] = ()
    pro_sessions: tuple[ProSession, ...] = ()
    self_sessions: tuple[SelfSession, ...] = ()
    screenings: tuple[ScreeningRecord, ...] = ()
    clearances: tuple[ClearanceRecord, ...] = ()
    plans: tuple[PlanChoices, ...] = ()
    responses: tuple[Response, ...] = ()
    pain_spots: tuple[PainSpot, ...] = ()
    addenda: tuple[Addendum, ...] = ()  # a clinic therapist's corrections of their notes
    trials: tuple[TrialRecord, ...] = ()  # N-of-1 trials (domain.nof1_trial)
    # The changes of other treatment kept on a trial's days, each with its trial's public id.
    trial_changes: tuple[tuple[str, TrialChange], ...] = ()
