"""Accounts on the clinic server, for the faces: signing in, and a client's own profile.

The web face calls these, never the store (tests/test_layers.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache

from backrub.domain import password_rules
from backrub.domain.accounts import Account, Role, WebSession
from backrub.domain.records import Profile
from backrub.errors import InvalidInput
from backrub.i18n import _
from backrub.services import audit, passwords, throttle
from backrub.store import account_secrets
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


# Words a guesser tries first on this server, whoever the person is (800-63B 5.1.1.2).
PRODUCT_WORDS = ("backrub", "back rub")


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords (zxcvbn's list), casefolded; loaded once."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.casefold() for word in FREQUENCY_LISTS["passwords"])


def _context_words(context: Iterable[str]) -> list[str]:
    """Return ``context`` with each e-mail's name part and each name's words added."""
    words = list(PRODUCT_WORDS)
    for item in context:
        item = item.strip()
        words.append(item)
        if "@" in item:
            local, _, domain = item.partition("@")
            words += [local, domain.split(".")[0]]
        words += item.replace("@", " ").replace(".", " ").split()
    return words


def new_password_problem(password: str, *, role: Role, context: Iterable[str] = ()) -> str | None:
    """Return why ``password`` may not be a new password for a ``role``, or None when fine.

    ``context``: the person's e-mail address and name, and the clinic's name
    (passwords built on them are refused). See ``domain.password_rules``.
    """
    return password_rules.problem(
        password,
        staff=role.is_staff,
        common=common_passwords(),
        context=_context_words(context),
    )


def password_context(store: Store, account: Account) -> list[str]:
    """Words a new password of ``account`` must not be built on."""
    clinic = rows.clinic_by_id(store, account.clinic_id)
    return [account.email, account.display_name, *([clinic.name] if clinic else [])]


def change_password(
    store: Store,
    session: WebSession,
    current: str,
    new: str,
    *,
    address: str | None,
    now: datetime,
) -> int:
    """Change the signed-in person's password; end every OTHER session; return how many.

    Raises ``InvalidInput`` naming the field ("current" or "new").
    """
    account = session.account
    confirm_password(store, account, current, address=address, now=now)
    problem = new_password_problem(new, role=account.role, context=password_context(store, account))
    if problem is not None:
        raise InvalidInput("new", "***", problem)
    account_secrets.set_password_hash(store, account.id, passwords.hash_password(new))
    ended = account_secrets.end_other_sessions(store, account.id, session.id)
    audit.record(
        store,
        who=account,
        client_ref=None,
        action="password",
        what="POST /account/password",
        address=address,
        now=now,
    )
    return ended


def confirm_password(
    store: Store, account: Account, password: str, *, address: str | None, now: datetime
) -> None:
    """Raise ``InvalidInput`` ("current") unless ``password`` is the account's own.

    Asked before a change to the account (someone at an unlocked screen does
    not know it); a wrong one counts toward the sign-in throttle.
    """
    if throttle.wait_until(store, account.email, address, now) is not None:
        raise InvalidInput("current", "***", _("too many wrong tries; wait a few minutes"))
    if check_password(store, account.email, password) is None:
        throttle.failed(store, account.email, address, now)
        raise InvalidInput("current", "***", _("this is not your current password"))
