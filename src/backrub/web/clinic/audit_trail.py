"""Record every access to a client's data in the audit log, in one place (issue 13).

``AuditTrail`` (ASGI middleware, inside ``ClinicSessions``) looks at each
answered request of a signed-in person. It writes one entry when the request
reached a client's data:

- a client on the local app's routes (those behind ``gate_local``): their own
  record, except the pages that hold no record (evidence, rules, language);
- staff on any route under ``/clinic/clients/{public_id}``: that client;
- the therapist's client list (``GET /clinic/clients``), and an administrator's
  ``/clinic`` with its follow-up alerts: one ``read`` entry per client it listed
  (the route leaves their public ids in ``request.state`` under ``LISTED``), all
  in one INSERT.

The action follows the method and the answer: GET/HEAD answered 2xx ->
``read`` (``export`` for a download: a known export route, or an answer sent
as an attachment); POST/PUT/PATCH/DELETE answered below 400 -> ``change``
(``import`` for an import route). Anything answered 4xx or 5xx reached no data
and is not recorded (a refused write, a 404 for someone else's client); nor is
a GET that only redirects (the page it leads to is).

``what`` is the method and the route's path template ("GET
/clinic/clients/{public_id}/report"): never values or the query string.

The entry is written when the answer starts, before any of its body is sent.
If it cannot be written the person gets a 503 instead of the data (fail
closed: no unrecorded access) and the reason goes to the server log. A
change committed before that is kept; its entry is what is missing, and the
log line says so.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backrub.domain.accounts import Role, WebSession
from backrub.i18n import _
from backrub.services import audit
from backrub.web.clinic.who import STAFF_ALLOWED, client_address
from backrub.web.context import Backend

log = logging.getLogger("backrub.web.audit")

READS = frozenset({"GET", "HEAD"})
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CLIENT_PAGES = "/clinic/clients/{public_id}"
CLIENT_LIST = "/clinic/clients"
STAFF_HOME = "/clinic"  # an administrator's: unassigned clients' follow-up alerts
FOLLOW_UP_LIST = "/clinic/follow-up"  # the therapist's follow-up overview: several clients too
LISTED = "listed_clients"  # request.state: the public ids a list page showed
EXPORTS = frozenset({"/backup/export.json", "/api/export", "/report/download"})
IMPORTS = frozenset({"/backup/import", "/api/import"})


@cache
def _local_templates() -> frozenset[str]:
    """The local app's route templates (the routes behind ``gate_local`` on the server)."""
    from backrub.web.routes import ROUTERS

    return frozenset(str(getattr(r, "path", "")) for router in ROUTERS for r in router.routes)


def client_of(who: WebSession, route: Any, path_params: dict[str, Any]) -> str | None:
    """Return the public id of the client whose data ``route`` reaches for ``who``, if any
    (``CLIENT_LIST`` for the therapist's client list: several clients)."""
    template = getattr(route, "path", "")
    account = who.account
    if account.role is Role.CLIENT:
        if template in _local_templates() and template not in STAFF_ALLOWED:
            return account.public_id
        return None
    if template in (CLIENT_LIST, FOLLOW_UP_LIST) and account.role is Role.THERAPIST:
        return CLIENT_LIST  # the clients it listed: ``LISTED``
    if template == STAFF_HOME and account.role is Role.ADMIN:
        return CLIENT_LIST  # the unassigned clients' follow-up alerts it showed: ``LISTED``
    if template == CLIENT_PAGES or template.startswith(CLIENT_PAGES + "/"):
        public_id = path_params.get("public_id")
        return str(public_id)[:36] if public_id else None
    return None


def _is_download(template: str, headers: list[tuple[bytes, bytes]]) -> bool:
    if template in EXPORTS or template.endswith(("/download", ".csv", "/export")):
        return True
    for key, value in headers:
        if key.lower() == b"content-disposition" and value.lower().startswith(b"attachment"):
            return True
    return False


def action_of(method: str, status: int, template: str, headers: list[Any]) -> str | None:
    """Return the audit action of an answered request, or None (nothing reached)."""
    if method in READS and 200 <= status < 300:
        return "export" if _is_download(template, headers) else "read"
    if method in WRITES and status < 400:
        return "import" if template in IMPORTS or template.endswith("/import") else "change"
    return None


class AuditTrail:
    """ASGI middleware: one audit entry per answered request that reached a client's data."""

    def __init__(self, app: ASGIApp, backend: Backend) -> None:
        self.app = app
        self.backend = backend

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = False

        async def sending(message: Message) -> None:
            nonlocal refused
            if refused:
                return  # the answer was replaced: drop the rest of the original
            if message["type"] == "http.response.start":
                entry = self._entry(scope, message)
                if entry is not None and not await self._write(entry):
                    refused = True
                    await _unavailable(send)
                    return
            await send(message)

        await self.app(scope, receive, sending)

    def _entry(self, scope: Scope, message: Message) -> dict[str, Any] | None:
        who = scope.get("state", {}).get("who")
        route = scope.get("route")
        if who is None or not who.complete or route is None:
            return None
        client = client_of(who, route, scope.get("path_params", {}))
        if client is None:
            return None
        template = str(getattr(route, "path", ""))
        method = str(scope["method"])
        action = action_of(method, int(message["status"]), template, message.get("headers", []))
        if action is None:
            return None
        if client == CLIENT_LIST:
            return {
                "who": who,
                "client_refs": tuple(scope["state"].get(LISTED, ())),
                "what": f"{method} {template}",
                "address": client_address(scope),
            }
        return {
            "who": who,
            "client_ref": client,
            "action": action,
            "what": f"{method} {template}",
            "address": client_address(scope),
        }

    async def _write(self, entry: dict[str, Any]) -> bool:
        def write() -> None:
            now = self.backend.clock()
            if "client_refs" in entry:
                audit.record_reads(self.backend.store, now=now, **entry)
            else:
                audit.record(self.backend.store, now=now, **entry)

        try:
            await anyio.to_thread.run_sync(write)
        except Exception:
            log.exception(
                "audit log: could not record %s for %s; answered 503 (a change may be "
                "committed without its entry)",
                entry["what"],
                entry["action"],
            )
            return False
        return True


async def _unavailable(send: Send) -> None:
    body = _(
        "This could not be recorded in the clinic's audit log, so it is not shown. "
        "Please try again in a moment."
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
