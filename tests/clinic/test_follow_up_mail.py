"""Follow-up e-mails through a real SMTP server on loopback (aiosmtpd), and their reminders."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from backrub.cli import main
from backrub.domain.follow_up import State
from backrub.services.follow_up_mail import MailSettings, SmtpMailer, send_due
from tests.clinic.conftest import People, browser, form
from tests.clinic.test_follow_up import NO_SIGNS, questionnaires, schedule
from tests.web.conftest import NOW

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

BASE_URL = "https://clinic.example"


@dataclass
class Inbox:
    """What the local SMTP server received."""

    port: int
    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.original_content))
        return "250 OK"

    def links(self) -> list[str]:
        found = []
        for mail in self.messages:
            body = str(mail.get_payload(decode=True), "utf-8")
            found += [w for w in body.split() if w.startswith(BASE_URL)]
        return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    found = Inbox(_free_port())
    server = Controller(found, hostname="127.0.0.1", port=found.port)
    server.start()
    try:
        yield found
    finally:
        server.stop()


def mailer(inbox: Inbox) -> SmtpMailer:
    # The local server speaks no TLS; STARTTLS on is the default for real servers.
    return SmtpMailer(
        MailSettings(
            host="127.0.0.1",
            port=inbox.port,
            sender="clinic@a.example",
            base_url=BASE_URL,
            starttls=False,
        )
    )


def path_of(link: str) -> str:
    return link.removeprefix(BASE_URL)


def test_a_due_questionnaire_is_sent_with_little_more_than_the_clinic_and_the_link(
    people: People, inbox: Inbox
) -> None:
    schedule(people, instruments=["rmdq"])
    done = send_due(people.store, mailer(inbox), NOW)
    assert (done.sent, done.reminded, done.failed) == (1, 0, 0)
    [mail] = inbox.messages
    assert mail["To"] == people["a.client1"].email
    assert mail["Subject"] == "A short questionnaire from Clinic A"
    body = str(mail.get_payload(decode=True), "utf-8")
    assert "Clinic A" in body and "The link works until" in body
    said = (mail["Subject"] + body).lower()
    for private in ("client1", "roland", "disability", "pain", "back", "rmdq", "therapist"):
        assert private not in said, private
    [link] = inbox.links()
    assert browser(people).get(path_of(link)).status_code == 200
    assert questionnaires(people)[0].state is State.OPENED
    # Sent once: the next run sends nothing new.
    assert send_due(people.store, mailer(inbox), NOW + timedelta(hours=1)).sent == 0
    assert len(inbox.messages) == 1


def test_reminders_come_on_day_3_and_7_and_stop_once_answered(people: People, inbox: Inbox) -> None:
    # Due today and open 14 days (a baseline closes on day 3: test_cohort_follow_up.py).
    visit = (NOW + timedelta(days=1)).date().isoformat()
    schedule(people, instruments=["nrs"], template="before_visits", visits=visit)
    send_due(people.store, mailer(inbox), NOW)
    assert send_due(people.store, mailer(inbox), NOW + timedelta(days=2)).reminded == 0
    assert send_due(people.store, mailer(inbox), NOW + timedelta(days=3)).reminded == 1
    assert inbox.messages[-1]["Subject"].startswith("Reminder:")
    assert send_due(people.store, mailer(inbox), NOW + timedelta(days=4)).reminded == 0
    first, reminder = inbox.links()
    assert first != reminder  # a new link each time: only hashes are kept
    answered = form(browser(people), path_of(reminder), {"answer_1": "2", **NO_SIGNS})
    assert answered.status_code == 200
    assert send_due(people.store, mailer(inbox), NOW + timedelta(days=7)).reminded == 0
    assert len(inbox.messages) == 2
    # Every link of a completed questionnaire says so.
    assert browser(people).get(path_of(first)).status_code == 410


def test_reminders_stop_when_the_time_to_answer_ends(people: People, inbox: Inbox) -> None:
    schedule(people, instruments=["nrs"])
    send_due(people.store, mailer(inbox), NOW)
    done = send_due(people.store, mailer(inbox), NOW + timedelta(days=14))
    assert (done.expired, done.reminded) == (1, 0)
    assert questionnaires(people)[0].state is State.EXPIRED
    assert send_due(people.store, mailer(inbox), NOW + timedelta(days=20)).reminded == 0
    assert len(inbox.messages) == 1


def test_a_message_that_cannot_be_sent_is_tried_again_next_time(
    people: People, inbox: Inbox
) -> None:
    schedule(people, instruments=["nrs"])
    nowhere = SmtpMailer(
        MailSettings("127.0.0.1", _free_port(), "clinic@a.example", BASE_URL, starttls=False)
    )
    assert send_due(people.store, nowhere, NOW).failed == 1
    assert questionnaires(people)[0].state is State.SCHEDULED
    assert send_due(people.store, mailer(inbox), NOW).sent == 1


def test_the_command_sends_what_is_due(
    people: People,
    inbox: Inbox,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    schedule(people, instruments=["nrs"])
    monkeypatch.setenv("BACKRUB_NOW", NOW.isoformat())
    monkeypatch.setenv("BACKRUB_HOME", str(tmp_path))
    args = ["clinic", "send-follow-ups", "--db", people.url, "--base-url", BASE_URL]
    args += ["--smtp-host", "127.0.0.1", "--smtp-port", str(inbox.port)]
    args += ["--smtp-from", "clinic@a.example", "--no-smtp-starttls"]
    with pytest.raises(SystemExit) as stopped:
        main(args)
    out = capsys.readouterr().out
    assert stopped.value.code in (0, None), out
    assert "Sent 1, reminded 0, expired 0, could not send 0." in out
    assert len(inbox.messages) == 1
    with pytest.raises(SystemExit) as stopped:
        main([*args[:4], "--base-url", "clinic.example", *args[6:]])
    assert stopped.value.code == 2
    assert "--base-url" in capsys.readouterr().err


def test_no_reminder_after_an_emergency_sign_answered_yes(people: People, inbox: Inbox) -> None:
    """Review S6-22: the therapist has the alert; "a short questionnaire" again would jar."""
    schedule(people, instruments=["nrs"])
    send_due(people.store, mailer(inbox), NOW)
    saved = form(
        browser(people),
        path_of(inbox.links()[0]),
        {"flag_chest_pain": "yes", "action": "later"},
    )
    assert saved.status_code == 303
    assert send_due(people.store, mailer(inbox), NOW + timedelta(days=3)).reminded == 0
    assert len(inbox.messages) == 1


def test_a_clinic_name_that_cannot_be_a_header_fails_alone(people: People, inbox: Inbox) -> None:
    """Review S6-21: one message the mail library refuses must not stop the others."""
    from sqlalchemy import text

    schedule(people, instruments=["nrs"])
    schedule(people, client="b.client1", instruments=["nrs"])
    with people.store.writing() as c:
        c.execute(
            text("UPDATE clinics SET name = 'Clinic\nBcc: x@example.org' WHERE id = :id"),
            {"id": people.clinic_ids["a"]},
        )
    done = send_due(people.store, mailer(inbox), NOW)
    assert (done.sent, done.failed) == (1, 1)
    assert len(inbox.messages) == 1
