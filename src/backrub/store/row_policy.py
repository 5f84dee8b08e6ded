"""Row security for a record table made by a migration after 0010 (issue 13).

Migration 0010 holds the one rule for tables with a ``profile_id``
(``record_policy``: the clinic's scope, and a client's own profile in it). A
later migration that creates such a table gives it that same rule with
``record_policy(table)`` from here, which runs 0010's own function. 0010 is
loaded from its file: a migration module's name starts with a digit, so it
cannot be imported by name. Being a migration, 0010 never changes, and neither
does what this gives an older migration.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

__all__ = ["record_policy"]

_FILE = Path(__file__).with_name("migrations") / "versions" / "0010_clinic_row_security.py"


@cache
def _migration_0010() -> ModuleType:
    spec = importlib.util.spec_from_file_location("backrub_migration_0010", _FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def record_policy(table: str) -> None:
    """Turn on row security for ``table`` with migration 0010's rule for record tables."""
    _migration_0010().record_policy(table)
