"""JSON API for records: check-ins, sessions, history, profiles and backups.

The JSON shapes are those of the command line's ``--json`` output (public).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from backrub import services
from backrub.domain.records import Profile
from backrub.errors import NotFound
from backrub.i18n import _
from backrub.services import History
from backrub.services import profiles as profile_services
from backrub.services.shapes import checkin_json, history_json, profile_json, record_json
from backrub.services.today import today, today_json
from backrub.web.context import Backend, BackendDep, Here, HereDep, remember_profile
from backrub.web.routes.api_models import (
    CheckinIn,
    ProfileChoice,
    ProfileIn,
    ProSessionIn,
    SelfSessionIn,
)
from backrub.web.routes.backup import decode_upload, export_text
from backrub.web.routes.today import empty_history
from backrub.web.security import require_api_client

router = APIRouter(prefix="/api", dependencies=[Depends(require_api_client)])

Json = dict[str, Any]


def _history(here: Here, since: str | None) -> History:
    if here.is_new:
        return empty_history(here)
    return services.history(here.store, here.profile, since=since)


@router.get("/checkins", tags=["records"], summary="List check-ins, oldest first")
def list_checkins(here: HereDep, since: str | None = None) -> Json:
    data = _history(here, since)
    return {"profile": here.profile.name, "checkins": [checkin_json(c) for c in data.checkins]}


@router.post("/checkins", status_code=201, tags=["records"], summary="Record a check-in")
def create_checkin(here: HereDep, body: CheckinIn) -> Json:
    saved = services.record_checkin(here.store, here.profile, now=here.now, **body.model_dump())
    return checkin_json(saved)


@router.get("/sessions", tags=["records"], summary="List professional and self sessions")
def list_sessions(here: HereDep, since: str | None = None) -> Json:
    shaped = history_json(_history(here, since))
    return {key: shaped[key] for key in ("profile", "pro_sessions", "self_sessions")}


@router.post(
    "/sessions/pro", status_code=201, tags=["records"], summary="Record a professional session"
)
def create_pro_session(here: HereDep, body: ProSessionIn) -> Json:
    values = body.model_dump()
    minutes = values.pop("minutes")
    saved = services.log_pro_session(
        here.store, here.profile, now=here.now, duration_min=minutes, **values
    )
    return record_json(saved) | {"kind": "pro_session"}


@router.post(
    "/sessions/self",
    status_code=201,
    tags=["records"],
    summary="Record a self-massage after the fact",
)
def create_self_session(here: HereDep, body: SelfSessionIn) -> Json:
    saved = services.log_self_session(here.store, here.profile, now=here.now, **body.model_dump())
    return record_json(saved) | {"kind": "self_session", "total_seconds": saved.total_seconds}


@router.get("/history", tags=["records"], summary="Check-ins and sessions, oldest first")
def get_history(here: HereDep, since: str | None = None) -> Json:
    return history_json(_history(here, since))


@router.get("/today", tags=["records"], summary="Today's plan items and which are done")
def get_today(here: HereDep) -> Json:
    return today_json(today(here.store, here.profile, now=here.now))


@router.get("/profiles", tags=["profiles"], summary="List profiles")
def list_profiles(here: HereDep) -> list[Json]:
    found = profile_services.list_profiles(here.store)
    return [profile_json(p, default=found.default) for p in found.profiles]


@router.post("/profiles", status_code=201, tags=["profiles"], summary="Add a profile")
def create_profile(here: HereDep, body: ProfileIn) -> Json:
    created = profile_services.create_profile(here.store, body.name, tz=body.tz, now=here.now)
    return profile_json(created, default=services.default_profile_name(here.store))


@router.post(
    "/profiles/use",
    tags=["profiles"],
    summary="Switch this client (its cookie) to a profile; others and the CLI keep theirs",
)
def choose_profile(here: HereDep, body: ProfileChoice, response: Response) -> Json:
    chosen = profile_services.get_profile(here.store, body.name)
    remember_profile(response, chosen)
    return profile_json(chosen, default=services.default_profile_name(here.store))


@router.get("/export", tags=["backup"], summary="The profile as a lossless JSON backup")
def export(here: HereDep) -> Response:
    return Response(export_text(here), media_type="application/json")


@router.post(
    "/import",
    status_code=201,
    tags=["backup"],
    summary="Restore a backup (the request body) as a new profile; all or nothing",
    description=(
        "On a clinic server the backup goes into the signed-in client's own record: "
        "added to it, or in place of it with `?replace=true`."
    ),
)
async def import_backup(request: Request, backend: BackendDep, replace: bool = False) -> Json:
    from starlette.concurrency import run_in_threadpool

    text = decode_upload(await request.body(), "request body")
    if backend.settings.clinic:
        return await run_in_threadpool(_import_own, request, backend, text, replace)
    profile = await run_in_threadpool(
        services.import_backup, backend.store, text, source="request body", now=backend.clock()
    )
    return profile_json(profile, default=services.default_profile_name(backend.store))


def _import_own(request: Request, backend: Backend, text: str, replace: bool) -> Json:
    """Restore a backup into the signed-in clinic client's own record, never another."""
    from backrub.services.backup import read_backup, restore_into_own

    own: Profile | None = getattr(request.state, "client_profile", None)
    if own is None:  # the clinic's gate lets only a client here; to be sure
        raise NotFound(_("There is no page here. Use the menu to find your way."))
    data = read_backup(text, source="request body", now=backend.clock())
    profile = restore_into_own(backend.store, data, own, replace=replace)
    return {"profile": profile.name, "tz": profile.tz, "replaced": replace}
