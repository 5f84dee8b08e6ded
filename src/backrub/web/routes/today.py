"""The dashboard: safety first, a check-in that takes seconds, today's plan, the last days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub import services
from backrub.domain.inputs import RepeatedTime
from backrub.domain.review import LEG_SYMPTOMS_EMERGENCY
from backrub.errors import InvalidInput
from backrub.i18n import _, current
from backrub.services import History
from backrub.services.today import TodayItem, today
from backrub.web.context import Here, HereDep
from backrub.web.forms import FormDep, FormState, all_errors, optional, with_errors
from backrub.web.moments import quick_moments
from backrub.web.routes.words import hour_minute, short_day
from backrub.web.security import require_form_token
from backrub.web.templating import is_htmx, render, render_kept_in_thread

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
class Action:
    """A plan item as the page shows it: the item, and the link that does it."""

    item: TodayItem
    href: str
    label: str


def action_of(item: TodayItem) -> Action:
    """Return the page's link for ``item``: where in the app this thing is done."""
    if item.kind == "pro_session":
        return Action(item, "/sessions/pro", _("Log the session"))
    if item.kind == "self_massage":
        tool = f"/guided/plan?{urlencode({'tool': item.tools[0]})}" if len(item.tools) == 1 else ""
        return Action(item, tool or "/guided", _("Start the guided session"))
    if item.kind == "questionnaire" and item.instrument:
        return Action(item, f"/questionnaires/{item.instrument}", _("Answer it"))
    if item.kind == "activity":
        return Action(item, "#f-activity_min", _("Add your active minutes"))
    return Action(item, "#checkin", _("Check in now") if not item.done else _("Check in again"))


def empty_history(here: Here) -> History:
    return History(here.profile, (), (), ())


def recent(here: Here, days: int = RECENT_DAYS) -> History:
    """Return the last ``days`` days of records (nothing on a first run)."""
    if here.is_new:
        return empty_history(here)
    since = here.today - timedelta(days=days - 1)
    return services.history(here.store, here.profile, since=since.isoformat())


def _page(
    here: Here, form: FormState, saved: str | None = None, saved_link: str | None = None
) -> dict[str, Any]:
    safety = services.safety_state(here.store, here.profile)
    # With a plan, the review reads the check-ins since it began: first, so that today's
    # and the recent days' are taken from that read (store/reading.py).
    review = (
        () if here.is_new else services.review_notes(here.store, here.profile, today=here.today)
    )
    found = today(here.store, here.profile, now=here.now)
    return {
        "here": here,
        "safety": safety,
        "plan": found.plan,
        "actions": [action_of(item) for item in found.items],
        "is_plan_day": found.is_plan_day,
        "next_session": found.next_session,
        "trial": found.trial,
        "stop": found.stop,  # a screening stop: only the check-in, the plan paused
        "recent": recent(here),
        "form": form,
        "scale": SCALE,
        "saved": saved,
        "saved_link": saved_link,
        "review": review,
    }


@router.get("/")
async def dashboard(request: Request, here: HereDep) -> Response:
    """Show today; a fresh install starts at the welcome page and its safety questions.

    Async: a kept page takes well under a millisecond, less than the hop to a worker
    thread would; after a write the page is read and rendered in a worker thread, so
    the event loop keeps answering other pages meanwhile.
    """
    if here.is_new:
        return RedirectResponse("/welcome", status_code=303)
    saved = _saved_words(request.query_params.get("saved"))
    return await render_kept_in_thread(
        request,
        here,
        (here.today, saved, tuple(quick_moments(here.now, here.profile.tz)), current()),
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
    if local.date() == here.today:
        time = hour_minute(local)
        message = _("Saved: pain %(pain)s/10 at %(time)s.", pain=saved.pain, time=time)
    else:
        message = _(
            "Saved: pain %(pain)s/10 at %(time)s on %(day)s.",
            pain=saved.pain,
            time=hour_minute(local),
            day=_day(local.date()),
        )
    link = None
    if repeated is not None:
        message += " " + repeated_words(repeated, saved.tz)
        link = f"/history/checkin/{saved.id}/edit"
    if saved.new_leg_symptoms:
        message += " " + _(
            "New leg symptoms, numbness or weakness: please answer the safety questions again now."
        )
        message += f" {_(LEG_SYMPTOMS_EMERGENCY)}"
    return _checkin_answer(request, here, FormState(), message, status=200, saved_link=link)


def checkin_values(form: FormState) -> dict[str, str | None]:
    """Return the check-in's typed values by field; an empty optional box is "not given"."""
    values = {name: optional(form, name) for name in CHECKIN_FIELDS}
    values["pain"] = form.value("pain")
    values["medication"] = form.value("medication")  # empty: "took none", not "not asked"
    return values


def _day(day: date) -> str:
    return short_day(day)


def _saved_words(saved: str | None) -> str | None:
    """Return the line after a check-in: with its date when that is not today."""
    if saved == "1":
        return _("Check-in saved.")
    try:
        day = date.fromisoformat(saved or "")
    except ValueError:
        return None
    return _("Check-in saved for %(day)s.", day=_day(day))


def repeated_words(repeated: RepeatedTime, tz: str) -> str:
    """Tell the person that the time they gave happened twice, and which one was kept."""
    kept = repeated.kept.astimezone(ZoneInfo(tz))
    time = hour_minute(repeated.local)
    if kept.dst():
        return _(
            "Saved as the first %(time)s, in summer time, before the clocks went back. "
            "If you meant the second %(time)s, correct it in History.",
            time=time,
        )
    return _(
        "Saved as the first %(time)s, in winter time, before the clocks went back. "
        "If you meant the second %(time)s, correct it in History.",
        time=time,
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
    fresh = here.profile
    if fresh.id is None and not here.backend.settings.clinic:  # a clinic client's is saved
        backend = here.backend
        fresh = services.current_profile(
            backend.store, backend.profile_name, create=True, now=here.now
        )
    here = Here(here.backend, fresh, here.now)
    template = "_checkin_answer.html" if is_htmx(request) else "dashboard.html"
    return render(
        request,
        template,
        _page(here, form, saved, saved_link),
        status=status,
        profile_name=fresh.name,
    )
