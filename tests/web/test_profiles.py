"""Profiles: names with spaces, a searchable zone, per-browser choice, rename and delete."""

from __future__ import annotations

import json
from urllib.parse import quote

from fastapi.testclient import TestClient

from backrub import services
from backrub.services.profiles import list_profiles
from backrub.store import Store
from tests.web.conftest import API, BASE, post_form, soup


def who(client: TestClient) -> str:
    line = soup(client.get("/history")).find("p", class_="who")
    assert line is not None
    return " ".join(line.get_text(" ").split())


def test_adding_alex_smith_switches_this_browser_only(client: TestClient, web_store: Store) -> None:
    post_form(client, "/checkins", {"pain": "2"})
    added = post_form(client, "/profiles", {"name": "Alex  Smith", "tz": "America/New_York"})
    assert added.status_code == 200
    assert "Added Alex Smith (America/New_York)" in soup(added).get_text()
    assert who(client) == "Profile: Alex Smith"
    assert "pain 2/10" not in client.get("/history").text
    # Another browser on the same app, and the command line, keep "me".
    other = TestClient(client.app, base_url=BASE)
    other.get("/welcome")
    assert who(other) == "Profile: me"
    assert services.default_profile_name(web_store) == "me"
    # A forged cookie naming no profile falls back; it never creates one.
    forged = TestClient(client.app, base_url=BASE, cookies={"backrub_profile": quote("Nobody")})
    assert who(forged) == "Profile: me"
    assert list_profiles(web_store).names() == ("me", "Alex Smith")
    post_form(other, "/profiles/use", {"name": "Alex Smith"})
    assert who(other) == "Profile: Alex Smith"


def test_the_zone_list_names_places_and_their_offsets_now(client: TestClient) -> None:
    page = soup(client.get("/profiles"))
    options = {o["value"]: o["label"] for o in page.select("datalist#zone-names option")}
    assert options["Europe/Berlin"] == "Berlin, Europe (UTC+01:00)"  # 2 March: winter time
    assert options["America/New_York"] == "New York, America (UTC-05:00)"
    assert page.find(id="f-tz")["list"] == "zone-names"  # type: ignore[index]


def test_a_city_alone_is_a_zone_and_several_matches_are_offered_as_buttons(
    client: TestClient, web_store: Store
) -> None:
    """Review pain11 S5: "new york" was refused with a plain-text "did you mean"."""
    added = post_form(client, "/profiles", {"name": "Ny", "tz": "  new york "})
    assert added.status_code == 200
    assert "Added Ny (America/New_York)" in soup(added).get_text()
    refused = post_form(client, "/profiles", {"name": "In", "tz": "indiana"})
    assert refused.status_code == 422
    page = soup(refused)
    field = page.find(id="f-tz")
    assert field is not None and field["aria-invalid"] == "true" and field["value"] == "indiana"
    buttons = {b["data-value"]: b for b in page.select("button[data-fill]")}
    assert "America/Indiana/Knox" in buttons
    knox = buttons["America/Indiana/Knox"]
    assert knox["data-fill"] == "f-tz" and knox["type"] == "button"  # fills, never submits
    assert knox.get_text() == "America/Indiana/Knox"
    assert "In" not in list_profiles(web_store).names()
    # The zone of an existing profile offers the same.
    changed = post_form(client, "/profiles/zone", {"name": "Ny", "tz": "indiana"})
    assert changed.status_code == 422
    assert soup(changed).select('button[data-fill^="f-tz-"][data-value="America/Indiana/Knox"]')


def test_rename_keeps_the_records_and_this_browsers_choice(
    client: TestClient, web_store: Store
) -> None:
    post_form(client, "/checkins", {"pain": "4"})
    form = soup(client.get("/profiles/rename?name=me"))
    assert form.find(id="f-new_name") is not None
    clash = post_form(client, "/profiles/rename", {"name": "me", "new_name": "me/you"})
    assert clash.status_code == 422
    assert soup(clash).find(id="f-new_name-error") is not None
    renamed = post_form(client, "/profiles/rename", {"name": "me", "new_name": "Sam O'Neil"})
    assert "now called Sam O'Neil" in soup(renamed).get_text()
    assert who(client) == "Profile: Sam O'Neil"
    assert "pain 4/10" in client.get("/history").text
    assert services.default_profile_name(web_store) == "Sam O'Neil"


def test_delete_asks_offers_the_backup_and_removes_every_record(
    client: TestClient, web_store: Store
) -> None:
    post_form(client, "/checkins", {"pain": "4"})
    post_form(client, "/profiles", {"name": "Alex Smith", "tz": "UTC"})
    post_form(client, "/checkins", {"pain": "6"})
    page = soup(client.get("/profiles/delete?" + "name=Alex+Smith"))
    backup = page.find("a", href="/profiles/backup?name=Alex+Smith")
    assert backup is not None and "backup" in backup.get_text()
    download = client.get("/profiles/backup?name=Alex+Smith")
    assert (
        "filename*=UTF-8''backrub-Alex%20Smith-2026-03-02.json"
        in download.headers["content-disposition"]
    )
    assert json.loads(download.text)["data"]["profile"]["name"] == "Alex Smith"
    gone = post_form(client, "/profiles/delete", {"name": "Alex Smith"})
    assert "Deleted the profile Alex Smith" in soup(gone).get_text()
    assert list_profiles(web_store).names() == ("me",)
    assert who(client) == "Profile: me"  # the deleted choice falls back
    assert "pain 4/10" in client.get("/history").text


def test_the_only_profile_is_deleted_only_when_its_name_is_typed(
    client: TestClient, web_store: Store
) -> None:
    post_form(client, "/checkins", {"pain": "4"})
    page = soup(client.get("/profiles/delete?name=me"))
    assert page.find(id="f-confirm") is not None
    refused = post_form(client, "/profiles/delete", {"name": "me", "confirm": "yes"})
    assert refused.status_code == 422
    assert soup(refused).find(id="f-confirm-error") is not None
    assert list_profiles(web_store).names() == ("me",)
    done = post_form(client, "/profiles/delete", {"name": "me", "confirm": "me"})
    assert done.url.path == "/welcome"
    assert list_profiles(web_store).names() == ()


def test_unknown_profiles_are_404_in_words(client: TestClient) -> None:
    for path in ("/profiles/rename?name=nobody", "/profiles/delete?name=nobody"):
        response = client.get(path)
        assert response.status_code == 404
        assert "There is no profile called" in response.text and "--" not in response.text


def test_the_api_switches_only_its_own_client(client: TestClient, web_store: Store) -> None:
    client.post("/api/profiles", json={"name": "Alex Smith", "tz": "UTC"}, headers=API)
    chosen = client.post("/api/profiles/use", json={"name": "Alex Smith"}, headers=API)
    assert chosen.status_code == 200
    assert client.get("/api/history").json()["profile"] == "Alex Smith"
    assert services.default_profile_name(web_store) == "Alex Smith"  # the first made is default


def test_an_emptied_zone_is_refused_by_the_form_and_the_api_alike(
    client: TestClient, web_store: Store
) -> None:
    # The CLI refuses `--tz ''`; the form (whose zone comes filled in) and the API agree.
    page = post_form(client, "/profiles", {"name": "Zed", "tz": ""})
    assert page.status_code == 422
    assert "Error: Choose a time zone from the list" in " ".join(soup(page).get_text().split())
    typed = soup(page).find("input", attrs={"name": "name"})
    assert typed is not None and typed["value"] == "Zed"
    api = client.post("/api/profiles", json={"name": "Zed", "tz": ""}, headers=API)
    assert api.status_code == 422 and api.json()["field"] == "tz"
    assert "Zed" not in list_profiles(web_store).names()
    # Left out altogether (a script), the zone is the suggested one in both.
    assert post_form(client, "/profiles", {"name": "Zed"}).status_code == 200
    assert client.post("/api/profiles", json={"name": "Zoe"}, headers=API).status_code == 201
    assert {"Zed", "Zoe"} <= set(list_profiles(web_store).names())


def test_names_differing_only_by_case_or_form_are_refused_and_lookups_tidy_spaces(
    client: TestClient, web_store: Store
) -> None:
    assert post_form(client, "/profiles", {"name": "Alex Smith", "tz": "UTC"}).status_code == 200
    for twin in ("alex smith", "\uff21\uff4c\uff45\uff58 Smith"):
        page = post_form(client, "/profiles", {"name": twin, "tz": "UTC"})
        assert page.status_code == 422
        assert "Error: A profile called 'Alex Smith' already exists." in soup(page).get_text()
        api = client.post("/api/profiles", json={"name": twin}, headers=API)
        assert api.status_code == 422 and api.json()["field"] == "name"
    assert post_form(client, "/profiles", {"name": "Zoe\u0308", "tz": "UTC"}).status_code == 200
    assert list_profiles(web_store).names()[-2:] == ("Alex Smith", "Zo\u00eb")
    # A name typed with extra spaces finds the profile, as adding one tidies them.
    same = post_form(client, "/profiles/rename", {"name": "Alex  Smith", "new_name": "Alex Smith"})
    assert same.status_code == 200
    text = " ".join(soup(same).get_text().split())
    assert "Nothing changed: the profile is already called Alex Smith." in text
    assert "Renamed" not in text
    moved = post_form(client, "/profiles/rename", {"name": "Alex  Smith ", "new_name": "Alex J"})
    assert "the profile is now called Alex J" in " ".join(soup(moved).get_text().split())
    assert "Alex J" in list_profiles(web_store).names()


def test_a_browsers_profile_follows_a_rename_made_in_another_browser(
    client: TestClient, web_store: Store
) -> None:
    post_form(client, "/checkins", {"pain": "2"})
    assert post_form(client, "/profiles", {"name": "Alex", "tz": "UTC"}).status_code == 200
    cookie = client.cookies.get("backrub_profile")
    assert cookie is not None and "Alex" not in cookie  # it marks the profile, not its name
    other = TestClient(client.app, base_url=BASE)
    other.get("/welcome")
    assert post_form(other, "/profiles/rename", {"name": "Alex", "new_name": "Alexandra"})
    assert who(client) == "Profile: Alexandra"  # not silently back on "me"
    assert post_form(client, "/checkins", {"pain": "6"}).status_code == 200
    alexandra = services.current_profile(web_store, "Alexandra", create=False)
    assert [c.pain for c in services.history(web_store, alexandra).checkins] == [6]
    # A cookie from an earlier version holds the name: it still works; a forged mark does not.
    named = TestClient(client.app, base_url=BASE, cookies={"backrub_profile": "Alexandra"})
    assert who(named) == "Profile: Alexandra"
    forged = TestClient(client.app, base_url=BASE, cookies={"backrub_profile": "%23999.0"})
    assert who(forged) == "Profile: me"


def test_the_rename_form_starts_from_the_current_name_and_an_empty_one_says_type_a_name(
    client: TestClient, web_store: Store
) -> None:
    """Pain review P8, P9: edit the name rather than retype it; an empty one asks for a name."""
    post_form(client, "/checkins", {"pain": "2"})
    form = soup(client.get("/profiles/rename?name=me"))
    field = form.find("input", attrs={"name": "new_name"})
    assert field is not None and field["value"] == "me"
    empty = post_form(client, "/profiles/rename", {"name": "me", "new_name": "  "})
    assert empty.status_code == 422
    error = soup(empty).find(id="f-new_name-error")
    assert error is not None and "Type a name" in error.get_text()
    added = post_form(client, "/profiles", {"name": "", "tz": "Europe/Berlin"})
    assert added.status_code == 422 and "Type a name" in added.text
    assert list_profiles(web_store).names() == ("me",)
