"""The browser fixtures for every journey in this folder (see kit.py)."""

from tests.web.browser.kit import browser, live, live_demo

__all__ = ["browser", "live", "live_demo"]
