"""``backrub serve``: loopback by default, a warning for anything else, --demo, --open."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner

from backrub.cli.app import Runtime
from backrub.cli.serve_cmds import serve
from backrub.errors import InvalidInput
from tests.web.conftest import TestClient, soup


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[uvicorn.Server]:
    """Capture the server instead of running it."""
    servers: list[uvicorn.Server] = []

    def fake_run(self: uvicorn.Server, *_args: Any, **_kwargs: Any) -> None:
        servers.append(self)

    monkeypatch.setattr(uvicorn.Server, "run", fake_run)
    return servers


def invoke(tmp_path: Path, *args: str) -> Any:
    runtime = Runtime(db=str(tmp_path / "serve.sqlite3"), profile_name=None)
    return CliRunner().invoke(serve, list(args), obj=runtime)


def test_serve_listens_on_loopback_port_8765_by_default(
    tmp_path: Path, started: list[uvicorn.Server]
) -> None:
    result = invoke(tmp_path)
    assert result.exit_code == 0, result.output
    config = started[0].config
    assert (config.host, config.port) == ("127.0.0.1", 8765)
    assert "http://127.0.0.1:8765/" in result.output
    assert "warning" not in result.output


def test_serve_warns_when_told_to_listen_beyond_this_machine(
    tmp_path: Path, started: list[uvicorn.Server]
) -> None:
    result = invoke(tmp_path, "--host", "0.0.0.0", "--port", "9000")
    assert result.exit_code == 0
    assert "warning: serving on 0.0.0.0" in result.output
    assert started[0].config.host == "0.0.0.0"


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_serve_refuses_a_port_that_does_not_exist(
    tmp_path: Path, started: list[uvicorn.Server], port: str
) -> None:
    result = invoke(tmp_path, "--port", port)
    assert isinstance(result.exception, InvalidInput)
    assert str(result.exception).startswith("--port:")
    assert started == []


def test_serve_with_demo_shows_the_demo_profile(
    tmp_path: Path, started: list[uvicorn.Server]
) -> None:
    assert invoke(tmp_path, "--demo").exit_code == 0
    app = started[0].config.app
    with TestClient(app, base_url="http://127.0.0.1") as client:
        who = soup(client.get("/")).find(class_="who")
        assert who is not None and who.get_text(" ", strip=True) == "Profile: demo"
        assert len(client.get("/api/checkins").json()["checkins"]) > 50


def test_serve_with_open_opens_the_browser_once_the_server_has_started(
    tmp_path: Path, started: list[uvicorn.Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    assert invoke(tmp_path, "--open").exit_code == 0
    server = started[0]
    server.started = True
    for _ in range(100):
        if opened:
            break
        time.sleep(0.02)
    assert opened == ["http://127.0.0.1:8765/"]


def test_serve_has_help_that_names_its_options() -> None:
    result = CliRunner().invoke(serve, ["--help"])
    for option in ("--host", "--port", "--demo", "--open"):
        assert option in result.output
