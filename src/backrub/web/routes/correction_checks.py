"""Every mistake of a correction at once: the History edit form checked again, saving nothing.

The correction services stop at the first bad value. Here the edit form's other
fields are checked as a new record's would be (the same parsers, no writes), so
the page can show every mistake next to its field in one go.
"""

from __future__ import annotations

from backrub import services
from backrub.errors import InvalidInput
from backrub.web.context import Here
from backrub.web.forms import Check, FormState, all_errors, optional
from backrub.web.routes.sessions import PRO_FIELDS, SELF_FIELDS, pro_arguments, self_errors

FIELDS: dict[str, tuple[str, ...]] = {
    "checkin": ("pain", "soreness", "sleep", "activity_min", "medication", "note", "at"),
    "pro": PRO_FIELDS,
    "self": SELF_FIELDS,
    "mark": ("region", "intensity", "at"),
}
STAND_INS = {"pain": "0", "technique": "other", "minutes": "60"}


def other_errors(here: Here, kind: str, form: FormState) -> list[InvalidInput]:
    """Return the mistakes in the correction's other fields, checked without saving.

    The service stops at the first bad value; the form's fields are checked again
    as a new record's would be, so every mistake is shown at once. The time is
    left to the service, which reads it in the record's own zone.
    """
    values = {n: optional(form, n) for n in FIELDS.get(kind, ())}
    values["at"] = None
    if kind == "checkin":
        return probe(lambda v: services.parse_checkin(here.profile, now=here.now, **v), values)
    if kind == "pro":
        return probe(
            lambda v: services.parse_pro_session(here.profile, now=here.now, **pro_arguments(v)),
            values,
        )
    if kind == "self":
        values["zones"] = ",".join(form.chosen("zones")) or None
        values["seconds"] = values["seconds"] or "60"  # empty keeps each zone's own seconds
        arguments = {name: value for name, value in values.items() if name != "level"}
        try:
            services.parse_self_session(
                here.profile, now=here.now, gun_level=values["level"], **arguments
            )
        except InvalidInput as error:
            return self_errors(here, values, error)
    if kind == "mark" and values["region"] and values["intensity"]:
        try:
            services.parse_spots(
                here.profile, f"{values['region']}:{values['intensity']}", at=here.now
            )
        except InvalidInput as error:
            return [InvalidInput("intensity", error.value, error.allowed)]
    return []


def probe(check: Check, values: dict[str, str | None]) -> list[InvalidInput]:
    """Return every error ``check`` finds in ``values`` (required fields get stand-ins)."""
    try:
        check(values)
    except InvalidInput as error:
        return all_errors(error, check, values, STAND_INS)
    return []
