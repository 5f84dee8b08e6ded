"""Correct a record from History: a prefilled form to edit it, a plain page to delete it.

The edit form is the form the record was made with, filled in with what is
stored. Only the fields the person changed are handed to the service, which
checks them with the same rules as a new record; a bad value comes back next
to its field (422) and nothing is written. Deleting asks first, on its own
page, and the button posts (with the form token, as every form here).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from backrub import services
from backrub.domain.instruments import Instrument, get_instrument
from backrub.domain.records import (
    BodyRegion,
    PainSpot,
    SelfSession,
    Technique,
    Tool,
    Zone,
)
from backrub.domain.words import seconds as seconds_words
from backrub.errors import InvalidInput, NotFound, Refused, SafetyStop
from backrub.i18n import N_, _
from backrub.web.context import Here, HereDep
from backrub.web.forms import FormDep, FormState, field_of
from backrub.web.routes.bodymap import LABELS
from backrub.web.routes.correction_checks import other_errors
from backrub.web.routes.correction_view import (
    as_typed,
    back_to,
    exact_instant,
    local_at,
    shown,
    view_of,
)
from backrub.web.routes.questionnaires import answer_field, answers_text, score_words
from backrub.web.routes.sessions import PRO_FIELDS, SELF_FIELDS, options
from backrub.web.routes.words import tr
from backrub.web.security import require_form_token
from backrub.web.templating import render
from backrub.web.wording import for_people

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

GONE = N_("That record does not exist any more (it may have been deleted already). See History.")
AT_HINT = N_("Pick the date and time, or a quick choice, as History shows it.")
NOTHING = N_("Nothing was changed: correct a field, or go back to History.")

FIELDS: dict[str, tuple[str, ...]] = {
    "checkin": ("pain", "soreness", "sleep", "activity_min", "medication", "note", "at"),
    "pro": PRO_FIELDS,  # the professional-session form's fields
    "self": (*SELF_FIELDS, "override", "reason"),  # the log form's, and an override
    "mark": ("region", "intensity", "at"),
}

KIND_WORDS = {
    "checkin": N_("check-in"),
    "pro": N_("professional session"),
    "self": N_("self-massage"),
    "response": N_("questionnaire"),
    "mark": N_("body-map mark"),
}
DONE_WORDS = {
    "saved": N_("Correction saved: %(what)s of %(when)s (%(zone)s time)."),
    "deleted": N_("Deleted: %(what)s of %(when)s (%(zone)s time)."),
}

_FIND: dict[str, Callable[..., Any]] = {
    "checkin": services.find_checkin,
    "pro": services.find_pro_session,
    "self": services.find_self_session,
    "response": services.find_response,
    "mark": services.find_mark,
}
_DELETE: dict[str, Callable[..., Any]] = {
    "checkin": services.delete_checkin,
    "pro": services.delete_pro_session,
    "self": services.delete_self_session,
    "response": services.delete_response,
    "mark": services.delete_mark,
}


def answered(response: Any) -> str:
    """Return a kept questionnaire as History shows it: its name and score."""
    name = tr(get_instrument(response.instrument).name)
    return f"{name}: {score_words(response.instrument, services.response_score(response))}"


def _find(here: Here, kind: str, record_id: str) -> Any:
    """Return the record to correct; a session a clinic's therapist wrote is refused (409)."""
    if kind not in _FIND or here.is_new:
        raise HTTPException(404, _(GONE))
    try:
        record = _FIND[kind](here.store, here.profile, record_id)
    except (NotFound, InvalidInput):
        raise HTTPException(404, _(GONE)) from None
    if kind == "pro":
        services.only_own_session(here.store, here.profile, record.id)
    return record


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(getattr(value, "value", value))


def what(here: Here, record: Any) -> str:
    """Return the record in plain words with its time in the profile's zone, as History shows it."""
    region = _(LABELS[record.region]) if isinstance(record, PainSpot) else None
    return services.describe(record, tz=here.profile.tz, region=region)


def _common_seconds(session: SelfSession) -> str:
    seconds = {w.seconds for w in session.zones}
    return str(seconds.pop()) if len(seconds) == 1 else ""


def _seconds_hint(session: SelfSession) -> str | None:
    """Say what an empty seconds box keeps when the zones had different times."""
    if _common_seconds(session):
        return None
    kept = " / ".join(seconds_words(w.seconds) for w in session.zones)
    return _("Leave empty to keep %(kept)s; a number here replaces all of them.", kept=kept)


def stored(kind: str, record: Any, tz: str) -> FormState:
    """Return the form of ``kind`` filled in with ``record`` as stored, its time in ``tz``."""
    at = local_at(record, tz)
    if kind == "checkin":
        values = {n: _text(getattr(record, n)) for n in FIELDS["checkin"][:-1]}
        return FormState(values | {"at": at})
    if kind == "pro":
        values = {n: _text(getattr(record, n)) for n in FIELDS["pro"][4:]}
        cost = record.cost_cents
        values |= {
            "technique": record.technique.value,
            "minutes": str(record.duration_min),
            "cost": "" if cost is None else f"{cost // 100}.{cost % 100:02d}",
            "currency": _text(record.currency),
            "at": at,
        }
        return FormState(values, {"technique": (record.technique.value,)})
    if kind == "self":
        levels = [w.gun_level for w in record.zones if w.gun_level is not None]
        values = {
            n: _text(getattr(record, n)) for n in ("pain_before", "pain_during", "pain_after")
        }
        values |= {
            "tool": record.tool.value,
            "seconds": _common_seconds(record),
            "level": str(levels[0]) if levels else "",
            "note": _text(record.note),
            "at": at,
        }
        zones = tuple(w.zone.value for w in record.zones)
        return FormState(values, {"tool": (record.tool.value,), "zones": zones})
    if kind == "mark":
        values = {"region": record.region.value, "intensity": str(record.intensity), "at": at}
        return FormState(values, {"region": (record.region.value,)})
    values = {"at": at}
    for n, answer in enumerate(record.answers, start=1):
        values[answer_field(n)] = _text(answer)
    for n, label in enumerate(record.labels, start=1):
        values[f"activity_{n}"] = label
    return FormState(values)


def _changed(kind: str, old: FormState, new: FormState) -> dict[str, object]:
    """Return the fields the person changed, named as the services name them."""
    names = [n for n in FIELDS[kind] if n not in ("zones", "override", "reason")]
    changes: dict[str, object] = {
        n: new.value(n) for n in names if new.value(n).strip() != old.value(n).strip()
    }
    if kind == "self" and "level" in changes:
        changes["gun_level"] = changes.pop("level")
    return changes


def _self_zones(record: SelfSession, old: FormState, new: FormState) -> str | None:
    """Return the zones as 'zone[:seconds],...' when zones or seconds changed, else None."""
    if new.chosen("zones") == old.chosen("zones") and new.value("seconds") == old.value("seconds"):
        return None
    kept = {w.zone.value: w.seconds for w in record.zones}
    if new.value("seconds").strip():
        return ",".join(new.chosen("zones"))
    return ",".join(
        f"{zone}:{kept[zone]}" if zone in kept else zone for zone in new.chosen("zones")
    )


def _page(
    request: Request,
    here: Here,
    kind: str,
    record: Any,
    form: FormState,
    *,
    status: int = 200,
    view: dict[str, str] | None = None,
) -> Response:
    instrument: Instrument | None = None
    if kind == "response":
        instrument = get_instrument(record.instrument)
    context = {
        "kind": kind,
        "what": what(here, record),
        "action": f"/history/{kind}/{record.id}/edit",
        "back": back_to(here, record, view=view),
        "view": view or {},
        "here": here,
        "tz": here.profile.tz,
        "form": shown(form),
        "at_hint": _(AT_HINT),
        "scale": tuple(range(11)),
        "techniques": options(Technique),
        "tools": options(Tool),
        "zones": options(Zone),
        "regions": [(r.value, _(LABELS[r])) for r in BodyRegion],
        "instrument": instrument,
        "licensed": None,
        "answer_field": answer_field,
        "editable_answers": instrument is not None and instrument.ships_item_text,
        "past": True,
        "seconds_hint": _seconds_hint(record) if kind == "self" else None,
    }
    return render(
        request, "record_edit.html", context, status=status, profile_name=here.profile.name
    )


@router.get("/history/{kind}/{record_id}/edit")
def edit_form(request: Request, here: HereDep, kind: str, record_id: str) -> Response:
    """Show the record's form, filled in with what is stored."""
    record = _find(here, kind, record_id)
    form = stored(kind, record, here.profile.tz)
    return _page(request, here, kind, record, form, view=view_of(request.query_params))


def _save(here: Here, kind: str, record: Any, typed: FormState) -> None:
    old = stored(kind, record, here.profile.tz)
    form = as_typed(typed)
    exact = typed.value("at_exact")
    now = here.now
    if kind == "response":
        instrument = get_instrument(record.instrument)
        changes: dict[str, object] = {}
        if form.value("at").strip() != old.value("at"):
            changes["at"] = exact_instant(here, form.value("at"), exact)
        if instrument.ships_item_text:
            answers, activities = answers_text(instrument, form)
            if (answers, activities) != answers_text(instrument, old):
                changes |= {"answers": answers, "activities": activities}
        services.edit_response(here.store, here.profile, record.id, now=now, **changes)
        return
    changes = _changed(kind, old, form)
    if "at" in changes:
        changes["at"] = exact_instant(here, changes["at"], exact)
    if kind == "checkin":
        services.edit_checkin(here.store, here.profile, record.id, now=now, **changes)
    elif kind == "pro":
        services.edit_pro_session(here.store, here.profile, record.id, now=now, **changes)
    elif kind == "mark":
        services.edit_mark(here.store, here.profile, record.id, now=now, **changes)
    else:
        zones = _self_zones(record, old, form)
        if zones is not None:
            changes["zones"] = zones
        override = form.value("override") == "yes"
        services.edit_self_session(
            here.store,
            here.profile,
            record.id,
            now=now,
            override=override,
            override_reason=form.value("reason").strip() or None,
            **changes,
        )


def _field(kind: str, error: InvalidInput) -> str:
    """Return the form field an error from the services belongs to."""
    if kind == "response":
        name = error.field.lstrip("-")
        if name.startswith("answers[") and name.endswith("]"):
            return answer_field(int(name[len("answers[") : -1]))
        if name in ("at", "activities") or name.startswith("activity_"):
            return name
        return "form"
    return field_of(error, FIELDS[kind], {"gun_level": "level"})


@router.post("/history/{kind}/{record_id}/edit")
def edit(request: Request, here: HereDep, kind: str, record_id: str, form: FormDep) -> Response:
    """Save the correction; a bad value comes back next to its field and nothing changes."""
    record = _find(here, kind, record_id)
    view = view_of(form.values)
    try:
        _save(here, kind, record, form)
    except InvalidInput as error:
        if error.field == "changes":
            state = FormState(form.values, form.lists, {"form": _(NOTHING)})
        else:
            errors = {_field(kind, e): for_people(e) for e in other_errors(here, kind, form)}
            errors[_field(kind, error)] = for_people(error)
            state = FormState(form.values, form.lists, errors)
        return _page(request, here, kind, record, state, status=422, view=view)
    except (Refused, SafetyStop) as error:
        # The service words the way out for the command line; the form offers the same
        # thing as a check box and a reason.
        message = error.refusal.message
        state = FormState(form.values, form.lists, {"form": message})
        return _page(request, here, kind, record, state, status=409, view=view)
    saved = back_to(here, _find(here, kind, record_id), "saved", view)
    return RedirectResponse(saved, status_code=303)


@router.get("/history/{kind}/{record_id}/delete")
def delete_form(request: Request, here: HereDep, kind: str, record_id: str) -> Response:
    """Ask before deleting, in plain words."""
    record = _find(here, kind, record_id)
    marks = services.marks_of(here.store, here.profile, record) if kind == "checkin" else []
    context = {
        "what": what(here, record),
        "back": back_to(here, record),
        "tz": here.profile.tz,
        "marks": len(marks),
        "action": f"/history/{kind}/{record.id}/delete",
    }
    return render(request, "record_delete.html", context, profile_name=here.profile.name)


@router.post("/history/{kind}/{record_id}/delete")
def delete(request: Request, here: HereDep, kind: str, record_id: str) -> Response:
    """Delete the record (a check-in with its body-map marks) and go back to History."""
    record = _find(here, kind, record_id)
    try:
        _DELETE[kind](here.store, here.profile, record.id)
    except NotFound:
        raise HTTPException(404, _(GONE)) from None
    return RedirectResponse(back_to(here, record, "deleted"), status_code=303)


def done_line(tz: str, done: str | None, kind: str | None, at: str | None) -> str | None:
    """Return the status line History shows after a correction, or None for anything else."""
    if done not in DONE_WORDS or kind not in KIND_WORDS or not at:
        return None
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    what = _(KIND_WORDS[kind])
    return _(DONE_WORDS[done], what=what, when=services.when(moment, tz), zone=tz)
