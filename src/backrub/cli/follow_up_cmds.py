"""``backrub clinic send-follow-ups``: send the follow-up questionnaires due, and reminders.

Meant for a cron job or a systemd timer (every hour is plenty); the web server
sends nothing itself. The SMTP password comes only from the environment
(``BACKRUB_SMTP_PASSWORD``), never from an option a process list would show.
What is sent, when, and why the message says so little: docs/follow-up.md.
"""

from __future__ import annotations

import os

import click

from backrub import settings
from backrub.cli.app import Runtime, pass_runtime
from backrub.cli.click_words import Command
from backrub.errors import InvalidInput
from backrub.i18n import N_, _


@click.command(
    "send-follow-ups",
    cls=Command,
    help=N_(
        "Send the follow-up questionnaires that are due, and their reminders, by e-mail; "
        "mark those not answered in time as expired. Run it from a timer, e.g. hourly."
    ),
)
@click.option("--db", "db", metavar="URL", help=N_("PostgreSQL URL (env BACKRUB_DB)."))
@click.option(
    "--base-url",
    envvar="BACKRUB_PUBLIC_URL",
    metavar="URL",
    help=N_(
        "The server's address as clients reach it, e.g. https://clinic.example "
        "(env BACKRUB_PUBLIC_URL)."
    ),
)
@click.option(
    "--smtp-host",
    envvar="BACKRUB_SMTP_HOST",
    default="localhost",
    show_default=True,
    help=N_("SMTP server (env BACKRUB_SMTP_HOST)."),
)
@click.option(
    "--smtp-port",
    envvar="BACKRUB_SMTP_PORT",
    type=int,
    default=587,
    show_default=True,
    help=N_("SMTP port (env BACKRUB_SMTP_PORT)."),
)
@click.option(
    "--smtp-from",
    "sender",
    envvar="BACKRUB_SMTP_FROM",
    metavar="ADDRESS",
    help=N_("The From address (env BACKRUB_SMTP_FROM)."),
)
@click.option(
    "--smtp-starttls/--no-smtp-starttls",
    envvar="BACKRUB_SMTP_STARTTLS",
    default=True,
    show_default=True,
    help=N_("Encrypt with STARTTLS before anything is sent (env BACKRUB_SMTP_STARTTLS)."),
)
@pass_runtime
def send_follow_ups(
    runtime: Runtime,
    db: str | None,
    base_url: str | None,
    smtp_host: str,
    smtp_port: int,
    sender: str | None,
    smtp_starttls: bool,
) -> None:
    from backrub.services.follow_up_mail import MailSettings, SmtpMailer, send_due
    from backrub.store import open_store

    if not base_url or not base_url.startswith(("https://", "http://")):
        words = _("give the server's address as clients reach it, e.g. https://clinic.example")
        raise InvalidInput("--base-url", base_url, words)
    if not sender or "@" not in sender:
        raise InvalidInput("--smtp-from", sender, _("give the address messages are sent from"))
    mail = MailSettings(
        host=smtp_host,
        port=smtp_port,
        sender=sender,
        base_url=base_url,
        starttls=smtp_starttls,
        user=os.environ.get("BACKRUB_SMTP_USER") or None,
        password=os.environ.get("BACKRUB_SMTP_PASSWORD") or None,
    )
    store = open_store(settings.database(db if db is not None else runtime.db), server_only=True)
    try:
        done = send_due(store, SmtpMailer(mail), runtime.now())
    finally:
        store.close()
    click.echo(
        _(
            "Sent %(sent)s, reminded %(reminded)s, expired %(expired)s, could not send %(failed)s.",
            sent=done.sent,
            reminded=done.reminded,
            expired=done.expired,
            failed=done.failed,
        )
    )
    if done.failed:
        raise SystemExit(1)
