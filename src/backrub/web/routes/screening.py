"""First run and safety: the welcome page, the screening questions, a clinician's clearance.

An unanswered question is sent back as an error, never taken as "no"; a stop
is shown first and in full, with the emergency wording the domain gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub import services
from backrub.domain.cancer_signs import HEADING as CANCER_HEADING
from backrub.domain.clearance import (
    EMERGENCY_NOT_CLEARABLE,
    SAME_DAY_NOT_CLEARABLE,
    UNDER_18_NOT_CLEARABLE,
    record_clearance,
)
from backrub.domain.emergency import current_number, set_place
from backrub.domain.red_flags import answered_labels
from backrub.domain.screening import (
    NOT_A_NO,
    QUESTIONS,
    AgeBand,
    Group,
    Question,
    Screening,
    Tier,
    is_emergency,
    parse_answer,
    reread,
)
from backrub.domain.verdicts import verdict_title
from backrub.errors import InvalidInput
from backrub.i18n import N_, _
from backrub.services.screening_summary import (
    ScreeningSummary,
    leg_pain_gone,
    screen_and_summarise,
    summarise_screening,
)
from backrub.web.context import Here, HereDep
from backrub.web.forms import FormDep, FormState, all_errors, optional, with_error, with_errors
from backrub.web.routes.words import day, tr
from backrub.web.security import require_form_token
from backrub.web.templating import render
from backrub.web.wording import for_people, sentence

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

# The order a person meets the questions in: the emergencies first.
SECTIONS: tuple[tuple[str, tuple[Tier, ...], tuple[Group, ...]], ...] = (
    (N_("Signs that need help now"), (Tier.EMERGENCY,), ()),
    (N_("Signs that need a clinician today"), (Tier.SAME_DAY,), (Group.CLOT,)),
    (N_("About you"), (), (Group.AGE,)),
    (
        N_("Other warning signs: see a clinician first"),
        (Tier.SOON,),
        (Group.CANCER, Group.FRACTURE, Group.INFLAMMATORY),
    ),
    # Asked of everyone (every answer is needed), but they count only with cancer now or
    # in the past, and the heading says so (review CLIN-8 M3).
    (CANCER_HEADING, (), (Group.WITH_CANCER,)),
    (N_("Reasons to leave some kinds of massage out"), (Tier.RESTRICT,), ()),
    (N_("Your pain"), (), (Group.EPISODE,)),
)
QUESTION_IDS = tuple(q.id for q in QUESTIONS)
CLEARANCE_FIELDS = ("lifts", "cleared_on", "cleared_by", "note")


def sections() -> list[tuple[str, list[Question]]]:
    placed: set[str] = set()
    out: list[tuple[str, list[Question]]] = []
    for title, tiers, groups in SECTIONS:
        chosen = [
            q for q in QUESTIONS if q.id not in placed and (q.tier in tiers or q.group in groups)
        ]
        placed |= {q.id for q in chosen}
        out.append((_(title), chosen))
    return out


def _welcome(
    request: Request,
    here: Here,
    form: FormState,
    *,
    status: int = 200,
    stop: Screening | None = None,
) -> Response:
    from backrub.web.routes.profiles import zone_names

    context = {
        "sections": sections(),
        "form": form,
        "here": here,
        "zones": zone_names(),
        "stop": stop,
        "stop_title": stop.title if stop is not None else "",
        "stop_answers": answered_labels([r.question_id for r in stop.reasons]) if stop else (),
        "age_words": {b.value: b.words for b in AgeBand},
        "tr": tr,
    }
    return render(request, "welcome.html", context, status=status, profile_name=here.profile.name)


@router.get("/welcome")
def welcome(request: Request, here: HereDep) -> Response:
    """Show what backrub is and is not, then the safety questions."""
    return _welcome(request, here, FormState())


@router.post("/screening")
def answer_screening(request: Request, here: HereDep, form: FormDep) -> Response:
    """Screen the answers and show the verdict.

    One emergency answer is enough: it is saved and shown at once, however
    many questions are still open. Otherwise a missing answer comes back,
    nothing saved, with any stop the answers so far already call for shown first.
    """
    answers = {qid: form.value(qid) for qid in QUESTION_IDS if form.value(qid)}
    missing = [q.id for q in QUESTIONS if not form.value(q.id)]
    zone_error: dict[str, str] = {}
    if here.is_new and optional(form, "tz") is not None:
        # The first run: the person chose the new profile's zone on this page. A zone
        # that is no zone is said next to its field, beside any unanswered question.
        try:
            chosen = replace(here.profile, tz=services.parse_zone(form.value("tz")))
            here = Here(here.backend, chosen, here.now)
            set_place(chosen.tz)  # the emergency number of the zone just chosen
        except InvalidInput as error:
            zone_error = {"tz": for_people(error)}
    try:
        parsed = {qid: parse_answer(qid, value) for qid, value in answers.items()}
        if (missing and not is_emergency(parsed)) or zone_error:
            # The same refusal the domain gives, but for every unanswered question at once.
            errors = {qid: for_people(InvalidInput(qid, None, _(NOT_A_NO))) for qid in missing}
            state = FormState(form.values, form.lists, zone_error | errors)
            so_far = reread(parsed, today=here.today)
            stop = so_far if so_far.is_stop else None
            return _welcome(request, here, state, status=422, stop=stop)
        summary = screen_and_summarise(here.store, here.profile, answers, today=here.today)
    except InvalidInput as error:
        state = with_error(form, error, (*QUESTION_IDS, "tz"))
        return _welcome(request, here, state, status=422)
    return render(
        request,
        "screening.html",
        _result_context(here, summary, fresh=True),
        profile_name=here.profile.name,
    )


def _result_context(
    here: Here, summary: ScreeningSummary, *, fresh: bool, form: FormState | None = None
) -> dict[str, Any]:
    """Return what the result page shows: the shared screening summary, in words."""
    state, result = summary.state, summary.screening
    standing = state.standing
    return {
        "result": result,
        "summary": summary,
        "title": verdict_title(summary.verdict),
        "fresh": fresh,
        "stopped": state.is_stopped,
        "cleared": state.cleared,
        "standing": standing,
        # Offered by their words; the values are the ids the service checks.
        "clearable": [(flag.id, flag.shown) for flag in state.clearance_offered],
        "emergency": state.needs_new_screening,
        # What a clearance could lift once the stop has gone (said, not offered, meanwhile).
        "clearable_later": state.needs_new_screening and bool(standing.clearable),
        # A stop says "not a medical device" in the page itself: the footer then does not.
        "disclaimer_in_main": result.is_stop,
        "emergency_number": current_number(),
        "form": form or FormState({"cleared_on": here.today.isoformat()}),
        "questions": {q.id: q for q in QUESTIONS},
        "age_words": {b.value: b.words for b in AgeBand},
        "tr": tr,
        "day": day,
    }


@router.get("/screening")
def latest_screening(request: Request, here: HereDep) -> Response:
    """Show the latest screening and, after a stop, the clearance form."""
    state = services.safety_state(here.store, here.profile)
    if state.screening is None:
        return RedirectResponse("/welcome#questions", status_code=303)
    return render(
        request,
        "screening.html",
        _result_context(here, _summary(here, state.screening), fresh=False),
        profile_name=here.profile.name,
    )


def _summary(here: Here, result: Screening) -> ScreeningSummary:
    return summarise_screening(here.store, here.profile, result, today=here.today)


@router.post("/screening/leg-pain-gone")
def leg_pain_has_gone(here: HereDep) -> Response:
    """Record that the leg pain below the knee has gone (a new episode without it)."""
    leg_pain_gone(here.store, here.profile, today=here.today)
    return RedirectResponse("/screening#leg-pain", status_code=303)


# The service's refusals, in the page's words (no commands on a web page).
_NOT_CLEARABLE_WORDS = {
    EMERGENCY_NOT_CLEARABLE: N_(
        "an emergency answer cannot be cleared here: once you have been "
        "seen, answer the safety questions again"
    ),
    SAME_DAY_NOT_CLEARABLE: N_(
        "an answer that needs a clinician today cannot be cleared here: "
        "once you have been seen, answer the safety questions again"
    ),
    UNDER_18_NOT_CLEARABLE: N_("backrub is for adults: no clearance lifts the stop for under 18"),
}


def _not_clearable_words(allowed: str) -> str:
    """Return the page's words for the service's refusal ``allowed`` (said in any language)."""
    for key, words in _NOT_CLEARABLE_WORDS.items():
        if allowed in (key, _(key)):
            return _(words)
    return _("tick what the clinician cleared, from the list above")


def clearance_errors(here: Here, form: FormState, first: InvalidInput) -> list[InvalidInput]:
    """Return ``first`` and the clearance form's other mistakes, checked without saving."""
    values = {name: optional(form, name) for name in ("cleared_on", "cleared_by", "note")}

    def check(typed: Mapping[str, str | None]) -> object:
        return record_clearance(
            typed["cleared_on"], typed["cleared_by"], typed["note"], lifts=None, today=here.today
        )

    stand_ins = {"cleared_on": here.today.isoformat(), "cleared_by": _("a clinician")}
    errors = all_errors(first, check, values, stand_ins) if first.field in values else [first]
    if first.field != "lifts" and not form.chosen("lifts"):
        errors.append(InvalidInput("lifts", None, _("tick what the clinician cleared")))
    return errors


@router.post("/screening/clearance")
def add_clearance(request: Request, here: HereDep, form: FormDep) -> Response:
    """Record that a clinician saw the person after a stop."""
    state = services.safety_state(here.store, here.profile)
    if state.screening is None:
        return RedirectResponse("/welcome#questions", status_code=303)
    try:
        services.add_clearance(
            here.store,
            here.profile,
            cleared_on=form.value("cleared_on") or here.today.isoformat(),
            cleared_by=optional(form, "cleared_by"),
            lifts=list(form.chosen("lifts")),
            note=optional(form, "note"),
            today=here.today,
            now=here.now,
        )
    except InvalidInput as error:
        failed = with_errors(form, clearance_errors(here, form, error), CLEARANCE_FIELDS)
        if error.field == "lifts":
            # The service names question ids; the page speaks in the words it showed.
            words = _not_clearable_words(error.allowed or "")
            failed = FormState(form.values, form.lists, {"lifts": sentence(words)})
        context = _result_context(here, _summary(here, state.screening), fresh=False, form=failed)
        return render(
            request, "screening.html", context, status=422, profile_name=here.profile.name
        )
    return RedirectResponse("/screening", status_code=303)
