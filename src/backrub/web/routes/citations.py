"""Kept for the routes that import ``linked`` from here: the code is in ``web.citations``."""

from backrub.web.citations import linked, source_link

__all__ = ["linked", "source_link"]
