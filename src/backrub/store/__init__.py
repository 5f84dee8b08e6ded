"""Storage: SQLAlchemy tables, migrations and a repository of domain objects.

The only package that imports SQLAlchemy, and only when something here is
used: ``backrub.store.quick`` writes the daily check-in without it.
``open_store(url)`` gives a ready ``Store`` with the schema migrated to head.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backrub.store.engine import make_engine as make_engine
    from backrub.store.engine import resolve_url as resolve_url
    from backrub.store.repository import Store as Store
    from backrub.store.repository import open_store as open_store

_WHERE = {
    "Store": "repository",
    "make_engine": "engine",
    "open_store": "repository",
    "resolve_url": "engine",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'backrub.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"backrub.store.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
