"""Signing in to the clinic server, step by step (issue 13).

1. E-mail and password. Refused without looking when the account or the
   address has had too many wrong tries (``throttle``). Right: any session the
   browser brought is ended and a new one starts (no session fixation):
   complete at once, or stage "password" when a code is still to come, or when
   an administrator has still to set up a second factor.
2. The code from the authenticator app (``second_factor``). Right: the
   half-way session is ended and a complete one starts, with a new token.

Wrong codes count toward the throttle like wrong passwords; a complete
sign-in clears the account's count. After 100 wrong tries in a row the account
is locked (NIST SP 800-63B 5.2.2, ``domain.sign_in_limits``): even the right
password or code is answered "wrong", exactly as for an unknown e-mail address,
until a new password is set with a password link.

The audit log gets one entry for each complete sign-in, each wrong password or
code of a known account (an unknown e-mail belongs to no clinic: nothing is
written), each sign-out and each new second factor (``audit.record``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from backrub.domain import sign_in_limits
from backrub.domain.accounts import Account, WebSession
from backrub.services import accounts, audit, clinic_sessions, second_factor, throttle
from backrub.store import accounts as account_rows
from backrub.store.repository import Store

SIGN_IN: Final = "POST /sign-in"
CODE: Final = "POST /sign-in/code"


class Next(StrEnum):
    DONE = "done"  # signed in
    CODE = "code"  # the code from the app is still to come
    ENROL = "enrol"  # an administrator sets up the second factor first
    WRONG = "wrong"  # the e-mail and password (or the code) were not right
    WAIT = "wait"  # too many wrong tries: not even checked


@dataclass(frozen=True, slots=True)
class Outcome:
    next: Next
    token: str | None = None  # the new session's token, for the cookie
    wait_minutes: int = 0  # Next.WAIT: try again in this many minutes


def _waiting(store: Store, email: str, address: str | None, now: datetime) -> Outcome | None:
    until = throttle.wait_until(store, email, address, now)
    if until is None:
        return None
    return Outcome(Next.WAIT, wait_minutes=sign_in_limits.minutes_to_wait(until, now))


def with_password(
    store: Store,
    email: str,
    password: str,
    *,
    address: str | None,
    now: datetime,
    brought: str | None,
) -> Outcome:
    """Check ``email`` and ``password``; ``brought`` is the session token the browser had."""
    waiting = _waiting(store, email, address, now)
    if waiting is not None:
        return waiting
    account = accounts.check_password(store, email, password)
    if account is None:
        known = account_rows.account_by_email(store, email) if email.strip() else None
        throttle.failed(store, email, address, now, account_id=known[0].id if known else None)
        if known is not None:
            _record(store, known[0], "sign-in-failed", SIGN_IN, address, now)
        return Outcome(Next.WRONG)
    if throttle.locked(store, account.id):
        return _wrong(store, account, SIGN_IN, address, now)  # even the right password
    clinic_sessions.end(store, brought)
    if account.totp_enabled or second_factor.required(account):
        token = clinic_sessions.start(store, account, now, address=address, complete=False)
        return Outcome(Next.CODE if account.totp_enabled else Next.ENROL, token)
    return _complete(store, account, address, now)


def _record(
    store: Store, account: Account, action: str, what: str, address: str | None, now: datetime
) -> None:
    audit.record(
        store, who=account, client_ref=None, action=action, what=what, address=address, now=now
    )


def locked(store: Store, account: Account) -> bool:
    """Whether ``account`` is locked after too many wrong tries in a row (for its
    administrator's page: a new password link opens it)."""
    return throttle.locked(store, account.id)


def _wrong(
    store: Store, account: Account, what: str, address: str | None, now: datetime
) -> Outcome:
    """A wrong try of a known account (or any try of a locked one): counted, recorded."""
    throttle.failed(store, account.email, address, now, account_id=account.id)
    _record(store, account, "sign-in-failed", what, address, now)
    return Outcome(Next.WRONG)


def _complete(store: Store, account: Account, address: str | None, now: datetime) -> Outcome:
    throttle.succeeded(store, account.email, account.id)
    token = clinic_sessions.start(store, account, now, address=address, complete=True)
    _record(store, account, "sign-in", SIGN_IN, address, now)
    return Outcome(Next.DONE, token)


def with_code(
    store: Store,
    session: WebSession,
    code: str,
    *,
    address: str | None,
    now: datetime,
    brought: str | None,
) -> Outcome:
    """Check the code of a half-way ``session`` (whose token is ``brought``)."""
    account = session.account
    waiting = _waiting(store, account.email, address, now)
    if waiting is not None:
        return waiting
    if throttle.locked(store, account.id) or not second_factor.check(store, account, code, now):
        return _wrong(store, account, CODE, address, now)
    clinic_sessions.end(store, brought)
    return _complete(store, account, address, now)


def with_new_second_factor(
    store: Store,
    session: WebSession,
    secret: str,
    code: str,
    *,
    address: str | None,
    now: datetime,
    brought: str | None,
) -> Outcome:
    """Save a second factor; a half-way session becomes a complete one (new token)."""
    account = session.account
    if not session.complete and account.totp_enabled:
        return Outcome(Next.WRONG)  # half-way with a second factor: the code page, not this
    if not second_factor.enrol(store, account, secret, code, now):
        return Outcome(Next.WRONG)
    _record(store, account, "second-factor", "POST /account/second-factor", address, now)
    if session.complete:
        return Outcome(Next.DONE)
    clinic_sessions.end(store, brought)
    return _complete(store, account, address, now)


def remove_second_factor(
    store: Store, account: Account, *, address: str | None, now: datetime
) -> bool:
    """Remove the account's second factor (False for an administrator, who keeps it)."""
    if not second_factor.remove(store, account):
        return False
    _record(store, account, "second-factor", "POST /account/second-factor/remove", address, now)
    return True


def sign_out(
    store: Store,
    session: WebSession | None,
    token: str | None,
    *,
    address: str | None,
    now: datetime,
    everywhere: bool = False,
) -> None:
    """End the browser's session (``token``), or every session of ``session``'s account."""
    if everywhere and session is not None:
        clinic_sessions.end_everywhere(store, session.account)
    else:
        clinic_sessions.end(store, token)
    if session is not None:
        what = "POST /account/sign-out-everywhere" if everywhere else "POST /sign-out"
        _record(store, session.account, "sign-out", what, address, now)
