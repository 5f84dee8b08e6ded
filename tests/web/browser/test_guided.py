"""The guided timer in a real browser: stop, resume, start again, the least time, the beep.

"Start this zone again" restarts only the current zone: the earlier zones keep
their recorded time, so a restart can never add up to more than the plan (review S3).

The page's clock is Playwright's fake clock (``page.clock``), so a minute of
massage takes no real time and no test-only mode exists in the app: the
timer counts exactly as it would for a person, only the test moves time on.
The server is the shared live server (its clock pinned by the test suite).
"""

from __future__ import annotations

import re

import pytest

from tests.web.browser.kit import Browser, Live, expect, fits, open_page, screen_in_browser, shot

TAG = "guided"


def _timer_page(page: object, url: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.clock.install()
    screen_in_browser(page, url)
    page.goto(url + "/guided/plan?tool=hands")
    page.get_by_role("link", name="Start the guided session").click()
    expect(page.locator("#timer")).to_be_visible()


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 360])
def test_the_timer_stops_resumes_starts_again_and_counts_a_zone_only_after_the_least_time(
    browser: Browser, live: Live, width: int
) -> None:
    page, watch, context = open_page(browser, width=width)
    px = f"{width}px"
    status = page.locator("#timer-status")
    try:
        _timer_page(page, live.url)
        beep = page.get_by_label("Beep at each new zone")
        expect(beep).to_be_checked()  # on by default: someone on a roller cannot watch
        beep.uncheck()
        page.reload()
        expect(page.get_by_label("Beep at each new zone")).not_to_be_checked()  # remembered
        page.get_by_label("Beep at each new zone").check()
        page.reload()
        expect(page.get_by_label("Beep at each new zone")).to_be_checked()
        expect(page.locator("#timer-next")).not_to_have_text("the end")
        assert fits(page, width)
        shot(page, f"{TAG}-1-ready-{px}")

        page.get_by_role("button", name="Start").click()
        page.clock.run_for(10_000)
        expect(page.locator("#timer-step")).to_have_text(re.compile(r"Zone 1 of \d+"))
        expect(page.locator("#timer-counts")).to_contain_text("Counts as done after 30 s")
        assert int(page.locator("#timer").get_attribute("data-beeps") or 0) >= 1  # WebAudio
        page.get_by_role("button", name="Stop").click()
        # An early stop says to leave it if it hurt, not "that is all right" (review M2).
        expect(status).to_contain_text("If it hurt or felt wrong, leave it for today")
        expect(status).not_to_contain_text("all right")
        expect(page.get_by_role("button", name="Resume")).to_be_visible()
        expect(page.get_by_role("button", name="Start this zone again")).to_be_visible()
        expect(page.get_by_role("button", name="Save what I did")).to_be_visible()
        assert fits(page, width)
        shot(page, f"{TAG}-2-stopped-below-least-{px}")

        page.get_by_role("button", name="Resume").click()
        page.clock.run_for(25_000)  # 35 s on the first zone now
        expect(page.locator("#timer-counts")).to_have_text("This zone counts as done now.")
        expect(page.locator("#timer-next-time")).to_contain_text(" s")
        shot(page, f"{TAG}-3-resumed-{px}")

        page.clock.run_for(25_000)  # the first zone's whole minute: the timer moves on
        expect(page.locator("#timer-step")).to_have_text(re.compile(r"Zone 2 of \d+"))
        page.clock.run_for(20_000)  # 20 s on the second zone
        page.get_by_role("button", name="Stop").click()
        page.get_by_role("button", name="Start this zone again").click()
        # Only the second zone restarts: it keeps its 20 s, the first keeps its minute.
        expect(page.locator("#timer-step")).to_have_text(re.compile(r"Zone 2 of \d+"))
        expect(page.locator("#timer-left")).to_have_text("40")
        assert page.locator("li.step input[type=number]").first.input_value() == "60"
        page.clock.run_for(5_000)  # 25 s on the second zone: below the least time
        page.get_by_role("button", name="Stop").click()
        expect(status).to_contain_text("So far 1 zone counts (of ")
        expect(status).to_contain_text("saved as started, not completed")
        page.select_option("#f-pain_after", "2")
        assert fits(page, width)
        shot(page, f"{TAG}-4-stopped-{px}")

        page.get_by_role("button", name="Save what I did").click()
        # 1 min + 25 s in all: a restart added nothing beyond the time really spent.
        expect(page.get_by_role("heading", level=1)).to_have_text(
            re.compile(r"Saved: 1 min (24|25) s on 2 zones")
        )
        expect(page.locator("ul.too-short li")).to_have_text(re.compile(r": (24|25) s$"))
        expect(page.locator("section.ending")).to_contain_text("leave it for today")
        assert "Well done" not in page.content()
        assert fits(page, width)
        shot(page, f"{TAG}-5-saved-{px}")
    finally:
        context.close()
    outside = [url for url in watch.requests if not url.startswith(live.url + "/")]
    assert outside == []
    assert watch.problems == []


@pytest.mark.slow
def test_the_timer_can_be_run_stopped_resumed_and_saved_with_the_keyboard_alone(
    browser: Browser, live: Live
) -> None:
    page, watch, context = open_page(browser, width=1280)

    def focused() -> str:
        return str(page.evaluate("document.activeElement.id || document.activeElement.textContent"))

    def tab_to(name: str) -> None:
        for _ in range(60):
            if focused() == name:
                return
            page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {name}")

    try:
        _timer_page(page, live.url)
        tab_to("timer-start")
        page.keyboard.press("Enter")
        page.clock.run_for(40_000)
        tab_to("timer-stop")
        page.keyboard.press("Space")
        assert focused() == "timer-resume"  # Stop hands the focus to Resume
        page.keyboard.press("Enter")
        page.clock.run_for(5_000)
        tab_to("timer-stop")
        page.keyboard.press("Enter")
        tab_to("save")
        shot(page, f"{TAG}-6-keyboard-1280px")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Saved: 0 min 45 s on 1 zone")
    finally:
        context.close()
    assert watch.problems == []
