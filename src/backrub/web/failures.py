"""Turn errors into answers a person (or a script) can act on; never a traceback.

    InvalidInput           422  names the field, the value and what is allowed
    NotFound               404
    SafetyStop, Refused    409  with the message (what to do instead)
    CsrfRefused            403
    StorageError           503  the database cannot be reached
    anything else          500  a short apology; the details stay in the server log

Under ``/api/`` the answer is JSON ``{"error", "message", "field", "value",
"allowed"}`` and, for every refusal a service decides, its structured form:
``code``, ``fields``, ``possible_at`` and ``override`` (``allowed`` is then
words or numbers); elsewhere it is the error page.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from backrub.domain.fitting import DoesNotFit
from backrub.errors import (
    BackrubError,
    InvalidInput,
    NotFound,
    Refused,
    SafetyStop,
    StorageError,
    cut,
    shown,
)
from backrub.i18n import N_, _
from backrub.web.context import Backend, current_profile
from backrub.web.security import CsrfRefused
from backrub.web.templating import render
from backrub.web.wording import WAYS_OUT, field_label, for_people, sentence

log = logging.getLogger("backrub.web")

_KINDS: tuple[tuple[type[BackrubError], int, str], ...] = (
    (InvalidInput, 422, "invalid_input"),
    (NotFound, 404, "not_found"),
    (SafetyStop, 409, "safety_stop"),
    (Refused, 409, "refused"),
    (StorageError, 503, "storage"),
)

_TITLES = {
    400: N_("That request could not be read"),
    403: N_("Refused"),
    404: N_("Not found"),
    405: N_("Not allowed here"),
    409: N_("Not now"),
    413: N_("Too large"),
    422: N_("Please check what you typed"),
    500: N_("Something went wrong"),
    503: N_("The database cannot be reached"),
}


def status_of(error: BackrubError) -> tuple[int, str]:
    """Return the HTTP status and the error kind for ``error``."""
    for kind, status, name in _KINDS:
        if isinstance(error, kind):
            return status, name
    return 500, "internal"


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _safe(text: object) -> str:
    # An echoed value may hold lone surrogates from JSON ("\\ud800"): show them escaped.
    return str(text).encode("utf-8", "backslashreplace").decode("utf-8")


def _value(value: object) -> str | None:
    """Return a typed value for the JSON answer: text, cut, never raising (5,000 digits)."""
    if value is None:
        return None
    return _safe(cut(value) if isinstance(value, str) else shown(value))


def error_json(
    status: int, kind: str, message: str, *, field: str | None = None, value: Any = None
) -> JSONResponse:
    body = {
        "error": kind,
        "message": _safe(message),
        "field": None if field is None else _safe(field),
        "value": _value(value),
        "allowed": None,
    }
    return JSONResponse(body, status_code=status)


NOT_HERE = N_(
    "There is nothing at %(path)s: the page or record you asked for does not exist, or it "
    "was deleted. Use the menu to find your way."
)
FIND_YOUR_WAY = N_("Use the menu to find your way.")


_CLI = re.compile(r"--[a-z]|'backrub |\bbackrub [a-z]+ ")


def not_found_words(text: str, path: str) -> str:
    """Return a NotFound line for a page: its key ('evidence: ') and CLI advice left out.

    "evidence: no entry 'x'; run 'backrub evidence' to list the ids" becomes
    "No entry 'x'. Use the menu to find your way."
    """
    key, sep, rest = text.partition(": ")
    said = rest if sep and " " not in key else text  # 'evidence: …' has a key, a sentence not
    kept = [part for part in said.split("; ") if not _CLI.search(part)]
    if not kept:
        return _(NOT_HERE, path=cut(path, 80))
    return f"{sentence('; '.join(kept))} {_(FIND_YOUR_WAY)}"


def _profile_name(request: Request) -> str | None:
    """Return the profile the error page's header names; None when it cannot be read."""
    backend: Backend | None = getattr(request.app.state, "backend", None)
    if backend is None:
        return None
    if backend.settings.clinic:  # the signed-in client's name, never a local profile
        profile = getattr(request.state, "client_profile", None)
        return None if profile is None else str(profile.name)
    try:
        return current_profile(backend, backend.clock()).name
    except BackrubError:  # the database is what failed: the page still answers
        return None


def _answer(
    request: Request, status: int, kind: str, message: str, code: str = "", **extra: Any
) -> Response:
    if _is_api(request):
        return error_json(status, kind, message, **extra)
    title = _(_TITLES[status]) if status in _TITLES else _("Error")
    context = {"title": title, "message": _safe(message), "status": status}
    context["way_out"] = WAYS_OUT.get(code)  # a refusal's way past it, as a link
    return render(
        request, "error.html", context, status=status, profile_name=_profile_name(request)
    )


async def on_backrub_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, BackrubError)
    status, kind = status_of(error)
    if status == 500:
        log.error("broken release data: %s", error)
    if isinstance(error, InvalidInput) and _is_api(request):
        body: dict[str, object] = {
            "error": kind,
            "message": _safe(error),
            "field": _safe(error.field.lstrip("-")),
            "value": _value(error.value),
            "allowed": _safe(error.allowed),
            "code": error.code,
            "fields": [_safe(error.field.lstrip("-"))],
            "possible_at": None,
            "override": False,
        }
        if getattr(error, "urgent_help", False):
            # A refused questionnaire still says where to get help now.
            from backrub.domain.mood import URGENT_HELP

            body["urgent_help"] = True
            body["urgent_message"] = URGENT_HELP
        return JSONResponse(body, status_code=status)
    if _is_api(request):
        refusal = error.refusal.to_json()
        shape = {"error": kind, "field": None, "value": None, **refusal}
        if isinstance(error, DoesNotFit):
            # The protocols as data: the one asked for, and the one offered instead.
            offered = error.misfit.suggested
            shape["field"] = "protocol"
            shape["value"] = error.misfit.protocol.id
            shape["allowed"] = None if offered is None else offered.id
        return JSONResponse({**shape, "message": _safe(refusal["message"])}, status_code=status)
    if isinstance(error, InvalidInput):
        message = for_people(error)
    elif isinstance(error, NotFound):
        message = not_found_words(str(error), request.url.path)
    else:
        message = str(error)
    return _answer(request, status, kind, message, error.code)


async def on_csrf(request: Request, error: Exception) -> Response:
    """Refuse; a same-origin form comes back with what was typed and a fresh token,
    so one press of "Save again" sends it (files are never echoed)."""
    assert isinstance(error, CsrfRefused)
    if error.kept is None or _is_api(request):
        return _answer(request, 403, "csrf", error.reason)
    context = {
        "action": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        "kept": error.kept,
        "shown": [(field_label(k), v) for k, v in error.kept if v.strip()][:40],
        "had_file": error.had_file,
    }
    page = render(
        request, "save_again.html", context, status=403, profile_name=_profile_name(request)
    )
    if request.headers.get("hx-request") == "true":
        # A part of a page asked: the whole page is replaced, so "Save again" is seen.
        page.headers["HX-Retarget"] = "body"
        page.headers["HX-Reswap"] = "innerHTML"
    return page


# What a page says for pydantic's kinds of error (the JSON API keeps pydantic's English).
_PLAIN = {
    "bool_parsing": N_("use yes or no"),
    "bool_type": N_("use yes or no"),
    "int_parsing": N_("use a whole number"),
    "int_type": N_("use a whole number"),
    "float_parsing": N_("use a number"),
    "missing": N_("this is needed"),
}
NOT_VALID = N_("this value cannot be used here")
# Starlette's own refusals of a form it could not read (a field over 1 MB, too many
# fields or files): never a page's own 400, which says more.
FORM_TOO_LONG = N_(
    "Part of the form was too long to read (a field can hold at most 1 MB). "
    "Shorten it and save again."
)
FORM_UNREAD = N_("That form could not be read. Go back and save it again.")


async def on_validation(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    first = error.errors()[0] if error.errors() else {}
    location = [str(part) for part in first.get("loc", ()) if part not in ("body", "query")]
    field = cut(".".join(location)) or None  # an unknown key may be a pasted megabyte
    said = cut(str(first.get("msg", "is not valid")), 200)
    message = f"{field or 'request'}: {said}"
    if not _is_api(request):  # a page names the field in words, not by its key
        said = _(_PLAIN.get(str(first.get("type")), NOT_VALID))
        message = f"{field_label(field)}: {said}" if field else sentence(said)
    return _answer(request, 422, "invalid_input", message, field=field, value=first.get("input"))


async def on_http(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    status = error.status_code
    defaults = {
        404: "There is no API route here; see /api/openapi.json."
        if _is_api(request)
        else _("There is no page here. Use the menu to find your way."),
        405: "This address does not take that kind of request."
        if _is_api(request)  # the JSON API answers in English
        else _("This address does not take that kind of request."),
    }
    generic = error.detail in (None, "", "Not Found", "Method Not Allowed")
    message = defaults.get(status, "") if generic else str(error.detail)
    if status == 400 and not _is_api(request):  # only Starlette's form parser says 400
        too_long = "maximum size" in str(error.detail)
        message = _(FORM_TOO_LONG) if too_long else _(FORM_UNREAD)
    kind = {404: "not_found", 405: "method_not_allowed"}.get(status, "http")
    response = _answer(request, status, kind, message)
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


async def on_bug(request: Request, error: Exception) -> Response:
    # A bug: log it for whoever runs the server, show the person one calm line.
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    message = _(
        "backrub hit an unexpected error. If you were saving something, look at History "
        "before you try again. (%(error)s; details are in the server's log.)",
        error=type(error).__name__,
    )
    return _answer(request, 500, "internal", message)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(BackrubError, on_backrub_error)
    app.add_exception_handler(CsrfRefused, on_csrf)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_bug)
