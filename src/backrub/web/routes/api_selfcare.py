"""JSON API for guided self-massage: the governor's plan, finishing a session, logging one.

The same service as the pages and the CLI (``services.guided``): finishing
asks the governor again, caps each zone at the plan and leaves out a zone
below the least time that counts; logging after the fact goes through the
governor with an explicit, reasoned override.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from backrub import services
from backrub.domain.inputs import parse_choice
from backrub.domain.records import Zone
from backrub.services.guided import ending_words, finish_guided, steps_of
from backrub.services.shapes import record_json
from backrub.web.context import HereDep
from backrub.web.routes.api_models import SelfSessionIn, Text
from backrub.web.security import require_api_client

router = APIRouter(prefix="/api", dependencies=[Depends(require_api_client)])

Json = dict[str, Any]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ZoneDone(_In):
    zone: Text = Field(description="A zone of the plan, e.g. glutes_left.")
    seconds: StrictInt = Field(
        description="Seconds done; more than the plan's time is capped. Less than the least "
        "time that counts (30 s, or the plan's time if shorter) is saved but not completed: "
        "it counts toward the day's limit, and the zone stays open."
    )
    gun_level: StrictInt | None = Field(
        default=None, description="Speed level used (gun only); default the plan's level."
    )


class GuidedDoneIn(_In):
    tool: Text = Field(description="tennis_ball, foam_roller, massage_gun or hands.")
    started_at: Text = Field(
        description="ISO time with offset when the session started (at most 3 hours ago)."
    )
    zones: list[ZoneDone] = Field(description="What was done, zone by zone.")
    pain_before: StrictInt | None = None
    pain_during: StrictInt | None = None
    pain_after: StrictInt | None = None
    note: Text | None = None


class SelfLogIn(SelfSessionIn):
    override: StrictBool = Field(
        default=False, description="Record it although a rule says no; needs override_reason."
    )
    override_reason: Text | None = Field(
        default=None, description="Why the override; kept and shown in history and reports."
    )


@router.get(
    "/guided/plan",
    tags=["self-massage"],
    summary="The governor's plan for a guided session now (409 with the reason if not now)",
)
def guided_plan(here: HereDep, tool: str) -> Json:
    planned = services.plan_session(here.store, here.profile, tool, now=here.now)
    decision, routine = planned.decision, planned.routine
    return {
        "tool": decision.tool.value,
        "today": decision.today.isoformat(),
        "started_at": here.now.isoformat(),
        "zones": [
            {
                "zone": s.zone.value,
                "label": s.label,
                "seconds": s.seconds,
                "gun_level": s.level,
                "gun_level_max": s.max_level,
                "position": s.position,
                "feel": s.feel,
                "least_seconds": s.least,
            }
            for s in steps_of(planned)
        ],
        "total_seconds": decision.plan_seconds,
        "reasons": list(decision.reasons),
        "notes": list(routine.notes),
        "avoid": list(routine.avoid),
    }


@router.post(
    "/guided/finish",
    status_code=201,
    tags=["self-massage"],
    summary="Save what a guided session did; each zone is capped at the governor's plan",
)
def guided_finish(here: HereDep, body: GuidedDoneIn) -> Json:
    reported: dict[Zone, tuple[object, object]] = {}
    positions: dict[Zone, int] = {}
    for n, item in enumerate(body.zones, start=1):
        zone = parse_choice(f"zones[{n}].zone", item.zone, Zone)
        reported[zone] = (item.seconds, item.gun_level)
        positions[zone] = n
    done = finish_guided(
        here.store,
        here.profile,
        tool=body.tool,
        started_at=body.started_at,
        now=here.now,
        reported=reported,
        field=lambda zone, part: f"zones[{positions.get(zone, 0)}].{part}",
        pain_before=body.pain_before,
        pain_during=body.pain_during,
        pain_after=body.pain_after,
        note=body.note,
    )
    saved = None
    if done.saved is not None:
        saved = record_json(done.saved) | {
            "kind": "self_session",
            "total_seconds": done.saved.total_seconds,
        }
    return {
        "saved": saved,
        "capped": [
            {"zone": c.zone.value, "reported_seconds": c.reported, "saved_seconds": c.kept}
            for c in done.capped
        ],
        "not_counted": [{"zone": w.zone.value, "seconds": w.seconds} for w in done.too_short],
        "least_seconds": done.least,
        "whole_plan": done.complete,
        "pain_rise": done.pain_rise,
        "advice": ending_words(done),
        "left_out": list(done.left_out),
    }


@router.post(
    "/guided/log",
    status_code=201,
    tags=["self-massage"],
    summary="Record a self-massage after the fact; a refusal can be overridden with a reason",
)
def guided_log(here: HereDep, body: SelfLogIn) -> Json:
    values = body.model_dump()
    override = values.pop("override")
    saved = services.log_self_session(
        here.store, here.profile, now=here.now, override=override, **values
    )
    return record_json(saved) | {"kind": "self_session", "total_seconds": saved.total_seconds}
