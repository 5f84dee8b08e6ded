"""The clinic server's own pages, one module per area."""

from __future__ import annotations

from fastapi import APIRouter

from backrub.web.clinic.routes import (
    account,
    addenda,
    audit,
    clients,
    cohort,
    flag_contacts,
    follow_up,
    follow_up_contacts,
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
    addenda.router,
    flag_contacts.router,
    audit.router,
    follow_up.router,
    follow_up_contacts.router,
    cohort.router,
]
