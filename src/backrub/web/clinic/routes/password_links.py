"""New password links (administrator, or a therapist for their client) and resetting codes.

``POST /clinic/people/{public_id}/password-link`` (an administrator, anyone of
the clinic) and ``POST /clinic/clients/{public_id}/password-link`` (a
therapist, their own assigned client) show the link once with its QR code;
``POST /clinic/people/{public_id}/reset-codes`` turns off another staff
member's sign-in codes. Anyone else, or someone of another clinic: 404.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub.domain.accounts import Role, WebSession
from backrub.services import password_links
from backrub.web.clinic.who import client_address, staff
from backrub.web.context import BackendDep
from backrub.web.security import require_form_token
from backrub.web.templating import render

router = APIRouter(dependencies=[Depends(require_form_token)], include_in_schema=False)

ADMIN = staff(Role.ADMIN)
THERAPIST = staff(Role.THERAPIST)


def _made(
    request: Request, backend: BackendDep, who: WebSession, public_id: str, back: str
) -> Response:
    import segno

    now = backend.clock()
    invited = password_links.make(
        backend.store,
        who.account,
        public_id,
        now=now,
        address=client_address(request.scope),
    )
    link = f"{str(request.base_url).rstrip('/')}/invitations/{invited.token}"
    qr = segno.make(link, error="m").svg_data_uri(scale=4, border=2)
    # The page holds the token: the app's pages are sent with Cache-Control: no-store.
    context = {
        "invited": invited,
        "link": link,
        "qr": qr,
        "back": back,
        "now": now,
    }
    return render(request, "clinic/password_link.html", context)


@router.post("/clinic/people/{public_id}/password-link")
def admin_link(
    request: Request, backend: BackendDep, public_id: str, who: WebSession = ADMIN
) -> Response:
    return _made(request, backend, who, public_id, f"/clinic/people/{public_id[:36]}")


@router.post("/clinic/clients/{public_id}/password-link")
def therapist_link(
    request: Request, backend: BackendDep, public_id: str, who: WebSession = THERAPIST
) -> Response:
    return _made(request, backend, who, public_id, f"/clinic/clients/{public_id[:36]}")


@router.post("/clinic/people/{public_id}/reset-codes")
def reset_codes(
    request: Request, backend: BackendDep, public_id: str, who: WebSession = ADMIN
) -> Response:
    account = password_links.reset_codes(
        backend.store,
        who.account,
        public_id,
        now=backend.clock(),
        address=client_address(request.scope),
    )
    return RedirectResponse(f"/clinic/people/{account.public_id}?done=codes-reset", status_code=303)
