"""A client's own Today and time zone pages under a stop, on the clinic server (review 10,
m1, m6): the check-in alone, nothing to massage or follow; a zone with no country leads
to setting one and back to the result with the number."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag

from tests.clinic.conftest import People, as_, form
from tests.web.conftest import answers

pytestmark = [pytest.mark.postgres]


def test_a_clients_today_under_a_stop_offers_the_check_in_alone(people: People) -> None:
    client = as_(people, "a.client1")
    assert form(client, "/screening", answers(chest_pain=True)).status_code == 200
    page = BeautifulSoup(client.get("/").text, "html.parser")
    kinds = [li["data-kind"] for li in page.select("#today-items li")]
    assert kinds == ["checkin"]
    card = page.find(id="plan-h")
    assert isinstance(card, Tag) and card.parent is not None
    shown = " ".join(card.parent.get_text(" ").split())
    for gone in ("Stay active", "Log a session", "Make a plan", "The whole plan"):
        assert gone not in shown, gone


def test_a_clients_zone_with_no_country_leads_to_setting_it_and_back(people: People) -> None:
    client = as_(people, "a.client1")
    client.cookies.set("backrub_lang", "en")
    assert form(client, "/profiles/zone", {"tz": "UTC"}).status_code == 303
    result = BeautifulSoup(form(client, "/screening", answers(chest_pain=True)).text, "html.parser")
    alert = result.find(attrs={"role": "alert"})
    assert isinstance(alert, Tag) and alert.find("a", class_="call") is None
    assert alert.find("a", href="/profiles/zone?back=screening") is not None
    moved = form(client, "/profiles/zone", {"tz": "Asia/Ho_Chi_Minh", "back": "screening"})
    assert moved.status_code == 303 and moved.headers["location"] == "/screening"
    after = BeautifulSoup(client.get("/screening").text, "html.parser")
    call = after.select_one("[role=alert] a.call")
    assert call is not None and call["href"] == "tel:115"
