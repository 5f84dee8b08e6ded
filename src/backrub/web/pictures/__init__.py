"""Pictures for the guided routines: the position with the tool, and the zone on a body.

Every step of ``backrub.domain.routines`` gets two drawings made for backrub
from simple shapes: how to lie, sit or stand with the tool (one per position
and tool, shared by the left and right zone) and where the zone is on a body
outline. Both are whole ``<svg>`` elements with ``role="img"`` and words for
a screen reader; the step's text stays the main content beside them. Pure:
the drawings are built from data, no file is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from markupsafe import Markup

from backrub.domain.records import Tool, Zone
from backrub.domain.routines import Area, area_of
from backrub.i18n import _, current
from backrub.web.pictures.outline import zone_picture, zone_words
from backrub.web.pictures.poses import POSES, draw

__all__ = ["POSE_OF", "StepPictures", "step_pictures"]

# Which position each tool's guide for an area asks for (routines.GUIDES), by pose key.
POSE_OF: dict[tuple[Tool, Area], str] = {
    (Tool.TENNIS_BALL, Area.LUMBAR): "wall_ball",
    (Tool.TENNIS_BALL, Area.QUADRATUS_LUMBORUM): "wall_ball",
    (Tool.TENNIS_BALL, Area.GLUTES): "floor_ball",
    (Tool.TENNIS_BALL, Area.PIRIFORMIS): "floor_ball_crossed",
    (Tool.TENNIS_BALL, Area.HAMSTRINGS): "chair_ball",
    (Tool.FOAM_ROLLER, Area.GLUTES): "roller_seat",
    (Tool.FOAM_ROLLER, Area.PIRIFORMIS): "roller_seat_crossed",
    (Tool.FOAM_ROLLER, Area.HAMSTRINGS): "roller_thigh",
    (Tool.FOAM_ROLLER, Area.HIP_FLEXORS): "roller_face_down",
    (Tool.MASSAGE_GUN, Area.LUMBAR): "gun_back",
    (Tool.MASSAGE_GUN, Area.GLUTES): "gun_buttock",
    (Tool.MASSAGE_GUN, Area.HAMSTRINGS): "chair_gun_thigh",
    (Tool.HANDS, Area.LUMBAR): "hands_back",
    (Tool.HANDS, Area.QUADRATUS_LUMBORUM): "hands_back",
    (Tool.HANDS, Area.GLUTES): "hands_fist",
    (Tool.HANDS, Area.HAMSTRINGS): "hands_thigh",
}


@dataclass(frozen=True, slots=True)
class StepPictures:
    """The two drawings of one step, with the words each one is named by."""

    position: Markup
    position_words: str
    zone: Markup
    zone_words: str


def step_pictures(tool: Tool, zone: Zone) -> StepPictures:
    """Return the drawings for working ``zone`` with ``tool``, named in the current language.

    Raises KeyError for a pair no routine has (every pair of ``GUIDES`` has one;
    a test walks them).
    """
    return _drawn(tool, zone, current())


@cache
def _drawn(tool: Tool, zone: Zone, language: str) -> StepPictures:
    """The drawings of one step in ``language`` (the current one: its words are in it)."""
    pose = POSES[POSE_OF[(tool, area_of(zone))]]
    return StepPictures(
        position=Markup(draw(pose)),  # built here from numbers and escaped words
        position_words=_(pose.words),
        zone=Markup(zone_picture(zone)),
        zone_words=zone_words(zone),
    )
