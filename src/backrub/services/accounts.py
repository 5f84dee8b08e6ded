"""Accounts on the clinic server, for the faces: signing in, and a client's own profile.

The web face calls these, never the store (tests/test_layers.py).
"""

from __future__ import annotations

from backrub.domain.accounts import Account
from backrub.domain.records import Profile
from backrub.services import passwords
from backrub.store import accounts as rows
from backrub.store.repository import Store


def check_password(store: Store, email: str, password: str) -> Account | None:
    """Return the active account ``email`` names when ``password`` is its password, else None.

    A wrong e-mail takes as long as a wrong password (no way to tell which was wrong).
    """
    found = rows.account_by_email(store, email) if email.strip() else None
    ok = passwords.verify(found[1] if found else None, password)
    if found is None or not ok or not found[0].active:
        return None
    return found[0]


def client_profile(store: Store, account: Account) -> Profile | None:
    """Return a client's own profile (its id and clinic both match), or None."""
    return rows.profile_of(store, account)
