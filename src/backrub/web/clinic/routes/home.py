"""``/clinic``: where staff start (each role's pages are listed here).

An administrator also sees here the follow-up warning signs answered "yes" of
clients nobody is assigned to (``services.follow_up_alerts``): someone must.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backrub.domain.accounts import Role, WebSession
from backrub.services import follow_up_alerts
from backrub.web.clinic.audit_trail import LISTED
from backrub.web.clinic.who import staff
from backrub.web.context import backend
from backrub.web.templating import render

router = APIRouter(include_in_schema=False)

Staff = Annotated[WebSession, staff(Role.ADMIN, Role.THERAPIST)]


@router.get("/clinic")
def clinic_home(request: Request, who: Staff) -> Response:
    alerts: tuple[follow_up_alerts.Alert, ...] = ()
    if who.account.role is Role.ADMIN:
        alerts = follow_up_alerts.alerts(backend(request).store, who.account)
        setattr(request.state, LISTED, tuple({a.client_public_id for a in alerts}))
    return render(request, "clinic/home.html", {"follow_up_alerts": alerts})
