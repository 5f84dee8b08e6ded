"""The backup page restores as a new profile or in place of the current one, in plain words."""

from __future__ import annotations

import json
from typing import Any

from backrub.domain import backup
from tests.web.conftest import Counter, TestClient, post_form, soup


def _exported(client: TestClient) -> bytes:
    post_form(client, "/checkins", {"pain": "4", "at": "2026-03-01T08:00"})
    post_form(client, "/checkins", {"pain": "6", "at": "2026-02-28T08:00"})
    response = client.get("/backup/export.json")
    assert response.status_code == 200
    return response.content


def _restore(client: TestClient, content: bytes, **fields: str) -> Any:
    files = {"file": ("b.json", content, "application/json")}
    return post_form(client, "/backup/import", fields, files=files, follow_redirects=False)


def _restore_followed(client: TestClient, content: bytes, **fields: str) -> Any:
    files = {"file": ("b.json", content, "application/json")}
    return post_form(client, "/backup/import", fields, files=files)


def _error(response: Any, field: str) -> str:
    found = soup(response).find(id=f"f-{field}-error")
    assert found is not None, response.text
    return str(found.get_text(" ", strip=True))


def _pains(client: TestClient) -> list[int]:
    return [c["pain"] for c in client.get("/api/checkins").json()["checkins"]]


def test_the_page_offers_both_ways_to_restore_in_plain_words(client: TestClient) -> None:
    first_run = soup(client.get("/backup"))
    assert first_run.find(id="f-mode-new") and first_run.find(id="f-name")
    assert first_run.find(id="f-mode-replace") is None  # nothing to replace yet

    post_form(client, "/checkins", {"pain": "4"})
    page = soup(client.get("/backup"))
    words = page.get_text(" ", strip=True)
    assert "Restore as a new profile" in words
    assert "replace my current data" in words and "nothing is lost" in words
    assert page.find(id="f-confirm")["type"] == "checkbox"  # type: ignore[index]
    assert "--" not in words  # no command-line flags on a page


def test_restore_as_a_new_profile_under_another_name(client: TestClient) -> None:
    content = _exported(client)
    response = _restore(client, content, mode="new", name="copy")
    assert response.status_code == 303
    names = [p["name"] for p in client.get("/api/profiles").json()]
    assert names == ["me", "copy"]


def test_a_name_in_use_is_refused_next_to_the_name(client: TestClient, written: Counter) -> None:
    content = _exported(client)
    before = written()
    response = _restore(client, content, mode="new")
    assert response.status_code == 422
    message = _error(response, "name")
    assert "another name" in message and "replace your current data" in message
    assert "--" not in message
    assert written() == before


def test_replace_needs_the_box_ticked(client: TestClient, written: Counter) -> None:
    content = _exported(client)
    before = written()
    response = _restore(client, content, mode="replace")
    assert response.status_code == 422
    said = _error(response, "confirm")
    assert "Tick the box" in said and "Choose the file again" in said
    replace = soup(response).find(id="f-mode-replace")
    assert replace is not None and "secondary" not in (replace.get("class") or [])
    assert written() == before


def test_replace_puts_the_backup_in_place_of_the_current_data(client: TestClient) -> None:
    content = _exported(client)
    post_form(client, "/checkins", {"pain": "9", "at": "2026-03-02T08:00"})
    assert _pains(client) == [6, 4, 9]
    response = _restore(client, content, mode="replace", confirm="yes")
    assert response.status_code == 303
    assert _pains(client) == [6, 4]
    assert [p["name"] for p in client.get("/api/profiles").json()] == ["me"]


def test_a_forged_backup_is_refused_with_the_record_and_field(
    client: TestClient, written: Counter
) -> None:
    document = json.loads(_exported(client))
    document["data"]["checkins"][1]["pain"] = 11
    document["checksum"] = backup.checksum(document["data"])
    before = written()
    response = _restore(client, json.dumps(document).encode(), mode="new", name="copy")
    assert response.status_code == 422
    said = _error(response, "file")
    assert "This file can't be restored. Nothing was changed." in said
    assert "The 2nd check-in has a pain score of 11" in said
    assert "Choose the file again" in said and "made with Download" in said
    assert "checkins[" not in said and "backrub export" not in said
    assert written() == before


def test_the_page_says_what_would_be_replaced_and_the_result_says_what_happened(
    client: TestClient,
) -> None:
    content = _exported(client)
    page = soup(client.get("/backup"))
    assert page.find(id="f-mode-replace").get_text() == "Replace me's records"  # type: ignore[union-attr]
    current = page.select_one(".current-data")
    assert current is not None and current.get_text().startswith("2 check-ins, ")
    assert "letters, digits, spaces, '-', '_', '.'" in page.find(id="f-name-hint").get_text()  # type: ignore[union-attr]
    label = page.find("label", attrs={"for": "f-confirm"})
    assert label is not None and label.find_parent(class_="option") is not None  # beside its box

    replaced = soup(_restore_followed(client, content, mode="replace", confirm="yes"))
    assert "me's records were replaced by the backup." in replaced.get_text()
    copied = soup(_restore_followed(client, content, mode="new", name="copy"))
    said = copied.find(attrs={"role": "status"}).get_text()  # type: ignore[union-attr]
    assert "Restored as a new profile copy: switch to it to see its records." in said
    assert copied.find("button", string="Switch to copy") is not None
