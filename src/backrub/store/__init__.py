"""Storage: SQLAlchemy tables, migrations and a repository of domain objects.

The only package that imports SQLAlchemy. ``open_store(url)`` gives a ready
``Store`` with the schema migrated to the current head.
"""

from backrub.store.engine import make_engine, resolve_url
from backrub.store.repository import Store, open_store

__all__ = ["Store", "make_engine", "open_store", "resolve_url"]
