"""New password links and resetting sign-in codes, for people who lost theirs (issue 13).

A person who forgot their password asks their clinic: an administrator (for
anyone of the clinic) or their therapist (for their own assigned clients)
makes a new password link. It is an invitation row for the account's own
e-mail and role in the same clinic: a random token stored as SHA-256 only,
single-use, valid for a day by the product's default
(``domain.people.PASSWORD_LINK_HOURS``). Opening it sets the new password
(the password rules apply), ends every session of the account and signs the
person in; a second factor stays as it was. An administrator who lost their
phone asks another administrator to reset their sign-in codes.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from backrub.domain.accounts import Account, Role
from backrub.domain.people import PASSWORD_LINK_VALID, Invited
from backrub.services import audit, client_record, clinic_sessions, people
from backrub.services.clinic_sessions import token_hash
from backrub.store import account_secrets
from backrub.store import invitation_rows as rows
from backrub.store.repository import Store


def _for_whom(store: Store, actor: Account, public_id: str) -> Account:
    """The active account ``actor`` may make a link for; else ``NotFound``."""
    if actor.role is Role.ADMIN and actor.active:
        account = people.find(store, actor, public_id)
    elif actor.role is Role.THERAPIST:
        account = client_record.client_of(store, actor, public_id).account
    else:
        raise people.nobody()
    if not account.active:
        raise people.nobody()
    return account


def make(
    store: Store, actor: Account, public_id: str, *, now: datetime, address: str | None
) -> Invited:
    """Make a new password link for ``public_id``; return its token (shown once).

    An earlier unused link or invitation for the same e-mail stops working.
    """
    account = _for_whom(store, actor, public_id)
    token = secrets.token_urlsafe(32)
    expires = now + PASSWORD_LINK_VALID
    rows.replace_open(
        store,
        clinic_id=account.clinic_id,
        email=account.email,
        values={
            "token_hash": token_hash(token),
            "role": account.role.value,
            "display_name": account.display_name,
            "invited_by": actor.id,
            "therapist_id": None,
            "created_at": now,
            "expires_at": expires,
        },
    )
    audit.record(
        store,
        who=actor,
        client_ref=account.public_id if account.role is Role.CLIENT else None,
        action="password",
        what=f"make a new password link ({account.role.value})",
        address=address,
        now=now,
    )
    return Invited(token, account.email, account.display_name, account.role, expires)


def reset_codes(
    store: Store, admin: Account, public_id: str, *, now: datetime, address: str | None
) -> Account:
    """Turn off someone else's sign-in codes (they lost their phone) and end their sessions.

    Administrators only, never for themselves (another administrator checks
    who is asking); an administrator sets up new codes at their next sign-in.
    Someone of another clinic, or removed: ``NotFound``.
    """
    if admin.role is not Role.ADMIN or not admin.active:
        raise people.nobody()
    account = people.find(store, admin, public_id)
    if not account.active or account.id == admin.id:
        raise people.nobody()
    account_secrets.set_totp_secret(store, account.id, None)
    clinic_sessions.end_everywhere(store, account)
    audit.record(
        store,
        who=admin,
        client_ref=None,
        action="second-factor",
        what=f"reset sign-in codes ({account.role.value})",
        address=address,
        now=now,
    )
    return account
