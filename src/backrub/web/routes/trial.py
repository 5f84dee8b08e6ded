"""The N-of-1 trial: plan it (with the power check), start it, follow it, stop it, read it.

``/trial`` shows the latest trial (schedule, hash, today's arm, adherence, the
result so far) or, without one, the form to plan one. Planning writes nothing;
starting keeps the trial with the seed shown in the plan, so the hash the person
saw is the hash kept, once the person ticked "Before you start" (clinical review
7 item 5). A change of other treatment is recorded on a trial day from ``/trial``.
Stopping asks to confirm first. The same pages serve a clinic client (their own
record, ``gate_local``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub.domain.governor import local_date
from backrub.domain.nof1_changes import KIND_WORDS
from backrub.domain.nof1_design import SOURCES
from backrub.errors import InvalidInput, NotFound, Refused
from backrub.i18n import _
from backrub.reports.trial_svg import schedule_svg
from backrub.services import trial_care, trials
from backrub.services.trial_report import (
    adherence_words,
    trial_csv,
    trial_document,
    trial_report,
)
from backrub.web.context import Here, HereDep
from backrub.web.forms import FormDep, FormState, optional, with_error
from backrub.web.security import require_form_token
from backrub.web.templating import render
from backrub.web.wording import for_people

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

# The plan form's visible fields (the seed comes hidden from the plan page).
FIELDS = ("pairs", "period", "washout", "first_day")
CHANGE_FIELDS = ("change", "note", "day")


def _values(form: FormState) -> dict[str, str | None]:
    return {
        "pairs": optional(form, "pairs"),
        "period_days": optional(form, "period"),
        "washout_days": optional(form, "washout"),
        "first_day": optional(form, "first_day"),
        "seed": optional(form, "seed"),
    }


def _refused(form: FormState, error: InvalidInput) -> FormState:
    """The plan form with ``error`` by its field; a hidden field's (the seed a stale or
    edited page sent) in the form's box, naming it (attack review 7, F5)."""
    if error.field in FIELDS:
        return with_error(form, error, FIELDS)
    said = _(
        "The schedule's seed was not accepted (%(why)s): plan the trial again.",
        why=for_people(error),
    )
    return FormState(form.values, form.lists, {**form.errors, "form": said})


def _page(
    request: Request,
    here: Here,
    form: FormState,
    status: int = 200,
    change_form: FormState | None = None,
) -> Response:
    report = None
    if not here.is_new:
        try:
            report = trial_report(here.store, here.profile, now=here.now)
        except NotFound:
            report = None
    running = report is not None and not report.trial.is_over(here.today)
    context: dict[str, Any] = {
        "change_form": change_form or FormState(),
        "change_kinds": [(k, _(w)) for k, w in KIND_WORDS.items()],
        "changes": ()
        if report is None
        else trial_care.changes_for_report(here.store, here.profile, report.trial),
        "chart": None if report is None else _chart(report),
        "here": here,
        "form": form,
        "report": report,
        "running": running,
        "assignment": trials.assignment_on(here.store, here.profile, here.today)
        if running
        else None,
        "adherence": None if report is None else adherence_words(report.adherence),
        "sources": _(SOURCES),
        "shortfall": None
        if running
        else trials.baseline_shortfall(here.store, here.profile, now=here.now),
        "stopped": request.query_params.get("stopped") == "1",
        "started": request.query_params.get("started") == "1",
        "change_kept": request.query_params.get("change") == "1",
    }
    return render(request, "trial.html", context, status=status, profile_name=here.profile.name)


def _chart(report: Any) -> Any:
    design = report.trial.design
    return schedule_svg(
        [(d.scheduled.arm, d.scheduled.washout, d.pain) for d in report.days],
        design.total_days,
        first_day=report.trial.first_day,
        period_days=design.period_days,
    )


@router.get("/trial")
def trial_page(request: Request, here: HereDep) -> Response:
    return _page(request, here, FormState())


@router.post("/trial/plan")
def plan_trial(request: Request, here: HereDep, form: FormDep) -> Response:
    """Show what the design can detect and its schedule; nothing is kept yet."""
    try:
        plan = trials.plan_trial(here.store, here.profile, now=here.now, **_values(form))
    except InvalidInput as error:
        return _page(request, here, _refused(form, error), status=422)
    except Refused as refused:
        if refused.refusal is None or refused.refusal.code != "trial_baseline":
            raise
        return _page(request, here, form, status=422)  # the page says why, in place of the form
    return _plan_page(request, here, plan, FormState())


def _plan_page(
    request: Request, here: Here, plan: trials.TrialPlan, form: FormState, status: int = 200
) -> Response:
    context = {
        "here": here,
        "plan": plan,
        "form": form,
        "lines": trials.plan_lines(plan),
        "sources": _(SOURCES),
        "before": trial_care.before_you_start(),
        "confirm": _(trial_care.CONFIRM),
    }
    return render(
        request, "trial_plan.html", context, status=status, profile_name=here.profile.name
    )


@router.post("/trial/start")
def start_trial(request: Request, here: HereDep, form: FormDep) -> Response:
    """Start the planned trial with the seed the plan showed; then show it."""
    confirmed = optional(form, "before_you_start") == "yes"
    values = _values(form)
    try:
        trials.start_trial(here.store, here.profile, now=here.now, confirmed=confirmed, **values)
    except InvalidInput as error:
        if error.field != "before_you_start":
            return _page(request, here, _refused(form, error), status=422)
        plan = trials.plan_trial(here.store, here.profile, now=here.now, **values)
        unticked = with_error(FormState(), error, ("before_you_start",))
        return _plan_page(request, here, plan, unticked, status=422)
    return RedirectResponse("/trial?started=1", status_code=303)


@router.post("/trial/changes")
def record_change(request: Request, here: HereDep, form: FormDep) -> Response:
    """Keep a change of other treatment on a trial day; then show the trial again."""
    try:
        trial_care.record_change(
            here.store,
            here.profile,
            now=here.now,
            change=optional(form, "change"),
            note=optional(form, "note"),
            day=optional(form, "day"),
        )
    except InvalidInput as error:
        refused = with_error(form, error, CHANGE_FIELDS)
        return _page(request, here, FormState(), status=422, change_form=refused)
    return RedirectResponse("/trial?change=1#changes-h", status_code=303)


@router.get("/trial/stop")
def stop_page(request: Request, here: HereDep) -> Response:
    """Ask before stopping: a stopped trial cannot go on."""
    trial = trials.current_trial(here.store, here.profile, today=here.today)
    if trial is None:
        raise NotFound(_("No trial is running."), code="no_trial")
    context = {"here": here, "trial": trial, "last": trial.schedule.last_day}
    return render(request, "trial_stop.html", context, profile_name=here.profile.name)


@router.post("/trial/stop")
def stop_trial(request: Request, here: HereDep, form: FormDep) -> Response:
    trials.stop_trial(here.store, here.profile, now=here.now)
    return RedirectResponse("/trial?stopped=1", status_code=303)


@router.get("/trial/days.csv")
def trial_days_csv(here: HereDep) -> Response:
    """The trial's whole days as CSV (a download)."""
    if here.is_new:
        raise NotFound(_("No trial yet."), code="no_trial")
    report = trial_report(here.store, here.profile, now=here.now)
    return Response(
        trial_csv(report),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="trial.csv"'},
    )


@router.get("/trial/schedule.txt")
def trial_schedule_text(request: Request, here: HereDep) -> Response:
    """The schedule, seed and hash as plain text: the plan's (from its values, before
    starting) or the latest trial's."""
    from backrub.services.trial_registration import planned_schedule, registration_text

    query = request.query_params
    if query.get("seed"):
        found = planned_schedule(
            here.today,
            pairs=query.get("pairs") or None,
            period_days=query.get("period") or None,
            washout_days=query.get("washout") or None,
            seed=query.get("seed"),
            first_day=query.get("first_day") or None,
        )
        text = registration_text(found, fixed_on=here.today, started=False)
    else:
        if here.is_new:
            raise NotFound(_("No trial yet."), code="no_trial")
        report = trial_report(here.store, here.profile, now=here.now)
        fixed = local_date(report.trial.started_at, here.profile.tz)
        text = registration_text(report.schedule, fixed_on=fixed, started=True)
    return Response(
        text,
        media_type="text/plain; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="trial-schedule.txt"'},
    )


@router.get("/trial/report.html")
def trial_report_html(here: HereDep) -> Response:
    """The trial's own report (CENT 2015 items) as a web page to keep."""
    return _document(here, "html", "text/html; charset=utf-8")


@router.get("/trial/report.pdf")
def trial_report_pdf(here: HereDep) -> Response:
    """The trial's own report (CENT 2015 items) as a PDF to keep."""
    return _document(here, "pdf", "application/pdf")


def _document(here: Here, fmt: str, kind: str) -> Response:
    if here.is_new:
        raise NotFound(_("No trial yet."), code="no_trial")
    data = trial_document(here.store, here.profile, now=here.now, fmt=fmt)
    disposition = f'attachment; filename="trial-report.{fmt}"'
    return Response(data, media_type=kind, headers={"Content-Disposition": disposition})
