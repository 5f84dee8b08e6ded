"""Invitations: staff invite (``/clinic/invite``); the invited person opens the link.

The link (``/invitations/{token}``) is shown once after inviting, with a QR
code of it for handing over in the clinic. Opening it needs no sign-in: the
person sets a password (a client also their time zone and language), the
account is made, and they are signed in.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub.domain.accounts import Role, WebSession
from backrub.domain.people import INVITATION_DAYS, Opening
from backrub.errors import InvalidInput
from backrub.i18n import current
from backrub.services import clinic_sessions, invitations, people
from backrub.services.invitations import InvitationGone, Problems
from backrub.services.profiles import zone_choices
from backrub.web.clinic.routes.sign_in import set_session_cookie
from backrub.web.clinic.who import SESSION_COOKIE, client_address, staff
from backrub.web.context import BackendDep
from backrub.web.forms import FormDep, FormState, optional, with_errors
from backrub.web.security import renew_csrf, require_form_token
from backrub.web.templating import render

router = APIRouter(dependencies=[Depends(require_form_token)], include_in_schema=False)

INVITE_FIELDS = ("role", "email", "name", "therapist")
ACCEPT_FIELDS = ("password", "again", "tz", "language")
INVITERS = staff(Role.ADMIN, Role.THERAPIST)
SECOND_FACTOR = "/account/second-factor"


def _errors(error: InvalidInput) -> list[InvalidInput]:
    return error.errors if isinstance(error, Problems) else [error]


def _invite_page(
    request: Request, backend: BackendDep, who: WebSession, form: FormState, status: int = 200
) -> Response:
    inviter = who.account
    context = {
        "form": form,
        "roles": invitations.roles_for(inviter),
        "therapists": people.therapists(backend.store, inviter)
        if inviter.role is Role.ADMIN
        else [],
        "days": INVITATION_DAYS,
    }
    return render(request, "clinic/invite.html", context, status=status)


@router.get("/clinic/invite")
def invite_form(
    request: Request,
    backend: BackendDep,
    role: str = "",
    who: WebSession = INVITERS,
) -> Response:
    chosen = role if role in invitations.roles_for(who.account) else ""
    return _invite_page(request, backend, who, FormState({"role": chosen}))


@router.post("/clinic/invite")
def invite(
    request: Request,
    backend: BackendDep,
    form: FormDep,
    who: WebSession = INVITERS,
) -> Response:
    import segno

    role = form.value("role") or (Role.CLIENT.value if who.account.role is Role.THERAPIST else "")
    try:
        invited = invitations.invite(
            backend.store,
            who.account,
            role=role,
            email=form.value("email"),
            name=form.value("name"),
            therapist=optional(form, "therapist"),
            now=backend.clock(),
            address=client_address(request.scope),
        )
    except InvalidInput as error:
        state = with_errors(form, _errors(error), INVITE_FIELDS)
        return _invite_page(request, backend, who, state, status=422)
    link = f"{str(request.base_url).rstrip('/')}/invitations/{invited.token}"
    qr = segno.make(link, error="m").svg_data_uri(scale=4, border=2)
    # The page holds the token: the app's pages are sent with Cache-Control: no-store.
    context = {"invited": invited, "link": link, "qr": qr, "now": backend.clock()}
    return render(request, "clinic/invited.html", context)


def _gone(request: Request, error: InvitationGone) -> Response:
    return render(request, "clinic/invitation_gone.html", {"message": str(error)}, status=404)


def _accept_page(
    request: Request, opening: Opening, form: FormState, now: datetime, status: int = 200
) -> Response:
    context = {
        "opening": opening,
        "form": form,
        "zones": zone_choices(now),
        "language_now": current(),
        "now": now,
    }
    return render(request, "clinic/invitation.html", context, status=status)


@router.get("/invitations/{token}")
def invitation(request: Request, backend: BackendDep, token: str) -> Response:
    now = backend.clock()
    try:
        opening = invitations.opening(backend.store, token, now)
    except InvitationGone as gone:
        return _gone(request, gone)
    return _accept_page(request, opening, FormState(), now)


@router.post("/invitations/{token}")
def accept(request: Request, backend: BackendDep, form: FormDep, token: str) -> Response:
    now = backend.clock()
    try:
        account = invitations.accept(
            backend.store,
            token,
            password=form.value("password"),
            again=form.value("again"),
            tz=form.value("tz"),
            language=form.value("language"),
            now=now,
            address=client_address(request.scope),
        )
    except InvitationGone as gone:
        return _gone(request, gone)
    except InvalidInput as error:
        try:
            opening = invitations.opening(backend.store, token, now)
        except InvitationGone as gone:
            return _gone(request, gone)
        kept = FormState({k: v for k, v in form.values.items() if k in ("tz", "language")})
        state = with_errors(kept, _errors(error), ACCEPT_FIELDS)
        return _accept_page(request, opening, state, now, status=422)
    # A new session, never the one the browser brought; an administrator's is
    # half-way until they set up their second factor (auth's page).
    # A new password link keeps the second factor: a code to give, or to set up.
    clinic_sessions.end(backend.store, request.cookies.get(SESSION_COOKIE))
    complete = not account.totp_enabled and not invitations.second_factor_first(account)
    session = clinic_sessions.start(
        backend.store, account, now, address=client_address(request.scope), complete=complete
    )
    where = "/" if account.role is Role.CLIENT else "/clinic"
    if not complete:
        where = "/sign-in/code" if account.totp_enabled else SECOND_FACTOR
    response = RedirectResponse(where, status_code=303)
    set_session_cookie(request, response, session)
    renew_csrf(request, response)
    return response
