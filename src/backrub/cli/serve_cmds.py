"""``backrub serve``: the web app on this machine, loopback only unless asked otherwise.

``--clinic`` serves the clinic server instead (PostgreSQL, accounts), meant to
sit behind a reverse proxy that holds the TLS certificate: the options for that
(``--workers``, ``--proxy-headers``, ``--forwarded-allow-ips``, ``--allowed-host``)
go with ``--clinic`` only, so the local app is served exactly as before.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
import webbrowser
from dataclasses import dataclass
from typing import Any

import click

from backrub.cli.app import Runtime, pass_runtime
from backrub.cli.click_words import Command
from backrub.errors import BackrubError, InvalidInput
from backrub.i18n import N_, _

LOOPBACK_WARNING = N_(
    "warning: serving on %(host)s, not on loopback: anyone who can reach this machine on port "
    "%(port)s can read and change these health records. backrub has no accounts yet."
)
CLINIC_WARNING = N_(
    "warning: serving the clinic server on %(host)s, not on loopback: passwords and health "
    "records would cross the network unencrypted. Keep it on 127.0.0.1 behind a reverse "
    "proxy that holds the TLS certificate (docs/clinic.md)."
)
WORKER_HEALTHCHECK_SECONDS = 60
# A name a proxy forwards in the Host header: a DNS name (maybe *.wildcard) or an address.
_HOST_NAME = re.compile(
    r"(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*"
    r"|\[[0-9a-f:.]+\]"
)


def _open_when_ready(server: Any, url: str) -> None:
    """Open the browser once uvicorn has started (it may never start, e.g. port in use)."""

    def wait() -> None:
        for _attempt in range(200):
            if server.started:
                webbrowser.open(url)
                return
            if getattr(server, "should_exit", False):
                return
            time.sleep(0.05)

    threading.Thread(target=wait, name="backrub-open-browser", daemon=True).start()


@dataclass(frozen=True)
class ClinicOptions:
    """The options that go with --clinic only."""

    workers: str | None
    proxy_headers: bool | None
    forwarded_allow_ips: str | None
    allowed_hosts: tuple[str, ...]

    def given(self) -> list[str]:
        """Return the flags given (they need --clinic)."""
        flags = [
            ("--workers", self.workers is not None),
            ("--proxy-headers", self.proxy_headers is not None),
            ("--forwarded-allow-ips", self.forwarded_allow_ips is not None),
            ("--allowed-host", bool(self.allowed_hosts)),
        ]
        return [flag for flag, present in flags if present]


def allowed_host(name: str) -> str:
    """Return ``name`` as the Host check compares it; refuse what is not a host name."""
    text = name.strip().lower()
    if len(text) > 253 or not _HOST_NAME.fullmatch(text):
        raise InvalidInput(
            "--allowed-host",
            name,
            _("give the name the proxy forwards, such as clinic.example.org (no port)"),
        )
    return text


def _listen(host: str, port: str) -> int:
    from backrub.domain.inputs import parse_int

    port_number = parse_int("--port", port, 1, 65535)
    if not host.strip():
        raise InvalidInput("--host", host, _("give an address such as 127.0.0.1"))
    return port_number


@click.command(
    cls=Command,
    help=N_(
        "Run the web app: every journey of backrub in a browser on this machine.\n\nIt "
        "listens on 127.0.0.1 (this machine only) unless --host says otherwise. Stop it "
        "with Ctrl+C."
    ),
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    metavar="ADDRESS",
    help=N_("Address to listen on. Anything but loopback shows a warning."),
)
@click.option("--port", default="8765", show_default=True, metavar="N", help=N_("TCP port."))
@click.option(
    "--demo", is_flag=True, help=N_("Load the demo profile first so there is data to see.")
)
@click.option("--open", "open_browser", is_flag=True, help=N_("Open the app in the web browser."))
@click.option(
    "--db",
    "db",
    metavar="URL_OR_PATH",
    help=N_("Database file or URL, as the global --db (env BACKRUB_DB)."),
)
@click.option(
    "--clinic",
    "clinic",
    is_flag=True,
    help=N_(
        "Serve the clinic server (accounts, therapists, clients) instead; needs PostgreSQL "
        "and 'backrub clinic init' first (docs/clinic.md)."
    ),
)
@click.option(
    "--workers",
    metavar="N",
    help=N_("With --clinic: worker processes (default 1; about one per CPU core)."),
)
@click.option(
    "--proxy-headers/--no-proxy-headers",
    "proxy_headers",
    default=None,
    help=N_(
        "With --clinic: trust X-Forwarded-For and X-Forwarded-Proto from the addresses in "
        "--forwarded-allow-ips (on unless --no-proxy-headers)."
    ),
)
@click.option(
    "--forwarded-allow-ips",
    metavar="IPS",
    help=N_(
        "With --clinic: the proxy's addresses, comma-separated, whose forwarded headers are "
        "trusted (default 127.0.0.1)."
    ),
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help=N_("With --clinic: a name the proxy forwards in the Host header (repeatable)."),
)
@pass_runtime
def serve(
    runtime: Runtime,
    host: str,
    port: str,
    demo: bool,
    open_browser: bool,
    db: str | None,
    clinic: bool,
    workers: str | None,
    proxy_headers: bool | None,
    forwarded_allow_ips: str | None,
    allowed_hosts: tuple[str, ...],
) -> None:
    options = ClinicOptions(workers, proxy_headers, forwarded_allow_ips, allowed_hosts)
    if clinic:
        if demo:
            raise BackrubError(
                _("--demo: the clinic server has no demo profile; leave out --demo or --clinic")
            )
        serve_clinic(runtime, db, host, port, open_browser, options)
        return
    given = options.given()
    if given:
        raise InvalidInput(given[0], None, _("it goes with --clinic (the clinic server)"))
    serve_local(runtime, db, host, port, demo, open_browser)


def serve_local(
    runtime: Runtime, db: str | None, host: str, port: str, demo: bool, open_browser: bool
) -> None:
    """The local app, exactly as before the clinic server existed."""
    import uvicorn

    from backrub import settings
    from backrub.web import WebSettings, create_app
    from backrub.web.settings import is_loopback

    port_number = _listen(host, port)
    if not is_loopback(host):
        click.echo(_(LOOPBACK_WARNING, host=host, port=port_number), err=True)
    web_settings = WebSettings(
        db=settings.database(db if db is not None else runtime.db),
        profile=runtime.profile_name,
        demo=demo,
        host=host,
        port=port_number,
    )
    app = create_app(web_settings)
    config = uvicorn.Config(
        app, host=host, port=port_number, log_level="warning", access_log=False, lifespan="on"
    )
    _run(uvicorn.Server(config), host, port_number, open_browser)


def _run(server: Any, host: str, port_number: int, open_browser: bool) -> None:
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port_number}/"
    if open_browser:
        _open_when_ready(server, url)
    click.echo(_("backrub is serving on %(url)s  (Ctrl+C to stop)", url=url))
    server.run()


def serve_clinic(
    runtime: Runtime,
    db: str | None,
    host: str,
    port: str,
    open_browser: bool,
    options: ClinicOptions,
) -> None:
    """The clinic server: one process, or uvicorn workers that build it from BACKRUB_*."""
    import uvicorn

    from backrub import settings
    from backrub.domain.inputs import parse_int
    from backrub.web import WebSettings, create_app
    from backrub.web.settings import is_loopback

    port_number = _listen(host, port)
    workers = 1 if options.workers is None else parse_int("--workers", options.workers, 1, 64)
    hosts = tuple(dict.fromkeys(allowed_host(name) for name in options.allowed_hosts))
    trusted = (options.forwarded_allow_ips or "127.0.0.1").strip()
    if not trusted:
        raise InvalidInput(
            "--forwarded-allow-ips",
            options.forwarded_allow_ips,
            _("give the proxy's addresses, such as 127.0.0.1"),
        )
    web_settings = WebSettings(
        db=settings.database(db if db is not None else runtime.db),
        clinic=True,
        host=host,
        port=port_number,
        hosts=hosts,
    )
    uvicorn_options: dict[str, Any] = {
        "host": host,
        "port": port_number,
        "log_level": "warning",
        "access_log": False,
        "lifespan": "on",
        "proxy_headers": options.proxy_headers is not False,
        "forwarded_allow_ips": trusted,
    }
    from backrub.cli.clinic_cmds import refuse_bypassing_role

    refuse_bypassing_role(web_settings.db)  # before the database is opened and migrated
    if workers == 1:
        app = create_app(web_settings)  # opens (and migrates) the database: refusals first
        _warn_clinic(host, is_loopback(host))
        server = uvicorn.Server(uvicorn.Config(app, **uvicorn_options))
        _run(server, host, port_number, open_browser)
        return
    _prepare_workers(web_settings)
    _warn_clinic(host, is_loopback(host))
    _run_workers(workers, uvicorn_options)


def _run_workers(workers: int, uvicorn_options: dict[str, Any]) -> None:
    import uvicorn

    # Here, not at the top: importing the web app (FastAPI) would slow every command.
    from backrub.web.workers import IMPORT_STRING

    url = f"http://{uvicorn_options['host']}:{uvicorn_options['port']}/"
    click.echo(
        _(
            "backrub is serving the clinic server on %(url)s with %(n)s workers  (Ctrl+C to stop)",
            url=url,
            n=workers,
        )
    )
    uvicorn.run(
        IMPORT_STRING,
        factory=True,
        workers=workers,
        # A worker that has not answered the supervisor's ping in time is killed and
        # started again; starting one (Python, then backrub) can take longer than
        # uvicorn's 5 seconds on a small or busy machine, which would loop for ever.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
        **uvicorn_options,
    )


def _warn_clinic(host: str, loopback: bool) -> None:
    if not loopback:
        click.echo(_(CLINIC_WARNING, host=host), err=True)


def _prepare_workers(web_settings: Any) -> None:
    """Open (and migrate) the database once, then hand the settings to the workers."""
    from backrub.store import open_store

    open_store(web_settings.db, server_only=True).close()
    os.environ.update(
        {
            "BACKRUB_DB": web_settings.db,
            "BACKRUB_CLINIC": "true",
            "BACKRUB_HOST": web_settings.host,
            "BACKRUB_PORT": str(web_settings.port),
            "BACKRUB_HOSTS": json.dumps(list(web_settings.hosts)),
        }
    )


COMMANDS = [serve]
