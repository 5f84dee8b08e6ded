"""The data of the progress charts, built from records, and their values as a table.

Three charts, each built from plain values so they can be drawn anywhere
(``backrub.reports.charts`` draws them):

- ``PainChart``: pain and soreness (0–10) over time, professional sessions marked;
- ``ScoreChart``: one questionnaire's scores over time, the band of baseline ±
  its minimal important change shaded (a change inside it is not meaningful);
- ``MinutesChart``: self-massage minutes per day against the daily cap line,
  labelled with the cap's source ("product default, not evidence").

``chart_table`` gives the same values as rows: the text alternative of a
chart, for anyone who cannot see or point at it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from backrub.domain.records import CheckIn, ProSession, SelfSession
from backrub.domain.rules import Rule
from backrub.i18n import N_, _, formats
from backrub.reports.model import CAPPED_TOOLS, InstrumentRow, ReportData, local_moment
from backrub.reports.svgplot import day_words, number

__all__ = [
    "OKABE_ITO",
    "Chart",
    "ChartFigure",
    "ChartTable",
    "MinutesChart",
    "PainChart",
    "ScoreChart",
    "chart_table",
    "minutes_chart",
    "pain_chart",
    "report_figures",
    "score_caption",
    "score_chart",
]

# Okabe & Ito 2008, "Color Universal Design": distinguishable with any common
# colour-vision deficiency.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}


@dataclass(frozen=True, slots=True)
class PainChart:
    """Pain and soreness readings (local wall-clock times) and professional sessions."""

    pain: tuple[tuple[datetime, float], ...]
    soreness: tuple[tuple[datetime, float], ...]
    pro_sessions: tuple[datetime, ...]
    title: str = N_("Pain and soreness")


@dataclass(frozen=True, slots=True)
class ScoreChart:
    """One instrument's scores; ``mic`` is ``None`` where no threshold is published."""

    name: str
    unit: str
    scores: tuple[tuple[date, float], ...]
    baseline: float
    mic: float | None
    mic_label: str
    mic_cite: str
    score_low: float | None = None
    score_high: float | None = None


@dataclass(frozen=True, slots=True)
class MinutesChart:
    """Self-massage minutes per local day: ball + roller (under the cap) and other tools."""

    capped_min: tuple[tuple[date, float], ...]
    other_min: tuple[tuple[date, float], ...]
    override_days: tuple[date, ...]
    cap_min: float
    cap_cite: str
    title: str = N_("Self-massage minutes per day")


Chart = PainChart | ScoreChart | MinutesChart


def pain_chart(checkins: Sequence[CheckIn], pro_sessions: Sequence[ProSession]) -> PainChart:
    """Return the pain chart of check-ins and sessions, in each record's own time zone."""
    ordered = sorted(checkins, key=lambda c: c.at)
    return PainChart(
        pain=tuple((local_moment(c.at, c.tz), float(c.pain)) for c in ordered),
        soreness=tuple(
            (local_moment(c.at, c.tz), float(c.soreness)) for c in ordered if c.soreness is not None
        ),
        pro_sessions=tuple(sorted(local_moment(s.at, s.tz) for s in pro_sessions)),
    )


def score_chart(row: InstrumentRow) -> ScoreChart:
    """Return the chart of one report row's scores with its minimal-change band."""
    threshold = row.absolute
    return ScoreChart(
        name=row.name,
        unit=row.unit,
        scores=row.series,
        baseline=row.baseline,
        mic=None if threshold is None else threshold.value,
        mic_label="" if threshold is None else threshold.label,
        mic_cite="" if threshold is None else threshold.cite,
        score_low=row.score_low,
        score_high=row.score_high,
    )


def score_caption(row: InstrumentRow) -> str:
    """Return the caption of a score chart: what the band is, then the row's conclusion.

    The band only describes (baseline ± the threshold); the conclusion is
    ``row.conclusion``, the same words the report's summary shows, so a line
    that leaves the band is never captioned "no meaningful change".
    """
    threshold = row.absolute
    if threshold is None:
        return _("No minimal important change is published for this measure.")
    inside = (
        _("a change that stays inside it may be measurement error")
        if threshold.detectable
        else _("a score inside it has changed by less than that")
    )
    text = _(
        "The shaded band is the starting score ± the %(threshold)s (%(source)s): %(inside)s.",
        threshold=threshold.label,
        source=threshold.cite,
        inside=inside,
    )
    if row.caveat:
        text += f" {row.caveat}"
    if row.conclusion:
        text += " " + _("Conclusion: %(conclusion)s.", conclusion=row.conclusion)
    return text


def minutes_chart(self_sessions: Sequence[SelfSession], cap: Rule) -> MinutesChart:
    """Return self-massage minutes summed per local day, split by whether the cap covers them."""
    capped: defaultdict[date, float] = defaultdict(float)
    other: defaultdict[date, float] = defaultdict(float)
    overridden: set[date] = set()
    for session in self_sessions:
        day = local_moment(session.at, session.tz).date()
        bucket = capped if session.tool in CAPPED_TOOLS else other
        bucket[day] += session.total_seconds / 60
        if session.override_reason:
            overridden.add(day)
    days = sorted(set(capped) | set(other))
    return MinutesChart(
        capped_min=tuple((d, capped.get(d, 0.0)) for d in days),
        other_min=tuple((d, other.get(d, 0.0)) for d in days),
        override_days=tuple(sorted(overridden)),
        cap_min=cap.value,
        cap_cite=cap.cite(),
    )


@dataclass(frozen=True, slots=True)
class ChartTable:
    """A chart's values as a table: its text alternative."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def when_words(moment: datetime | date) -> str:
    """Return "3 March 2026" for a day, "3 March 2026, 08:05" for a moment."""
    day = moment.date() if isinstance(moment, datetime) else moment
    words = day_words(day)
    return f"{words}, {formats.clock_time(moment)}" if isinstance(moment, datetime) else words


def _n(value: float) -> str:
    return number(value)


def pain_words(at: datetime, pain: float, soreness: float | None) -> str:
    """Return one check-in in words: "3 March 2026, 08:05: pain 4 out of 10"."""
    words = _("%(when)s: pain %(pain)s out of 10", when=when_words(at), pain=_n(pain))
    if soreness is not None:
        words += ", " + _("soreness %(soreness)s out of 10", soreness=_n(soreness))
    return words


def score_words(chart: ScoreChart, day: date, value: float) -> str:
    return _(
        "%(when)s: score %(score)s %(unit)s", when=when_words(day), score=_n(value), unit=chart.unit
    )


def minutes_words(day: date, capped: float, other: float, overridden: bool) -> str:
    words = _(
        "%(when)s: %(minutes)s min with ball and roller",
        when=when_words(day),
        minutes=_n(round(capped, 1)),
    )
    if other:
        words += ", " + _("%(minutes)s min with gun or hands", minutes=_n(round(other, 1)))
    if overridden:
        words += ", " + _("recorded past the daily limit")
    return words


def chart_table(chart: Chart) -> ChartTable:
    """Return the values a chart shows, one row per mark, in time order."""
    match chart:
        case PainChart():
            soreness = dict(chart.soreness)
            rows: list[tuple[datetime, tuple[str, ...]]] = [
                (at, (when_words(at), _n(p), "" if at not in soreness else _n(soreness[at]), ""))
                for at, p in chart.pain
            ]
            rows += [(at, (when_words(at), "", "", _("yes"))) for at in chart.pro_sessions]
            rows.sort(key=lambda row: row[0])
            headers = (
                _("When"),
                _("Pain (0–10)"),
                _("Soreness (0–10)"),
                _("Professional session"),
            )
            return ChartTable(headers, tuple(r for _, r in rows))
        case ScoreChart():
            return ChartTable(
                (_("Date"), _("Score (%(unit)s)", unit=chart.unit)),
                tuple((when_words(d), _n(v)) for d, v in chart.scores),
            )
        case MinutesChart():
            overridden = set(chart.override_days)
            return ChartTable(
                (
                    _("Date"),
                    _("Ball and roller (min)"),
                    _("Gun or hands (min)"),
                    _("Recorded past the daily limit"),
                ),
                tuple(
                    (
                        when_words(d),
                        _n(round(c, 1)),
                        _n(round(o, 1)),
                        _("yes") if d in overridden else "",
                    )
                    for (d, c), (_on, o) in zip(chart.capped_min, chart.other_min, strict=True)
                ),
            )


@dataclass(frozen=True, slots=True)
class ChartFigure:
    """One chart as a page or a report shows it: a title, the chart, what it shows."""

    title: str
    chart: Chart
    caption: str


def report_figures(data: ReportData) -> list[ChartFigure]:
    """Return the charts of a report's data, in the order the page and the report show them."""
    out: list[ChartFigure] = []
    if data.checkins:
        out.append(
            ChartFigure(
                _("Pain and soreness"),
                pain_chart(data.checkins, data.pro_sessions),
                _(
                    "Pain and soreness, 0–10, from the check-ins; dotted lines mark professional "
                    "sessions."
                ),
            )
        )
    out += [
        ChartFigure(row.name, score_chart(row), score_caption(row))
        for row in data.instruments
        if row.series
    ]
    if data.self_sessions:
        out.append(
            ChartFigure(
                _("Self-massage minutes per day"),
                minutes_chart(data.self_sessions, data.cap),
                _(
                    "The dashed line is the daily cap, %(minutes)s min for ball and roller "
                    "(%(source)s).",
                    minutes=_n(data.cap.value),
                    source=data.cap.cite(),
                ),
            )
        )
    return out
