"""The data a clinician report is made from: plain values in, nothing read from a database.

A service gathers a person's records, runs the domain functions and hands the
results over as one ``ReportData``; the renderers in ``backrub.reports.report``
and ``backrub.reports.charts`` only turn it into text, SVG and PDF bytes.

``SECTIONS`` are the parts a person may choose for ``backrub report
--sections``; ``parse_sections`` reads that option. A screening that says
stop is shown at the top of every report whatever the sections, because a
clinician must not miss it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backrub.domain.adherence import Adherence
from backrub.domain.change import ThresholdKind
from backrub.domain.clearance import Lift
from backrub.domain.instruments import Direction, Instrument
from backrub.domain.mood import URGENT_SOURCES, shown_urgent_flag
from backrub.domain.plan_model import Plan
from backrub.domain.progress import Change, Comparison, Dose, TrialComparison
from backrub.domain.records import Addendum, CheckIn, Episode, ProSession, SelfSession, Tool
from backrub.domain.review import ReviewNote
from backrub.domain.rules import PRODUCT_DEFAULT, Rule
from backrub.domain.scoring import Score, urgent_despite_total
from backrub.domain.screening import Clearance, Screening
from backrub.domain.trend import Trend
from backrub.domain.words import counted
from backrub.errors import InvalidInput
from backrub.i18n import N_, _
from backrub.reports.svgplot import number

__all__ = [
    "CAPPED_TOOLS",
    "SECTIONS",
    "SECTION_TITLES",
    "InstrumentRow",
    "ReportData",
    "ResultLine",
    "Threshold",
    "local_moment",
    "parse_sections",
    "result_line",
    "row_from_change",
    "screen_flags",
]

# The order in which sections appear, whatever order the person gave them in.
SECTION_TITLES = MappingProxyType(
    {
        "summary": N_("Summary"),
        "screening": N_("Screening"),
        "plan": N_("Plan and adherence"),
        "instruments": N_("Questionnaires and measures"),
        "progress": N_("Progress"),
        "charts": N_("Charts"),
        "sessions": N_("Sessions"),
        "overrides": N_("Self-massage cap overrides"),
        "evidence": N_("Evidence references"),
    }
)
SECTIONS: tuple[str, ...] = tuple(SECTION_TITLES)

# The daily cap (self_massage_cap_min) covers the tennis ball and the foam roller
# together; the massage gun has its own session limit and hands have none.
CAPPED_TOOLS = frozenset({Tool.TENNIS_BALL, Tool.FOAM_ROLLER})


def parse_sections(chosen: str | Iterable[str] | None) -> tuple[str, ...]:
    """Return the chosen sections in report order; ``None`` means all of them.

    Accepts ``"summary,plan"`` or a sequence of names (case and spaces are
    forgiven). An unknown name raises ``InvalidInput("--sections", name, ...)``
    and so does an empty choice: a report with nothing in it helps nobody.
    """
    if chosen is None:
        return SECTIONS
    names = chosen.split(",") if isinstance(chosen, str) else list(chosen)
    wanted: set[str] = set()
    for raw in names:
        name = str(raw).strip().lower()
        if not name:
            continue
        if name not in SECTION_TITLES:
            raise InvalidInput(
                "--sections", raw, _("choose from: %(names)s", names=", ".join(SECTIONS))
            )
        wanted.add(name)
    if not wanted:
        raise InvalidInput(
            "--sections", chosen, _("choose at least one of: %(names)s", names=", ".join(SECTIONS))
        )
    return tuple(name for name in SECTIONS if name in wanted)


def local_moment(at: datetime, tz: str) -> datetime:
    """Return ``at`` as a naive wall-clock time in the IANA zone ``tz``.

    A naive ``at`` is taken as already local; an unknown zone falls back to
    UTC rather than failing a whole report over one record.
    """
    if at.tzinfo is None:
        return at
    zone: tzinfo
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC
    return at.astimezone(zone).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class Threshold:
    """One published threshold applied to a change, with its source.

    ``met`` is ``None`` when it cannot be judged (``why_not_judged`` says why,
    e.g. a percent of a baseline of 0).
    """

    label: str
    value: float
    met: bool | None
    cite: str
    sources: tuple[str, ...]
    why_not_judged: str = ""
    detectable: bool = False  # a detectable change says "beyond error", never "responder"

    @property
    def verdict(self) -> str:
        """Return what the threshold says, in words fit for its kind."""
        if self.met is None:
            return _("cannot be judged")
        if self.detectable:
            return _("beyond measurement error") if self.met else _("within measurement error")
        return _("responder") if self.met else _("not a responder")


@dataclass(frozen=True, slots=True)
class InstrumentRow:
    """One questionnaire or measure in the report: baseline, latest, change, verdicts.

    ``improvement_points`` is positive when the person got better, whichever
    way the scale runs. ``relative`` is ``None`` where the 30% rule is not used
    for the instrument, ``absolute`` where no minimal important change is
    published. ``series`` holds every score over time for the chart.
    """

    instrument_id: str
    name: str
    unit: str
    higher_is_worse: bool
    baseline: float
    latest: float
    improvement_points: float
    improvement_pct: float | None
    relative: Threshold | None
    absolute: Threshold | None
    baseline_on: date | None = None
    latest_on: date | None = None
    score_low: float | None = None
    score_high: float | None = None
    series: tuple[tuple[date, float], ...] = ()
    movement: str = ""  # "Pain improved by 2.5 points (42%), from 6 to 3.5."
    conclusion: str = ""  # Change.conclusion: one verdict for summary and caption
    caveat: str = ""  # where the threshold was measured, said where it is interpreted


def _unit(instrument: Instrument) -> str:
    return _("points") if instrument.unit == "{score}" else instrument.unit


def _sources(rule: Rule) -> tuple[str, ...]:
    return tuple(s for s in rule.sources if s != PRODUCT_DEFAULT)


# The absolute threshold as the report names it, by its kind.
_KIND_WORDS = {
    ThresholdKind.MIC: N_("minimal important change of %(amount)s"),
    ThresholdKind.MDC: N_("minimal detectable change of %(amount)s"),
    ThresholdKind.SDC: N_("smallest detectable change of %(amount)s"),
}


def _thresholds(change: Change) -> tuple[Threshold | None, Threshold]:
    """Return the 30% threshold (where a source gives it) and the absolute one."""
    relative = None
    if change.relative is not None:
        rule = change.relative
        relative = Threshold(
            label=_("≥%(value)s%% improvement", value=number(rule.value)),
            value=rule.value,
            met=change.is_responder_relative,
            cite=rule.cite(),
            sources=_sources(rule),
            why_not_judged=(
                _("the starting score was 0, so a percent change is undefined")
                if change.is_responder_relative is None
                else ""
            ),
        )
    rule = change.threshold
    absolute = Threshold(
        label=_(_KIND_WORDS[change.kind], amount=counted(rule.value, change.unit)),
        value=rule.value,
        met=change.is_responder_absolute,
        cite=rule.cite(),
        sources=_sources(rule),
        detectable=change.kind.is_detectable,
    )
    return relative, absolute


def row_from_change(
    change: Change,
    instrument: Instrument,
    *,
    baseline_on: date | None = None,
    latest_on: date | None = None,
    series: Sequence[tuple[date, float]] = (),
) -> InstrumentRow:
    """Return the report row for ``change`` on ``instrument``.

    The 30% verdict is left out where no source gives the rule for the
    instrument (PEG, PSFS, fingertip-to-floor); the absolute threshold is
    named for what it is: a minimal important change, or a minimal or
    smallest detectable change (PSFS, fingertip-to-floor), with its unit.
    ``conclusion`` is ``Change.conclusion``: the summary and the chart caption
    both show it, so they cannot disagree.
    """
    unit = _unit(instrument)
    relative, absolute = _thresholds(change)
    return InstrumentRow(
        instrument_id=instrument.id,
        name=instrument.name,
        unit=unit,
        higher_is_worse=instrument.direction is Direction.HIGHER_IS_WORSE,
        baseline=change.baseline,
        latest=change.latest,
        improvement_points=change.improvement_points,
        improvement_pct=change.improvement_pct,
        relative=relative,
        absolute=absolute,
        baseline_on=baseline_on,
        latest_on=latest_on,
        score_low=instrument.score_low,
        score_high=instrument.score_high,
        series=tuple(sorted(series)),
        movement=change.movement,
        conclusion=change.conclusion,
        caveat=instrument.change_caveat,
    )


@dataclass(frozen=True, slots=True)
class ResultLine:
    """One questionnaire result as the report lists it: when, the score, what it means.

    Used for results that have no later score to compare (a single
    administration, or one that cannot be scored) and for the flags at the top
    of the report: ``is_flagged`` is a positive screen or an answer that calls
    for urgent help (``is_urgent``).
    """

    instrument_id: str
    name: str
    on: date
    score: str
    meaning: str
    sources: tuple[str, ...]
    is_flagged: bool
    is_urgent: bool


def _score_text(instrument: Instrument, result: Score) -> str:
    if result.score is None:
        return _("no score (%(reason)s)", reason=result.reason)
    unit = "" if instrument.unit == "{score}" else instrument.unit
    return _(
        "%(score)s on a scale of %(low)s to %(high)s",
        score=number(result.score) + unit,
        low=number(instrument.score_low),
        high=number(instrument.score_high) + unit,
    )


def result_line(instrument: Instrument, on: date, result: Score) -> ResultLine:
    """Return the report line for one scored (or unscorable) questionnaire."""
    meaning: list[str] = []
    sources = list(instrument.sources)
    low_but_urgent = urgent_despite_total(instrument, result)
    if low_but_urgent is not None:  # never "minimal" or "negative" beside urgent help
        meaning.append(low_but_urgent)
    if result.band and low_but_urgent is None:
        meaning.append(_("band: %(band)s", band=result.band))
    if result.risk:
        meaning.append(_("%(risk)s risk", risk=result.risk))
    if result.positive_screen is not None and low_but_urgent is None:
        words = _("positive screen") if result.positive_screen else _("negative screen")
        meaning.append(
            _(
                "%(screen)s (a total of %(cutoff)s or more is positive; a screen is not a "
                "diagnosis)",
                screen=words,
                cutoff=instrument.screen_cutoff,
            )
        )
    if result.urgent_help:
        meaning.append(shown_urgent_flag(asks_about_self_harm=instrument.urgent_item is not None))
        sources += URGENT_SOURCES
    if not meaning and result.score is not None:
        meaning.append(_("a single result: change needs a later score to compare"))
    return ResultLine(
        instrument_id=instrument.id,
        name=instrument.name,
        on=on,
        score=_score_text(instrument, result),
        meaning="; ".join(meaning) if meaning else "",
        sources=tuple(dict.fromkeys(sources)),
        is_flagged=bool(result.positive_screen) or result.urgent_help,
        is_urgent=result.urgent_help,
    )


def screen_flags(lines: Iterable[ResultLine]) -> tuple[ResultLine, ...]:
    """Return the latest line of each questionnaire if it is flagged, urgent ones first."""
    latest: dict[str, ResultLine] = {}
    for line in sorted(lines, key=lambda x: x.on):
        latest[line.instrument_id] = line
    flagged = [line for line in latest.values() if line.is_flagged]
    return tuple(sorted(flagged, key=lambda x: (not x.is_urgent, x.on)))


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything one report shows; leave out what the person has not recorded yet.

    ``person`` is the name only: no birth date, address or other identifier
    belongs in a report that may be printed and handed over. ``made_on`` is
    the day the report is made, passed in (never read from the clock). ``cap``
    is the ``self_massage_cap_min`` rule, shown with its source beside the
    minutes and the overrides. ``evidence`` lists further evidence ids the
    caller wants referenced; ids cited in the text are found on their own.
    """

    person: str
    made_on: date
    cap: Rule
    tz: str = "UTC"
    episode: Episode | None = None
    classification: str | None = None
    screening: Screening | None = None
    clearance: Clearance | None = None
    lifted: tuple[Lift, ...] = ()  # what clearances lifted, by whom (domain.clearance)
    still_stopped: bool | None = None  # after every clearance; None: judge by ``clearance``
    review: tuple[ReviewNote, ...] = ()  # screening again due; a plan not helping
    plan: Plan | None = None
    adherence: Adherence | None = None
    instruments: tuple[InstrumentRow, ...] = ()
    trend: Trend | None = None
    comparison: Comparison | None = None
    dose: Dose | None = None
    trials: tuple[TrialComparison, ...] = ()
    checkins: tuple[CheckIn, ...] = ()
    pro_sessions: tuple[ProSession, ...] = ()
    addenda: tuple[Addendum, ...] = ()  # a therapist's corrections under their own notes
    self_sessions: tuple[SelfSession, ...] = ()
    evidence: tuple[str, ...] = ()
    window_weeks: int | None = None  # records shown cover this many weeks, when limited
    results: tuple[ResultLine, ...] = ()  # results with no later score to compare
    flags: tuple[ResultLine, ...] = ()  # positive screens and urgent answers, top of page 1
    # questionnaires answered in an unvalidated translation (domain.instrument_languages)
    translation_notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.person.strip():
            raise InvalidInput("person", self.person, _("give the person's name"))

    @property
    def is_cleared(self) -> bool:
        """Return whether a clinician cleared a stop on or after the screening day."""
        if self.still_stopped is not None:
            return self.screening is not None and not self.still_stopped
        return (
            self.screening is not None
            and self.clearance is not None
            and self.clearance.cleared_on >= self.screening.screened_on
        )

    @property
    def overrides(self) -> tuple[SelfSession, ...]:
        """Return the self-massage sessions that went past the cap, oldest first."""
        return tuple(
            sorted((s for s in self.self_sessions if s.override_reason), key=lambda s: s.at)
        )
