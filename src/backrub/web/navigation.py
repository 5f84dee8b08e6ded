"""The navigation bar as data: a part of backrub joins the web app by adding a line here.

Guided self-massage, questionnaires, progress and the report are being built
as their own parts; each adds its ``NavItem`` (and its routes module) when it
arrives. The bar wraps on a narrow screen, so a few more items still fit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NavItem:
    path: str
    label: str

    def is_current(self, request_path: str) -> bool:
        if self.path == "/":
            return request_path == "/"
        return request_path == self.path or request_path.startswith(self.path + "/")


NAV: tuple[NavItem, ...] = (
    NavItem("/", "Today"),
    NavItem("/plan", "Plan"),
    NavItem("/sessions", "Sessions"),
    NavItem("/history", "History"),
    NavItem("/screening", "Safety"),
    NavItem("/evidence", "Evidence"),
    NavItem("/backup", "Backup"),
    NavItem("/profiles", "Profiles"),
)
