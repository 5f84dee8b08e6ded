"""The web app: the journeys of backrub in a browser on localhost.

``create_app(settings)`` builds it (see ``app``); ``backrub serve`` runs it
with uvicorn. Pages are server-rendered Jinja with htmx fragments (vendored
under ``static/``); the JSON API lives under ``/api/``. Both call
``backrub.services`` only.
"""

from backrub.web.app import create_app
from backrub.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
