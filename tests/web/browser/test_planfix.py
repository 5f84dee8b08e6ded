"""The screening result in Chromium says what the shared summary holds: leg pain kept from
an older episode leaves the tennis ball and the gun out, says why and how to lift it, and
lifting it (by keyboard at 360 px) gives a plain all-clear with the episode's stage; a plan
refused for its budget names protocols by their titles, with the study's caveats."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from backrub import services
from backrub.domain.screening import QUESTIONS
from backrub.services.records import current_profile
from backrub.store import open_store
from backrub.web import WebSettings
from tests.web.browser.kit import Browser, Live, Page, expect, fits, open_page, serving, shot

TUESDAY = "2026-03-03T09:30:00+00:00"
LEFT_OUT = "The tennis ball and the massage gun are left out while you have leg pain below the knee"


@pytest.fixture
def with_leg_pain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Live]:
    """A live server whose one profile recorded an episode with leg pain 3 weeks ago."""
    monkeypatch.setenv("BACKRUB_NOW", TUESDAY)
    monkeypatch.setenv("BACKRUB_TZ", "Europe/Paris")
    db = str(tmp_path / "legpain.sqlite3")
    with serving(WebSettings(db=db)) as server:
        store = open_store(db)
        try:
            now = datetime.fromisoformat(TUESDAY)
            profile = current_profile(store, None, create=True, now=now)
            onset = (now - timedelta(weeks=3)).date().isoformat()
            services.add_episode(
                store, profile, today=now.date(), onset=onset, leg_pain_below_knee=True
            )
        finally:
            store.close()
        yield server


def _answer_no(page: Page, keyboard: bool) -> None:
    for question in QUESTIONS:
        choice = f"#f-{question.id}-{'20_50' if question.is_choice else 'no'}"
        if keyboard:
            page.focus(choice)
            page.keyboard.press("Space")
        else:
            page.check(choice)
    button = page.get_by_role("button", name="See the result")
    if keyboard:
        button.focus()
        page.keyboard.press("Enter")
    else:
        button.click()


@pytest.mark.slow
@pytest.mark.parametrize(("width", "keyboard"), [(1280, False), (360, True)])
def test_old_leg_pain_is_said_and_lifted_and_a_refused_plan_speaks_in_titles(
    browser: Browser, with_leg_pain: Live, width: int, keyboard: bool
) -> None:
    page, watch, context = open_page(browser, width=width)
    tag = f"{width}px"
    try:
        page.goto(with_leg_pain.url + "/welcome")
        _answer_no(page, keyboard)
        main = page.get_by_role("main")
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_text("Some kinds of massage are left out for you")
        expect(main).to_contain_text(LEFT_OUT)
        expect(main).to_contain_text("Pain below the knee: possible sciatica")
        expect(main).to_contain_text("get help the same day if a leg or foot gets numb")
        expect(main).to_contain_text("so it still counts")
        assert "--no-leg-pain" not in page.content()
        assert fits(page, width)
        shot(page, f"planfix-leg-pain-{tag}")

        gone = page.get_by_role("button", name="The leg pain has gone")
        if keyboard:
            gone.focus()
            page.keyboard.press("Enter")
        else:
            gone.click()
        expect(heading).to_have_text("No warning signs")
        expect(main).not_to_contain_text(LEFT_OUT)
        expect(main).to_contain_text("Your back pain began 3 weeks ago: acute")
        assert fits(page, width)
        shot(page, f"planfix-lifted-{tag}")

        page.goto(with_leg_pain.url + "/plan/new")
        page.check("#f-protocol-cherkin-10-weekly")
        page.check("#f-days-mon")
        page.check("#f-days-thu")
        page.fill("#f-price", "80")
        page.fill("#f-budget_total", "500")
        page.get_by_role("button", name="Make the plan").click()
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("“10 weekly sessions of 50–60 min” does not fit")
        expect(alert).to_contain_text("A very small trial (24 people)")
        assert "cherkin-10-weekly" not in alert.inner_text()
        assert fits(page, width)
        shot(page, f"planfix-refused-{tag}")

        # The refused plan answers 409, which Chromium logs; nothing else may complain.
        assert [p for p in watch.problems if "status of 409" not in p] == []
        assert all(urlsplit(url).hostname == "127.0.0.1" for url in watch.requests)
    finally:
        context.close()
