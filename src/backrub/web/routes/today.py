"""The dashboard: safety first, a check-in that takes seconds, today's plan, the last days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub import services
from backrub.domain.inputs import RepeatedTime
from backrub.domain.plans import Plan
from backrub.domain.review import LEG_SYMPTOMS_EMERGENCY
from backrub.errors import InvalidInput, NotFound
from backrub.services import History
from backrub.web.context import Here, HereDep
from backrub.web.forms import FormDep, FormState, all_errors, optional, with_errors
from backrub.web.security import require_form_token
from backrub.web.templating import is_htmx, render, render_kept

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

CHECKIN_FIELDS = (
    "pain",
    "soreness",
    "sleep",
    "activity_min",
    "medication",
    "note",
    "at",
    "new_leg_symptoms",
)
SCALE = tuple(range(11))  # the 0-10 numeric rating scale the check-in asks on
RECENT_DAYS = 7


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One thing the plan asks for today, with the sources behind it."""

    title: str
    detail: str
    sources: tuple[str, ...]


def empty_history(here: Here) -> History:
    return History(here.profile, (), (), ())


def recent(here: Here, days: int = RECENT_DAYS) -> History:
    """Return the last ``days`` days of records (nothing on a first run)."""
    if here.is_new:
        return empty_history(here)
    since = here.today - timedelta(days=days - 1)
    return services.history(here.store, here.profile, since=since.isoformat())


def todays_items(plan: Plan, here: Here) -> list[PlanItem]:
    """Return what ``plan`` asks for on the profile's today, in the order of the day."""
    today = here.today
    items = [
        PlanItem(
            f"Massage session, {s.duration_min} min",
            s.reason + (f" (moved from {s.moved_from})" if s.moved_from else ""),
            s.evidence,
        )
        for s in plan.sessions
        if s.on == today
    ]
    slot = plan.self_massage
    if slot.tools and plan.start <= today <= plan.end:
        tools = ", ".join(t.value.replace("_", " ") for t in slot.tools)
        items.append(
            PlanItem(
                f"Self-massage at {slot.at:%H:%M}, at most {slot.cap_min} min",
                f"With {tools}. {slot.reason}",
                slot.evidence,
            )
        )
    if plan.start <= today <= plan.end:
        items.append(
            PlanItem(
                f"Stay active: {plan.activity.minutes_per_day} min",
                plan.activity.reason,
                plan.activity.evidence,
            )
        )
    items += [
        PlanItem(f"Assessment (week {a.weeks})", a.reason, a.evidence)
        for a in plan.assessments
        if a.on == today
    ]
    return items


def _page(
    here: Here, form: FormState, saved: str | None = None, saved_link: str | None = None
) -> dict[str, Any]:
    safety = services.safety_state(here.store, here.profile)
    plan = None
    if not here.is_new:
        try:
            plan = services.current_plan(here.store, here.profile, today=here.today).plan
        except NotFound:
            plan = None
    upcoming = None
    if plan is not None:
        upcoming = next((s for s in plan.sessions if s.on > here.today), None)
    return {
        "here": here,
        "safety": safety,
        "plan": plan,
        "items": todays_items(plan, here) if plan is not None else [],
        "upcoming": upcoming,
        "recent": recent(here),
        "form": form,
        "scale": SCALE,
        "saved": saved,
        "saved_link": saved_link,
        "review": ()
        if here.is_new
        else services.review_notes(here.store, here.profile, today=here.today),
    }


@router.get("/")
async def dashboard(request: Request, here: HereDep) -> Response:
    """Show today; a fresh install starts at the welcome page and its safety questions.

    Async: a kept page takes well under a millisecond, less than the hop to a worker
    thread would; after a write the page is read and rendered on the event loop.
    """
    if here.is_new:
        return RedirectResponse("/welcome", status_code=303)
    saved = _saved_words(request.query_params.get("saved"))
    return render_kept(
        request,
        here,
        (here.today, saved),
        "dashboard.html",
        lambda: _page(here, FormState(), saved),
    )


@router.post("/checkins")
def add_checkin(request: Request, here: HereDep, form: FormDep) -> Response:
    """Save a check-in; a bad value comes back next to its field and nothing is saved."""
    values = checkin_values(form)
    try:
        saved = services.record_checkin(here.store, here.profile, now=here.now, **values)
    except InvalidInput as error:
        errors = all_errors(
            error,
            lambda v: services.parse_checkin(here.profile, now=here.now, **v),
            values,
            {"pain": "0"},
        )
        state = with_errors(form, errors, CHECKIN_FIELDS)
        return _checkin_answer(request, here, state, None, status=422)
    repeated = services.repeated_time(saved.tz, optional(form, "at"))
    local = saved.at.astimezone(ZoneInfo(here.profile.tz))
    # New leg symptoms are never hidden behind a redirect: the emergency signs are shown now.
    if not is_htmx(request) and repeated is None and not saved.new_leg_symptoms:
        day = "1" if local.date() == here.today else local.date().isoformat()
        return RedirectResponse(f"/?saved={day}", status_code=303)
    message = f"Saved: pain {saved.pain}/10 at {local:%H:%M}"
    message += "." if local.date() == here.today else f" on {_day(local.date())}."
    link = None
    if repeated is not None:
        message += " " + repeated_words(repeated, saved.tz)
        link = f"/history/checkin/{saved.id}/edit"
    if saved.new_leg_symptoms:
        message += (
            " New leg symptoms, numbness or weakness: please answer the safety questions again "
            f"now. {LEG_SYMPTOMS_EMERGENCY}"
        )
    return _checkin_answer(request, here, FormState(), message, status=200, saved_link=link)


def checkin_values(form: FormState) -> dict[str, str | None]:
    """Return the check-in's typed values by field; an empty optional box is "not given"."""
    values = {name: optional(form, name) for name in CHECKIN_FIELDS}
    values["pain"] = form.value("pain")
    values["medication"] = form.value("medication")  # empty: "took none", not "not asked"
    return values


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _saved_words(saved: str | None) -> str | None:
    """Return the line after a check-in: with its date when that is not today."""
    if saved == "1":
        return "Check-in saved."
    try:
        day = date.fromisoformat(saved or "")
    except ValueError:
        return None
    return f"Check-in saved for {_day(day)}."


def repeated_words(repeated: RepeatedTime, tz: str) -> str:
    """Tell the person that the time they gave happened twice, and which one was kept."""
    kept = repeated.kept.astimezone(ZoneInfo(tz))
    season = "summer" if kept.dst() else "winter"
    return (
        f"Saved as the first {repeated.local:%H:%M}, in {season} time, before the clocks "
        f"went back. If you meant the second {repeated.local:%H:%M}, correct it in History."
    )


def _checkin_answer(
    request: Request,
    here: Here,
    form: FormState,
    saved: str | None,
    *,
    status: int,
    saved_link: str | None = None,
) -> Response:
    # The profile may have been saved just now (first check-in): read it again.
    backend = here.backend
    fresh = services.current_profile(backend.store, backend.profile_name, create=True, now=here.now)
    here = Here(here.backend, fresh, here.now)
    template = "_checkin_answer.html" if is_htmx(request) else "dashboard.html"
    return render(
        request,
        template,
        _page(here, form, saved, saved_link),
        status=status,
        profile_name=fresh.name,
    )
