"""Every evidence page opens in Vietnamese, its protocol's counts in Vietnamese words.

A protocol's weeks and sessions are ranges (``Span``); the Vietnamese plural rule needs
a whole number, so these pages failed with a server error before session 10.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from backrub.evidence import Entry, load_catalogue
from tests.web.conftest import soup

VI = {"Accept-Language": "vi"}


@pytest.mark.parametrize("entry", [e for e in load_catalogue() if e.protocol], ids=lambda e: e.id)
def test_an_evidence_page_with_a_protocol_opens_in_vietnamese(
    client: TestClient, entry: Entry
) -> None:
    page = client.get(f"/evidence/{entry.id}", headers=VI)
    assert page.status_code == 200
    assert soup(page).html["lang"] == "vi"


def test_the_protocols_weeks_and_sessions_read_in_vietnamese(client: TestClient) -> None:
    page = client.get("/evidence/cherkin-2011", headers=VI)
    protocol = " ".join(soup(page).get_text().split())
    assert "10 buổi" in protocol and "10 tuần" in protocol
