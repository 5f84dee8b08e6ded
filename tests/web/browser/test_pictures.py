"""Illustrated guidance in a real browser: each step's pictures on the plan and in the timer.

The plan page shows, for every zone, the position with the tool and the zone on a
body outline, each named for a screen reader; the timer shows the pictures of the
zone it is on and switches them with the zone. At 1280 px with the mouse, at
360 px with the keyboard alone.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from backrub.domain.records import Tool, Zone
from backrub.web.pictures import step_pictures
from tests.web.browser.kit import (
    Browser,
    Live,
    expect,
    fits,
    open_page,
    screen_in_browser,
    shot,
)


def tab_to(page: Page, text: str) -> None:
    """Press Tab until the focused element reads ``text`` (a keyboard user's way there)."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return
    raise AssertionError(f"Tab never reached {text!r}")


def pictures_fit(page: Page, width: int) -> None:
    """Every shown picture has a size, lies inside the page's width and has a name."""
    shown = page.locator(".step-picture:visible svg[role='img']")
    assert shown.count() >= 2
    for i in range(shown.count()):
        box = shown.nth(i).bounding_box()
        assert box is not None
        assert box["width"] > 60 and box["height"] > 60
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert shown.nth(i).get_attribute("aria-label")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("width", "tool", "first", "second"),
    [
        (1280, Tool.FOAM_ROLLER, Zone.GLUTES_LEFT, Zone.GLUTES_RIGHT),
        (360, Tool.TENNIS_BALL, Zone.LUMBAR_LEFT, Zone.LUMBAR_RIGHT),
    ],
)
def test_each_step_shows_its_position_and_zone_on_the_plan_and_in_the_timer(
    browser: Browser, live: Live, width: int, tool: Tool, first: Zone, second: Zone
) -> None:
    page, watch, context = open_page(browser, width=width)
    tag = f"{width}px"
    keyboard = width == 360
    try:
        screen_in_browser(page, live.url)
        page.goto(f"{live.url}/guided/plan?tool={tool.value}")
        expect(page.get_by_role("heading", name="How to work each zone")).to_be_visible()
        steps = page.locator("li.how-step")
        assert steps.count() >= 6
        for i in range(steps.count()):
            expect(steps.nth(i).locator("svg.picture-position")).to_be_visible()
            expect(steps.nth(i).locator("svg.picture-zone")).to_be_visible()
        one = step_pictures(tool, first)
        expect(page.get_by_role("img", name=one.position_words).first).to_be_visible()
        expect(page.get_by_role("img", name=one.zone_words, exact=True)).to_be_visible()
        pictures_fit(page, width)
        assert fits(page, width)
        shot(page, f"pictures-plan-{tag}")

        if keyboard:
            tab_to(page, "Start the guided session")
            page.keyboard.press("Enter")
        else:
            page.get_by_role("link", name="Start the guided session").click()
        expect(page.locator("#timer")).to_be_visible()
        two = step_pictures(tool, second)
        timer = page.locator("#timer")
        expect(timer.get_by_role("img", name=one.zone_words, exact=True)).to_be_visible()
        expect(timer.get_by_role("img", name=two.zone_words, exact=True)).to_be_hidden()
        pictures_fit(page, width)
        shot(page, f"pictures-timer-{tag}")

        if keyboard:
            tab_to(page, "Start")
            page.keyboard.press("Enter")
            tab_to(page, "Skip zone")
            page.keyboard.press("Space")
        else:
            page.get_by_role("button", name="Start").click()
            page.get_by_role("button", name="Skip zone").click()
        expect(page.locator("#timer-step")).to_have_text(re.compile(r"Zone 2 of \d+"))
        expect(timer.get_by_role("img", name=two.zone_words, exact=True)).to_be_visible()
        expect(timer.get_by_role("img", name=one.zone_words, exact=True)).to_be_hidden()
        expect(timer.get_by_role("img", name=two.position_words)).to_be_visible()
        pictures_fit(page, width)
        assert fits(page, width)
        shot(page, f"pictures-timer-next-{tag}")
    finally:
        context.close()
    outside = [url for url in watch.requests if not url.startswith(live.url + "/")]
    assert outside == []
    assert watch.problems == []
