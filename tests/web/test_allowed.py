"""The log forms and the guided-session chooser ask the same rule as plan and governor."""

from __future__ import annotations

from tests.web.conftest import TestClient, answers, post_form, soup

LEFT_OUT = "(left out by your screening answers)"


def _label(page: object, name: str, value: str) -> str:
    control = page.find("input", {"name": name, "value": value})  # type: ignore[attr-defined]
    assert control is not None
    label = page.find("label", attrs={"for": control["id"]})  # type: ignore[attr-defined]
    assert label is not None
    return str(label.get_text())


def test_thin_bones_mark_ball_and_gun_left_out_on_every_self_massage_form(
    client: TestClient,
) -> None:
    post_form(client, "/screening", answers(osteoporosis=True))
    for path in ("/sessions/self", "/guided/log", "/guided"):
        page = soup(client.get(path))
        assert LEFT_OUT in _label(page, "tool", "tennis_ball"), path
        assert LEFT_OUT in _label(page, "tool", "massage_gun"), path
        assert LEFT_OUT not in _label(page, "tool", "foam_roller"), path
    refused = client.get("/guided/plan", params={"tool": "tennis_ball"})
    assert refused.status_code == 409
    assert "gentle pressure only" in refused.text


def test_pregnancy_marks_the_face_down_zone_left_out_and_the_roller_skips_it(
    client: TestClient,
) -> None:
    post_form(client, "/screening", answers(pregnancy=True))
    page = soup(client.get("/sessions/self"))
    assert LEFT_OUT in _label(page, "zones", "hip_flexors_left")
    assert LEFT_OUT not in _label(page, "zones", "glutes_left")
    plan = client.get("/guided/plan", params={"tool": "foam_roller"})
    assert plan.status_code == 200
    assert "Lie face down" not in plan.text  # the front-of-hip roller position
    assert "midwife or doctor" in plan.text
