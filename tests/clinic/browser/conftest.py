"""The browser fixture for the clinic's pages (see tests/web/browser/kit.py)."""

from tests.web.browser.kit import browser

__all__ = ["browser"]
