"""Setting up a clinic on the server: the clinic and its first administrator.

``backrub clinic init`` calls ``set_up_clinic``; running it again on the same
database adds another clinic (several clinics share one server). The faces
ask for what is missing; everything is checked here, before anything is
written.

``staff_password_problem`` applies the same NIST 800-63B rules as every other
new password (``services.accounts.new_password_problem``), with the clinic's
name among the words a password may not be built on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from backrub.domain.accounts import Account, Clinic, Role
from backrub.errors import InvalidInput, Refusal, Refused
from backrub.i18n import _
from backrub.services import accounts, passwords
from backrub.store import clinic_setup as rows
from backrub.store.repository import Store

NAME_CHARS = 80  # clinics.name and accounts.display_name
EMAIL_CHARS = 254
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True, slots=True)
class NewClinic:
    """What ``set_up_clinic`` made, and how many clinics the server holds now."""

    clinic: Clinic
    admin: Account
    clinics_on_server: int


def staff_password_problem(password: str, *, email: str, name: str, clinic: str = "") -> str | None:
    """Return why ``password`` may not be an administrator's password, in plain words, or None."""
    return accounts.new_password_problem(
        password, role=Role.ADMIN, context=(email, email.split("@")[0], name, clinic)
    )


def clean_name(field: str, value: str) -> str:
    """Return a clinic or person's name trimmed; refuse it empty, too long or with controls."""
    text = " ".join(value.split())
    if not text:
        raise InvalidInput(field, None, _("give a name"))
    if len(text) > NAME_CHARS or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise InvalidInput(
            field, value, _("use at most %(n)s characters of plain text", n=NAME_CHARS)
        )
    return text


def clean_email(value: str) -> str:
    """Return the e-mail address as it is stored (lower case); refuse one that is not."""
    text = value.strip().lower()
    if not text:
        raise InvalidInput("email", None, _("give the e-mail address the person signs in with"))
    if len(text) > EMAIL_CHARS or not _EMAIL.fullmatch(text):
        raise InvalidInput("email", value, _("give an e-mail address such as name@example.org"))
    return text


def set_up_clinic(
    store: Store,
    *,
    clinic_name: str,
    email: str,
    display_name: str,
    password: str,
    now: datetime,
) -> NewClinic:
    """Add a clinic and its first administrator; refuse bad input before writing anything."""
    clinic_name = clean_name("clinic", clinic_name)
    display_name = clean_name("name", display_name)
    email = clean_email(email)
    taken = _("an account with this e-mail address already exists; use another one")
    if rows.email_taken(store, email):
        raise InvalidInput("email", email, taken)
    problem = staff_password_problem(password, email=email, name=display_name, clinic=clinic_name)
    if problem is not None:
        raise Refused(
            refusal=Refusal(
                "password_rules", _("password: %(problem)s", problem=problem), ("password",)
            )
        )
    made = rows.add_clinic_with_admin(
        store,
        clinic_name=clinic_name,
        email=email,
        display_name=display_name,
        password_hash=passwords.hash_password(password),
        now=now,
    )
    if made is None:  # taken between the check and the write
        raise InvalidInput("email", email, taken)
    clinic, admin = made
    return NewClinic(clinic=clinic, admin=admin, clinics_on_server=rows.clinic_count(store))


def email_in_use(store: Store, email: str) -> bool:
    """Return whether an account on this server (any clinic) signs in as ``email``."""
    return rows.email_taken(store, email)


def shown_database(url: str) -> str:
    """Return the database URL with its password (if any) hidden, to print as a next step."""
    return rows.shown_url(url)
