"""JSON API for correcting mistakes: PATCH and DELETE a record by its id.

A PATCH names only the fields that change (``null`` clears an optional one)
and goes through the same rules as creating the record; the answer is the
saved record in the shape ``GET /api/history`` gives it. A DELETE answers
what it deleted. Another profile's id is 404, as is an id that does not exist.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from backrub import services
from backrub.services.corrections import MAX_ID
from backrub.services.shapes import checkin_json, record_json, response_json
from backrub.web.context import HereDep
from backrub.web.routes.api_models import Text
from backrub.web.security import require_api_client

router = APIRouter(prefix="/api", dependencies=[Depends(require_api_client)])

Json = dict[str, Any]
RecordId = Annotated[int, PathParam(ge=1, le=MAX_ID, description="The id history gives.")]


class _Patch(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckinPatch(_Patch):
    pain: StrictInt | None = None
    soreness: StrictInt | None = None
    sleep: StrictInt | None = None
    activity_min: StrictInt | None = None
    medication: Text | None = None
    note: Text | None = None
    at: Text | None = Field(default=None, description="ISO date and time (the record's zone).")


class ProSessionPatch(_Patch):
    technique: Text | None = None
    minutes: StrictInt | None = None
    at: Text | None = None
    cost: Text | None = None
    currency: Text | None = None
    therapist: Text | None = None
    subjective: Text | None = None
    objective: Text | None = None
    assessment: Text | None = None
    plan: Text | None = None


class SelfSessionPatch(_Patch):
    tool: Text | None = None
    zones: Text | None = Field(default=None, description="As when logging: 'glutes_left:60'.")
    seconds: StrictInt | None = None
    gun_level: StrictInt | None = None
    pain_before: StrictInt | None = None
    pain_during: StrictInt | None = None
    pain_after: StrictInt | None = None
    at: Text | None = None
    note: Text | None = None
    override: StrictBool = Field(default=False, description="Keep it although a rule says no.")
    override_reason: Text | None = Field(default=None, description="Why, with override.")


class ResponsePatch(_Patch):
    answers: Text | None = Field(default=None, description="All answers in item order, 'A,B'.")
    activities: Text | None = Field(default=None, description="PSFS only, ';'-separated.")
    at: Text | None = None


class MarkPatch(_Patch):
    region: Text | None = None
    intensity: StrictInt | None = None
    at: Text | None = None


def _changes(body: _Patch) -> dict[str, object]:
    # Given as null: clear it (the services read "" as "clear", None as "not given").
    return {k: "" if v is None else v for k, v in body.model_dump(exclude_unset=True).items()}


@router.patch("/checkins/{record_id}", tags=["corrections"], summary="Correct a check-in")
def patch_checkin(here: HereDep, record_id: RecordId, body: CheckinPatch) -> Json:
    saved = services.edit_checkin(
        here.store, here.profile, record_id, now=here.now, **_changes(body)
    )
    return checkin_json(saved)


@router.delete(
    "/checkins/{record_id}",
    tags=["corrections"],
    summary="Delete a check-in and the body-map marks saved with it",
)
def delete_checkin(here: HereDep, record_id: RecordId) -> Json:
    marks = services.delete_checkin(here.store, here.profile, record_id)
    return {"deleted": "checkin", "id": record_id, "marks_deleted": marks}


@router.patch(
    "/sessions/pro/{record_id}", tags=["corrections"], summary="Correct a professional session"
)
def patch_pro(here: HereDep, record_id: RecordId, body: ProSessionPatch) -> Json:
    saved = services.edit_pro_session(
        here.store, here.profile, record_id, now=here.now, **_changes(body)
    )
    return record_json(saved) | {"kind": "pro_session"}


@router.delete(
    "/sessions/pro/{record_id}", tags=["corrections"], summary="Delete a professional session"
)
def delete_pro(here: HereDep, record_id: RecordId) -> Json:
    services.delete_pro_session(here.store, here.profile, record_id)
    return {"deleted": "pro_session", "id": record_id}


@router.patch(
    "/sessions/self/{record_id}",
    tags=["corrections"],
    summary="Correct a self-massage (the governor applies; override with a reason)",
)
def patch_self(here: HereDep, record_id: RecordId, body: SelfSessionPatch) -> Json:
    changes = _changes(body)
    override = bool(changes.pop("override", False))
    reason = changes.pop("override_reason", None) or None
    saved = services.edit_self_session(
        here.store,
        here.profile,
        record_id,
        now=here.now,
        override=override,
        override_reason=reason,
        **changes,
    )
    return record_json(saved) | {"kind": "self_session", "total_seconds": saved.total_seconds}


@router.delete("/sessions/self/{record_id}", tags=["corrections"], summary="Delete a self-massage")
def delete_self(here: HereDep, record_id: RecordId) -> Json:
    services.delete_self_session(here.store, here.profile, record_id)
    return {"deleted": "self_session", "id": record_id}


@router.patch(
    "/responses/{record_id}", tags=["corrections"], summary="Correct a questionnaire response"
)
def patch_response(here: HereDep, record_id: RecordId, body: ResponsePatch) -> Json:
    saved = services.edit_response(
        here.store, here.profile, record_id, now=here.now, **_changes(body)
    )
    return response_json(saved)


@router.delete(
    "/responses/{record_id}", tags=["corrections"], summary="Delete a questionnaire response"
)
def delete_response(here: HereDep, record_id: RecordId) -> Json:
    services.delete_response(here.store, here.profile, record_id)
    return {"deleted": "response", "id": record_id}


@router.patch("/body-map/{record_id}", tags=["corrections"], summary="Correct a body-map mark")
def patch_mark(here: HereDep, record_id: RecordId, body: MarkPatch) -> Json:
    saved = services.edit_mark(here.store, here.profile, record_id, now=here.now, **_changes(body))
    return record_json(saved) | {"kind": "pain_spot"}


@router.delete("/body-map/{record_id}", tags=["corrections"], summary="Delete a body-map mark")
def delete_mark(here: HereDep, record_id: RecordId) -> Json:
    services.delete_mark(here.store, here.profile, record_id)
    return {"deleted": "pain_spot", "id": record_id}
