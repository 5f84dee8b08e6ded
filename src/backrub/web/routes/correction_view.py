"""Times and the way back on the correction form: the picker's value and the exact
instant it stands for, and History as the person left it.

A record in the second of a repeated hour (clocks set back) is shown in the
picker without an offset and kept exactly in a hidden field; History is
returned to with the same window or start date, at the corrected row.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from backrub.domain.inputs import parse_moment, repeated_local_time
from backrub.domain.records import CheckIn, PainSpot, ProSession, SelfSession
from backrub.domain.records import Response as Answered
from backrub.web.context import Here
from backrub.web.forms import FormState

VIEW = ("days", "since")  # the History view the person came from, kept through the form

KIND_SLUG: dict[type, str] = {
    CheckIn: "checkin",
    ProSession: "pro",
    SelfSession: "self",
    Answered: "response",
    PainSpot: "mark",
}


def local_at(record: Any, tz: str) -> str:
    """Return the record's time as the form shows it; the second of two equal times has its offset.

    A time without offset names the first occurrence of a repeated hour: the second
    one carries its offset, so a changed minute does not jump an hour back.
    """
    local = record.at.astimezone(ZoneInfo(tz))
    text = f"{local:%Y-%m-%dT%H:%M}"
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        text += local.isoformat()[-6:]
    return text


def back_to(
    here: Here, record: Any, done: str | None = None, view: dict[str, str] | None = None
) -> str:
    """Return History as the person left it (``view``: its window or start date) when the
    record is in it, else from the record's day on; saying what was ``done`` and
    pointing at the record's row."""
    day = record.at.astimezone(ZoneInfo(here.profile.tz)).date()
    query = {"since": day.isoformat()}
    start = _start(here, view or {})
    if view and start is not None and day >= start:
        query = dict(view)
    if done is None:
        return "/history?" + urlencode(query)
    query |= {"done": done, "kind": KIND_SLUG[type(record)], "at": record.at.isoformat()}
    return "/history?" + urlencode(query) + f"#r-{KIND_SLUG[type(record)]}-{record.id}"


def _start(here: Here, view: dict[str, str]) -> date | None:
    """Return the first day of a History view, or ``None`` when it names none."""
    if view.get("since"):
        try:
            return date.fromisoformat(view["since"])
        except ValueError:
            return None
    days = {"7": 7, "30": 30, "90": 90, "365": 365}.get(view.get("days", ""))
    return None if days is None else here.today - timedelta(days=days - 1)


def view_of(values: Any) -> dict[str, str]:
    """Return the History view named in a query or a form (``days``, ``since``)."""
    return {k: str(values.get(k))[:20] for k in VIEW if values.get(k)}


def exact_instant(here: Here, typed: object, exact: str = "") -> object:
    """Return a changed time read in the profile's zone, as an exact instant for the service.

    The form shows times in the profile's zone (History does too); the service reads a
    time without offset in the record's own zone, so the web hands it the instant. A
    record in the second of a repeated hour (``exact`` has its offset) stays in the
    second one when moved within that hour.
    """
    text = str(typed).strip()
    if not text:
        return typed  # the service says a time is needed
    zone = ZoneInfo(here.profile.tz)
    twice = repeated_local_time(text, zone=zone)
    second = None if twice is None else twice.other
    if second is not None and second.astimezone(zone).isoformat()[-6:] == exact[16:]:
        return second.isoformat()
    moment = parse_moment("at", text, zone=zone, now=here.now)
    return moment.isoformat()


def shown(form: FormState) -> FormState:
    """Return the form as the page shows it: the picker gets the local time without an
    offset, and the hidden ``at_exact`` keeps the time with its offset."""
    at = form.value("at")
    if len(at) <= 16 or "at_exact" in form.values:
        return form
    return FormState({**form.values, "at": at[:16], "at_exact": at}, form.lists, form.errors)


def as_typed(form: FormState) -> FormState:
    """Return the form with an unchanged picker time put back to the exact one."""
    exact = form.value("at_exact")
    if exact and form.value("at").strip() == exact[:16]:
        return FormState({**form.values, "at": exact}, form.lists, form.errors)
    return form
