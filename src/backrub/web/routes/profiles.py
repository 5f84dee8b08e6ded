"""Profiles: several people, or several episodes, in one database; list, add, switch."""

from __future__ import annotations

from zoneinfo import available_timezones

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub import services
from backrub.errors import InvalidInput
from backrub.web.context import BackendDep, Here, HereDep
from backrub.web.forms import FormDep, FormState, optional, with_error
from backrub.web.security import require_form_token
from backrub.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

PROFILE_FIELDS = ("name", "tz")


def zone_names() -> list[str]:
    """Return the zones to offer in a picker, sorted (a person may still type another)."""
    return sorted(available_timezones())


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
    }
    return render(request, "profiles.html", context, status=status, profile_name=here.profile.name)


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
    return RedirectResponse("/profiles", status_code=303)


@router.post("/profiles/use")
def use_profile(backend: BackendDep, form: FormDep) -> Response:
    """Switch to a profile: the web app and the command line both use it from now on."""
    chosen = services.use_profile(backend.store, form.value("name"))
    backend.profile_name = chosen.name
    return RedirectResponse("/", status_code=303)
