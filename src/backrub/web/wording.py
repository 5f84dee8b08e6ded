"""Word an error for a page: what is wrong and what to do, in words for people.

Services raise ``InvalidInput`` with a field, the value and what is allowed,
worded for the command line and the JSON API (``at: '29/03' is not allowed;
use an ISO date …``). A page shows the field's error next to the field, so it
needs neither the field's internal name nor the quoted value, and never a CLI
flag: ``for_people`` keeps what is allowed, turns the few CLI phrases into
words for people, and makes a sentence of it. Backup restore errors name a
record inside the file (``pro_sessions[1].cost_cents``): ``in_backup`` says which
record and field in words ("The 1st professional session has a price of 'abc'.").
"""

from __future__ import annotations

import re

from backrub.domain.protocols import PROTOCOLS
from backrub.domain.records import Zone
from backrub.domain.routines import zone_label
from backrub.errors import InvalidInput, Refusal, shown

_ZONES = {zone.value for zone in Zone}
_PROTOCOLS = {protocol.id: protocol.title for protocol in PROTOCOLS}

# CLI and internal phrases in ``allowed`` texts, and the words a page uses instead.
PHRASES: tuple[tuple[str, str], ...] = (
    ("use an ISO date and time such as", "use a date and time such as"),
    ("use an ISO date and time with an offset, e.g.", "use a date and time such as"),
    ("use an IANA time zone such as", "choose a time zone from the list, such as"),
    ("use a real date as YYYY-MM-DD", "use a real date such as 2026-03-01 (year-month-day)"),
    ("give the seconds on each zone, or write zone:seconds", "give the seconds on each zone"),
    ("a reason goes with an override", "a reason goes with “Record it anyway”"),
    ("give a file written by backrub's JSON export", "choose a backup made with Download"),
    (", or '-' for a missing answer", ""),  # a page leaves a missing answer empty
)
# Lists of internal names after a phrase: a page has the choices in front of the person.
LISTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"name at least one zone: [a-z_, ]+"), "choose at least one zone"),
    (re.compile(r"mark at least one region as region:N; [a-z_, ]+"), "mark at least one region"),
)
_FLAG = re.compile(r"--([a-z][a-z-]*)")

RESTORE_FAILED = "This file can't be restored. Nothing was changed."
NOT_BACKUP = "This is not a backrub backup, or it was cut short."
CHOOSE_AGAIN = "Choose the file again"

# Records and fields of a backup file, as a person names them.
_RECORDS = {
    "profile": "profile",
    "checkins": "check-in",
    "pro_sessions": "professional session",
    "self_sessions": "self-massage session",
    "responses": "questionnaire",
    "pain_spots": "body-map mark",
    "episodes": "pain episode",
    "plans": "plan",
    "screenings": "screening",
}
_FIELDS = {
    "cost_cents": "a price",
    "at": "a time",
    "tz": "a time zone",
    "pain": "a pain score",
    "instrument": "a questionnaire name",
    "answers": "an answer",
    "weekdays": "a list of weekdays",
    "protocol_id": "a protocol",
    "duration_min": "a length in minutes",
    "technique": "a technique",
    "tool": "a tool",
    "zones": "a list of zones",
    "name": "a name",
}
_WHERE = re.compile(r"^(?P<kind>[a-z_]+)(?:\[(?P<n>\d+)\])?(?:\.(?P<field>[a-z_]+))?")


def sentence(text: str) -> str:
    """Return ``text`` with a capital first letter and a full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def _choice_words(name: str) -> str:
    if name in _ZONES:
        return zone_label(Zone(name))
    if name in _PROTOCOLS:
        return _PROTOCOLS[name]
    return re.sub(r"(?<=[a-z])_(?=[a-z])", " ", name)


def for_people(error: InvalidInput) -> str:
    """Return what ``error`` allows, in words for a page (no field name, no CLI flag)."""
    text = error.allowed
    for cli, words in PHRASES:
        text = text.replace(cli, words)
    for pattern, words in LISTS:
        text = pattern.sub(words, text)
    head, sep, names = text.partition("one of: ")
    if sep:  # internal names of choices ("tennis_ball", "ql_left") in words
        text = head + sep + ", ".join(_choice_words(name) for name in names.split(", "))
    text = _FLAG.sub(lambda flag: "the " + flag.group(1).replace("-", " ") + " field", text)
    return sentence(text)


# Field names a page shows when an error cannot sit next to its field.
_LABELS = {
    "at": "Time",
    "tz": "Time zone",
    "started_at": "Start time",
    "activity_min": "Minutes of activity",
    "gun_level": "Speed level",
}


def field_label(field: str) -> str:
    """Return a field's name for a page: 'pain_after' → 'Pain after', '--at' → 'Time'."""
    name = field.lstrip("-").replace("-", "_")
    part, _, zone = name.partition("_")
    if part == "zone" and zone in _ZONES:  # a zone the guided page reported
        return f"The {zone_label(Zone(zone))}"
    if part in ("seconds", "level") and zone in _ZONES:  # a zone's box on the guided page
        what = "Seconds" if part == "seconds" else "Speed level"
        return f"{what} on the {zone_label(Zone(zone))}"
    label = _LABELS.get(name, name.replace("_", " "))
    return label[:1].upper() + label[1:]


def with_field(error: InvalidInput) -> str:
    """Return ``for_people`` led by the field's name, for an error shown away from its field."""
    return f"{field_label(error.field)}: {for_people(error)}"


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def in_backup(error: InvalidInput) -> str:
    """Return what is wrong in a backup file in plain words, without record keys."""
    if error.field in ("file", "checksum", "schema_version", "data"):
        return NOT_BACKUP
    where = _WHERE.match(error.field)
    kind = _RECORDS.get(where.group("kind"), "") if where else ""
    if not where or not kind:
        return for_people(error)
    number = where.group("n")
    record = f"The {_ordinal(int(number))} {kind}" if number is not None else f"The {kind}"
    field = where.group("field")
    if error.value is None:
        what = f"{record} has no {_FIELDS.get(field or '', 'value').split(' ', 1)[-1]}"
    else:
        what = f"{record} has {_FIELDS.get(field or '', 'a value')} of {shown(error.value)}"
    return f"{what} ({for_people(error).rstrip('.').lower()})."


# What a page says beside the other fields a refusal concerns (the reason sits at the first).
ALSO_CONCERNED = "The rule above concerns this too."
OVERRIDE_OFFER = "a rule says no. Change what you typed, or record it anyway with a reason below."


def refusal_errors(refusal: Refusal, fields: tuple[str, ...]) -> dict[str, str]:
    """Return a form's errors for ``refusal``: its words next to the fields it concerns.

    The message sits beside the first concerned field of the form, the other
    concerned fields point to it, and the form's box says what to do (change
    the values, or record it anyway with a reason when an override is possible).
    A refusal that concerns no field of the form is shown in the form's box.
    """
    concerned = [name for name in fields if name in refusal.fields]
    if not concerned:
        return {"form": sentence(refusal.message)}
    errors = {name: ALSO_CONCERNED for name in concerned[1:]}
    errors[concerned[0]] = sentence(refusal.message)
    if refusal.override:
        errors["form"] = OVERRIDE_OFFER
    return errors


# The way past a refusal on a page, by its code: a link, never a command.
WAYS_OUT = {
    "screening_needed": ("Answer the screening questions", "/screening"),
    "clearance_needed": ("Record what a clinician cleared", "/screening"),
    "no_plan": ("Make a plan", "/plan/new"),
    "no_profile": ("Add a profile", "/profiles"),
}


def zone_words(tz: str) -> str:
    """Return a time zone as a person says it: 'Berlin time (Europe/Berlin)', 'UTC'."""
    if tz in ("UTC", "Etc/UTC", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu", "GMT"):
        return "UTC (universal time)"
    place = tz.rsplit("/", 1)[-1]
    if "/" not in tz or place.startswith(("GMT", "UTC")):
        return f"the {tz} time zone"
    return f"{place.replace('_', ' ')} time ({tz})"
