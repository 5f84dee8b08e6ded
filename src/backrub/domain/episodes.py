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
from backrub.domain.emergency import number_words
from backrub.domain.records import Episode
from backrub.domain.restrictions import Restriction
from backrub.domain.rules import PRODUCT_DEFAULT, Rules, number
from backrub.domain.warning_signs import WARNING_SIGNS
from backrub.errors import InvalidInput
from backrub.i18n import N_, _, ngettext

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
    Convention.RESEARCH: N_("research convention"),
    Convention.ACP: N_("American College of Physicians 2017"),
}
_STAGE_WORDS = {
    Stage.ACUTE: N_("acute"),
    Stage.SUBACUTE: N_("subacute"),
    Stage.CHRONIC: N_("chronic"),
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
        return _("<%(low)s / %(low)s–%(high)s / >%(high)s weeks", low=low, high=high)

    @property
    def stage_words(self) -> str:
        """Return the stage in the person's language ("acute")."""
        return _(_STAGE_WORDS[self.stage])

    @property
    def shown_name(self) -> str:
        """Return the convention's name in the person's language."""
        return _(self.name)

    def describe(self) -> str:
        """Return one line such as ``acute by the research convention (<6 / ... ; src)``."""
        return _(
            "%(stage)s by the %(convention)s (%(scheme)s; %(sources)s)",
            stage=self.stage_words,
            convention=self.shown_name,
            scheme=self.scheme,
            sources=", ".join(self.sources),
        )


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
        length = ngettext("%(num)d week", "%(num)d weeks", weeks)
        if days:
            length += " " + ngettext("%(num)d day", "%(num)d days", days)
        return length

    def said(self) -> tuple[Cited, ...]:
        """Return the classification for a page: each convention's words with its sources."""
        research, acp = self.research, self.acp
        first = Cited(
            _(
                "Your back pain began %(length)s ago: %(stage)s by the %(convention)s "
                "(%(scheme)s).",
                length=self.length,
                stage=research.stage_words,
                convention=research.shown_name,
                scheme=research.scheme,
            ),
            research.sources,
        )
        if not self.acp_changes_advice:
            same = _("The same under the %(convention)s.", convention=acp.shown_name)
            return first, Cited(same, acp.sources)
        stage = acp.stage_words
        other = _(
            "%(stage)s by the %(convention)s (%(scheme)s).",
            stage=stage[:1].upper() + stage[1:],
            convention=acp.shown_name,
            scheme=acp.scheme,
        )
        return first, Cited(other, acp.sources)

    def describe(self) -> str:
        """Return the classification in plain words, naming both conventions."""
        text = f"{self.length}: {self.research.describe()}"
        if self.acp_changes_advice:
            return f"{text}; {self.acp.describe()}"
        same = _(
            "the same under the %(convention)s (%(sources)s)",
            convention=self.acp.shown_name,
            sources=", ".join(self.acp.sources),
        )
        return f"{text}; {same}"


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
        raise InvalidInput("onset", onset.isoformat(), _("use a date on or before today"))
    days = (today - onset).days
    return DurationClass(
        duration_days=days,
        research=_in_convention(Convention.RESEARCH, days, rules),
        acp=_in_convention(Convention.ACP, days, rules),
    )


def _finding(question_id: str, *, shown: bool = True) -> str:
    """Return a warning sign's finding, as the screening words it, to start a list item
    (in the person's language, or with ``shown=False`` in English)."""
    sign = next(q for q in WARNING_SIGNS if q.id == question_id)
    words = sign.shown_finding if shown else sign.finding
    return words[:1].lower() + words[1:]


_WALKING = N_("%(finding)s, such as a foot that drops or catches")
_GO_NOW = N_(
    "Go to an emergency department at once, or call your local emergency number, if you "
    "have any of these: %(signs)s."
)


def emergency_signs() -> tuple[str, ...]:
    """Return the signs that make leg pain an emergency, in the screening's own words."""
    return (
        _finding("both_legs_weak_or_numb"),
        _finding("saddle_numbness"),
        _finding("bladder_bowel_change"),
        _finding("leg_weakness_worsening"),
        _(_WALKING, finding=_finding("walking_changed")),
    )


# The signs in English, for code that needs them as data.
EMERGENCY_SIGNS = (
    *(
        _finding(sign, shown=False)
        for sign in (
            "both_legs_weak_or_numb",
            "saddle_numbness",
            "bladder_bowel_change",
            "leg_weakness_worsening",
        )
    ),
    _WALKING % {"finding": _finding("walking_changed", shown=False)},
)

_SEE_CLINICIAN = N_(
    "See a clinician if the leg pain lasts or gets worse, and get help the same day if a "
    "leg or foot gets number."
)
SCIATICA_SAID: tuple[Cited, ...] = (
    Cited(
        N_(
            "Pain that spreads below the knee can come from an irritated nerve (sciatica), so "
            "backrub counts it as possible sciatica: a cautious rule of thumb, not a diagnosis."
        ),
        (PRODUCT_DEFAULT,),
    ),
    Cited(
        N_(
            "Massage may be considered for back pain with or without sciatica, but only beside "
            "exercise."
        ),
        ("nice-ng59",),
    ),
    Cited(_SEE_CLINICIAN, ("gcare-red-flags",)),
    Cited(
        _GO_NOW % {"signs": "; ".join(EMERGENCY_SIGNS)},
        ("bass-2018", "gcare-red-flags", "ahcpr-1994"),
    ),
    Cited(
        N_(
            "While the leg pain lasts, backrub keeps to gentle options: no deep pressure and no "
            "massage gun. This is a cautious choice; no trial tested it."
        ),
        (PRODUCT_DEFAULT,),
    ),
)
SCIATICA_ADVICE = inline(SCIATICA_SAID)

NO_SCIATICA_SAID = (
    Cited(N_("No leg pain below the knee. If it starts, screen again: the plan changes with it.")),
)
NO_SCIATICA_ADVICE = inline(NO_SCIATICA_SAID)


def sciatica_said() -> tuple[Cited, ...]:
    """Return ``SCIATICA_SAID`` in the person's language, with the local emergency number
    after the emergency signs (the number is a product default)."""
    go_now = Cited(_(_GO_NOW, signs="; ".join(emergency_signs())), SCIATICA_SAID[3].sources)
    number = Cited(number_words(), (PRODUCT_DEFAULT,))
    first, second, third, _go, last = SCIATICA_SAID
    return (*_shown((first, second, third)), go_now, number, *_shown((last,)))


def _shown(parts: tuple[Cited, ...]) -> tuple[Cited, ...]:
    return tuple(Cited(_(part.words), part.sources) for part in parts)


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
            said=sciatica_said(),
            sources=tuple(dict.fromkeys(s for c in SCIATICA_SAID for s in c.sources)),
            restrictions=frozenset({Restriction.NO_DEEP_PRESSURE, Restriction.NO_MASSAGE_GUN}),
        )
    return LegPainClass(
        has_sciatica=False, said=_shown(NO_SCIATICA_SAID), sources=(), restrictions=frozenset()
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
