"""The administrator's pages: the clinic's people, one person, removal and deletion.

``/clinic/people`` lists therapists and administrators, clients and open
invitations; ``/clinic/people/{public_id}`` is one person: assign a client to
therapists, remove staff, delete a client (after typing their name). A person
of another clinic is not found, the same as nobody.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub.domain.accounts import Role, WebSession
from backrub.errors import InvalidInput
from backrub.services import invitations, people, sign_in
from backrub.web.clinic.who import client_address, staff
from backrub.web.context import BackendDep
from backrub.web.forms import FormDep, FormState, with_error
from backrub.web.security import require_form_token
from backrub.web.templating import render

router = APIRouter(dependencies=[Depends(require_form_token)], include_in_schema=False)

ADMIN = staff(Role.ADMIN)
PERSON_FIELDS = ("therapist", "account")


def _back(public_id: str, done: str) -> Response:
    return RedirectResponse(f"/clinic/people/{public_id}?done={done}", status_code=303)


@router.get("/clinic/people")
def people_page(request: Request, backend: BackendDep, who: WebSession = ADMIN) -> Response:
    overview = people.overview(backend.store, who.account, backend.clock())
    done = request.query_params.get("done", "")
    context = {"overview": overview, "done": done, "unassigned": people.unassigned(overview)}
    return render(request, "clinic/people.html", context)


@router.post("/clinic/invitations/withdraw")
def withdraw(backend: BackendDep, form: FormDep, who: WebSession = ADMIN) -> Response:
    invitations.withdraw(backend.store, who.account, form.value("email"))
    return RedirectResponse("/clinic/people?done=withdrawn", status_code=303)


def _person_page(
    request: Request,
    backend: BackendDep,
    who: WebSession,
    public_id: str,
    form: FormState,
    status: int = 200,
) -> Response:
    found = people.person(backend.store, who.account, public_id)
    context = {
        "person": found,
        "form": form,
        "me": who.account,
        "done": request.query_params.get("done", ""),
        "locked": sign_in.locked(backend.store, found.account),
    }
    return render(request, "clinic/person.html", context, status=status)


@router.get("/clinic/people/{public_id}")
def person_page(
    request: Request, backend: BackendDep, public_id: str, who: WebSession = ADMIN
) -> Response:
    return _person_page(request, backend, who, public_id, FormState())


@router.post("/clinic/people/{public_id}/assign")
def assign(
    request: Request, backend: BackendDep, form: FormDep, public_id: str, who: WebSession = ADMIN
) -> Response:
    try:
        people.assign(
            backend.store,
            who.account,
            public_id,
            form.value("therapist"),
            backend.clock(),
            client_address(request.scope),
        )
    except InvalidInput as error:
        state = with_error(form, error, PERSON_FIELDS)
        return _person_page(request, backend, who, public_id, state, status=422)
    return _back(public_id, "assigned")


@router.post("/clinic/people/{public_id}/unassign")
def unassign(
    request: Request, backend: BackendDep, form: FormDep, public_id: str, who: WebSession = ADMIN
) -> Response:
    people.unassign(
        backend.store,
        who.account,
        public_id,
        form.value("therapist"),
        backend.clock(),
        client_address(request.scope),
    )
    return _back(public_id, "unassigned")


@router.get("/clinic/people/{public_id}/remove")
def remove_form(
    request: Request, backend: BackendDep, public_id: str, who: WebSession = ADMIN
) -> Response:
    found = people.removal(backend.store, who.account, public_id, backend.clock())
    return render(request, "clinic/person_remove.html", {"removal": found})


@router.post("/clinic/people/{public_id}/remove")
def remove(
    request: Request, backend: BackendDep, form: FormDep, public_id: str, who: WebSession = ADMIN
) -> Response:
    account = people.find(backend.store, who.account, public_id)
    try:
        people.remove_staff(
            backend.store, who.account, account, backend.clock(), client_address(request.scope)
        )
    except InvalidInput as error:
        state = with_error(form, error, PERSON_FIELDS)
        return _person_page(request, backend, who, public_id, state, status=422)
    return RedirectResponse("/clinic/people?done=removed", status_code=303)


def _delete_page(
    request: Request, backend: BackendDep, who: WebSession, public_id: str, form: FormState
) -> Response:
    account = people.find(backend.store, who.account, public_id)
    if account.role is not Role.CLIENT:
        raise people.nobody()
    status = 422 if form.has_errors else 200
    context = {"account": account, "form": form}
    return render(request, "clinic/person_delete.html", context, status=status)


@router.get("/clinic/people/{public_id}/delete")
def delete_form(
    request: Request, backend: BackendDep, public_id: str, who: WebSession = ADMIN
) -> Response:
    return _delete_page(request, backend, who, public_id, FormState())


@router.post("/clinic/people/{public_id}/delete")
def delete(
    request: Request, backend: BackendDep, form: FormDep, public_id: str, who: WebSession = ADMIN
) -> Response:
    account = people.find(backend.store, who.account, public_id)
    try:
        people.delete_client(
            backend.store,
            who.account,
            account,
            backend.clock(),
            confirm_name=form.value("confirm"),
            address=client_address(request.scope),
        )
    except InvalidInput as error:
        state = with_error(FormState(), error, ("confirm",))
        return _delete_page(request, backend, who, public_id, state)
    return RedirectResponse("/clinic/people?done=deleted", status_code=303)
