"""Backup: download the lossless JSON export, restore one by upload (all or nothing)."""

from __future__ import annotations

from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from backrub import services
from backrub.errors import InvalidInput, NotFound
from backrub.i18n import N_, _, ngettext
from backrub.services.backup import NameTaken, read_backup, restore_backup, restore_into_own
from backrub.web.context import Here, HereDep
from backrub.web.forms import FormState, read_form
from backrub.web.routes.words import day_short_month
from backrub.web.security import require_form_token
from backrub.web.templating import render
from backrub.web.wording import CHOOSE_AGAIN, RESTORE_FAILED, for_people, in_backup

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

IMPORT_FIELDS = ("file", "mode", "name", "confirm")
NAME_RULE = N_("1 to 40 letters, digits, spaces, '-', '_', '.' or apostrophes")


def _current(here: Here) -> str | None:
    """Return what the current profile holds, in words, for the replace choice."""
    if here.is_new:
        return None
    held = services.holdings(here.store, here.profile)
    counted = [_counted(kind, n) for kind, n, _first, _last in held if n]
    if not counted:
        return _("no records yet")
    firsts = [first for _kind, _n, first, _last in held if first is not None]
    lasts = [last for _kind, _n, _first, last in held if last is not None]
    zone = ZoneInfo(here.profile.tz)
    first, last = (day_short_month(m.astimezone(zone)) for m in (min(firsts), max(lasts)))
    return _(
        "%(counted)s, from %(first)s to %(last)s",
        counted=", ".join(counted),
        first=first,
        last=last,
    )


def _counted(kind: str, n: int) -> str:
    """Return "3 check-ins" for a kind of record the profile holds."""
    if kind == "checkins":
        return ngettext("%(num)d check-in", "%(num)d check-ins", n)
    if kind == "pro_sessions":
        return ngettext("%(num)d professional session", "%(num)d professional sessions", n)
    if kind == "self_sessions":
        return ngettext("%(num)d self-massage session", "%(num)d self-massage sessions", n)
    if kind == "responses":
        return ngettext("%(num)d questionnaire", "%(num)d questionnaires", n)
    return ngettext("%(num)d body-map mark", "%(num)d body-map marks", n)


def _page(request: Request, here: Here, form: FormState, status: int = 200) -> Response:
    context = {
        "form": form,
        "here": here,
        "current": _current(here),
        "name_rule": _(NAME_RULE),
        "imported": request.query_params.get("imported"),
    }
    return render(request, "backup.html", context, status=status, profile_name=here.profile.name)


@router.get("/backup")
def backup_page(request: Request, here: HereDep) -> Response:
    return _page(request, here, FormState())


def export_text(here: Here) -> str:
    """Return the profile's backup; a first run has nothing to export yet."""
    if here.is_new:
        raise NotFound("export: " + _("nothing recorded yet, so there is nothing to back up"))
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
        allowed = _("give a backup written by backrub (UTF-8 JSON)")
        raise InvalidInput("file", name, allowed) from None


def _target(here: Here, form: FormState) -> tuple[str | None, bool]:
    """Return the name to restore under and whether it replaces the current profile."""
    mode = form.value("mode", "new")
    if mode == "replace" and not here.is_new:
        if form.value("confirm") != "yes":
            raise InvalidInput(
                "confirm",
                None,
                _(
                    "tick the box to confirm that the records of profile "
                    "%(name)s are to be replaced by the backup's",
                    name=here.profile.name,
                ),
            )
        return here.profile.name, True
    if mode not in ("new", "replace"):
        raise InvalidInput("mode", mode, _("choose how to restore the backup"))
    return form.value("name").strip() or None, False


def _clinic_replace(form: FormState) -> bool:
    """Return whether a clinic client's import replaces their records (else adds to them)."""
    mode = form.value("mode", "add")
    if mode == "replace":
        if form.value("confirm") != "yes":
            raise InvalidInput(
                "confirm",
                None,
                _("tick the box to confirm that your records are to be replaced by the backup's"),
            )
        return True
    if mode != "add":
        raise InvalidInput("mode", mode, _("choose how to restore the backup"))
    return False


async def _restore(here: Here, state: FormState, upload: object) -> str:
    """Restore the upload as the form asks; return the page to go to afterwards."""
    clinic = here.backend.settings.clinic
    if clinic:
        as_name, replace = None, _clinic_replace(state)
    else:
        as_name, replace = _target(here, state)
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InvalidInput("file", None, _("choose a backup file to upload"))
    name = upload.filename
    text = decode_upload(await upload.read(), name)
    data = await run_in_threadpool(read_backup, text, source=name, now=here.now)
    done = "replaced" if replace else ("added" if clinic else "new")
    if clinic:  # only ever the signed-in client's own record
        await run_in_threadpool(restore_into_own, here.store, data, here.profile, replace=replace)
        return f"/backup?{urlencode({'imported': done})}"
    profile = await run_in_threadpool(
        restore_backup, here.store, data, as_name=as_name, replace=replace
    )
    return f"/profiles?{urlencode({'imported': profile.name, 'as': done})}"


@router.post("/backup/import")
async def import_backup(request: Request, here: HereDep) -> Response:
    """Restore an uploaded backup as a new profile, or in place of the current one.

    On the clinic server, into the signed-in client's own record: added to it or
    in place of it. A bad file, a taken name or a replace without its
    confirmation changes nothing (422).
    """
    form = await request.form()
    state = read_form(form)
    try:
        where_next = await _restore(here, state, form.get("file"))
    except NameTaken as taken:
        if here.is_new:
            words = _(
                "A profile called %(name)s exists already. Give the restored profile another name.",
                name=taken.name,
            )
        else:
            words = _(
                "A profile called %(name)s exists already. Give the restored profile "
                "another name, or choose to replace your current data.",
                name=taken.name,
            )
        words += f" {_(CHOOSE_AGAIN)}."
        return _page(request, here, _failed(state, "name", words), status=422)
    except InvalidInput as error:
        if error.field == "file" and error.value is None:
            where, words = "file", for_people(error)
        elif error.field in ("mode", "confirm", "name"):
            where, words = error.field, f"{for_people(error)} {_(CHOOSE_AGAIN)}."
        else:  # the file: what is wrong in it, and what to do
            where = "file"
            again = _(
                "%(choose_again)s, or another backup file, for example one made with Download.",
                choose_again=_(CHOOSE_AGAIN),
            )
            words = f"{_(RESTORE_FAILED)} {in_backup(error)} {again}"
        return _page(request, here, _failed(state, where, words), status=422)
    finally:
        await form.close()  # the upload is spooled to a temporary file: remove it now
    return RedirectResponse(where_next, status_code=303)


def _failed(state: FormState, field: str, message: str) -> FormState:
    return FormState(values=state.values, lists=state.lists, errors={field: message})
