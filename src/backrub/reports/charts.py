"""Draw the progress charts as SVG or PNG with matplotlib, deterministically.

Three charts, each built from plain values so they can be drawn anywhere:

- ``PainChart``: pain and soreness (0–10) over time, professional sessions marked;
- ``ScoreChart``: one questionnaire's scores over time, the band of baseline ±
  its minimal important change shaded (a change inside it is not meaningful);
- ``MinutesChart``: self-massage minutes per day against the daily cap line,
  labelled with the cap's source ("product default, not evidence").

Colours are the Okabe-Ito palette, safe for colour-blind readers, and no
series is told apart by colour alone (line style, marker or hatch differ).
matplotlib is imported inside the functions so the CLI starts fast, and only
through the Agg canvas (no GUI backend, no pyplot state). The SVG has a fixed
hash salt, no date in its metadata and text kept as text, so the same data
always give the same bytes and a PDF made from it stays searchable.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from io import BytesIO
from typing import TYPE_CHECKING, Any

from backrub.domain.records import CheckIn, ProSession, SelfSession
from backrub.domain.rules import Rule
from backrub.reports.model import CAPPED_TOOLS, InstrumentRow, local_moment

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "OKABE_ITO",
    "Chart",
    "MinutesChart",
    "PainChart",
    "ScoreChart",
    "chart_png",
    "chart_svg",
    "minutes_chart",
    "pain_chart",
    "score_caption",
    "score_chart",
    "svg_element",
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

# Wide charts span the page; a questionnaire chart takes half of it, two to a row.
_WIDE_IN = (7.2, 2.4)
_HALF_IN = (3.6, 2.5)
_RC: dict[Any, Any] = {
    "svg.hashsalt": "backrub",  # stable clip-path ids
    "svg.fonttype": "none",  # text stays text: searchable, selectable, smaller
    "font.size": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
}
_NO_DATA = "No data recorded yet"
_HEADER = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


@dataclass(frozen=True, slots=True)
class PainChart:
    """Pain and soreness readings (local wall-clock times) and professional sessions."""

    pain: tuple[tuple[datetime, float], ...]
    soreness: tuple[tuple[datetime, float], ...]
    pro_sessions: tuple[datetime, ...]
    title: str = "Pain and soreness"


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
    title: str = "Self-massage minutes per day"


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
        return "No minimal important change is published for this measure."
    inside = (
        "a change that stays inside it may be measurement error"
        if threshold.detectable
        else "a score inside it has changed by less than that"
    )
    band = f"the starting score ± the {threshold.label} ({threshold.cite})"
    text = f"The shaded band is {band}: {inside}."
    if row.caveat:
        text += f" {row.caveat}"
    if row.conclusion:
        text += f" Conclusion: {row.conclusion}."
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


def chart_svg(chart: Chart) -> str:
    """Return ``chart`` as a standalone SVG document (same data, same text)."""
    from matplotlib import rc_context

    with rc_context(_RC):
        figure = _draw(chart)
        out = BytesIO()
        figure.savefig(
            out,
            format="svg",
            metadata={"Creator": "backrub", "Date": None, "Format": None, "Type": None},
        )
    return out.getvalue().decode("utf-8")


def svg_element(chart: Chart, *, id_prefix: str) -> str:
    """Return only the ``<svg>`` element, for inlining in HTML.

    Every id (and every reference to it) gets ``id_prefix`` so several charts
    can share one page without clip paths or markers crossing over.
    """
    svg = _METADATA.sub("", _HEADER.sub("", chart_svg(chart), count=1))
    ids = set(_ID.findall(svg))

    def prefixed(match: re.Match[str]) -> str:
        head, name = match.group(1), match.group(2)
        return head + id_prefix + name if name in ids else match.group(0)

    return _REFERENCE.sub(prefixed, svg).strip()


def chart_png(chart: Chart, *, dpi: int = 150) -> bytes:
    """Return ``chart`` as PNG bytes at ``dpi`` dots per inch."""
    from matplotlib import rc_context

    with rc_context(_RC):
        figure = _draw(chart)
        out = BytesIO()
        figure.savefig(out, format="png", dpi=dpi, metadata={"Software": "backrub"})
    return out.getvalue()


def _draw(chart: Chart) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    size = _HALF_IN if isinstance(chart, ScoreChart) else _WIDE_IN
    figure = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    match chart:
        case PainChart():
            _draw_pain(axes, chart)
        case ScoreChart():
            _draw_score(axes, chart)
            figure.supxlabel(_band_note(chart), x=0.02, ha="left", fontsize=6.5)
        case MinutesChart():
            _draw_minutes(axes, chart)
    return figure


def _date_axis(axes: Axes, first: datetime | date, last: datetime | date) -> None:
    from matplotlib import dates

    locator = dates.AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    if first == last:  # one day: give the axis a width instead of a warning
        axes.set_xlim(first - timedelta(days=1), last + timedelta(days=1))  # type: ignore[arg-type]
    axes.set_xlabel("date")


def _empty(axes: Axes, title: str) -> None:
    axes.set_title(title, loc="left")
    axes.text(0.5, 0.5, _NO_DATA, transform=axes.transAxes, ha="center", va="center")
    axes.set_xticks([])
    axes.set_yticks([])


def _draw_pain(axes: Axes, chart: PainChart) -> None:
    if not chart.pain:
        _empty(axes, chart.title)
        return
    when, pain = zip(*chart.pain, strict=True)
    axes.plot(when, pain, color=OKABE_ITO["blue"], marker="o", markersize=3, label="pain")
    if chart.soreness:
        s_when, soreness = zip(*chart.soreness, strict=True)
        axes.plot(
            s_when,
            soreness,
            color=OKABE_ITO["orange"],
            linestyle="--",
            marker="s",
            markersize=3,
            label="soreness",
        )
    for index, at in enumerate(chart.pro_sessions):
        axes.axvline(
            at,  # type: ignore[arg-type]
            color=OKABE_ITO["purple"],
            linestyle=":",
            linewidth=1.4,
            label="professional session" if index == 0 else None,
        )
    moments = [*when, *chart.pro_sessions]
    _date_axis(axes, min(moments), max(moments))
    axes.set_ylim(-0.3, 10.3)
    axes.set_ylabel("points (0–10)")
    axes.set_title(chart.title, loc="left")
    axes.legend(loc="upper right", ncols=3, fontsize=7.5)


def _draw_score(axes: Axes, chart: ScoreChart) -> None:
    title = chart.name
    if not chart.scores:
        _empty(axes, title)
        return
    days, values = zip(*chart.scores, strict=True)
    axes.plot(days, values, color=OKABE_ITO["blue"], marker="o", markersize=4, label="score")
    axes.axhline(
        chart.baseline, color=OKABE_ITO["black"], linestyle="--", linewidth=1, label="baseline"
    )
    if chart.mic is not None:
        # A score inside baseline ± the threshold has not changed meaningfully.
        axes.axhspan(
            chart.baseline - chart.mic,
            chart.baseline + chart.mic,
            color=OKABE_ITO["sky_blue"],
            alpha=0.3,
            linewidth=0,
            label=f"baseline ± {chart.mic:g} {chart.unit}",
        )
    _date_axis(axes, min(days), max(days))
    if chart.score_low is not None and chart.score_high is not None:
        pad = (chart.score_high - chart.score_low) * 0.03
        axes.set_ylim(chart.score_low - pad, chart.score_high + pad)
    axes.set_ylabel(f"score ({chart.unit})")
    axes.set_title(title, loc="left", fontsize=8)
    axes.legend(loc="upper right", fontsize=6.5)


def _band_note(chart: ScoreChart) -> str:
    if chart.mic is None:
        return "No minimal important change is published for this measure."
    return f"Band: {chart.mic_label} ({chart.mic_cite})."


def _draw_minutes(axes: Axes, chart: MinutesChart) -> None:
    if not chart.capped_min and not chart.other_min:
        _empty(axes, chart.title)
        return
    days = [d for d, _ in chart.capped_min]
    capped = [m for _, m in chart.capped_min]
    other = [m for _, m in chart.other_min]
    axes.bar(days, capped, width=0.8, color=OKABE_ITO["green"], label="ball + roller")  # type: ignore[arg-type]
    if any(other):
        axes.bar(
            days,  # type: ignore[arg-type]
            other,
            width=0.8,
            bottom=capped,
            color=OKABE_ITO["sky_blue"],
            hatch="//",
            edgecolor="white",
            label="gun or hands (own limits)",
        )
    axes.axhline(
        chart.cap_min,
        color=OKABE_ITO["vermillion"],
        linestyle="--",
        linewidth=1.4,
        label=f"daily cap {chart.cap_min:g} min for ball + roller ({chart.cap_cite})",
    )
    if chart.override_days:
        totals = {d: c + o for d, c, o in zip(days, capped, other, strict=True)}
        axes.plot(
            list(chart.override_days),  # type: ignore[arg-type]
            [totals.get(d, 0.0) + 0.4 for d in chart.override_days],
            linestyle="none",
            marker="v",
            color=OKABE_ITO["black"],
            label="cap overridden (reason in report)",
        )
    _date_axis(axes, min(days), max(days))
    top = max([chart.cap_min, *(c + o for c, o in zip(capped, other, strict=True))])
    axes.set_ylim(0, top * 1.25 + 0.5)
    axes.set_ylabel("minutes per day")
    axes.set_title(chart.title, loc="left")
    axes.legend(loc="upper left", bbox_to_anchor=(0, -0.28), ncols=2, fontsize=7.5)
