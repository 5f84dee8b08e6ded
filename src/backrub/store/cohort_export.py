"""Every questionnaire answer of a clinic's clients, streamed in constant memory.

A server-side cursor (``stream_results``) hands the rows over in batches of
``BATCH``: the export of a clinic with 800,000 answers holds one batch at a
time, never the whole. Scoped by the clinic first (the client's account and
profile both belong to it), in the order of client and then time.

The stream takes a connection of its own (not the request's shared one): it is
read after the page's handler has returned, while the response is being sent.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import and_, select, text

from backrub.domain.records import Response
from backrub.store import rows
from backrub.store import tables as t
from backrub.store.clinic_tables import accounts
from backrub.store.repository import Store
from backrub.store.scope import scope_value

__all__ = ["BATCH", "clinic_responses"]

BATCH = 2000
_SCOPE = text("SELECT set_config('backrub.scope', :value, true)")


def clinic_responses(store: Store, *, clinic_id: int) -> Iterator[tuple[str, Response]]:
    """Yield (the client's public id, one answer) for every answer in the clinic."""
    r, a, p = t.responses, accounts, t.profiles
    query = (
        select(a.c.public_id, r)
        .select_from(a)
        .join(p, and_(p.c.id == a.c.profile_id, p.c.clinic_id == a.c.clinic_id))
        .join(r, r.c.profile_id == p.c.id)
        .where(a.c.clinic_id == clinic_id, a.c.role == "client")
        .order_by(a.c.id, r.c.at, r.c.id)
    )
    # Its own connection's transaction begins while the response is sent, each batch
    # read in whatever thread sends it: name the clinic for row security on the
    # transaction itself rather than rely on any thread's context.
    with store.engine.connect() as conn:
        conn.execute(_SCOPE, {"value": scope_value(clinic_id)})
        result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(query)
        for row in result:
            yield row.public_id, rows.response(row)
