"""Invitations to the clinic server (issue 13): a single-use link that sets the password.

An administrator invites a therapist, a client or another administrator; a
therapist invites a client, who is then theirs. The link holds a random token
(``secrets.token_urlsafe(32)``, 256 bits); the server keeps only its SHA-256.
It works once and, by the product's default, for 7 days
(``domain.people.INVITATION_DAYS``). Inviting the same e-mail again replaces
the unused invitation. The person opening it sets their password (and a
client their time zone and language) and is signed in.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from backrub.domain.accounts import Account, Role
from backrub.domain.people import (
    INVITATION_VALID,
    NAME_MAX,
    Invited,
    Opening,
    OpenInvitation,
    display_name_ok,
    email_shape_ok,
    tidy_display_name,
)
from backrub.errors import InvalidInput, NotFound
from backrub.i18n import _
from backrub.services import accounts, audit, passwords, second_factor
from backrub.services.clinic_sessions import token_hash
from backrub.services.records import parse_language_choice, parse_zone
from backrub.store import accounts as account_rows
from backrub.store import invitation_rows as rows
from backrub.store.repository import Store

T = TypeVar("T")


class InvitationGone(NotFound):
    """The link is unknown, used or expired: all three answer the same."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "This invitation link cannot be used (it was used already, it expired, "
                "or it is not complete). Ask your clinic for a new one."
            ),
            code="invitation_gone",
        )


class Problems(InvalidInput):
    """Every bad field of a form at once (the first one is the error's own)."""

    def __init__(self, errors: list[InvalidInput]) -> None:
        first = errors[0]
        super().__init__(first.field, first.value, first.allowed)
        self.errors = errors


def parse_email(value: object) -> str:
    """Return the e-mail address ``value`` names, lower-cased, or refuse it."""
    email = str(value or "").strip().lower()
    if not email_shape_ok(email):
        raise InvalidInput(
            "email", value or None, _("use an e-mail address such as name@example.com")
        )
    return email


def parse_display_name(value: object) -> str:
    """Return the name to show (NFC, 1 to 80 characters, no control characters)."""
    name = tidy_display_name(str(value or ""))
    if not display_name_ok(name):
        raise InvalidInput(
            "name",
            value or None,
            _("use a name of 1 to %(n)s letters, without line breaks or tabs", n=NAME_MAX),
        )
    return name


def roles_for(inviter: Account) -> tuple[Role, ...]:
    """Return whom ``inviter`` may invite: an administrator anyone, a therapist clients."""
    if inviter.role is Role.ADMIN:
        return (Role.THERAPIST, Role.CLIENT, Role.ADMIN)
    if inviter.role is Role.THERAPIST:
        return (Role.CLIENT,)
    return ()


def _role(inviter: Account, value: object) -> Role:
    allowed = roles_for(inviter)
    found = [role for role in allowed if role.value == str(value or "").strip()]
    if not found:
        if Role.ADMIN in allowed:
            words = _("choose whether you invite a therapist, a client or an administrator")
        else:
            words = _("you can invite a client")
        raise InvalidInput("role", value or None, words)
    return found[0]


def _therapist(store: Store, inviter: Account, role: Role, value: str | None) -> int | None:
    """Return whose client the invited client will be (a therapist invites their own)."""
    if role is not Role.CLIENT:
        return None
    if inviter.role is Role.THERAPIST:
        return inviter.id
    if not value:
        return None
    found = account_rows.account_in_clinic(store, inviter.clinic_id, value)
    if found is None or found.role is not Role.THERAPIST or not found.active:
        raise InvalidInput("therapist", None, _("choose a therapist from the list"))
    return found.id


def _try(errors: list[InvalidInput], check: Callable[[], T]) -> T | None:
    """Return what ``check`` returns; an ``InvalidInput`` is added to ``errors`` instead."""
    try:
        return check()
    except InvalidInput as error:
        errors.append(error)
        return None


def invite(
    store: Store,
    inviter: Account,
    *,
    role: object,
    email: object,
    name: object,
    therapist: str | None,
    now: datetime,
    address: str | None,
) -> Invited:
    """Invite someone to ``inviter``'s clinic; return the link's token (shown once).

    Refused, every bad field at once (``Problems``), nothing written: a role the
    inviter may not give, an e-mail that is not one or already has an account in
    this clinic, a name too long or empty, a therapist not of this clinic. An
    address with an account in ANOTHER clinic on this server is not refused here:
    saying so would tell one clinic who is a client of another. Its link then
    cannot be used (e-mail addresses are unique on the server).
    """
    errors: list[InvalidInput] = []
    chosen = _try(errors, lambda: _role(inviter, role))
    address_ = _try(errors, lambda: parse_email(email))
    shown = _try(errors, lambda: parse_display_name(name))
    if address_ is not None and rows.email_taken(store, address_, inviter.clinic_id):
        taken = _("this e-mail address already has an account in your clinic")
        errors.append(InvalidInput("email", email, taken))
    therapist_id = None
    if chosen is not None:
        therapist_id = _try(errors, lambda: _therapist(store, inviter, chosen, therapist))
    if errors or not inviter.active:
        raise Problems(errors or [InvalidInput("role", None, _("you cannot invite anyone"))])
    assert chosen is not None and address_ is not None and shown is not None
    token = secrets.token_urlsafe(32)
    expires = now + INVITATION_VALID
    rows.replace_open(
        store,
        clinic_id=inviter.clinic_id,
        email=address_,
        values={
            "token_hash": token_hash(token),
            "role": chosen.value,
            "display_name": shown,
            "invited_by": inviter.id,
            "therapist_id": therapist_id,
            "created_at": now,
            "expires_at": expires,
        },
    )
    what = f"invite {chosen.value}"
    audit.record(
        store, who=inviter, client_ref=None, action="invite", what=what, address=address, now=now
    )
    return Invited(token, address_, shown, chosen, expires)


def opening(store: Store, token: str, now: datetime) -> Opening:
    """Return what the link opens, or raise ``InvitationGone``."""
    found = rows.opening(store, token_hash(token), now) if 0 < len(token) <= 100 else None
    if found is None:
        raise InvitationGone()
    return found


def accept(
    store: Store,
    token: str,
    *,
    password: str,
    again: str,
    tz: object,
    language: object,
    now: datetime,
    address: str | None = None,
) -> Account:
    """Create the invited account with ``password``; the link is used up at once.

    A new password link (``Opening.reset``) sets the password of the account
    that exists instead and ends every session of it.

    Every bad field at once (``Problems``), nothing written; a link that cannot
    be used raises ``InvitationGone``.
    """
    found = opening(store, token, now)
    errors: list[InvalidInput] = []
    words = (found.email, found.display_name, found.clinic_name)
    problem = accounts.new_password_problem(password, role=found.role, context=words)
    if problem is not None:
        errors.append(InvalidInput("password", None, problem))
    elif again != password:
        errors.append(InvalidInput("again", None, _("type the same password in both fields")))
    zone, code = "UTC", "en"
    if found.role is Role.CLIENT and not found.reset:  # staff have no zone of their own
        code = _try(errors, lambda: parse_language_choice(language)) or code
        zone = _try(errors, lambda: _zone(tz)) or zone
    if errors:
        raise Problems(errors)
    hashed = passwords.hash_password(password)
    if found.reset:
        account = rows.use_for_reset(store, token_hash(token), now, password_hash=hashed)
    else:
        account = rows.use(
            store, token_hash(token), now, password_hash=hashed, tz=zone, language=code
        )
    if account is None:
        raise InvitationGone()
    if found.reset:
        what = "set a new password with a link"
        audit.record(
            store,
            who=account,
            client_ref=None,
            action="password",
            what=what,
            address=address,
            now=now,
        )
    return account


def _zone(value: object) -> str:
    if not str(value or "").strip():
        raise InvalidInput("tz", None, _("type the city you live in and choose it from the list"))
    return parse_zone(value)


def second_factor_first(account: Account) -> bool:
    """Whether the new account must set up a second factor before anything else.

    Administrators must (the rule ``services.second_factor.required`` holds).
    """
    return second_factor.required(account)


def open_invitations(store: Store, admin: Account, now: datetime) -> list[OpenInvitation]:
    """Return the invitations of ``admin``'s clinic that can still be used."""
    return rows.open_in_clinic(store, admin.clinic_id, now)


def withdraw(store: Store, admin: Account, email: str) -> bool:
    """Withdraw the open invitation of ``email`` in ``admin``'s clinic; False: there was none."""
    return rows.withdraw(store, admin.clinic_id, email.strip().lower()) > 0
