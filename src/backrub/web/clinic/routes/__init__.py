"""The clinic server's own pages, one module per area."""

from __future__ import annotations

from fastapi import APIRouter

from backrub.web.clinic.routes import clients, home, sign_in

ROUTERS: list[APIRouter] = [sign_in.router, home.router, clients.router]
