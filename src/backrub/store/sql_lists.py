"""``column IN (values)`` written so that PostgreSQL can prepare the statement once.

SQLAlchemy writes ``IN`` with one parameter a value, so a list of 97 clients and
one of 98 are two statements to the server, each planned afresh (with row security,
the planning is most of a short query's time). On PostgreSQL the values go as one
array parameter (``= ANY(:values)``): the same text whatever their number, which
psycopg prepares after a few uses. SQLite keeps ``IN``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Integer, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY

# One type object for every such parameter: SQLAlchemy keys a statement's cache by
# its types too, and works out a new type object's key by inspecting its class.
_INTEGERS = ARRAY(Integer)


def one_of(dialect: str, column: Any, values: Iterable[int]) -> ColumnElement[bool]:
    """Return ``column`` is one of the integer ``values``, as fits ``dialect``."""
    if dialect == "postgresql":
        return column == any_(bindparam(None, list(values), type_=_INTEGERS))  # type: ignore[no-any-return]
    return column.in_(list(values))  # type: ignore[no-any-return]
