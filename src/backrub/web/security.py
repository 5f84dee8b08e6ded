"""Protect every request: security headers, body size, cross-site writes, CSRF.

The app runs on loopback, but any web page the person visits can still make
their browser send requests to it. So:

- every response carries a CSP that allows nothing from another origin, and
  headers that stop framing, sniffing and referrers;
- a write (POST and friends) coming from another site is refused outright
  (``Origin`` / ``Sec-Fetch-Site``);
- forms carry a per-browser token that must equal the ``backrub_csrf`` cookie
  (double submit; the cookie is SameSite=Strict and HttpOnly);
- writes to the JSON API need the ``X-Backrub-Client`` header, which another
  site cannot send without a CORS preflight this app never approves;
- request bodies larger than the configured ceiling get 413 before they are read.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request, Response

from backrub.i18n import _

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSRF_COOKIE = "backrub_csrf"
CSRF_FIELD = "csrf_token"
API_CLIENT_HEADER = "x-backrub-client"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


class CsrfRefused(Exception):
    """A write without the right token or header; answered with 403.

    ``kept`` is what a same-origin form typed (text fields only, never a file),
    so the answer can offer it again with a fresh token; ``None`` otherwise.
    ``had_file`` says a chosen file was dropped.
    """

    def __init__(
        self,
        reason: str,
        kept: tuple[tuple[str, str], ...] | None = None,
        had_file: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kept = kept
        self.had_file = had_file


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _cookie_token(scope: Scope) -> str | None:
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed Cookie header is the sender's problem, not a crash
        return None
    morsel = jar.get(CSRF_COOKIE)
    if morsel is None or not _TOKEN.fullmatch(morsel.value):
        return None
    return morsel.value


def _is_cross_site(scope: Scope) -> bool:
    # Sec-Fetch-Site is what browsers send for this; "same-site" is another port or
    # subdomain, so still another origin. Without it, fall back to Origin. Under
    # Referrer-Policy no-referrer a browser sends "Origin: null" even for its own
    # forms, so null decides nothing; the form token and API header still apply.
    fetch_site = _header(scope, b"sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = _header(scope, b"origin")
    if origin is None or origin == "null":
        return False
    host = _header(scope, b"host") or ""
    return urlsplit(origin).netloc.lower() != host.lower()


async def _plain(send: Send, status: int, text: str, extra: list[tuple[bytes, bytes]]) -> None:
    body = text.encode()
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        *extra,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def csrf_cookie(token: str, *, https: bool) -> bytes:
    """Return the Set-Cookie value of the CSRF cookie (Secure when the page came over TLS)."""
    secure = "; Secure" if https else ""
    return f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}".encode()


def renew_csrf(request: Request, response: Response) -> None:
    """Give the browser a new CSRF token (at sign-in: a token planted before is useless)."""
    token = secrets.token_urlsafe(32)
    response.headers.append(
        "set-cookie", csrf_cookie(token, https=request.url.scheme == "https").decode()
    )


class _TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: headers on every response, size limit, cross-site refusal, CSRF cookie."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "HEAD":
            # HEAD is GET without the body (RFC 9110, 9.3.2): the same checks and
            # headers; link checkers and `curl -I` use it.
            scope, send = {**scope, "method": "GET"}, _without_body(send)
        token = _cookie_token(scope)
        new_token = token is None
        if token is None:
            token = secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_token"] = token
        extra = list(SECURITY_HEADERS)
        if not scope["path"].startswith("/static/"):
            # Pages hold health records: keep them out of shared caches and history files.
            extra.append((b"cache-control", b"no-store"))
        if new_token:
            extra.append((b"set-cookie", csrf_cookie(token, https=scope.get("scheme") == "https")))

        if scope["method"] not in SAFE_METHODS and _is_cross_site(scope):
            await _plain(send, 403, _("Refused: a write from another web site."), extra)
            return
        length = _header(scope, b"content-length")
        if length is not None and not _fits(length, self.max_body_bytes):
            await _plain(send, 413, self._too_large_text(), extra)
            return

        started = False
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body_bytes:
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except _TooLarge:
            if started:
                raise
            await _plain(send, 413, self._too_large_text(), extra)

    def _too_large_text(self) -> str:
        return _("Refused: the request is larger than %(size)s bytes.", size=self.max_body_bytes)


def _without_body(send: Send) -> Send:
    """Send the answer's status and headers (its length too), and no body."""

    async def headers_only(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return headers_only


def _is_same_origin(request: Request) -> bool:
    """Return whether the browser said the request came from this app's own page."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    return origin not in (None, "null") and urlsplit(origin).netloc.lower() == host.lower()


KEEP_MOST = 400  # text fields offered again after a stale token (a form has far fewer)


def csrf_token(request: Request) -> str:
    """Return this browser's CSRF token (set by ``Guard``)."""
    token: str = request.state.csrf_token
    return token


def _cookie_matches(request: Request, given: object) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not isinstance(given, str) or not _TOKEN.fullmatch(given):
        return False
    return hmac.compare_digest(cookie, given)


async def require_form_token(request: Request) -> None:
    """Refuse a form write whose hidden token does not equal the cookie (FastAPI dependency)."""
    if request.method in SAFE_METHODS:
        return
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        from backrub.web.forms import check_encoding

        check_encoding(await request.body())  # cached: the form below is parsed from it
    form = await request.form()
    if not _cookie_matches(request, form.get(CSRF_FIELD)):
        items = list(form.multi_items())
        await form.close()  # nothing will read an uploaded file now: remove it
        texts = tuple((k, v) for k, v in items if isinstance(v, str) and k != CSRF_FIELD)
        same = _is_same_origin(request) and len(texts) <= KEEP_MOST
        raise CsrfRefused(
            _(
                "This page was open too long, so it was not saved. "
                "Reload the page and send it again."
            ),
            kept=texts if same else None,
            had_file=any(not isinstance(v, str) for _, v in items),
        )


async def require_api_client(request: Request) -> None:
    """Refuse an API write without the X-Backrub-Client header (FastAPI dependency)."""
    if request.method in SAFE_METHODS:
        return
    if not request.headers.get(API_CLIENT_HEADER, "").strip():
        raise CsrfRefused(
            "Writes to the API need the header X-Backrub-Client (any value, e.g. 'script')."
        )


def _fits(length: str, limit: int) -> bool:
    # isascii: '²' is a digit to isdigit() but not to int(); 19 digits exceed any limit.
    return length.isascii() and length.isdigit() and len(length) < 19 and int(length) <= limit
