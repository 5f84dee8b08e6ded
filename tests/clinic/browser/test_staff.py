"""Journeys: a therapist at a desk (1280 px) and on a phone (360 px); an administrator.

The therapist signs in, opens their client list, a client's timeline, writes
a session with SOAP notes and opens the report. The administrator opens the
people page and the audit log. Every step: no sideways scroll, no clipped
text, no console error, no request to another origin. Screenshots:
test-artifacts/clinic/therapist-<step>-<width>px.png, admin-<step>-<width>px.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from backrub import services
from backrub.services import accounts
from backrub.store import open_store
from tests.clinic.browser.kit import ClinicLive, checked, clean, email_of, signed_in_context
from tests.clinic.conftest import PASSWORD
from tests.web.browser.kit import open_page
from tests.web.conftest import NOW

# The test's own seeding sees every clinic; requests get their own scope.
pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.usefixtures("maintenance")]


def _client_records(live: ClinicLive, name: str) -> None:
    """Give a client a check-in, so their timeline and report have something in them."""
    store = open_store(live.db, server_only=True)
    try:
        profile = accounts.client_profile(store, live.people[name])
        assert profile is not None
        services.record_checkin(store, profile, now=NOW, pain=5, note="stiff after work")
    finally:
        store.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_a_therapist_writes_session_notes_and_opens_the_report(
    browser: Browser, clinic_live: ClinicLive, width: int
) -> None:
    name = "a.therapist1" if width == 1280 else "b.therapist1"
    client = name.replace("therapist", "client")
    _client_records(clinic_live, client)
    page, watch, context = open_page(browser, width=width)
    try:
        page.goto(clinic_live.url + "/sign-in")
        page.fill("#email", email_of(clinic_live, name))
        page.fill("#password", PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/clinic")
        checked(page, width, "therapist-01-clinic")
        page.get_by_role("link", name="Your clients").click()  # where a therapist starts
        expect(page.get_by_role("heading", name="Your clients")).to_be_visible()
        checked(page, width, "therapist-02-clients")

        shown = clinic_live.people[client].display_name
        page.get_by_role("link", name=shown).click()
        expect(page.get_by_role("heading", name=shown, level=1)).to_be_visible()
        expect(page.locator("main")).to_contain_text("5")
        checked(page, width, "therapist-03-timeline")

        page.get_by_role("link", name="Write a session with SOAP notes").click()
        page.check("#f-technique-relaxation")
        page.fill("#f-minutes", "45")
        page.fill("#f-subjective", "Pain 5/10 after long days at the desk.")
        page.fill("#f-objective", "Tender left lower back, full range of movement.")
        page.fill("#f-assessment", "Non-specific low back pain, no warning signs.")
        page.fill("#f-plan", "Weekly for four weeks; walking every day.")
        checked(page, width, "therapist-04-soap")
        page.get_by_role("button", name="Save the session").click()
        page.wait_for_url(f"**/clinic/clients/{clinic_live.people[client].public_id}*")
        expect(page.locator("main")).to_contain_text("Tender left lower back")
        checked(page, width, "therapist-05-saved")

        page.get_by_role("link", name="Report", exact=True).click()
        expect(page.get_by_role("heading", name=f"Report for {shown}")).to_be_visible()
        checked(page, width, "therapist-06-report")
    finally:
        context.close()
    clean(watch, clinic_live)


@pytest.mark.parametrize("width", [1280, 360])
def test_an_administrator_opens_people_and_the_audit_log(
    browser: Browser, clinic_live: ClinicLive, width: int
) -> None:
    page, watch, context = signed_in_context(browser, clinic_live, "a.admin", width=width)
    try:
        page.goto(clinic_live.url + "/clinic")
        checked(page, width, "admin-01-clinic")
        page.get_by_role("link", name="People", exact=True).click()
        page.wait_for_url("**/clinic/people")
        expect(page.locator("main")).to_contain_text("Therapist1 A")
        checked(page, width, "admin-02-people")
        page.goto(clinic_live.url + "/clinic")
        page.get_by_role("link", name="Audit log").click()
        expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
        checked(page, width, "admin-03-audit")
    finally:
        context.close()
    clean(watch, clinic_live)
