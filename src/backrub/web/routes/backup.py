"""Backup: download the lossless JSON export, restore one by upload (all or nothing)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from backrub import services
from backrub.errors import InvalidInput, NotFound
from backrub.web.context import Here, HereDep
from backrub.web.forms import FormState
from backrub.web.security import require_form_token
from backrub.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

IMPORT_FIELDS = ("file",)


def _page(request: Request, here: Here, form: FormState, status: int = 200) -> Response:
    context = {"form": form, "here": here}
    return render(request, "backup.html", context, status=status, profile_name=here.profile.name)


@router.get("/backup")
def backup_page(request: Request, here: HereDep) -> Response:
    return _page(request, here, FormState())


def export_text(here: Here) -> str:
    """Return the profile's backup; a first run has nothing to export yet."""
    if here.is_new:
        raise NotFound("export: nothing recorded yet, so there is nothing to back up")
    return services.export_json(here.store, here.profile, now=here.now)


@router.get("/backup/export.json")
def export(here: HereDep) -> Response:
    """Download the profile as a JSON backup for 'backrub import' or the import form."""
    name = f"backrub-{here.profile.name}-{here.today.isoformat()}.json"
    return Response(
        export_text(here),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def decode_upload(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("file", name, "give a backup written by backrub (UTF-8 JSON)") from None


@router.post("/backup/import")
async def import_backup(request: Request, here: HereDep) -> Response:
    """Restore an uploaded backup as a new profile; a bad file changes nothing (422)."""
    form = await request.form()
    upload = form.get("file")
    try:
        if upload is None or isinstance(upload, str) or not upload.filename:
            raise InvalidInput("file", None, "choose a backup file to upload")
        name = upload.filename
        text = decode_upload(await upload.read(), name)
        profile = await run_in_threadpool(services.import_backup, here.store, text, source=name)
    except InvalidInput as error:
        state = FormState(errors={"file": str(error)})
        return _page(request, here, state, status=422)
    finally:
        await form.close()  # the upload is spooled to a temporary file: remove it now
    return RedirectResponse(f"/profiles?imported={profile.name}", status_code=303)
