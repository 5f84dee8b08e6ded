"""Guided self-massage in the browser: the governor's plan, a timer, and what was really done.

The flow is choose a tool → the plan (or the governor's refusal and why) →
the timer page → save. The timer page is a real form: without JavaScript the
person types the seconds done; with ``/static/guided.js`` a countdown fills
them in. Either way the server never trusts the seconds it is sent: it asks
the governor again for the plan as it stood when the session started and
caps every zone at what that plan allowed (``finish``). Logging a session
after the fact (with an explicit, reasoned override) lives here too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub import services
from backrub.domain.inputs import parse_int
from backrub.domain.records import SelfSession, Zone, ZoneWork
from backrub.domain.routines import zone_label
from backrub.errors import InvalidInput, Refused, SafetyStop
from backrub.services import SessionPlan
from backrub.web.context import Here, HereDep
from backrub.web.forms import FormDep, FormState, optional, with_error
from backrub.web.routes.citations import linked
from backrub.web.routes.sessions import SELF_FIELDS, allowed_options
from backrub.web.security import require_form_token
from backrub.web.templating import render
from backrub.web.wording import with_field

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

# Product default, not evidence: a timer page older than this is stale (the plan it
# shows may no longer hold), so its result is refused and the person starts again.
FINISH_WINDOW = timedelta(hours=3)
CLOCK_SKEW = timedelta(minutes=2)
MAX_REPORTED_SECONDS = 24 * 60 * 60
PAINS = ("pain_before", "pain_during", "pain_after")
LOG_FIELDS = (*SELF_FIELDS, "override", "reason")


@dataclass(frozen=True, slots=True)
class StepView:
    """One zone of the plan as the timer page shows it."""

    zone: Zone
    label: str
    seconds: int
    level: int | None
    max_level: int | None
    position: str
    feel: str


@dataclass(frozen=True, slots=True)
class Finished:
    """What a guided session saved; ``capped`` says where the client reported too much."""

    saved: SelfSession | None
    capped: tuple[str, ...]


def steps_of(planned: SessionPlan) -> list[StepView]:
    """Return the plan's zones in order, with the routine's words for each."""
    out = []
    for work in planned.decision.plan:
        step = planned.routine.step(work.zone)
        out.append(
            StepView(
                zone=work.zone,
                label=zone_label(work.zone),
                seconds=work.seconds,
                level=work.gun_level,
                max_level=planned.decision.gun_levels.get(work.zone),
                position=step.position if step else "",
                feel=step.feel if step else "",
            )
        )
    return out


def parse_started(value: object, *, now: datetime) -> datetime:
    """Return the aware start of a guided session; refuse one in the future or stale."""
    try:
        started = datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(
            "started_at", value, "use the ISO time the session page gave, e.g. 2026-03-02T09:30Z"
        ) from None
    if started.tzinfo is None or started.utcoffset() is None:
        raise InvalidInput("started_at", value, "use a time with a time zone")
    if started > now + CLOCK_SKEW or started < now - FINISH_WINDOW:
        hours = int(FINISH_WINDOW.total_seconds() // 3600)
        raise InvalidInput(
            "started_at",
            value,
            f"use a start within the last {hours} hours; open the session page again "
            "(product default, not evidence)",
        )
    return started


def finish(
    here: Here,
    *,
    tool: object,
    started_at: object,
    reported: Mapping[Zone, tuple[object, object]],
    field: Callable[[Zone, str], str],
    pains: Mapping[str, object],
    note: object = None,
) -> Finished:
    """Save a guided session after asking the governor again; cap each zone at its plan.

    ``reported`` maps a zone to the (seconds, gun level) the client says were
    done; zones the plan did not offer are refused. A level above the highest
    speed the governor allows is refused too (a wrong speed would be recorded).
    """
    started = parse_started(started_at, now=here.now)
    planned = services.plan_session(here.store, here.profile, tool, now=started)
    allowed = {work.zone: work for work in planned.decision.plan}
    for zone in reported:
        if zone not in allowed:
            names = ", ".join(z.value for z in allowed)
            raise InvalidInput(field(zone, "zone"), zone.value, f"use a zone of the plan: {names}")
    work: list[ZoneWork] = []
    capped: list[str] = []
    for zone, plan in allowed.items():
        if zone not in reported:
            continue
        raw_seconds, raw_level = reported[zone]
        seconds = parse_int(field(zone, "seconds"), raw_seconds, 0, MAX_REPORTED_SECONDS)
        if seconds > plan.seconds:
            capped.append(
                f"{zone_label(zone)}: {seconds} s reported, {plan.seconds} s saved (the plan's "
                "time for this zone)"
            )
            seconds = plan.seconds
        level = plan.gun_level
        if plan.gun_level is not None and raw_level not in (None, ""):
            highest = planned.decision.gun_levels.get(zone, plan.gun_level)
            level = parse_int(field(zone, "level"), raw_level, 1, highest)
        work.append(ZoneWork(zone, seconds, level))
    saved = services.finish_guided(
        here.store,
        here.profile,
        tool=planned.decision.tool,
        started_at=started,
        work=work,
        note=note,
        **pains,
    )
    return Finished(saved, tuple(capped))


# -- pages ------------------------------------------------------------------------------


def _page(
    request: Request, here: Here, name: str, context: dict[str, Any], status: int = 200
) -> Response:
    full = {"here": here, "linked": linked, "zone_label": zone_label, **context}
    return render(request, name, full, status=status, profile_name=here.profile.name)


def _choose(request: Request, here: Here, form: FormState, status: int = 200) -> Response:
    return _page(
        request,
        here,
        "guided_choose.html",
        {"form": form, "tools": allowed_options(here)["tools"]},
        status,
    )


def _refused(request: Request, here: Here, tool: str, error: Exception) -> Response:
    message = str(error)
    # The governor's refusals say "tomorrow"; name the day too, so nobody has to count.
    tomorrow = here.today + timedelta(days=1)
    when = f"{tomorrow:%A %d %B %Y}" if "tomorrow" in message.lower() else None
    context = {
        "tool": tool,
        "message": message,
        "is_stop": isinstance(error, SafetyStop),
        "next_day": when,
    }
    return _page(request, here, "guided_refused.html", context, status=409)


def _planned(request: Request, here: Here, tool: str, template: str) -> Response:
    try:
        planned = services.plan_session(here.store, here.profile, tool, now=here.now)
    except InvalidInput as error:
        return _choose(request, here, with_error(FormState({"tool": tool}), error, ("tool",)), 422)
    except (Refused, SafetyStop) as error:
        return _refused(request, here, tool, error)
    context = {
        "planned": planned,
        "tool": planned.decision.tool,
        "steps": steps_of(planned),
        "started_at": here.now.isoformat(),
        "form": FormState(),
        "scale": tuple(range(11)),
    }
    return _page(request, here, template, context)


@router.get("/guided")
def choose(request: Request, here: HereDep) -> Response:
    """Choose a tool for a guided self-massage."""
    return _choose(request, here, FormState())


@router.get("/guided/plan")
def plan(request: Request, here: HereDep, tool: str = "") -> Response:
    """Show the governor's plan for ``tool`` now, or its refusal with the reason (409)."""
    return _planned(request, here, tool, "guided_plan.html")


@router.get("/guided/run")
def run(request: Request, here: HereDep, tool: str = "") -> Response:
    """Show the timer for the plan; it posts what was actually done to /guided/finish."""
    return _planned(request, here, tool, "guided_run.html")


@router.post("/guided/finish")
def finish_page(request: Request, here: HereDep, form: FormDep) -> Response:
    """Save what the timer (or the person) reports, capped by the governor's plan."""
    reported = {
        zone: (form.value(f"seconds_{zone.value}"), form.value(f"level_{zone.value}"))
        for zone in Zone
        if f"seconds_{zone.value}" in form.values
    }
    tool = form.value("tool")
    try:
        done = finish(
            here,
            tool=tool,
            started_at=form.value("started_at"),
            reported=reported,
            field=lambda zone, part: f"{part}_{zone.value}",
            pains={name: optional(form, name) for name in PAINS},
            note=optional(form, "note"),
        )
    except (Refused, SafetyStop) as error:
        return _refused(request, here, tool, error)
    except InvalidInput as error:
        context = {"message": with_field(error), "tool": tool}
        return _page(request, here, "guided_invalid.html", context, status=422)
    return _page(request, here, "guided_done.html", {"done": done})


def _log_page(request: Request, here: Here, form: FormState, status: int = 200) -> Response:
    context = {"form": form, **allowed_options(here)}
    return _page(request, here, "guided_log.html", context, status)


@router.get("/guided/log")
def log_form(request: Request, here: HereDep) -> Response:
    return _log_page(request, here, FormState())


@router.post("/guided/log")
def log_after(request: Request, here: HereDep, form: FormDep) -> Response:
    """Record a self-massage already done; a rule's refusal can be overridden with a reason."""
    try:
        services.log_self_session(
            here.store,
            here.profile,
            now=here.now,
            override=form.value("override") == "yes",
            override_reason=optional(form, "reason"),
            tool=form.value("tool"),
            zones=",".join(form.chosen("zones")),
            seconds=optional(form, "seconds"),
            gun_level=optional(form, "level"),
            **{name: optional(form, name) for name in (*PAINS, "at", "note")},
        )
    except InvalidInput as error:
        aliases = {"gun_level": "level"}
        return _log_page(request, here, with_error(form, error, LOG_FIELDS, aliases), 422)
    except (Refused, SafetyStop) as error:
        # The service words its way out for the command line (--override); the form
        # below offers the same thing as a check box and a reason.
        message = str(error).split(" To record it anyway")[0]
        state = FormState(form.values, form.lists, {"form": message})
        return _log_page(request, here, state, 409)
    return RedirectResponse("/sessions?saved=self", status_code=303)
