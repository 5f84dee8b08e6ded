"""Journey: a client whose phone asks for Vietnamese (360 px): sign in, screen, check in, progress.

The same steps as test_client_phone.py, found by their places rather than
their English names; every page says it is Vietnamese. Screenshots:
test-artifacts/clinic/client-vi-<step>-360px.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from backrub.domain.screening import QUESTIONS
from tests.clinic.browser.kit import ClinicLive, checked, clean, email_of
from tests.clinic.conftest import PASSWORD
from tests.web.browser.kit import Watch

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
PHONE = 360


def in_vietnamese(page: Page) -> None:
    assert page.get_attribute("html", "lang") == "vi"


def test_a_client_in_vietnamese_on_a_phone(browser: Browser, clinic_live: ClinicLive) -> None:
    context = browser.new_context(
        viewport={"width": PHONE, "height": 900},
        locale="vi-VN",
        extra_http_headers={"Accept-Language": "vi"},
    )
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    try:
        page.goto(clinic_live.url + "/sign-in")
        in_vietnamese(page)
        expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
        checked(page, PHONE, "client-vi-01-sign-in")
        page.fill("#email", email_of(clinic_live, "a.client3"))
        page.fill("#password", PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(lambda url: url.endswith(("/", "/welcome")))
        if not page.url.endswith("/welcome"):
            page.goto(clinic_live.url + "/welcome")
        in_vietnamese(page)
        for question in QUESTIONS:
            page.check(f"#f-{question.id}-{'20_50' if question.is_choice else 'no'}")
        page.locator("form[action='/screening'] button[type=submit]").click()
        page.wait_for_load_state()
        in_vietnamese(page)
        checked(page, PHONE, "client-vi-02-screening")

        page.goto(clinic_live.url + "/")
        page.locator("label[for='f-pain-4']").click()
        page.locator("form[action='/checkins'] button[type=submit]").first.click()
        saved = page.get_by_role("status")
        saved.wait_for()
        assert "4/10" in saved.inner_text()
        in_vietnamese(page)
        checked(page, PHONE, "client-vi-03-checked-in")

        page.locator("nav a[href='/progress']").first.click()
        page.wait_for_url("**/progress")
        in_vietnamese(page)
        checked(page, PHONE, "client-vi-04-progress")
    finally:
        context.close()
    clean(watch, clinic_live)
