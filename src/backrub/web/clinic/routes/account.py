"""``/account``: the signed-in person's own account (password, second factor, sessions).

Staff and clients alike. Changing the password ends every other session;
"sign out everywhere" ends all of them, this one too. An administrator must
keep a second factor; the set-up page is the only page a half-way
administrator's session opens.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub.domain.accounts import WebSession
from backrub.errors import InvalidInput
from backrub.i18n import _, current
from backrub.services import accounts, second_factor, sign_in
from backrub.services.sign_in import Next
from backrub.web.clinic.routes.sign_in import onwards
from backrub.web.clinic.who import (
    SESSION_COOKIE,
    WhoDep,
    client_address,
    setting_up_second_factor,
)
from backrub.web.context import BackendDep
from backrub.web.forms import FormDep
from backrub.web.security import require_form_token
from backrub.web.templating import render
from backrub.web.wording import for_people

router = APIRouter(dependencies=[Depends(require_form_token)], include_in_schema=False)

SettingUpDep = Annotated[WebSession, Depends(setting_up_second_factor)]

DONE = ("password", "everywhere", "second-factor", "second-factor-removed")


def _page(request: Request, who: WebSession, errors: dict[str, str], status: int = 200) -> Response:
    done = request.query_params.get("done")
    values = {
        "account": who.account,
        "must_keep": second_factor.required(who.account),
        "errors": errors,
        "done": done if done in DONE else None,
        "language_now": current(),
    }
    return render(request, "clinic/account.html", values, status=status)


@router.get("/account")
def account_page(request: Request, who: WhoDep) -> Response:
    return _page(request, who, {})


@router.post("/account/password")
def change_password(request: Request, who: WhoDep, backend: BackendDep, form: FormDep) -> Response:
    try:
        accounts.change_password(
            backend.store,
            who,
            form.value("current"),
            form.value("new"),
            address=client_address(request.scope),
            now=backend.clock(),
        )
    except InvalidInput as error:
        return _page(request, who, {error.field: for_people(error)}, status=400)
    return RedirectResponse("/account?done=password", status_code=303)


@router.post("/account/sign-out-everywhere")
def sign_out_everywhere(request: Request, who: WhoDep, backend: BackendDep) -> Response:
    sign_in.sign_out(
        backend.store,
        who,
        request.cookies.get(SESSION_COOKIE),
        address=client_address(request.scope),
        now=backend.clock(),
        everywhere=True,
    )
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _setup_page(
    request: Request, who: WebSession, backend: BackendDep, secret: str | None, error: str | None
) -> Response:
    shown = second_factor.setup(backend.store, who.account, secret)
    values = {"setup": shown, "error": error, "half_way": not who.complete}
    return render(request, "clinic/second_factor.html", values, status=400 if error else 200)


@router.get("/account/second-factor")
def second_factor_page(request: Request, who: SettingUpDep, backend: BackendDep) -> Response:
    return _setup_page(
        request, who, backend, second_factor.pending_secret(backend.store, who), None
    )


@router.post("/account/second-factor")
def second_factor_save(
    request: Request, who: SettingUpDep, backend: BackendDep, form: FormDep
) -> Response:
    outcome = sign_in.with_new_second_factor(
        backend.store,
        who,
        second_factor.pending_secret(backend.store, who),  # never a key the form chose
        form.value("code"),
        address=client_address(request.scope),
        now=backend.clock(),
        brought=request.cookies.get(SESSION_COOKIE),
    )
    if outcome.next is Next.WRONG:
        words = _("That code is not right. Type the code your app shows now.")
        secret = second_factor.pending_secret(backend.store, who)
        return _setup_page(request, who, backend, secret, words)
    if outcome.token is not None:  # a half-way sign-in is complete now: a new session
        return onwards(request, outcome, "/account?done=second-factor")
    return RedirectResponse("/account?done=second-factor", status_code=303)


@router.post("/account/second-factor/remove")
def second_factor_remove(
    request: Request, who: WhoDep, backend: BackendDep, form: FormDep
) -> Response:
    if second_factor.required(who.account):
        return _page(request, who, {"remove": _("administrators must keep it")}, status=400)
    try:
        accounts.confirm_password(
            backend.store,
            who.account,
            form.value("current"),
            address=client_address(request.scope),
            now=backend.clock(),
        )
    except InvalidInput as error:
        return _page(request, who, {"remove": for_people(error)}, status=400)
    sign_in.remove_second_factor(
        backend.store, who.account, address=client_address(request.scope), now=backend.clock()
    )
    return RedirectResponse("/account?done=second-factor-removed", status_code=303)
