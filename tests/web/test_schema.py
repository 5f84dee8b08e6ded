"""Generated requests never get a server error: the JSON API from its own OpenAPI schema,
and the HTML forms from a schema built here out of the forms the pages really show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from backrub.domain.instruments import INSTRUMENTS
from backrub.web import WebSettings, create_app
from backrub.web.routes import ROUTERS
from tests.web.conftest import API, TestClient, fixed_clock, soup

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

STATUSES: Counter[int] = Counter()


@pytest.fixture(scope="module")
def api_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    db = Path(tmp_path_factory.mktemp("schema")) / "api.sqlite3"
    # schemathesis calls the app in-process as host "testserver": allow that name.
    app = create_app(WebSettings(db=str(db), host="testserver"), clock=fixed_clock)
    yield app
    app.state.backend.store.close()


@pytest.fixture(scope="module")
def api_schema(api_app: Any) -> Any:
    return schemathesis.openapi.from_asgi("/api/openapi.json", api_app)


def test_no_api_operation_answers_with_a_server_error(api_schema: Any) -> None:
    # The schemathesis pytest plugin does not run under pytest 9 yet, so each operation
    # gets its own Hypothesis run here.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 18

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=60,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: Any) -> None:
            response = case.call(headers=API)
            STATUSES[response.status_code] += 1
            case.validate_response(response, checks=[not_a_server_error])

        call()


def test_the_fuzzing_reached_the_handlers_and_was_refused_with_4xx_not_5xx() -> None:
    # Guards against a vacuous run (every call refused at the door, e.g. by host or CSRF).
    if not STATUSES:
        pytest.skip("run together with the schemathesis test above")
    assert not any(status >= 500 for status in STATUSES)
    assert any(200 <= status < 300 for status in STATUSES)
    assert STATUSES[422] > 0
    assert STATUSES[400] + STATUSES[403] < sum(STATUSES.values()) / 2


# -- the HTML forms ------------------------------------------------------------------------

CSRF = "t" * 43  # any well-formed token works: the form must repeat the cookie (double submit)
SLOW = {"/report/download"}  # renders a PDF per call; its inputs are checked in test_report_page
FORM_STATUSES: Counter[int] = Counter()


def _pages() -> list[str]:
    return [
        "/",
        "/welcome",
        "/screening",
        "/sessions/pro",
        "/sessions/self",
        "/guided",
        "/guided/log",
        "/plan/new",
        "/body-map",
        "/backup",
        "/profiles",
        "/history",
        "/report",
        "/questionnaires",
        *(f"/questionnaires/{i}" for i in INSTRUMENTS),
    ]


def _forms(client: TestClient) -> dict[tuple[str, str], tuple[set[str], bool]]:
    """Return (method, action) -> (field names, multipart) for every form the pages show."""
    found: dict[tuple[str, str], tuple[set[str], bool]] = {}
    for page in _pages():
        for form in soup(client.get(page)).find_all("form"):
            method = str(form.get("method", "get")).lower()
            action = str(form.get("action") or page)
            names = {
                str(tag["name"])
                for tag in form.find_all(["input", "select", "textarea", "button"])
                if tag.get("name") and tag["name"] != "csrf_token"
            }
            multipart = form.get("enctype") == "multipart/form-data"
            old, _ = found.get((method, action), (set(), multipart))
            found[(method, action)] = (old | names, multipart)
    return found


def _value_schema() -> dict[str, Any]:
    # Hostile values (5,000 digits, 1e999, a megabyte) are sent field by field in
    # tests/web/test_hostile_input.py; here Hypothesis makes up the text.
    return {"type": "string"}


def _form_schema(client: TestClient) -> dict[str, Any]:
    """Return an OpenAPI document for every page and form route the app has."""
    forms = _forms(client)
    every_name = sorted({name for names, _ in forms.values() for name in names})
    paths: dict[str, dict[str, Any]] = {}
    for router in ROUTERS:
        for route in router.routes:
            path = getattr(route, "path", "")
            if path.startswith("/api") or path in SLOW:
                continue
            params = [
                {"name": p.name, "in": "path", "required": True, "schema": _value_schema()}
                for p in route.dependant.path_params
            ]
            for method in sorted(route.methods - {"HEAD"}):
                key = method.lower()
                shown = [v for (m, a), v in forms.items() if m == key and route.path_regex.match(a)]
                names: set[str] = set().union(*(n for n, _ in shown))
                multipart = any(m for _, m in shown)
                if key == "post" and not shown:  # a form shown only in a state not set up here
                    names = set(every_name)
                operation: dict[str, Any] = {"responses": {"200": {"description": "a page"}}}
                if key == "get":
                    query = {p.name for p in route.dependant.query_params} | names
                    operation["parameters"] = params + [
                        {"name": n, "in": "query", "schema": _value_schema()} for n in sorted(query)
                    ]
                else:
                    kind = (
                        "multipart/form-data" if multipart else "application/x-www-form-urlencoded"
                    )
                    properties = {n: _value_schema() for n in sorted(names)}
                    properties["csrf_token"] = {"enum": [CSRF]}
                    body = {"type": "object", "properties": properties, "required": ["csrf_token"]}
                    operation["parameters"] = params
                    operation["requestBody"] = {"content": {kind: {"schema": body}}}
                paths.setdefault(path, {})[key] = operation
    return {"openapi": "3.0.3", "info": {"title": "forms", "version": "1"}, "paths": paths}


def test_no_form_or_page_answers_with_a_server_error(api_app: Any) -> None:
    with TestClient(api_app, base_url="http://testserver") as client:
        client.get("/welcome")
        client.post("/api/checkins", json={"pain": 3}, headers=API)  # so the pages show forms
        client.post("/api/profiles", json={"name": "zoe", "tz": "UTC"}, headers=API)
        schema = schemathesis.openapi.from_dict(_form_schema(client))
    schema.app = api_app
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    headers = {"Cookie": f"backrub_csrf={CSRF}"}

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=20,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: Any) -> None:
            response = case.call(headers=headers)
            FORM_STATUSES[response.status_code] += 1
            assert response.status_code < 500, (case.method, case.path, response.text[:300])

        call()


def test_the_form_fuzzing_reached_the_handlers() -> None:
    if not FORM_STATUSES:
        pytest.skip("run together with the form test above")
    assert not any(status >= 500 for status in FORM_STATUSES)
    assert FORM_STATUSES[422] > 0  # refused next to a field, not at the door
    assert FORM_STATUSES[403] < sum(FORM_STATUSES.values()) / 2  # the CSRF token was accepted
