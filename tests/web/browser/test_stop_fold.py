"""A stop on a phone (review 10, m4, m6): the call button comes straight after the title, so
however many answers are listed it is in view at 360x640, on the result and on Today; a
zone with no country leads to setting one and back to the number. Screenshots go to
test-artifacts/web/fold-*.png and zone-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from backrub.domain.screening import QUESTIONS, Group
from backrub.web import WebSettings
from tests.web.browser.kit import answer_welcome, fits, serving, shot

WIDTH, HEIGHT = 360, 640
EVERY_SIGN = frozenset(q.id for q in QUESTIONS if not q.is_choice)
CAUDA_EQUINA_SIGNS = frozenset(q.id for q in QUESTIONS if q.group is Group.CAUDA_EQUINA)


@pytest.mark.parametrize(
    ("name", "yes"),
    [("cauda-equina", CAUDA_EQUINA_SIGNS), ("every-sign", EVERY_SIGN)],
)
@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_call_is_above_the_fold_however_many_answers_are_listed(
    browser: Browser, tmp_path: Path, name: str, yes: frozenset[str], language: str
) -> None:
    # Review 10, m4: six answers listed first pushed the call 5 px below the fold (vi).
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    with serving(WebSettings(db=str(tmp_path / "fold.sqlite3"))) as live:
        context.add_cookies([{"name": "backrub_lang", "value": language, "url": live.url}])
        answer_welcome(page, live.url, yes=yes, zone="Asia/Ho_Chi_Minh")
        for where in ("result", "today"):
            if where == "today":
                page.goto(live.url + "/")
            alert = page.locator("[role=alert]")
            assert alert.locator("ul.findings li").count() >= len(CAUDA_EQUINA_SIGNS) // 2
            box = alert.locator("a.call[href='tel:115']").bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT, (
                where,
                box,
            )
            # The call comes before the list of answers, the list before what to do.
            order = alert.evaluate(
                "a => [a.querySelector('a.call'), a.querySelector('ul.findings'), "
                "a.querySelector('.stop-message')].map(e => e.getBoundingClientRect().top)"
            )
            assert order == sorted(order), (where, order)
            assert fits(page, WIDTH)
            shot(page, f"fold-{name}-{where}-{language}-{WIDTH}px")
    context.close()


def test_a_zone_with_no_country_leads_to_setting_it_and_back_to_the_call(
    browser: Browser, tmp_path: Path
) -> None:
    # Review 10, m6: UTC gave no call button and no way to get one.
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    with serving(WebSettings(db=str(tmp_path / "zone.sqlite3"))) as live:
        context.add_cookies([{"name": "backrub_lang", "value": "en", "url": live.url}])
        answer_welcome(page, live.url, yes=("chest_pain",), zone="UTC")
        alert = page.locator("[role=alert]")
        expect(alert.locator("a.call")).to_have_count(0)
        link = alert.get_by_role(
            "link", name="Set your time zone, so that backrub can show your emergency number"
        )
        expect(link).to_be_in_viewport()
        shot(page, f"zone-utc-result-{WIDTH}px")
        link.click()
        page.locator("#f-tz").fill("Europe/London")
        shot(page, f"zone-page-{WIDTH}px")
        page.get_by_role("button", name="Change").click()
        page.wait_for_load_state()
        assert page.url.endswith("/screening")
        call = page.locator("[role=alert] a.call[href='tel:999']")
        expect(call).to_be_in_viewport()
        expect(call).to_have_text("Call 999 now")
        shot(page, f"zone-london-result-{WIDTH}px")
    context.close()
