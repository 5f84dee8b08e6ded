"""Keep whole pages between writes: the pages that read every record answer at once.

Several pages read all of a profile's records on every visit (the backup page
counts them, the plan page works out adherence, the sessions and body-map pages
list them): on a five-year profile that is tens to hundreds of milliseconds
each, and under twenty readers at once the waits add up. Nothing on them
changes until something is written, so ``KeptPages`` (an ASGI middleware) keeps
the HTML of a ``GET`` of the pages named in ``KEPT`` in the app's ``PageCache``,
which forgets everything as soon as the database's revision moves: a write from
this app, the CLI or another process shows on the very next request.

What a page depends on besides the records is in the key: the path and query,
htmx's headers, the profile the request resolves to (worked out by the app's
own ``profile_of``, never from the raw cookies, so two browsers whose cookies
differ only in order or duplicates cannot share a page of two profiles), and
the minute on the app's clock (so a page never shows a time more than a minute
old). The browser's CSRF token is swapped for each response's own, but only in
the hidden form fields that carry it (``name="csrf_token" value="…"``); a page
where the token shows anywhere else (a browser may choose its own cookie value,
and it may match other text of the page) is answered but not kept. A page is
worked out once for all the requests that ask for it meanwhile. Only complete
200 HTML answers that set no cookie are kept. Where the revision cannot be told
(PostgreSQL) nothing is kept.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backrub import i18n
from backrub.services.reading import one_reading
from backrub.web.pagecache import PageCache
from backrub.web.security import CSRF_FIELD, ASGIApp, Message, Receive, Scope, Send

__all__ = ["KEPT", "KeptPages"]

# Pages that read many records and vary only with what the key holds.
KEPT = frozenset(
    {
        "/plan",
        "/guided",
        "/sessions",
        "/questionnaires",
        "/body-map",
        "/report",
        "/screening",
        "/evidence",
        "/backup",
        "/profiles",
    }
)
_SLOT = secrets.token_urlsafe(32).encode()  # stands in for the browser's token
_FIELD = b'name="' + CSRF_FIELD.encode() + b'" value="'


@dataclass(frozen=True, slots=True)
class _Kept:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]  # without content-length
    body: bytes  # with _SLOT where the browser's token was


def _slotted(body: bytes, token: bytes) -> bytes | None:
    """Return ``body`` with the token's form fields slotted; None if the token shows elsewhere."""
    slotted = body.replace(_FIELD + token + b'"', _FIELD + _SLOT + b'"')
    return None if token in slotted else slotted


class KeptPages:
    """ASGI middleware: answer a ``GET`` of a page in ``paths`` from ``cache`` when it can."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        cache: PageCache,
        clock: Callable[[], datetime],
        profile_of: Callable[[Scope], Hashable],
        paths: frozenset[str] = KEPT,
    ) -> None:
        self.app = app
        self.cache = cache
        self.clock = clock
        self.profile_of = profile_of
        self.paths = paths
        self._running: dict[tuple[int, Hashable], asyncio.Future[_Kept | None]] = {}

    def _key(self, scope: Scope) -> Hashable:
        extra: list[tuple[bytes, bytes]] = []
        for name, value in scope.get("headers", ()):
            if name.startswith(b"hx-") or name == b"accept":
                extra.append((bytes(name), bytes(value)))
        minute = self.clock().replace(second=0, microsecond=0)
        return (
            "kept-page",
            scope["path"],
            scope.get("query_string", b""),
            tuple(sorted(extra)),
            self.profile_of(scope),
            i18n.current(),  # the language the request is answered in (web/language.py)
            minute,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        token = str(scope.get("state", {}).get("csrf_token", "")).encode()
        try:
            key = self._key(scope)
        except Exception:  # the app answers (and words) what keeps the profile from resolving
            await self.app(scope, receive, send)
            return
        revision = self.cache.revision()
        found = self.cache.peek(key)
        if isinstance(found, _Kept):
            await _answer(found, token, send)
            return
        if revision is None or not token:
            await self.app(scope, receive, send)
            return
        running = self._running.get((revision, key))
        if running is not None:
            kept = await asyncio.shield(running)
            if kept is not None:
                await _answer(kept, token, send)
            else:
                await self.app(scope, receive, send)
            return
        future: asyncio.Future[_Kept | None] = asyncio.get_running_loop().create_future()
        self._running[(revision, key)] = future
        kept = None
        try:
            kept = await self._work_out(scope, receive, send, token)
            if kept is not None:
                self.cache.put(key, kept, revision=revision)
        finally:
            del self._running[(revision, key)]
            future.set_result(kept)

    async def _work_out(
        self, scope: Scope, receive: Receive, send: Send, token: bytes
    ) -> _Kept | None:
        """Run the page, pass its answer on, and return it to keep (None if it cannot be kept)."""
        start: Message = {}
        body: list[bytes] = []
        passing = False  # not a 200: handed on untouched

        async def capture(message: Message) -> None:
            nonlocal passing
            if message["type"] == "http.response.start":
                start.update(message)
                passing = message["status"] != 200
                if passing:
                    await send(message)
            elif passing or message["type"] != "http.response.body":
                await send(message)
            else:
                body.append(bytes(message.get("body", b"")))
                if not message.get("more_body"):
                    await _send_whole(start, b"".join(body), send)

        with one_reading():  # each use case and table once for the page (services/reading.py)
            await self.app(scope, receive, capture)
        if start.get("status") != 200:
            return None
        headers = tuple(
            (bytes(k), bytes(v)) for k, v in start.get("headers", ()) if k != b"content-length"
        )
        kinds = {k: v for k, v in headers}
        if b"set-cookie" in kinds or not kinds.get(b"content-type", b"").startswith(b"text/html"):
            return None
        slotted = _slotted(b"".join(body), token)
        return None if slotted is None else _Kept(200, headers, slotted)


async def _send_whole(start: Message, body: bytes, send: Send) -> None:
    headers: list[Any] = [(k, v) for k, v in start.get("headers", ()) if k != b"content-length"]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _answer(kept: _Kept, token: bytes, send: Send) -> None:
    await _send_whole(
        {"type": "http.response.start", "status": kept.status, "headers": list(kept.headers)},
        kept.body.replace(_FIELD + _SLOT + b'"', _FIELD + token + b'"'),
        send,
    )
