"""What the clinic's browser journeys share: a live clinic server on PostgreSQL, a real browser.

The server is the clinic server (``WebSettings(clinic=True)``) on a fresh
PostgreSQL database (the ``postgres_url`` fixture), seeded with the two
clinics of tests/clinic/conftest.py, served by uvicorn in a thread on a free
loopback port as the local browser tests serve theirs (tests/web/browser/kit.py).
Debian's chromium is needed (skipped with a reason outside CI when missing).
Screenshots go to test-artifacts/clinic/ (gitignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from backrub.services import clinic_sessions
from backrub.store import open_store
from backrub.web import WebSettings
from tests.clinic.conftest import PASSWORD, People, app_database, seed
from tests.web.browser.kit import Watch, fits, need_chromium, open_page, serving
from tests.web.conftest import NOW

ARTIFACTS = Path(__file__).parents[3] / "test-artifacts" / "clinic"


@dataclass
class ClinicLive:
    url: str
    db: str
    people: People


@pytest.fixture(scope="module")
def clinic_live(postgres_url: str) -> Iterator[ClinicLive]:
    """Serve a fresh, seeded clinic database with uvicorn (one per test module)."""
    need_chromium()
    db = app_database(postgres_url)
    with serving(WebSettings(db=db, clinic=True)) as live:  # migrates the schema
        store = open_store(db, server_only=True)
        try:
            people = seed(store)
        finally:
            store.close()
        yield ClinicLive(live.url, db, people)


def email_of(live: ClinicLive, name: str) -> str:
    return live.people[name].email


def sign_in(page: Page, live: ClinicLive, name: str) -> None:
    """Sign in through the sign-in page, as a person does."""
    page.goto(live.url + "/sign-in")
    page.fill("#email", email_of(live, name))
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def signed_in_context(browser: Browser, live: ClinicLive, name: str, *, width: int) -> Any:
    """A browser already signed in as ``name`` (a session started in the store).

    For administrators: their second factor is the sign-in tests' business.
    """
    page, watch, context = open_page(browser, width=width)
    store = open_store(live.db, server_only=True)
    try:
        token = clinic_sessions.start(store, live.people[name], NOW, address=None, complete=True)
    finally:
        store.close()
    context.add_cookies([{"name": "backrub_session", "value": token, "url": live.url}])
    return page, watch, context


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


# Text that does not fit its box: clipped (overflow hidden) or running out of it.
_CLIPPED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (el.clientWidth <= 1 || el.clientHeight <= 1) continue;  // visually hidden on purpose
    const texts = [...el.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim());
    if (!texts.length) continue;
    const clips = ['hidden', 'clip'].includes(style.overflowX);
    if (clips && el.scrollWidth > el.clientWidth + 1) {
      found.push(el.tagName + ': ' + el.textContent.trim().slice(0, 60));
    }
  }
  return found;
}"""


# What sticks out past the right edge (the innermost elements that do).
_WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > WIDTH + 1)
  .filter(el => ![...el.children].some(c => c.getBoundingClientRect().right > WIDTH + 1))
  .slice(0, 5).map(el => el.tagName + ': ' + el.textContent.trim().slice(0, 40))"""


def checked(page: Page, width: int, name: str) -> None:
    """What every step must hold at ``width``: no sideways scroll, no clipped text; a screenshot."""
    page.wait_for_load_state()
    shot(page, f"{name}-{width}px")  # first: a failing step shows what went wrong
    wide = page.evaluate(_WIDE.replace("WIDTH", str(width)))
    assert fits(page, width), f"{name} scrolls sideways at {width} px: {wide}"
    clipped = page.evaluate(_CLIPPED)
    assert clipped == [], f"{name}: clipped text: {clipped}"


def clean(watch: Watch, live: ClinicLive) -> None:
    """No request left the server's origin; no console error or warning, no script error."""
    here = urlsplit(live.url).netloc
    outside = [u for u in watch.requests if urlsplit(u).netloc not in (here, "")]
    assert outside == [], outside
    assert watch.problems == [], watch.problems
