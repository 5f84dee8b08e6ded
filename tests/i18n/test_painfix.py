"""A person in pain, reading backrub in Vietnamese: what the review found, fixed.

Each test is one finding: the words a person sees (in Vietnamese, and in English
where English must stay as it was or was wrong too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from backrub.domain.daily_limits import duration
from backrub.domain.instruments import get_instrument
from backrub.domain.scoring import score, urgent_despite_total
from backrub.domain.screening import QUESTIONS, Tier
from backrub.domain.trend import trend
from backrub.domain.words import minutes, seconds
from backrub.errors import InvalidInput
from backrub.i18n import _, use_language
from backrub.web import WebSettings
from backrub.web.routes.language import back_to
from backrub.web.wording import for_people
from tests.web.conftest import answers, make_client, post_form

EMERGENCY = next(q.id for q in QUESTIONS if q.tier is Tier.EMERGENCY)
LOW_BUT_ITEM_9 = (0, 0, 0, 0, 0, 0, 0, 0, 1)


def _page(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def _text(response: Any) -> str:
    return " ".join(_page(response).get_text(" ").split())


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Any]:
    """Return a function that opens a client on a new database in a language."""
    opened: list[Any] = []

    def client(language: str) -> Any:
        made = make_client(
            WebSettings(db=str(tmp_path / f"{language}-{len(opened)}.sqlite3")),
            headers={"Accept-Language": language},
        )
        opened.append(made.__enter__())
        made.get("/welcome")
        return made

    yield client
    for made in opened:
        made.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo_vi(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    db = tmp_path_factory.mktemp("painfix-vi") / "demo.sqlite3"
    with make_client(WebSettings(db=str(db), demo=True), headers={"Accept-Language": "vi"}) as c:
        c.get("/welcome")
        yield c


@pytest.fixture(scope="module")
def demo_en(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    db = tmp_path_factory.mktemp("painfix-en") / "demo.sqlite3"
    with make_client(WebSettings(db=str(db), demo=True)) as c:
        c.get("/welcome")
        yield c


def _phq9(client: Any, *answered: int) -> Any:
    data = {f"answer_{n}": str(a) for n, a in enumerate(answered, start=1)}
    return post_form(client, "/questionnaires/phq9", data)


# 1. PHQ-9 item 9 above 0 with a low total: never "minimal" or "negative" under urgent help


def test_a_low_phq9_with_item_9_is_not_called_negative_under_urgent_help(fresh: Any) -> None:
    english = _phq9(fresh("en"), *LOW_BUT_ITEM_9)
    page = _page(english)
    assert page.find(class_="urgent-help") is not None
    said = page.find(class_="score-result")
    assert said is not None
    words = " ".join(said.get_text(" ").split())
    assert "Total score low, but your answer to question 9 needs attention now" in words
    assert "negative" not in words and "minimal" not in words
    assert "Band as published" not in _text(english)
    vietnamese = " ".join(_page(_phq9(fresh("vi"), *LOW_BUT_ITEM_9)).get_text(" ").split())
    assert "Điểm tổng thấp, nhưng câu trả lời ở câu 9 cần được quan tâm ngay" in vietnamese
    assert "âm tính" not in vietnamese and "tối thiểu" not in vietnamese


def test_a_low_phq9_without_item_9_still_says_minimal_and_negative(fresh: Any) -> None:
    words = _text(_phq9(fresh("en"), 1, 0, 0, 0, 0, 0, 0, 0, 0))
    assert "(minimal) (negative screen)" in words
    assert "needs attention now" not in words


def test_the_domain_and_report_give_the_same_words() -> None:
    from backrub.reports.model import result_line

    phq9 = get_instrument("phq9")
    low = score(phq9, LOW_BUT_ITEM_9)
    calm = score(phq9, (1, 0, 0, 0, 0, 0, 0, 0, 0))
    high = score(phq9, (3, 3, 3, 3, 0, 0, 0, 0, 1))
    assert urgent_despite_total(phq9, calm) is None
    assert urgent_despite_total(phq9, high) is None  # a positive screen already says so
    with use_language("vi"):
        assert urgent_despite_total(phq9, low) == (
            "Điểm tổng thấp, nhưng câu trả lời ở câu 9 cần được quan tâm ngay"
        )
    line = result_line(phq9, low_day(), low)
    assert "negative screen" not in line.meaning and "minimal" not in line.meaning
    assert "question 9 needs attention now" in line.meaning


def low_day() -> Any:
    from datetime import date

    return date(2026, 3, 2)


# 2. The emergency stop: a big tap-to-call link first; "not a medical device" once


def test_an_emergency_stop_leads_with_a_call_to_115_in_vietnamese(fresh: Any) -> None:
    chosen = {**answers(**{EMERGENCY: True}), "tz": "Asia/Ho_Chi_Minh"}
    response = post_form(fresh("vi"), "/screening", chosen)
    page = _page(response)
    alert = page.find(attrs={"role": "alert"})
    assert alert is not None
    call = alert.find("a", href="tel:115")
    assert call is not None and call.get_text(strip=True) == "Gọi 115 ngay"
    assert "button" in call["class"]
    # The call first, so a long list never pushes it below the fold (review 10, m4), then
    # the person's own answers (people review 8, F5), then what to do.
    first_paragraph = alert.find("p")
    assert first_paragraph is not None and first_paragraph.find("a", href="tel:115") is call
    answered = first_paragraph.find_next("p")
    assert answered is not None and answered.get_text() == "Bạn đã trả lời có cho:"
    findings = alert.find("ul", class_="findings")
    assert findings is not None and findings.find_next("p", class_="stop-message") is not None
    assert _text(response).count("Không phải thiết bị y tế") == 1


def test_an_emergency_stop_without_a_known_number_has_no_tel_link(fresh: Any) -> None:
    chosen = {**answers(**{EMERGENCY: True}), "tz": "UTC"}  # a zone with no country
    response = post_form(fresh("en"), "/screening", chosen)
    page = _page(response)
    assert page.find("a", href=re.compile(r"^tel:")) is None
    words = _text(response)
    assert (
        "Call the emergency number of the country you are in, for example 115 in Vietnam" in words
    )
    assert words.count("Not a medical device") == 1
    main = page.find("main")
    assert main is not None and "Not a medical device" in main.get_text()


def test_a_same_day_stop_offers_no_call(fresh: Any) -> None:
    same_day = next(q.id for q in QUESTIONS if q.tier is Tier.SAME_DAY)
    page = _page(post_form(fresh("vi"), "/screening", answers(**{same_day: True})))
    assert page.find("a", href=re.compile(r"^tel:")) is None


# 3. The language switcher comes back to the page with its query


def test_the_language_switch_comes_back_with_the_query(demo_en: Any) -> None:
    page = _page(demo_en.get("/guided/plan?tool=hands"))
    back = page.find("input", attrs={"name": "next"})
    assert back is not None and back["value"] == "/guided/plan?tool=hands"
    switched = post_form(
        demo_en,
        "/language",
        {"language": "en", "next": "/guided/plan?tool=hands"},
        follow_redirects=False,
    )
    assert switched.status_code == 303
    assert switched.headers["location"] == "/guided/plan?tool=hands"


@pytest.mark.parametrize(
    "target",
    ["//evil.example/x", "/\\evil.example", "https://evil.example/", "evil", "/a\r\nSet-Cookie: x"],
)
def test_the_language_switch_never_leaves_the_site(target: str) -> None:
    assert back_to(target) == "/"


def test_a_local_path_with_a_query_is_kept() -> None:
    assert back_to("/history?days=7") == "/history?days=7"


# 4. A refusal that lists choices names them, never by their internal ids


def test_the_tool_choices_are_named_in_vietnamese(demo_vi: Any) -> None:
    refused = demo_vi.get("/guided/plan")
    assert refused.status_code == 422
    words = _text(refused)
    assert "tennis_ball" not in words and "foam_roller" not in words
    assert "massage_gun" not in words
    with use_language("vi"):
        named = [_("tennis ball"), _("foam roller"), _("massage gun")]
    assert all(name in words for name in named), words


def test_choices_are_worded_in_either_language() -> None:
    error = InvalidInput("tool", "x", "choose one of: tennis_ball, foam_roller, massage_gun, hands")
    assert for_people(error) == "Choose one of: tennis ball, foam roller, massage gun, hands."
    with use_language("vi"):
        from backrub.domain.inputs import parse_choice
        from backrub.domain.records import Tool

        with pytest.raises(InvalidInput) as refused:
            parse_choice("tool", "x", Tool)
        said = for_people(refused.value)
    assert "_" not in said and "con lăn xốp" in said and "súng massage" in said


# 5. The plan's session table: the language's date, "phút" and money


def test_the_plan_table_speaks_vietnamese(demo_vi: Any) -> None:
    page = _page(demo_vi.get("/plan"))
    rows = page.select("table tbody tr")
    assert rows
    cells = [" ".join(td.get_text(" ").split()) for td in rows[0].find_all("td")]
    assert re.match(r"Thứ \w+", cells[0]) and "tháng" in cells[0], cells
    assert re.search(r"\d{4}-\d\d-\d\d", cells[0]) is None
    assert cells[1].endswith("phút") and "min" not in cells[1]
    if cells[2] != "—":
        assert "EUR" not in cells[2] and re.search(r"\d,\d\d", cells[2]), cells


def test_the_plan_table_in_english_is_as_it_was(demo_en: Any) -> None:
    rows = _page(demo_en.get("/plan")).select("table tbody tr")
    assert rows
    cells = [" ".join(td.get_text(" ").split()) for td in rows[0].find_all("td")]
    assert re.match(r"[A-Z][a-z]{2} \d{4}-\d\d-\d\d", cells[0]), cells
    assert re.fullmatch(r"\d+ min", cells[1]), cells
    assert cells[2] == "—" or re.fullmatch(r"\d+\.\d\d [A-Z]{3}", cells[2]), cells


# 6. Units: "phút" and "giây" in Vietnamese, "min" and "s" in English


def test_units_are_words_in_vietnamese_and_symbols_in_english() -> None:
    assert (minutes(5), seconds(60), duration(90)) == ("5 min", "60 s", "1 min 30 s")
    with use_language("vi"):
        assert (minutes(5), seconds(60), duration(90)) == ("5 phút", "60 giây", "1 phút 30 giây")


# "/" is left out: its plan items are titled by services/today.py (helper "cli").
@pytest.mark.parametrize("path", ["/plan", "/guided/plan?tool=foam_roller", "/history"])
def test_no_page_says_min_or_s_in_vietnamese(demo_vi: Any, path: str) -> None:
    words = _text(demo_vi.get(path))
    assert re.search(r"\d min\b", words) is None, path
    assert re.search(r"\d s\b", words) is None, path


def test_the_guided_plan_says_seconds_in_vietnamese(demo_vi: Any) -> None:
    words = _text(demo_vi.get("/guided/plan?tool=foam_roller"))
    assert re.search(r"\d+ giây", words), words


# 7. The report's trend heading names the measure in the language


def test_the_trend_is_named_in_the_language() -> None:
    from datetime import date, timedelta

    start = date(2026, 1, 5)
    readings = [(start + timedelta(days=d), 6 - d / 14) for d in range(42)]
    found = trend(readings, label="pain", higher_is_worse=True)
    assert found.shown_label == "pain"
    with use_language("vi"):
        assert found.shown_label == "mức đau"
        assert _("Trend of %(what)s", what=found.shown_label) == "Xu hướng mức đau"


def test_the_report_names_the_trend_in_vietnamese(demo_vi: Any) -> None:
    from backrub.web.routes.report import SECTION_TITLES

    chosen = [("format", "html"), *(("sections", name) for name in SECTION_TITLES)]
    words = _text(demo_vi.get("/report/download", params=chosen))
    assert "Xu hướng mức đau" in words and "Xu hướng của pain" not in words


# 8. The menu button means "more pages"


def test_the_more_button_means_more_pages(demo_vi: Any) -> None:
    summary = _page(demo_vi.get("/")).select_one("#nav-more summary")
    assert summary is not None
    assert " ".join(summary.get_text(" ").split()) == "Xem thêm các trang"


# 9. The pain scale says how to use it with a keyboard


def test_the_pain_scale_says_to_use_the_arrow_keys(demo_vi: Any, demo_en: Any) -> None:
    for client, words in ((demo_vi, "Dùng phím mũi tên để chọn mức."), (demo_en, None)):
        page = _page(client.get("/"))
        scale = page.find("input", attrs={"name": "pain", "type": "radio"})
        assert scale is not None
        hint = scale.find_parent("fieldset").find(class_="keys-hint")  # type: ignore[union-attr]
        assert hint is not None
        expected = words or "Use the arrow keys to choose a number."
        assert hint.get_text(strip=True) == expected


# 10. Plain wording


def test_plain_vietnamese_for_what_is_locked_the_translation_and_the_name() -> None:
    from backrub.domain.instrument_languages import translation_notice
    from backrub.web.routes.profiles import NAME_HINT

    with use_language("vi"):
        assert _(" (left out by your screening answers)") == (
            " (tạm khóa vì câu trả lời an toàn của bạn)"
        )
        notice = translation_notice("phq9", "vi")
        hint = _(NAME_HINT)
    assert notice is not None
    assert "Bản dịch này chưa được kiểm chứng khoa học, nên điểm của bạn chỉ để tham khảo" in notice
    assert "(vốn dựa trên bản tiếng Anh)" in notice
    assert "dấu chấm (.) và dấu nháy đơn (')" in hint
    english = translation_notice("phq9", "vi")
    assert english is not None and "your score is only a guide" in english
    assert "apostrophes (')" in NAME_HINT


def test_the_cli_does_not_call_a_low_phq9_with_item_9_negative(run: Any, home: Any) -> None:
    said = run("--lang", "vi", "score", "phq9", "--answers", "0,0,0,0,0,0,0,0,1")
    assert said.code == 0
    assert "Điểm tổng thấp, nhưng câu trả lời ở câu 9 cần được quan tâm ngay" in said.out
    assert "âm tính" not in said.out and "tối thiểu" not in said.out
    english = run("score", "gad7", "--answers", "3,3,3,3,3,3,3")
    assert "(severe anxiety, positive screen)" in english.out
    vietnamese = run("--lang", "vi", "score", "gad7", "--answers", "3,3,3,3,3,3,3")
    assert "(lo âu nặng, sàng lọc dương tính)" in vietnamese.out  # the band in Vietnamese


def test_the_body_map_reads_its_levels_out_in_the_persons_language(fresh: Any) -> None:
    """The script names a region's level with words from the page (review: "not marked",
    "N of 10" were English on a Vietnamese page)."""
    figure = _page(fresh("vi").get("/body-map")).find(id="bodymap-figure")
    assert figure is not None
    assert figure["data-unmarked"] == "chưa đánh dấu"
    assert figure["data-out-of"] == "{level} trên 10"
    english = _page(fresh("en").get("/body-map")).find(id="bodymap-figure")
    assert english is not None and english["data-out-of"] == "{level} of 10"
