"""Guided self-massage in the browser: the governor's plan, a timer, and what was really done.

The flow is choose a tool → the plan (or the governor's refusal and why) →
the timer page → save. The timer page is a real form: without JavaScript the
person types the seconds done; with ``/static/guided.js`` a countdown fills
them in. Either way the service decides what counts (``services.guided``: the
governor again, each zone capped at the plan, a least time per zone), the same
path as the JSON API and the CLI. Logging a session after the fact (with an
explicit, reasoned override) lives here too.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub import services
from backrub.domain.records import Zone
from backrub.domain.routines import zone_label
from backrub.errors import BackrubError, InvalidInput, Refused, SafetyStop
from backrub.i18n import N_, _
from backrub.services.guided import (
    STOPPED_EARLY,
    ending_words,
    finish_guided,
    least_counted,
    least_rule_words,
    steps_of,
)
from backrub.services.trials import no_massage_refusal
from backrub.web.context import Here, HereDep
from backrub.web.forms import FormDep, FormState, optional, with_error
from backrub.web.routes.citations import linked
from backrub.web.routes.sessions import SELF_FIELDS, allowed_options
from backrub.web.routes.words import timer_words, tool_name, weekday_date, weekday_day_month
from backrub.web.security import require_form_token
from backrub.web.templating import render
from backrub.web.wording import with_field

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

PAINS = ("pain_before", "pain_during", "pain_after")
PAIN_WORDS = (
    N_("Pain before you started"),
    N_("Highest pain during the session"),
    N_("Pain after the session"),
)
LOG_FIELDS = (*SELF_FIELDS, "override", "reason")
TRY_AGAIN = N_("Try again tomorrow.")


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
        {
            "form": form,
            "tools": allowed_options(here)["tools"],
            # A trial day without massage: say so first, instead of a choice that is refused.
            "trial_day": no_massage_refusal(here.store, here.profile, now=here.now),
        },
        status,
    )


def _refused(request: Request, here: Here, tool: str, error: BackrubError) -> Response:
    message = str(error)
    # The refusal says when it becomes possible: name the day, so nobody has to count.
    possible = error.refusal.possible_at
    when = weekday_date(possible) if possible is not None else None
    if when is not None:  # the page names the day: "tomorrow" again would say it twice
        message = message.replace(" " + TRY_AGAIN, "").replace(" " + _(TRY_AGAIN), "")
    context = {
        "tool": tool,
        "message": message,
        "is_stop": isinstance(error, SafetyStop),
        "next_day": when,
        "heading": _refusal_heading(here, error),
        "trial_day": getattr(error, "code", None) == "trial_no_massage",
    }
    return _page(request, here, "guided_refused.html", context, status=409)


def _refusal_heading(here: Here, error: Exception) -> str:
    """Return the page's heading in plain words for the kind of refusal.

    A screening restriction never names a day (``next_possible`` is None); the
    day's own rules (soreness, time used up, every zone done) name tomorrow.
    """
    if isinstance(error, SafetyStop):
        return _("Stop: no self-massage for now")
    if isinstance(error, Refused) and error.next_possible is not None:
        return _("Not today")
    if not services.allowed_now(here.store, here.profile).tools:
        return _("No self-massage for now")
    return _("Not with this tool")


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
        "least": least_counted(),
        "least_words": least_rule_words(),
        "stopped_early": _(STOPPED_EARLY),
        "tool_name": tool_name(planned.decision.tool),
        "today_words": weekday_day_month(here.today),
        "timer_words": timer_words(),
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
    # A zone left at 0 was not done: it is no error even if the plan no longer has it.
    reported = {
        zone: (form.value(f"seconds_{zone.value}"), form.value(f"level_{zone.value}"))
        for zone in Zone
        if f"seconds_{zone.value}" in form.values
        and form.value(f"seconds_{zone.value}").strip() != "0"
    }
    tool = form.value("tool")
    try:
        done = finish_guided(
            here.store,
            here.profile,
            tool=tool,
            started_at=form.value("started_at"),
            now=here.now,
            reported=reported,
            field=lambda zone, part: f"{part}_{zone.value}",
            note=optional(form, "note"),
            **{name: optional(form, name) for name in PAINS},
        )
    except (Refused, SafetyStop) as error:
        return _refused(request, here, tool, error)
    except InvalidInput as error:
        return _not_saved(request, here, form, error)
    shown: dict[str, Any] = {
        "done": done,
        "ending": [line for line in ending_words(done) if line not in done.left_out],
        "least_words": least_rule_words(),
    }
    return _page(request, here, "guided_done.html", shown)


def _not_saved(request: Request, here: Here, form: FormState, error: InvalidInput) -> Response:
    """Show why a finish was not saved, with what was done kept in a form to save again.

    A start time that is missing or too old cannot be corrected here: the page
    then points to the session page and to logging after the fact.
    """
    zones = [zone for zone in Zone if f"seconds_{zone.value}" in form.values]
    fields = (
        *PAINS,
        "note",
        *(f"{part}_{zone.value}" for zone in zones for part in ("seconds", "level")),
    )
    state = with_error(
        form, error, fields, {f"zone_{z.value}": f"seconds_{z.value}" for z in zones}
    )
    context = {
        "message": with_field(error),
        "retry": error.field != "started_at",
        "form": state,
        "zones": zones,
        "pains": tuple(zip(PAINS, map(_, PAIN_WORDS), strict=True)),
        "scale": tuple(range(11)),
    }
    return _page(request, here, "guided_invalid.html", context, status=422)


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
        # The refusal's plain words; the form below offers the override as a check box.
        message = error.refusal.message
        state = FormState(form.values, form.lists, {"form": message})
        return _log_page(request, here, state, 409)
    return RedirectResponse("/sessions?saved=self", status_code=303)
