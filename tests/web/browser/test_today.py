"""Browser journeys: Today's actions, profiles per browser, a date picker's quick choice.

Each journey runs at 1280 and 360 px; Today's runs keyboard only at 360 px.
Screenshots: test-artifacts/web/today-<step>-<width>px.png.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from backrub import services
from backrub.store import open_store
from tests.web.browser.kit import Live, Watch, fits, open_page, screen_in_browser, shot

WIDTHS = [1280, 360]


def tab_to(page: Page, name: str, *, limit: int = 120) -> None:
    """Press Tab until the focused element's accessible text starts with ``name``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate(
            "(document.activeElement.getAttribute('aria-label') || "
            "document.activeElement.innerText || document.activeElement.value || '').trim()"
        )
        if str(text).startswith(name):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def checked(page: Page, watch: Watch, width: int, step: str) -> None:
    """Assert what every step must hold, and take its screenshot."""
    assert fits(page, width), f"{step} scrolls sideways at {width} px"
    shot(page, f"today-{step}-{width}px")


def loopback_only(watch: Watch) -> None:
    assert all(urlsplit(u).hostname in ("127.0.0.1", None) for u in watch.requests), [
        u for u in watch.requests if urlsplit(u).hostname != "127.0.0.1"
    ]
    assert watch.problems == []


def _plan(db: Path) -> None:
    """Give the live profile a plan with a session and a foam roller today (Monday 2 March)."""
    store = open_store(str(db))
    try:
        profile = services.current_profile(store, None, create=False)
        services.new_plan(
            store,
            profile,
            protocol="cherkin-10-weekly",
            start="2026-03-02",
            days="mon,thu",
            tools="foam_roller",
            price="70,50",
            today=date(2026, 3, 2),
        )
    finally:
        store.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_today_lists_the_plan_as_actions_and_marks_what_is_done(
    browser: Browser, live: Live, width: int, tmp_path: Path
) -> None:
    keyboard = width == 360
    page, watch, context = open_page(browser, width=width)
    try:
        screen_in_browser(page, live.url)
        _plan(tmp_path / "live.sqlite3")
        page.goto(live.url + "/")
        items = page.locator("#today-items")
        expect(items.locator("#today-self_massage")).to_contain_text("Self-massage at")
        expect(items.locator("#today-pro_session")).to_contain_text("Massage session")
        expect(items.locator("#today-questionnaire-peg")).to_be_visible()
        checked(page, watch, width, "list")
        if keyboard:
            tab_to(page, "Start the guided session")
            page.keyboard.press("Enter")
        else:
            items.get_by_role("link", name="Start the guided session").click()
        expect(page).to_have_url(live.url + "/guided/plan?tool=foam_roller")
        checked(page, watch, width, "guided")
        page.goto(live.url + "/")
        if keyboard:
            tab_to(page, "Check in now")
            page.keyboard.press("Enter")
            page.keyboard.press("Tab")  # into the pain scale
            page.keyboard.press("ArrowRight")  # 0 -> 1
            page.keyboard.press("ArrowRight")  # 1 -> 2
            tab_to(page, "Save check-in")
            page.keyboard.press("Enter")
        else:
            items.get_by_role("link", name="Check in now").click()
            page.locator("label[for=f-pain-3]").click()
            page.get_by_role("button", name="Save check-in").click()
        expect(page.locator(".saved")).to_contain_text("Saved: pain")
        # The list is updated in place (and stays so on a fresh load).
        expect(items.locator("#today-checkin")).to_contain_text("Done today")
        page.goto(live.url + "/")
        expect(items.locator("#today-checkin")).to_contain_text("Done today")
        expect(items.locator("#today-self_massage")).not_to_contain_text("Done today")
        checked(page, watch, width, "done")
    finally:
        context.close()
    loopback_only(watch)


@pytest.mark.parametrize("width", WIDTHS)
def test_profiles_are_per_browser_renamed_and_deleted_with_confirmation(
    browser: Browser, live: Live, width: int, tmp_path: Path
) -> None:
    store = open_store(str(tmp_path / "live.sqlite3"))
    services.add_profile(store, "me", tz="Europe/Berlin", now=datetime(2026, 3, 2, tzinfo=UTC))
    store.close()
    page, watch, context = open_page(browser, width=width)
    other, other_watch, other_context = open_page(browser, width=width)
    try:
        page.goto(live.url + "/welcome")
        page.goto(live.url + "/profiles")
        page.locator("#f-name").fill("Alex Smith")
        # The list's search is the browser's own (not scriptable headless): type a name
        # several places have; the places are offered as buttons that fill the field.
        page.locator("#f-tz").fill("indiana")
        page.get_by_role("button", name="Add and switch to it").click()
        page.get_by_role("button", name="America/Indiana/Knox").click()
        expect(page.locator("#f-tz")).to_have_value("America/Indiana/Knox")
        expect(page.locator("#f-tz")).to_be_focused()
        # A city alone, in any case, is enough when one place has it.
        page.locator("#f-tz").fill("new york")
        page.locator("#f-name").focus()  # close the browser's own list of matches
        checked(page, watch, width, "profiles-add")
        page.get_by_role("button", name="Add and switch to it").click()
        expect(page.get_by_role("status")).to_contain_text("Added Alex Smith (America/New_York)")
        expect(page.locator("p.who")).to_contain_text("Alex Smith")
        checked(page, watch, width, "profiles-added")
        # Another browser keeps its own profile.
        other.goto(live.url + "/profiles")
        expect(other.locator("p.who")).to_contain_text("me")
        expect(other.locator("p.who")).not_to_contain_text("Alex Smith")
        # Rename, then delete with the confirmation (and the backup offered).
        page.get_by_role("link", name="Rename Alex Smith").click()
        page.locator("#f-new_name").fill("Alex J Smith")
        page.get_by_role("button", name="Rename").click()
        expect(page.get_by_role("status")).to_contain_text("now called Alex J Smith")
        page.get_by_role("link", name="Delete Alex J Smith").click()
        expect(
            page.get_by_role("link", name="Download Alex J Smith's backup first")
        ).to_be_visible()
        checked(page, watch, width, "profiles-delete")
        page.get_by_role("button", name="Delete Alex J Smith").click()
        expect(page.get_by_role("status")).to_contain_text("Deleted the profile Alex J Smith")
        expect(page.locator("p.who")).to_contain_text("me")
        checked(page, watch, width, "profiles-deleted")
    finally:
        context.close()
        other_context.close()
    # The browser logs the refused zone's 422 itself; nothing else may complain.
    watch.problems[:] = [p for p in watch.problems if "status of 422" not in p]
    loopback_only(watch)
    loopback_only(other_watch)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_quick_time_choice_and_a_decimal_comma_are_saved(
    browser: Browser, live: Live, width: int
) -> None:
    page, watch, context = open_page(browser, width=width)
    try:
        page.goto(live.url + "/welcome")
        page.goto(live.url + "/sessions/pro")
        page.locator("label[for=f-technique-relaxation]").click()
        page.locator("#f-minutes").fill("60")
        page.get_by_role("button", name="Yesterday evening, 20:00").click()
        expect(page.locator("#f-at")).to_have_value("2026-03-01T20:00")
        page.locator("#f-cost").fill("70,50")
        checked(page, watch, width, "session-pro")
        page.get_by_role("button", name="Save the session").click()
        page.goto(live.url + "/history")
        expect(page.locator("body")).to_contain_text("2026-03-01 20:00")
        checked(page, watch, width, "session-history")
        page.get_by_role("link", name="Edit this massage").click()
        expect(page.locator("#f-cost")).to_have_value("70.50")
    finally:
        context.close()
    loopback_only(watch)
