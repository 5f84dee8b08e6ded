"""Classify an episode of back pain by how long it has lasted and by leg pain.

Guidelines do not agree on where acute ends (evidence.md §4.1), so backrub
always names the convention it uses and shows both:

    research convention (heiw-definitions)   acute < 6 weeks, subacute 6-12, chronic > 12
    ACP 2017 (qaseem-2017)                   acute < 4 weeks, subacute 4-12, chronic > 12

The cut-offs are rules (``acute_weeks_research``, ``acute_weeks_acp``,
``chronic_weeks``). A duration exactly on a cut-off belongs to the longer
class below it: exactly 6 weeks is subacute, exactly 12 weeks is still
subacute, a day more is chronic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from backrub.domain.cited import Cited, inline
from backrub.domain.records import Episode
from backrub.domain.restrictions import Restriction
from backrub.domain.rules import PRODUCT_DEFAULT, Rules, number
from backrub.domain.warning_signs import WARNING_SIGNS
from backrub.errors import InvalidInput

DAYS_PER_WEEK = 7


class Stage(StrEnum):
    """How long an episode has lasted, in a named convention."""

    ACUTE = "acute"
    SUBACUTE = "subacute"
    CHRONIC = "chronic"


class Convention(StrEnum):
    RESEARCH = "research"
    ACP = "acp"


_ACUTE_RULE = {
    Convention.RESEARCH: "acute_weeks_research",
    Convention.ACP: "acute_weeks_acp",
}

_CONVENTION_NAME = {
    Convention.RESEARCH: "research convention",
    Convention.ACP: "American College of Physicians 2017",
}


@dataclass(frozen=True, slots=True)
class StageInConvention:
    """The stage of an episode under one convention, with the cut-offs it used."""

    convention: Convention
    name: str
    stage: Stage
    acute_below_weeks: float
    chronic_above_weeks: float
    sources: tuple[str, ...]

    @property
    def scheme(self) -> str:
        """Return the cut-offs in words, e.g. ``<6 / 6–12 / >12 weeks``."""
        low = _weeks_text(self.acute_below_weeks)
        high = _weeks_text(self.chronic_above_weeks)
        return f"<{low} / {low}–{high} / >{high} weeks"

    def describe(self) -> str:
        """Return one line such as ``acute by the research convention (<6 / ... ; src)``."""
        return f"{self.stage} by the {self.name} ({self.scheme}; {', '.join(self.sources)})"


@dataclass(frozen=True, slots=True)
class DurationClass:
    """How long an episode has lasted, classified in both conventions."""

    duration_days: int
    research: StageInConvention
    acp: StageInConvention

    @property
    def duration_weeks(self) -> float:
        return self.duration_days / DAYS_PER_WEEK

    @property
    def acp_changes_advice(self) -> bool:
        """Return whether ACP 2017 puts this episode in a different stage from research."""
        return self.research.stage is not self.acp.stage

    @property
    def length(self) -> str:
        """Return how long the episode has lasted, e.g. ``8 weeks 2 days``."""
        weeks = self.duration_days // DAYS_PER_WEEK
        days = self.duration_days % DAYS_PER_WEEK
        length = f"{weeks} week{'s' if weeks != 1 else ''}"
        if days:
            length += f" {days} day{'s' if days != 1 else ''}"
        return length

    def said(self) -> tuple[Cited, ...]:
        """Return the classification for a page: each convention's words with its sources."""
        research, acp = self.research, self.acp
        first = Cited(
            f"Your back pain began {self.length} ago: {research.stage} by the {research.name} "
            f"({research.scheme}).",
            research.sources,
        )
        if not self.acp_changes_advice:
            return first, Cited(f"The same under the {acp.name}.", acp.sources)
        stage = str(acp.stage).capitalize()
        return first, Cited(f"{stage} by the {acp.name} ({acp.scheme}).", acp.sources)

    def describe(self) -> str:
        """Return the classification in plain words, naming both conventions."""
        text = f"{self.length}: {self.research.describe()}"
        if self.acp_changes_advice:
            text += f"; {self.acp.describe()}"
        else:
            text += f"; the same under the {self.acp.name} ({', '.join(self.acp.sources)})"
        return text


def _weeks_text(weeks: float) -> str:
    return str(int(weeks)) if float(weeks).is_integer() else f"{weeks:g}"


def _stage(days: int, acute_below_weeks: float, chronic_above_weeks: float) -> Stage:
    if days < acute_below_weeks * DAYS_PER_WEEK:
        return Stage.ACUTE
    if days <= chronic_above_weeks * DAYS_PER_WEEK:
        return Stage.SUBACUTE
    return Stage.CHRONIC


def _in_convention(convention: Convention, days: int, rules: Rules) -> StageInConvention:
    acute_rule = _ACUTE_RULE[convention]
    acute = number(rules, acute_rule)
    chronic = number(rules, "chronic_weeks")
    # The acute cut-off is what tells the conventions apart, so its rule names the source.
    sources = rules[acute_rule].sources
    return StageInConvention(
        convention=convention,
        name=_CONVENTION_NAME[convention],
        stage=_stage(days, acute, chronic),
        acute_below_weeks=acute,
        chronic_above_weeks=chronic,
        sources=sources,
    )


def classify_duration(onset: date, today: date, rules: Rules) -> DurationClass:
    """Return the stage of an episode that began on ``onset``, in both conventions.

    An onset after ``today`` is refused with ``InvalidInput``.
    """
    if onset > today:
        raise InvalidInput("onset", onset.isoformat(), "use a date on or before today")
    days = (today - onset).days
    return DurationClass(
        duration_days=days,
        research=_in_convention(Convention.RESEARCH, days, rules),
        acp=_in_convention(Convention.ACP, days, rules),
    )


def _finding(question_id: str) -> str:
    """Return a warning sign's finding, as the screening words it, to start a list item."""
    words = next(q.finding for q in WARNING_SIGNS if q.id == question_id)
    return words[0].lower() + words[1:]


# The signs that make leg pain an emergency, in the screening's own words.
EMERGENCY_SIGNS = (
    _finding("both_legs_weak_or_numb"),
    _finding("saddle_numbness"),
    _finding("bladder_bowel_change"),
    _finding("leg_weakness_worsening"),
    _finding("walking_changed") + ", such as a foot that drops or catches",
)

SCIATICA_SAID: tuple[Cited, ...] = (
    Cited(
        "Pain that spreads below the knee can come from an irritated nerve (sciatica), so "
        "backrub counts it as possible sciatica: a cautious rule of thumb, not a diagnosis.",
        (PRODUCT_DEFAULT,),
    ),
    Cited(
        "Massage may be considered for back pain with or without sciatica, but only beside "
        "exercise.",
        ("nice-ng59",),
    ),
    Cited(
        "See a clinician if the leg pain lasts or gets worse, and get help the same day if a "
        "leg or foot gets number.",
        ("gcare-red-flags",),
    ),
    Cited(
        "Go to an emergency department at once, or call your local emergency number, if you "
        "have any of these: " + "; ".join(EMERGENCY_SIGNS) + ".",
        ("bass-2018", "gcare-red-flags", "ahcpr-1994"),
    ),
    Cited(
        "While the leg pain lasts, backrub keeps to gentle options: no deep pressure and no "
        "massage gun. This is a cautious choice; no trial tested it.",
        (PRODUCT_DEFAULT,),
    ),
)
SCIATICA_ADVICE = inline(SCIATICA_SAID)

NO_SCIATICA_SAID = (
    Cited("No leg pain below the knee. If it starts, screen again: the plan changes with it."),
)
NO_SCIATICA_ADVICE = inline(NO_SCIATICA_SAID)


@dataclass(frozen=True, slots=True)
class LegPainClass:
    """Whether the episode has sciatica-like leg pain, and what that changes."""

    has_sciatica: bool
    said: tuple[Cited, ...]
    sources: tuple[str, ...]
    restrictions: frozenset[Restriction]

    @property
    def advice(self) -> str:
        """Return the advice as one text with the sources in brackets (CLI and JSON)."""
        return inline(self.said)


def classify_leg_pain(leg_pain_below_knee: bool) -> LegPainClass:
    """Return the leg-pain class: pain below the knee counts as possible sciatica."""
    if leg_pain_below_knee:
        return LegPainClass(
            has_sciatica=True,
            said=SCIATICA_SAID,
            sources=tuple(dict.fromkeys(s for c in SCIATICA_SAID for s in c.sources)),
            restrictions=frozenset({Restriction.NO_DEEP_PRESSURE, Restriction.NO_MASSAGE_GUN}),
        )
    return LegPainClass(
        has_sciatica=False, said=NO_SCIATICA_SAID, sources=(), restrictions=frozenset()
    )


def has_sciatica(leg_pain_below_knee: bool) -> bool:
    """Return whether the leg pain counts as possible sciatica."""
    return classify_leg_pain(leg_pain_below_knee).has_sciatica


@dataclass(frozen=True, slots=True)
class EpisodeClass:
    duration: DurationClass
    leg_pain: LegPainClass


def classify_episode(episode: Episode, today: date, rules: Rules) -> EpisodeClass:
    """Return the duration and leg-pain classes of a recorded episode."""
    return EpisodeClass(
        duration=classify_duration(episode.onset, today, rules),
        leg_pain=classify_leg_pain(episode.leg_pain_below_knee),
    )
