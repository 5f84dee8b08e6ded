"""The guided timer in Vietnamese, in a real browser at 360 px (issue 12).

The browser asks for Vietnamese (its locale, so its Accept-Language); the timer's
script says every cue in the words the page gives it, and nothing overflows the
narrow screen. Screenshots go to test-artifacts/web/.
"""

from __future__ import annotations

import re

import pytest

from tests.web.browser.kit import Browser, Live, expect, fits, shot

WIDTH = 360


@pytest.mark.slow
def test_the_timer_speaks_vietnamese_on_a_narrow_screen(browser: Browser, live: Live) -> None:
    context = browser.new_context(viewport={"width": WIDTH, "height": 900}, locale="vi-VN")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.clock.install()
        page.goto(live.url + "/welcome")
        expect(page.get_by_role("heading", name="Chào mừng bạn đến với backrub")).to_be_visible()
        for box in page.locator("input[type=radio][value=no], input[value='20_50']").all():
            box.check()
        page.get_by_role("button", name="Xem kết quả").click()
        page.goto(live.url + "/guided/plan?tool=hands")
        page.get_by_role("link", name="Bắt đầu buổi có hướng dẫn").click()
        expect(page.locator("#timer")).to_be_visible()
        assert fits(page, WIDTH)

        page.get_by_role("button", name="Bắt đầu", exact=True).click()
        page.clock.run_for(10_000)
        expect(page.locator("#timer-step")).to_have_text(re.compile(r"Vùng 1 trên \d+"))
        expect(page.locator("#timer-unit")).to_have_text(" giây còn lại")
        expect(page.locator("#timer-counts")).to_contain_text("Được tính là xong sau 30 giây")
        expect(page.get_by_role("button", name="Tạm dừng")).to_be_visible()
        assert fits(page, WIDTH)
        shot(page, f"guided-vi-running-{WIDTH}px")

        page.get_by_role("button", name="Tạm dừng").click()
        expect(page.locator("#timer-status")).to_have_text("Đã tạm dừng.")
        expect(page.get_by_role("button", name="Tiếp tục")).to_be_visible()
        page.get_by_role("button", name="Dừng", exact=True).click()
        expect(page.locator("#timer-status")).to_contain_text("Đã dừng.")
        expect(page.locator("#timer-status")).to_contain_text("Bạn có thể tiếp tục")
        expect(page.get_by_role("button", name="Lưu những gì tôi đã làm")).to_be_visible()
        assert fits(page, WIDTH)
        shot(page, f"guided-vi-stopped-{WIDTH}px")
        assert problems == []
    finally:
        context.close()
