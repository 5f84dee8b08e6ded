"""Accounts on the clinic server, for the faces: signing in, and a client's own profile.

The web face calls these, never the store (tests/test_layers.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from backrub.domain import password_rules
from backrub.domain.accounts import Account, Role
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
