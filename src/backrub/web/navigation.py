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

from backrub.i18n import N_


@dataclass(frozen=True, slots=True)
class NavItem:
    path: str
    label: str  # marked N_; a page shows it in its language (tr in the templates)
    more: bool = False  # under "More" rather than in the bar itself

    def is_current(self, request_path: str) -> bool:
        if self.path == "/":
            return request_path == "/"
        return request_path == self.path or request_path.startswith(self.path + "/")


NAV: tuple[NavItem, ...] = (
    NavItem("/", N_("Today")),
    NavItem("/guided", N_("Self-massage")),
    NavItem("/progress", N_("Progress")),
    NavItem("/plan", N_("Plan"), more=True),
    NavItem("/sessions", N_("Sessions"), more=True),
    NavItem("/questionnaires", N_("Questionnaires"), more=True),
    NavItem("/body-map", N_("Body map"), more=True),
    NavItem("/history", N_("History"), more=True),
    NavItem("/report", N_("Report"), more=True),
    NavItem("/trial", N_("Trial"), more=True),
    NavItem("/screening", N_("Safety"), more=True),
    NavItem("/evidence", N_("Evidence"), more=True),
    NavItem("/backup", N_("Backup"), more=True),
    NavItem("/profiles", N_("Profiles"), more=True),
)


def in_more(items: Iterable[NavItem], request_path: str) -> bool:
    """Return whether the page at ``request_path`` is one of the items under "More"."""
    return any(item.more and item.is_current(request_path) for item in items)


# The clinic server (issue 13): a client's menu has no profiles (their account is their
# one profile) but their time zone and who opened their record; staff get the clinic's
# pages their role opens, and the evidence.
CLIENT_NAV: tuple[NavItem, ...] = (
    *(item for item in NAV if item.path != "/profiles"),
    NavItem("/profiles/zone", N_("Time zone"), more=True),
    NavItem("/account/access", N_("Who opened your record"), more=True),
)
_EVIDENCE = NavItem("/evidence", N_("Evidence"), more=True)
STAFF_NAV: dict[str, tuple[NavItem, ...]] = {
    "admin": (
        NavItem("/clinic", N_("Clinic")),
        NavItem("/clinic/people", N_("People"), more=True),
        NavItem("/clinic/audit", N_("Audit log"), more=True),
        _EVIDENCE,
    ),
    "therapist": (
        NavItem("/clinic", N_("Clinic")),
        NavItem("/clinic/clients", N_("Your clients"), more=True),
        NavItem("/clinic/follow-up", N_("Follow-up"), more=True),
        _EVIDENCE,
    ),
}
