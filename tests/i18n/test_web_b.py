"""The web pages from the guided log on, the routes' words and the guided timer speak Vietnamese.

In the pseudo-locale every translated string comes out as ``⟦…⟧``: what is left in
plain English on a page was never translated. These pages still hold words that
other parts of backrub translate at their source (the navigation and the shared
form pieces, the domain's sentences, the questionnaires' items), so the check here
is on this part's own words: every English phrase left on a page must not come
from these templates' text or from a string of the routes that is not passed
through the catalogue (``_``, ``N_``, ``ngettext``). The whole-page sweep over
every part is the lead's (issue 12).

The timer's script holds no words of its own: it reads its cues from the page, so
they follow the language too.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from backrub.web import WebSettings
from tests.i18n.english import english_in_html, english_in_text
from tests.web.conftest import answers, make_client, post_form, token

WEB = Path(__file__).resolve().parents[2] / "src" / "backrub" / "web"
TEMPLATES = sorted(
    path
    for path in (WEB / "templates").glob("*.html")
    if path.name > "guided_invalid.html" and not path.name.startswith("_")
)
# The JSON API's modules say nothing on a page (their words are the API's documentation).
ROUTES = sorted(p for p in (WEB / "routes").glob("*.py") if not p.name.startswith("api_"))
MARKERS = {"_", "N_", "ngettext", "pgettext"}
_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)


def template_text(source: str) -> str:
    """Return the words a template says itself: its text and attributes, not its Jinja."""
    return _JINJA.sub(" ", source)


def _marked(tree: ast.AST) -> set[int]:
    """Return the ids of the string nodes passed through the catalogue (or docstrings)."""
    marked: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in MARKERS:
            marked |= {id(sub) for arg in node.args for sub in ast.walk(arg)}
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            marked.add(id(body[0].value))
    return marked


def route_strings(source: str) -> list[str]:
    """Return the strings of a route module that do not go through the catalogue."""
    tree = ast.parse(source)
    marked = _marked(tree)
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in marked
    ]


def _phrase(text: str) -> str:
    return " ".join(text.split()).strip(" ,;:()-")


def own_phrases() -> set[str]:
    """Return every English phrase this part could put on a page without the catalogue."""
    found = [
        phrase
        for path in TEMPLATES
        for phrase in english_in_html(template_text(path.read_text(encoding="utf-8")))
    ]
    for path in ROUTES:
        found += [p for text in route_strings(path.read_text()) for p in english_in_text(text)]
    return {_phrase(phrase) for phrase in found} - {""}


OWN = own_phrases()


def own_english(html: str) -> list[str]:
    """Return the English phrases left on a page that come from this part's own words."""
    main = BeautifulSoup(html, "html.parser").find("main")
    shown = [_phrase(p) for p in english_in_html(str(main) if main is not None else html)]
    return [p for p in shown if p and any(own == p or own in p for own in OWN)]


def test_the_check_finds_english_this_part_left_untranslated() -> None:
    """The checker itself: a phrase from a template or an unmarked route string is found."""
    assert "Save the self-massage" not in template_text('<p>{{ _("Save the self-massage") }}</p>')
    assert "Keep it" in template_text('<a href="/">Keep it</a> {{ x }}')
    strings = route_strings('x = _("Not today")\ny = "Not with this tool"\n')
    assert strings == ["Not with this tool"]
    assert route_strings('def f():\n    """Say hello to the person."""\n') == []
    assert english_in_text("Keep it ⟦Ŧĥé ƀàçķ⟧") == ["Keep it"]


def test_no_template_of_this_part_says_english_outside_the_catalogue() -> None:
    """Every sentence of these templates goes through ``_``, ``ngettext`` or ``{% trans %}``."""
    left = {path.name: english_in_html(template_text(path.read_text())) for path in TEMPLATES}
    assert {name: found for name, found in left.items() if found} == {}


@pytest.fixture(scope="module")
def pseudo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The demo profile, asked for in the pseudo-locale."""
    db = tmp_path_factory.mktemp("pseudo") / "demo.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BACKRUB_PSEUDO_LOCALE", "1")
        settings = WebSettings(db=str(db), demo=True)
        with make_client(settings, headers={"Accept-Language": "qps"}) as client:
            client.get("/welcome")
            yield client


PAGES = (
    "/guided/log",
    "/guided/plan?tool=foam_roller",
    "/guided/run?tool=foam_roller",
    "/guided/run?tool=massage_gun",
    "/history",
    "/history?days=7",
    "/history?since=someday",
    "/plan",
    "/plan/new",
    "/profiles",
    "/profiles/rename?name=demo",
    "/profiles/delete?name=demo",
    "/progress",
    "/questionnaires",
    "/questionnaires/rmdq",
    "/questionnaires/peg",
    "/questionnaires/psfs",
    "/questionnaires/odi",
    "/questionnaires/startback",
    "/report",
    "/report/download?format=doc",
    "/screening",
    "/sessions",
    "/sessions?saved=pro",
    "/sessions/self",
    "/sessions/pro",
    "/welcome",
    "/?saved=2026-03-01",
    "/body-map",
    "/backup",
)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_of_this_part_leaves_none_of_its_own_english(pseudo: Any, path: str) -> None:
    response = pseudo.get(path)
    assert response.status_code < 500, path
    assert "⟦" in response.text, path  # the page was said in the pseudo-locale
    assert own_english(response.text) == [], path


def _record_ids(client: Any) -> dict[str, int]:
    store = client.app.state.backend.store
    data = store.load(store.profiles()[0])
    kinds = {
        "checkin": data.checkins,
        "pro": data.pro_sessions,
        "self": data.self_sessions,
        "response": data.responses,
    }
    return {kind: rows[-1].id for kind, rows in kinds.items() if rows}


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_a_correction_page_leaves_none_of_its_own_english(pseudo: Any, action: str) -> None:
    for kind, number in _record_ids(pseudo).items():
        response = pseudo.get(f"/history/{kind}/{number}/{action}")
        assert response.status_code == 200, kind
        assert own_english(response.text) == [], (kind, action)
    gone = pseudo.get(f"/history/checkin/999999/{action}")
    assert gone.status_code == 404
    assert own_english(gone.text) == []


# The forms, posted with values no field takes: every refusal is said in the language.
BAD_FORMS: dict[str, dict[str, Any]] = {
    "/guided/log": {"tool": "foam_roller", "zones": ["glutes_left"], "seconds": "9999"},
    "/guided/finish": {"tool": "foam_roller", "seconds_glutes_left": "x"},
    "/plan": {"protocol": "nope", "start": "someday", "days": ["funday"], "price": "-1"},
    "/profiles": {"name": "", "tz": "Mars/Olympus"},
    "/profiles/zone": {"name": "demo", "tz": "Mars/Olympus"},
    "/profiles/rename": {"name": "demo", "new_name": ""},
    "/profiles/delete": {"name": "nobody"},
    "/screening/clearance": {"cleared_on": "someday", "lifts": ["nope"]},
    "/questionnaires/peg": {"answer_1": "11", "answer_2": "x"},
    "/questionnaires/psfs": {"answer_1": "5", "activity_2": "walking;running"},
    "/questionnaires/phq2": {"answer_1": "3"},
    "/questionnaires/nrs": {},
    "/sessions/self": {"tool": "hammer", "zones": ["spine"], "seconds": "0", "pain_after": "-1"},
    "/sessions/pro": {"technique": "shiatsu", "minutes": "0", "cost": "-5"},
    "/body-map": {"region_lower_back_left": "11", "region_hip_left": "x"},
    "/checkins": {"pain": "11", "sleep": "-1"},
}


@pytest.mark.parametrize("path", sorted(BAD_FORMS))
def test_a_refused_form_leaves_none_of_its_own_english(pseudo: Any, path: str) -> None:
    response = post_form(pseudo, path, BAD_FORMS[path])
    assert 400 <= response.status_code < 500, (path, response.status_code)
    assert own_english(response.text) == [], path


def test_the_self_massage_cap_and_a_bad_backup_are_refused_in_the_language(pseudo: Any) -> None:
    over = {"tool": "foam_roller", "zones": ["glutes_left", "glutes_right"], "seconds": "600"}
    for path in ("/sessions/self", "/guided/log"):
        refused = post_form(pseudo, path, over)
        assert refused.status_code in (409, 422), path
        assert own_english(refused.text) == [], path
    files = {"file": ("garbage.json", b"not json", "application/json")}
    bad = pseudo.post("/backup/import", data={"csrf_token": token(pseudo)}, files=files)
    assert bad.status_code == 422
    assert own_english(bad.text) == []


def test_a_first_screening_with_gaps_and_a_stop_is_said_in_the_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKRUB_PSEUDO_LOCALE", "1")
    settings = WebSettings(db=str(tmp_path / "first.sqlite3"))
    with make_client(settings, headers={"Accept-Language": "qps"}) as client:
        client.get("/welcome")
        partial = dict(list(answers().items())[:5])
        gaps = post_form(client, "/screening", {**partial, "tz": "Mars/Olympus"})
        assert gaps.status_code == 422
        assert own_english(gaps.text) == []
        stop = post_form(client, "/screening", answers(bladder_bowel_change=True))
        assert own_english(stop.text) == []
        for path in ("/screening", "/guided/plan?tool=foam_roller", "/plan/new"):
            assert own_english(client.get(path).text) == [], path
        cleared = post_form(client, "/screening/clearance", {"cleared_by": "Dr K", "lifts": ["x"]})
        assert cleared.status_code == 422
        assert own_english(cleared.text) == []


# ---------------------------------------------------------------- Vietnamese


@pytest.fixture(scope="module")
def vietnamese(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    db = tmp_path_factory.mktemp("vi") / "demo.sqlite3"
    with make_client(WebSettings(db=str(db), demo=True), headers={"Accept-Language": "vi"}) as c:
        c.get("/welcome")
        yield c


def _text(response: Any) -> str:
    return " ".join(BeautifulSoup(response.text, "html.parser").get_text(" ").split())


VIETNAMESE = {
    "/welcome": ("Chào mừng bạn đến với backrub", "Các câu hỏi an toàn", "Xem kết quả"),
    "/history": ("Lịch sử", "Hoặc mọi thứ từ ngày này trở đi", "lần ghi nhận hằng ngày"),
    "/progress": ("Tiến triển, tính đến 02 tháng 3, 2026", "Thay đổi so với lúc bắt đầu"),
    "/plan/new": ("Lập kế hoạch", "Những ngày bạn có thể gặp chuyên viên xoa bóp"),
    "/profiles": ("Thêm hồ sơ", "Múi giờ", "đang dùng"),
    "/sessions/self": ("Ghi lại một buổi tự xoa bóp bạn đã làm", "Hãy làm nhẹ nhàng"),
    "/guided/plan?tool=foam_roller": ("Buổi dùng con lăn xốp của bạn, Thứ Hai, 02 tháng 3",),
    "/guided/run?tool=foam_roller": ("Đồng hồ đếm giờ", "Bắt đầu", "Lưu những gì tôi đã làm"),
    "/questionnaires": ("Bảng câu hỏi và chỉ số",),
    "/report": ("Báo cáo cho bác sĩ hoặc chuyên viên trị liệu của bạn", "Tải báo cáo"),
}


@pytest.mark.parametrize("path", sorted(VIETNAMESE))
def test_a_key_page_speaks_vietnamese(vietnamese: Any, path: str) -> None:
    response = vietnamese.get(path)
    assert response.status_code == 200
    text = _text(response)
    for words in VIETNAMESE[path]:
        assert words in text, (path, words)


def test_the_plan_days_are_named_in_vietnamese(vietnamese: Any) -> None:
    days = BeautifulSoup(vietnamese.get("/plan/new").text, "html.parser").select(
        "label[for^=f-days-]"
    )
    names = [label.get_text(strip=True) for label in days]
    assert len(names) == 7 and "Mon" not in names
    assert names[0] in ("Th 2", "T2") and names[6] == "CN", names


def test_a_refusal_and_a_count_are_said_in_vietnamese(vietnamese: Any) -> None:
    refused = post_form(vietnamese, "/questionnaires/peg", {"answer_1": "1"})
    assert refused.status_code == 422
    assert "Câu hỏi này chưa được trả lời." in _text(refused)
    history = _text(vietnamese.get("/history", params={"days": "7"}))
    assert re.search(r"Từ \d\d tháng \d+, \d{4}: \d+ lần ghi nhận hằng ngày, \d+ buổi", history)


# ---------------------------------------------------------------- the timer's cues


def _timer_words(client: Any) -> dict[str, Any]:
    import json

    page = BeautifulSoup(client.get("/guided/run?tool=foam_roller").text, "html.parser")
    timer = page.find(id="timer")
    assert timer is not None
    words: dict[str, Any] = json.loads(str(timer["data-words"]))
    return words


def test_the_timer_says_its_cues_in_the_page_language(vietnamese: Any, pseudo: Any) -> None:
    said = _timer_words(vietnamese)
    assert said["pause"] == "Tạm dừng" and said["resume"] == "Tiếp tục"
    assert said["zone_of"] == "Vùng %(num)s trên %(total)s"
    assert said["so_far"]["one"] == said["so_far"]["other"]  # one form in Vietnamese
    cues = _timer_words(pseudo)
    flat = [
        v
        for value in cues.values()
        for v in (value.values() if isinstance(value, dict) else [value])
    ]
    assert all(text.strip().startswith("⟦") for text in flat), flat


def test_the_timer_in_english_keeps_its_words() -> None:
    from backrub.i18n import use_language
    from backrub.web.routes.words import timer_words

    with use_language("en"):
        said = timer_words()
    assert said["zone_of"] == "Zone %(num)s of %(total)s"
    assert said["so_far"] == {
        "one": "So far %(count)s zone counts (of %(total)s).",
        "other": "So far %(count)s zones count (of %(total)s).",
    }


# Words a person could see or hear from a script: its string literals that are sentences
# or cues (ids, events, CSS selectors and "use strict" are neither).
_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'')
CUES = ("Pause", "Resume", "Done", "Stopped.", "the end", "Paused.", "Going on.", " s left")
# Every script's words come from its page (the body map's too, since the review).
NOT_OURS: tuple[str, ...] = ()


def _said(literal: str) -> bool:
    if literal in CUES or literal.strip() in CUES:
        return True
    if literal == "use strict" or re.search(r"[\[\]:#=()]|^\.|\w\.\w", literal):
        return False
    return " " in literal.strip() and bool(english_in_text(literal))


def test_the_check_of_scripts_finds_words_for_people() -> None:
    assert _said("Pause") and _said("Zone 1 of 3, time left") and _said(" s left")
    assert not _said("use strict") and not _said("input:not([type=hidden]), select")
    assert not _said("timer-left") and not _said("backrub.guided.beep")


def test_no_script_holds_english_words_for_people() -> None:
    """The timer, the quick times and the charts read their words from the page."""
    found: dict[str, list[str]] = {}
    for script in sorted((WEB / "static").glob("*.js")):
        if script.name.endswith(".min.js") or script.name in NOT_OURS:
            continue  # vendored (htmx), or another part's
        code = re.sub(r"^\s*//.*$", "", script.read_text(encoding="utf-8"), flags=re.MULTILINE)
        for match in _LITERAL.finditer(code):
            literal = match.group(1) or match.group(2) or ""
            if _said(literal):
                found.setdefault(script.name, []).append(literal)
    assert found == {}
