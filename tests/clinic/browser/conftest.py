"""The browser fixtures for the clinic journeys in this folder (see kit.py)."""

from tests.clinic.browser.kit import clinic_live
from tests.web.browser.kit import browser

__all__ = ["browser", "clinic_live"]
