"""Record "I contacted the client" about an urgent mood answer (REVIEW-CLIN-13 S2).

``/clinic/clients/{public_id}/contacted``: the client's assigned therapist only
(anyone else: the same 404 as an unknown page). The page names the answer and
asks for a short note (the form names the answer it showed: a newer one arrived
meanwhile is refused, 422, "read it first"); the flag then shows on the list as "Look at first" with
who and when, until a newer answer. The audit trail records the change.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub.domain.accounts import Role, WebSession
from backrub.errors import InvalidInput
from backrub.services import client_record, flag_contacts
from backrub.web.clinic.who import staff
from backrub.web.context import Here, backend
from backrub.web.forms import FormDep, FormState, optional, with_errors
from backrub.web.security import require_form_token
from backrub.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

Therapist = Annotated[WebSession, staff(Role.THERAPIST)]
PATH = "/clinic/clients/{public_id}/contacted"


def _page(
    request: Request, who: WebSession, public_id: str, form: FormState, status: int = 200
) -> Response:
    app = backend(request)
    client = client_record.client_of(app.store, who.account, public_id)
    here = Here(app, client.profile, app.clock())
    flag = flag_contacts.open_flag(here.store, client)
    seen = flag_contacts.seen_of(flag) if flag is not None else ""
    context = {"form": form, "here": here, "public_id": public_id, "flag": flag, "seen": seen}
    return render(request, "clinic/contacted.html", context, status=status)


@router.get(PATH)
def contact_form(request: Request, who: Therapist, public_id: str) -> Response:
    """The urgent answer, and a form to record that you contacted the client."""
    return _page(request, who, public_id, FormState())


@router.post(PATH)
def contact_save(request: Request, who: Therapist, public_id: str, form: FormDep) -> Response:
    """Record the contact; an empty or too long note comes back by its field."""
    app = backend(request)
    client = client_record.client_of(app.store, who.account, public_id)
    try:
        flag_contacts.record_contact(
            app.store,
            who.account,
            client,
            note=optional(form, "note"),
            now=app.clock(),
            seen=form.value("seen"),
        )
    except InvalidInput as error:
        return _page(request, who, public_id, with_errors(form, [error], ("note",)), 422)
    return RedirectResponse("/clinic/clients?saved=contacted", status_code=303)
