"""Signed-in sessions on the clinic server: start, find, end (issue 13).

The browser holds a random token (256 bits) in an HttpOnly cookie; the server
keeps only its SHA-256, so a copy of the database signs nobody in. A session is
started anew at every sign-in (never reused: no session fixation), ends after
the idle and absolute limits of ``domain.session_rules``, and ends on every
device at once when the person signs out everywhere or is removed.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from backrub.domain.accounts import Account, WebSession
from backrub.domain.session_rules import TOUCH_EVERY, expired
from backrub.store import accounts as rows
from backrub.store.repository import Store


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def start(
    store: Store, account: Account, now: datetime, *, address: str | None, complete: bool
) -> str:
    """Start a session for ``account``; return the token for the cookie (shown once).

    ``complete`` false: the password was right and the second factor is still to come.
    """
    token = secrets.token_urlsafe(32)
    rows.insert_session(
        store,
        token_hash=token_hash(token),
        account=account,
        stage="full" if complete else "password",
        now=now,
        address=address[:64] if address else None,
    )
    return token


def find(store: Store, token: str | None, now: datetime) -> WebSession | None:
    """Return the live session ``token`` names, or None (unknown, over, or account removed).

    A session that is over is deleted on sight.
    """
    if not token or len(token) > 100:
        return None
    session = rows.session_by_token(store, token_hash(token))
    if session is None:
        return None
    account = session.account
    if not account.active or expired(
        account.role, session.stage, session.created_at, session.last_seen_at, now
    ):
        rows.delete_session(store, session.id)
        return None
    if now - session.last_seen_at >= TOUCH_EVERY:
        rows.touch_session(store, session.id, now)
    return session


def end(store: Store, token: str | None) -> None:
    """Sign this browser out (nothing happens for an unknown token)."""
    if not token or len(token) > 100:
        return
    session = rows.session_by_token(store, token_hash(token))
    if session is not None:
        rows.delete_session(store, session.id)


def end_everywhere(store: Store, account: Account) -> int:
    """Sign ``account`` out on every device; return how many sessions ended."""
    return rows.delete_sessions_of(store, account.id)
