"""The few SVG shapes the pictures are drawn from, as strings.

Colours are SVG presentation attributes (``fill="…"``), which the pages'
strict Content-Security-Policy allows, so a picture looks the same inlined in
a page, opened on its own or printed. Nothing here reads or writes files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from itertools import pairwise

Point = tuple[float, float]

INK = "#2f4858"  # outlines of the person and the tools
BODY = "#cfe3f1"  # the near side of the person
BODY_FAR = "#a9c8df"  # the far arm and leg, a shade darker so they read as behind
GROUND = "#8a8a8a"  # floor, wall and chair
HIGHLIGHT = "#e8772e"  # the zone being worked
HIGHLIGHT_INK = "#9c3d00"
FAINT = "#9aa9b3"  # the zones not being worked


def num(value: float) -> str:
    """Return ``value`` with at most one decimal, without a trailing ``.0``."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def pts(points: Iterable[Point]) -> str:
    return " ".join(f"{num(x)},{num(y)}" for x, y in points)


def line(a: Point, b: Point, *, stroke: str, width: float, extra: str = "") -> str:
    return (
        f'<line x1="{num(a[0])}" y1="{num(a[1])}" x2="{num(b[0])}" y2="{num(b[1])}" '
        f'stroke="{stroke}" stroke-width="{num(width)}" stroke-linecap="round"{extra}/>'
    )


def limb(points: Sequence[Point], widths: Sequence[float], *, fill: str) -> str:
    """Return a chain of rounded segments (a limb) with an outline: outlines first, then fills.

    ``widths`` holds one width per segment; drawing every outline before any fill
    hides the outline at the joints, so a bent limb reads as one piece.
    """
    segments = list(pairwise(points))
    outlines = [
        line(a, b, stroke=INK, width=w + 3) for (a, b), w in zip(segments, widths, strict=True)
    ]
    fills = [line(a, b, stroke=fill, width=w) for (a, b), w in zip(segments, widths, strict=True)]
    return "".join(outlines + fills)


def circle(c: Point, r: float, *, fill: str, stroke: str = INK, width: float = 1.5) -> str:
    return (
        f'<circle cx="{num(c[0])}" cy="{num(c[1])}" r="{num(r)}" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{num(width)}"/>'
    )


def svg(view: tuple[int, int, int, int], body: str, *, label: str, css: str) -> str:
    """Return a whole ``<svg>`` with an accessible name: ``role="img"``, aria-label and title."""
    text = escape(label)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{" ".join(map(str, view))}" '
        f'class="{css}" role="img" aria-label="{text}" focusable="false">'
        f"<title>{text}</title>{body}</svg>"
    )
