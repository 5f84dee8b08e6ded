"""Requests no form sends: HEAD, a query value of the wrong kind, a field over 1 MB.

Each answer is the page's own: a status, one line in the person's language, and
nothing written (attack review 11, A2-A4).
"""

from __future__ import annotations

from tests.web.conftest import Counter, TestClient, post_form, screen_clear, soup


def _line(response: object) -> str:
    page = soup(response)
    found = page.find("main") or page
    return " ".join(found.get_text(" ", strip=True).split())


def test_head_answers_as_get_does_without_a_body(client: TestClient) -> None:
    screen_clear(client)
    for path in ("/", "/history", "/evidence"):
        got, head = client.get(path), client.head(path)
        assert got.status_code == 200 and head.status_code == 200, path
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]
        assert head.headers["cache-control"] == "no-store"


def test_a_yes_or_no_in_the_address_that_is_neither_is_named_in_words(
    client: TestClient,
) -> None:
    screen_clear(client)
    refused = client.get("/plan.ics?daily=zz")
    assert refused.status_code == 422
    assert "Daily self-massage slot: use yes or no" in _line(refused)
    assert "Input should be" not in refused.text
    post_form(client, "/language", {"language": "vi", "next": "/"})
    refused = client.get("/plan.ics?daily=zz")
    assert refused.status_code == 422
    assert "Input should be" not in refused.text and "use yes or no" not in refused.text


def test_a_note_over_a_megabyte_is_refused_in_words_and_nothing_is_saved(
    client: TestClient, written: Counter
) -> None:
    screen_clear(client)
    before = written()
    refused = post_form(client, "/checkins", {"pain": "3", "note": "x" * 1_100_000})
    assert refused.status_code == 400
    assert "Part of the form was too long to read" in _line(refused)
    assert "Field exceeded" not in refused.text
    assert written() == before
