"""What the browser journeys share: a live server on loopback, headless Chromium, screenshots.

Needs Debian's chromium at /usr/bin/chromium: outside CI the browser tests are
skipped with a reason when it is missing; CI must have it. Screenshots go to
test-artifacts/web/ (gitignored). The fixtures (browser, live, live_demo) reach
every test in this folder through its conftest; the helpers are imported from here.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Request, expect, sync_playwright

from backrub.domain.screening import QUESTIONS
from backrub.web import WebSettings, create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[3] / "test-artifacts" / "web"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def need_chromium() -> None:
    """Skip (or, in CI, fail) a browser module when Debian's chromium is missing."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(
            "CI must run the browser tests, but /usr/bin/chromium is missing "
            "(apt-get install chromium)",
            pytrace=False,
        )
    pytest.skip(
        "browser tests skipped: /usr/bin/chromium is missing (apt-get install chromium)",
    )


@dataclass
class Live:
    url: str
    server: uvicorn.Server


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    """Serve a fresh database with uvicorn on a free loopback port, in a thread."""
    with serving(WebSettings(db=str(tmp_path / "live.sqlite3"))) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    need_chromium()
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
    """Return the navigation's link ``label``, opening "More" first when it is in there."""
    bar = page.get_by_role("navigation", name="Main")
    link = bar.get_by_role("link", name=label, exact=True)
    if not link.is_visible():
        bar.locator("#nav-more > summary").click()
    return link


def fits(page: Page, width: int) -> bool:
    return bool(page.evaluate(f"document.documentElement.scrollWidth <= {width}"))


@contextmanager
def serving(settings: WebSettings) -> Iterator[Live]:
    """Serve ``settings`` with uvicorn on a free loopback port, in a thread."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(settings.model_copy(update={"port": port}))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.025)
    assert server.started, "uvicorn did not start"
    try:
        yield Live(f"http://127.0.0.1:{port}", server)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def live_demo(tmp_path: Path) -> Iterator[Live]:
    """A live server on the demo profile: weeks of records, so progress has charts."""
    with serving(WebSettings(db=str(tmp_path / "demo.sqlite3"), demo=True)) as server:
        yield server


def answer_welcome(page: Page, url: str, *, yes: Collection[str], zone: str) -> None:
    """Answer /welcome: yes to ``yes``, no to the rest, adult, in ``zone``; see the result."""
    page.goto(url + "/welcome")
    for q in QUESTIONS:
        said = "20_50" if q.is_choice else ("yes" if q.id in yes else "no")
        page.locator(f"#f-{q.id}-{said}").check()
    page.locator("#f-tz").fill(zone)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


def screen_in_browser(page: Page, url: str) -> None:
    page.goto(url + "/welcome")
    for question in QUESTIONS:
        page.check(f"#f-{question.id}-{'20_50' if question.is_choice else 'no'}")
    page.get_by_role("button", name="See the result").click()
    expect(page.get_by_role("heading", name="No warning signs")).to_be_visible()
