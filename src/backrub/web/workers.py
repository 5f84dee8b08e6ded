"""The clinic server for uvicorn's worker processes (``backrub serve --clinic --workers N``).

Each worker imports ``backrub.web.workers:clinic_app`` and calls it (a factory):
the settings come from the ``BACKRUB_*`` environment variables that ``backrub
serve`` set before starting the workers. The schema was brought up to date by
``backrub serve`` once, before any worker started.
"""

from __future__ import annotations

from fastapi import FastAPI

from backrub.web.app import create_app
from backrub.web.settings import WebSettings

IMPORT_STRING = "backrub.web.workers:clinic_app"


def clinic_app() -> FastAPI:
    """Return the clinic server as ``BACKRUB_*`` describes it (always the clinic server)."""
    return create_app(WebSettings(clinic=True, demo=False))
