"""Where backrub keeps its data, from the environment, with zero-config defaults.

``BACKRUB_HOME`` is the data directory (else the platform's user data
directory); ``BACKRUB_DB`` a path or SQLAlchemy URL (else
``$BACKRUB_HOME/backrub.sqlite3``). These functions are cheap on purpose:
every CLI command calls them, so they import nothing heavy.
"""

from __future__ import annotations

import os
from pathlib import Path

DB_FILENAME = "backrub.sqlite3"


def data_dir() -> Path:
    """Return the data directory, creating it if needed."""
    home = os.environ.get("BACKRUB_HOME", "").strip()
    if home:
        path = Path(home).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("backrub", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database(option: str | None = None) -> str:
    """Return the database the user chose: --db, else BACKRUB_DB, else the local file.

    A ``--db`` given empty is returned as it is, to be refused: it is not "the default".
    """
    if option is not None:
        return option
    chosen = os.environ.get("BACKRUB_DB", "").strip()
    if chosen:
        return chosen
    return str(data_dir() / DB_FILENAME)
