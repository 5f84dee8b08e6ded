"""ASGI middleware: the reads of one request share one database connection.

See ``store/connections.py``: a page of the clinic server reads in a dozen steps,
and each step taking its own pooled connection cost more than its query.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from backrub.services.reading import one_connection
from backrub.web.context import Backend


class OneConnection:
    """Every ``Store.reading()`` during the request uses one connection, closed at its end."""

    def __init__(self, app: ASGIApp, backend: Backend) -> None:
        self.app = app
        self.backend = backend

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with one_connection(self.backend.store):
            await self.app(scope, receive, send)
