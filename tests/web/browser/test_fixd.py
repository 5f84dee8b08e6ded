"""A thumb can hit every answer: at 360 px each radio and checkbox row (the safety
questions, the plan form's weekdays and tools, Today's leg-symptom yes/no) is a label
at least 44 px tall, and tapping anywhere on it chooses the answer. One run is
keyboard-only (Space on each safety answer)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from backrub.domain.screening import QUESTIONS
from tests.web.browser.kit import Browser, Live, Page, expect, fits, open_page, shot

TALL = 44  # px: the smallest comfortable tap target (WCAG 2.5.5, Apple and Android guides)


def short_rows(page: Page) -> list[str]:
    """Return each visible answer row (a label of a radio or checkbox) under 44 px tall."""
    found: list[str] = page.evaluate(
        """(tall) => [...document.querySelectorAll('.option > label')]
             .filter(l => l.offsetParent !== null)
             .map(l => [l.textContent.trim().slice(0, 40), l.getBoundingClientRect().height])
             .filter(([, h]) => h < tall)
             .map(([t, h]) => `${t}: ${Math.round(h)} px`)""",
        TALL,
    )
    return found


@pytest.mark.parametrize(("width", "keyboard"), [(1280, False), (360, False), (360, True)])
def test_every_answer_row_is_a_target_a_thumb_can_hit(
    browser: Browser, live: Live, width: int, keyboard: bool
) -> None:
    page, watch, context = open_page(browser, width=width)
    try:
        name = f"fixd-{'kbd-' if keyboard else ''}"
        page.goto(live.url + "/screening")
        assert short_rows(page) == []
        first = QUESTIONS[1]
        assert not first.is_choice
        if not keyboard:  # the label's far edge, not the little circle, chooses the answer
            label = page.locator(f"label[for='f-{first.id}-yes']")
            label.scroll_into_view_if_needed()
            box = label.bounding_box()
            assert box is not None and box["height"] >= TALL
            page.mouse.click(box["x"] + box["width"] - 3, box["y"] + box["height"] - 3)
            expect(page.locator(f"#f-{first.id}-yes")).to_be_checked()
        for question in QUESTIONS:
            choice = f"#f-{question.id}-{'20_50' if question.is_choice else 'no'}"
            if keyboard:
                page.focus(choice)
                page.keyboard.press("Space")
            else:
                page.locator(f"label[for='{choice[1:]}']").click()
        assert fits(page, width)
        shot(page, f"{name}screening-{width}px")
        button = page.get_by_role("button", name="See the result")
        if keyboard:
            button.focus()
            page.keyboard.press("Enter")
        else:
            button.click()
        expect(page.get_by_role("heading", name="No warning signs")).to_be_visible()
        for path in ("/plan/new", "/"):
            page.goto(live.url + path)
            assert short_rows(page) == [], path
            if path == "/":  # the 0-10 pain buttons: one row from 600 px, else 6 and 5
                rows = page.evaluate(
                    """[...document.querySelectorAll("label[for^='f-pain-']")]
                         .map(l => Math.round(l.getBoundingClientRect().top))"""
                )
                assert len(rows) == 11
                assert sorted(map(rows.count, set(rows))) == ([11] if width >= 600 else [5, 6])
            assert fits(page, width), path
            shot(page, f"{name}{path.strip('/').replace('/', '-') or 'today'}-{width}px")
        assert watch.problems == []
        assert {urlsplit(u).hostname for u in watch.requests} == {"127.0.0.1"}
    finally:
        context.close()
