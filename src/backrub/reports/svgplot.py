"""The pieces every chart is drawn with: one size, one font, date and value axes, a legend.

Charts are plain SVG written here, not by a plotting library: the same text
every time for the same data, nothing but presentation attributes (no
``style``, so the web app's strict CSP applies nothing away), a ``viewBox`` so
the picture scales to any width, and text kept as text so a PDF made from it
stays searchable. Every chart is ``WIDTH`` units wide with all its text at
``FONT``: at 360 px the text is still about 12 px high.

Dates on the x axis follow how much there is to show: a day or a few days
get a window of at least ``MIN_DAYS`` days around them (never years), then
ticks every day, week, month or more, labelled "3 Mar" or "Mar 2026".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from xml.sax.saxutils import escape

from babel.dates import format_date
from babel.numbers import get_decimal_symbol

from backrub.i18n import formats

__all__ = [
    "FONT",
    "MIN_DAYS",
    "WIDTH",
    "Frame",
    "LegendEntry",
    "day_words",
    "legend",
    "number",
    "paragraph",
    "text",
    "wrap",
]

WIDTH = 400  # viewBox units; the page scales the whole picture to its width
FONT = 16  # every text of every chart
LINE = 20  # height of one line of text
EDGE = 6  # a date label ends this far inside the right edge (a glyph may be wider than guessed)
MIN_DAYS = 7  # the narrowest date window, so one day of data is not a year-wide axis
_CHAR = 0.6  # width of one character of a date label, in FONT units (DejaVu Sans)
_WIDE_CHAR = 0.7  # the same, for a wider browser font: near the edge, guess wide
_LEFT, _RIGHT, _TOP, _PLOT_H = 54, 8, 12, 170
_MAX_TICKS = 6  # value ticks
_MONTHS = (1, 2, 3, 6, 12)
INK = "#000000"
GRID = "#dddddd"


def number(value: float, digits: int | None = None) -> str:
    """Return a value as people write it: 4, 2.5, never 4.0; with ``digits``, that many
    decimals (8.0). The decimal sign is the language's: 2,5 in Vietnamese."""
    shown = f"{value:g}" if digits is None else f"{value:.{digits}f}"
    return shown.replace(".", get_decimal_symbol(formats.babel_locale()))


def day_words(day: date) -> str:
    """Return a date in words: "3 March 2026", "ngày 3 tháng 3 năm 2026"."""
    return format_date(day, "long", locale=formats.babel_locale())


def text(
    x: float,
    y: float,
    words: str,
    *,
    anchor: str = "start",
    bold: bool = False,
    rotate: bool = False,
) -> str:
    """Return one ``<text>`` element at (x, y)."""
    extra = ' font-weight="bold"' if bold else ""
    if rotate:
        extra += f' transform="rotate(-90 {x:.1f} {y:.1f})"'
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(words)}</text>'


def paragraph(x: float, y: float, words: str, width: float) -> tuple[str, float]:
    """Return ``words`` wrapped to ``width`` as one ``<text>`` (a line a ``<tspan>``).

    One element, so the text reads as one sentence; also returns the y after it.
    """
    lines = wrap(words, width)
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if n == 0 else LINE}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}">{spans}</text>', y + LINE * len(lines)


def wrap(words: str, width: float) -> list[str]:
    """Return ``words`` broken into lines that fit ``width`` units at ``FONT``."""
    limit = max(8, int(width / (FONT * _CHAR)))
    lines: list[str] = []
    line = ""
    for word in words.split():
        if line and len(line) + 1 + len(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def _window(first: date, last: date) -> tuple[date, date]:
    """Return the first and last day shown: the data, widened to ``MIN_DAYS`` if shorter."""
    missing = MIN_DAYS - ((last - first).days + 1)
    if missing <= 0:
        return first, last
    before = missing // 2
    return first - timedelta(days=before), last + timedelta(days=missing - before)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _day_ticks(first: date, last: date, step: int, anchor: date) -> list[tuple[date, str]]:
    start = first + timedelta(days=(anchor - first).days % step)  # a tick on the first data day
    if step >= 7:  # weeks start on Monday
        start = first + timedelta(days=(7 - first.weekday()) % 7)
    count = (last - start).days // step + 1
    ticks = [start + timedelta(days=step * i) for i in range(count)]
    return [(d, formats.day_month(d)) for d in ticks]


def _month_ticks(first: date, last: date, step: int) -> list[tuple[date, str]]:
    tick = first if first.day == 1 else _add_months(first, 1)
    while (tick.month - 1) % min(step, 12):
        tick = _add_months(tick, 1)
    out: list[tuple[date, str]] = []
    while tick <= last:
        if step >= 12:
            label = str(tick.year)
        else:
            shape = "MMM" if out and tick.month != 1 else "MMM y"
            label = format_date(tick, shape, locale=formats.babel_locale())
        out.append((tick, label))
        tick = _add_months(tick, step)
    return out


def _date_ticks(first: date, last: date, width: float, anchor: date) -> list[tuple[date, str]]:
    """Return the finest ticks whose labels fit side by side in ``width`` units.

    Days, every other day, Mondays, every other Monday, then months, quarters,
    half years and years: whatever the window, never more than fit.
    """
    per_day = width / ((last - first).days + 1)
    candidates = [(_day_ticks(first, last, step, anchor), step) for step in (1, 2, 7, 14)]
    candidates += [(_month_ticks(first, last, m), round(m * 30.4)) for m in _MONTHS]
    years = (last.year - first.year) // 4 + 1
    candidates.append((_month_ticks(first, last, 12 * years), round(years * 365.25)))
    for ticks, step_days in candidates:
        labels = [len(label) for _, label in ticks]
        pairs = [(a + b) / 2 for a, b in pairwise(labels)] or labels
        if ticks and max(pairs) * FONT * _CHAR + 10 <= step_days * per_day:
            return ticks
    return candidates[-1][0]


def _value_ticks(low: float, high: float) -> list[float]:
    span = high - low
    if span <= 0:
        return [low]
    raw = span / (_MAX_TICKS - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    count = math.floor((high - first) / step + 1e-9) + 1
    return [round(first + i * step, 10) for i in range(count)]


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One line of a legend: a small sample of the mark, then what it means."""

    sample: str  # "line", "dashed", "dotted", "bar", "hatched", "band", "triangle"
    colour: str
    label: str
    marker: str = ""  # "circle" or "square" drawn on a line sample


@dataclass(frozen=True, slots=True)
class Frame:
    """The plot area of one chart: dates across, values up."""

    first: date
    last: date
    low: float
    high: float
    anchor: date  # the first day with data
    _origin: datetime = field(init=False, repr=False, compare=False)
    _day: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_origin", datetime.combine(self.first, time(0)))
        object.__setattr__(self, "_day", self.day_width())

    @classmethod
    def around(cls, first: date, last: date, low: float, high: float) -> Frame:
        """Return the frame for data from ``first`` to ``last``, widened to at least a week."""
        start, end = _window(first, last)
        return cls(start, end, low, high, first)

    @property
    def left(self) -> float:
        return _LEFT

    @property
    def right(self) -> float:
        return WIDTH - _RIGHT

    @property
    def top(self) -> float:
        return _TOP

    @property
    def bottom(self) -> float:
        return _TOP + _PLOT_H

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def _pad(self) -> float:
        """Return the days left free at each end, so no mark sits on an axis."""
        return max(0.25, self.days * 0.02)

    def day_width(self) -> float:
        return (self.right - self.left) / (self.days + 2 * self._pad)

    def x(self, moment: datetime | date) -> float:
        """Return the x of a local wall-clock moment; a date sits at its noon."""
        if isinstance(moment, datetime):
            elapsed = (moment.replace(tzinfo=None) - self._origin).total_seconds() / 86400
        else:
            elapsed = (moment - self.first).days + 0.5
        return self.left + (elapsed + self._pad) * self._day

    def y(self, value: float) -> float:
        span = self.high - self.low or 1.0
        return self.bottom - (value - self.low) / span * (self.bottom - self.top)

    def axes(self, y_label: str, *, y_ticks: Sequence[float] = ()) -> list[str]:
        """Return the grid, both axes, their ticks and the value axis label.

        The chart's title is the caption of the figure that holds it, on the page
        and in the report, so it is not repeated inside the picture.
        """
        parts: list[str] = []
        for value in y_ticks or _value_ticks(self.low, self.high):
            y = self.y(value)
            parts.append(
                f'<line x1="{self.left:.1f}" y1="{y:.1f}" x2="{self.right:.1f}" y2="{y:.1f}" '
                f'stroke="{GRID}" stroke-width="1"/>'
            )
            parts.append(text(self.left - 6, y + FONT * 0.35, number(value), anchor="end"))
        for day, label in _date_ticks(
            self.first, self.last, self.day_width() * self.days, self.anchor
        ):
            x = self.x(day)
            parts.append(
                f'<line x1="{x:.1f}" y1="{self.top:.1f}" x2="{x:.1f}" y2="{self.bottom:.1f}" '
                f'stroke="{GRID}" stroke-width="1"/>'
            )
            half = len(label) * FONT * _WIDE_CHAR / 2
            if x + half > WIDTH - EDGE:  # the last label ends inside the edge, not beyond it
                parts.append(text(WIDTH - EDGE, self.bottom + LINE, label, anchor="end"))
            else:
                parts.append(text(x, self.bottom + LINE, label, anchor="middle"))
        parts.append(
            f'<path d="M{self.left:.1f} {self.top:.1f}V{self.bottom:.1f}H{self.right:.1f}" '
            f'fill="none" stroke="{INK}" stroke-width="1"/>'
        )
        middle = (self.top + self.bottom) / 2
        parts.append(text(FONT, middle, y_label, anchor="middle", rotate=True))
        return parts

    @property
    def below(self) -> float:
        """Return the baseline of the first line under the date labels."""
        return self.bottom + 2 * LINE + 6


def _sample(entry: LegendEntry, x: float, y: float, hatch_id: str) -> str:
    mid = y - FONT * 0.35
    colour = entry.colour
    match entry.sample:
        case "bar" | "hatched" | "band":
            fill = f"url(#{hatch_id})" if entry.sample == "hatched" else colour
            opacity = ' fill-opacity="0.3"' if entry.sample == "band" else ""
            return (
                f'<rect x="{x:.1f}" y="{mid - 6:.1f}" width="22" height="12" '
                f'fill="{fill}"{opacity}/>'
            )
        case "triangle":
            return _triangle(x + 11, mid, colour)
    dash = {"dashed": ' stroke-dasharray="6 3"', "dotted": ' stroke-dasharray="2 3"'}
    line = (
        f'<line x1="{x:.1f}" y1="{mid:.1f}" x2="{x + 22:.1f}" y2="{mid:.1f}" stroke="{colour}" '
        f'stroke-width="2"{dash.get(entry.sample, "")}/>'
    )
    return line + marker(entry.marker, x + 11, mid, colour)


def marker(kind: str, x: float, y: float, colour: str) -> str:
    """Return a circle or square mark centred on (x, y); nothing for ``""``."""
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{colour}"/>'
    return ""


def _triangle(x: float, y: float, colour: str) -> str:
    return f'<path d="M{x - 5:.1f} {y - 4:.1f}h10l-5 8z" fill="{colour}"/>'


def triangle(x: float, y: float, colour: str) -> str:
    """Return a downward triangle with its tip at (x, y + 4): "look here"."""
    return _triangle(x, y, colour)


def legend(entries: Sequence[LegendEntry], top: float, hatch_id: str) -> tuple[list[str], float]:
    """Return the legend, one entry a line (long ones wrapped), and the y after it."""
    parts: list[str] = []
    y = top
    for entry in entries:
        parts.append(_sample(entry, 0, y, hatch_id))
        label, y = paragraph(30, y, entry.label, WIDTH - 30)
        parts.append(label)
    return parts, y
