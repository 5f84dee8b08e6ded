"""Passwords on the clinic server: argon2id hashes (issue 13).

``argon2-cffi``'s defaults are RFC 9106's second recommended option (argon2id,
64 MiB, 3 passes); a hash made with older parameters is re-made at the next
sign-in (``needs_rehash``).
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher()

# Verified against when no account has the e-mail, so a wrong e-mail costs the same time.
_DUMMY = _HASHER.hash("not a password anyone can sign in with")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify(stored_hash: str | None, password: str) -> bool:
    """Return whether ``password`` matches ``stored_hash`` (None: spend the time, then no)."""
    try:
        return _HASHER.verify(stored_hash or _DUMMY, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)
