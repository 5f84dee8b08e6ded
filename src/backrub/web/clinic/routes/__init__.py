"""The clinic server's own pages, one module per area."""

from __future__ import annotations

from fastapi import APIRouter

from backrub.web.clinic.routes import (
    account,
    audit,
    clients,
    cohort,
    home,
    invitations,
    password_links,
    people,
    sign_in,
)

ROUTERS: list[APIRouter] = [
    sign_in.router,
    account.router,
    home.router,
    invitations.router,
    people.router,
    password_links.router,
    clients.router,
    audit.router,
    cohort.router,
]
