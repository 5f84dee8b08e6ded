"""Who is signed in, and what they may open (the clinic server, issue 13).

``ClinicSessions`` (ASGI middleware) reads the session cookie once per request
and puts the live session, or None, on ``request.state.who``; the client's own
profile goes on ``request.state.client_profile``. Routes then ask:

- the app's own pages and API (every journey of the local app) through
  ``gate_local``: a signed-in client only, on their own profile (``clinic_here``
  replaces the local ``here``); staff are sent to ``/clinic``; the local app's
  profile management is not there at all;
- staff pages through ``staff(Role...)``;
- nobody signed in: pages answer 303 to ``/sign-in``, the API 401.

Anything that is not yours answers 404, never 403: a page does not confirm
that someone else's record exists.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import quote

import anyio
from fastapi import Depends, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from backrub.domain.accounts import Role, WebSession
from backrub.domain.emergency import set_place
from backrub.domain.records import Profile
from backrub.errors import NotFound
from backrub.i18n import _
from backrub.services import accounts, clinic_sessions
from backrub.services.clinic_scope import clinic_scope
from backrub.web.context import Backend, Here

SESSION_COOKIE = "backrub_session"
_HOST = re.compile(r"[A-Za-z0-9._:-]{1,64}")

# The local app's pages a signed-in client does not get: profiles are accounts here.
CLIENT_DENIED = frozenset(
    {
        "/profiles",
        "/profiles/backup",
        "/profiles/delete",
        "/profiles/rename",
        "/profiles/use",
        "/api/profiles",
        "/api/profiles/use",
        # The questionnaire item files are the clinic's licence, not a client's upload.
        "/questionnaires/{instrument_id}/items",
    }
)

# Local pages staff may open too: the evidence, the rules and the language switcher.
STAFF_ALLOWED = frozenset(
    {
        "/evidence",
        "/evidence/{entry_id}",
        "/api/evidence",
        "/api/evidence/{entry_id}",
        "/api/rules",
        "/language",
    }
)


class SignInNeeded(Exception):
    """No live session: pages go to the sign-in page, the API answers 401."""


class GoTo(Exception):
    """Answer with a redirect (303) to ``path``."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def _cookie(scope: Scope, name: str) -> str | None:
    from http.cookies import SimpleCookie

    for key, value in scope.get("headers", ()):
        if key == b"cookie":
            try:
                morsel = SimpleCookie(bytes(value).decode("latin-1")).get(name)
            except Exception:
                return None
            return None if morsel is None else morsel.value
    return None


def client_address(scope: Scope) -> str | None:
    """Return the address the request came from (uvicorn's --proxy-headers sets it)."""
    client = scope.get("client")
    if not client:
        return None
    # Behind --proxy-headers this is X-Forwarded-For: keep an address or a host name's
    # characters only (at most 64), never whatever text a client sent.
    text = str(client[0])
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return text if _HOST.fullmatch(text) else None


class ClinicSessions:
    """ASGI middleware: resolve the session cookie to ``state.who`` before anything runs."""

    def __init__(self, app: ASGIApp, backend: Backend) -> None:
        self.app = app
        self.backend = backend

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        token = _cookie(scope, SESSION_COOKIE)
        who: WebSession | None = None
        profile: Profile | None = None
        if token:
            who, profile = await anyio.to_thread.run_sync(self._resolve, token)
        state["who"] = who
        state["client_profile"] = profile
        # The database shows this request its own clinic's client records only (the
        # context reaches sync endpoints in the thread pool, as the language does).
        with clinic_scope(*_scope_of(who)):
            await self.app(scope, receive, send)

    def _resolve(self, token: str) -> tuple[WebSession | None, Profile | None]:
        store = self.backend.store
        who = clinic_sessions.find(store, token, self.backend.clock())
        if who is None or who.account.role is not Role.CLIENT or not who.complete:
            return who, None
        with clinic_scope(*_scope_of(who)):
            profile = accounts.client_profile(store, who.account)
        if profile is None:
            return who, None
        # Pages and the report name the person, not the profile's internal name.
        return who, replace(profile, name=who.account.display_name)


def _scope_of(who: WebSession | None) -> tuple[int | None, int | None]:
    """The client records a request may reach: a complete session's clinic; a client's own.

    A client's is their profile only (and none when they have none); staff's their clinic.
    """
    if who is None or not who.complete:
        return None, None
    if who.account.role is Role.CLIENT:
        if who.account.profile_id is None:
            return None, None
        return who.account.clinic_id, who.account.profile_id
    return who.account.clinic_id, None


def who_of(request: Request) -> WebSession | None:
    """Return the live session of ``request`` (complete or not), or None."""
    found: WebSession | None = getattr(request.state, "who", None)
    return found


def pending_step(who: WebSession) -> str:
    """Where a half-way sign-in goes on: the code, or (an administrator) setting one up."""
    return "/sign-in/code" if who.account.totp_enabled else "/account/second-factor"


def signed_in(request: Request) -> WebSession:
    """Return the request's complete session, else raise ``SignInNeeded``.

    A half-way session (password right, second factor to come; or an
    administrator who has still to set one up) opens no page but its next step.
    """
    who = who_of(request)
    if who is not None and not who.complete and not request.url.path.startswith("/api"):
        raise GoTo(pending_step(who))
    if who is None or not who.complete:
        raise SignInNeeded()
    return who


def setting_up_second_factor(request: Request) -> WebSession:
    """A complete session, or an administrator's half-way one that must set up a code first."""
    who = who_of(request)
    if who is not None and not who.complete and not who.account.totp_enabled:
        return who
    return signed_in(request)


def _not_here() -> NotFound:
    return NotFound(_("There is no page here. Use the menu to find your way."))


def gate_local(request: Request) -> None:
    """Let a signed-in client through to the local app's routes; nobody else."""
    route = request.scope.get("route")
    path = getattr(route, "path", request.url.path)
    if path == "/language":
        return  # anyone may choose a language (the route words it for who is there)
    who = signed_in(request)
    if who.account.role is not Role.CLIENT:
        if path in STAFF_ALLOWED:
            return
        if path == "/" and request.method in ("GET", "HEAD"):
            raise GoTo("/clinic")
        raise _not_here()
    if path in CLIENT_DENIED or getattr(request.state, "client_profile", None) is None:
        raise _not_here()


def staff(*roles: Role) -> Any:
    """A dependency: a complete session of one of ``roles``, else 404 (or sign in)."""

    def check(request: Request) -> WebSession:
        who = signed_in(request)
        if who.account.role not in roles:
            raise _not_here()
        return who

    return Depends(check)


async def clinic_here(request: Request) -> Here:
    """The local ``here`` on the clinic server: the signed-in client's own profile, always."""
    from backrub.web.context import backend as backend_of

    app = backend_of(request)
    who = signed_in(request)
    profile: Profile | None = getattr(request.state, "client_profile", None)
    if who.account.role is not Role.CLIENT or profile is None:
        raise _not_here()
    set_place(profile.tz)
    return Here(app, profile, app.clock())


def sign_in_path(request: Request) -> str:
    """Return the sign-in page, asked to come back to this page afterwards."""
    back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/sign-in" if back == "/" else f"/sign-in?next={quote(back, safe='')}"


WhoDep = Annotated[WebSession, Depends(signed_in)]
