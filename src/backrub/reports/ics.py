"""Render a plan as an iCalendar (RFC 5545) file with the ``icalendar`` library.

Words a person reads (the calendar's name, SUMMARY, DESCRIPTION) follow the
current language; UIDs, dates, categories and the structure do not.

Events: each professional session (timed, at the plan's placeholder hour),
each assessment (all-day) and, if asked, the daily self-massage slot as one
event repeating daily until the plan's end. Every UID is a hash of the plan's
protocol and start, the kind of event and its date, so exporting the same plan
twice gives the same UIDs and a calendar app updates instead of duplicating.
DTSTAMP is the day the plan was made (midnight UTC), not the clock, so the
output is a pure function of the plan.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event

from backrub.domain.plan_model import Plan
from backrub.errors import InvalidInput
from backrub.i18n import N_, _
from backrub.reports.value_words import value_words

NOT_A_DEVICE = N_(
    "backrub is not a medical device: it informs and records, it does not diagnose or treat."
)
UID_DOMAIN = "backrub.local"


def event_uid(plan: Plan, kind: str, on: date) -> str:
    """Return the stable UID of the event of ``kind`` on ``on`` in ``plan``."""
    key = f"{plan.protocol_id}|{plan.start.isoformat()}|{kind}|{on.isoformat()}"
    return hashlib.sha256(key.encode()).hexdigest()[:32] + "@" + UID_DOMAIN


def _zone(tz: str) -> tzinfo:
    if tz.strip().upper() in {"UTC", "Z", "ETC/UTC"}:
        return UTC
    try:
        return ZoneInfo(tz.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            "tz", tz, _("use an IANA time zone such as Europe/London, or UTC")
        ) from None


def _describe(reason: str, evidence: tuple[str, ...]) -> str:
    sources = _("Evidence: %(ids)s.", ids=", ".join(evidence))
    return f"{reason}\n{sources}\n{_(NOT_A_DEVICE)}"


def _event(plan: Plan, kind: str, on: date, summary: str, description: str) -> Event:
    event = Event()
    event.add("uid", event_uid(plan, kind, on))
    event.add("dtstamp", datetime.combine(plan.made_on, time(0), tzinfo=UTC))
    event.add("summary", summary)
    event.add("description", description)
    event.add("categories", ["backrub", kind])
    return event


def _timed(event: Event, on: date, at: time, minutes: int, zone: tzinfo) -> Event:
    start = datetime.combine(on, at, tzinfo=zone)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=minutes))
    return event


def _session_title(number: int, count: int, minutes: int) -> str:
    return _(
        "Massage session %(number)s of %(count)s (%(minutes)s min)",
        number=number,
        count=count,
        minutes=minutes,
    )


def _assessment_title(weeks: int) -> str:
    if weeks == 0:
        return _("backrub baseline assessment")
    return _("backrub %(weeks)s-week assessment", weeks=weeks)


def plan_to_ics(plan: Plan, *, tz: str, include_daily_slot: bool, prodid: str) -> bytes:
    """Return ``plan`` as iCalendar bytes (CRLF line ends, lines folded at 75 octets).

    ``tz`` is an IANA zone (a VTIMEZONE is included) or ``UTC`` (times end in Z).
    The daily slot is left out when screening allows no self-massage tool.
    """
    zone = _zone(tz)
    if not prodid.strip():
        raise InvalidInput("prodid", prodid, _("give a product id such as -//backrub//plan//EN"))
    calendar = Calendar()
    calendar.add("prodid", prodid.strip())
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("backrub plan: %(title)s", title=plan.title))

    for number, session in enumerate(plan.sessions, start=1):
        summary = _session_title(number, len(plan.sessions), session.duration_min)
        reason = session.reason + " " + _("The time is a placeholder: move it to your booking.")
        event = _event(
            plan, "professional", session.on, summary, _describe(reason, session.evidence)
        )
        calendar.add_component(
            _timed(event, session.on, plan.session_at, session.duration_min, zone)
        )

    for check in plan.assessments:
        event = _event(
            plan,
            "assessment",
            check.on,
            _assessment_title(check.weeks),
            _describe(check.reason, check.evidence),
        )
        event.add("dtstart", check.on)
        event.add("dtend", check.on + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)

    slot = plan.self_massage
    if include_daily_slot and slot.tools:
        tools = ", ".join(value_words(t) for t in slot.tools)
        reason = f"{slot.reason} {_('Tools: %(tools)s.', tools=tools)} {plan.activity.reason}"
        evidence = (*slot.evidence, *plan.activity.evidence)
        summary = _("Self-massage, at most %(minutes)s min", minutes=slot.cap_min)
        event = _event(plan, "self_massage", plan.start, summary, _describe(reason, evidence))
        _timed(event, plan.start, slot.at, slot.cap_min, zone)
        event.add("rrule", {"freq": "daily", "count": (plan.end - plan.start).days + 1})
        calendar.add_component(event)

    if zone is not UTC:
        year = timedelta(days=366)
        calendar.add_missing_timezones(
            first_date=plan.start - year, last_date=max(a.on for a in plan.assessments) + year
        )
    data: bytes = calendar.to_ical()
    return data
