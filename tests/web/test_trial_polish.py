"""What the browser review found on the trial pages (findings F7-F11): the too-few-days
refusal before the form, the schedule download before starting, a no-massage day on the
Self-massage page, a massage logged on such a day, washout days in the schedule."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from fastapi.testclient import TestClient

from backrub import services
from backrub.domain.nof1_design import parse_design, schedule
from backrub.domain.nof1_trial import TrialRecord
from backrub.store import Store
from backrub.store.trial_rows import add_trial
from tests.web.conftest import NOW, post_form, screen_clear, soup


def _diary(store: Store, days: int) -> None:
    profile = store.profiles()[0]
    for n in range(days, 0, -1):
        at = NOW - timedelta(days=n)
        services.record_checkin(store, profile, now=NOW, pain=3 + n % 4, at=at.isoformat())


def _trial_starting_today(store: Store, first_arm: str) -> str:
    """Keep a trial whose first day is today and whose first period is ``first_arm``."""
    seed = next(
        s
        for s in range(100)
        if schedule(parse_design(seed=s), NOW.date()).periods[0].arm == first_arm
    )
    found = schedule(parse_design(seed=seed), NOW.date())
    profile = store.profiles()[0]
    assert profile.id is not None
    record = TrialRecord("trial-polish", 4, 7, 2, seed, NOW.date(), found.sha256, NOW)
    add_trial(store, profile.id, record)
    return found.sha256


def test_too_few_check_ins_are_said_before_the_form_with_what_to_do(
    client: TestClient, web_store: Store
) -> None:
    screen_clear(client)
    _diary(web_store, 6)
    page = soup(client.get("/trial"))
    box = page.select_one('#trial-too-few[role="alert"][tabindex="-1"]')
    assert box is not None, "the shortfall is not said up front"
    words = box.get_text(" ", strip=True)
    assert "Days so far: 6" in words and "still to go: 8" in words
    assert "Check in each day" in words and "Not saved" not in words
    assert box.select_one('a[href="/#checkin"]') is not None
    assert page.select_one('form[action="/trial/plan"]') is None  # no form that cannot work
    posted = post_form(client, "/trial/plan", {})
    assert posted.status_code == 422 and "Days so far: 6" in posted.text
    assert "Not saved" not in posted.text


def test_the_planned_schedule_can_be_downloaded_before_starting_and_its_hash_checked(
    client: TestClient, web_store: Store
) -> None:
    screen_clear(client)
    planned = schedule(parse_design(seed=7), NOW.date() + timedelta(days=1))
    query = {"seed": "7", "first_day": planned.first_day.isoformat()}
    got = client.get("/trial/schedule.txt", params=query)
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/plain")
    text = got.text
    assert planned.sha256 in text and "Seed: 7" in text and "not started yet" in text
    assert "Registered" not in text
    inside = text.split("----- BEGIN SCHEDULE -----\n")[1].split("----- END SCHEDULE -----")[0]
    assert hashlib.sha256(inside.encode()).hexdigest() == planned.sha256
    first = planned.periods[0]
    assert f"counts from {(first.first + timedelta(days=2)).isoformat()}" in text
    assert client.get("/trial/schedule.txt", params={"seed": "x"}).status_code == 422


def test_a_running_trial_shows_washout_days_and_no_registered_claim(
    client: TestClient, web_store: Store
) -> None:
    screen_clear(client)
    digest = _trial_starting_today(web_store, "A")
    page = soup(client.get("/trial"))
    heads = [th.text for th in page.select("table.trial-schedule th")]
    # "Massage?" right after the dates, no pair column: in view on a phone (review 8, F8).
    assert heads == ["Period", "Dates", "Massage?", "Counts from"]
    first_row = page.select("table.trial-schedule tbody tr")[0]
    assert (NOW.date() + timedelta(days=2)).isoformat() in first_row.text
    assert page.select_one('a[href="/trial/schedule.txt"]') is not None
    assert "What it shows so far" in page.text
    assert "counts once it is over" in page.text  # day 1: nothing lost, not yet counted
    started = client.get("/trial?started=1").text
    assert "today, before your first check-in" in started
    report = client.get("/trial/report.html").text
    assert digest in report and "Registered" not in report
    assert "The schedule was fixed on" in report and "Raw difference of means" not in report
    own = client.get("/trial/schedule.txt").text
    assert digest in own and "Schedule fixed on" in own


def test_a_no_massage_day_is_said_up_front_and_offers_the_trial_not_another_tool(
    client: TestClient, web_store: Store
) -> None:
    screen_clear(client)
    _trial_starting_today(web_store, "B")
    page = soup(client.get("/guided"))
    notice = page.select_one('#trial-no-massage[role="alert"]')
    assert notice is not None and "without massage" in notice.text
    assert notice.select_one('a[href="/trial"]') is not None
    assert notice.select_one('a[href="/trial/stop"]') is not None
    assert page.select_one('form[action="/guided/plan"]') is None
    refused = client.get("/guided/plan", params={"tool": "tennis_ball"})
    assert refused.status_code == 409
    links = [a["href"] for a in soup(refused).select("ul.items a")]
    assert "/trial" in links and "/trial/stop" in links
    assert "/guided" not in links and "/guided/log" not in links


def test_a_professional_session_on_a_no_massage_day_is_saved_with_a_plain_note(
    client: TestClient, web_store: Store
) -> None:
    screen_clear(client)
    _trial_starting_today(web_store, "B")
    data = {"technique": "relaxation", "minutes": "60", "at": NOW.isoformat()}
    saved = post_form(client, "/sessions/pro", data)
    assert saved.status_code == 200
    note = soup(saved).select_one('.saved[role="status"]').text
    assert "Professional session saved." in note and "counts as not followed" in note
