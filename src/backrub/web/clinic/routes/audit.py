"""The audit log's pages: ``/clinic/audit`` (administrators) and ``/account/access`` (a client).

An administrator sees their own clinic's entries, newest first, filtered and
paged, and downloads the filtered entries as CSV (times in UTC, said on the
page). A client sees who opened or changed their record and their own
sign-ins, in their time zone; never anyone else's entries.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from backrub.domain.accounts import Role, WebSession
from backrub.domain.audit import AuditEntry
from backrub.errors import InvalidInput, NotFound
from backrub.i18n import N_, _
from backrub.services import audit
from backrub.web.clinic.audit_trail import CLIENT_PAGES
from backrub.web.clinic.who import WhoDep, client_address, staff
from backrub.web.context import BackendDep
from backrub.web.navigation import NAV
from backrub.web.templating import render

router = APIRouter(include_in_schema=False)

ACTION_WORDS = {
    "read": N_("Read"),
    "change": N_("Changed"),
    "export": N_("Downloaded"),
    "import": N_("Imported"),
    "sign-in": N_("Signed in"),
    "sign-in-failed": N_("Sign-in failed"),
    "sign-out": N_("Signed out"),
    "invite": N_("Invited"),
    "assign": N_("Assigned"),
    "unassign": N_("Unassigned"),
    "remove": N_("Removed"),
    "delete": N_("Deleted"),
    "second-factor": N_("Second factor"),
    "password": N_("Password"),
    "purge": N_("Removed after the retention period"),
}
ROLE_WORDS = {
    "admin": N_("administrator"),
    "therapist": N_("therapist"),
    "client": N_("client"),
}
FIELD_WORDS = {
    "person": N_("Person"),
    "client": N_("Client"),
    "action": N_("Action"),
    "since": N_("From"),
    "until": N_("To"),
    "before": N_("Page"),
}
AdminDep = Annotated[WebSession, staff(Role.ADMIN)]
FILTERS = ("person", "client", "action", "since", "until")


METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"})
# The Page column in words for the common route templates (the CSV keeps the route).
PAGE_WORDS = {
    "/": N_("Today"),
    "/api/checkins": N_("Today"),
    "/api/export": N_("Backup"),
    "/sign-in": N_("Sign in"),
    "/sign-in/code": N_("Sign in"),
    "/sign-out": N_("Sign out"),
    CLIENT_PAGES: N_("Timeline"),
    CLIENT_PAGES + "/report": N_("Report"),
    CLIENT_PAGES + "/report/download": N_("Report"),
}
PAGE_PREFIXES = (
    (CLIENT_PAGES + "/sessions", N_("Sessions")),
    ("/account", N_("Account")),
    ("/clinic/audit", N_("Audit log")),
    *((item.path, item.label) for item in NAV if item.path != "/"),
)


def page_words(template: str) -> str | None:
    """Return the page a route template belongs to, in words; None when not a common one."""
    if template in PAGE_WORDS:
        return _(PAGE_WORDS[template])
    for path, label in PAGE_PREFIXES:
        if template == path or template.startswith(path + "/"):
            return _(label)
    return None


def shown_what(what: str) -> tuple[str, str]:
    """Return what the Page column shows: a page (in words, else its path), or whom it was about.

    An entry of a page read or written holds "METHOD /path"; an administrator's
    action holds its code ("invite therapist"), which the Action column already
    says in words: only the role it was about is shown, in words.
    """
    method, _sep, rest = what.partition(" ")
    if method in METHODS:
        words = page_words(rest)
        return ("", words) if words else (rest, "")
    role = rest if method in ("invite", "remove") else ""
    return "", _(ROLE_WORDS[role]) if role in ROLE_WORDS else ""


def _filters(request: Request) -> dict[str, str]:
    return {name: request.query_params.get(name, "")[:100] for name in FILTERS}


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _admin_page(request: Request, backend: Any, who: WebSession) -> Response:
    chosen = _filters(request)
    entries: list[AuditEntry] = []
    older = None
    error = None
    try:
        query = audit.audit_query(backend.store, who.account, **chosen)
        before = request.query_params.get("before", "")
        entries, older = audit.clinic_page(backend.store, who.account, query, before)
    except InvalidInput as bad:
        error = f"{_(FIELD_WORDS.get(bad.field, bad.field))}: {bad.allowed}"
    people = audit.people_of(backend.store, who.account)
    rows = [(_utc(e.at), e) for e in entries]
    context = {
        "rows": rows,
        "older": older,
        "chosen": chosen,
        "error": error,
        "people": people,
        "clients": [p for p in people if p[1] == Role.CLIENT.value],
        "actions": [(code, ACTION_WORDS[code]) for code in audit.ACTIONS],
        "action_words": ACTION_WORDS,
        "role_words": ROLE_WORDS,
        "shown_what": shown_what,
        "query": urlencode({k: v for k, v in chosen.items() if v}),
    }
    return render(request, "clinic/audit.html", context, status=422 if error else 200)


@router.get("/clinic/audit")
def audit_page(request: Request, backend: BackendDep, who: AdminDep) -> Response:
    return _admin_page(request, backend, who)


@router.get("/clinic/audit/download")
def audit_download(request: Request, backend: BackendDep, who: AdminDep) -> Response:
    try:
        query = audit.audit_query(backend.store, who.account, **_filters(request))
    except InvalidInput:
        return _admin_page(request, backend, who)
    audit.record(
        backend.store,
        who=who,
        client_ref=query.client_ref,
        action="export",
        what="GET /clinic/audit/download",
        address=client_address(request.scope),
        now=backend.clock(),
    )
    return StreamingResponse(
        audit.clinic_csv(backend.store, who.account, query),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="audit-log.csv"',
            "Cache-Control": "no-store",
        },
    )


def _thing(what: str) -> str:
    _method, _sep, template = what.partition(" ")
    rest = template.removeprefix(CLIENT_PAGES) if template.startswith(CLIENT_PAGES) else None
    if rest == "":
        return _("your timeline")
    if rest is not None and rest.startswith("/report"):
        return _("your report")
    if rest is not None and rest.startswith("/sessions"):
        return _("your session notes")
    if template.startswith("/clinic/cohort"):  # the cohort's NDJSON: one entry per client
        return _("your questionnaire answers, with those of the clinic's other clients")
    return _("your record")


def access_line(entry: AuditEntry, me: int) -> str:
    """Return one entry in a client's words."""
    del me  # the client's own entries are the ones a client made (no actor id is kept)
    if entry.actor_role == "client":
        own = {
            "sign-in": _("You signed in."),
            "sign-in-failed": _("Someone tried to sign in to your account with a wrong password."),
            "sign-out": _("You signed out."),
            "second-factor": _("The second factor of your account was changed."),
            "password": _("The password of your account was changed."),
        }
        if entry.action == "sign-in-failed" and entry.what.endswith("/code"):
            return _("Someone tried to sign in to your account with a wrong code.")
        return own.get(entry.action, _(ACTION_WORDS.get(entry.action, entry.action)))
    said = {
        "name": entry.actor_name or _("Someone"),
        "role": _(ROLE_WORDS[entry.actor_role]) if entry.actor_role in ROLE_WORDS else "-",
        "thing": _thing(entry.what),
    }
    if entry.action == "read":
        return _("%(name)s (%(role)s) opened %(thing)s.", **said)
    if entry.action == "change":
        return _("%(name)s (%(role)s) changed %(thing)s.", **said)
    if entry.action == "export":
        return _("%(name)s (%(role)s) downloaded %(thing)s.", **said)
    action = _(ACTION_WORDS.get(entry.action, entry.action))
    return _(
        "%(name)s (%(role)s): %(action)s.", name=said["name"], role=said["role"], action=action
    )


@router.get("/account/access")
def access_page(request: Request, backend: BackendDep, who: WhoDep) -> Response:
    profile = getattr(request.state, "client_profile", None)
    if who.account.role is not Role.CLIENT or profile is None:
        raise NotFound(_("There is no page here. Use the menu to find your way."))
    try:
        zone: Any = ZoneInfo(profile.tz)
    except (ValueError, KeyError):
        zone = UTC
    rows = [
        (entry.at.astimezone(zone), access_line(entry, who.account.id))
        for entry in audit.access_of(backend.store, who.account)
    ]
    return render(request, "clinic/access.html", {"rows": rows, "zone": str(zone)})
