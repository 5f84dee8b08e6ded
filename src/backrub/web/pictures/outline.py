"""Where a zone is: a body outline with every zone as its own path, one of them highlighted.

The outline is drawn for backrub (it is not the body map's). Seen from behind
for the back, hips and thighs, as the body map is, so the person's left is on
the picture's left; seen from the front for the front of the hip, where the
person's left is on the picture's right. Each zone path carries ``data-zone``
(the zone's value) so a test can find it; the worked one is filled.
"""

from __future__ import annotations

from itertools import pairwise

from backrub.domain.records import Zone
from backrub.domain.routines import SIDES, Area, area_of, side_of
from backrub.i18n import N_, _
from backrub.web.pictures.svg import (
    BODY,
    FAINT,
    GROUND,
    HIGHLIGHT,
    HIGHLIGHT_INK,
    INK,
    Point,
    circle,
    line,
    num,
    svg,
)

VIEW = (0, 0, 120, 208)
MID = 60

# A shape is a list of absolute steps: M p, L p, Q c p, C c1 c2 p.
Step = tuple[str, tuple[Point, ...]]
Shape = tuple[Step, ...]


def S(command: str, *points: Point) -> Step:  # noqa: N802 - reads like the path letter
    return (command, points)


# The left half of the silhouette (the viewer's left), from the neck down to the crotch.
_HALF: Shape = (
    S("M", (60, 26)),
    S("C", (50, 26), (44, 29), (36, 31)),
    S("C", (30, 33), (28, 38), (29, 46)),
    S("L", (32, 72)),
    S("C", (34, 82), (35, 88), (33, 98)),
    S("C", (30, 106), (29, 112), (30, 120)),
    S("L", (34, 190)),
    S("L", (56, 190)),
    S("L", (59, 134)),
    S("L", (60, 134)),
)
_ARM = ((30, 40), (23, 76), (21, 110))


def _rounded(x: float, y: float, w: float, h: float, r: float) -> Shape:
    return (
        S("M", (x + r, y)),
        S("L", (x + w - r, y)),
        S("Q", (x + w, y), (x + w, y + r)),
        S("L", (x + w, y + h - r)),
        S("Q", (x + w, y + h), (x + w - r, y + h)),
        S("L", (x + r, y + h)),
        S("Q", (x, y + h), (x, y + h - r)),
        S("L", (x, y + r)),
        S("Q", (x, y), (x + r, y)),
    )


# Each zone's shape on the viewer's left half; mirrored for the other side.
# The spine's bony bumps are dots at x 58-62 and the sacrum and tailbone a line at
# x 60: the lower back and buttock shapes keep a visible gap from both (the steps
# say to stay off them). The waist muscle sits just above the hip bone beside the
# lower back zone, clear of the flank and kidney area at the side.
_SHAPES: dict[Area, Shape] = {
    Area.LUMBAR: _rounded(44, 66, 11, 40, 3),
    Area.QUADRATUS_LUMBORUM: _rounded(36, 86, 7, 15, 3),
    Area.GLUTES: (
        S("M", (54, 108)),
        S("C", (53, 100), (37, 100), (33, 112)),
        S("C", (30, 124), (36, 138), (46, 138)),
        S("C", (52, 138), (55, 128), (54, 108)),
    ),
    Area.PIRIFORMIS: (
        S("M", (54, 113)),
        S("C", (48, 111), (40, 115), (34, 120)),
        S("C", (33, 125), (36, 126), (40, 124)),
        S("C", (46, 121), (50, 120), (54, 119)),
    ),
    Area.HAMSTRINGS: _rounded(38, 146, 18, 36, 4),
    # On the upper front-outer thigh, a hand's width below the bony point at the front
    # of the hip (``HIP_POINT``), outside the middle of the thigh and well clear of the
    # groin crease that runs from that point down and in to the middle.
    Area.HIP_FLEXORS: _rounded(33, 113, 8, 26, 4),
}
HIP_POINT = (36, 102)  # the bony point at the front of the hip, viewer's left
GROIN_CREASE = ((38, 104), (57, 126))  # the groin crease, drawn faintly as a landmark
_FRONT = frozenset({Area.HIP_FLEXORS})

_AREA_WORDS: dict[Area, str] = {
    Area.LUMBAR: N_("the muscles beside the lower spine"),
    Area.QUADRATUS_LUMBORUM: N_(
        "the waist muscle just above the top of the hip bone at the back, beside the spine muscles"
    ),
    Area.GLUTES: N_("the fleshy middle of the buttock"),
    Area.PIRIFORMIS: N_(
        "the deep buttock muscle, a little outside and below the middle of the buttock"
    ),
    Area.HAMSTRINGS: N_("the back of the thigh"),
    Area.HIP_FLEXORS: N_(
        "the front of the upper thigh, a hand's width below the bony point at "
        "the front of the hip, towards the outside"
    ),
}


def zone_words(zone: Zone) -> str:
    """Plain words for where a zone is, e.g. 'Zone: the back of the thigh, left side'."""
    view = _("seen from the front") if area_of(zone) in _FRONT else _("seen from behind")
    side = _("left side") if side_of(zone) == "left" else _("right side")
    area = _(_AREA_WORDS[area_of(zone)])
    return _("Zone: %(area)s, %(side)s (%(view)s)", area=area, side=side, view=view)


def _mirrored(shape: Shape) -> Shape:
    return tuple((command, tuple((2 * MID - x, y) for x, y in points)) for command, points in shape)


def _reversed(shape: Shape) -> Shape:
    """The same outline walked the other way (only L and C steps after the M)."""
    ends = [points[-1] for _, points in shape]
    out: list[Step] = [S("M", ends[-1])]
    for i in range(len(shape) - 1, 0, -1):
        command, points = shape[i]
        if command == "C":
            out.append(S("C", points[1], points[0], ends[i - 1]))
        else:
            out.append(S("L", ends[i - 1]))
    return tuple(out)


def _d(shape: Shape, *, close: bool = True) -> str:
    text = " ".join(
        command + " ".join(f"{num(x)} {num(y)}" for x, y in points) for command, points in shape
    )
    return text + (" Z" if close else "")


def _silhouette() -> str:
    right = _reversed(_mirrored(_HALF))
    body = _d(_HALF, close=False) + " " + _d(right[1:])
    arms = []
    for half in (_ARM, tuple((2 * MID - x, y) for x, y in _ARM)):
        for a, b in pairwise(half):
            arms.append(line(a, b, stroke=INK, width=13) + line(a, b, stroke=BODY, width=10))
    return (
        "".join(arms)
        + f'<path d="{body}" fill="{BODY}" stroke="{INK}" stroke-width="1.5"/>'
        + circle((MID, 14), 10, fill=BODY)
    )


def _zone_path(zone: Zone, shape: Shape, *, worked: bool) -> str:
    look = (
        f'fill="{HIGHLIGHT}" stroke="{HIGHLIGHT_INK}" stroke-width="1.5" class="zone zone-worked"'
        if worked
        else f'fill="none" stroke="{FAINT}" stroke-width="1" stroke-dasharray="3 2" class="zone"'
    )
    return f'<path d="{_d(shape)}" data-zone="{zone.value}" {look}/>'


def _text(x: int, word: str, anchor: str, y: int = 14) -> str:
    return f'<text x="{x}" y="{y}" font-size="13" text-anchor="{anchor}" fill="{INK}">{word}</text>'


def zone_picture(zone: Zone) -> str:
    """Return the outline with ``zone`` highlighted, as a whole ``<svg>``."""
    front = area_of(zone) in _FRONT
    parts = [_silhouette()]
    if front:
        parts.append(circle((MID, 92), 1.5, fill=INK, width=0))  # the navel
        (ax, ay), (bx, by) = GROIN_CREASE
        for flip in (False, True):  # the hip points and the groin creases, both sides
            x_a, x_b, x_hip = (
                (2 * MID - x for x in (ax, bx, HIP_POINT[0])) if flip else (ax, bx, HIP_POINT[0])
            )
            parts.append(line((x_a, ay), (x_b, by), stroke=GROUND, width=1))
            parts.append(circle((x_hip, HIP_POINT[1]), 2, fill=GROUND, width=0))
    else:
        parts.extend(
            circle((MID, y), 2, fill="#ffffff", stroke=GROUND, width=1) for y in range(42, 108, 8)
        )
        parts.append(line((MID, 112), (MID, 132), stroke=GROUND, width=1))
    worked = ""
    for area, (left, right) in SIDES.items():
        if (area in _FRONT) != front:
            continue
        # Seen from the front the person's left is on the picture's right.
        on_left, on_right = (right, left) if front else (left, right)
        for this, shape in ((on_left, _SHAPES[area]), (on_right, _mirrored(_SHAPES[area]))):
            if this is zone:
                worked = _zone_path(this, shape, worked=True)
            else:
                parts.append(_zone_path(this, shape, worked=False))
    parts.append(worked)  # last, so it lies over the zones it overlaps
    ends = (_("Right"), _("Left")) if front else (_("Left"), _("Right"))
    parts.append(_text(2, ends[0], "start") + _text(118, ends[1], "end"))
    parts.append(_text(MID, _("from the front") if front else _("from behind"), "middle", y=205))
    return svg(VIEW, "".join(parts), label=zone_words(zone), css="picture picture-zone")
