"""Profiles: several people, or several episodes, in one database; list, add, switch."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub import clock, services
from backrub.errors import InvalidInput
from backrub.web.context import BackendDep, Here, HereDep
from backrub.web.forms import FormDep, FormState, optional, with_error
from backrub.web.security import require_form_token
from backrub.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

PROFILE_FIELDS = ("name", "tz")


def zone_names() -> list[str]:
    """Return the zones to offer in a picker, sorted: places and UTC (see clock.place_zone)."""
    return clock.place_zones()


def _page(
    request: Request,
    here: Here,
    form: FormState,
    status: int = 200,
    zone_forms: dict[str, FormState] | None = None,
) -> Response:
    context = {
        "profiles": here.store.profiles(),
        "default": services.default_profile_name(here.store),
        "current": here.profile.name,
        "form": form,
        "local_zone": services.local_zone(),
        "zones": zone_names(),
        "zone_forms": zone_forms or {},
        "blank": FormState(),
        "restored": _restored(request, here),
        "zone_changed": _zone_changed(request, here),
    }
    return render(request, "profiles.html", context, status=status, profile_name=here.profile.name)


def _restored(request: Request, here: Here) -> dict[str, object] | None:
    name = request.query_params.get("imported")
    if not name or not any(p.name == name for p in here.store.profiles()):
        return None
    return {"name": name, "replaced": request.query_params.get("as") == "replaced"}


def _zone_changed(request: Request, here: Here) -> dict[str, str] | None:
    name = request.query_params.get("zone_changed")
    found = [p for p in here.store.profiles() if p.name == name]
    return {"name": found[0].name, "tz": found[0].tz} if found else None


@router.get("/profiles")
def profiles(request: Request, here: HereDep) -> Response:
    return _page(request, here, FormState())


@router.post("/profiles")
def add_profile(request: Request, here: HereDep, form: FormDep) -> Response:
    """Create a profile; the first one becomes the default."""
    try:
        services.add_profile(here.store, form.value("name"), tz=optional(form, "tz"), now=here.now)
    except InvalidInput as error:
        return _page(request, here, with_error(form, error, PROFILE_FIELDS), status=422)
    return RedirectResponse("/profiles", status_code=303)


@router.post("/profiles/zone")
def change_zone(request: Request, here: HereDep, form: FormDep) -> Response:
    """Change a profile's time zone; a zone that does not exist comes back next to its field."""
    name = form.value("name")
    try:
        # The profile in use may not be saved yet (the first run): set_zone saves it.
        target = here.profile if name == here.profile.name else here.store.profile(name)
        services.set_zone(here.store, target, form.value("tz"))
    except InvalidInput as error:
        state = with_error(form, error, ("tz",))
        return _page(request, here, FormState(), status=422, zone_forms={name: state})
    return RedirectResponse(f"/profiles?{urlencode({'zone_changed': name})}", status_code=303)


@router.post("/profiles/use")
def use_profile(backend: BackendDep, form: FormDep) -> Response:
    """Switch to a profile: the web app and the command line both use it from now on."""
    chosen = services.use_profile(backend.store, form.value("name"))
    backend.profile_name = chosen.name
    return RedirectResponse("/", status_code=303)
