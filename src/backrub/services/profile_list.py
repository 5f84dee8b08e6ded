"""The profiles in a database: the list the faces show, and whether a name is taken."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backrub.domain.records import Profile
    from backrub.store import Store


def all_profiles(store: Store) -> list[Profile]:
    """Return every profile, in the order they were made."""
    return store.profiles()


def has_profile(store: Store, name: str) -> bool:
    """Return whether a profile of that exact name exists."""
    return any(p.name == name for p in store.profiles())
