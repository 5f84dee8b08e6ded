"""Property-based tests of the JSON API from its own OpenAPI schema: never a server error."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from backrub.web import WebSettings, create_app
from tests.web.conftest import API, fixed_clock

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
