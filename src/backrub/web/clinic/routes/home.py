"""``/clinic``: where staff start (each role's pages are listed here)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backrub.domain.accounts import Role
from backrub.web.clinic.who import staff
from backrub.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/clinic", dependencies=[staff(Role.ADMIN, Role.THERAPIST)])
def clinic_home(request: Request) -> Response:
    return render(request, "clinic/home.html", {})
