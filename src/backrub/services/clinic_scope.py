"""The clinic a request or task works in, as PostgreSQL's row security sees it.

The clinic server's database shows each transaction only the client records of
the clinic in scope (``store/scope.py``, docs/clinic/rls.md). ``ClinicSessions``
sets the signed-in person's clinic for a whole request; a path without a
signed-in person (an invitation, a password link) opens the clinic it works
for, as narrowly as it can.
"""

from __future__ import annotations

from backrub.i18n import _
from backrub.store.engine import is_sqlite, resolve_url
from backrub.store.scope import all_clinics, clinic_scope, role_problem

__all__ = ["all_clinics", "clinic_scope", "role_refusal"]


def role_refusal(url_or_path: str) -> str | None:
    """Return why the clinic server must not connect as the database user of ``url_or_path``.

    Asked before the database is opened (and migrated), so a refused user changes nothing.
    """
    url = resolve_url(url_or_path)
    problem = None if is_sqlite(url) else role_problem(url)
    if problem is None:
        return None
    if problem == "superuser":
        why = _("the database user is a superuser")
    else:
        why = _("the database user may bypass row security (BYPASSRLS)")
    return _(
        "%(why)s, which would let every clinic see every other clinic's records; "
        "connect as a user made with NOSUPERUSER NOBYPASSRLS (docs/clinic.md)",
        why=why,
    )
