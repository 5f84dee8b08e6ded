"""Backup: download the lossless JSON export, restore one by upload (all or nothing)."""

from __future__ import annotations

from urllib.parse import urlencode
from zoneinfo import ZoneInfo

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
from backrub.web.wording import CHOOSE_AGAIN, RESTORE_FAILED, for_people, in_backup

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

IMPORT_FIELDS = ("file", "mode", "name", "confirm")
NAME_RULE = "1 to 40 letters, digits, spaces, '-', '_', '.' or apostrophes"


def _current(here: Here) -> str | None:
    """Return what the current profile holds, in words, for the replace choice."""
    if here.is_new:
        return None
    words = {
        "checkins": "check-in",
        "pro_sessions": "professional session",
        "self_sessions": "self-massage session",
        "responses": "questionnaire",
        "pain_spots": "body-map mark",
    }
    held = services.holdings(here.store, here.profile)
    counted = [f"{n} {words[kind]}{'' if n == 1 else 's'}" for kind, n, _, _ in held if n]
    if not counted:
        return "no records yet"
    firsts = [first for _, _, first, _ in held if first is not None]
    lasts = [last for _, _, _, last in held if last is not None]
    zone = ZoneInfo(here.profile.tz)
    first, last = (f"{m.astimezone(zone):%d %b %Y}".lstrip("0") for m in (min(firsts), max(lasts)))
    return f"{', '.join(counted)}, from {first} to {last}"


def _page(request: Request, here: Here, form: FormState, status: int = 200) -> Response:
    context = {"form": form, "here": here, "current": _current(here), "name_rule": NAME_RULE}
    return render(request, "backup.html", context, status=status, profile_name=here.profile.name)


@router.get("/backup")
def backup_page(request: Request, here: HereDep) -> Response:
    return _page(request, here, FormState())


def export_text(here: Here) -> str:
    """Return the profile's backup; a first run has nothing to export yet."""
    if here.is_new:
        raise NotFound("export: nothing recorded yet, so there is nothing to back up")
    return services.export_json(here.store, here.profile, now=here.now)


def attachment(filename: str) -> dict[str, str]:
    """Return the header that saves a download as ``filename`` (any profile name, RFC 6266)."""
    from urllib.parse import quote

    plain = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename
    )
    utf8 = quote(filename, safe="")
    return {"Content-Disposition": f"attachment; filename=\"{plain}\"; filename*=UTF-8''{utf8}"}


@router.get("/backup/export.json")
def export(here: HereDep) -> Response:
    """Download the profile as a JSON backup for 'backrub import' or the import form."""
    name = f"backrub-{here.profile.name}-{here.today.isoformat()}.json"
    return Response(export_text(here), media_type="application/json", headers=attachment(name))


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
        words += f". {CHOOSE_AGAIN}."
        return _page(request, here, _failed(state, "name", words), status=422)
    except InvalidInput as error:
        if error.field == "file" and error.value is None:
            where, words = "file", for_people(error)
        elif error.field in ("mode", "confirm", "name"):
            where, words = error.field, f"{for_people(error)} {CHOOSE_AGAIN}."
        else:  # the file: what is wrong in it, and what to do
            where = "file"
            words = (
                f"{RESTORE_FAILED} {in_backup(error)} "
                f"{CHOOSE_AGAIN}, or another backup file, for example one made with Download."
            )
        return _page(request, here, _failed(state, where, words), status=422)
    finally:
        await form.close()  # the upload is spooled to a temporary file: remove it now
    done = "replaced" if replace else "new"
    return RedirectResponse(
        f"/profiles?{urlencode({'imported': profile.name, 'as': done})}", status_code=303
    )


def _failed(state: FormState, field: str, message: str) -> FormState:
    return FormState(values=state.values, lists=state.lists, errors={field: message})
