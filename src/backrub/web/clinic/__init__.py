"""The clinic server's web face (issue 13): ``install(app, backend)`` turns the app into it.

The same routes as the local app serve a signed-in client on their own
profile (``context.here`` hands over to ``who.clinic_here``); the routers under
``web.clinic.routes`` add signing in, the therapists' and administrators'
pages and invitations. See docs/clinic.md.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from backrub.i18n import _
from backrub.web.clinic.audit_trail import AuditTrail
from backrub.web.clinic.expiry import expiry_words
from backrub.web.clinic.routes import ROUTERS
from backrub.web.clinic.who import GoTo, SignInNeeded, clinic_here, sign_in_path


async def _on_sign_in_needed(request: Request, _error: Exception) -> Response:
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        return JSONResponse(
            {"error": "sign_in_needed", "message": _("Sign in first.")},
            status_code=401,
        )
    return RedirectResponse(sign_in_path(request), status_code=303)


async def _on_go_to(_request: Request, error: Exception) -> Response:
    assert isinstance(error, GoTo)
    return RedirectResponse(error.path, status_code=303)


def install(app: FastAPI) -> None:
    """Add the clinic's routes, its ``here`` and its answers to "sign in first"."""
    for router in ROUTERS:
        app.include_router(router)
    app.state.here = clinic_here  # context.here asks it first
    # Every page's header names who is signed in; a client's menu has no profiles.
    from backrub.web.navigation import CLIENT_NAV

    app.state.templates.env.globals.update(clinic=True, nav=CLIENT_NAV, expiry=expiry_words)
    app.add_exception_handler(SignInNeeded, _on_sign_in_needed)
    app.add_exception_handler(GoTo, _on_go_to)
    # Innermost of the clinic's middleware (added before the rest): sees the route
    # and the status of every answer, and ``state.who`` set by ClinicSessions.
    # (``OneConnection`` goes around ClinicSessions: web/app.py ``_wrap_clinic``.)
    app.add_middleware(AuditTrail, backend=app.state.backend)
