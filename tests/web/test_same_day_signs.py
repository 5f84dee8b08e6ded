"""A same-day stop's "if you get worse" signs fit the person's own answers on every page
that shows the stop: the result, the Welcome "so far" banner and the Today banner (review
10, M4). A possible spinal infection is told the nerve signs, not breathing and chest pain,
and is not shown the clot and MSCC pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from backrub.web import WebSettings
from tests.web.conftest import TestClient, answers, make_client, post_form, soup

BREATHING = "your breathing gets harder or chest pain starts"
NERVES = "new weakness or numbness in a leg, trouble walking, or a change in bladder or bowel"
INFECTION = {"fever_or_chills": True, "injects_drugs": True}
CASES = {
    "infection": (INFECTION, (NERVES,), (BREATHING, "NHS: DVT", "NHS: pulmonary embolism")),
    "breathless": ({"sudden_breathlessness": True}, (BREATHING,), (NERVES, "BASS 2018")),
    "both": ({**INFECTION, "sudden_breathlessness": True}, (BREATHING, NERVES), ()),
}
MSCC_SOURCE = "NICE CG75"


def _alert(page: BeautifulSoup) -> str:
    alert = page.find(attrs={"role": "alert"})
    assert isinstance(alert, Tag)
    return " ".join(alert.get_text().split())


def _check(shown: str, said: tuple[str, ...], unsaid: tuple[str, ...]) -> None:
    assert "STOP: get medical help today" in shown
    for words in said:
        assert shown.count(words) == 1, (words, shown)
    for words in (*unsaid, MSCC_SOURCE):
        assert words not in shown, (words, shown)
    if len(said) == 2:
        assert shown.index(BREATHING) < shown.index(NERVES)


@pytest.mark.parametrize("case", CASES)
def test_the_result_and_the_today_banner_name_the_signs_of_the_persons_own_answers(
    client: TestClient, case: str
) -> None:
    yes, said, unsaid = CASES[case]
    response = post_form(client, "/screening", {**answers(**yes), "tz": "Europe/London"})
    assert response.status_code == 200
    _check(_alert(soup(response)), said, unsaid)
    _check(_alert(soup(client.get("/"))), said, unsaid)  # Today, the same words


@pytest.mark.parametrize("case", CASES)
def test_the_welcome_so_far_banner_names_the_same_signs(client: TestClient, case: str) -> None:
    yes, said, unsaid = CASES[case]
    partial = {qid: "yes" for qid in yes}  # the other questions still open
    page = soup(post_form(client, "/screening", {**partial, "tz": "Europe/London"}))
    stop = page.find("section", attrs={"data-focus-first": True})
    assert isinstance(stop, Tag)
    _check(" ".join(stop.get_text().split()), said, unsaid)


def test_in_vietnamese_an_infection_is_told_the_nerve_signs(tmp_path: Path) -> None:
    settings = WebSettings(db=str(tmp_path / "vi.sqlite3"))
    with make_client(settings, headers={"Accept-Language": "vi"}) as client:
        client.get("/welcome")
        response = post_form(
            client, "/screening", {**answers(**INFECTION), "tz": "Asia/Ho_Chi_Minh"}
        )
        shown = _alert(soup(response))
    assert "một chân mới bị yếu hoặc tê, đi lại khó khăn" in shown
    assert "khó thở hơn" not in shown
    assert "Số điện thoại cấp cứu nơi bạn đang ở: 115." in shown
