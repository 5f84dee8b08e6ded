"""JSON API for measuring: questionnaires, progress, the report and the body map.

Shapes follow the command line: a score is ``backrub score --json``,
progress is ``backrub progress --json``, body-map marks are the
``pain_spots`` of ``backrub history --json``.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from backrub import services
from backrub.domain.instruments import INSTRUMENTS, Instrument, get_instrument
from backrub.services.licensed import licensed_form
from backrub.services.shapes import record_json
from backrub.web.context import HereDep
from backrub.web.routes.api_models import Text
from backrub.web.routes.report import report_file
from backrub.web.routes.today import empty_history
from backrub.web.security import require_api_client

router = APIRouter(prefix="/api", dependencies=[Depends(require_api_client)])

Json = dict[str, Any]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnswersIn(_In):
    answers: Text = Field(description="Answers in item order, 'A,B,...'; '-' for a missing one.")


class ResponseIn(_In):
    instrument: Text = Field(description="An instrument id from GET /api/instruments.")
    answers: Text = Field(description="Answers in item order, 'A,B,...'; '-' for a missing one.")
    activities: Text | None = Field(
        default=None, description="PSFS only: one activity per answer, separated by ';'."
    )
    at: Text | None = Field(default=None, description="ISO date and time; default now.")
    items_file: Text | None = Field(
        default=None,
        description="ODI and STarT Back only: the text of your clinic's licensed item file (TOML).",
    )


class BodyMapIn(_In):
    where: Text = Field(description="Regions and pain 0-10 as 'lower_back_left:6,buttock_left:3'.")
    at: Text | None = Field(default=None, description="ISO date and time; default now.")


def instrument_json(instrument: Instrument, *, items: bool = False) -> Json:
    out: Json = {
        "id": instrument.id,
        "name": instrument.name_en,
        "sources": list(instrument.sources),
        "licence": instrument.licence.value,
        "ships_item_text": instrument.ships_item_text,
        "notice": instrument.notice_en,
        "items": {"fewest": instrument.fewest_items, "most": instrument.max_items},
        "score_range": [instrument.score_low, instrument.score_high],
        "direction": instrument.direction.value,
        "change_note": instrument.change_note_en,
    }
    if items:
        out["instructions"] = instrument.instructions_en
        out["item_list"] = [
            {
                "link_id": item.link_id,
                "text": item.text_en,
                "scale": {
                    "low": item.scale.low,
                    "high": item.scale.high,
                    "whole": item.scale.whole,
                    "labels": list(item.scale.labels_en),
                    "unit": item.scale.unit,
                },
            }
            for item in instrument.items
        ]
    return out


@router.get("/instruments", tags=["measures"], summary="The questionnaires and measures")
def list_instruments() -> list[Json]:
    return [instrument_json(i) for i in INSTRUMENTS.values()]


@router.get(
    "/instruments/{instrument_id}",
    tags=["measures"],
    summary="One instrument with its items (licensed wording is null)",
)
def one_instrument(instrument_id: str) -> Json:
    return instrument_json(get_instrument(instrument_id), items=True)


@router.post(
    "/instruments/{instrument_id}/score",
    tags=["measures"],
    summary="Score answers without saving them",
)
def score_only(instrument_id: str, body: AnswersIn) -> Json:
    return services.score_text(instrument_id, body.answers).to_json()


@router.post(
    "/responses", status_code=201, tags=["measures"], summary="Answer a questionnaire and keep it"
)
def create_response(here: HereDep, body: ResponseIn) -> Json:
    instrument = get_instrument(body.instrument)
    licensed = licensed_form(instrument, body.items_file)
    response, result = services.record_response(
        here.store,
        here.profile,
        instrument_id=instrument.id,
        answers=body.answers,
        labels=body.activities,
        at=body.at,
        now=here.now,
        form=licensed,
    )
    return result.to_json() | {"at": response.at.isoformat(), "labels": list(response.labels)}


@router.get("/progress", tags=["measures"], summary="Progress, as 'backrub progress --json'")
def get_progress(here: HereDep) -> Json:
    return services.progress(here.store, here.profile, now=here.now).to_json()


@router.get(
    "/report",
    tags=["measures"],
    summary="The report as an HTML or PDF attachment",
    response_class=Response,
)
def get_report(
    here: HereDep, format: Literal["pdf", "html"] = "pdf", sections: str | None = None
) -> Response:
    return report_file(here, fmt=format, sections=sections)


@router.get("/body-map", tags=["measures"], summary="Body-map marks, oldest first")
def list_marks(here: HereDep, since: str | None = None) -> Json:
    data = (
        empty_history(here)
        if here.is_new
        else services.history(here.store, here.profile, since=since)
    )
    return {
        "profile": here.profile.name,
        "pain_spots": [record_json(p) | {"kind": "pain_spot"} for p in data.pain_spots],
    }


@router.post("/body-map", status_code=201, tags=["measures"], summary="Mark where it hurts")
def create_marks(here: HereDep, body: BodyMapIn) -> Json:
    spots = services.record_body_map(
        here.store, here.profile, now=here.now, where=body.where, at=body.at
    )
    return {"pain_spots": [record_json(p) | {"kind": "pain_spot"} for p in spots]}
