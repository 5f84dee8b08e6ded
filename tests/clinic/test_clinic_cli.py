"""``backrub clinic init`` and ``backrub serve --clinic``, as the person setting up meets them.

The real entry point (``backrub.cli.main``: exit statuses, one-line errors) runs
in this process to save time; the server with workers runs as a child process.
The questions on a terminal go through Click's runner. Every test uses a fresh
PostgreSQL database and real argon2.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner

from backrub.cli import cli, clinic_cmds
from backrub.web import WebSettings, create_app
from tests.clinic.conftest import form
from tests.conftest import CliResult
from tests.web.conftest import BASE, TestClient, fixed_clock

pytestmark = pytest.mark.postgres

PASSWORD = "lantern meadow copper violin"


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "admin-password"
    path.write_text(PASSWORD + "\n")
    return path


def init(run: Any, url: str, password_file: Path, *more: str, email: str = "ana@x.example") -> Any:
    return run(
        "clinic",
        "init",
        "--db",
        url,
        "--clinic",
        "Riverside Massage",
        "--email",
        email,
        "--name",
        "Ana Lee",
        "--password-file",
        str(password_file),
        *more,
    )


def one_line(result: CliResult, *words: str) -> None:
    assert result.code == 2, (result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.err
    assert "Traceback" not in result.err
    for word in words:
        assert word in lines[0], lines[0]


def signs_in(url: str, email: str, password: str) -> bool:
    """Return whether the clinic server at ``url`` lets ``email`` in with ``password``."""
    app = create_app(WebSettings(db=url, clinic=True), clock=fixed_clock)
    try:
        client = TestClient(app, base_url=BASE, follow_redirects=False)
        client.get("/sign-in")
        answer = form(client, "/sign-in", {"email": email, "password": password})
        return answer.status_code == 303 and "backrub_session" in answer.cookies
    finally:
        app.state.backend.store.close()


def test_init_makes_a_clinic_whose_administrator_can_sign_in(
    run: Any, clinic_url: str, password_file: Path
) -> None:
    result = init(run, clinic_url, password_file, email="Ana@X.Example")
    assert result.code == 0, result.err
    assert "Riverside Massage" in result.out and "ana@x.example" in result.out
    assert f"backrub serve --clinic --db '{clinic_url}'" in result.out  # ready to paste
    assert "second factor" in result.out
    assert signs_in(clinic_url, "ana@x.example", PASSWORD)
    assert not signs_in(clinic_url, "ana@x.example", PASSWORD + "!")


def test_init_again_adds_another_clinic_but_never_a_second_account_per_address(
    run: Any, clinic_url: str, password_file: Path
) -> None:
    assert init(run, clinic_url, password_file).code == 0
    again = init(run, clinic_url, password_file, email="bo@y.example")
    assert again.code == 0, again.err
    assert "2 clinics" in again.out
    assert signs_in(clinic_url, "bo@y.example", PASSWORD)
    one_line(init(run, clinic_url, password_file), "--email", "already exists")


def test_init_refuses_sqlite_saying_why(run: Any, tmp_path: Path, password_file: Path) -> None:
    for target in (str(tmp_path / "clinic.sqlite3"), f"sqlite:///{tmp_path}/c.sqlite3"):
        one_line(init(run, target, password_file), "--db", "needs PostgreSQL")
    assert list(tmp_path.glob("*.sqlite3")) == []


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"short\n", ("password", "at least 12 characters")),
        (b"password1234\n", ("password", "commonly used")),
        (b"\xff\xfe not text\n", ("--password-file", "UTF-8")),
        (b"x" * 5000, ("--password-file", "too large")),
    ],
)
def test_init_refuses_a_bad_password_file_and_writes_nothing(
    run: Any, clinic_url: str, tmp_path: Path, content: bytes, words: tuple[str, ...]
) -> None:
    bad = tmp_path / "pw"
    bad.write_bytes(content)
    one_line(init(run, clinic_url, bad), *words)
    ok = tmp_path / "ok"
    ok.write_text(PASSWORD)  # no newline at the end: the first line all the same
    result = init(run, clinic_url, ok)
    assert result.code == 0 and "holds 1 clinic." in result.out, result.out


def test_init_refuses_a_missing_password_file_and_a_missing_terminal(
    run: Any, clinic_url: str, tmp_path: Path, password_file: Path
) -> None:
    one_line(init(run, clinic_url, tmp_path / "nowhere"), "--password-file", "cannot be read")
    no_file = run("clinic", "init", "--db", clinic_url, "--clinic", "C", "--email", "a@b.example")
    one_line(no_file, "--name", "no terminal")
    no_password = run(
        "clinic", "init", "--db", clinic_url, "--clinic", "C", "--email", "a@b.example",
        "--name", "Ana",
    )  # fmt: skip
    one_line(no_password, "--password-file", "no terminal")
    one_line(init(run, clinic_url, password_file, email="not-an-address"), "--email")
    one_line(
        run("clinic", "init", "--db", clinic_url, "--clinic", " ", "--email", "a@b.example"),
        "--clinic",
    )


def test_init_asks_on_a_terminal_hiding_the_password_and_asking_it_twice(
    clinic_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clinic_cmds, "is_interactive", lambda: True)
    answers = [
        "Harbour Physio",  # clinic
        "Mai Tran",  # name
        "not an address",  # e-mail: asked again
        "mai@harbour.example",
        "too short",  # password: asked again
        "too short",
        PASSWORD,
        PASSWORD + "x",  # the two differ: asked again
        PASSWORD,
        PASSWORD,
    ]
    result = CliRunner().invoke(
        cli, ["clinic", "init", "--db", clinic_url], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output  # hidden as typed
    assert "--email:" in result.output and "at least 12 characters" in result.output
    assert "do not match" in result.output
    assert "Harbour Physio" in result.output
    assert signs_in(clinic_url, "mai@harbour.example", PASSWORD)


# --- backrub serve --clinic ---------------------------------------------------------


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[uvicorn.Server]:
    """Capture the server instead of running it."""
    servers: list[uvicorn.Server] = []

    def fake_run(self: uvicorn.Server, *_args: Any, **_kwargs: Any) -> None:
        servers.append(self)

    monkeypatch.setattr(uvicorn.Server, "run", fake_run)
    return servers


def test_serve_clinic_serves_the_clinic_server_on_loopback(
    run: Any, clinic_url: str, password_file: Path, started: list[uvicorn.Server]
) -> None:
    assert init(run, clinic_url, password_file).code == 0
    result = CliRunner().invoke(
        cli,
        ["serve", "--clinic", "--db", clinic_url, "--allowed-host", "Clinic.Example.org"],
    )
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    config = started[0].config
    assert (config.host, config.port, config.proxy_headers) == ("127.0.0.1", 8765, True)
    app = config.app
    try:
        client = TestClient(app, base_url="http://clinic.example.org")
        assert client.get("/", follow_redirects=False).headers["location"].startswith("/sign-in")
        assert client.get("/sign-in").status_code == 200
        other = TestClient(app, base_url="http://elsewhere.example")
        assert other.get("/sign-in").status_code == 400  # not a name the proxy forwards
    finally:
        app.state.backend.store.close()


def test_serve_clinic_refusals_are_one_line(run: Any, clinic_url: str, tmp_path: Path) -> None:
    one_line(run("serve", "--clinic", "--db", str(tmp_path / "x.sqlite3")), "needs PostgreSQL")
    one_line(run("serve", "--clinic", "--demo", "--db", clinic_url), "--demo")
    one_line(run("serve", "--clinic", "--db", clinic_url, "--workers", "0"), "--workers")
    one_line(
        run("serve", "--clinic", "--db", clinic_url, "--allowed-host", "https://x.example/"),
        "--allowed-host",
    )
    for option in (["--workers", "2"], ["--allowed-host", "x.example"], ["--proxy-headers"]):
        one_line(run("serve", *option), option[0], "--clinic")


def test_serve_clinic_warns_off_loopback(
    run: Any, clinic_url: str, password_file: Path, started: list[uvicorn.Server]
) -> None:
    result = CliRunner().invoke(cli, ["serve", "--clinic", "--db", clinic_url, "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert "warning: serving the clinic server on 0.0.0.0" in result.output
    assert "TLS" in result.output
    started[0].config.app.state.backend.store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, host: str, forwarded_for: str = "203.0.113.9") -> tuple[int, str]:
    request = urllib.request.Request(
        url, headers={"Host": host, "X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


@pytest.mark.slow
def test_serve_clinic_with_workers_behind_a_proxy(
    run: Any, clinic_url: str, password_file: Path, tmp_path: Path
) -> None:
    assert init(run, clinic_url, password_file).code == 0
    assert "BACKRUB_HOSTS" not in os.environ  # only the server's own process sets them
    port = _free_port()
    env = {**os.environ, "BACKRUB_HOME": str(tmp_path)}
    server = subprocess.Popen(
        [
            sys.executable, "-m", "backrub", "serve", "--clinic", "--db", clinic_url,
            "--port", str(port), "--workers", "2", "--proxy-headers",
            "--forwarded-allow-ips", "127.0.0.1", "--allowed-host", "clinic.example.org",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}/sign-in"
        status, page = 0, ""
        deadline = time.monotonic() + 180  # workers start slowly on a busy machine
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, page = _get(base, "clinic.example.org")
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200, server.stderr.read() if server.poll() is not None else status
        assert "password" in page.lower()
        assert _get(base, "elsewhere.example")[0] == 400
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert "2 workers" in out, (out, err)
    assert "Traceback" not in err, err
