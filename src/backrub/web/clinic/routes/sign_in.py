"""Signing in and out of the clinic server: password, then the code when there is one."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub.i18n import _
from backrub.services import sign_in
from backrub.services.sign_in import Next, Outcome
from backrub.web.clinic.who import SESSION_COOKIE, GoTo, client_address, who_of
from backrub.web.context import BackendDep
from backrub.web.forms import FormDep
from backrub.web.routes.language import back_to
from backrub.web.security import renew_csrf, require_form_token
from backrub.web.templating import render

router = APIRouter(dependencies=[Depends(require_form_token)], include_in_schema=False)


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    """Give the browser its session: HttpOnly, SameSite=Lax, Secure behind TLS."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def wait_words(minutes: int) -> str:
    if minutes > 90:  # the day's ceiling: hours, not a thousand minutes
        return _("Too many tries. Please try again in %(n)s hours.", n=-(-minutes // 60))
    return _("Too many tries. Please try again in %(n)s minutes.", n=minutes)


def refused(
    request: Request, template: str, values: Mapping[str, object], outcome: Outcome
) -> Response:
    """The same page again with one line: wrong (401), or too many tries (429)."""
    if outcome.next is Next.WAIT:
        error = wait_words(outcome.wait_minutes)
        response = render(request, template, {**values, "error": error}, status=429)
        response.headers["retry-after"] = str(outcome.wait_minutes * 60)
        return response
    return render(request, template, values, status=401)


def onwards(request: Request, outcome: Outcome, target: str) -> Response:
    """Go on after a right password or code: a new session cookie and a new CSRF token."""
    assert outcome.token is not None
    if outcome.next is Next.CODE:
        target = "/sign-in/code" + (f"?next={quote(target, safe='')}" if target != "/" else "")
    elif outcome.next is Next.ENROL:
        target = "/account/second-factor"
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(request, response, outcome.token)
    renew_csrf(request, response)
    return response


@router.get("/sign-in")
def sign_in_form(request: Request, next: str = "/") -> Response:
    return render(request, "clinic/sign_in.html", {"next": back_to(next), "error": None})


@router.post("/sign-in")
def sign_in_post(request: Request, backend: BackendDep, form: FormDep) -> Response:
    email = form.value("email").strip()
    target = back_to(form.value("next") or "/")
    outcome = sign_in.with_password(
        backend.store,
        email[:254],
        form.value("password"),
        address=client_address(request.scope),
        now=backend.clock(),
        brought=request.cookies.get(SESSION_COOKIE),
    )
    if outcome.next in (Next.WRONG, Next.WAIT):
        words = _("That e-mail address and password do not match an account.")
        values = {"next": target, "email": email, "error": words}
        return refused(request, "clinic/sign_in.html", values, outcome)
    return onwards(request, outcome, target)


def _half_way(request: Request) -> None:
    who = who_of(request)
    if who is None or who.complete or not who.account.totp_enabled:
        raise GoTo("/sign-in")


@router.get("/sign-in/code", dependencies=[Depends(_half_way)])
def code_form(request: Request, next: str = "/") -> Response:
    return render(request, "clinic/sign_in_code.html", {"next": back_to(next), "error": None})


@router.post("/sign-in/code", dependencies=[Depends(_half_way)])
def code_post(request: Request, backend: BackendDep, form: FormDep) -> Response:
    who = who_of(request)
    assert who is not None
    target = back_to(form.value("next") or "/")
    outcome = sign_in.with_code(
        backend.store,
        who,
        form.value("code"),
        address=client_address(request.scope),
        now=backend.clock(),
        brought=request.cookies.get(SESSION_COOKIE),
    )
    if outcome.next in (Next.WRONG, Next.WAIT):
        words = _("That code is not right. Type the code your app shows now.")
        values = {"next": target, "error": words}
        return refused(request, "clinic/sign_in_code.html", values, outcome)
    return onwards(request, outcome, target)


@router.post("/sign-out")
def sign_out(request: Request, backend: BackendDep) -> Response:
    sign_in.sign_out(
        backend.store,
        who_of(request),
        request.cookies.get(SESSION_COOKIE),
        address=client_address(request.scope),
        now=backend.clock(),
    )
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
