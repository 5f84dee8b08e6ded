"""The dashboard, history and progress are kept between visits: a write must still show at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from backrub import services
from backrub.store import open_store
from backrub.web import WebSettings, create_app
from backrub.web.pagecache import PageCache
from tests.web.conftest import API, BASE, NOW, TestClient, post_form, screen_clear, soup


def page_token(client: TestClient, path: str) -> str:
    field = soup(client.get(path)).find("input", attrs={"name": "csrf_token"})
    assert field is not None
    return str(field["value"])


@pytest.fixture
def started(client: TestClient) -> TestClient:
    screen_clear(client)
    assert post_form(client, "/checkins", {"pain": "3"}).status_code == 200
    return client


@pytest.mark.parametrize("path", ["/", "/history"])
def test_a_checkin_saved_here_shows_on_the_very_next_visit(started: TestClient, path: str) -> None:
    assert "pain 3/10" in started.get(path).text
    assert "pain 8/10" not in started.get(path).text  # the second visit is served kept
    assert post_form(started, "/checkins", {"pain": "8"}).status_code == 200
    assert "pain 8/10" in started.get(path).text


@pytest.mark.parametrize(
    ("path", "shown"),
    [("/", "from the terminal"), ("/history", "from the terminal"), ("/progress", "pain 9 out")],
)
def test_a_checkin_saved_by_another_program_shows_on_the_very_next_visit(
    started: TestClient, path: str, shown: str
) -> None:
    # Another process (the command line, a second server) writes through its own connection.
    backend = started.app.state.backend  # type: ignore[attr-defined]
    started.get(path)
    other = open_store(backend.store.engine.url.render_as_string(hide_password=False))
    try:
        profile = services.current_profile(other, None, create=False)
        services.record_checkin(other, profile, now=NOW, pain=9, note="from the terminal")
    finally:
        other.close()
    assert shown in started.get(path).text


def test_each_browser_gets_its_own_form_token_in_a_kept_dashboard(started: TestClient) -> None:
    app = started.app
    with TestClient(app, base_url=BASE) as other:
        other.get("/welcome")
        mine, theirs = page_token(started, "/"), page_token(other, "/")
        assert mine == started.cookies.get("backrub_csrf")
        assert theirs == other.cookies.get("backrub_csrf")
        assert mine != theirs
        saved = other.post("/checkins", data={"csrf_token": theirs, "pain": "5"})
        assert saved.status_code == 200


def test_the_dashboard_turns_to_the_next_day_without_any_write(tmp_path: Path) -> None:
    now = [NOW]
    app = create_app(WebSettings(db=str(tmp_path / "b.sqlite3")), clock=lambda: now[0])
    with TestClient(app, base_url=BASE) as client:
        client.get("/welcome")
        screen_clear(client)
        assert "Monday 02 March 2026" in client.get("/").text
        now[0] = NOW + timedelta(days=1)
        assert "Tuesday 03 March 2026" in client.get("/").text


def shown_profile(client: TestClient, path: str) -> str:
    who = soup(client.get(path)).find("p", class_="who")
    assert who is not None
    return who.get_text(strip=True)


@pytest.mark.parametrize("path", ["/", "/history", "/progress"])
def test_switching_profile_shows_the_other_profiles_page(started: TestClient, path: str) -> None:
    assert shown_profile(started, path) == "Profile:me"
    assert post_form(started, "/profiles", {"name": "sam"}).status_code == 200  # switches
    assert shown_profile(started, path) == "Profile:sam"
    assert post_form(started, "/profiles/use", {"name": "me"}).status_code == 200
    assert shown_profile(started, path) == "Profile:me"
    assert post_form(started, "/profiles/use", {"name": "sam"}).status_code == 200
    assert shown_profile(started, path) == "Profile:sam"
    assert "pain 3/10" not in started.get(path).text


def test_progress_shows_a_checkin_saved_here_on_the_very_next_visit(started: TestClient) -> None:
    assert "pain 3 out of 10" in started.get("/progress").text
    assert "pain 8 out of 10" not in started.get("/progress").text  # served kept
    assert post_form(started, "/checkins", {"pain": "8"}).status_code == 200
    assert "pain 8 out of 10" in started.get("/progress").text


class Revisions:
    """A database revision the test moves by hand."""

    def __init__(self) -> None:
        self.value: int | None = 1

    def __call__(self) -> int | None:
        return self.value


def test_a_write_that_lands_while_a_page_is_read_is_not_hidden() -> None:
    revision = Revisions()
    cache = PageCache(revision)

    def read_while_someone_writes() -> str:
        revision.value = 2  # a commit lands after the revision was read
        return "before the write"

    assert cache.get("page", read_while_someone_writes) == "before the write"
    assert cache.get("page", lambda: "after the write") == "after the write"
    assert cache.get("page", lambda: "not asked") == "after the write"


def test_without_a_revision_nothing_is_kept() -> None:
    revision = Revisions()
    revision.value = None  # PostgreSQL: the revision cannot be told
    cache = PageCache(revision)
    reads = iter(range(3))
    assert [cache.get("page", lambda: next(reads)) for _ in range(3)] == [0, 1, 2]


def test_only_the_most_recently_used_pages_are_kept() -> None:
    cache = PageCache(Revisions(), max_entries=2)
    days = [datetime(2026, 3, 1 + n).date() for n in range(3)]
    for day in days:
        cache.get(("history", day), lambda: "read once")
    assert cache.get(("history", days[2]), lambda: "read again") == "read once"
    assert cache.get(("history", days[0]), lambda: "read again") == "read again"


def test_a_page_asked_for_by_many_at_once_is_worked_out_once() -> None:
    cache = PageCache(Revisions())
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def slow_page() -> str:
        calls.append(1)
        started.set()
        release.wait(timeout=10)
        return "the page"

    with ThreadPoolExecutor(max_workers=4) as pool:
        first = pool.submit(cache.get, "progress", slow_page)
        started.wait(timeout=10)
        others = [pool.submit(cache.get, "progress", slow_page) for _ in range(3)]
        assert cache.peek("progress") is None  # not kept until it is worked out
        release.set()
        assert [f.result(timeout=10) for f in [first, *others]] == ["the page"] * 4
    assert calls == [1]
    assert cache.peek("progress") == "the page"


def test_a_page_that_failed_is_worked_out_again_by_the_next_caller() -> None:
    cache = PageCache(Revisions())

    def broken() -> str:
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        cache.get("progress", broken)
    assert cache.get("progress", lambda: "the page") == "the page"


# ---------------------------------------------------------------- whole pages (KeptPages)


def test_a_kept_page_shows_a_write_on_the_very_next_visit(started: TestClient) -> None:
    assert "1 check-in," in started.get("/backup").text
    assert "1 check-in," in started.get("/backup").text  # the second visit is served kept
    assert post_form(started, "/checkins", {"pain": "8"}).status_code == 200
    assert "2 check-ins" in started.get("/backup").text


def test_a_kept_page_shows_a_write_by_another_program_on_the_very_next_visit(
    started: TestClient,
) -> None:
    backend = started.app.state.backend  # type: ignore[attr-defined]
    assert "1 check-in," in started.get("/backup").text
    other = open_store(backend.store.engine.url.render_as_string(hide_password=False))
    try:
        profile = services.current_profile(other, None, create=False)
        services.record_checkin(other, profile, now=NOW, pain=9)
    finally:
        other.close()
    assert "2 check-ins" in started.get("/backup").text


def test_each_browser_gets_its_own_form_token_in_a_kept_page(started: TestClient) -> None:
    with TestClient(started.app, base_url=BASE) as other:
        other.get("/welcome")
        mine, theirs = page_token(started, "/backup"), page_token(other, "/backup")
        assert mine == started.cookies.get("backrub_csrf")
        assert theirs == other.cookies.get("backrub_csrf")
        assert mine != theirs


def test_duplicate_profile_cookies_in_either_order_never_get_another_profiles_page(
    client: TestClient,
) -> None:
    # Browsers send a name twice when two cookies differ in path or domain; the app reads
    # the last one, so both orders must key on the profile each actually shows.
    screen_clear(client)
    assert post_form(client, "/profiles", {"name": "bob", "tz": "Europe/Berlin"}).status_code < 400
    assert (
        post_form(client, "/profiles", {"name": "Alex Smith", "tz": "Europe/Berlin"}).status_code
        < 400
    )
    client.cookies.set("backrub_profile", "Alex%20Smith")
    screen_clear(client)
    plan = {"protocol": "cherkin-10-weekly", "days": ["mon", "thu"], "tools": ["foam_roller"]}
    assert (
        client.post(
            "/api/plan", json={**plan, "start": NOW.date().isoformat()}, headers=API
        ).status_code
        == 201
    )
    client.cookies.clear()
    orders = [("bob", "Alex%20Smith"), ("Alex%20Smith", "bob")]
    for first, second in orders + orders:  # the second round is answered from kept pages
        cookie = f"backrub_csrf={'A' * 43}; backrub_profile={first}; backrub_profile={second}"
        shown = client.get("/plan", headers={"cookie": cookie})
        has_plan = client.get("/api/plan", headers={"cookie": cookie, **API}).status_code == 200
        assert has_plan == (second == "Alex%20Smith")
        assert ("10 weekly sessions" in shown.text) == has_plan


def test_a_chosen_csrf_cookie_never_changes_a_kept_page_for_another_browser(
    client: TestClient,
) -> None:
    # Any 32-64 character cookie is taken as the token; one that matches other text of a
    # page (an anchor id here) must not rewrite that text in the page others are given.
    client.cookies.clear()
    evil = "rule-gun_progress_pain_during_max"
    first = client.get("/evidence", headers={"cookie": f"backrub_csrf={evil}"}).text
    assert f'id="{evil}"' in first
    seen = {
        reader: client.get("/evidence", headers={"cookie": f"backrub_csrf={reader}"}).text
        for reader in ("V" * 43, "W" * 43)
    }
    for reader, page in seen.items():
        assert f'id="{evil}"' in page
        assert page.count(reader) == page.count('name="csrf_token"')
    assert seen["V" * 43].replace("V" * 43, "W" * 43) == seen["W" * 43]
