"""Illustrated guidance: every routine step has a position picture and a zone highlight.

The drawings are made for backrub (backrub.web.pictures); these tests walk every
step of every tool's routine, read each drawing as XML and check what a person
(and a screen reader) would rely on: a picture per step, plain words naming it,
the worked zone highlighted on the outline, and nothing the page's CSP would block.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from backrub.domain.records import Tool, Zone
from backrub.domain.routines import GUIDES, SIDES, Area, area_of, side_of, zones_for
from backrub.web import WebSettings
from backrub.web.pictures import POSE_OF, step_pictures
from backrub.web.pictures.outline import GROIN_CREASE, HIP_POINT, zone_picture, zone_words
from backrub.web.pictures.poses import POSES
from tests.web.conftest import TestClient, make_client, screen_clear, soup

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[TestClient]:
    """A screened client on SQLite: the pages only read the routine."""
    with make_client(WebSettings(db=str(tmp_path / "p.sqlite3"))) as client:
        client.get("/welcome")
        screen_clear(client)
        yield client


STEPS = [(tool, zone) for tool in Tool for zone in zones_for(tool)]


def parsed(markup: str) -> ET.Element:
    root = ET.fromstring(markup)  # our own drawing, not outside input
    assert root.tag == f"{SVG}svg"
    return root


def named(root: ET.Element) -> str:
    """The picture's accessible name: role img, an aria-label and the same words as title."""
    assert root.get("role") == "img"
    label = root.get("aria-label") or ""
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text == label
    return label


@pytest.mark.parametrize(("tool", "zone"), STEPS, ids=[f"{t}-{z}" for t, z in STEPS])
def test_every_step_has_a_named_position_picture_and_its_zone_highlighted(
    tool: Tool, zone: Zone
) -> None:
    pictures = step_pictures(tool, zone)
    position, where = parsed(pictures.position), parsed(pictures.zone)
    for root in (position, where):
        view = (root.get("viewBox") or "").split()
        assert len(view) == 4
        assert float(view[2]) > 0 and float(view[3]) > 0
    assert named(position) == pictures.position_words
    assert len(pictures.position_words) > 20
    assert named(where) == pictures.zone_words
    assert pictures.zone_words.startswith("Zone: ")
    assert f"{side_of(zone)} side" in pictures.zone_words
    worked = [p for p in where.iter(f"{SVG}path") if "zone-worked" in (p.get("class") or "")]
    assert [p.get("data-zone") for p in worked] == [zone.value]
    # The other side of the same area is drawn too, not highlighted: left and right differ.
    other = next(z for z in SIDES[area_of(zone)] if z is not zone)
    assert other.value in {p.get("data-zone") for p in where.iter(f"{SVG}path")}


@pytest.mark.parametrize(("tool", "zone"), STEPS[:1] + STEPS[-1:])
def test_pictures_use_no_inline_style_or_script_the_csp_would_block(tool: Tool, zone: Zone) -> None:
    pictures = step_pictures(tool, zone)
    for markup in (pictures.position, pictures.zone):
        for element in parsed(markup).iter():
            assert element.tag not in (f"{SVG}style", f"{SVG}script")
            assert "style" not in element.attrib
            assert not any(name.startswith("on") for name in element.attrib)


def test_one_picture_per_position_and_tool_and_every_drawing_is_used() -> None:
    pairs = {(tool, area) for tool, areas in GUIDES.items() for area in areas}
    assert set(POSE_OF) == pairs
    assert set(POSE_OF.values()) == set(POSES)
    # Left and right share the position picture; only the zone picture differs.
    left, right = SIDES[Area.GLUTES]
    assert step_pictures(Tool.HANDS, left).position == step_pictures(Tool.HANDS, right).position
    assert step_pictures(Tool.HANDS, left).zone != step_pictures(Tool.HANDS, right).zone
    words = [pose.words for pose in POSES.values()]
    assert len(set(words)) == len(words)


def test_the_plan_page_shows_both_pictures_beside_each_steps_words(lite: TestClient) -> None:
    page = soup(lite.get("/guided/plan?tool=tennis_ball"))
    steps = page.select("li.how-step")
    assert steps
    for step in steps:
        assert step.find("p").get_text(strip=True)  # the words come first
        labels = [svg["aria-label"] for svg in step.select("svg[role=img]")]
        assert len(labels) == 2
        assert labels[1].startswith("Zone: ")
    first = steps[0].get_text(" ", strip=True)
    assert "wall" in first
    assert "wall" in steps[0].select("svg")[0]["aria-label"]


def test_the_timer_holds_every_steps_pictures_and_shows_the_first(lite: TestClient) -> None:
    page = soup(lite.get("/guided/run?tool=foam_roller"))
    box = page.find(id="timer-picture")
    assert box is not None
    pictures = box.select(".step-picture")
    zones = [li["data-zone"] for li in page.select("li.step")]
    assert [p["data-zone"] for p in pictures] == zones
    for picture in pictures:
        assert len(picture.select("svg[role=img]")) == 2
    shown = [p for p in pictures if not p.has_attr("hidden")]
    assert shown == pictures[:1]


# --- the clinician's review of issue 11: where the highlighted zones sit ---------------

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _box(zone: Zone) -> tuple[float, float, float, float]:
    """The worked zone's outline as (left, top, right, bottom) in the picture's units."""
    root = parsed(zone_picture(zone))
    (path,) = [p for p in root.iter(f"{SVG}path") if "zone-worked" in (p.get("class") or "")]
    values = [float(v) for v in _NUMBER.findall(path.get("d") or "")]
    xs, ys = values[0::2], values[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def test_the_hip_flexor_zone_is_on_the_outer_thigh_clear_of_the_groin_crease() -> None:
    # Seen from the front, the person's left is on the picture's right: mirror it back.
    left, top, right, _bottom = _box(Zone.HIP_FLEXORS_RIGHT)
    (_hip_x, hip_y), ((ax, ay), (bx, by)) = HIP_POINT, GROIN_CREASE
    assert top - hip_y >= 9  # about a hand's width below the bony point at the front of the hip
    assert right < 45  # outside the middle of the thigh (the thigh runs from x 30 to 59)
    # Every corner of the zone lies below the groin crease running from the hip point inwards.
    for x in (left, right):
        crease_y = ay + (by - ay) * (x - ax) / (bx - ax)
        assert top > crease_y + 3
    assert "hand's width below the bony point" in zone_words(Zone.HIP_FLEXORS_LEFT)


@pytest.mark.parametrize(
    "zone", [Zone.LUMBAR_LEFT, Zone.GLUTES_LEFT, Zone.PIRIFORMIS_LEFT, Zone.QUADRATUS_LUMBORUM_LEFT]
)
def test_back_zones_leave_a_visible_gap_from_the_spine_and_tailbone(zone: Zone) -> None:
    _, _, right, _ = _box(zone)
    assert right <= 58 - 3  # the spine's dots start at x 58, the tailbone line is at x 60


def test_the_waist_muscle_zone_sits_just_above_the_hip_bone_beside_the_lower_back() -> None:
    left, top, right, bottom = _box(Zone.QUADRATUS_LUMBORUM_LEFT)
    lumbar_left, _, _, _lumbar_bottom = _box(Zone.LUMBAR_LEFT)
    glutes_top = _box(Zone.GLUTES_LEFT)[1]
    assert right <= lumbar_left  # beside the lower back zone, not over it
    assert left >= 35  # clear of the flank edge (x 29-33 there)
    assert top >= 84 and bottom <= glutes_top + 3  # low, just above the hip bone
    assert "just above the top of the hip bone" in zone_words(Zone.QUADRATUS_LUMBORUM_LEFT)


def test_the_hamstring_positions_sit_on_a_chair_with_the_knee_bent() -> None:
    for key in ("hands_thigh", "chair_gun_thigh", "chair_ball"):
        words = POSES[key].words
        assert "chair" in words and "straight" not in words
    assert "knee a little bent" in POSES["roller_thigh"].words
