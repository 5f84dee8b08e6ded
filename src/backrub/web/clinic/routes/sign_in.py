"""Signing in and out of the clinic server."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub.i18n import _
from backrub.services import accounts, clinic_sessions
from backrub.web.clinic.who import SESSION_COOKIE, client_address
from backrub.web.context import BackendDep
from backrub.web.forms import FormDep
from backrub.web.routes.language import back_to
from backrub.web.security import require_form_token
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


@router.get("/sign-in")
def sign_in_form(request: Request, next: str = "/") -> Response:
    return render(request, "clinic/sign_in.html", {"next": back_to(next), "error": None})


@router.post("/sign-in")
def sign_in(request: Request, backend: BackendDep, form: FormDep) -> Response:
    email = form.value("email").strip()
    password = form.value("password")
    now = backend.clock()
    found = accounts.check_password(backend.store, email, password)
    if found is None:
        return render(
            request,
            "clinic/sign_in.html",
            {
                "next": back_to(form.value("next") or "/"),
                "email": email,
                "error": _("That e-mail address and password do not match an account."),
            },
            status=401,
        )
    token = clinic_sessions.start(
        backend.store, found, now, address=client_address(request.scope), complete=True
    )
    response = RedirectResponse(back_to(form.value("next") or "/"), status_code=303)
    set_session_cookie(request, response, token)
    return response


@router.post("/sign-out")
def sign_out(request: Request, backend: BackendDep) -> Response:
    clinic_sessions.end(backend.store, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
