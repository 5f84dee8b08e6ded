"""The journeys a person in pain walks after issue 9, checked as they read them.

Times in one zone (the profile's) on History, edit and delete; the way back to
History after a correction; a mistyped History date; the first-run zone;
zone names a person can type; words for people in errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from backrub.store import Store
from backrub.web import WebSettings, create_app
from tests.web.conftest import TestClient, answers, post_form, screen_clear, soup

AFTER_THE_FOLD = datetime(
    2026, 10, 26, 12, 0, tzinfo=UTC
)  # the day after Berlin's clocks went back


@pytest.fixture
def autumn(tmp_path: Path) -> Iterator[TestClient]:
    """A browser on a fresh SQLite database, the day after the autumn change in Europe."""
    app = create_app(WebSettings(db=str(tmp_path / "b.sqlite3")), clock=lambda: AFTER_THE_FOLD)
    with TestClient(app, base_url="http://localhost") as client:
        client.get("/welcome")
        yield client


def _store(client: TestClient) -> Store:
    store: Store = client.app.state.backend.store  # type: ignore[attr-defined]
    return store


def _checkins(client: TestClient) -> list[Any]:
    store = _store(client)
    [profile] = store.profiles()
    assert profile.id is not None
    return list(store.checkins(profile.id))


def _rows(page: BeautifulSoup) -> list[str]:
    return [tr.get_text(" ", strip=True) for tr in page.select("table.records tbody tr")]


def _edit_links(page: BeautifulSoup) -> list[str]:
    return [str(a["href"]) for a in page.select("td.correct a") if "/edit" in str(a["href"])]


def test_history_edit_and_delete_show_one_zone_and_a_resave_keeps_the_instant(
    autumn: TestClient,
) -> None:
    # Made in London, then the person moved to Berlin: every page shows Berlin time.
    post_form(autumn, "/screening", {**answers(), "tz": "Europe/London"})
    post_form(autumn, "/checkins", {"pain": "4", "at": "2026-10-20T08:46"})
    post_form(autumn, "/profiles/zone", {"name": "me", "tz": "Europe/Berlin"})
    [made] = _checkins(autumn)
    assert made.tz == "Europe/London"

    history = soup(autumn.get("/history"))
    assert "2026-10-20 09:46" in _rows(history)[0]
    [edit] = _edit_links(history)
    page = soup(autumn.get(edit))
    assert "Tue 20 Oct 2026 09:46" in page.h1.get_text()  # type: ignore[union-attr]
    assert "Berlin time (Europe/Berlin)" in page.get_text()
    assert page.find("input", {"name": "at"})["value"] == "2026-10-20T09:46"  # type: ignore[index]
    delete = soup(autumn.get(edit.replace("/edit", "/delete")))
    assert "09:46" in delete.get_text() and "Berlin time (Europe/Berlin)" in delete.get_text()

    # Resaved with the time untouched: the instant is kept exactly.
    post_form(autumn, edit, {"pain": "5", "at": "2026-10-20T09:46"})
    [kept] = _checkins(autumn)
    assert (kept.at, kept.pain) == (made.at, 5)
    # A time typed on the form is read in the zone the form shows (Berlin).
    post_form(autumn, edit, {"pain": "5", "at": "2026-10-20T10:00"})
    [moved] = _checkins(autumn)
    assert moved.at == datetime(2026, 10, 20, 8, 0, tzinfo=UTC)


def test_the_autumn_twins_are_told_apart_and_a_resave_keeps_the_second(
    autumn: TestClient,
) -> None:
    screen_clear(autumn)  # Europe/Berlin, the suggested zone
    post_form(autumn, "/checkins", {"pain": "3", "at": "2026-10-25T02:30"})  # the first 02:30
    post_form(autumn, "/checkins", {"pain": "7", "at": "2026-10-25T02:30+01:00"})  # the second
    history = soup(autumn.get("/history"))
    rows = _rows(history)
    assert any("02:30 (winter time)" in row and "pain 7/10" in row for row in rows)
    assert any("02:30 (summer time)" in row and "pain 3/10" in row for row in rows)

    second = next(e for e, row in zip(_edit_links(history), rows, strict=True) if "pain 7" in row)
    before = {c.pain: c.at for c in _checkins(autumn)}
    form = soup(autumn.get(second))
    field = form.find("input", {"name": "at"})
    assert field["type"] == "datetime-local" and field["value"] == "2026-10-25T02:30"  # type: ignore[index]
    exact = form.find("input", {"name": "at_exact"})
    assert exact["type"] == "hidden" and exact["value"] == "2026-10-25T02:30+01:00"  # type: ignore[index]
    # The picker left as it was: the exact instant is kept.
    kept = {"at": "2026-10-25T02:30", "at_exact": "2026-10-25T02:30+01:00"}
    post_form(autumn, second, {"pain": "8", **kept})
    after = {c.pain: c.at for c in _checkins(autumn)}
    assert after == {3: before[3], 8: before[7]}  # the second 02:30 stayed the second
    # Moved within the repeated hour, it stays in the second one.
    post_form(autumn, second, {"pain": "8", **kept, "at": "2026-10-25T02:45"})
    assert {c.pain: c.at for c in _checkins(autumn)}[8] - before[7] == timedelta(minutes=15)
    # A time typed with its offset is still read as typed.
    post_form(autumn, second, {"pain": "8", "at": "2026-10-25T02:50+01:00"})
    assert {c.pain: c.at for c in _checkins(autumn)}[8] - before[7] == timedelta(minutes=20)


def test_after_a_correction_history_shows_the_record_and_says_what_happened(
    autumn: TestClient,
) -> None:
    screen_clear(autumn)
    post_form(autumn, "/checkins", {"pain": "4", "at": "2025-10-25T08:30"})  # a year back
    [edit] = _edit_links(soup(autumn.get("/history?since=2025-01-01")))

    cancel = soup(autumn.get(edit)).find("a", string="Cancel")
    assert cancel is not None and cancel["href"] == "/history?since=2025-01-01"  # as it was
    saved = post_form(autumn, edit, {"pain": "5", "at": "2025-10-25T08:30"})
    page = soup(saved)
    assert page.find(id="f-since")["value"] == "2025-10-25"  # type: ignore[index]
    status = page.find(attrs={"role": "status"})
    assert status is not None
    assert "Correction saved: check-in of Sat 25 Oct 2025 08:30" in status.get_text()
    assert any("pain 5/10" in row for row in _rows(page))

    delete = edit.replace("/edit", "/delete")
    keep = soup(autumn.get(delete)).find("a", string="Keep it")
    assert keep is not None and keep["href"] == "/history?since=2025-10-25"
    gone = soup(post_form(autumn, delete, {}))
    assert "Deleted: check-in of Sat 25 Oct 2025 08:30" in gone.get_text()
    assert _rows(gone) == []


def test_a_mistyped_history_date_is_said_next_to_the_field_and_kept(client: TestClient) -> None:
    screen_clear(client)
    response = client.get("/history?since=25/10/2026")
    assert response.status_code == 422
    page = soup(response)
    assert page.h1.get_text() == "History"  # type: ignore[union-attr]
    error = page.find(id="f-since-error")
    assert error is not None and "2026-03-01" in error.get_text()
    assert "since:" not in error.get_text()
    assert page.find(id="f-since")["value"] == "25/10/2026"  # type: ignore[index]

    dated = soup(client.get("/history?since=2026-01-01"))
    assert "Showing everything from 2026-01-01 on." in dated.get_text()
    assert dated.find("a", string="Clear date")["href"] == "/history"  # type: ignore[index]


def test_history_names_marks_by_the_body_map_labels_and_counts_every_kind(
    client: TestClient,
) -> None:
    screen_clear(client)
    post_form(client, "/body-map", {"region_spine_low": "3"})
    page = soup(client.get("/history"))
    assert any("lower spine (the middle line) 3/10" in row for row in _rows(page))
    assert "0 questionnaires and 1 body-map mark" in page.get_text(" ", strip=True)


def test_the_first_run_counts_a_wrong_zone_apart_from_the_questions(
    client: TestClient,
) -> None:
    response = post_form(client, "/screening", {**answers(), "tz": "Berln"})
    assert response.status_code == 422
    page = soup(response)
    alert = page.find(attrs={"role": "alert"}).get_text(" ", strip=True)  # type: ignore[union-attr]
    assert "your time zone was not recognised" in alert
    assert "question" not in alert
    assert page.find(id="f-tz")["aria-invalid"] == "true"  # type: ignore[index]
    assert "did you mean Europe/Berlin?" in page.find(id="f-tz-error").get_text()  # type: ignore[union-attr]

    both = soup(post_form(client, "/screening", {"tz": "Berln"}))
    words = both.find(attrs={"role": "alert"}).get_text(" ", strip=True)  # type: ignore[union-attr]
    assert "your time zone was not recognised" in words and "still need an answer" in words


@pytest.mark.parametrize("name", ["Factory", "localtime", "posixrules", "Etc/GMT+5"])
def test_names_that_are_no_place_are_refused_as_zones(client: TestClient, name: str) -> None:
    screen_clear(client)
    response = post_form(client, "/profiles/zone", {"name": "me", "tz": name})
    assert response.status_code == 422
    page = soup(response)
    assert page.find(id="f-tz-1-error") is not None
    assert page.find("datalist", id="zone-names").find("option", value=name) is None  # type: ignore[union-attr]


def test_a_zone_typed_in_small_letters_is_saved_as_its_name_and_said(client: TestClient) -> None:
    screen_clear(client)
    moved = post_form(client, "/profiles/zone", {"name": "me", "tz": "europe/paris"})
    page = soup(moved)
    assert "me now uses Europe/Paris." in page.find(attrs={"role": "status"}).get_text()  # type: ignore[union-attr]
    assert page.find(id="f-tz-1")["value"] == "Europe/Paris"  # type: ignore[index]


def test_every_page_title_is_plain_text(client: TestClient) -> None:
    screen_clear(client)
    post_form(client, "/checkins", {"pain": "4"})
    pages = [
        "/",
        "/welcome",
        "/history",
        "/profiles",
        "/backup",
        "/sessions",
        "/body-map",
        "/plan",
        "/questionnaires",
        "/progress",
        "/report",
        "/evidence",
    ]
    for path in pages:
        title = soup(client.get(path)).title
        assert title is not None, path
        assert "<" not in title.get_text() and len(title.get_text()) < 80, path


def test_a_check_in_for_another_day_says_which_day_it_was_saved_for(client: TestClient) -> None:
    screen_clear(client)
    earlier = post_form(client, "/checkins", {"pain": "4", "at": "2026-03-01T08:30"})
    status = soup(earlier).find(attrs={"role": "status"})
    assert status is not None and status.get_text() == "Check-in saved for Sun 1 Mar 2026."
    now = post_form(client, "/checkins", {"pain": "4"})
    assert soup(now).find(attrs={"role": "status"}).get_text() == "Check-in saved."  # type: ignore[union-attr]
    quick = post_form(
        client, "/checkins", {"pain": "3", "at": "2026-03-01T09:00"}, headers={"HX-Request": "true"}
    )
    assert "Saved: pain 3/10 at 09:00 on Sun 1 Mar 2026." in soup(quick).get_text()


def test_a_self_massage_edit_says_what_an_empty_seconds_box_keeps(client: TestClient) -> None:
    from backrub import services
    from tests.web.conftest import NOW

    screen_clear(client)
    store = _store(client)
    [profile] = store.profiles()
    services.log_self_session(
        store, profile, now=NOW, tool="foam_roller", zones="glutes_left:60,glutes_right:30"
    )
    [edit] = _edit_links(soup(client.get("/history")))
    page = soup(client.get(edit))
    hint = page.find(id="f-seconds-hint")
    assert hint is not None
    assert hint.get_text() == "Leave empty to keep 60 s / 30 s; a number here replaces all of them."
    history = soup(client.get("/history")).get_text(" ", strip=True)
    assert "left buttock 60 s, right buttock 30 s" in history  # the zones in words
    assert "glutes" not in history


def test_a_questionnaire_edit_does_not_say_today(client: TestClient) -> None:
    screen_clear(client)
    post_form(client, "/questionnaires/rmdq", {"answer_1": "1", "at": "2026-02-20T09:00"})
    [edit] = _edit_links(soup(client.get("/history")))
    main = soup(client.get(edit)).find("main")
    assert main is not None
    for group in main.select(".quick-times"):  # time choices ("Earlier today, 08:00")
        group.decompose()
    words = main.get_text(" ", strip=True)
    assert "today" not in words.lower()  # the questions' own wording, as it was then
    assert "described you when you filled it in" in words


def test_every_page_loads_the_script_that_moves_focus_to_the_first_error(
    client: TestClient,
) -> None:
    page = soup(post_form(client, "/checkins", {"pain": "11"}))
    assert page.find("script", src="/static/focus.js") is not None
    assert client.get("/static/focus.js").status_code == 200
