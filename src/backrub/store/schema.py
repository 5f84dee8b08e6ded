"""Bring a database to the current schema, fast when it is already there.

Every CLI command opens the database, so the common case (already at head)
costs one small query and never imports Alembic.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from sqlalchemy import Connection, Engine, inspect, text

from backrub.errors import StorageError, cut
from backrub.i18n import _
from backrub.store.scope import all_clinics
from backrub.store.tuning import HEAD


def current_revision(connection: Connection) -> str | None:
    """Return the schema revision stored in the database, or None for an empty one."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def alembic_config(connection: Connection | None = None) -> Any:
    """Return an Alembic Config for the packaged migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("backrub.store") / "migrations"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def require_current(engine: Engine) -> None:
    """Refuse a database whose schema is not ``HEAD`` (none, or older), changing nothing:
    for a command that must not set up or upgrade the database it was pointed at."""
    with engine.connect() as connection:
        if current_revision(connection) != HEAD:
            raise StorageError(
                _("it holds no backrub tables, or older ones: set it up or upgrade it first")
            )


def migrate(engine: Engine) -> None:
    """Upgrade the database behind ``engine`` to ``HEAD`` if it is not there yet."""
    with engine.connect() as connection:
        revision = current_revision(connection)
        if revision == HEAD:
            return
        if revision is None and inspect(connection).get_table_names():
            # Someone else's database: never add backrub's tables to it.
            raise StorageError(_("it holds other tables and is not a backrub database"))
    from alembic import command
    from alembic.util import CommandError

    with (
        all_clinics(),  # a migration may touch every clinic's rows (store/scope.py)
        engine.connect().execution_options(backrub_write=True) as connection,
    ):
        try:
            command.upgrade(alembic_config(connection), "head")
        except CommandError:
            raise StorageError(
                _(
                    "its schema (%(cut)s) is unknown here; it may come from a newer backrub",
                    cut=cut(str(revision)),
                )
            ) from None
        connection.commit()
