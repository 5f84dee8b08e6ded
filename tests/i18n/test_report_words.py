"""The report, its charts, the iCalendar export and the evidence speak the person's language
(issue 12): a Vietnamese PDF a doctor can read, with every letter in an embedded font.

The pseudo-locale tests leave out text that other parts of backrub write (the domain's
verdicts, plan and progress sentences, instrument names) and what the person typed
(SOAP notes, override reasons): those have their own tests. Everything the report,
chart and calendar code words itself must come out wrapped.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pypdf
import pytest
from icalendar import Calendar
from markupsafe import escape

from backrub.demo import make_demo
from backrub.evidence import format_citation, format_entry, load_catalogue, load_rules
from backrub.i18n import PSEUDO, PSEUDO_SWITCH, use_language
from backrub.i18n.catalogues import po_files, read_catalogue, translations
from backrub.i18n.extraction import toml_messages
from backrub.reports.charts import chart_svg, minutes_chart, pain_chart
from backrub.reports.model import SECTIONS, ReportData
from backrub.reports.report import render_html, render_pdf
from tests.i18n.english import english_in_html, english_in_text
from tests.test_ics import _parse_with_icaljs, export, plan_for
from tests.test_report import make_data

ROOT = Path(__file__).resolve().parents[2]
VIETNAMESE_LETTERS = "ươđệữ"


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(PSEUDO_SWITCH, "1")
    with use_language(PSEUDO):
        yield


# ---------------------------------------------------------------- the PDF in Vietnamese


def _fonts(resources: Any) -> Iterator[Any]:
    """Yield every font a page uses, descendant fonts and those of forms and patterns too."""
    resources = resources.get_object() if resources is not None else None
    if not resources:
        return
    for ref in (resources.get("/Font") or {}).values():
        font = ref.get_object()
        yield font
        for child in font.get("/DescendantFonts", []):
            yield child.get_object()
    for group in ("/XObject", "/Pattern"):
        for ref in (resources.get(group) or {}).values():
            yield from _fonts(ref.get_object().get("/Resources"))


@pytest.fixture(scope="module")
def vietnamese_pdf() -> bytes:
    with use_language("vi"):
        return render_pdf(make_data(), SECTIONS)


def test_the_vietnamese_pdf_reads_back_with_its_diacritics(vietnamese_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(vietnamese_pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for letter in VIETNAMESE_LETTERS:
        assert letter in text, letter
    assert "Đau thắt lưng và xoa bóp: báo cáo của Alice" in text
    assert "Tài liệu bằng chứng" in text  # a section title
    assert "Báo cáo backrub, trang 1/" in text  # the page footer
    assert "2 thg 3, 2026" in text  # the report's day, the Vietnamese way
    assert "\ufffd" not in text


def test_every_font_in_the_vietnamese_pdf_is_embedded_dejavu(vietnamese_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(vietnamese_pdf))
    fonts = [font for page in reader.pages for font in _fonts(page.get("/Resources"))]
    assert fonts
    for font in fonts:
        name = str(font.get("/BaseFont", ""))
        # No glyph fell back to another family: every font is the one the CSS names.
        assert "DejaVu" in name, name
        if font.get("/Subtype") == "/Type0":
            continue  # its descendant carries the descriptor, checked on its own
        descriptor = font["/FontDescriptor"].get_object()
        files = {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)
        assert files, f"{name} is not embedded"


def test_the_report_and_the_charts_name_dejavu_sans_first_and_ci_installs_it() -> None:
    css = (ROOT / "src/backrub/reports/templates/report.css").read_text(encoding="utf-8")
    assert re.search(r'font-family:\s*"DejaVu Sans",', css)
    data = make_data()
    svg = chart_svg(pain_chart(data.checkins, data.pro_sessions))
    assert 'font-family="DejaVu Sans, ' in svg
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "|| need+=(fonts-dejavu-core)" in ci


def test_vietnamese_numbers_and_dates_in_the_report_and_charts() -> None:
    with use_language("vi"):
        data = make_data()
        html = render_html(data, ["sessions", "charts"])
        svg = chart_svg(minutes_chart(data.self_sessions, data.cap))
    assert "Số phút tự xoa bóp mỗi ngày" in html
    assert re.search(r'<td class="n">\d+,\d</td>', html)  # minutes with a decimal comma
    assert "thg 1" in svg  # the date axis: "5 thg 1"
    assert "phút mỗi ngày" in svg


def test_english_report_keeps_iso_dates_and_dot_decimals() -> None:
    html = render_html(make_data(), ["sessions", "overrides"])
    assert "Report made on 2026-03-02." in html
    assert re.search(r'<td class="n">\d+\.\d</td>', html)


# ---------------------------------------------------------------- pseudo-locale: no English


def _others(data: ReportData) -> list[str]:
    """Return the text in ``data`` that other parts of backrub word, or the person typed."""
    out: list[str] = [data.classification or ""]
    if data.screening is not None:
        out += [data.screening.message, *(r.words for r in data.screening.reasons)]
    if data.plan is not None:
        plan = data.plan
        out += [plan.title, plan.self_massage.reason, plan.activity.reason, *plan.notes]
    if data.adherence is not None:
        out.append(data.adherence.professional.words)
    for row in data.instruments:
        out += [row.movement, row.conclusion, row.caveat, row.name]
        out += [t.cite for t in (row.relative, row.absolute) if t is not None]
    for said in (data.trend, data.comparison, data.dose, *data.trials):
        out.append(said.words if said is not None else "")
    out += [t.person.name for t in data.trials] + [data.trend.label if data.trend else ""]
    for session in data.pro_sessions:
        out += [session.subjective or "", session.objective or "", session.assessment or ""]
        out += [session.plan or "", session.therapist or ""]
    out += [s.override_reason or "" for s in data.self_sessions]
    out += [note.words for note in data.review]
    return sorted({text for text in out if len(text) >= 12}, key=len, reverse=True)


def test_the_html_report_in_the_pseudo_locale_has_no_english_of_its_own(pseudo: None) -> None:
    data = make_data()
    html = render_html(data, SECTIONS)
    assert "⟦" in html
    for text in _others(data):
        html = html.replace(str(escape(text)), " ")
    assert english_in_html(html) == []


def test_the_calendar_in_the_pseudo_locale_has_no_english_of_its_own(pseudo: None) -> None:
    plan = plan_for()
    others = [s.reason for s in plan.sessions] + [a.reason for a in plan.assessments]
    others += [plan.self_massage.reason, plan.activity.reason, plan.title]
    calendar = Calendar.from_ical(export(plan))
    words = [str(calendar["X-WR-CALNAME"])]
    for event in calendar.walk("VEVENT"):
        words += [str(event["SUMMARY"]), str(event["DESCRIPTION"])]
    leftover = []
    for text in words:
        for other in sorted(others, key=len, reverse=True):
            text = text.replace(other, " ")
        leftover += english_in_text(text)
    assert leftover == []


def test_the_vietnamese_calendar_keeps_uids_and_structure() -> None:
    plan = plan_for()
    english = Calendar.from_ical(export(plan))
    with use_language("vi"):
        vietnamese = Calendar.from_ical(export(plan))
    for component in vietnamese.walk():
        assert component.errors == []
    ours = list(vietnamese.walk("VEVENT"))
    theirs = list(english.walk("VEVENT"))
    assert [str(e["UID"]) for e in ours] == [str(e["UID"]) for e in theirs]
    assert [e.decoded("DTSTART") for e in ours] == [e.decoded("DTSTART") for e in theirs]
    summaries = [str(e["SUMMARY"]) for e in ours]
    assert "Buổi xoa bóp 1/10 (60 phút)" in summaries
    assert "backrub: đánh giá ban đầu" in summaries
    assert "Tự xoa bóp, tối đa 5 phút" in summaries
    assert all("backrub không phải thiết bị y tế" in str(e["DESCRIPTION"]) for e in ours)


# ---------------------------------------------------------------- evidence


def test_every_summary_and_rule_explanation_has_a_vietnamese_translation() -> None:
    translated = {
        str(entry.id)
        for path in po_files("vi")
        for entry in read_catalogue(path)
        if entry.id and entry.string and not entry.fuzzy
    }
    found = list(toml_messages())
    assert {m.where.split(":")[0] for m in found} == {
        "evidence/catalogue.toml",
        "evidence/rules.toml",
    }
    lacking = [f"{m.where}: {m.id}" for m in found if m.id not in translated]
    assert lacking == []
    # A summary or an explanation is a sentence: its Vietnamese is not the English.
    vietnamese = translations("vi")
    sentences = [entry.summary for entry in load_catalogue()]
    sentences += [rule.note for rule in load_rules().values()]
    assert [text for text in sentences if vietnamese.gettext(text) == text] == []


def test_evidence_is_shown_translated_and_titles_stay_as_published() -> None:
    entry = load_catalogue().get("cherkin-2011")
    with use_language("vi"):
        shown = format_entry(entry)
        summary = entry.translated_summary
    assert summary != entry.summary and f"Tóm lại: {summary}" in shown
    assert "Thiết kế: thử nghiệm ngẫu nhiên có đối chứng" in shown  # the design, translated
    assert entry.title is not None and entry.title in shown  # the title is not translated
    assert entry.translated_summary == entry.summary  # English outside the block
    rule = load_rules()["self_massage_cap_min"]
    vietnamese = translations("vi")
    assert vietnamese.gettext(rule.name) == "Giới hạn hằng ngày cho bóng tennis và con lăn xốp"


# ---------------------------------------------------------------- the demo


def test_a_demo_made_in_vietnamese_has_vietnamese_notes_and_the_same_numbers() -> None:
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    english = make_demo(now=now, tz="Asia/Ho_Chi_Minh")
    with use_language("vi"):
        vietnamese = make_demo(now=now, tz="Asia/Ho_Chi_Minh")
    assert vietnamese.episodes[0].note == "Bắt đầu sau khi chuyển nhà."
    assert english.episodes[0].note == "Started after moving house."
    first = vietnamese.pro_sessions[0]
    assert first.subjective == "Thắt lưng cứng vào buổi sáng; đỡ hơn sau khi đi bộ."
    assert [c.pain for c in vietnamese.checkins] == [c.pain for c in english.checkins]


def test_evidence_show_in_the_pseudo_locale_has_no_english_but_the_citation(pseudo: None) -> None:
    catalogue = load_catalogue()
    ids = sorted(catalogue.ids, key=len, reverse=True)  # codes ("nhs-back-pain"), not words
    for entry in catalogue:
        lines = format_entry(entry).splitlines()
        assert lines[1] == format_citation(entry)  # authors, title, journal: as published
        text = "\n".join(lines[:1] + lines[2:])
        for code in ids:
            text = text.replace(code, " ")
        assert english_in_text(text) == [], entry.id


def test_ical_js_reads_the_vietnamese_calendar_as_python_does(tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    with use_language("vi"):
        path.write_bytes(export(plan_for("sherman-60-2to3-4w")))
    js = _parse_with_icaljs(path)
    ours = {
        str(e["UID"]): str(e["SUMMARY"])
        for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    }
    theirs = {e["uid"]: e["summary"] for e in js["events"]}
    assert theirs == ours
    assert "Tự xoa bóp, tối đa 5 phút" in theirs.values()
