"""The screening's emergency banner in a real browser (people review 8, F5): at 360 px the
person's own answer and the call are both in view; the signs behind "Why" open from the
keyboard alone. Screenshots go to test-artifacts/web/banner-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from backrub.web import WebSettings
from tests.web.browser.kit import answer_welcome, fits, serving, shot

YES = ("history_of_cancer", "leg_weakness_new")


@pytest.mark.parametrize("width", [1280, 360])
def test_the_answer_and_the_call_are_in_view_and_why_opens_from_the_keyboard(
    browser: Browser, tmp_path: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-GB")
    page = context.new_page()
    with serving(WebSettings(db=str(tmp_path / "banner.sqlite3"))) as live:
        answer_welcome(page, live.url, yes=YES, zone="Asia/Ho_Chi_Minh")
        alert = page.locator("[role=alert]")
        expect(alert.locator("ul.findings li").first).to_contain_text("Cancer now or in the past")
        expect(alert.locator("ul.findings")).to_be_in_viewport()
        expect(alert.locator("a[href='tel:115']")).to_be_in_viewport()
        signs = alert.locator("details p")
        expect(signs).to_be_hidden()  # the list of signs waits behind "Why"
        assert fits(page, width), f"the page scrolls sideways at {width} px"
        shot(page, f"banner-closed-{width}px")
        alert.locator("details summary").focus()
        page.keyboard.press("Enter")
        expect(signs).to_be_visible()
        expect(signs).to_contain_text("cauda equina syndrome")
        shot(page, f"banner-open-{width}px")
    context.close()


@pytest.mark.parametrize(("width", "height"), [(360, 640), (1280, 800)])
@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_call_is_above_the_fold_for_the_longest_combination(
    browser: Browser, tmp_path: Path, width: int, height: int, language: str
) -> None:
    # Review S9: the combination's clinical words pushed the call below the fold at 360 px.
    from backrub.domain.red_flags import COMBINATIONS, Tier
    from backrub.i18n import use_language

    emergencies = [c for c in COMBINATIONS if c.tier is Tier.EMERGENCY]
    with use_language(language):
        longest = max(emergencies, key=lambda c: len(c.shown_label))
    yes = {*longest.needs_all, *longest.needs_any, *longest.needs_also}
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    with serving(WebSettings(db=str(tmp_path / "fold.sqlite3"))) as live:
        context.add_cookies([{"name": "backrub_lang", "value": language, "url": live.url}])
        answer_welcome(page, live.url, yes=yes, zone="Asia/Ho_Chi_Minh")
        alert = page.locator("[role=alert]")
        expect(alert.locator("ul.findings li")).to_have_count(1)  # no answer listed twice
        call = alert.locator("a[href='tel:115']")
        box = call.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, box
        assert fits(page, width)
        shot(page, f"banner-longest-{language}-{width}px")
        # Review 10, M1: the Today page repeats the stop with the same call button.
        page.goto(live.url + "/")
        alert = page.locator("[role=alert]")
        expect(alert.locator("ul.findings li")).to_have_count(1)
        call = alert.locator("a.call[href='tel:115']")
        box = call.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, box
        assert fits(page, width)
        shot(page, f"banner-today-{language}-{width}px")
    context.close()


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_stop_in_a_partly_answered_form_is_what_the_person_sees_first(
    browser: Browser, tmp_path: Path, language: str
) -> None:
    # Review 10, M8: focus went to the first question still open, and the "so far" stop
    # banner sat 1,134 px above the screen, unseen.
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    with serving(WebSettings(db=str(tmp_path / "sofar.sqlite3"))) as live:
        context.add_cookies([{"name": "backrub_lang", "value": language, "url": live.url}])
        page.goto(live.url + "/welcome")
        for qid in ("fever_or_chills", "leg_clot_signs"):
            page.locator(f"#f-{qid}-yes").check()
        page.locator("#f-tz").fill("Europe/London")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        stop = page.locator("form .banner.stop[role=alert]")
        expect(stop).to_be_focused()
        expect(stop.locator("h3")).to_be_in_viewport()
        expect(stop.locator("ul.findings")).to_be_in_viewport()
        expect(page.locator("[aria-invalid=true]").first).to_be_attached()  # still marked
        shot(page, f"banner-so-far-{language}-360px")
    context.close()
