"""Progress charts in a real browser: sensible axes, values reachable by keyboard, no overflow.

One journey per width: a profile with one day of data (the axis spans a week of
days, never years), then the demo profile (weeks of data, every chart). The
charts are read with the keyboard alone: Tab reaches a chart's first reading,
the arrow keys the next ones, and each shows its value under the chart.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backrub.web import WebSettings
from tests.web.browser.kit import (
    Browser,
    Page,
    expect,
    fits,
    open_page,
    screen_in_browser,
    serving,
    shot,
)

DAY_TICK = re.compile(r"\d{1,2} [A-Z][a-z]{2}")
YEAR = re.compile(r"\b(19|20)\d\d\b")


def axis_labels(page: Page, chart: int) -> list[str]:
    """Return the date labels under a chart's plot (the texts below its x axis)."""
    texts = page.locator(f"#chart-{chart} svg text").all_text_contents()
    return [t for t in texts if DAY_TICK.fullmatch(t) or re.fullmatch(r"[A-Z][a-z]{2}( \d{4})?", t)]


def focused_name(page: Page) -> str:
    """Return the accessible name Chromium gives the focused reading (from its <title>)."""
    snapshot = page.locator(":focus").aria_snapshot()
    found = re.search(r'img "([^"]+)"', snapshot)
    assert found is not None, snapshot
    return found.group(1)


def tab_to_a_point(page: Page) -> str:
    """Press Tab until a chart's reading has focus; return its accessible name."""
    for _ in range(250):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.chart-point')"):
            return focused_name(page)
    raise AssertionError("no chart reading can be reached with Tab")


def shown_value(page: Page) -> str:
    focused = page.locator(".chart-point:focus")
    return page.locator("figure.chart", has=focused).locator(".chart-value").inner_text()


def smallest_text_px(page: Page) -> float:
    return float(
        page.evaluate(
            "Math.min(...[...document.querySelectorAll('figure.chart svg text')]"
            ".map(t => t.getBoundingClientRect().height).filter(h => h > 0))"
        )
    )


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 360])
def test_charts_have_sensible_axes_and_every_reading_can_be_read_by_keyboard(
    browser: Browser, tmp_path: Path, width: int
) -> None:
    page, watch, context = open_page(browser, width=width)
    tag = f"{width}px"
    urls: list[str] = []
    try:
        with serving(WebSettings(db=str(tmp_path / "one-day.sqlite3"))) as live:
            urls.append(live.url)
            screen_in_browser(page, live.url)
            page.goto(live.url + "/")
            page.locator("label[for='f-pain-4']").click()
            page.get_by_role("button", name="Save check-in").click()
            page.get_by_role("status").wait_for()
            page.goto(live.url + "/progress")
            labels = axis_labels(page, 1)
            # One day of data: a week of day labels, not 2025-2029.
            assert 3 <= len(labels) <= 7 and all(DAY_TICK.fullmatch(t) for t in labels), labels
            assert not any(YEAR.search(t) for t in labels)
            assert fits(page, width)
            shot(page, f"charts-one-day-{tag}")
            name = tab_to_a_point(page)
            assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d: pain 4 out of 10", name)
            assert shown_value(page) == name
            shot(page, f"charts-one-day-focus-{tag}")

        with serving(WebSettings(db=str(tmp_path / "demo.sqlite3"), demo=True)) as demo:
            urls.append(demo.url)
            page.goto(demo.url + "/progress")
            charts = page.locator("figure.chart")
            assert charts.count() >= 3  # pain, questionnaires, self-massage minutes
            for n in range(1, charts.count() + 1):
                labels = axis_labels(page, n)
                assert 2 <= len(labels) <= 7, labels
            assert fits(page, width)
            assert smallest_text_px(page) >= 10  # legible at 360 px too
            widths = {round(c.bounding_box()["width"]) for c in charts.locator("svg").all()}  # type: ignore[index]
            assert len(widths) == 1  # one size for every chart
            shot(page, f"charts-demo-{tag}")
            first = tab_to_a_point(page)
            assert shown_value(page) == first
            page.keyboard.press("ArrowRight")
            second = focused_name(page)
            assert second != first and shown_value(page) == second
            assert re.search(r": pain \d+ out of 10", second)
            page.locator("details.chart-table summary").first.press("Enter")
            expect(page.locator("details.chart-table table").first).to_be_visible()
            assert fits(page, width)
            shot(page, f"charts-demo-focus-{tag}")
    finally:
        context.close()
    outside = [u for u in watch.requests if not any(u.startswith(base + "/") for base in urls)]
    assert outside == []
    assert watch.problems == []  # a CSP violation or script error shows up here
