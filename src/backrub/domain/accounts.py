"""Clinics, accounts and roles on the clinic server (issue 13): data, no I/O.

A clinic has administrators, therapists and clients. A client account owns one
profile (its records); staff accounts own none. ``public_id`` is what URLs and
exports show; the row ``id`` never leaves the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    THERAPIST = "therapist"
    CLIENT = "client"

    @property
    def is_staff(self) -> bool:
        return self is not Role.CLIENT


@dataclass(frozen=True, slots=True)
class Clinic:
    id: int
    public_id: str
    name: str


@dataclass(frozen=True, slots=True)
class Account:
    """Someone who signs in. ``active`` false: removed from the clinic (no access)."""

    id: int
    public_id: str
    clinic_id: int
    role: Role
    email: str
    display_name: str
    totp_enabled: bool
    profile_id: int | None
    active: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class WebSession:
    """A signed-in browser. ``stage`` "password": the second factor is still to come."""

    id: int
    account: Account
    stage: str
    created_at: datetime
    last_seen_at: datetime

    @property
    def complete(self) -> bool:
        return self.stage == "full"
