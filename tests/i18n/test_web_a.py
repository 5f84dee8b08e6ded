"""The web pages of the first half of the templates speak Vietnamese (issue 12, helper weba).

The templates ``_*.html`` up to ``guided_invalid.html`` (base.html, the shared
partials, the dashboard, body map, backup, evidence, guided choose/done/invalid
and error pages) and the web modules outside ``routes/`` (navigation, wording,
failures, moments, pictures, citations) say every word through the catalogue.

In the pseudo-locale every translated string is wrapped in ⟦…⟧, so English left
outside the brackets was never translated. A page also shows words that other
parts of backrub translate at their source (questions, verdicts, zone names,
the evidence catalogue) and what the person typed; these tests hold this half
of the web app to account for its own words: an English phrase on the page
that is written in one of these files, and in no file of another part, fails.
The lead's sweep over every page checks the whole once every part is in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

import backrub
from backrub.web import WebSettings
from tests.i18n.english import english_in_html
from tests.web.conftest import TestClient, answers, make_client, post_form

PACKAGE = Path(backrub.__file__).parent
WEB = PACKAGE / "web"
LAST_TEMPLATE = "guided_invalid.html"


def _own_files() -> list[Path]:
    templates = [
        path
        for path in sorted((WEB / "templates").rglob("*.html"))
        if str(path.relative_to(WEB / "templates")) <= LAST_TEMPLATE
    ]
    modules = [p for p in sorted(WEB.rglob("*.py")) if "routes" not in p.parts]
    return templates + modules


OWN = _own_files()
OWN_TEXT = "\n".join(path.read_text(encoding="utf-8") for path in OWN)
OTHER_TEXT = "\n".join(
    path.read_text(encoding="utf-8")
    for path in sorted(PACKAGE.rglob("*"))
    if path.suffix in (".py", ".html", ".toml", ".md", ".json")
    and path.is_file()
    and path not in OWN
    and "locale" not in path.parts
)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


OWN_FLAT, OTHER_FLAT = _flat(OWN_TEXT), _flat(OTHER_TEXT)


def own_english(html: str) -> list[str]:
    """Return the English phrases of ``html`` (pseudo-locale) that these files wrote."""
    return [
        phrase
        for phrase in english_in_html(html)
        if phrase.strip() in OWN_FLAT and phrase.strip() not in OTHER_FLAT
    ]


def test_the_check_finds_an_untranslated_phrase_of_these_files() -> None:
    """The filter keeps a phrase written here and drops user text and other parts' words."""
    page = "<p>⟦Ŧĥé ķéý⟧ Capped at the plan.</p><p>walked after work.</p>"
    assert own_english(page) == ["Capped at the plan"]
    assert own_english("<p>⟦Çàƀƀéđ àŧ ŧĥé ƀĺàñ⟧</p>") == []


@pytest.fixture(scope="module")
def pseudo_env() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BACKRUB_PSEUDO_LOCALE", "1")
        yield


def _client(tmp: Path, language: str, *, demo: bool) -> TestClient:
    settings = WebSettings(db=str(tmp / f"{language}-{demo}.sqlite3"), demo=demo)
    return make_client(settings, headers={"Accept-Language": language})


@pytest.fixture(scope="module")
def demo_qps(pseudo_env: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The demo profile (weeks of records, a plan), answered in the pseudo-locale."""
    with _client(tmp_path_factory.mktemp("qps"), "qps", demo=True) as client:
        client.get("/welcome")
        marked = post_form(client, "/body-map", {"region_hip_left": "3"}, follow_redirects=False)
        assert marked.status_code == 303
        yield client


@pytest.fixture(scope="module")
def demo_vi(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The demo profile, answered in Vietnamese."""
    with _client(tmp_path_factory.mktemp("vi"), "vi", demo=True) as client:
        client.get("/welcome")
        yield client


PAGES = [
    "/",
    "/body-map",
    "/backup",
    "/evidence",
    "/evidence/furlan-2015",
    "/evidence/cherkin-2011",
    "/guided",
    "/guided/plan?tool=foam_roller",
    "/guided/plan?tool=massage_gun",
    "/history",
    "/sessions",
    "/questionnaires/psfs",
    "/questionnaires/rmdq",
    "/no-such-page",
]


@pytest.mark.parametrize("path", PAGES)
def test_a_page_says_none_of_its_own_words_in_english(demo_qps: TestClient, path: str) -> None:
    response = demo_qps.get(path)
    assert response.status_code in (200, 404), path
    assert "⟦" in response.text
    assert own_english(response.text) == [], path


def _timer_form(client: TestClient, tool: str) -> dict[str, Any]:
    """Return what the timer page posts when every zone ran its full time."""
    page = BeautifulSoup(client.get(f"/guided/run?tool={tool}").text, "html.parser")
    form = page.find("form", id="guided")
    assert form is not None
    data: dict[str, Any] = {}
    for field in form.find_all(["input", "select"]):
        name = field.get("name")
        if name and name != "csrf_token":
            chosen = field.find("option", selected=True) if field.name == "select" else None
            data[name] = chosen["value"] if chosen else field.get("value", "")
    return data


def test_the_guided_ends_say_none_of_their_own_words_in_english(demo_qps: TestClient) -> None:
    """guided_done (saved, capped) and guided_invalid (a bad number kept for correcting)."""
    data = _timer_form(demo_qps, "foam_roller")
    seconds = [name for name in data if name.startswith("seconds_")]
    invalid = post_form(demo_qps, "/guided/finish", {**data, seconds[0]: "x"})
    assert invalid.status_code == 422
    assert own_english(invalid.text) == []
    done = post_form(demo_qps, "/guided/finish", {**data, seconds[0]: "5000"})
    assert done.status_code == 200 and "⟦" in done.text
    assert own_english(done.text) == []


def test_the_safety_banners_say_none_of_their_own_words_in_english(
    pseudo_env: None, tmp_path: Path
) -> None:
    """First visit (the questions first), a stop, and a form posted with mistakes."""
    with _client(tmp_path, "qps", demo=False) as client:
        client.get("/welcome")
        first = client.get("/")
        assert own_english(first.text) == []
        assert post_form(client, "/screening", answers(bladder_bowel_change=True)).status_code
        stopped = client.get("/")
        assert "⟦" in stopped.text and own_english(stopped.text) == []
        wrong = post_form(client, "/checkins", {"pain": "11", "sleep": "x"})
        assert wrong.status_code == 422
        assert own_english(wrong.text) == []


def _text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def test_the_dashboard_speaks_vietnamese_with_a_vietnamese_date(demo_vi: TestClient) -> None:
    page = demo_vi.get("/")
    assert '<html lang="vi">' in page.text
    text = _text(page.text)
    # The demo's clock is Monday 2 March 2026.
    assert "Hôm nay, Thứ Hai, 02 tháng 3, 2026" in text
    for words in ("Lưng của bạn lúc này thế nào?", "Lưu ghi nhận", "Việc cần làm hôm nay"):
        assert words in text
    assert "Không phải thiết bị y tế." in text  # the footer (base.html)
    assert "Chuyển đến nội dung chính" in text  # the skip link
    assert "Tự xoa bóp" in text and "Tiến triển" in text  # the navigation
    assert "How is your back now?" not in text


def test_the_records_and_body_map_speak_vietnamese(demo_vi: TestClient) -> None:
    history = _text(demo_vi.get("/history").text)
    assert "ghi nhận hằng ngày" in history and "Sửa" in history and "Xóa" in history
    # A time on a page is written the Vietnamese way: "2 thg 3, 2026 08:46".
    assert re.search(r"\d{1,2} thg \d{1,2}, 20\d\d \d\d:\d\d", history)
    body_map = _text(demo_vi.get("/body-map").text)
    assert "Bản đồ cơ thể: bạn đau ở đâu?" in body_map
    assert "Lưu bản đồ cơ thể" in body_map


def test_a_picture_is_named_in_vietnamese(demo_vi: TestClient) -> None:
    page = BeautifulSoup(demo_vi.get("/guided/plan?tool=foam_roller").text, "html.parser")
    names = [svg.get("aria-label", "") for svg in page.find_all("svg", role="img")]
    assert any(str(name).startswith("Vùng: ") for name in names), names
    assert any("con lăn xốp" in str(name) for name in names), names


def test_an_error_page_and_the_evidence_speak_vietnamese(demo_vi: TestClient) -> None:
    missing = demo_vi.get("/no-such-page")
    assert missing.status_code == 404
    assert "Không tìm thấy" in _text(missing.text)
    evidence = demo_vi.get("/evidence/furlan-2015")
    page = BeautifulSoup(evidence.text, "html.parser")
    heading = page.find("h1")
    assert heading is not None and heading.get("lang") == "en"  # a citation is not translated
    assert "Kết quả chính" in _text(evidence.text)
    rules = demo_vi.get("/evidence").text
    assert "Quy tắc: mọi con số, kèm nguồn" in _text(rules)
    assert "Project-Id-Version" not in rules + evidence.text  # no empty text sent to gettext


def test_english_pages_keep_their_words_and_formats(tmp_path: Path) -> None:
    with _client(tmp_path, "en", demo=True) as client:
        client.get("/welcome")
        page = client.get("/")
        assert '<html lang="en">' in page.text
        text = _text(page.text)
        assert "Today, Monday 02 March 2026" in text
        assert "How is your back now?" in text and "Save check-in" in text
        history = _text(client.get("/history").text)
        assert re.search(r"20\d\d-\d\d-\d\d \d\d:\d\d", history)
        assert "Edit this check-in" in history
