"""What the person in a position picture uses and rests on: floor, wall, chair and tools."""

from __future__ import annotations

import math

from backrub.web.pictures.svg import GROUND, INK, Point, circle, line, num

BALL = "#d9e65c"  # a tennis ball's yellow-green
ROLLER = "#7fb3d5"
ROLLER_END = "#e3f0f8"
GUN = "#4d5a63"
FLOOR_Y = 131


def floor(y: float = FLOOR_Y) -> str:
    return line((4, y), (196, y), stroke=GROUND, width=2)


def wall(x: float) -> str:
    """A wall seen edge-on: a thick line with short hatching on its far side."""
    hatch = "".join(
        line((x - 1, y), (x - 7, y + 6), stroke=GROUND, width=1.2) for y in range(10, 126, 12)
    )
    return hatch + line((x, 6), (x, FLOOR_Y), stroke=GROUND, width=3)


def chair(seat_y: float, x0: float, x1: float) -> str:
    """A plain chair seen from the side, its back at ``x0``."""
    return "".join(
        (
            line((x0, seat_y - 48), (x0, FLOOR_Y), stroke=GROUND, width=4),
            line((x1 - 4, seat_y), (x1 - 4, FLOOR_Y), stroke=GROUND, width=4),
            line((x0, seat_y), (x1, seat_y), stroke=GROUND, width=6),
        )
    )


def stool(x0: float, x1: float, top: float = 116) -> str:
    """A low footstool seen from the side, from ``x0`` to ``x1``."""
    return "".join(
        (
            line((x0 + 3, top), (x0 + 3, FLOOR_Y), stroke=GROUND, width=3),
            line((x1 - 3, top), (x1 - 3, FLOOR_Y), stroke=GROUND, width=3),
            line((x0, top), (x1, top), stroke=GROUND, width=5),
        )
    )


def ball(c: Point, r: float = 7) -> str:
    """A tennis ball with its seam."""
    seam = (
        f'<path d="M{num(c[0] - r * 0.7)} {num(c[1] - r * 0.7)} '
        f'Q{num(c[0] + r * 0.3)} {num(c[1])} {num(c[0] - r * 0.7)} {num(c[1] + r * 0.7)}" '
        f'fill="none" stroke="{INK}" stroke-width="1"/>'
    )
    return circle(c, r, fill=BALL) + seam


def roller(c: Point, r: float = 12) -> str:
    """A foam roller seen end-on."""
    return circle(c, r, fill=ROLLER) + circle(c, r * 0.4, fill=ROLLER_END, width=1)


def gun(tip: Point, angle: float, *, handle: int = 1) -> str:
    """A massage gun whose head touches ``tip``; its body points along ``angle`` degrees.

    ``handle`` (1 or -1) says on which side of the body the handle hangs.
    """
    body = (
        f'<rect x="4" y="-6" width="28" height="12" rx="4" fill="{GUN}" stroke="{INK}"/>'
        f'<rect x="16" y="4" width="10" height="20" rx="3" fill="{GUN}" stroke="{INK}"/>'
        f'<rect x="0" y="-3" width="6" height="6" rx="1" fill="{GUN}" stroke="{INK}"/>'
        + circle((0, 0), 4.5, fill="#ffffff")
    )
    return (
        f'<g transform="translate({num(tip[0])} {num(tip[1])}) rotate({num(angle)}) '
        f'scale(1 {handle})" stroke-width="1.5">{body}</g>'
    )


def arrow(a: Point, b: Point) -> str:
    """A thin double-headed arrow: move back and forth between ``a`` and ``b``."""
    out = [line(a, b, stroke=INK, width=1.5)]
    for tip, tail in ((a, b), (b, a)):
        angle = math.atan2(tail[1] - tip[1], tail[0] - tip[0])
        for turn in (0.5, -0.5):
            end = (tip[0] + 6 * math.cos(angle + turn), tip[1] + 6 * math.sin(angle + turn))
            out.append(line(tip, end, stroke=INK, width=1.5))
    return "".join(out)
