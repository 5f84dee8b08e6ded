"""``backrub serve``: the web app on this machine, loopback only unless asked otherwise."""

from __future__ import annotations

import threading
import time
import webbrowser
from typing import Any

import click

from backrub.cli.app import Runtime, pass_runtime
from backrub.cli.click_words import Command
from backrub.errors import InvalidInput
from backrub.i18n import N_, _

LOOPBACK_WARNING = N_(
    "warning: serving on %(host)s, not on loopback: anyone who can reach this machine on port "
    "%(port)s can read and change these health records. backrub has no accounts yet."
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
@pass_runtime
def serve(runtime: Runtime, host: str, port: str, demo: bool, open_browser: bool) -> None:
    import uvicorn

    from backrub import settings
    from backrub.domain.inputs import parse_int
    from backrub.web import WebSettings, create_app
    from backrub.web.settings import is_loopback

    port_number = parse_int("--port", port, 1, 65535)
    if not host.strip():
        raise InvalidInput("--host", host, _("give an address such as 127.0.0.1"))
    if not is_loopback(host):
        click.echo(_(LOOPBACK_WARNING, host=host, port=port_number), err=True)
    web_settings = WebSettings(
        db=settings.database(runtime.db),
        profile=runtime.profile_name,
        demo=demo,
        host=host,
        port=port_number,
    )
    app = create_app(web_settings)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port_number}/"
    config = uvicorn.Config(
        app, host=host, port=port_number, log_level="warning", access_log=False, lifespan="on"
    )
    server = uvicorn.Server(config)
    if open_browser:
        _open_when_ready(server, url)
    click.echo(_("backrub is serving on %(url)s  (Ctrl+C to stop)", url=url))
    server.run()


COMMANDS = [serve]
