"""Navigation, error pages, focus after a save and a clean console, in a real Chromium.

The journeys of issue 11's plain-words item: the navigation takes at most two
lines on a 360 px phone and every destination is reachable with the keyboard;
an error page keeps the profile line and the skip link; after a save the focus
is on what was saved; and a check-in and the main pages log no console or CSP
error. Each journey at 1280 and 360 px, with screenshots in test-artifacts/web/.
"""

from __future__ import annotations

from typing import Any

import pytest

from backrub.web.navigation import NAV
from tests.web.browser.kit import Browser, Live, fits, open_page, shot

WIDTHS = [1280, 360]
MAIN_PAGES = ("/", "/guided", "/progress", "/plan", "/history", "/body-map", "/evidence")


def header_rows(page: Any) -> int:
    """Return on how many lines the header's brand, profile and links sit."""
    tops = page.evaluate(
        """[...document.querySelectorAll('header.top a, header.top summary')]
             .filter(e => e.offsetParent !== null && !e.closest('.nav-more ul'))
             .map(e => Math.round(e.getBoundingClientRect().top))"""
    )
    rows: list[int] = []
    for top in sorted(tops):
        if not rows or top - rows[-1] > 12:
            rows.append(top)
    return len(rows)


def focused(page: Any) -> str:
    return str(page.evaluate("(document.activeElement.textContent || '').trim()"))


def tab_to(page: Any, text: str, limit: int = 40) -> None:
    """Press Tab until the focused element's text is ``text``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page) == text:
            return
    raise AssertionError(f"Tab never reached {text!r}; last: {focused(page)!r}")


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_the_navigation_takes_two_lines_and_every_page_is_reached_by_keyboard(
    browser: Browser, live_demo: Live, width: int
) -> None:
    page, watch, context = open_page(browser, width=width)
    tag = f"{width}px"
    try:
        page.goto(live_demo.url + "/")
        assert header_rows(page) <= 2
        line = float(page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)"))
        height = float(page.evaluate("document.querySelector('header.top').offsetHeight"))
        assert height <= 2 * line + 60  # two lines of links and the header's padding
        assert fits(page, width)
        shot(page, f"words-nav-{tag}")

        # Keyboard only: skip link first, then the bar, then "More" opens with Enter.
        page.keyboard.press("Tab")
        assert focused(page) == "Skip to content"
        reached = []
        for item in (i for i in NAV if not i.more):
            tab_to(page, item.label)
            reached.append(item.label)
        tab_to(page, "More pages")
        page.keyboard.press("Enter")
        assert page.locator("#nav-more").get_attribute("open") is not None
        shot(page, f"words-nav-more-{tag}")
        for item in (i for i in NAV if i.more):
            tab_to(page, item.label, limit=3)
            reached.append(item.label)
        assert reached == [i.label for i in NAV if not i.more] + [i.label for i in NAV if i.more]
        # Escape closes the menu and puts the focus back on its button.
        page.keyboard.press("Escape")
        assert page.locator("#nav-more").get_attribute("open") is None
        assert focused(page) == "More pages"
        # Enter on a page under "More" goes there, and the menu marks where you are.
        page.keyboard.press("Enter")
        tab_to(page, "History", limit=8)
        page.keyboard.press("Enter")
        page.wait_for_url("**/history")
        assert page.locator("#nav-more summary.has-current").count() == 1
        assert header_rows(page) <= 2
    finally:
        context.close()
    assert watch.problems == []
    assert all(url.startswith(live_demo.url) for url in watch.requests)


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_an_error_page_keeps_the_profile_line_and_the_skip_link(
    browser: Browser, live_demo: Live, width: int
) -> None:
    page, watch, context = open_page(browser, width=width)
    try:
        response = page.goto(live_demo.url + "/history/checkin/999999/edit")
        assert response is not None and response.status == 404
        assert page.locator("header .who").inner_text().startswith("Profile:")
        assert "does not exist" in page.get_by_role("alert").inner_text()
        page.keyboard.press("Tab")
        assert focused(page) == "Skip to content"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        assert header_rows(page) <= 2 and fits(page, width)
        shot(page, f"words-error-{width}px")
    finally:
        context.close()
    # The browser logs the 404 itself; nothing else may complain.
    assert [p for p in watch.problems if "status of 404" not in p] == []


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_after_a_save_the_focus_is_on_what_was_saved(
    browser: Browser, live_demo: Live, width: int
) -> None:
    page, watch, context = open_page(browser, width=width)
    tag = f"{width}px"
    try:
        # A check-in with the keyboard alone: the answer's status line takes the focus.
        page.goto(live_demo.url + "/")
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.name") == "pain":
                break
        assert page.evaluate("document.activeElement.name") == "pain"
        page.keyboard.press("Space")
        for _ in range(4):
            page.keyboard.press("ArrowRight")
        tab_to(page, "Save check-in")
        page.keyboard.press("Enter")
        page.get_by_role("status").wait_for()
        assert page.evaluate("document.activeElement.getAttribute('role')") == "status"
        assert focused(page).startswith("Saved: pain 4/10")
        assert fits(page, width)
        shot(page, f"words-checkin-saved-{tag}")

        # A correction (review pain11 S4): the picker for "When"; back in the same
        # History view, the corrected row has the focus and the status line says so.
        page.goto(live_demo.url + "/history?days=90")
        page.locator("td.correct a[href^='/history/checkin/']").first.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/edit?days=90")
        assert page.locator("#f-at").get_attribute("type") == "datetime-local"
        page.locator("#f-note").focus()
        page.keyboard.type(" (corrected)")
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/edit" not in url)
        assert "days=90" in page.url and "#r-checkin-" in page.url
        assert page.evaluate("document.activeElement.id") == page.url.split("#")[1]
        assert "(corrected)" in focused(page)
        assert "Correction saved" in page.get_by_role("status").inner_text()
        assert page.locator("#f-days").input_value() == "90"
        shot(page, f"words-correction-saved-{tag}")

        # A form sent back with mistakes: the focus is on the first one, all are shown.
        page.goto(live_demo.url + "/sessions/pro")
        page.locator("#f-minutes").fill("0")
        page.locator("#f-cost").fill("-5")
        page.get_by_role("button", name="Save the session").click()
        page.locator("p.error").first.wait_for()
        page.wait_for_load_state("load")
        assert page.evaluate("document.activeElement.closest('[aria-invalid=\"true\"]') !== null")
        assert page.locator("p.error").count() == 3  # technique, minutes and cost
        assert page.locator("#f-cost").input_value() == "-5"
        shot(page, f"words-all-errors-{tag}")
    finally:
        context.close()
    # The browser logs the refused form's 422 itself; nothing else may complain.
    assert [p for p in watch.problems if "status of 422" not in p] == []


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_the_main_pages_log_no_console_or_csp_error(
    browser: Browser, live_demo: Live, width: int
) -> None:
    page, watch, context = open_page(browser, width=width)
    try:
        for path in MAIN_PAGES:
            page.goto(live_demo.url + path)
            page.wait_for_load_state("networkidle")
            assert fits(page, width), path
            assert watch.problems == [], path
        shot(page, f"words-evidence-{width}px")
    finally:
        context.close()
    assert all(url.startswith(live_demo.url) for url in watch.requests)
