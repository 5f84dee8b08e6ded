"""Backup: download the lossless JSON export, restore one by upload (all or nothing)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from backrub import services
from backrub.errors import InvalidInput, NotFound
from backrub.services.backup import NameTaken, read_backup, restore_backup
from backrub.web.context import Here, HereDep
from backrub.web.forms import FormState, read_form
from backrub.web.security import require_form_token
from backrub.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

IMPORT_FIELDS = ("file", "mode", "name", "confirm")


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


def _target(here: Here, form: FormState) -> tuple[str | None, bool]:
    """Return the name to restore under and whether it replaces the current profile."""
    mode = form.value("mode", "new")
    if mode == "replace" and not here.is_new:
        if form.value("confirm") != "yes":
            raise InvalidInput(
                "confirm",
                None,
                "tick the box to confirm that the records of profile "
                f"{here.profile.name} are to be replaced by the backup's",
            )
        return here.profile.name, True
    if mode not in ("new", "replace"):
        raise InvalidInput("mode", mode, "choose how to restore the backup")
    return form.value("name").strip() or None, False


@router.post("/backup/import")
async def import_backup(request: Request, here: HereDep) -> Response:
    """Restore an uploaded backup as a new profile, or in place of the current one.

    A bad file, a taken name or a replace without its confirmation changes nothing (422).
    """
    form = await request.form()
    state = read_form(form)
    upload = form.get("file")
    try:
        as_name, replace = _target(here, state)
        if upload is None or isinstance(upload, str) or not upload.filename:
            raise InvalidInput("file", None, "choose a backup file to upload")
        name = upload.filename
        text = decode_upload(await upload.read(), name)
        data = await run_in_threadpool(read_backup, text, source=name, now=here.now)
        profile = await run_in_threadpool(
            restore_backup, here.store, data, as_name=as_name, replace=replace
        )
    except NameTaken as taken:
        words = (
            f"A profile called {taken.name} exists already. Give the restored profile another name"
        )
        if not here.is_new:
            words += ", or choose to replace your current data"
        return _page(request, here, _failed(state, "name", words + "."), status=422)
    except InvalidInput as error:
        where = error.field if error.field in IMPORT_FIELDS else "file"
        return _page(request, here, _failed(state, where, str(error)), status=422)
    finally:
        await form.close()  # the upload is spooled to a temporary file: remove it now
    return RedirectResponse(f"/profiles?imported={profile.name}", status_code=303)


def _failed(state: FormState, field: str, message: str) -> FormState:
    return FormState(values=state.values, lists=state.lists, errors={field: message})
