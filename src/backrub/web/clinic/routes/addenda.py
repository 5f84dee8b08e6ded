"""A therapist's addendum to their own session note: the form, and saving it.

``/clinic/clients/{public_id}/sessions/{session_id}/addenda``: the session is
named by its public id. Only the therapist who wrote the session, while the
client is assigned to them, gets the page; anyone else the same 404 as an
unknown page (``services.addenda.own_session``). The note itself is never
changed. The audit trail records the read and the change (under
``/clinic/clients/{public_id}``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub.domain.accounts import Role, WebSession
from backrub.errors import InvalidInput
from backrub.services import addenda, client_record
from backrub.services.addenda import OwnSession
from backrub.web.clinic.who import staff
from backrub.web.context import Here, backend
from backrub.web.forms import FormDep, FormState, optional, with_errors
from backrub.web.security import require_form_token
from backrub.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

Therapist = Annotated[WebSession, staff(Role.THERAPIST)]
FIELDS = ("text", "reason")
PATH = "/clinic/clients/{public_id}/sessions/{session_id}/addenda"


def _own(
    request: Request, who: WebSession, public_id: str, session_id: str
) -> tuple[client_record.ClientRecord, OwnSession, Here]:
    """The assigned client, the session ``who`` wrote, and the view; else NotFound."""
    app = backend(request)
    client = client_record.client_of(app.store, who.account, public_id)
    own = addenda.own_session(app.store, who.account, client, session_id)
    return client, own, Here(app, client.profile, app.clock())


def _page(
    request: Request,
    here: Here,
    public_id: str,
    own: OwnSession,
    form: FormState,
    status: int = 200,
) -> Response:
    context = {"form": form, "here": here, "public_id": public_id, "own": own}
    return render(request, "clinic/addendum.html", context, status=status)


@router.get(PATH)
def addendum_form(request: Request, who: Therapist, public_id: str, session_id: str) -> Response:
    """The session note as written, its addenda, and a form to add one."""
    _client, own, here = _own(request, who, public_id, session_id)
    return _page(request, here, public_id, own, FormState())


@router.post(PATH)
def addendum_save(
    request: Request, who: Therapist, public_id: str, session_id: str, form: FormDep
) -> Response:
    """Save the addendum; an empty or too long text comes back by its field, nothing saved."""
    client, own, here = _own(request, who, public_id, session_id)
    try:
        addenda.add_addendum(
            here.store,
            who.account,
            client,
            own.public_id,
            now=here.now,
            text=optional(form, "text"),
            reason=optional(form, "reason"),
        )
    except InvalidInput as error:
        errors = [error]
        if error.field == "text":  # say what is wrong with the reason as well
            try:
                addenda.check_reason(optional(form, "reason"))
            except InvalidInput as second:
                errors.append(second)
        state = with_errors(form, errors, FIELDS)
        return _page(request, here, public_id, own, state, status=422)
    return RedirectResponse(f"/clinic/clients/{public_id}?saved=addendum", status_code=303)
