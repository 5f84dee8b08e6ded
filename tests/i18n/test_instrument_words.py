"""Questionnaires, routines and protocols in Vietnamese, and honest about the translation.

Every item and answer backrub ships has a Vietnamese text; the registry says, per
instrument and language, where the text comes from, its licence and whether it is
validated (Vietnamese: backrub's own translation, not validated; ODI and STarT
Back: the clinic's licensed file in any language); the form, the result and the
CLI say "bản dịch chưa được thẩm định" (unvalidated translation) in Vietnamese and
say nothing of the kind in English; in the pseudo-locale no English from these
texts is left on the questionnaire and routine pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from backrub.domain.instrument_languages import (
    REGISTRY,
    TextOrigin,
    threshold_note,
    translation_notes,
    translation_notice,
    translation_of,
)
from backrub.domain.instruments import INSTRUMENTS, RMDQ_STATEMENTS, Instrument
from backrub.domain.protocols import PROTOCOLS
from backrub.domain.records import Tool, Zone
from backrub.domain.routines import AVOID, GUIDES, GUN_AVOID, OMITTED, zone_label
from backrub.i18n import LANGUAGES, PSEUDO_SWITCH, _, use_language
from backrub.services.measures import Compared
from backrub.web import WebSettings
from tests.conftest import CliResult
from tests.i18n.english import english_in_html
from tests.web.conftest import TestClient, make_client, post_form, screen_clear, soup

VIETNAMESE_LETTERS = re.compile(
    "[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]"
)
NOTICE_VI = "bản dịch chưa được thẩm định"
SHIPPED = [i for i in INSTRUMENTS.values() if i.ships_item_text]
LICENSED = [i for i in INSTRUMENTS.values() if not i.ships_item_text]


def english_words(instrument: Instrument) -> list[str]:
    """Return every English text of an instrument a person reads when answering it."""
    words = [item.text_en for item in instrument.items if item.text_en]
    for item in instrument.items:
        words += list(item.scale.labels_en)
        words += list(item.scale.anchors_en or ())
    if instrument.instructions_en:
        words.append(instrument.instructions_en)
    return words


def assert_vietnamese(english: str, shown: str) -> None:
    assert shown != english, f"not translated: {english!r}"
    assert VIETNAMESE_LETTERS.search(shown), f"no Vietnamese letters in {shown!r}"


@pytest.mark.parametrize("instrument", SHIPPED, ids=lambda i: i.id)
def test_every_item_answer_and_instruction_we_ship_has_a_vietnamese_text(
    instrument: Instrument,
) -> None:
    with use_language("vi"):
        for item in instrument.items:
            assert item.text_en is not None
            assert_vietnamese(item.text_en, item.text or "")
            for english, shown in zip(item.scale.labels_en, item.scale.labels, strict=True):
                assert_vietnamese(english, shown)
            if item.scale.anchors_en:
                for english, shown in zip(
                    item.scale.anchors_en, item.scale.anchors or (), strict=True
                ):
                    assert_vietnamese(english, shown)
        if instrument.instructions_en:
            assert_vietnamese(instrument.instructions_en, instrument.instructions or "")
        assert_vietnamese(instrument.name_en, instrument.name)
        for band in instrument.bands:
            assert_vietnamese(band.shown_en, band.shown)


def test_english_is_unchanged_and_rmdq_items_stay_because_of_my_back_statements() -> None:
    rmdq = INSTRUMENTS["rmdq"]
    with use_language("en"):
        assert tuple(item.text for item in rmdq.items) == RMDQ_STATEMENTS
        assert INSTRUMENTS["nrs"].change_note == "ostelo-2008: 2 points or 30% from baseline"
    with use_language("vi"):
        texts = [item.text or "" for item in rmdq.items]
    back = [t for t in RMDQ_STATEMENTS if "back" in t]
    assert len(back) == 24  # each statement is about the back ...
    assert all("lưng" in t.lower() for t in texts)  # ... and so is each Vietnamese one
    with use_language("vi"):
        assert INSTRUMENTS["nrs"].change_note == "ostelo-2008: 2 điểm hoặc 30% so với mức ban đầu"


def test_routine_steps_zones_places_to_avoid_and_protocols_are_in_vietnamese() -> None:
    with use_language("vi"):
        for tool, areas in GUIDES.items():
            for guide in areas.values():
                assert_vietnamese(guide.position, _(guide.position, side="trái"))
                assert_vietnamese(guide.feel, _(guide.feel))
            if tool in OMITTED:
                assert_vietnamese(OMITTED[tool], _(OMITTED[tool]))
        for place in AVOID + GUN_AVOID:
            assert_vietnamese(place, _(place))
        for protocol in PROTOCOLS:
            assert_vietnamese(protocol.title_en, protocol.title)
            assert_vietnamese(protocol.description_en, protocol.description)
            for source, shown in zip(protocol.caveats_en, protocol.caveats, strict=True):
                assert_vietnamese(source, shown)
        assert zone_label(Zone.LUMBAR_LEFT) == "thắt lưng bên trái"
        assert zone_label(Zone.HAMSTRINGS_RIGHT) == "mặt sau đùi bên phải"
    assert zone_label(Zone.LUMBAR_LEFT) == "left lower back"


def test_the_registry_covers_every_instrument_in_every_language() -> None:
    assert set(REGISTRY) == {(i, lang) for i in INSTRUMENTS for lang in LANGUAGES}
    for instrument in SHIPPED:
        english = translation_of(instrument.id, "en")
        assert english.origin is TextOrigin.PUBLISHED and english.licence_en
        assert not english.is_unvalidated_translation
        vietnamese = translation_of(instrument.id, "vi")
        assert vietnamese.origin is TextOrigin.OWN_TRANSLATION
        assert vietnamese.validated is False and vietnamese.is_unvalidated_translation
        assert "Not validated" in vietnamese.note_en or "not been validated" in vietnamese.note_en
    for instrument in LICENSED:  # ODI, STarT Back: the clinic's file, no text of ours
        for language in LANGUAGES:
            registration = translation_of(instrument.id, language)
            assert registration.origin is TextOrigin.CLINIC_FILE
            assert registration.validated is None
            assert translation_notice(instrument.id, language) is None
    assert "phqscreeners.com" in translation_of("phq9", "vi").note_en
    assert "No validated Vietnamese RMDQ" in translation_of("rmdq", "vi").note_en
    assert "Pfizer" in translation_of("gad7", "en").licence_en


def test_the_notice_and_threshold_note_follow_the_language_answered_in() -> None:
    assert translation_notice("rmdq", "en") is None
    with use_language("vi"):
        notice = translation_notice("rmdq", "vi") or ""
        assert NOTICE_VI in notice.lower()
        assert translation_notice("rmdq", "en") is None  # answered in English, read in Vietnamese
    english_reader = translation_notice("phq9", "vi") or ""
    assert "Unvalidated translation" in english_reader and "Vietnamese" in english_reader
    assert threshold_note("rmdq", ["en", "en"]) is None
    note = threshold_note("rmdq", ["en", "vi"]) or ""
    assert "established on the English version" in note
    notes = translation_notes([("rmdq", "vi"), ("rmdq", "en"), ("odi", "vi"), ("peg", "en")])
    assert len(notes) == 1 and "Roland-Morris" in notes[0]


@pytest.fixture
def web(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(WebSettings(db=str(tmp_path / "w.sqlite3"))) as client:
        client.get("/welcome")
        yield client


@pytest.mark.parametrize("instrument", ["rmdq", "phq9", "nrs"])
def test_the_form_and_result_say_unvalidated_translation_in_vietnamese_only(
    web: TestClient, instrument: str
) -> None:
    vi = {"Accept-Language": "vi"}
    form = soup(web.get(f"/questionnaires/{instrument}", headers=vi))
    assert NOTICE_VI in form.get_text(" ").lower()
    first = INSTRUMENTS[instrument].items[0]
    with use_language("vi"):
        assert (first.text or "") in form.get_text(" ")
    result = soup(post_form(web, f"/questionnaires/{instrument}", {"answer_1": "1"}, headers=vi))
    assert NOTICE_VI in result.get_text(" ").lower()
    for page in (
        soup(web.get(f"/questionnaires/{instrument}", headers={"Accept-Language": "en"})),
        soup(post_form(web, f"/questionnaires/{instrument}", {"answer_1": "1"})),
    ):
        text = page.get_text(" ")
        assert "Unvalidated translation" not in text
        assert page.find(class_="unvalidated-translation") is None


def test_a_licensed_instrument_shows_no_unvalidated_notice(web: TestClient) -> None:
    page = soup(web.get("/questionnaires/odi", headers={"Accept-Language": "vi"}))
    assert page.find(class_="unvalidated-translation") is None


def _left_in(html: str, sources: list[str]) -> list[str]:
    """Return the English of ``sources`` still readable on the page (pseudo-locale)."""
    page = soup_text(html)
    shown = [s for s in sources if s in page]
    phrases = [p for p in english_in_html(html) if len(p.split()) >= 4]
    return shown + [p for p in phrases if any(p in s for s in sources)]


def soup_text(html: str) -> str:
    from bs4 import BeautifulSoup

    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


@pytest.mark.parametrize("instrument", ["rmdq", "phq9", "gad7", "peg", "psfs", "ffd"])
def test_pseudo_locale_questionnaire_pages_show_no_english_of_ours(
    web: TestClient, instrument: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PSEUDO_SWITCH, "1")
    chosen = INSTRUMENTS[instrument]
    sources = [*english_words(chosen), chosen.name_en]
    html = web.get(f"/questionnaires/{instrument}", headers={"Accept-Language": "qps"}).text
    assert "⟦" in html
    assert _left_in(html, sources) == []


@pytest.mark.parametrize("tool", [t.value for t in Tool])
def test_pseudo_locale_routine_pages_show_no_english_of_ours(
    web: TestClient, tool: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen_clear(web)
    monkeypatch.setenv(PSEUDO_SWITCH, "1")
    sources = list(AVOID + GUN_AVOID)
    for guide in GUIDES[Tool(tool)].values():
        sources += [guide.feel, *guide.position.split("%(side)s")]
    sources = [s.strip() for s in sources if len(s.strip().split()) >= 3]
    for page in ("plan", "run"):
        html = web.get(f"/guided/{page}?tool={tool}", headers={"Accept-Language": "qps"}).text
        assert "⟦" in html
        assert _left_in(html, sources) == [], page


def test_the_cli_says_unvalidated_translation_in_vietnamese_only(
    run: Callable[..., CliResult],
) -> None:
    vi = run("score", "rmdq", "--answers", ",".join(["1"] * 24), env={"BACKRUB_LANG": "vi"})
    assert vi.code == 0, vi.err
    assert NOTICE_VI in vi.out.lower()
    en = run("score", "rmdq", "--answers", ",".join(["1"] * 24))
    assert en.code == 0 and "nvalidated" not in en.out
    as_json = run(
        "score", "rmdq", "--answers", ",".join(["1"] * 24), "--json", env={"BACKRUB_LANG": "vi"}
    )
    assert NOTICE_VI not in as_json.out.lower()  # machine-readable output stays as it was


def test_progress_and_report_note_changes_on_answers_in_an_unvalidated_translation() -> None:
    from datetime import UTC, date, datetime

    from backrub.domain.records import Profile, ProfileData, Response
    from backrub.services import measures, reporting

    day = date(2026, 3, 2)
    at = datetime(2026, 3, 2, 9, tzinfo=UTC)
    rmdq = [Compared("rmdq", 10, 4, day, day)]

    def answered(language: str) -> Response:
        return Response(at=at, tz="UTC", instrument="rmdq", answers=(1,) * 24, language=language)

    english = [answered("en"), answered("en")]
    mixed = [*english, answered("vi")]
    assert measures._translation_notes(rmdq, {"rmdq": english}) == ()
    with use_language("vi"):
        notes = measures._translation_notes(rmdq, {"rmdq": mixed})
        assert len(notes) == 1 and NOTICE_VI in notes[0].lower()
        assert "bản tiếng Anh" in notes[0]
        profile = Profile(name="Lan", tz="UTC", created_at=at)
        report = reporting._translation_notes(ProfileData(profile, responses=tuple(mixed)))
        assert report == notes


def test_a_band_is_kept_in_english_and_shown_in_the_persons_language() -> None:
    from backrub.domain.scoring import score

    result = score(INSTRUMENTS["phq9"], [3, 3, 3, 3, 0, 0, 0, 0, 0])  # 12
    with use_language("vi"):
        assert result.band == "moderate depression"  # what the CSV and JSON keep
        assert result.shown_band == "trầm cảm vừa"
        assert result.to_json()["band"] == "moderate depression"
