"""Self-massage routines as data: which zones each tool suits, and how to work them.

A routine is what the guided session reads out: per zone, how to get into
position, what the person should feel and how long to stay; for the whole
routine, the places never to press. The words are calm and plain on purpose:
the reader is a person in pain, not a therapist.

Which of these a person may use after screening is decided in one place,
``backrub.domain.allowed``: this module only holds the routines, and builds
one from the zones that rule leaves (``build_routine``). Each guide names
the positions it asks for (``Position``), so that a restriction on a position
(lying face down while pregnant) removes exactly the steps that use it.

Where the zones come from is a product choice, not a study: no trial sets
zones for home self-massage of the lower back. The places to avoid follow
evidence.md §5.4 (paraspinal muscle bellies only, never the spinous
processes, away from the flank and kidneys), which is itself a design choice
built on case reports (ernst-2003, chen-2021).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from backrub.domain.records import Tool, Zone
from backrub.domain.routine_cautions import AVOID as AVOID
from backrub.domain.routine_cautions import BESIDE_ACTIVITY as BESIDE_ACTIVITY
from backrub.domain.routine_cautions import GENTLE as GENTLE
from backrub.domain.routine_cautions import GENTLE_FEEL as GENTLE_FEEL
from backrub.domain.routine_cautions import GUN_AVOID as GUN_AVOID
from backrub.domain.routine_cautions import OMITTED as OMITTED
from backrub.domain.rules import Rule, Rules, whole
from backrub.i18n import N_, _, pgettext


class Area(StrEnum):
    """A muscle group; each has a left and a right zone."""

    LUMBAR = "lumbar"
    QUADRATUS_LUMBORUM = "quadratus_lumborum"
    GLUTES = "glutes"
    PIRIFORMIS = "piriformis"
    HAMSTRINGS = "hamstrings"
    HIP_FLEXORS = "hip_flexors"


SIDES: dict[Area, tuple[Zone, Zone]] = {
    Area.LUMBAR: (Zone.LUMBAR_LEFT, Zone.LUMBAR_RIGHT),
    Area.QUADRATUS_LUMBORUM: (Zone.QUADRATUS_LUMBORUM_LEFT, Zone.QUADRATUS_LUMBORUM_RIGHT),
    Area.GLUTES: (Zone.GLUTES_LEFT, Zone.GLUTES_RIGHT),
    Area.PIRIFORMIS: (Zone.PIRIFORMIS_LEFT, Zone.PIRIFORMIS_RIGHT),
    Area.HAMSTRINGS: (Zone.HAMSTRINGS_LEFT, Zone.HAMSTRINGS_RIGHT),
    Area.HIP_FLEXORS: (Zone.HIP_FLEXORS_LEFT, Zone.HIP_FLEXORS_RIGHT),
}


def area_of(zone: Zone) -> Area:
    """Return the muscle group a zone belongs to."""
    for area, zones in SIDES.items():
        if zone in zones:
            return area
    raise AssertionError(f"zone {zone} has no area")  # every Zone is listed in SIDES


def side_of(zone: Zone) -> str:
    """Return ``"left"`` or ``"right"``."""
    return "left" if SIDES[area_of(zone)][0] is zone else "right"


_AREA_WORDS: dict[Area, str] = {
    Area.LUMBAR: N_("lower back"),
    Area.QUADRATUS_LUMBORUM: N_("waist muscle (quadratus lumborum)"),
    Area.GLUTES: N_("buttock"),
    Area.PIRIFORMIS: N_("deep buttock (piriformis)"),
    Area.HAMSTRINGS: N_("back of the thigh"),
    Area.HIP_FLEXORS: N_("front of the hip"),
}


def side_words(zone: Zone) -> str:
    """Return ``left`` or ``right`` in the current language."""
    return pgettext("side", "left") if side_of(zone) == "left" else pgettext("side", "right")


def zone_label(zone: Zone) -> str:
    """Return plain words for a zone in the current language, e.g. ``left lower back``."""
    return pgettext(
        "zone", "%(side)s %(area)s", side=side_words(zone), area=_(_AREA_WORDS[area_of(zone)])
    )


class Position(StrEnum):
    """A body position a guide asks for that some screening answers rule out."""

    FACE_DOWN = "face_down"  # lying on the front
    BELLY_PRESSURE = "belly_pressure"  # body weight resting on the belly


@dataclass(frozen=True, slots=True)
class Guide:
    """How to work one area with one tool; ``%(side)s`` is filled in per zone.

    ``positions`` names the positions from ``Position`` the guide uses, if any.
    """

    position: str
    feel: str
    positions: frozenset[Position] = frozenset()


_DULL = N_(
    "A steady, dull pressure that eases as you breathe out. Mild discomfort is fine; sharp, "
    "burning or shooting pain is not, so ease off or move."
)
_GUN_FEEL = N_(
    "A buzzing, loosening feeling that should never hurt. If it is uncomfortable, "
    "lower the speed or stop."
)

# The order of each tool's areas is the order a session works them: the lower
# back first, then the hips, then the legs.
GUIDES: dict[Tool, dict[Area, Guide]] = {
    Tool.TENNIS_BALL: {
        Area.LUMBAR: Guide(
            position=N_(
                "Stand with your back to a wall. Put the ball between the wall and the thick "
                "band of muscle on the %(side)s of your spine, a thumb's width or more away from "
                "the bony middle line. Bend and straighten your knees a little so the ball "
                "rolls slowly up and down the muscle."
            ),
            feel=_DULL,
        ),
        Area.QUADRATUS_LUMBORUM: Guide(
            position=N_(
                "Stay against the wall and move the ball down to just above the top of your "
                "%(side)s hip bone at the back, right beside the thick spine muscles: a hand's "
                "width or more below your lowest rib, never round at your side."
            ),
            feel=N_("A deep ache that softens as you stay still and breathe slowly."),
        ),
        Area.GLUTES: Guide(
            position=N_(
                "Sit on the floor, or stand against the wall, with the ball under the fleshy "
                "middle of your %(side)s buttock. Lean into it and make small, slow circles."
            ),
            feel=N_(
                "A spreading, dull pressure in the buttock. Mild discomfort is fine; sharp, "
                "burning or shooting pain is not, so ease off or move."
            ),
        ),
        Area.PIRIFORMIS: Guide(
            position=N_(
                "Sit with the ball under your %(side)s buttock, a little to the outside and below "
                "the middle. If it is comfortable, cross that ankle over the other knee. Stay "
                "still and breathe."
            ),
            feel=N_(
                "A deep pressure in the buttock. If you feel tingling, numbness or pain running "
                "down the leg, move off at once: that is a nerve, not a tight muscle."
            ),
        ),
        Area.HAMSTRINGS: Guide(
            position=N_(
                "Sit on a firm chair with the ball under the back of your %(side)s thigh, halfway "
                "between knee and buttock, and your foot on the floor. Slowly slide the foot a "
                "little forward and back, keeping the knee bent."
            ),
            feel=N_(
                "A firm pressure in the back of the thigh. If you feel tingling, numbness or "
                "pain running down the leg, move off at once: that is a nerve, not a tight "
                "muscle."
            ),
        ),
    },
    Tool.FOAM_ROLLER: {
        Area.GLUTES: Guide(
            position=N_(
                "Sit on the roller with your hands on the floor behind you. Lean onto your "
                "%(side)s buttock and roll slowly over a short distance."
            ),
            feel=_DULL,
        ),
        Area.PIRIFORMIS: Guide(
            position=N_(
                "Sit on the roller, cross your %(side)s ankle over the other knee and lean towards "
                "the %(side)s buttock. Roll in small, slow movements."
            ),
            feel=N_(
                "A deep pressure in the buttock. If you feel tingling, numbness or pain running "
                "down the leg, move off at once: that is a nerve, not a tight muscle."
            ),
        ),
        Area.HAMSTRINGS: Guide(
            position=N_(
                "Sit with the roller under your %(side)s thigh, the knee a little bent, and your "
                "hands behind you, leaning back rather than forward. Roll slowly from just above "
                "the knee to just below the buttock, not onto the knee."
            ),
            feel=N_(
                "A firm pressure along the back of the thigh. If you feel tingling, numbness or "
                "pain running down the leg, move off at once: that is a nerve, not a tight "
                "muscle."
            ),
        ),
        Area.HIP_FLEXORS: Guide(
            position=N_(
                "Lie face down on your forearms with the roller under the front of your %(side)s "
                "thigh, a hand's width below the bony point at the front of the hip, towards "
                "the outside. Roll a short way down the front of the thigh and back. Keep off "
                "the groin. Skip this zone if lying on your front makes your back or leg pain "
                "worse, or if bending backwards makes your pain worse."
            ),
            feel=N_("A firm stretch-like pressure at the front of the thigh."),
            positions=frozenset({Position.FACE_DOWN, Position.BELLY_PRESSURE}),
        ),
    },
    Tool.MASSAGE_GUN: {
        Area.LUMBAR: Guide(
            position=N_(
                "Sit or stand and rest the gun flat on the muscle on the %(side)s of your spine, "
                "never on the bony middle line. Let its weight do the work; do not push. Glide "
                "slowly up and down the muscle."
            ),
            feel=_GUN_FEEL,
        ),
        Area.GLUTES: Guide(
            position=N_(
                "Glide the gun slowly over the fleshy part of your %(side)s buttock, away from the "
                "hip bone and the tailbone."
            ),
            feel=_GUN_FEEL,
        ),
        Area.HAMSTRINGS: Guide(
            position=N_(
                "Sit on a firm chair with your %(side)s foot on the floor and the knee a little "
                "bent, and glide slowly over the back of the thigh, from just above the knee to "
                "just below the buttock. Keep off the back of the knee."
            ),
            feel=_GUN_FEEL,
        ),
    },
    Tool.HANDS: {
        Area.LUMBAR: Guide(
            position=N_(
                "Stand or sit with your hands on your hips. Press your %(side)s thumb into the "
                "muscle on the %(side)s of your spine, off the bony middle line, and make slow "
                "circles."
            ),
            feel=_DULL,
        ),
        Area.QUADRATUS_LUMBORUM: Guide(
            position=N_(
                "Keep your hands on your hips with the thumbs pointing back. Press gently into "
                "the soft muscle just above the top of your %(side)s hip bone, close to the spine, "
                "not round at your side."
            ),
            feel=N_("A deep ache that softens as you breathe slowly."),
        ),
        Area.GLUTES: Guide(
            position=N_(
                "Make a loose fist and knead your %(side)s buttock with your knuckles in slow "
                "circles."
            ),
            feel=_DULL,
        ),
        Area.HAMSTRINGS: Guide(
            position=N_(
                "Sit on a firm chair with your %(side)s foot on the floor or a low stool and the "
                "knee a little bent; knead the back of the thigh with both hands, from above the "
                "knee to below the buttock."
            ),
            feel=N_("A warm, easing pressure in the back of the thigh."),
        ),
    },
}


@dataclass(frozen=True, slots=True)
class Step:
    """One zone of a routine: suggested and longest time, position and feel."""

    zone: Zone
    seconds: int
    max_seconds: int
    position: str
    feel: str


@dataclass(frozen=True, slots=True)
class Routine:
    """What a guided session with one tool works through, in order."""

    tool: Tool
    steps: tuple[Step, ...]
    avoid: tuple[str, ...]
    gentle: bool
    notes: tuple[str, ...]

    @property
    def zones(self) -> tuple[Zone, ...]:
        return tuple(step.zone for step in self.steps)

    def step(self, zone: Zone) -> Step | None:
        """Return the step for ``zone``, or ``None`` when this tool does not work it."""
        for step in self.steps:
            if step.zone is zone:
                return step
        return None


def cite(rule: Rule) -> str:
    """Return how ``rule`` names its source; ``Rule.cite`` names informing studies too."""
    return rule.cite()


def zones_for(tool: Tool) -> tuple[Zone, ...]:
    """Return the zones a tool suits, in the order a session works them."""
    return tuple(zone for area in GUIDES[tool] for zone in SIDES[area])


def guide_for(tool: Tool, zone: Zone) -> Guide | None:
    """Return how ``tool`` works ``zone``, or ``None`` when the tool does not work it."""
    return GUIDES[tool].get(area_of(zone))


def build_routine(
    tool: Tool,
    *,
    zones: tuple[Zone, ...],
    gentle: bool,
    notes: tuple[str, ...],
    rules: Rules,
) -> Routine:
    """Return the routine for ``tool`` on ``zones`` (already allowed), in session order."""
    is_gun = tool is Tool.MASSAGE_GUN
    limit_id = "gun_zone_seconds_max" if is_gun else "zone_seconds_max"
    max_seconds = whole(rules, limit_id)
    seconds = min(whole(rules, "zone_seconds_default"), max_seconds)
    steps = tuple(
        Step(
            zone=zone,
            seconds=seconds,
            max_seconds=max_seconds,
            position=_(guide.position, side=side_words(zone)),
            feel=_(GENTLE_FEEL if gentle else guide.feel),
        )
        for area, guide in GUIDES[tool].items()
        for zone in SIDES[area]
        if zone in zones
    )
    all_notes = [
        _(
            "About %(seconds)d s per zone (%(source)s), never more than %(most)d s "
            "(%(limit_source)s).",
            seconds=seconds,
            source=cite(rules["zone_seconds_default"]),
            most=max_seconds,
            limit_source=cite(rules[limit_id]),
        ),
        _(BESIDE_ACTIVITY),
    ]
    if tool in OMITTED:
        all_notes.append(_(OMITTED[tool]))
    if gentle:
        all_notes.append(_(GENTLE))
    all_notes.extend(notes)
    avoid = tuple(_(place) for place in (AVOID + GUN_AVOID if is_gun else AVOID))
    return Routine(tool=tool, steps=steps, avoid=avoid, gentle=gentle, notes=tuple(all_notes))
