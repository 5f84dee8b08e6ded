"""Two database roles for the clinic server (review item 16): an owner and the server.

The owner (who ran the migrations) owns the tables; it migrates, and it runs the
audit purge. The server's own role, made by the database administrator, is given
here what the server needs and no more: reading and writing the records, only
reading and appending to the audit log. So SQL run through the server (a bug, an
injection) cannot delete audit entries or switch the log's triggers off. One role
for everything (as ``clinic init`` sets up) keeps working; this is the safer way.
"""

from __future__ import annotations

import re
from typing import Final

from backrub.errors import InvalidInput
from backrub.i18n import _
from backrub.store import server_role as rows
from backrub.store.repository import Store

_ROLE_NAME: Final = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def give_server_role(store: Store, role: str) -> int:
    """Grant ``role`` the server's rights on the owner's tables; return how many tables.

    Refused: a name that is not a plain database user name, PostgreSQL's own
    ``pg_*`` roles, a user that does not exist, the owner itself, a user that would
    skip row security, a role that cannot log in (a group) and a role with members:
    each member would get the server's rights too.
    """
    if not _ROLE_NAME.fullmatch(role):
        raise InvalidInput(
            "role",
            role,
            _("give a database user's name in small letters, digits and _ (such as backrub_web)"),
        )
    if role.startswith("pg_"):
        raise InvalidInput(
            "role",
            role,
            _("this name is kept for PostgreSQL's own roles; give the server's own login user"),
        )
    found = rows.facts(store, role)
    if not found.exists:
        raise InvalidInput("role", role, _("there is no database user of this name; make it first"))
    if not found.can_login:
        raise InvalidInput(
            "role",
            role,
            _("this database user cannot log in (a group); give the server's own login user"),
        )
    if found.members:
        raise InvalidInput(
            "role",
            role,
            _(
                "other database users are members of this one and would get the server's "
                "rights too; give the server's own login user, with no members"
            ),
        )
    if found.owns_tables:
        raise InvalidInput(
            "role",
            role,
            _("this is the database user that owns the tables; give the server's own user"),
        )
    if found.superuser or found.bypasses_rls:
        why = (
            _("the database user is a superuser")
            if found.superuser
            else _("the database user may bypass row security (BYPASSRLS)")
        )
        raise InvalidInput(
            "role",
            role,
            _(
                "%(why)s, which would let every clinic see every other clinic's records; "
                "connect as a user made with NOSUPERUSER NOBYPASSRLS (docs/clinic.md)",
                why=why,
            ),
        )
    return rows.grant(store, role)
