"""Sending follow-up questionnaires and their reminders by e-mail (issue 14).

``send_due`` is run from ``backrub clinic send-follow-ups`` (a cron job or a
systemd timer); the web server sends nothing and runs no thread for it. One
run, in order: questionnaires whose answering window passed become expired;
those due are sent, each with a new link; reminders go on the product-default
days (``domain.follow_up.REMINDER_DAYS``) to those still open, each with a new
link (only a link's hash is kept, so a reminder cannot repeat the first one).
A completed or expired questionnaire gets nothing more.

The message holds the least personal data we can: the clinic's name, the link
and the day it stops working. No name (a shared mailbox or a glance at a
screen shows the subject and the first lines), no questionnaire's name and
nothing about back pain or health: the questionnaire's name ("Roland-Morris
Disability Questionnaire") would say what the person is treated for. Nothing
of the message is kept: no outbox, no copy. A message that cannot be sent
leaves its questionnaire as it was, to be tried on the next run.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Protocol
from zoneinfo import ZoneInfo

from backrub import i18n
from backrub.domain.follow_up import State, reminder_due
from backrub.i18n import _
from backrub.i18n.formats import long_date
from backrub.services.clinic_scope import all_clinics
from backrub.services.follow_up import make_link
from backrub.store import follow_up_rows as rows
from backrub.store.repository import Store


@dataclass(frozen=True, slots=True)
class MailSettings:
    """Where and how to send: from the command's options or their environment variables."""

    host: str
    port: int
    sender: str  # the From address
    base_url: str  # the clinic server's address as clients reach it, e.g. https://clinic.example
    starttls: bool = True
    user: str | None = None
    password: str | None = None
    timeout_s: float = 30.0


class Mailer(Protocol):
    """Something that sends one message (``SmtpMailer``; tests give it a local server)."""

    @property
    def sender(self) -> str: ...

    @property
    def base_url(self) -> str: ...

    def send(self, message: EmailMessage) -> None: ...


class SmtpMailer:
    """Send through an SMTP server, one connection per message."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings

    @property
    def sender(self) -> str:
        return self.settings.sender

    @property
    def base_url(self) -> str:
        return self.settings.base_url.rstrip("/")

    def send(self, message: EmailMessage) -> None:
        s = self.settings
        with smtplib.SMTP(s.host, s.port, timeout=s.timeout_s) as smtp:
            if s.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if s.user:
                smtp.login(s.user, s.password or "")
            smtp.send_message(message)


@dataclass(frozen=True, slots=True)
class Sent:
    """What one run did: how many questionnaires were sent, reminded, expired, not sent."""

    sent: int = 0
    reminded: int = 0
    expired: int = 0
    failed: int = 0


def message(mailer: Mailer, reached: rows.Reached, link: str, *, reminder: bool) -> EmailMessage:
    """Return the e-mail for ``reached``, in the client's language: clinic, link, last day."""
    zone = ZoneInfo(reached.tz)
    with i18n.use_language(i18n.parse_language(reached.language or "") or i18n.ENGLISH):
        clinic = reached.clinic_name
        last = long_date(reached.administration.expires_at.astimezone(zone).date())
        if reminder:
            subject = _("Reminder: a short questionnaire from %(clinic)s", clinic=clinic)
        else:
            subject = _("A short questionnaire from %(clinic)s", clinic=clinic)
        body = "\n\n".join(
            (
                _("Hello,"),
                _(
                    "%(clinic)s asks you to answer a short questionnaire about how you are. "
                    "It takes a few minutes, and you can stop and go on later with the same link:",
                    clinic=clinic,
                ),
                link,
                _("The link works until %(day)s.", day=last),
                _(
                    "If you did not expect this message, you can ignore it. Please do not "
                    "forward it: the link opens your questionnaire without a password."
                ),
            )
        )
    mail = EmailMessage()
    mail["From"] = mailer.sender
    mail["To"] = reached.email
    mail["Subject"] = subject
    mail["Message-ID"] = make_msgid()
    mail.set_content(body + "\n")
    return mail


def _deliver(
    store: Store, mailer: Mailer, reached: rows.Reached, now: datetime, *, reminder: bool
) -> bool:
    token = make_link(store, reached.administration, reached.clinic_id, now)
    link = f"{mailer.base_url}/follow-up/{token}"
    try:
        mailer.send(message(mailer, reached, link, reminder=reminder))
    except (smtplib.SMTPException, OSError, ValueError):
        # ValueError: a header the message cannot hold (a line break in a clinic's
        # name or an address): this one is not sent, the others still are.
        return False
    return True


def send_due(store: Store, mailer: Mailer, now: datetime) -> Sent:
    """Expire, send what is due, and remind; return what was done.

    A job of the whole server (a timer), about every clinic: it sees every clinic's
    follow-ups (row security's maintenance scope) and writes nothing but their states.
    """
    with all_clinics():
        return _send_due(store, mailer, now)


def _send_due(store: Store, mailer: Mailer, now: datetime) -> Sent:
    expired = rows.expire(store, now)
    sent = reminded = failed = 0
    for reached in rows.to_reach(store, now, (State.SCHEDULED,)):
        if not _deliver(store, mailer, reached, now, reminder=False):
            failed += 1
            continue
        values = {"state": State.SENT.value, "sent_at": now}
        sent += rows.move(
            store, reached.administration.id, states=(State.SCHEDULED,), values=values
        )
    waiting = (State.SENT, State.OPENED, State.PARTLY)
    for reached in rows.to_reach(store, now, waiting):
        a = reached.administration
        if a.sent_at is None or not reminder_due(a.sent_at, a.reminders_sent, now):
            continue
        if a.red_flags:
            continue  # an emergency sign answered yes: the therapist has it, no reminders
        if not _deliver(store, mailer, reached, now, reminder=True):
            failed += 1
            continue
        values = {"reminders_sent": a.reminders_sent + 1, "last_reminder_at": now}
        reminded += rows.move(store, a.id, states=waiting, values=values)
    return Sent(sent=sent, reminded=reminded, expired=expired, failed=failed)
