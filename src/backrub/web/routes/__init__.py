"""The routers, one small module per journey; ``ROUTERS`` is what the app includes.

A new part adds its module here and its entry in ``backrub.web.navigation.NAV``.
"""

from fastapi import APIRouter

from backrub.web.routes import (
    api_corrections,
    api_measures,
    api_records,
    api_safety,
    api_selfcare,
    backup,
    bodymap,
    corrections,
    evidence,
    guided,
    history,
    language,
    plan,
    profiles,
    progress,
    questionnaires,
    report,
    screening,
    sessions,
    today,
    trial,
)

ROUTERS: tuple[APIRouter, ...] = (
    language.router,
    today.router,
    screening.router,
    sessions.router,
    guided.router,
    plan.router,
    questionnaires.router,
    progress.router,
    trial.router,
    bodymap.router,
    report.router,
    history.router,
    corrections.router,
    evidence.router,
    backup.router,
    profiles.router,
    api_records.router,
    api_safety.router,
    api_selfcare.router,
    api_measures.router,
    api_corrections.router,
)
