"""The navigation bar as data: a part of backrub joins the web app by adding a line here.

Each part of the app adds its ``NavItem`` here (and its routes module in
``backrub.web.routes``). Three destinations a person uses daily stay in the
bar; the rest sit under "More", a disclosure (``<details>``) that opens with
a click, Enter or Space and works without JavaScript. So the bar takes at
most two lines on a 360 px phone, next to the brand and the profile.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NavItem:
    path: str
    label: str
    more: bool = False  # under "More" rather than in the bar itself

    def is_current(self, request_path: str) -> bool:
        if self.path == "/":
            return request_path == "/"
        return request_path == self.path or request_path.startswith(self.path + "/")


NAV: tuple[NavItem, ...] = (
    NavItem("/", "Today"),
    NavItem("/guided", "Self-massage"),
    NavItem("/progress", "Progress"),
    NavItem("/plan", "Plan", more=True),
    NavItem("/sessions", "Sessions", more=True),
    NavItem("/questionnaires", "Questionnaires", more=True),
    NavItem("/body-map", "Body map", more=True),
    NavItem("/history", "History", more=True),
    NavItem("/report", "Report", more=True),
    NavItem("/screening", "Safety", more=True),
    NavItem("/evidence", "Evidence", more=True),
    NavItem("/backup", "Backup", more=True),
    NavItem("/profiles", "Profiles", more=True),
)


def in_more(items: Iterable[NavItem], request_path: str) -> bool:
    """Return whether the page at ``request_path`` is one of the items under "More"."""
    return any(item.more and item.is_current(request_path) for item in items)
