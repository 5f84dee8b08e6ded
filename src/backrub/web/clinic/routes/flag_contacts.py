"""Record "I contacted the client" about an urgent mood answer (REVIEW-CLIN-13 S2)
or an emergency or same-day stop of the safety answers (people review 7, F2).

``/clinic/clients/{public_id}/contacted``: the client's assigned therapist only
(anyone else: the same 404 as an unknown page). The page names the answer (the
stop first, then the mood answer, each with its own form: ``about``) and
asks for a short note (the form names the answer it showed: a newer one arrived
meanwhile is refused, 422, "read it first"); the flag then shows on the list as "Look at first" with
who and when, until a newer answer. The audit trail records the change.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub.domain.accounts import Role, WebSession
from backrub.domain.caseload import read_screening
from backrub.domain.records import ScreeningRecord
from backrub.errors import InvalidInput
from backrub.services import client_record, flag_contacts, stop_contacts
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
    stop = stop_contacts.open_stop(here.store, client)
    context = {
        "form": form,
        "about": form.value("about") or "",
        "here": here,
        "public_id": public_id,
        "flag": flag,
        "seen": flag_contacts.seen_of(flag) if flag is not None else "",
        "stop": stop,
        "stop_seen": stop_contacts.seen_of(stop) if stop is not None else "",
        "stop_contacts": stop_contacts.contacts_about(here.store, client, stop) if stop else [],
        "findings": _findings(stop) if stop is not None else "",
        "blank": FormState(),
    }
    return render(request, "clinic/contacted.html", context, status=status)


def _findings(stop: ScreeningRecord) -> str:
    """The warning signs of the stop, in words."""
    read = read_screening(stop)
    return ", ".join(r.shown for r in (read.reasons if read else ()))


@router.get(PATH)
def contact_form(request: Request, who: Therapist, public_id: str) -> Response:
    """The urgent answer, and a form to record that you contacted the client."""
    return _page(request, who, public_id, FormState())


@router.post(PATH)
def contact_save(request: Request, who: Therapist, public_id: str, form: FormDep) -> Response:
    """Record the contact; an empty or too long note comes back by its field."""
    app = backend(request)
    client = client_record.client_of(app.store, who.account, public_id)
    record = stop_contacts.record_contact if form.value("about") == "stop" else None
    record = record or flag_contacts.record_contact
    try:
        record(
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
