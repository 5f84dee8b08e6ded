"""Journeys in Vietnamese: screening, check-in, a guided session, progress and the report.

A browser whose language is Vietnamese (Accept-Language vi-VN) gets every page in
Vietnamese on its first visit; at 360 px and at 1280 px no page scrolls sideways
and no text is clipped by its box (Vietnamese words carry stacked accents and run
longer than English). The narrow run uses the keyboard alone. Screenshots go to
test-artifacts/web/vi-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from backrub.domain.screening import QUESTIONS
from backrub.web import WebSettings
from tests.web.browser.kit import fits, serving, shot

# Boxes whose text is cut off: content wider or taller than a box that hides overflow.
CLIPPED = """() => [...document.querySelectorAll('body *')].filter(el => {
  const style = getComputedStyle(el);
  const hiding = ['hidden', 'clip'];
  const hides = hiding.includes(style.overflowX) || hiding.includes(style.overflowY);
  const cut = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
  const hidden = el.clientWidth <= 1 || el.clientHeight <= 1;  // read out, not shown
  return hides && cut && !hidden && el.innerText && el.innerText.trim().length > 0
    && !el.closest('.sr-only, .visually-hidden, details:not([open])');
}).map(el => el.tagName + '.' + el.className + ': ' + el.innerText.slice(0, 40))"""


def looks_right(page: Page, width: int, name: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    assert fits(page, width), f"{name}: the page scrolls sideways at {width} px"
    assert page.evaluate(CLIPPED) == [], name
    shot(page, f"vi-{name}-{width}px")


def submit(page: Page, form: str, *, keyboard: bool) -> None:
    """Send the form ``form`` (a CSS selector in the page's main part)."""
    button = page.locator(f"main {form} button[type=submit]").last
    if keyboard:
        button.focus()
        page.keyboard.press("Enter")
    else:
        button.click()


@pytest.mark.parametrize("width", [1280, 360])
def test_a_new_person_screens_checks_in_and_follows_a_session_in_vietnamese(
    browser: Browser, tmp_path: Path, width: int
) -> None:
    keyboard = width == 360
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    with serving(WebSettings(db=str(tmp_path / "vi.sqlite3"))) as live:
        page.goto(live.url + "/welcome")
        looks_right(page, width, "welcome")
        for question in QUESTIONS:
            choice = page.locator(f"#f-{question.id}-{'20_50' if question.is_choice else 'no'}")
            if keyboard:
                choice.focus()
                page.keyboard.press("Space")
            else:
                choice.check()
        submit(page, "form", keyboard=keyboard)
        page.wait_for_load_state()
        looks_right(page, width, "screening-result")

        page.goto(live.url + "/")
        looks_right(page, width, "today")
        page.locator("label[for=f-pain-3]").click()
        submit(page, "#checkin form", keyboard=keyboard)
        expect(page.locator("#checkin [role=status]")).to_contain_text("3")
        looks_right(page, width, "checked-in")

        page.goto(live.url + "/guided/plan?tool=hands")
        looks_right(page, width, "guided-plan")
        page.clock.install()
        page.goto(live.url + "/guided/run?tool=hands")
        expect(page.locator("#timer")).to_be_visible()
        page.locator("#timer-start").click()
        page.clock.run_for(35_000)  # past the 30 s a zone needs to count
        expect(page.locator("#timer-step")).to_contain_text("1")
        page.locator("#timer-stop").click()
        looks_right(page, width, "guided-run")
        page.locator("#save").click()
        saved = re.compile(r"Đã lưu: .*3[45] giây trên 1 vùng")  # the 35 s, a tick either way
        expect(page.get_by_role("heading", level=1)).to_have_text(saved)
        looks_right(page, width, "guided-saved")
    assert problems == []
    context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_progress_and_the_report_read_well_in_vietnamese(
    browser: Browser, tmp_path: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    page = context.new_page()
    with serving(WebSettings(db=str(tmp_path / "demo.sqlite3"), demo=True)) as live:
        for path, name in (
            ("/progress", "progress"),
            ("/report", "report"),
            ("/history", "history"),
        ):
            page.goto(live.url + path)
            looks_right(page, width, name)
    context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_an_emergency_answer_puts_the_call_first_and_big(
    browser: Browser, tmp_path: Path, width: int
) -> None:
    """Pain review: "Gọi 115 ngay" is the first thing of the stop, in view and easy to tap."""
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
    page = context.new_page()
    emergency = next(q for q in QUESTIONS if q.tier.value == "emergency")
    with serving(WebSettings(db=str(tmp_path / "vi.sqlite3"))) as live:
        page.goto(live.url + "/welcome")
        for question in QUESTIONS:
            said = "yes" if question is emergency else "no"
            page.locator(f"#f-{question.id}-{'20_50' if question.is_choice else said}").check()
        page.locator("#f-tz").fill("Asia/Ho_Chi_Minh")
        submit(page, "form", keyboard=False)
        page.wait_for_load_state()
        call = page.locator("[role=alert] a[href='tel:115']")
        expect(call).to_have_text("Gọi 115 ngay")
        expect(call).to_be_in_viewport()
        box = call.bounding_box()
        assert box is not None and box["height"] >= 44
        looks_right(page, width, "emergency")
    context.close()
