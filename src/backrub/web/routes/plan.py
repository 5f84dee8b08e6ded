"""The plan: make one from a studied protocol, show it with its sources, download it (.ics)."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub import services
from backrub.domain.cited import Cited
from backrub.domain.fitting import DoesNotFit
from backrub.domain.plans import SELF_MASSAGE_AT, WEEKDAY_NAMES
from backrub.domain.protocols import PROTOCOLS
from backrub.domain.records import Tool
from backrub.errors import InvalidInput, NotFound, Refused, SafetyStop
from backrub.web.context import Here, HereDep
from backrub.web.forms import FormDep, FormState, optional, with_error
from backrub.web.routes.sessions import options
from backrub.web.routes.words import (
    day,
    hour_minute,
    short_weekday_iso,
    tool_name,
    weekday_name,
    weekday_names,
)
from backrub.web.security import require_form_token
from backrub.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

PLAN_FIELDS = (
    "protocol",
    "start",
    "days",
    "price",
    "budget_per_session",
    "budget_total",
    "currency",
    "tools",
    "self_massage_at",
)
ALIASES = {"weekdays": "days"}
DAYS = [(name.lower(), name) for name in WEEKDAY_NAMES]


def _days() -> list[tuple[str, str]]:
    """Return the weekday choices (value, name in the person's language)."""
    return [(value, weekday_name(n)) for n, (value, _name) in enumerate(DAYS)]


SELF_MASSAGE_TIME = SELF_MASSAGE_AT.strftime("%H:%M")


def _new_page(
    request: Request,
    here: Here,
    form: FormState,
    status: int = 200,
    misfit: tuple[Cited, ...] = (),
    instead: str | None = None,
) -> Response:
    context = {
        "form": form,
        "misfit": misfit,
        "instead": instead,
        "protocols": PROTOCOLS,
        "days": _days(),
        "tools": options(Tool),
        "safety": services.safety_state(here.store, here.profile),
    }
    return render(request, "plan_new.html", context, status=status, profile_name=here.profile.name)


@router.get("/plan")
def show_plan(request: Request, here: HereDep) -> Response:
    """Show the plan with every item's sources; no plan yet leads to the plan form."""
    try:
        view = services.current_plan(here.store, here.profile, today=here.today, now=here.now)
    except NotFound:
        return render(request, "plan_none.html", {}, profile_name=here.profile.name)
    context = {
        "plan": view.plan,
        "days": weekday_names(view.plan.weekdays),
        "weekday_iso": short_weekday_iso,
        "day": day,
        "hour_minute": hour_minute,
        "tool_name": tool_name,
        "done": view.adherence,
        "here": here,
        "safety": services.safety_state(here.store, here.profile),
        "review": services.review_notes(here.store, here.profile, today=here.today),
    }
    return render(request, "plan.html", context, profile_name=here.profile.name)


@router.get("/plan/new")
def new_plan_form(request: Request, here: HereDep) -> Response:
    """The plan form; query values (from "Use this instead") fill it in."""
    values = {"start": here.today.isoformat(), "currency": "EUR"}
    values["self_massage_at"] = SELF_MASSAGE_TIME
    lists: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        if key in PLAN_FIELDS:
            values[key] = value
            lists.setdefault(key, []).append(value)
    return _new_page(request, here, FormState(values, {k: tuple(v) for k, v in lists.items()}))


def _instead(form: FormState, protocol: str) -> str:
    """Return the plan form's address filled with what was typed and ``protocol``."""
    pairs = [("protocol", protocol)]
    for key in PLAN_FIELDS:
        if key in ("days", "tools"):
            pairs.extend((key, value) for value in form.chosen(key))
        elif key != "protocol" and form.value(key):
            pairs.append((key, form.value(key)))
    return "/plan/new?" + urlencode(pairs) + "#plan-form"


@router.post("/plan")
def make_plan(request: Request, here: HereDep, form: FormDep) -> Response:
    """Make a plan; refused (409) while a screening stop stands or none was done."""
    try:
        services.new_plan(
            here.store,
            here.profile,
            protocol=form.value("protocol"),
            start=optional(form, "start"),
            days=",".join(form.chosen("days")),
            price=optional(form, "price"),
            budget_per_session=optional(form, "budget_per_session"),
            budget_total=optional(form, "budget_total"),
            currency=optional(form, "currency"),
            tools=",".join(form.chosen("tools")),
            self_massage_at=optional(form, "self_massage_at"),
            today=here.today,
        )
    except InvalidInput as error:
        return _new_page(request, here, with_error(form, error, PLAN_FIELDS, ALIASES), status=422)
    except DoesNotFit as error:
        # Protocols by their titles, the sources as links after the words.
        state = FormState(form.values, form.lists, {"form": str(error)})
        offered = error.misfit.suggested
        instead = None if offered is None else _instead(form, offered.id)
        said = error.misfit.said()
        return _new_page(request, here, state, status=409, misfit=said, instead=instead)
    except (SafetyStop, Refused) as error:
        state = FormState(form.values, form.lists, {"form": str(error)})
        return _new_page(request, here, state, status=409)
    return RedirectResponse("/plan", status_code=303)


@router.get("/plan.ics")
def plan_ics(here: HereDep, daily: bool = False) -> Response:
    """Download the plan as an iCalendar file; ``daily`` adds the self-massage slot."""
    data = services.plan_calendar(
        here.store, here.profile, today=here.today, include_daily_slot=daily
    )
    return Response(
        data,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="backrub-plan.ics"'},
    )
