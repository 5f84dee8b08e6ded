"""The trial's journeys after clinical review 7 item 5 and the session 7 reviews: "Before
you start" ticked before anything starts, a change of other treatment recorded on a trial
day, a bad seed named, the chart with dates, the seed and hash to copy."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from backrub import services
from backrub.domain.nof1_design import parse_design, schedule
from backrub.domain.nof1_trial import TrialRecord
from backrub.services import trial_care
from backrub.store import Store
from backrub.store.trial_rows import add_trial
from tests.web.conftest import NOW, post_form, screen_clear, soup


def _diary(store: Store, days: int = 20) -> None:
    profile = store.profiles()[0]
    for n in range(days, 0, -1):
        at = NOW - timedelta(days=n)
        services.record_checkin(store, profile, now=NOW, pain=3 + n % 4, at=at.isoformat())


def _trials(store: Store) -> int:
    from backrub.services.trials import trials_of

    return len(trials_of(store, store.profiles()[0]))


def _running(store: Store) -> TrialRecord:
    """Keep a trial that started 3 days ago (seed 1) and return it."""
    first = NOW.date() - timedelta(days=3)
    found = schedule(parse_design(seed=1), first)
    profile = store.profiles()[0]
    assert profile.id is not None
    record = TrialRecord("trial-flow", 4, 7, 2, 1, first, found.sha256, NOW - timedelta(days=4))
    return add_trial(store, profile.id, record)


def test_nothing_starts_until_before_you_start_is_ticked(
    client: TestClient, web_store: Store
) -> None:
    screen_clear(client)
    _diary(web_store)
    planned = post_form(client, "/trial/plan", {"seed": "9"})
    assert planned.status_code == 200, planned.text
    page = soup(planned)
    before = page.select_one("#before-h").find_parent("section").text
    for words in ("therapist's sessions too", "Pausing is low-risk", "exercise"):
        assert words in before
    assert "flare" in before and "bladder" in before and "record it" in before
    assert page.select_one("#before-h ~ ul a[href='/evidence/nice-ng59']") is not None
    box = page.select_one("input[type=checkbox][name=before_you_start]")
    assert box is not None and box.has_attr("required")
    hidden = {i["name"]: i["value"] for i in page.select("form input[type=hidden]")}
    unticked = post_form(client, "/trial/start", hidden)
    assert unticked.status_code == 422 and _trials(web_store) == 0
    error = soup(unticked).select_one("#f-before_you_start-error")
    assert error is not None and "Before you start" in error.text
    assert "Traceback" not in unticked.text and "before_you_start" not in error.text
    # the same plan is shown again: its hash is the one ticked and started
    digest = soup(unticked).select_one("#trial-hash").text
    assert digest == page.select_one("#trial-hash").text
    ticked = {**hidden, "before_you_start": "yes"}
    started = post_form(client, "/trial/start", ticked, follow_redirects=False)
    assert started.status_code == 303 and _trials(web_store) == 1
    assert digest in client.get("/trial").text


def test_a_bad_seed_is_named_in_the_forms_box_and_nothing_starts(
    client: TestClient, web_store: Store
) -> None:
    screen_clear(client)
    _diary(web_store)
    for seed in ("-1", "2147483648", "١٢", "<b>7</b>", "9" * 5000):
        for path in ("/trial/plan", "/trial/start"):
            data = {"seed": seed, "before_you_start": "yes"}
            refused = post_form(client, path, data)
            assert refused.status_code == 422, (path, seed)
            box = soup(refused).select_one(".error-box").text
            assert "seed" in box and "plan the trial again" in box, (path, seed, box)
            assert "<b>7</b>" not in refused.text
    assert _trials(web_store) == 0


def test_a_change_of_other_treatment_is_kept_on_a_trial_day_and_shown(
    client: TestClient, web_store: Store
) -> None:
    screen_clear(client)
    trial = _running(web_store)
    page = soup(client.get("/trial"))
    form = page.select_one("form[action='/trial/changes']")
    assert form is not None and "No change of pain medicine" in page.text
    kept = post_form(
        client,
        "/trial/changes",
        {"change": "medicine", "note": "ibuprofen stopped"},
        follow_redirects=False,
    )
    assert kept.status_code == 303
    yesterday = (NOW.date() - timedelta(days=1)).isoformat()
    data = {"change": "treatment", "note": "physio started", "day": yesterday}
    assert post_form(client, "/trial/changes", data, follow_redirects=False).status_code == 303
    shown = soup(client.get("/trial?change=1")).select_one(".trial-changes").text
    assert f"{yesterday}: Other treatment started or stopped: physio started" in shown
    assert f"{NOW.date().isoformat()}: Pain medicine changed: ibuprofen stopped" in shown
    profile = web_store.profiles()[0]
    changes = trial_care.changes_for_report(web_store, profile, trial)
    assert [(c.day.isoformat(), c.kind) for c in changes] == [
        (yesterday, "treatment"),
        (NOW.date().isoformat(), "medicine"),
    ]
    before = (trial.first_day - timedelta(days=1)).isoformat()
    for bad, field in (
        ({"change": "medicine", "day": before}, "day"),
        ({"change": "medicine", "day": "20260302"}, "day"),
        ({"change": "haircut"}, "change"),
        ({}, "change"),
        ({"change": "medicine", "note": "x" * 301}, "note"),
    ):
        refused = post_form(client, "/trial/changes", bad)
        assert refused.status_code == 422, bad
        marked = soup(refused).select(".field.has-error")
        assert len(marked) == 1 and marked[0].select_one(f"[name={field}]"), bad
        assert "Traceback" not in refused.text
    assert len(trial_care.changes_for_report(web_store, profile, trial)) == 2


def test_no_change_is_kept_without_a_running_trial(client: TestClient, web_store: Store) -> None:
    screen_clear(client)
    refused = post_form(client, "/trial/changes", {"change": "medicine"})
    assert refused.status_code == 404 and "No trial is running" in refused.text


def test_the_trial_page_draws_the_days_with_each_periods_first_day(
    client: TestClient, web_store: Store
) -> None:
    screen_clear(client)
    _diary(web_store)
    trial = _running(web_store)
    chart = soup(client.get("/trial")).select_one("figure.trial-chart svg")
    assert chart is not None and chart["role"] == "img"
    labels = [t.text for t in chart.select("text")]
    first = trial.first_day
    assert f"{first.day} {first:%b}" in labels  # "27 Feb"
    # Eight 1-week periods: a label every other period, so that no two touch
    # (people review 8, F4: every period's date overlapped its neighbours).
    days = [first + timedelta(days=7 * n) for n in range(8)]
    shown = [d for d in days if f"{d.day} {d:%b}" in labels]
    assert shown == days[::2], shown
    ticks = chart.select("line")
    assert len([t for t in ticks if t.get("y2") and t["x1"] == t["x2"]]) >= 8  # a tick a period
    assert len(chart.select("circle")) == 3  # the three whole days so far, each with pain


def test_the_seed_and_hash_have_copy_buttons_from_a_static_script(
    client: TestClient, web_store: Store
) -> None:
    screen_clear(client)
    trial = _running(web_store)
    page = client.get("/trial")
    found = soup(page)
    assert found.select_one("#trial-hash").text == trial.sha256
    assert found.select_one("#trial-seed").text == "1"
    buttons = found.select("button[data-copy]")
    assert {b["data-copy"] for b in buttons} == {"trial-seed", "trial-hash"}
    assert all(b.has_attr("hidden") and b["data-done"] == "Copied" for b in buttons)
    assert found.select_one("script[src='/static/copy.js']") is not None
    script = client.get("/static/copy.js")
    assert script.status_code == 200 and "clipboard" in script.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
