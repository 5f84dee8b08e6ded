"""Invitations and the people of a clinic, as the administrator's pages see them (issue 13).

Data only: who is invited, who works here and whose client is whose. The
services fill these in, always within one clinic.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from backrub.domain.accounts import Account, Role

# The product's default: an invitation link works once, for this long.
INVITATION_DAYS = 7
INVITATION_VALID = timedelta(days=INVITATION_DAYS)
NAME_MAX = 80
EMAIL_MAX = 254
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def email_shape_ok(email: str) -> bool:
    """Return whether ``email`` (already stripped) looks like a real e-mail address."""
    return (
        0 < len(email) <= EMAIL_MAX
        and _EMAIL.match(email) is not None
        and not any(unicodedata.category(ch).startswith("C") for ch in email)
    )


def tidy_display_name(name: str) -> str:
    """Return ``name`` in NFC with its outer spaces removed (not yet checked)."""
    return unicodedata.normalize("NFC", name).strip()


def display_name_ok(name: str) -> bool:
    """Return whether a tidied name has 1 to 80 characters and no control characters."""
    return 0 < len(name) <= NAME_MAX and not any(
        unicodedata.category(ch).startswith("C") for ch in name
    )


@dataclass(frozen=True, slots=True)
class Invited:
    """A new invitation; ``token`` is shown once and never stored."""

    token: str
    email: str
    display_name: str
    role: Role
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Opening:
    """What the invitation page shows the invited person before they set a password."""

    email: str
    display_name: str
    role: Role
    clinic_name: str
    expires_at: datetime
    reset: bool = False  # a new password link for an account that exists


@dataclass(frozen=True, slots=True)
class OpenInvitation:
    email: str
    display_name: str
    role: Role
    expires_at: datetime
    invited_by: str


@dataclass(frozen=True, slots=True)
class StaffMember:
    account: Account
    clients: int


@dataclass(frozen=True, slots=True)
class ClientEntry:
    account: Account
    therapists: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Overview:
    """The clinic's people: staff, clients (with their therapists) and open invitations."""

    staff: tuple[StaffMember, ...]
    clients: tuple[ClientEntry, ...]
    invitations: tuple[OpenInvitation, ...]


@dataclass(frozen=True, slots=True)
class Person:
    """One person of the clinic; for a client, their therapists and who else could be."""

    account: Account
    therapists: tuple[Account, ...] = ()
    assignable: tuple[Account, ...] = ()
    clients: tuple[Account, ...] = ()


@dataclass(frozen=True, slots=True)
class Removal:
    """What removing a staff member does: clients left without a therapist, invitations gone."""

    account: Account
    unassigned: tuple[Account, ...]
    invitations: int


# The product's default: a new password link (for someone who forgot theirs)
# works once, for a day: shorter than an invitation, as it opens an account.
PASSWORD_LINK_HOURS = 24
PASSWORD_LINK_VALID = timedelta(hours=PASSWORD_LINK_HOURS)
