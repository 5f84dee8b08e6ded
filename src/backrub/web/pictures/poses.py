"""The positions of the routines, drawn as a friendly figure seen from the side.

One picture per position and tool, not per zone: the left and the right zone
of an area share a position (the zone picture shows the side). The figure is
built from rounded limbs (``svg.limb``) between a few joints, so each position
is a handful of numbers; all share one 200 x 140 frame with the floor at
``props.FLOOR_Y``.
"""

from __future__ import annotations

from dataclasses import dataclass

from backrub.i18n import N_, _
from backrub.web.pictures import props
from backrub.web.pictures.svg import BODY, BODY_FAR, INK, Point, circle, limb, svg

WIDTH, HEIGHT = 200, 140
NARROWEST = 110  # a picture narrower than this would stand too tall beside its text
ARM = (9.0, 8.0)  # upper arm, forearm
LEG = (14.0, 11.0, 7.0)  # thigh, shin, foot
TORSO = 26.0
HEAD = 11.0


@dataclass(frozen=True, slots=True)
class Pose:
    """A position: the joints of the person, what lies behind them and the tool in front.

    Arms run shoulder, elbow, hand; legs run hip, knee, ankle, toe. ``facing``
    is 1 when the person looks to the right of the picture, -1 to the left.
    ``span`` is the stretch of the frame (left and right x) the picture shows, so a
    standing person is not lost in an empty floor.
    """

    words: str  # marked N_: said with _() where it is drawn
    head: Point
    hip: Point
    far_arm: tuple[Point, Point, Point]
    near_arm: tuple[Point, Point, Point]
    far_leg: tuple[Point, Point, Point, Point]
    near_leg: tuple[Point, Point, Point, Point]
    behind: tuple[str, ...] = ()
    front: tuple[str, ...] = ()
    facing: int = 1
    hand: float = 0.0  # radius of a fist drawn at the near hand, 0 for none
    span: tuple[int, int] = (0, WIDTH)


def neck_of(pose: Pose) -> Point:
    """The top of the torso: just below the head, towards the hip."""
    (hx, hy), (px, py) = pose.head, pose.hip
    dx, dy = px - hx, py - hy
    length = (dx * dx + dy * dy) ** 0.5
    return (hx + dx * 15 / length, hy + dy * 15 / length)


def draw(pose: Pose) -> str:
    """Return the position as a whole ``<svg>`` named by its words."""
    hx, hy = pose.head
    eye = (hx + 5 * pose.facing, hy - 2)
    parts = [
        props.floor(),
        *pose.behind,
        limb(pose.far_arm, ARM, fill=BODY_FAR),
        limb(pose.far_leg, LEG, fill=BODY_FAR),
        limb(pose.near_leg, LEG, fill=BODY),
        limb((neck_of(pose), pose.hip), (TORSO,), fill=BODY),
        circle(pose.head, HEAD, fill=BODY),
        circle(eye, 1.4, fill=INK, width=0),
        limb(pose.near_arm, ARM, fill=BODY),
    ]
    if pose.hand:
        parts.append(circle(pose.near_arm[2], pose.hand, fill=BODY))
    parts.extend(pose.front)
    return svg(view_of(pose), "".join(parts), label=_(pose.words), css="picture picture-position")


def view_of(pose: Pose) -> tuple[int, int, int, int]:
    """The part of the frame a picture shows: its span, widened to ``NARROWEST`` if need be."""
    left, right = pose.span
    grow = max(0, NARROWEST - (right - left))
    left = max(0, left - grow // 2)
    right = min(WIDTH, max(right, left + NARROWEST))
    return (left, 0, right - left, HEIGHT)


STANDING_LEGS = (
    ((98, 86), (96, 107), (94, 125), (106, 126)),
    ((98, 86), (100, 107), (99, 125), (111, 126)),
)

POSES: dict[str, Pose] = {
    "wall_ball": Pose(
        words=N_(
            "Standing with your back to a wall, a tennis ball between the wall and your "
            "lower back, knees a little bent"
        ),
        head=(62, 20),
        hip=(66, 86),
        far_arm=((62, 40), (65, 61), (70, 80)),
        near_arm=((64, 40), (69, 61), (75, 79)),
        far_leg=((66, 86), (77, 106), (71, 125), (83, 126)),
        near_leg=((66, 86), (81, 106), (76, 125), (88, 126)),
        behind=(props.wall(36),),
        front=(props.ball((45, 72)), props.arrow((108, 94), (108, 118))),
        span=(22, 122),
    ),
    "floor_ball": Pose(
        words=N_(
            "Sitting on the floor with a tennis ball under one buttock, hands on the floor "
            "behind you"
        ),
        head=(47, 52),
        hip=(70, 106),
        far_arm=((54, 70), (43, 94), (33, 125)),
        near_arm=((56, 70), (46, 96), (38, 126)),
        far_leg=((70, 106), (100, 86), (116, 124), (127, 126)),
        near_leg=((70, 106), (104, 84), (122, 124), (133, 126)),
        front=(props.ball((74, 123)),),
        span=(20, 146),
    ),
    "floor_ball_crossed": Pose(
        words=N_(
            "Sitting on the floor on a tennis ball, the ankle of that side crossed over "
            "the other knee"
        ),
        head=(47, 52),
        hip=(70, 106),
        far_arm=((54, 70), (43, 94), (33, 125)),
        near_arm=((56, 70), (46, 96), (38, 126)),
        far_leg=((70, 106), (102, 84), (118, 124), (129, 126)),
        near_leg=((70, 106), (94, 104), (106, 80), (115, 74)),
        front=(props.ball((74, 123)),),
        span=(20, 146),
    ),
    "chair_ball": Pose(
        words=N_(
            "Sitting on a firm chair, a tennis ball under the back of one thigh, "
            "the foot on the floor and the knee bent"
        ),
        head=(60, 16),
        hip=(60, 72),
        far_arm=((58, 36), (62, 58), (78, 64)),
        near_arm=((60, 36), (66, 58), (84, 62)),
        far_leg=((60, 72), (110, 72), (112, 124), (124, 126)),
        near_leg=((60, 72), (112, 70), (122, 122), (134, 124)),
        behind=(props.chair(90, 44, 104),),
        front=(props.ball((86, 82)), props.arrow((126, 106), (154, 106))),
        span=(34, 166),
    ),
    "roller_seat": Pose(
        words=N_(
            "Sitting on a foam roller, hands on the floor behind you, leaning onto one buttock"
        ),
        head=(47, 46),
        hip=(72, 94),
        far_arm=((54, 64), (42, 90), (32, 125)),
        near_arm=((56, 64), (45, 92), (37, 126)),
        far_leg=((72, 94), (102, 78), (120, 124), (131, 126)),
        near_leg=((72, 94), (106, 76), (126, 124), (137, 126)),
        front=(props.roller((74, 118)), props.arrow((56, 136), (92, 136))),
        span=(22, 146),
    ),
    "roller_seat_crossed": Pose(
        words=N_("Sitting on a foam roller, the ankle of that side crossed over the other knee"),
        head=(47, 46),
        hip=(72, 94),
        far_arm=((54, 64), (42, 90), (32, 125)),
        near_arm=((56, 64), (45, 92), (37, 126)),
        far_leg=((72, 94), (104, 78), (122, 124), (133, 126)),
        near_leg=((72, 94), (96, 94), (108, 74), (117, 68)),
        front=(props.roller((74, 118)),),
        span=(22, 146),
    ),
    "roller_thigh": Pose(
        words=N_(
            "Sitting with a foam roller under the back of one thigh, the knee a little bent, "
            "hands on the floor behind you"
        ),
        head=(38, 52),
        hip=(62, 102),
        far_arm=((46, 68), (36, 94), (28, 125)),
        near_arm=((48, 68), (39, 96), (33, 126)),
        far_leg=((62, 102), (88, 74), (98, 124), (109, 126)),
        near_leg=((62, 102), (136, 96), (166, 122), (177, 124)),
        front=(props.roller((124, 118)), props.arrow((108, 82), (140, 80))),
        span=(16, 196),
    ),
    "roller_face_down": Pose(
        words=N_(
            "Lying face down on your forearms, a foam roller under the front of one thigh, "
            "a hand's width below the hip"
        ),
        head=(160, 76),
        hip=(96, 95),
        far_arm=((144, 88), (140, 122), (166, 124)),
        near_arm=((146, 88), (144, 123), (172, 125)),
        far_leg=((96, 95), (54, 108), (14, 116), (10, 126)),
        near_leg=((96, 95), (52, 106), (12, 114), (8, 124)),
        front=(props.roller((80, 118)), props.arrow((64, 76), (96, 76))),
        span=(0, 186),
    ),
    "gun_back": Pose(
        words=N_("Standing, holding the massage gun flat on the muscle beside your lower spine"),
        head=(99, 20),
        hip=(98, 86),
        far_arm=((98, 40), (100, 62), (104, 80)),
        near_arm=((96, 40), (78, 56), (66, 74)),
        far_leg=STANDING_LEGS[0],
        near_leg=STANDING_LEGS[1],
        front=(props.gun((84, 70), 180, handle=-1),),
        span=(40, 130),
    ),
    "gun_buttock": Pose(
        words=N_("Standing, gliding the massage gun over one buttock"),
        head=(99, 20),
        hip=(98, 86),
        far_arm=((98, 40), (100, 62), (104, 80)),
        near_arm=((96, 40), (80, 64), (66, 96)),
        far_leg=STANDING_LEGS[0],
        near_leg=STANDING_LEGS[1],
        front=(props.gun((84, 92), 180, handle=-1),),
        span=(40, 130),
    ),
    "chair_gun_thigh": Pose(
        words=N_(
            "Sitting upright on a chair, the foot on the floor and the knee a little bent, "
            "the massage gun on the back of that thigh"
        ),
        head=(62, 16),
        hip=(60, 72),
        far_arm=((60, 36), (64, 58), (80, 66)),
        near_arm=((62, 36), (76, 62), (92, 90)),
        far_leg=((60, 72), (108, 72), (112, 124), (124, 126)),
        near_leg=((60, 72), (112, 76), (134, 122), (146, 124)),
        behind=(props.chair(90, 44, 104),),
        front=(props.gun((92, 86), 90, handle=-1),),
        span=(34, 160),
    ),
    "hands_back": Pose(
        words=N_(
            "Standing with your hands on your hips, a thumb pressing the muscle beside your "
            "lower spine"
        ),
        head=(99, 20),
        hip=(98, 86),
        far_arm=((98, 40), (84, 58), (90, 76)),
        near_arm=((96, 40), (76, 58), (84, 74)),
        far_leg=STANDING_LEGS[0],
        near_leg=STANDING_LEGS[1],
        hand=5,
        span=(50, 130),
    ),
    "hands_fist": Pose(
        words=N_("Standing, kneading one buttock with a loose fist"),
        head=(99, 20),
        hip=(98, 86),
        far_arm=((98, 40), (100, 62), (104, 80)),
        near_arm=((96, 40), (74, 66), (79, 97)),
        far_leg=STANDING_LEGS[0],
        near_leg=STANDING_LEGS[1],
        hand=6.5,
        span=(50, 130),
    ),
    "hands_thigh": Pose(
        words=N_(
            "Sitting upright on a firm chair, the foot on a low stool and the knee a little "
            "bent, both hands kneading the back of the thigh"
        ),
        head=(62, 16),
        hip=(60, 72),
        far_arm=((60, 36), (72, 60), (88, 80)),
        near_arm=((62, 36), (80, 60), (96, 80)),
        far_leg=((60, 72), (108, 72), (112, 124), (124, 126)),
        near_leg=((60, 72), (112, 72), (138, 110), (150, 112)),
        behind=(props.chair(90, 44, 104),),
        front=(props.stool(128, 148),),
        hand=4,
        span=(34, 166),
    ),
}
