"""The plan journey in Chromium: the chosen Thursday is kept, the self-massage time is
asked, and a budget no protocol fits is told what would fit, with the choices kept."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from backrub.domain.screening import NO_TO_ALL
from backrub.services.profiles import all_profiles
from backrub.services.records import current_profile
from backrub.services.safety import record_screening
from backrub.store import open_store
from backrub.web import WebSettings
from tests.web.browser.kit import Browser, Live, Page, expect, fits, open_page, serving, shot

TUESDAY = "2026-03-03T09:30:00+00:00"


@pytest.fixture
def screened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Live]:
    """A live server on a Tuesday whose one profile answered no to every warning sign."""
    monkeypatch.setenv("BACKRUB_NOW", TUESDAY)
    monkeypatch.setenv("BACKRUB_TZ", "Europe/Paris")
    db = str(tmp_path / "plan.sqlite3")
    with serving(WebSettings(db=db)) as server:
        store = open_store(db)
        try:
            now = datetime.fromisoformat(TUESDAY)
            profile = current_profile(store, None, create=True, now=now)
            record_screening(store, profile, dict(NO_TO_ALL), today=now.date())
            assert len(all_profiles(store)) == 1
        finally:
            store.close()
        yield server


def _fill_by_keyboard(page: Page) -> None:
    """Choose the protocol, the days and an over-tight budget with keys only."""
    page.focus("#f-protocol-cherkin-10-weekly")
    page.keyboard.press("Space")
    for day in ("mon", "thu"):
        page.focus(f"#f-days-{day}")
        page.keyboard.press("Space")
    page.focus("#f-price")
    page.keyboard.type("80")
    page.focus("#f-budget_total")
    page.keyboard.type("100")
    page.focus("#f-tools-foam_roller")
    page.keyboard.press("Space")
    page.focus("#f-self_massage_at")
    page.keyboard.type("0730")
    if page.input_value("#f-self_massage_at") != "07:30":  # a 12-hour clock wants AM
        page.keyboard.type("A")
    page.keyboard.press("Enter")


def _fill_by_mouse(page: Page) -> None:
    page.check("#f-protocol-cherkin-10-weekly")
    for day in ("mon", "thu"):
        page.check(f"#f-days-{day}")
    page.fill("#f-price", "80")
    page.fill("#f-budget_total", "100")
    page.check("#f-tools-foam_roller")
    page.fill("#f-self_massage_at", "07:30")
    page.get_by_role("button", name="Make the plan").click()


@pytest.mark.slow
@pytest.mark.parametrize(("width", "keyboard"), [(1280, False), (360, True)])
def test_the_plan_form_keeps_thursday_asks_the_time_and_says_what_would_fit(
    browser: Browser, screened: Live, width: int, keyboard: bool
) -> None:
    page, watch, context = open_page(browser, width=width)
    tag = f"{width}px"
    try:
        page.goto(screened.url + "/plan/new")
        time_field = page.get_by_label("Time for the daily self-massage")
        expect(time_field).to_have_value("19:00")
        assert fits(page, width)
        shot(page, f"shapes-form-{tag}")

        (_fill_by_keyboard if keyboard else _fill_by_mouse)(page)
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("no studied protocol fits this budget")
        expect(alert).to_contain_text("2 sessions of 30 min at 40.00 (about 80.00 in all)")
        expect(alert).to_contain_text("10 sessions of 30 min: about 40.00 a session, 400.00 in all")
        expect(alert).to_be_focused()  # the keyboard lands on what to do instead
        # Nothing typed is lost: the days, the time and the budget are still there.
        assert page.is_checked("#f-days-thu") and page.is_checked("#f-days-mon")
        expect(time_field).to_have_value("07:30")
        expect(page.locator("#f-budget_total")).to_have_value("100")
        assert fits(page, width)
        shot(page, f"shapes-refused-{tag}")

        if keyboard:
            page.focus("#f-budget_total")
            page.keyboard.press("Control+A")
            page.keyboard.press("Delete")
            page.keyboard.press("Enter")
        else:
            page.fill("#f-budget_total", "")
            page.get_by_role("button", name="Make the plan").click()
        page.wait_for_url("**/plan")
        main = page.get_by_role("main")
        expect(main).to_contain_text("on the days you can go: Mon, Thu")
        expect(main).to_contain_text("Thu 2026-03-05")
        expect(main).to_contain_text("(Mon) are kept for making up a missed session")
        expect(main).to_contain_text("At 07:30 with foam roller")
        assert "Mon 2026-03-09" not in main.inner_text()
        assert fits(page, width)
        shot(page, f"shapes-plan-{tag}")

        # The refused plan answers 409, which Chromium logs; nothing else may complain.
        assert [p for p in watch.problems if "status of 409" not in p] == []
        assert all(urlsplit(url).hostname == "127.0.0.1" for url in watch.requests)
    finally:
        context.close()
