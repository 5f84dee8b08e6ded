"""JSON API for safety and advice: screening, clearance, plans, evidence and rules."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from backrub import services
from backrub.domain.protocols import PROTOCOLS
from backrub.domain.screening import NOT_A_MEDICAL_DEVICE, QUESTIONS, QUESTIONS_BY_ID
from backrub.errors import InvalidInput, NotFound
from backrub.evidence import entry_to_json, load_catalogue, load_rules
from backrub.i18n import _
from backrub.services.screening_summary import screen_and_summarise
from backrub.services.shapes import plan_json, safety_json, screening_summary_json
from backrub.web.context import HereDep
from backrub.web.routes.api_models import ClearanceIn, PlanIn, ScreeningIn
from backrub.web.security import require_api_client

router = APIRouter(prefix="/api", dependencies=[Depends(require_api_client)])

Json = dict[str, Any]


@router.get("/screening/questions", tags=["safety"], summary="The screening questions")
def screening_questions() -> list[Json]:
    return [
        {
            "id": q.id,
            "text": q.text,
            "group": q.group.value,
            "tier": q.tier.value,
            "required": True,
            "choices": [c.value for c in q.choices] or None,
            "sources": list(q.sources),
        }
        for q in QUESTIONS
    ]


@router.get("/screening", tags=["safety"], summary="The latest screening and whether it stops")
def latest_screening(here: HereDep) -> Json:
    state = services.safety_state(here.store, here.profile)
    if state.screening is None:
        said = _("none yet; POST /api/screening with every answer")
        raise NotFound(f"screening: {said}")
    return safety_json(state) | {"not_a_medical_device": NOT_A_MEDICAL_DEVICE}


@router.post("/screening", status_code=201, tags=["safety"], summary="Answer the screening")
def answer_screening(here: HereDep, body: ScreeningIn) -> Json:
    for qid, value in body.answers.items():
        # JSON says yes and no as true and false; text is only for the age band.
        if isinstance(value, str) and qid in QUESTIONS_BY_ID and not QUESTIONS_BY_ID[qid].is_choice:
            raise InvalidInput(f"answers.{qid}", value, _("use true or false"))
    summary = screen_and_summarise(here.store, here.profile, body.answers, today=here.today)
    return screening_summary_json(summary)


@router.post(
    "/screening/clearance",
    status_code=201,
    tags=["safety"],
    summary="Record a clinician's clearance after a stop",
)
def add_clearance(here: HereDep, body: ClearanceIn) -> Json:
    saved = services.add_clearance(
        here.store,
        here.profile,
        cleared_on=body.cleared_on or here.today.isoformat(),
        cleared_by=body.cleared_by,
        lifts=body.lifts,
        note=body.note,
        today=here.today,
        now=here.now,
    )
    return {
        "cleared_on": saved.cleared_on.isoformat(),
        "cleared_by": saved.cleared_by,
        "lifts": list(saved.lifts or ()),
        "note": saved.note,
    }


@router.get("/plan", tags=["plan"], summary="The current plan with adherence")
def get_plan(here: HereDep) -> Json:
    view = services.current_plan(here.store, here.profile, today=here.today)
    return plan_json(view.plan, view.adherence)


@router.post("/plan", status_code=201, tags=["plan"], summary="Make a plan")
def make_plan(here: HereDep, body: PlanIn) -> Json:
    plan = services.new_plan(
        here.store,
        here.profile,
        protocol=body.protocol,
        start=body.start,
        days=",".join(body.days),
        price=body.price,
        budget_per_session=body.budget_per_session,
        budget_total=body.budget_total,
        currency=body.currency,
        tools=",".join(body.tools),
        self_massage_at=body.self_massage_at,
        today=here.today,
    )
    return plan_json(plan, None)


@router.get("/plan/protocols", tags=["plan"], summary="The study protocols a plan can follow")
def protocols() -> list[Json]:
    return [
        {
            "id": p.id,
            "title": p.title,
            "description": p.description,
            "session_min": p.session_min,
            "window_weeks": p.window_weeks,
            "evidence": list(p.evidence),
            "caveats": list(p.caveats),
            "is_extrapolation": p.is_extrapolation,
        }
        for p in PROTOCOLS
    ]


@router.get(
    "/plan.ics",
    tags=["plan"],
    summary="The plan as iCalendar",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def plan_ics(here: HereDep, daily: bool = False) -> Response:
    data = services.plan_calendar(
        here.store, here.profile, today=here.today, include_daily_slot=daily
    )
    return Response(data, media_type="text/calendar; charset=utf-8")


@router.get("/evidence", tags=["evidence"], summary="The evidence catalogue")
def evidence() -> list[Json]:
    return [entry_to_json(e) for e in load_catalogue()]


@router.get("/evidence/{entry_id}", tags=["evidence"], summary="One evidence entry")
def evidence_entry(entry_id: str) -> Json:
    return entry_to_json(load_catalogue().get(entry_id))


@router.get("/rules", tags=["evidence"], summary="Every rule with its value and sources")
def rules() -> list[Json]:
    return [
        {
            "id": r.id,
            "value": r.value,
            "unit": r.unit,
            "sources": list(r.sources),
            "note": r.note,
            "cite": r.cite(),
            "is_product_default": r.is_product_default,
        }
        for r in sorted(load_rules().values(), key=lambda rule: rule.id)
    ]
