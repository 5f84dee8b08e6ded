"""Build the web app: ``create_app(settings)`` and nothing at import time.

The app is pages (Jinja, htmx fragments) and a JSON API under ``/api/``; both
call ``backrub.services`` and nothing below them. Tests build it in one line::

    app = create_app(WebSettings(db=str(tmp_path / "b.sqlite3")))
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import PlainTextResponse
from fastapi.staticfiles import StaticFiles
from fastapi.telemetry import TelemetryConfig
from starlette.middleware.trustedhost import TrustedHostMiddleware

from backrub import __version__, services
from backrub import clock as backrub_clock
from backrub import settings as data_settings
from backrub.store import open_store
from backrub.store.revision import Revision
from backrub.web import failures
from backrub.web.context import (
    Backend,
    Clock,
    chosen_profile,
    current_profile,
    shown_profile_key,
)
from backrub.web.keptpages import KeptPages
from backrub.web.language import Language
from backrub.web.pagecache import PageCache
from backrub.web.routes import ROUTERS
from backrub.web.security import Guard, Scope
from backrub.web.settings import WebSettings
from backrub.web.templating import make_templates

STATIC = Path(__file__).parent / "static"

API_DESCRIPTION = """\
The same operations as the pages and the `backrub` command, as JSON.

Writes (POST) need the header `X-Backrub-Client` with any value: a web page on
another site cannot send it, which keeps other sites from writing here.
Errors are JSON `{"error", "message", "field", "value", "allowed"}`: 422 for a
value that is not allowed (the field is named), 404 for an unknown id, 409 when
safety screening or a rule says not now.

backrub informs and records; it is not a medical device.
"""


# FastAPI traces, counts and logs requests to any OpenTelemetry provider the process
# has, and adds exporters named by the environment when FASTAPI_OTEL_AUTO_CONFIGURE
# is set: health records leave this machine for no one (DESIGN.md, privacy).
NO_TELEMETRY: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
    "auto_configure": False,
}


def create_app(settings: WebSettings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """Return the web app for ``settings``: opens (and migrates) the database now.

    With ``settings.demo`` the demo profile is (re)created and shown unless a
    profile was named. ``clock`` returns the current aware time; tests pin it.
    """
    settings = settings if settings is not None else WebSettings()
    now = clock or backrub_clock.now
    store = open_store(settings.db or data_settings.database(), server_only=settings.clinic)
    if settings.demo and not settings.clinic:
        services.load_demo(store, now=now())
    revision = Revision(store.engine)
    backend = Backend(
        settings=settings,
        store=store,
        clock=now,
        profile_name=settings.profile,
        cache=PageCache(revision.current),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        revision.close()
        store.close()

    app = FastAPI(
        title="backrub",
        version=__version__,
        description=API_DESCRIPTION,
        docs_url=None,  # the interactive docs load scripts from a CDN: not here
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
        telemetry=NO_TELEMETRY,
    )
    app.state.backend = backend
    app.state.templates = make_templates()
    failures.install(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if settings.clinic:
        from backrub.web import clinic
        from backrub.web.clinic.who import gate_local

        for router in ROUTERS:
            app.include_router(router, dependencies=[Depends(gate_local)])
        clinic.install(app)
    else:
        for router in ROUTERS:
            app.include_router(router)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> PlainTextResponse:
        return PlainTextResponse("ok")

    _wrap(app, backend, settings)
    return app


def _wrap(app: FastAPI, backend: Backend, settings: WebSettings) -> None:
    """Add the middleware, innermost first."""
    if settings.clinic:
        _wrap_clinic(app, backend, settings)
        return

    def profile_of(scope: Scope) -> tuple[int | None, str]:
        return shown_profile_key(backend, Request(scope))

    def profile_language(scope: Scope) -> str | None:
        return current_profile(backend, backend.clock(), chosen_profile(Request(scope))).language

    # Innermost: kept pages are answered after the host check and Guard's CSRF token.
    app.add_middleware(KeptPages, cache=backend.cache, clock=backend.clock, profile_of=profile_of)
    # Around the kept pages (their key holds the language): every page, refusal and
    # error after the host check is in the person's language.
    app.add_middleware(Language, profile_language=profile_language)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(Guard, max_body_bytes=settings.max_upload_bytes)


def _wrap_clinic(app: FastAPI, backend: Backend, settings: WebSettings) -> None:
    """The clinic server's middleware: no kept pages; the session decides the language."""
    from backrub.web.clinic.one_connection import OneConnection
    from backrub.web.clinic.who import ClinicSessions

    def client_language(scope: Scope) -> str | None:
        profile = scope.get("state", {}).get("client_profile")
        return None if profile is None else profile.language

    app.add_middleware(Language, profile_language=client_language)
    app.add_middleware(ClinicSessions, backend=backend)
    # Around the session's lookup too: the request's one connection (one pool
    # checkout and ping) serves the session, the page and the audit entry.
    app.add_middleware(OneConnection, backend=backend)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(Guard, max_body_bytes=settings.max_upload_bytes)
