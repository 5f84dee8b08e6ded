"""Journey: log a self-massage the governor refuses, then record it anyway with a reason.

One page: the refusal is said in plain words next to the field it concerns,
every typed value is kept, and an inline override asks for a reason (required)
and saves with it; history shows the reason. At 1280 px with the mouse and at
360 px with the keyboard alone (Tab, Space, arrows, Enter).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browser.kit import Live, fits, open_page, screen_in_browser, shot

API = {"X-Backrub-Client": "tests"}
REASON = "my physiotherapist said ten minutes is fine"


def tab_to(page: Page, element_id: str) -> None:
    """Press Tab until the element with ``element_id`` has the focus."""
    for _ in range(80):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def fill_the_form(page: Page, *, keyboard: bool) -> None:
    if not keyboard:
        page.check("#f-tool-foam_roller")
        page.check("#f-zones-glutes_right")
        page.fill("#f-seconds", "120")
        page.fill("#f-note", "after work")
        page.get_by_role("button", name="Save the self-massage").click()
        return
    tab_to(page, "f-tool-tennis_ball")  # the first choice of the tool group
    page.keyboard.press("ArrowDown")  # moves to, and chooses, the foam roller
    tab_to(page, "f-zones-glutes_right")
    page.keyboard.press("Space")
    tab_to(page, "f-seconds")
    page.keyboard.type("120")
    tab_to(page, "f-note")
    page.keyboard.type("after work")
    page.keyboard.press("Enter")


def record_anyway(page: Page, reason: str, *, keyboard: bool) -> None:
    button = page.get_by_role("button", name="Record it anyway, with this reason")
    if not keyboard:
        page.fill("#f-reason", reason)
        button.click()
        return
    tab_to(page, "f-reason")
    page.keyboard.type(reason)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "override"
    page.keyboard.press("Enter")


def kept_and_plain(page: Page) -> None:
    """The typed values are all there and the page names no command-line option."""
    expect(page.locator("#f-tool-foam_roller")).to_be_checked()
    expect(page.locator("#f-zones-glutes_right")).to_be_checked()
    expect(page.locator("#f-seconds")).to_have_value("120")
    expect(page.locator("#f-note")).to_have_value("after work")
    text = page.locator("main").inner_text()
    assert "--" not in text and "backrub session" not in text


@pytest.mark.slow
@pytest.mark.parametrize(("width", "keyboard"), [(1280, False), (360, True)])
def test_a_refused_self_massage_is_recorded_anyway_with_a_reason_on_one_page(
    browser: Browser, live: Live, width: int, keyboard: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKRUB_NOW", "2026-03-02T18:00:00+00:00")
    monkeypatch.setenv("BACKRUB_TZ", "UTC")
    page, watch, context = open_page(browser, width=width)
    tag = f"{width}px"
    try:
        screen_in_browser(page, live.url)
        for zone in ("hamstrings_left", "glutes_left"):  # 4 of the day's 5 minutes are used
            body = {"tool": "foam_roller", "zones": f"{zone}:120"}
            done = page.request.post(live.url + "/api/sessions/self", data=body, headers=API)
            assert done.status == 201, done.text()
        page.goto(live.url + "/sessions/self")
        expect(page.get_by_role("heading", name="Keep it gentle")).to_be_visible()
        assert fits(page, width)
        shot(page, f"core-01-self-form-{tag}")

        fill_the_form(page, keyboard=keyboard)
        error = page.locator("#f-seconds-error")
        expect(error).to_contain_text("more than the 1 min that was left that day")
        expect(page.locator(".error-box")).to_contain_text("record it anyway with a reason")
        kept_and_plain(page)
        assert fits(page, width)
        shot(page, f"core-02-refused-{tag}")

        record_anyway(page, "", keyboard=keyboard)  # the reason is required
        expect(page.locator("#f-reason-error")).to_contain_text("needs a reason")
        kept_and_plain(page)
        shot(page, f"core-03-reason-needed-{tag}")

        record_anyway(page, REASON, keyboard=keyboard)
        expect(page.get_by_role("status")).to_contain_text("Self-massage saved")
        expect(page.locator("main")).to_contain_text(REASON)
        assert fits(page, width)
        shot(page, f"core-04-saved-{tag}")
        saved = page.request.get(live.url + "/api/sessions", headers=API).json()
        assert [s["override_reason"] for s in saved["self_sessions"]].count(REASON) == 1
    finally:
        context.close()
    # The browser notes the refusals' own statuses (409, then 422); nothing else.
    assert all("status of 409" in p or "status of 422" in p for p in watch.problems), watch.problems
    assert all(url.startswith(live.url) for url in watch.requests if url.startswith("http"))
