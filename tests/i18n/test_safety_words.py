"""The safety words in Vietnamese, none left in English, and the local emergency number.

Every red-flag question, finding, tier and verdict has its own Vietnamese; in
the pseudo-locale no English sentence of the safety area is left on the web
screening pages, in `backrub screen` or in the report; and every emergency
wording names the number of the profile's country (from its time zone) or of
its language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from backrub.domain import emergency
from backrub.domain.emergency import emergency_number, number_words, use_place
from backrub.domain.episodes import classify_leg_pain
from backrub.domain.mood import urgent_help_words
from backrub.domain.red_flags import COMBINATIONS, QUESTIONS, RETIRED
from backrub.domain.screening import NO_TO_ALL, Tier, Verdict, screen, verdict_title
from backrub.domain.verdicts import NOT_A_MEDICAL_DEVICE, VERDICT_MESSAGE, verdict_message
from backrub.evidence import load_rules
from backrub.i18n import PSEUDO_SWITCH, _, use_language
from backrub.i18n.extraction import messages
from backrub.reports.report import render_html
from backrub.web import WebSettings
from tests.i18n.english import english_in_html, english_in_text
from tests.web.conftest import TestClient, answers, make_client, post_form

ROOT = Path(__file__).resolve().parents[2]
# Letters only Vietnamese uses among the Latin scripts (and its tone marks).
VIETNAMESE = re.compile(
    "[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.IGNORECASE
)
SAFETY_FILES = {
    f"domain/{name}.py"
    for name in (
        "red_flags",
        "warning_signs",
        "retired_questions",
        "screening",
        "restrictions",
        "clearance",
        "mood",
        "massage_limits",
        "allowed",
        "gun_speed",
        "episodes",
        "emergency",
        "verdicts",
        "questions",
    )
}
NOW = {"BACKRUB_NOW": "2026-03-02T09:30:00+00:00"}


def safety_english() -> list[str]:
    """Return every run of four or more words of the safety area's English messages."""
    runs: list[str] = []
    for message in messages():
        if message.where.split(":")[0] not in SAFETY_FILES:
            continue
        for text in (message.id, message.plural or ""):
            for part in re.split(r"%\(\w+\)[sd]|\([^)]*\)", text):
                words = part.split()
                if len(words) >= 4:
                    runs.append(" ".join(words))
    return runs


def english_left(text: str) -> list[str]:
    """Return the safety area's English runs that ``text`` still shows."""
    flat = " ".join(text.split())
    return [run for run in safety_english() if run in flat]


def assert_vietnamese(english: str) -> None:
    with use_language("vi"):
        said = _(english)
    assert said != english, english
    assert VIETNAMESE.search(said), said


# --- the catalogue ---------------------------------------------------------------


@pytest.mark.parametrize("question", (*QUESTIONS, *RETIRED), ids=lambda q: q.id)
def test_every_red_flag_question_and_finding_is_in_vietnamese(question) -> None:  # type: ignore[no-untyped-def]
    with use_language("vi"):
        text, finding, reason = question.shown_text, question.shown_finding, question.shown_reason
    for said, english in ((text, question.text), (finding, question.finding)):
        assert said != english and VIETNAMESE.search(said), question.id
    if question.because:
        assert_vietnamese(question.because)
        assert reason.startswith(finding + ": ")


@pytest.mark.parametrize("combination", COMBINATIONS, ids=lambda c: c.id)
def test_every_sign_made_of_several_answers_is_in_vietnamese(combination) -> None:  # type: ignore[no-untyped-def]
    assert_vietnamese(combination.finding)


def test_tiers_verdicts_and_the_not_a_device_line_are_in_vietnamese() -> None:
    with use_language("vi"):
        tiers = {tier: tier.words for tier in Tier}
        titles = {verdict: verdict_title(verdict) for verdict in Verdict}
    assert tiers[Tier.EMERGENCY] == "cấp cứu ngay"
    for tier, said in tiers.items():
        assert VIETNAMESE.search(said), tier
    for verdict, said in titles.items():
        assert VIETNAMESE.search(said), verdict
    for message in (*VERDICT_MESSAGE.values(), NOT_A_MEDICAL_DEVICE):
        assert_vietnamese(message)
    with use_language("vi"), use_place("Asia/Ho_Chi_Minh"):
        emergency_words = verdict_message(Verdict.STOP_EMERGENCY)
    assert emergency_words.startswith("Gọi cấp cứu ngay")
    assert emergency_words.endswith("Số điện thoại cấp cứu nơi bạn sống: 115.")


def test_the_urgent_help_words_are_in_vietnamese_with_the_number() -> None:
    with use_language("vi"), use_place("Asia/Ho_Chi_Minh"):
        for self_harm in (True, False):
            words = urgent_help_words(asks_about_self_harm=self_harm)
            assert "khoa cấp cứu" in words and words.endswith("115.")


# --- the emergency number -----------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "language", "number"),
    [
        ("Asia/Ho_Chi_Minh", "en", "115"),
        ("Asia/Saigon", "en", "115"),
        ("Europe/London", "vi", "999"),
        ("America/New_York", "vi", "911"),
        ("America/Toronto", "en", "911"),
        ("Europe/Berlin", "en", "112"),
        ("Europe/Paris", "vi", "112"),
        ("UTC", "vi", "115"),  # no country: the language says
        (None, "vi", "115"),
        ("UTC", "en", None),
        ("Australia/Sydney", "vi", None),  # a country backrub has no number for
    ],
)
def test_the_number_follows_the_zone_and_else_the_language(
    zone: str | None, language: str, number: str | None
) -> None:
    assert emergency_number(zone, language) == number


def test_an_unknown_country_is_given_examples() -> None:
    with use_place("Australia/Sydney"):
        words = number_words()
    assert words == (
        "Your local emergency number: for example 115 in Vietnam, 112 in Europe, 999 in the "
        "UK, 911 in the US."
    )
    with use_language("vi"), use_place("UTC"):
        assert number_words() == "Số điện thoại cấp cứu nơi bạn sống: 115."


def test_the_numbers_are_the_product_defaults_of_the_rules_table() -> None:
    rules = load_rules()
    for rule_id, number in (
        ("emergency_number_vietnam", emergency.VIETNAM),
        ("emergency_number_uk", emergency.UK),
        ("emergency_number_us", emergency.US),
        ("emergency_number_europe", emergency.EUROPE),
    ):
        assert str(int(rules[rule_id].value)) == number
        assert rules[rule_id].is_product_default and rules[rule_id].name


def test_leg_pain_advice_names_the_number_as_a_product_default() -> None:
    with use_place("Europe/Berlin"):
        said = classify_leg_pain(True).said
    number = next(part for part in said if "112" in part.words)
    assert number.sources == ("product-default",)


def test_the_report_stop_notice_names_the_profiles_number() -> None:
    from tests.test_report import make_data
    from tests.test_report import screening as screened

    data = make_data(screening=screened("saddle_numbness"))
    for zone, number in (("Europe/Berlin", "112"), ("America/New_York", "911")):
        page = BeautifulSoup(render_html(replace(data, tz=zone), ["sessions"]), "html.parser")
        banner = page.find(id="stop-banner")
        assert banner is not None
        assert f"Your local emergency number is {number}." in banner.get_text(" ")


def test_docs_say_the_vietnamese_is_not_reviewed_and_give_the_number_rule() -> None:
    docs = " ".join((ROOT / "docs" / "safety.md").read_text("utf-8").split())
    assert "The Vietnamese wording has not been reviewed by a clinician." in docs
    assert "## The local emergency number" in (ROOT / "docs" / "safety.md").read_text("utf-8")
    assert "falls back on the language" in docs


# --- the web pages ------------------------------------------------------------------


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PSEUDO_SWITCH, "1")


def _client(tmp_path: Path, language: str) -> Iterator[TestClient]:
    settings = WebSettings(db=str(tmp_path / "backrub.sqlite3"))
    with make_client(settings, headers={"Accept-Language": language}) as client:
        client.get("/welcome")
        yield client


@pytest.fixture
def qps_client(pseudo: None, tmp_path: Path) -> Iterator[TestClient]:
    yield from _client(tmp_path, "qps")


def test_the_pseudo_locale_screening_page_shows_no_safety_english(qps_client: TestClient) -> None:
    page = qps_client.get("/welcome")
    assert page.status_code == 200
    assert english_left(BeautifulSoup(page.text, "html.parser").get_text(" ")) == []
    legends = BeautifulSoup(page.text, "html.parser").find_all("legend")
    assert legends and all(not english_in_text(legend.get_text(" ")) for legend in legends)


@pytest.mark.parametrize(
    "yes",
    [{"saddle_numbness": True}, {"blood_thinners": True, "leg_pain_below_knee": True}, {}],
    ids=["emergency", "restricted", "clear"],
)
def test_the_pseudo_locale_result_shows_no_safety_english(
    qps_client: TestClient, yes: dict[str, bool]
) -> None:
    response = post_form(qps_client, "/screening", answers(**yes))
    assert response.status_code == 200
    text = BeautifulSoup(response.text, "html.parser").get_text(" ")
    assert english_left(text) == []
    banner = BeautifulSoup(response.text, "html.parser").find(id="verdict-h")
    assert banner is not None and not english_in_html(str(banner))


@pytest.mark.parametrize(
    ("zone", "number"),
    [
        ("Asia/Ho_Chi_Minh", "115"),
        ("Europe/London", "999"),
        ("America/New_York", "911"),
        ("Europe/Berlin", "112"),
    ],
)
def test_the_web_emergency_result_names_the_number_of_the_profiles_zone(
    tmp_path: Path, zone: str, number: str
) -> None:
    for client in _client(tmp_path, "en"):
        data = {**answers(saddle_numbness=True), "tz": zone}
        response = post_form(client, "/screening", data)
        alert = BeautifulSoup(response.text, "html.parser").find(attrs={"role": "alert"})
        assert alert is not None
        assert f"Your local emergency number is {number}." in " ".join(alert.get_text().split())
        # Every later page's banner says the same number.
        today = BeautifulSoup(client.get("/").text, "html.parser").find(attrs={"role": "alert"})
        assert today is not None and number in today.get_text(" ")


def test_the_vietnamese_web_result_speaks_vietnamese(tmp_path: Path) -> None:
    for client in _client(tmp_path, "vi"):
        data = {**answers(saddle_numbness=True), "tz": "Asia/Ho_Chi_Minh"}
        response = post_form(client, "/screening", data)
        text = " ".join(BeautifulSoup(response.text, "html.parser").get_text(" ").split())
        assert "DỪNG LẠI: có thể đây là trường hợp cấp cứu" in text
        assert "Gọi cấp cứu ngay" in text and "Số điện thoại cấp cứu nơi bạn sống: 115." in text


# --- the command line ----------------------------------------------------------------


def test_the_pseudo_locale_screen_command_shows_no_safety_english(run) -> None:  # type: ignore[no-untyped-def]
    env = {**NOW, "BACKRUB_LANG": "qps", PSEUDO_SWITCH: "1", "BACKRUB_TZ": "Europe/Berlin"}
    listed = run("screen", "--list", env=env)
    assert listed.code == 0, listed.err
    assert english_left(listed.out) == []
    for answer in ("saddle_numbness=yes", "blood_thinners=yes"):
        result = run("screen", "--no-to-all", "--answer", answer, env=env)
        assert english_left(result.out + result.err) == [], answer
    stop = run("screen", "--no-to-all", "--answer", "chest_pain=yes", env=env)
    assert "112" in stop.out


@pytest.mark.parametrize(
    ("zone", "language", "words"),
    [
        ("America/New_York", "en", "Your local emergency number is 911."),
        ("Europe/London", "en", "Your local emergency number is 999."),
        ("Asia/Ho_Chi_Minh", "vi", "Số điện thoại cấp cứu nơi bạn sống: 115."),
        ("UTC", "vi", "Số điện thoại cấp cứu nơi bạn sống: 115."),
    ],
)
def test_the_screen_stop_names_the_number_of_the_profile(  # type: ignore[no-untyped-def]
    run, zone: str, language: str, words: str
) -> None:
    env = {**NOW, "BACKRUB_LANG": language, "BACKRUB_TZ": zone}
    result = run("screen", "--no-to-all", "--answer", "saddle_numbness=yes", env=env)
    assert result.code == 0, result.err
    assert words in result.out


def test_english_stays_as_it_was() -> None:
    stop = screen({**NO_TO_ALL, "chest_pain": True}, today=date(2026, 3, 2))
    with use_place("Europe/London"):
        assert stop.shown_message == f"{stop.message} Your local emergency number is 999."
    assert stop.title == "STOP: this may be an emergency"
