"""The journeys once more in a real headless Chromium against a real server on loopback.

Needs Debian's chromium at /usr/bin/chromium (skipped with a reason when it is
missing outside CI; CI must have it). Screenshots of the main pages go to
test-artifacts/ (gitignored), at desktop width and at 360 px.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from backrub.domain.screening import QUESTIONS
from backrub.web import WebSettings, create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts" / "web"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(
            "CI must run the browser tests, but /usr/bin/chromium is missing "
            "(apt-get install chromium)",
            pytrace=False,
        )
    pytest.skip(
        "browser tests skipped: /usr/bin/chromium is missing (apt-get install chromium)",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, Request, expect, sync_playwright  # noqa: E402


@dataclass
class Live:
    url: str
    server: uvicorn.Server


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    """Serve a fresh database with uvicorn on a free loopback port, in a thread."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(WebSettings(db=str(tmp_path / "live.sqlite3"), port=port))
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.025)
    assert server.started, "uvicorn did not start"
    yield Live(f"http://127.0.0.1:{port}", server)
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What the page asked for and complained about."""

    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        def on_request(request: Request) -> None:
            self.requests.append(request.url)

        page.on("request", on_request)
        page.on(
            "console",
            lambda m: self.problems.append(m.text) if m.type in ("error", "warning") else None,
        )
        page.on("pageerror", lambda e: self.problems.append(str(e)))


def open_page(browser: Browser, *, width: int) -> tuple[Page, Watch, Any]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    return page, watch, context


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def nav(page: Page, label: str) -> Any:
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=label, exact=True)


def fits(page: Page, width: int) -> bool:
    return bool(page.evaluate(f"document.documentElement.scrollWidth <= {width}"))


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
            page.check(f"#f-{question.id}-no")
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
            answer = "yes" if question.id == "bladder_bowel_change" else "no"
            page.check(f"#f-{question.id}-{answer}")
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
            page.check(f"#f-{question.id}-no")
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
