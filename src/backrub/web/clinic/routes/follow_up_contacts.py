"""Record "I contacted the client" about a follow-up warning sign answered "yes"; mark
read a stop lifted by the client's own clearance after emergency warning signs.

``/clinic/clients/{public_id}/follow-up/contacted``: the client's assigned
therapist, or an administrator when the client has no therapist (anyone else,
or a client with no such answer: the same 404 as an unknown page). The page
names the answers and the form carries what it showed: a newer "yes" arrived
meanwhile is refused with "read it first" (422), never marked contacted unread.

``/clinic/clients/{public_id}/clearances/acknowledge``: the assigned therapist
marks read the clearances that lifted a stop after emergency warning signs
(``services.clearance_acks``); until then the client list keeps the line.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub.domain.accounts import Role, WebSession
from backrub.errors import InvalidInput
from backrub.services import clearance_acks, client_record, follow_up_alerts
from backrub.web.clinic.who import staff
from backrub.web.context import backend
from backrub.web.forms import FormDep, FormState, optional, with_errors
from backrub.web.security import require_form_token
from backrub.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

Staff = Annotated[WebSession, staff(Role.ADMIN, Role.THERAPIST)]
PATH = "/clinic/clients/{public_id}/follow-up/contacted"


def _page(
    request: Request, who: WebSession, public_id: str, form: FormState, status: int = 200
) -> Response:
    app = backend(request)
    found = follow_up_alerts.of_client(app.store, who.account, public_id)
    context = {
        "form": form,
        "found": found,
        "public_id": public_id,
        "for_admin": who.account.role is Role.ADMIN,
    }
    return render(request, "clinic/follow_up_contacted.html", context, status=status)


@router.get(PATH)
def follow_up_contact_form(request: Request, who: Staff, public_id: str) -> Response:
    """The warning signs answered yes, and a form to record that you contacted the client."""
    return _page(request, who, public_id, FormState())


@router.post(PATH)
def follow_up_contact_save(request: Request, who: Staff, public_id: str, form: FormDep) -> Response:
    """Record the contact; an empty note, or a newer answer, comes back by the note."""
    app = backend(request)
    try:
        follow_up_alerts.record_contact(
            app.store,
            who.account,
            public_id,
            seen=form.value("seen"),
            note=optional(form, "note"),
            now=app.clock(),
        )
    except InvalidInput as error:
        fresh = FormState({"note": form.value("note")}, {"note": (form.value("note"),)})
        return _page(request, who, public_id, with_errors(fresh, [error], ("note",)), 422)
    where = "/clinic/clients" if who.account.role is Role.THERAPIST else "/clinic"
    return RedirectResponse(f"{where}?saved=contacted", status_code=303)


Therapist = Annotated[WebSession, staff(Role.THERAPIST)]
ACK_PATH = "/clinic/clients/{public_id}/clearances/acknowledge"


def _ack_page(
    request: Request, who: WebSession, public_id: str, error: str = "", status: int = 200
) -> Response:
    app = backend(request)
    client = client_record.client_of(app.store, who.account, public_id)
    found = clearance_acks.pending(app.store, client)
    context = {
        "client": client,
        "public_id": public_id,
        "found": found,
        "seen": clearance_acks.seen_of(found),
        "error": error,
    }
    return render(request, "clinic/clearance_ack.html", context, status=status)


@router.get(ACK_PATH)
def acknowledge_form(request: Request, who: Therapist, public_id: str) -> Response:
    """The stops lifted by the client's own clearance after emergency warning signs."""
    return _ack_page(request, who, public_id)


@router.post(ACK_PATH)
def acknowledge_save(request: Request, who: Therapist, public_id: str, form: FormDep) -> Response:
    """Mark them read; a clearance recorded meanwhile comes back to be read first."""
    app = backend(request)
    client = client_record.client_of(app.store, who.account, public_id)
    try:
        clearance_acks.acknowledge(
            app.store, who.account, client, seen=form.value("seen"), now=app.clock()
        )
    except InvalidInput as error:
        return _ack_page(request, who, public_id, error=error.allowed, status=422)
    return RedirectResponse("/clinic/clients?saved=acknowledged", status_code=303)
