"""The routers, one small module per journey; ``ROUTERS`` is what the app includes.

A new part (guided self-massage, questionnaires, progress, the report) adds
its module here and its entry in ``backrub.web.navigation.NAV``.
"""

from fastapi import APIRouter

from backrub.web.routes import (
    api_records,
    api_safety,
    backup,
    evidence,
    history,
    plan,
    profiles,
    screening,
    sessions,
    today,
)

ROUTERS: tuple[APIRouter, ...] = (
    today.router,
    screening.router,
    sessions.router,
    plan.router,
    history.router,
    evidence.router,
    backup.router,
    profiles.router,
    api_records.router,
    api_safety.router,
)
