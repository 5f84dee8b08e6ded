"""Draw a cohort funnel plot as plain SVG, made on the server (no script, no ``style``).

Each therapist shown is a dot at (number of clients who answered at 12 weeks,
share of them who improved); the clinic's share is a solid line; the 95%
limits are dashed and the 99.8% limits dotted (``domain.cohort_funnel``).
The page shows a table of the same figures beside it (the accessible form).
Like ``reports.charts``: fixed width, a ``viewBox``, text kept as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from backrub.domain.cohort_report import Funnel
from backrub.i18n import _
from backrub.reports.svgplot import FONT, GRID, INK, LINE, WIDTH, number, text

__all__ = ["funnel_svg"]

_LEFT, _RIGHT, _TOP, _PLOT_H = 54, 12, 12, 200
_SVG_NS = "http://www.w3.org/2000/svg"
_FONTS = "DejaVu Sans, Verdana, sans-serif"
_LIMIT_INK = "#555555"
_DOT = "#0b5394"


def _percent(share: float) -> str:
    return _("%(share)s%%", share=number(round(share * 100)))


def _path(points: Sequence[tuple[float, float]], dash: str) -> str:
    d = "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points)
    return (
        f'<path d="{d}" fill="none" stroke="{_LIMIT_INK}" stroke-width="1.4" '
        f'stroke-dasharray="{dash}"/>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float = 1) -> str:
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
        f'stroke-width="{width}"/>'
    )


class _Scale:
    def __init__(self, top_n: int) -> None:
        self.top_n = top_n
        self.right = WIDTH - _RIGHT
        self.bottom = _TOP + _PLOT_H

    def x(self, n: float) -> float:
        return _LEFT + (self.right - _LEFT) * n / self.top_n

    def y(self, share: float) -> float:
        return self.bottom - _PLOT_H * share


def _axes(s: _Scale) -> list[str]:
    parts = []
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(_line(_LEFT, s.y(tick), s.right, s.y(tick), GRID))
        parts.append(text(_LEFT - 6, s.y(tick) + FONT / 3, _percent(tick), anchor="end"))
    for n in _n_ticks(s.top_n):
        parts.append(text(s.x(n), s.bottom + LINE, number(n), anchor="middle"))
    words = _("clients who answered at 12 weeks")
    parts.append(text((_LEFT + s.right) / 2, s.bottom + 2 * LINE, words, anchor="middle"))
    return parts


def funnel_svg(funnel: Funnel) -> str:
    """Return the ``<svg>`` element of ``funnel`` for inlining in a page or a PDF."""
    s = _Scale(max(limit.n for limit in funnel.curve))
    parts = _axes(s)
    parts.append(_line(_LEFT, s.y(funnel.target), s.right, s.y(funnel.target), INK, 1.6))
    for attr, dash in (
        ("lower_95", "6 4"),
        ("upper_95", "6 4"),
        ("lower_998", "2 3"),
        ("upper_998", "2 3"),
    ):
        parts.append(_path([(s.x(c.n), s.y(getattr(c, attr))) for c in funnel.curve], dash))
    for point in funnel.points:
        words = _(
            "%(name)s: %(share)s of %(n)s clients",
            name=point.name,
            share=_percent(point.share),
            n=point.n,
        )
        parts.append(
            f'<g role="img"><title>{escape(words)}</title>'
            f'<circle cx="{s.x(point.n):.1f}" cy="{s.y(point.share):.1f}" r="5" '
            f'fill="{_DOT}"/></g>'
        )
    height = s.bottom + 2 * LINE + 10
    label = _(
        "Funnel plot: each therapist's share of clients who improved, "
        "beside the clinic's %(share)s",
        share=_percent(funnel.target),
    )
    return (
        f'<svg xmlns="{_SVG_NS}" viewBox="0 0 {WIDTH} {height}" class="chart-svg" role="group" '
        f'aria-label={quoteattr(label)} font-family="{_FONTS}" font-size="{FONT}" '
        f'fill="#000000" preserveAspectRatio="xMinYMin meet">' + "".join(parts) + "</svg>"
    )


def _n_ticks(top: int) -> list[int]:
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        if top / step <= 5:
            return list(range(0, top + 1, step))
    return [0, top]
