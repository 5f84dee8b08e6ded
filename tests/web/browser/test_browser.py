"""The journeys once more in a real headless Chromium against a real server on loopback.

Needs Debian's chromium at /usr/bin/chromium (skipped with a reason when it is
missing outside CI; CI must have it). Screenshots of the main pages go to
test-artifacts/ (gitignored), at desktop width and at 360 px.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backrub.domain.screening import QUESTIONS
from tests.web.browser.kit import (
    Browser,
    Live,
    expect,
    fits,
    nav,
    open_page,
    screen_in_browser,
    shot,
)


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 360])
def test_first_run_screening_plan_check_in_and_history_in_a_real_browser(
    browser: Browser, live: Live, width: int
) -> None:
    page, watch, context = open_page(browser, width=width)
    tag = f"{width}px"
    try:
        page.goto(live.url + "/")
        assert page.url.endswith("/welcome")
        expect(page.get_by_text("Not a medical device.", exact=False).first).to_be_visible()
        assert fits(page, width)
        shot(page, f"01-welcome-{tag}")

        for question in QUESTIONS:
            page.check(f"#f-{question.id}-{'20_50' if question.is_choice else 'no'}")
        page.get_by_role("button", name="See the result").click()
        expect(page.get_by_role("heading", name="No warning signs")).to_be_visible()
        shot(page, f"02-screening-clear-{tag}")

        page.get_by_role("link", name="Make a plan").click()
        page.check("#f-protocol-cherkin-10-weekly")
        for day in ("mon", "thu"):
            page.check(f"#f-days-{day}")
        page.check("#f-tools-foam_roller")
        page.get_by_role("button", name="Make the plan").click()
        page.wait_for_url("**/plan")
        expect(
            page.get_by_role("heading", name="Your plan: 10 weekly sessions of 50–60 min")
        ).to_be_visible()
        assert page.locator("a[href='/evidence/cherkin-2011']").count() >= 10
        assert fits(page, width)
        shot(page, f"03-plan-{tag}")

        nav(page, "Today").click()
        page.locator("label[for='f-pain-4']").click()
        page.get_by_role("button", name="Save check-in").click()
        saved = page.get_by_role("status")
        saved.wait_for()
        assert "Saved: pain 4/10" in saved.inner_text()
        assert "pain 4/10" in page.locator("#recent").inner_text()  # swapped in by htmx
        assert fits(page, width)
        shot(page, f"04-today-{tag}")

        nav(page, "History").click()
        assert "pain 4/10" in page.locator("table.records").inner_text()
        shot(page, f"05-history-{tag}")

        nav(page, "Evidence").click()
        assert page.locator("#rule-self_massage_cap_min").inner_text().count("product default") == 1
        shot(page, f"06-evidence-{tag}")
    finally:
        context.close()
    outside = [url for url in watch.requests if not url.startswith(live.url + "/")]
    assert outside == []
    assert watch.problems == []  # a CSP violation or script error shows up here


@pytest.mark.slow
def test_a_red_flag_in_the_browser_shows_the_stop_and_the_plan_is_refused(
    browser: Browser, live: Live
) -> None:
    page, watch, context = open_page(browser, width=360)
    try:
        page.goto(live.url + "/welcome")
        for question in QUESTIONS:
            if question.id == "bladder_bowel_change":
                page.check(f"#f-{question.id}-yes")
                break  # one emergency answer is enough
        page.get_by_role("button", name="See the result").click()
        alert = page.get_by_role("alert")
        assert "STOP: this may be an emergency" in alert.inner_text()
        assert "emergency department" in alert.inner_text()
        assert fits(page, 360)
        shot(page, "07-screening-stop-360px")
        page.goto(live.url + "/")
        assert "STOP" in page.get_by_role("alert").inner_text()
    finally:
        context.close()
    assert watch.problems == []


@pytest.mark.slow
def test_a_check_in_can_be_made_with_the_keyboard_alone(browser: Browser, live: Live) -> None:
    page, watch, context = open_page(browser, width=1280)
    try:
        page.goto(live.url + "/welcome")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
        for question in QUESTIONS:  # set-up: a first run starts with the screening
            page.check(f"#f-{question.id}-{'20_50' if question.is_choice else 'no'}")
        page.get_by_role("button", name="See the result").click()
        page.goto(live.url + "/")
        # Reach the pain scale from the top of the page with Tab, then choose 3 with arrows.
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.name") == "pain":
                break
        assert page.evaluate("document.activeElement.name") == "pain"
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.type") == "submit":
                break
        page.keyboard.press("Enter")
        page.get_by_role("status").wait_for()
        assert "Saved: pain 3/10" in page.get_by_role("status").inner_text()
    finally:
        context.close()
    assert watch.problems == []


# -- guided self-massage, questionnaires, progress, report, body map ----------------------


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 360])
def test_a_guided_session_runs_with_pause_skip_and_stop_and_saves_what_was_done(
    browser: Browser, live: Live, width: int
) -> None:
    page, watch, context = open_page(browser, width=width)
    tag = f"{width}px"
    try:
        page.clock.install()  # the page's timers run on a fake clock the test moves on
        screen_in_browser(page, live.url)
        nav(page, "Self-massage").click()
        page.check("#f-tool-hands")
        page.get_by_role("button", name="Show my plan").click()
        expect(page.get_by_role("heading", name="Never press on")).to_be_visible()
        assert page.locator("ul.reasons a[href='/evidence/nice-ng59']").count() >= 1
        assert fits(page, width)
        shot(page, f"08-guided-plan-{tag}")

        page.get_by_role("link", name="Start the guided session").click()
        expect(page.locator("#timer")).to_be_visible()
        expect(page.locator("#steps")).to_be_hidden()  # the timer fills the seconds in
        page.select_option("#f-pain_before", "4")
        page.check("#timer-beep")
        page.get_by_role("button", name="Start").click()
        expect(page.locator("#timer-step")).to_have_text(re.compile(r"Zone 1 of \d+"))
        page.clock.run_for(31_000)  # past the 30 s a zone needs to count
        page.get_by_role("button", name="Pause").click()
        expect(page.get_by_role("button", name="Resume")).to_be_visible()
        paused_left = page.locator("#timer-left").inner_text()
        page.clock.run_for(700)
        assert page.locator("#timer-left").inner_text() == paused_left  # paused means paused
        page.get_by_role("button", name="Resume").click()
        shot(page, f"09-guided-timer-{tag}")
        page.get_by_role("button", name="Skip zone").click()
        expect(page.locator("#timer-step")).to_have_text(re.compile(r"Zone 2 of \d+"))
        page.clock.run_for(1300)  # too short to count
        page.get_by_role("button", name="Stop").click()
        expect(page.locator("#after")).to_be_visible()
        page.select_option("#f-pain_after", "2")
        assert fits(page, width)
        page.get_by_role("button", name="Save what I did").click()
        heading = page.get_by_role("heading", level=1)
        # The second zone's second or so is kept as started, not completed (review M1).
        expect(heading).to_have_text(re.compile(r"Saved: 0 min 3[0-2] s on [12] zones?"))
        shot(page, f"10-guided-saved-{tag}")
        nav(page, "History").click()
        assert "hands" in page.locator("table.records").inner_text()
    finally:
        context.close()
    outside = [url for url in watch.requests if not url.startswith(live.url + "/")]
    assert outside == []
    assert watch.problems == []


@pytest.mark.slow
def test_a_questionnaire_is_answered_by_clicking_and_scored(browser: Browser, live: Live) -> None:
    page, watch, context = open_page(browser, width=360)
    try:
        page.goto(live.url + "/questionnaires")
        page.get_by_role("link", name="PEG (Pain, Enjoyment of life, General activity)").click()
        for n, value in ((1, 6), (2, 4), (3, 5)):
            page.locator(f"label[for='f-answer_{n}-{value}']").click()
        assert fits(page, 360)
        shot(page, "11-questionnaire-peg-360px")
        page.get_by_role("button", name="Save and score").click()
        expect(page.get_by_role("status")).to_contain_text("Score: 5")
        shot(page, "12-questionnaire-score-360px")
    finally:
        context.close()
    assert watch.problems == []


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 360])
def test_progress_shows_its_charts_under_the_strict_csp(
    browser: Browser, live_demo: Live, width: int
) -> None:
    page, watch, context = open_page(browser, width=width)
    try:
        page.goto(live_demo.url + "/progress")
        charts = page.locator("figure.chart svg")
        assert charts.count() >= 3
        expect(charts.first).to_be_visible()
        box = charts.first.bounding_box()
        assert box is not None and 200 < box["width"] <= width
        # The pain readings are Okabe-Ito blue: the colours survive without inline CSS.
        fill = charts.first.evaluate("svg => getComputedStyle(svg.querySelector('circle')).fill")
        assert fill == "rgb(0, 114, 178)"
        expect(page.get_by_text("A trial average is no prediction for one person")).to_be_visible()
        assert fits(page, width)
        shot(page, f"13-progress-{width}px")
    finally:
        context.close()
    assert watch.problems == []


@pytest.mark.slow
def test_the_report_downloads_as_a_pdf(browser: Browser, live_demo: Live) -> None:
    page, watch, context = open_page(browser, width=1280)
    try:
        page.goto(live_demo.url + "/report")
        page.uncheck("#f-sections-evidence")
        page.check("#f-format-pdf")
        shot(page, "14-report-1280px")
        with page.expect_download() as info:
            page.get_by_role("button", name="Download the report").click()
        download = info.value
        assert download.suggested_filename.endswith(".pdf")
        assert Path(download.path()).read_bytes().startswith(b"%PDF")
    finally:
        context.close()
    assert watch.problems == []


@pytest.mark.slow
def test_the_body_map_is_marked_by_click_and_keyboard(browser: Browser, live: Live) -> None:
    page, watch, context = open_page(browser, width=360)
    try:
        page.goto(live.url + "/body-map")
        buttock = page.locator("g.region[data-field='f-region_buttock_left']")
        buttock.click()
        buttock.click()
        expect(page.locator("#f-region_buttock_left")).to_have_value("2")
        back = page.locator("g.region[data-field='f-region_lower_back_right']")
        back.focus()
        page.keyboard.press("7")
        page.keyboard.press("ArrowUp")
        expect(page.locator("#f-region_lower_back_right")).to_have_value("8")
        assert back.get_attribute("aria-label") == "right lower back: 8 of 10"
        assert fits(page, 360)
        shot(page, "15-body-map-360px")
        page.get_by_role("button", name="Save the body map").click()
        expect(page.get_by_role("status")).to_contain_text("Body map saved")
        marks = page.locator("table.marks").inner_text()
        assert "left buttock 2/10" in marks and "right lower back 8/10" in marks
    finally:
        context.close()
    assert watch.problems == []


def test_history_and_profiles_fit_a_narrow_screen_with_every_action_in_reach(
    browser: Browser, live: Live, tmp_path: Path
) -> None:
    from backrub import clock, services
    from backrub.store import open_store

    store = open_store(str(tmp_path / "live.sqlite3"))
    now = clock.now()
    profile = services.add_profile(store, "me", tz="Europe/Berlin", now=now)
    note = "stiff after a long drive, better after a walk around the block"
    services.record_checkin(store, profile, now=now, pain=4, note=note, where="hip_left:3")
    page, watch, context = open_page(browser, width=360)
    try:
        page.goto(live.url + "/history")
        assert fits(page, 360), "History scrolls sideways at 360 px"
        for name in ("Edit this check-in", "Delete this check-in"):
            box = page.get_by_role("link", name=name).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, name
        shot(page, "16-history-360px")
        page.goto(live.url + "/profiles")
        assert fits(page, 360), "Profiles scrolls sideways at 360 px"
        box = page.locator("#f-tz-1").bounding_box()
        assert box is not None and box["x"] + box["width"] <= 360 and box["width"] >= 120
    finally:
        context.close()
        store.close()
    assert watch.problems == []


def test_a_form_error_puts_the_focus_on_the_field_to_correct(browser: Browser, live: Live) -> None:
    page, watch, context = open_page(browser, width=1280)
    try:
        page.goto(live.url + "/profiles")
        page.locator("#f-name").fill("no/slashes")
        page.get_by_role("button", name="Add and switch to it").click()
        expect(page.locator("#f-name-error")).to_be_visible()
        assert page.evaluate("document.activeElement.id") == "f-name"
    finally:
        context.close()
    assert all("status of 422" in problem for problem in watch.problems)  # the refusal itself
