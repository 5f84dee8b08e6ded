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
from backrub.i18n import ENGLISH, N_, _, current, pgettext

_ZONES = {zone.value for zone in Zone}
_PROTOCOLS = {protocol.id: protocol.title for protocol in PROTOCOLS}

# CLI and internal phrases in ``allowed`` texts, and the words a page uses instead.
# The page's words are marked N_ and said in the page's language.
PHRASES: tuple[tuple[str, str], ...] = (
    ("use an ISO date and time such as", N_("use a date and time such as")),
    ("use an ISO date and time with an offset, e.g.", N_("use a date and time such as")),
    ("use an IANA time zone such as", N_("choose a time zone from the list, such as")),
    ("use a real date as YYYY-MM-DD", N_("use a real date such as 2026-03-01 (year-month-day)")),
    ("give the seconds on each zone, or write zone:seconds", N_("give the seconds on each zone")),
    ("a reason goes with an override", N_("a reason goes with “Record it anyway”")),
    ("give a file written by backrub's JSON export", N_("choose a backup made with Download")),
    (", or '-' for a missing answer", ""),  # a page leaves a missing answer empty
)
# Lists of internal names after a phrase: a page has the choices in front of the person.
LISTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"name at least one zone: [a-z_, ]+"), N_("choose at least one zone")),
    (
        re.compile(r"mark at least one region as region:N; [a-z_, ]+"),
        N_("mark at least one region"),
    ),
)
_FLAG = re.compile(r"--([a-z][a-z-]*)")

# Marked N_: say them with _() where they are shown.
RESTORE_FAILED = N_("This file can't be restored. Nothing was changed.")
NOT_BACKUP = N_("This is not a backrub backup, or it was cut short.")
CHOOSE_AGAIN = N_("Choose the file again")

# Records and fields of a backup file, as a person names them.
_RECORDS = {
    "profile": N_("profile"),
    "checkins": N_("check-in"),
    "pro_sessions": N_("professional session"),
    "self_sessions": N_("self-massage session"),
    "responses": N_("questionnaire"),
    "pain_spots": N_("body-map mark"),
    "episodes": N_("pain episode"),
    "plans": N_("plan"),
    "screenings": N_("screening"),
}
# Each field with its article ("has a price of 'x'") and without ("has no price").
_FIELDS = {
    "cost_cents": (N_("a price"), N_("price")),
    "at": (N_("a time"), N_("time")),
    "tz": (N_("a time zone"), N_("time zone")),
    "language": (N_("a language"), N_("language")),
    "pain": (N_("a pain score"), N_("pain score")),
    "instrument": (N_("a questionnaire name"), N_("questionnaire name")),
    "answers": (N_("an answer"), N_("answer")),
    "weekdays": (N_("a list of weekdays"), N_("list of weekdays")),
    "protocol_id": (N_("a protocol"), N_("protocol")),
    "duration_min": (N_("a length in minutes"), N_("length in minutes")),
    "technique": (N_("a technique"), N_("technique")),
    "tool": (N_("a tool"), N_("tool")),
    "zones": (N_("a list of zones"), N_("list of zones")),
    "name": (N_("a name"), N_("name")),
}
_SOME_VALUE = (N_("a value"), N_("value"))
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
        return _(_PROTOCOLS[name])
    if name in _THINGS:
        return _(_THINGS[name])
    return re.sub(r"(?<=[a-z])_(?=[a-z])", " ", name)


# A list of internal names ("tennis_ball, foam_roller") ending an allowed text in any
# language ("choose one of: …", "hãy chọn một trong: …").
_CHOICES = re.compile(r"(?P<head>.*: )(?P<names>[a-z][a-z0-9_-]*(?:, [a-z][a-z0-9_-]*)+)$")


# A field whose choices are on the page (a list to pick from): its refusal says
# what to do, not the list's internal names.
_PICKED = {"technique": N_("choose the technique")}


def for_people(error: InvalidInput) -> str:
    """Return what ``error`` allows, in words for a page (no field name, no CLI flag)."""
    text = error.allowed
    if error.field in _PICKED and _CHOICES.match(text):
        return sentence(_(_PICKED[error.field]))
    for cli, words in PHRASES:
        text = text.replace(cli, _(words) if words else words)
    for pattern, words in LISTS:
        text = pattern.sub(_(words), text)
    choices = _CHOICES.match(text)
    if choices:  # internal names of choices ("tennis_ball", "ql_left") in words
        names = choices["names"].split(", ")
        text = choices["head"] + ", ".join(_choice_words(name) for name in names)
    text = _FLAG.sub(lambda flag: _flag_words(flag.group(1)), text)
    return sentence(text)


def _flag_words(flag: str) -> str:
    return _("the %(name)s field", name=flag.replace("-", " "))


# Field names a page shows when an error cannot sit next to its field.
def _labels() -> dict[str, str]:
    """Return the form fields' names in the current language (English: the name's words)."""
    said = {
        "at": pgettext("form field", "Time"),
        "tz": pgettext("form field", "Time zone"),
        "started_at": pgettext("form field", "Start time"),
        "activity_min": pgettext("form field", "Minutes of activity"),
        "gun_level": pgettext("form field", "Speed level"),
        "pain": pgettext("form field", "pain"),
        "soreness": pgettext("form field", "soreness"),
        "sleep": pgettext("form field", "sleep"),
        "medication": pgettext("form field", "medication"),
        "note": pgettext("form field", "note"),
        "minutes": pgettext("form field", "minutes"),
        "cost": pgettext("form field", "cost"),
        "currency": pgettext("form field", "currency"),
        "therapist": pgettext("form field", "therapist"),
        "technique": pgettext("form field", "technique"),
        "tool": pgettext("form field", "tool"),
        "tools": pgettext("form field", "tools"),
        "zones": pgettext("form field", "zones"),
        "seconds": pgettext("form field", "seconds"),
        "level": pgettext("form field", "level"),
        "name": pgettext("form field", "name"),
        "protocol": pgettext("form field", "protocol"),
        "start": pgettext("form field", "start"),
        "days": pgettext("form field", "days"),
        "price": pgettext("form field", "price"),
        "file": pgettext("form field", "file"),
        "override": pgettext("form field", "override"),
        "reason": pgettext("form field", "reason"),
        "pain_before": pgettext("form field", "pain before"),
        "pain_during": pgettext("form field", "pain during"),
        "pain_after": pgettext("form field", "pain after"),
        "new_leg_symptoms": pgettext("form field", "new leg symptoms"),
        "budget_total": pgettext("form field", "budget total"),
        "cleared_on": pgettext("form field", "cleared on"),
        "daily": pgettext("form field", "daily self-massage slot"),
    }
    return said


def field_label(field: str) -> str:
    """Return a field's name for a page: 'pain_after' → 'Pain after', '--at' → 'Time'."""
    name = field.lstrip("-").replace("-", "_")
    part, _sep, zone = name.partition("_")
    if part == "zone" and zone in _ZONES:  # a zone the guided page reported
        return _("The %(zone)s", zone=zone_label(Zone(zone)))
    if part == "seconds" and zone in _ZONES:  # a zone's box on the guided page
        return _("Seconds on the %(zone)s", zone=zone_label(Zone(zone)))
    if part == "level" and zone in _ZONES:
        return _("Speed level on the %(zone)s", zone=zone_label(Zone(zone)))
    label = _labels().get(name) or name.replace("_", " ")
    return label[:1].upper() + label[1:]


def with_field(error: InvalidInput) -> str:
    """Return ``for_people`` led by the field's name, for an error shown away from its field."""
    return f"{field_label(error.field)}: {for_people(error)}"


def _ordinal(n: int) -> str:
    if current() != ENGLISH:
        return str(n)  # the language's message places the number ("thứ 2")
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def in_backup(error: InvalidInput) -> str:
    """Return what is wrong in a backup file in plain words, without record keys."""
    if error.field in ("file", "checksum", "schema_version", "data"):
        return _(NOT_BACKUP)
    where = _WHERE.match(error.field)
    kind = _RECORDS.get(where.group("kind"), "") if where else ""
    if not where or not kind:
        return for_people(error)
    number = where.group("n")
    if number is not None:
        record = _("The %(nth)s %(record)s", nth=_ordinal(int(number)), record=_(kind))
    else:
        record = _("The %(record)s", record=_(kind))
    with_article, bare = _FIELDS.get(where.group("field") or "", _SOME_VALUE)
    if error.value is None:
        what = _("%(record)s has no %(field)s", record=record, field=_(bare))
    else:
        what = _(
            "%(record)s has %(field)s of %(value)s",
            record=record,
            field=_(with_article),
            value=shown(error.value),
        )
    return f"{what} ({for_people(error).rstrip('.').lower()})."


# What a page says beside the other fields a refusal concerns (the reason sits at the first).
ALSO_CONCERNED = N_("The rule above concerns this too.")
OVERRIDE_OFFER = N_(
    "a rule says no. Change what you typed, or record it anyway with a reason below."
)


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
    errors = {name: _(ALSO_CONCERNED) for name in concerned[1:]}
    errors[concerned[0]] = sentence(refusal.message)
    if refusal.override:
        errors["form"] = _(OVERRIDE_OFFER)
    return errors


# The way past a refusal on a page, by its code: a link, never a command.
# The words are marked N_: error.html says them in the page's language.
WAYS_OUT = {
    "screening_needed": (N_("Answer the screening questions"), "/screening"),
    "clearance_needed": (N_("Record what a clinician cleared"), "/screening"),
    "no_plan": (N_("Make a plan"), "/plan/new"),
    "no_profile": (N_("Add a profile"), "/profiles"),
}

# Tools and techniques of the records, as a page names them (English: the value's words).
_THINGS = {
    "tennis_ball": N_("tennis ball"),
    "foam_roller": N_("foam roller"),
    "massage_gun": N_("massage gun"),
    "hands": N_("hands"),
    "relaxation": N_("relaxation"),
    "structural": N_("structural"),
    "trigger_point": N_("trigger point"),
    "sports": N_("sports"),
    "other": N_("other"),
}


def thing_words(value: str) -> str:
    """Return a tool or technique ("foam_roller") as a page names it ("foam roller")."""
    return _(_THINGS[value]) if value in _THINGS else value.replace("_", " ")


def zone_words(tz: str) -> str:
    """Return a time zone as a person says it: 'Berlin time (Europe/Berlin)', 'UTC'."""
    if tz in ("UTC", "Etc/UTC", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu", "GMT"):
        return _("UTC (universal time)")
    place = tz.rsplit("/", 1)[-1]
    if "/" not in tz or place.startswith(("GMT", "UTC")):
        return _("the %(zone)s time zone", zone=tz)
    return _("%(place)s time (%(zone)s)", place=place.replace("_", " "), zone=tz)
