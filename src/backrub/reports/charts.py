"""Draw the progress charts as SVG, the same for the web page and the report.

The data come from ``backrub.reports.chart_data``; the pieces (one size, one
font, date axis, legend) from ``backrub.reports.svgplot``. Colours are the
Okabe-Ito palette, safe for colour-blind readers, and no series is told apart
by colour alone (line style, marker or hatch differ).

Every reading is a mark that can take keyboard focus and carries its value in
words as its ``<title>``: its hover tooltip and its accessible name ("3 March
2026, 08:05: pain 4 out of 10"). Only the first mark of a chart is in the Tab
order; the web page's script moves along the others with the arrow keys, and
the page lists the same values in a table (``chart_table``).
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from backrub.i18n import N_, _
from backrub.reports.chart_data import (
    OKABE_ITO,
    Chart,
    ChartFigure,
    ChartTable,
    MinutesChart,
    PainChart,
    ScoreChart,
    chart_table,
    minutes_chart,
    minutes_words,
    pain_chart,
    pain_words,
    report_figures,
    score_caption,
    score_chart,
    score_words,
    when_words,
)
from backrub.reports.svgplot import (
    FONT,
    LINE,
    WIDTH,
    Frame,
    LegendEntry,
    legend,
    marker,
    number,
    paragraph,
    text,
    triangle,
)

__all__ = [
    "OKABE_ITO",
    "Chart",
    "ChartFigure",
    "ChartTable",
    "MinutesChart",
    "PainChart",
    "ScoreChart",
    "chart_svg",
    "chart_table",
    "minutes_chart",
    "pain_chart",
    "report_figures",
    "score_caption",
    "score_chart",
    "svg_element",
]

NO_DATA = N_("No data recorded yet")
# The report's font first (DejaVu Sans covers Vietnamese), so a chart and its page agree.
_FONTS = "DejaVu Sans, Helvetica, Arial, sans-serif"
_SVG_NS = "http://www.w3.org/2000/svg"


def chart_svg(chart: Chart) -> str:
    """Return ``chart`` as a standalone SVG document (same data, same text)."""
    return '<?xml version="1.0" encoding="utf-8"?>\n' + svg_element(chart, id_prefix="") + "\n"


def svg_element(chart: Chart, *, id_prefix: str) -> str:
    """Return the ``<svg>`` element, for inlining in HTML.

    Every id gets ``id_prefix`` so several charts can share one page without
    clip paths or patterns crossing over.
    """
    parts, after = _draw(chart, id_prefix)
    height = after - LINE + 8  # ``after`` is where a next line would sit
    title = _title(chart)
    return (
        f'<svg xmlns="{_SVG_NS}" viewBox="0 0 {WIDTH} {height:.0f}" class="chart-svg" '
        f'role="group" aria-label={quoteattr(_("%(title)s (chart)", title=title))} '
        f'font-family="{_FONTS}" font-size="{FONT}" fill="#000000" '
        f'preserveAspectRatio="xMinYMin meet">' + "".join(parts) + "</svg>"
    )


def _title(chart: Chart) -> str:
    return chart.name if isinstance(chart, ScoreChart) else _(chart.title)


def _draw(chart: Chart, prefix: str) -> tuple[list[str], float]:
    clip = f"{prefix}plot"
    match chart:
        case PainChart() if chart.pain:
            parts, bottom = _pain(chart, clip)
        case ScoreChart() if chart.scores:
            parts, bottom = _score(chart, clip)
        case MinutesChart() if chart.capped_min:
            parts, bottom = _minutes(chart, clip, f"{prefix}hatch")
        case _:
            return [text(WIDTH / 2, 50, _(NO_DATA), anchor="middle")], 50.0 + 2 * LINE
    return parts, bottom


def _clip(frame: Frame, clip: str) -> str:
    return (
        f'<defs><clipPath id="{clip}"><rect x="{frame.left:.1f}" y="{frame.top - 6:.1f}" '
        f'width="{frame.right - frame.left:.1f}" height="{frame.bottom - frame.top + 12:.1f}"/>'
        "</clipPath></defs>"
    )


def _polyline(points: Sequence[tuple[float, float]], colour: str, dash: str = "") -> str:
    if len(points) < 2:
        return ""
    d = "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points)
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.6"{dashes}/>'


def _focusable(mark: str, words: str, first: bool) -> str:
    """Wrap one mark so it can take focus, with its value as name and hover title."""
    # The <title> is both the hover tooltip and the accessible name (SVG-AAM); the
    # page's script gives the others tabindex -1 as the arrow keys reach them.
    index = ' tabindex="0"' if first else ""
    return f'<g class="chart-point"{index} role="img"><title>{escape(words)}</title>{mark}</g>'


def _marks(items: list[tuple[float, str, str]]) -> list[str]:
    """Return the focusable marks in time order, only the first in the Tab order."""
    items.sort(key=lambda item: item[0])
    return [_focusable(mark, words, n == 0) for n, (_x, mark, words) in enumerate(items)]


def _pain(chart: PainChart, clip: str) -> tuple[list[str], float]:
    moments = [at for at, _ in chart.pain] + list(chart.pro_sessions)
    frame = Frame.around(min(moments).date(), max(moments).date(), 0, 10)
    blue, orange, purple = OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["purple"]
    parts = [_clip(frame, clip), *frame.axes(_("points (0–10)"), y_ticks=range(0, 11, 2))]
    plot = [f'<g clip-path="url(#{clip})">']
    marks: list[tuple[float, str, str]] = []
    for at in chart.pro_sessions:
        x = frame.x(at)
        line = (
            f'<line x1="{x:.1f}" y1="{frame.top:.1f}" x2="{x:.1f}" y2="{frame.bottom:.1f}" '
            f'stroke="{purple}" stroke-width="2" stroke-dasharray="2 3"/>'
        )
        marks.append((x, line, _("%(when)s: professional session", when=when_words(at))))
    plot.append(_polyline([(frame.x(at), frame.y(v)) for at, v in chart.pain], blue))
    if chart.soreness:
        sore = [(frame.x(at), frame.y(v)) for at, v in chart.soreness]
        plot.append(_polyline(sore, orange, "6 3"))
        plot += [marker("square", x, y, orange) for x, y in sore]
    soreness = dict(chart.soreness)
    for at, value in chart.pain:
        x, y = frame.x(at), frame.y(value)
        marks.append((x, marker("circle", x, y, blue), pain_words(at, value, soreness.get(at))))
    plot += [*_marks(marks), "</g>"]
    entries = [LegendEntry("line", blue, _("pain"), "circle")]
    if chart.soreness:
        entries.append(LegendEntry("dashed", orange, _("soreness"), "square"))
    if chart.pro_sessions:
        entries.append(LegendEntry("dotted", purple, _("professional session")))
    key, bottom = legend(entries, frame.below, "")
    return [*parts, *plot, *key], bottom


def _score(chart: ScoreChart, clip: str) -> tuple[list[str], float]:
    days = [d for d, _ in chart.scores]
    values = [v for _, v in chart.scores]
    low = chart.score_low if chart.score_low is not None else min(0.0, *values)
    high = chart.score_high if chart.score_high is not None else max(values) * 1.1 or 1.0
    frame = Frame.around(min(days), max(days), low, high)
    blue, black, sky = OKABE_ITO["blue"], OKABE_ITO["black"], OKABE_ITO["sky_blue"]
    parts = [_clip(frame, clip), *frame.axes(_("score (%(unit)s)", unit=chart.unit))]
    plot = [f'<g clip-path="url(#{clip})">']
    entries = [LegendEntry("line", blue, _("score"), "circle")]
    if chart.mic is not None:
        top, bottom = frame.y(chart.baseline + chart.mic), frame.y(chart.baseline - chart.mic)
        plot.append(
            f'<rect x="{frame.left:.1f}" y="{top:.1f}" width="{frame.right - frame.left:.1f}" '
            f'height="{bottom - top:.1f}" fill="{sky}" fill-opacity="0.3"/>'
        )
    y = frame.y(chart.baseline)
    plot.append(
        f'<line x1="{frame.left:.1f}" y1="{y:.1f}" x2="{frame.right:.1f}" y2="{y:.1f}" '
        f'stroke="{black}" stroke-width="1.2" stroke-dasharray="6 3"/>'
    )
    entries.append(LegendEntry("dashed", black, _("baseline")))
    if chart.mic is not None:
        band = _("baseline ± %(mic)s %(unit)s", mic=number(chart.mic), unit=chart.unit)
        entries.append(LegendEntry("band", sky, band))
    points = [(frame.x(d), frame.y(v)) for d, v in chart.scores]
    plot.append(_polyline(points, blue))
    marks = [
        (x, marker("circle", x, y, blue), score_words(chart, d, v))
        for (x, y), (d, v) in zip(points, chart.scores, strict=True)
    ]
    plot += [*_marks(marks), "</g>"]
    key, after = legend(entries, frame.below, "")
    note, bottom = paragraph(0, after, _band_note(chart), WIDTH)
    return [*parts, *plot, *key, note], bottom


def _band_note(chart: ScoreChart) -> str:
    if chart.mic is None:
        return _("No minimal important change is published for this measure.")
    return _("Band: %(band)s; its source is in the caption.", band=chart.mic_label)


def _minutes(chart: MinutesChart, clip: str, hatch: str) -> tuple[list[str], float]:
    days = [d for d, _ in chart.capped_min]
    totals = [c + o for (_d1, c), (_d2, o) in zip(chart.capped_min, chart.other_min, strict=True)]
    top = max([chart.cap_min, *totals]) * 1.15 + 0.5
    frame = Frame.around(min(days), max(days), 0, top)
    green, sky, red = OKABE_ITO["green"], OKABE_ITO["sky_blue"], OKABE_ITO["vermillion"]
    parts = [
        _clip(frame, clip),
        f'<defs><pattern id="{hatch}" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{sky}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern></defs>',
        *frame.axes(_("minutes per day")),
    ]
    width = max(1.0, frame.day_width() * 0.8)
    overridden = set(chart.override_days)
    marks: list[tuple[float, str, str]] = []
    for (day, capped), (_same_day, other) in zip(chart.capped_min, chart.other_min, strict=True):
        x = frame.x(day)
        y_capped, y_total = frame.y(capped), frame.y(capped + other)
        bar = (
            f'<rect x="{x - width / 2:.1f}" y="{y_capped:.1f}" width="{width:.1f}" '
            f'height="{frame.bottom - y_capped:.1f}" fill="{green}"/>'
        )
        if other:
            bar += (
                f'<rect x="{x - width / 2:.1f}" y="{y_total:.1f}" width="{width:.1f}" '
                f'height="{y_capped - y_total:.1f}" fill="url(#{hatch})"/>'
            )
        if day in overridden:
            bar += triangle(x, y_total - 8, OKABE_ITO["black"])
        marks.append((x, bar, minutes_words(day, capped, other, day in overridden)))
    y = frame.y(chart.cap_min)
    cap = (
        f'<line x1="{frame.left:.1f}" y1="{y:.1f}" x2="{frame.right:.1f}" y2="{y:.1f}" '
        f'stroke="{red}" stroke-width="2" stroke-dasharray="6 3"/>'
    )
    plot = [f'<g clip-path="url(#{clip})">', *_marks(marks), cap, "</g>"]
    entries = [LegendEntry("bar", green, _("ball + roller"))]
    if any(other for _day, other in chart.other_min):
        entries.append(LegendEntry("hatched", sky, _("gun or hands (own limits)")))
    cap_words = _(
        "daily cap %(minutes)s min for ball + roller (%(source)s)",
        minutes=number(chart.cap_min),
        source=chart.cap_cite,
    )
    entries.append(LegendEntry("dashed", red, cap_words))
    if overridden:
        past = _("past the daily limit (reason in report)")
        entries.append(LegendEntry("triangle", OKABE_ITO["black"], past))
    key, bottom = legend(entries, frame.below, hatch)
    return [*parts, *plot, *key], bottom
