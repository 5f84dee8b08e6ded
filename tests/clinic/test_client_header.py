"""What frames a client's pages: who is signed in, the menu, the language, the time zone."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from backrub.services import accounts
from tests.clinic.conftest import People, as_, browser, form

# The test's own seeding and checks see every clinic; requests get their own scope.
pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]


def _profile(people: People, name: str):  # type: ignore[no-untyped-def]
    found = accounts.client_profile(people.store, people[name])
    assert found is not None
    return found


def test_the_header_names_the_client_links_the_account_and_signs_out(people: People) -> None:
    client = as_(people, "a.client1")
    page = BeautifulSoup(client.get("/progress").text, "html.parser")
    who = page.select_one("header .signed-in")
    assert who is not None
    assert "Signed in as Client1 A" in who.get_text(" ", strip=True)
    assert who.find("a", href="/account") is not None
    assert page.find("a", href="/profiles") is None
    sign_out = who.find("form", action="/sign-out")
    assert sign_out is not None and sign_out.get("method") == "post"
    token = sign_out.find("input", attrs={"name": "csrf_token"})
    assert token is not None and token["value"] == client.cookies.get("backrub_csrf")
    menu = [a["href"] for a in page.select("header nav a")]
    assert "/profiles/zone" in menu and "/profiles" not in menu
    assert "/history" in menu and "/backup" in menu
    assert "stay on this computer" not in page.text
    more = [a["href"] for a in page.select("header nav details a")]
    assert "/account/access" in more  # "Who opened your record", under More
    account = BeautifulSoup(client.get("/account").text, "html.parser")
    assert account.select_one("main a[href='/account/access']") is not None


def test_sign_out_from_the_header_ends_the_session(people: People) -> None:
    client = as_(people, "a.client1")
    assert client.get("/progress").status_code == 200
    assert form(client, "/sign-out", {}).status_code == 303
    assert client.get("/progress").status_code == 303


def test_an_error_page_names_the_client(people: People) -> None:
    client = as_(people, "a.client1")
    missing = client.get("/history/checkin/999999/edit")
    assert missing.status_code == 404
    assert "Client1 A" in missing.text and "Profile:" not in missing.text


def test_the_welcome_page_asks_the_questions_not_for_a_profile(people: People) -> None:
    page = as_(people, "a.client1").get("/welcome")
    assert page.status_code == 200
    assert 'name="tz"' not in page.text  # the client's profile exists: no first-run zone
    assert "Profiles page" not in page.text and "on this computer" not in page.text
    assert "your clinic's server" in page.text


def test_the_language_chosen_is_kept_on_the_clients_profile(people: People) -> None:
    client = as_(people, "a.client1")
    chosen = form(client, "/language", {"language": "vi", "next": "/progress"})
    assert chosen.status_code == 303 and chosen.headers["location"] == "/progress"
    assert _profile(people, "a.client1").language == "vi"
    assert _profile(people, "a.client2").language is None
    client.cookies.delete("backrub_lang")  # another browser: the profile's choice follows
    page = client.get("/progress")
    assert '<html lang="vi">' in page.text
    assert "Đăng xuất" in page.text  # "Sign out"


@pytest.mark.parametrize("name", ["a.therapist1", "a.admin", None])
def test_staff_and_nobody_keep_the_language_in_the_browser_only(
    people: People, name: str | None
) -> None:
    client = browser(people) if name is None else as_(people, name)
    chosen = form(client, "/language", {"language": "vi", "next": "/sign-in"})
    assert chosen.status_code == 303
    assert chosen.cookies.get("backrub_lang") == "vi"
    with people.store.reading() as c:
        from backrub.store import tables

        kept = c.execute(tables.profiles.select().where(tables.profiles.c.language.is_not(None)))
        assert kept.all() == []


def test_a_client_changes_their_own_time_zone_only(people: People) -> None:
    client = as_(people, "a.client1")
    other = _profile(people, "a.client2")
    page = client.get("/profiles/zone")
    assert page.status_code == 200 and "Your time zone" in page.text
    # The form names another client's profile: the client's own zone changes, not theirs.
    changed = form(client, "/profiles/zone", {"name": other.name, "tz": "Asia/Ho_Chi_Minh"})
    assert changed.status_code == 303 and changed.headers["location"] == "/profiles/zone?changed=1"
    assert _profile(people, "a.client1").tz == "Asia/Ho_Chi_Minh"
    assert _profile(people, "a.client2").tz == other.tz
    assert "Ho Chi Minh" in client.get("/profiles/zone?changed=1").text
    wrong = form(client, "/profiles/zone", {"tz": "Atlantis/Nowhere"})
    assert wrong.status_code == 422 and "Atlantis" in wrong.text
    assert _profile(people, "a.client1").tz == "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize("path", ["/", "/progress", "/history"])
def test_a_kept_page_is_never_another_clients(people: People, path: str) -> None:
    one, two = as_(people, "a.client1"), as_(people, "a.client2")
    for _round in range(2):  # in turn, twice: the second answers come from the kept pages
        first, second = one.get(path), two.get(path)
        assert first.status_code == second.status_code == 200
        assert "Client1 A" in first.text and "Client2 A" not in first.text
        assert "Client2 A" in second.text and "Client1 A" not in second.text
        assert two.cookies.get("backrub_csrf") in second.text
        assert one.cookies.get("backrub_csrf") not in second.text


def test_staff_see_their_name_and_the_clinics_menu_not_a_clients(people: People) -> None:
    page = BeautifulSoup(as_(people, "a.therapist1").get("/clinic").text, "html.parser")
    who = page.select_one("header .signed-in")
    assert who is not None and "Therapist1 A" in who.get_text(" ", strip=True)
    menu = [a["href"] for a in page.select("header nav a")]
    assert "/clinic" in menu and "/progress" not in menu and "/profiles/zone" not in menu
    assert "/clinic/clients" in menu and "/clinic/audit" not in menu


def test_the_admins_menu_has_people_and_the_audit_log(people: People) -> None:
    page = BeautifulSoup(as_(people, "a.admin").get("/clinic").text, "html.parser")
    more = [a["href"] for a in page.select("header nav details a")]
    assert more[:2] == ["/clinic/people", "/clinic/audit"]
    assert "/clinic/clients" not in more
    home = [a["href"] for a in page.select("main a")]
    assert home == ["/clinic/people", "/clinic/invite", "/clinic/audit", "/clinic/cohort"]
    staff = BeautifulSoup(as_(people, "a.therapist1").get("/account").text, "html.parser")
    assert staff.select_one("main a[href='/account/access']") is None


def test_the_sign_in_page_offers_no_menu_of_pages_behind_it(people: People) -> None:
    page = BeautifulSoup(browser(people).get("/sign-in").text, "html.parser")
    assert page.select("header nav") == []
    assert page.select_one("header .signed-in") is None


def test_the_due_check_in_on_progress_is_all_vietnamese(people: People) -> None:
    me = people["a.client1"]
    assert me.profile_id is not None
    people.store.set_profile_language(me.profile_id, "vi")
    page = BeautifulSoup(as_(people, "a.client1").get("/progress").text, "html.parser")
    due = page.select_one("ul.items.due")
    assert due is not None  # no check-in yet today: the pain check-in is due
    words = due.get_text(" ", strip=True)
    assert "mặc định của backrub, không phải từ nghiên cứu" in words
    assert "product default" not in words
