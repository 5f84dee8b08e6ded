"""The navigation bar as data: a part of backrub joins the web app by adding a line here.

Each part of the app adds its ``NavItem`` here (and its routes module in
``backrub.web.routes``). The bar wraps on a narrow screen.
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
    NavItem("/guided", "Self-massage"),
    NavItem("/sessions", "Sessions"),
    NavItem("/questionnaires", "Questionnaires"),
    NavItem("/body-map", "Body map"),
    NavItem("/progress", "Progress"),
    NavItem("/report", "Report"),
    NavItem("/history", "History"),
    NavItem("/screening", "Safety"),
    NavItem("/evidence", "Evidence"),
    NavItem("/backup", "Backup"),
    NavItem("/profiles", "Profiles"),
)
