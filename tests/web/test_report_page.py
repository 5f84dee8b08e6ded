"""The report page: choose sections, download HTML or PDF as an attachment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backrub.reports.model import SECTION_TITLES
from backrub.web import WebSettings
from tests.web.conftest import API, TestClient, make_client, soup


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("report") / "demo.sqlite3"
    with make_client(WebSettings(db=str(db), demo=True)) as client:
        client.get("/")
        yield client


def test_the_page_offers_every_section_chosen_and_both_formats(demo: TestClient) -> None:
    page = soup(demo.get("/report"))
    boxes = page.find_all("input", attrs={"name": "sections"})
    assert [b["value"] for b in boxes] == list(SECTION_TITLES)
    assert all(b.has_attr("checked") for b in boxes)
    for box in boxes:
        assert page.find("label", attrs={"for": box["id"]}) is not None
    formats = {i["value"] for i in page.find_all("input", attrs={"name": "format"})}
    assert formats == {"pdf", "html"}


def test_the_pdf_downloads_as_an_attachment(demo: TestClient) -> None:
    response = demo.get("/report/download?format=pdf&sections=summary&sections=progress")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith('attachment; filename="backrub-')
    assert response.content.startswith(b"%PDF")


def test_the_html_report_holds_only_the_chosen_sections(demo: TestClient) -> None:
    response = demo.get("/report/download?format=html&sections=summary")
    assert response.status_code == 200
    assert response.headers["content-disposition"].endswith('.html"')
    headings = [h.get_text(strip=True) for h in soup(response).find_all("h2")]
    assert "Summary" in headings
    assert "Evidence references" not in headings
    assert "not a medical device" in response.text.lower()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("format=pdf", "sections"),
        ("format=docx&sections=summary", "format"),
        ("format=html&sections=gossip", "sections"),
    ],
)
def test_a_bad_choice_comes_back_next_to_its_field(
    demo: TestClient, query: str, field: str
) -> None:
    response = demo.get(f"/report/download?{query}")
    assert response.status_code == 422
    assert "attachment" not in response.headers.get("content-disposition", "")
    assert soup(response).find(id=f"f-{field}-error") is not None


def test_before_anything_is_recorded_there_is_no_report(tmp_path: Path) -> None:
    with make_client(WebSettings(db=str(tmp_path / "empty.sqlite3"))) as client:
        response = client.get("/report/download?format=html&sections=summary")
        assert response.status_code == 404
        assert "record a check-in first" in response.text


def test_the_api_sends_the_same_report(demo: TestClient) -> None:
    pdf = demo.get("/api/report?format=pdf&sections=summary", headers=API)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    bad = demo.get("/api/report?format=html&sections=gossip", headers=API)
    assert bad.status_code == 422 and bad.json()["field"] == "sections"
