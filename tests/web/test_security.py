"""Headers, CSRF, cross-site writes, host names, no third-party resources, no tracebacks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from opentelemetry import trace

from backrub.web import WebSettings
from backrub.web.settings import WebSettings as Settings
from tests.web.conftest import (
    API,
    Counter,
    TestClient,
    make_client,
    post_form,
    screen_clear,
    soup,
)
from tests.web.test_pages import PAGES, seeded

STATIC = Path(__file__).parents[2] / "src" / "backrub" / "web" / "static"

FORM_POSTS: list[tuple[str, dict[str, Any]]] = [
    ("/checkins", {"pain": "4"}),
    ("/screening", {}),
    ("/sessions/pro", {"technique": "relaxation", "minutes": "60"}),
    ("/sessions/self", {"tool": "hands", "zones": "glutes_left", "seconds": "60"}),
    ("/plan", {"protocol": "cherkin-10-weekly", "days": "mon"}),
    ("/profiles", {"name": "eve"}),
    ("/profiles/use", {"name": "me"}),
    ("/screening/clearance", {"cleared_by": "Dr X"}),
]


@pytest.mark.parametrize(
    "path", [*PAGES, "/static/app.css", "/static/htmx.min.js", "/nope", "/api/rules", "/healthz"]
)
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"


def test_pages_with_health_records_are_not_cached(client: TestClient) -> None:
    post_form(client, "/checkins", {"pain": "4"})
    assert client.get("/history").headers["cache-control"] == "no-store"


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_nothing_from_another_origin_and_have_no_inline_script_or_style(
    client: TestClient, path: str
) -> None:
    seeded(client)
    page = soup(client.get(path))
    for script in page.find_all("script"):
        assert script.get("src", "").startswith("/static/"), script
        assert not script.get_text(strip=True)
    for link in page.find_all("link"):
        assert link["href"].startswith("/static/")
    for tag in page.find_all(["img", "iframe", "audio", "video", "source"]):
        assert tag.get("src", "/").startswith("/"), tag
    assert page.find("style") is None
    assert page.find(attrs={"style": True}) is None
    assert page.find(attrs={"hx-on": True}) is None
    for form in page.find_all("form"):
        assert form.get("action", "/").startswith("/")


@pytest.mark.parametrize(("path", "data"), FORM_POSTS)
def test_a_form_without_its_token_is_refused_and_writes_nothing(
    client: TestClient, written: Counter, path: str, data: dict[str, Any]
) -> None:
    screen_clear(client)
    before = written()
    response = client.post(path, data=data)
    assert response.status_code == 403
    assert "was open too long" in response.text and "security token" not in response.text
    assert written() == before


def test_a_form_with_another_browsers_token_is_refused(
    client: TestClient, written: Counter, tmp_path: Any
) -> None:
    with make_client(WebSettings(db=str(tmp_path / "x.sqlite3"))) as other:
        other.get("/")
        foreign = other.cookies.get("backrub_csrf")
    before = written()
    response = client.post("/checkins", data={"pain": "4", "csrf_token": foreign})
    assert response.status_code == 403
    assert written() == before


SAME = {"Sec-Fetch-Site": "same-origin"}


def test_a_stale_form_comes_back_with_what_was_typed_and_a_fresh_token(
    client: TestClient, written: Counter
) -> None:
    """Review pain11 S7: a stale check-in lost the pain typed; now one press sends it again."""
    screen_clear(client)
    client.get("/")
    before = written()
    stale = {"pain": "6", "note": "after gardening", "csrf_token": "x" * 43}
    response = client.post("/checkins", data=stale, headers=SAME)
    assert response.status_code == 403 and written() == before
    page = soup(response)
    assert page.find(attrs={"role": "alert"}) is not None
    assert "security token" not in page.get_text()
    form = page.find("form", attrs={"action": "/checkins"})
    assert form is not None
    fields = {str(i["name"]): str(i["value"]) for i in form.find_all("input")}
    assert fields["pain"] == "6" and fields["note"] == "after gardening"
    assert fields["csrf_token"] == client.cookies.get("backrub_csrf")  # the fresh one
    assert "after gardening" in page.get_text()  # shown, so it can be checked
    # "Save again" sends it with the new token, and it is saved.
    again = client.post("/checkins", data=fields, headers=SAME, follow_redirects=False)
    assert again.status_code in (200, 303) and written() != before
    assert "pain 6/10" in client.get("/history").text


def test_a_stale_form_from_an_unknown_origin_or_an_htmx_part_is_handled_safely(
    client: TestClient, written: Counter
) -> None:
    screen_clear(client)
    before = written()
    # No sign of coming from this app: refused plainly, nothing echoed.
    plain = client.post("/checkins", data={"pain": "6", "note": "zzq-echo"})
    assert plain.status_code == 403 and "zzq-echo" not in plain.text
    assert soup(plain).find("button", string="Save again") is None
    # An htmx part of Today: the whole page is replaced so "Save again" is seen.
    part = client.post("/checkins", data={"pain": "6"}, headers={**SAME, "HX-Request": "true"})
    assert part.status_code == 403 and part.headers["HX-Retarget"] == "body"
    assert soup(part).find("button", string="Save again") is not None
    assert written() == before


def test_an_upload_without_its_token_is_refused(client: TestClient, written: Counter) -> None:
    before = written()
    files = {"file": ("b.json", b"{}", "application/json")}
    response = client.post("/backup/import", files=files, data={"mode": "add"}, headers=SAME)
    assert response.status_code == 403
    assert written() == before
    # The file is never echoed back; the page says to choose it again.
    assert "{}" not in soup(response).find("form", attrs={"action": "/backup/import"}).decode()  # type: ignore[union-attr]
    assert soup(response).find("input", attrs={"name": "file"}) is None
    assert "choose it again" in response.text


def test_an_api_write_without_the_client_header_is_refused_as_json(
    client: TestClient, written: Counter
) -> None:
    before = written()
    response = client.post("/api/checkins", json={"pain": 4})
    assert response.status_code == 403
    assert response.json()["error"] == "csrf"
    assert "X-Backrub-Client" in response.json()["message"]
    assert written() == before


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "http://localhost:9999"},
        {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_a_write_from_another_site_is_refused_even_with_the_token(
    client: TestClient, written: Counter, headers: dict[str, str]
) -> None:
    before = written()
    assert post_form(client, "/checkins", {"pain": "4"}, headers=headers).status_code == 403
    assert (
        client.post("/api/checkins", json={"pain": 4}, headers={**API, **headers}).status_code
        == 403
    )
    assert written() == before


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"},
        {"Origin": "null", "Sec-Fetch-Site": "same-origin"},  # Chromium under no-referrer
        {"Origin": "http://localhost"},
    ],
)
def test_a_write_from_the_page_itself_is_accepted(
    client: TestClient, headers: dict[str, str]
) -> None:
    response = post_form(
        client, "/checkins", {"pain": "4"}, headers=headers, follow_redirects=False
    )
    assert response.status_code == 303


def test_a_request_naming_another_host_is_refused(client: TestClient) -> None:
    # DNS rebinding: evil.example resolving to 127.0.0.1 must not reach the records.
    response = client.get("/api/history", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "pain" not in response.text


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("127.0.0.1", ["127.0.0.1", "localhost", "[::1]"]),
        ("192.168.1.5", ["127.0.0.1", "localhost", "[::1]", "192.168.1.5"]),
        ("0.0.0.0", ["*"]),
    ],
)
def test_the_app_answers_only_to_the_host_names_it_serves(host: str, allowed: list[str]) -> None:
    assert Settings(host=host).allowed_hosts == allowed


def test_an_unexpected_error_shows_a_calm_page_without_a_traceback(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backrub import services

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(services, "history", broken)
    with make_client(
        WebSettings(db=str(tmp_path / "b.sqlite3")), raise_server_exceptions=False
    ) as broken_client:
        broken_client.get("/welcome")
        post_form(broken_client, "/checkins", {"pain": "4"})
        for path in ("/history", "/api/history"):
            response = broken_client.get(path)
            assert response.status_code == 500
            assert "Traceback" not in response.text
            assert "secret internals" not in response.text
            assert "unexpected error" in response.text


def test_the_interactive_api_docs_that_need_a_cdn_are_not_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
    assert client.get("/api/openapi.json").status_code == 200


def test_the_vendored_htmx_keeps_its_licence_header() -> None:
    head = (STATIC / "htmx.min.js").read_text(encoding="utf-8")[:1500]
    assert "htmx 2.0." in head
    assert "Zero-Clause BSD" in head
    assert "Permission to use, copy, modify, and/or distribute this software" in head


def test_every_setting_is_documented() -> None:
    for name, field in WebSettings.model_fields.items():
        assert field.description, f"setting {name} has no help text"


class _Recording(trace.TracerProvider):
    """A tracer provider (as an SDK with an exporter would be) that counts the tracers
    asked of it."""

    def __init__(self) -> None:
        self.asked = 0

    def get_tracer(self, *args: Any, **kwargs: Any) -> trace.Tracer:
        self.asked += 1
        return trace.NoOpTracer()


def test_requests_are_never_traced_even_when_the_process_has_a_tracer(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FastAPI traces every request to the process's OpenTelemetry provider, and adds
    exporters named by the environment with FASTAPI_OTEL_AUTO_CONFIGURE: a page of health
    records must not become a span sent elsewhere."""
    provider = _Recording()
    monkeypatch.setattr(trace, "get_tracer_provider", lambda: provider)
    monkeypatch.setenv("FASTAPI_OTEL_AUTO_CONFIGURE", "true")
    assert client.get("/").status_code == 200
    assert client.get("/history").status_code == 200
    assert provider.asked == 0
