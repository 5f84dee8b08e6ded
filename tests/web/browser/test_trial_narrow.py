"""The trial page and its report at 360 px: the SHA-256 and the dates wrap, nothing scrolls
sideways (findings F4), and the plan's registration text can be downloaded before starting."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from backrub import services
from backrub.services.records import current_profile
from backrub.services.trials import start_trial
from backrub.store import open_store
from backrub.web import WebSettings
from tests.web.browser.kit import Browser, Live, expect, fits, open_page, serving, shot
from tests.web.conftest import answers

NOW = "2026-03-03T09:30:00+00:00"


@pytest.fixture
def with_trial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Live]:
    """A live server whose one profile has 20 days of check-ins and a running trial."""
    monkeypatch.setenv("BACKRUB_NOW", NOW)
    monkeypatch.setenv("BACKRUB_TZ", "Europe/Paris")
    db = str(tmp_path / "trial.sqlite3")
    with serving(WebSettings(db=db)) as server:
        store = open_store(db)
        try:
            now = datetime.fromisoformat(NOW)
            profile = current_profile(store, None, create=True, now=now)
            services.record_screening(store, profile, answers(), today=now.date())
            profile = store.profiles()[0]
            for n in range(20, 0, -1):
                at = (now - timedelta(days=n)).isoformat()
                services.record_checkin(store, profile, now=now, pain=3 + n % 4, at=at)
            start_trial(
                store, profile, now=now, confirmed=True, seed=7, first_day=now.date().isoformat()
            )
        finally:
            store.close()
        yield server


def test_the_trial_page_and_its_report_fit_a_phone(browser: Browser, with_trial: Live) -> None:
    page, _watch, context = open_page(browser, width=360)
    try:
        page.goto(with_trial.url + "/trial")
        expect(page.locator("#trial-hash")).to_be_visible()
        shot(page, "trial-running-360px")
        assert fits(page, 360), "/trial scrolls sideways at 360 px"
        report = page.request.get(with_trial.url + "/trial/report.html")
        assert report.ok
        page.goto("about:blank")  # the saved file opens without the server's CSP
        page.set_content(report.text())
        shot(page, "trial-report-360px")
        assert fits(page, 360), "the trial report scrolls sideways at 360 px"
    finally:
        context.close()


def test_the_seed_and_hash_copy_buttons_say_what_they_did(
    browser: Browser, with_trial: Live
) -> None:
    """The buttons appear with the script (no inline script: CSP) and say "Copied", or,
    where the browser keeps the clipboard closed, select the text and say how to copy."""
    page, watch, context = open_page(browser, width=360)
    try:
        page.goto(with_trial.url + "/trial")
        for name in ("seed", "hash"):
            button = page.locator(f"button[data-copy='trial-{name}']")
            expect(button).to_be_visible()
            button.click()
            status = page.locator(f"#trial-{name}-status")
            expect(status).to_have_text(re.compile(r"^(Copied|Selected: press Ctrl\+C to copy)$"))
        assert fits(page, 360), "/trial scrolls sideways at 360 px with the copy buttons"
        assert watch.problems == []  # no CSP refusal, no script error
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_finished_trials_page_fits_360_px(
    browser: Browser, tmp_path: Path, language: str
) -> None:
    # The table of sleep and the weekly PEG by period scrolled the whole page sideways in
    # English (12 px): it scrolls in its own box now.
    from tests.web.browser.kit import screen_in_browser
    from tests.web.test_trial_plain import _finished_trial

    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    with serving(WebSettings(db=str(tmp_path / "done.sqlite3"))) as live:
        screen_in_browser(page, live.url)
        _finished_trial(live.server.config.app.state.backend.store)
        context.add_cookies([{"name": "backrub_lang", "value": language, "url": live.url}])
        page.goto(live.url + "/trial")
        expect(page.locator("#secondary table")).to_be_visible()
        assert fits(page, 360), "the finished trial's page scrolls sideways at 360 px"
        shot(page, f"trial-finished-{language}-360px")
    context.close()
