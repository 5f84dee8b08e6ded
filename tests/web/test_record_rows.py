"""A history's rows are kept once a process for what they show (web/record_rows.py): a row
kept from an earlier visit never shows an older value, language or zone than the page."""

from __future__ import annotations

import re

from tests.web.conftest import TestClient, post_form, screen_clear, soup


def _rows(client: TestClient, url: str = "/history?since=2026-01-01") -> list[str]:
    page = client.get(url)
    assert page.status_code == 200
    return [row.get_text(" ", strip=True) for row in soup(page).select("table.records tbody tr")]


def test_a_corrected_checkin_shows_its_new_values_where_its_old_row_was_kept(
    client: TestClient,
) -> None:
    screen_clear(client)
    post_form(client, "/checkins", {"pain": "4", "sleep": "6", "at": "2026-03-01T08:30"})
    for url in ("/history?since=2026-01-01", "/history?days=365", "/"):
        assert any("pain 4/10" in row for row in _rows(client, url)), url  # kept now
    edit = soup(client.get("/history?since=2026-01-01")).select_one("td.correct a")
    assert edit is not None
    fixed = post_form(
        client, str(edit["href"]), {"pain": "7", "sleep": "6", "at": "2026-03-01T08:30"}
    )
    assert fixed.status_code in (200, 303)
    for url in ("/history?since=2026-01-01", "/history?days=365", "/"):
        rows = _rows(client, url)
        assert any("pain 7/10" in row for row in rows), url
        assert not any("pain 4/10" in row for row in rows), url


def test_a_kept_row_is_worded_in_the_language_chosen_since(client: TestClient) -> None:
    screen_clear(client)
    post_form(client, "/checkins", {"pain": "3", "sleep": "6", "at": "2026-03-01T08:30"})
    [english] = _rows(client)
    assert "pain 3/10" in english and "Edit" in english
    assert post_form(client, "/language", {"language": "vi", "next": "/history"}).status_code in (
        200,
        303,
    )
    [vietnamese] = _rows(client)
    assert "đau 3/10" in vietnamese and "pain 3/10" not in vietnamese


def test_a_note_written_like_the_rows_mark_is_shown_as_text_and_splits_nothing(
    client: TestClient,
) -> None:
    screen_clear(client)
    odd = "odd <!--end of row--> note"
    for pain, at in (("2", "2026-03-01T08:30"), ("5", "2026-03-02T08:30")):
        post_form(client, "/checkins", {"pain": pain, "note": odd, "at": at})
    page = client.get("/history?since=2026-01-01").text
    assert "odd &lt;!--end of row--&gt; note" in page and odd not in page
    rows = re.findall(r"<tr id=\"r-checkin-\d+\">(.*?)</tr>", page, re.S)
    assert len(rows) == 2
    assert ["pain 5/10" in rows[0], "pain 2/10" in rows[1]] == [True, True]
