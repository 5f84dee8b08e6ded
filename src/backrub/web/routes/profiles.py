"""Profiles: several people, or several episodes, in one database.

List, add (and switch to it), switch, change the zone, rename, delete. The
profile in use is this browser's own (a cookie, see ``web.context``): switching
here changes neither another browser nor the command line's default.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub import clock, services
from backrub.errors import InvalidInput
from backrub.i18n import N_, _
from backrub.services import profiles as listing
from backrub.web.context import Here, HereDep, remember_profile
from backrub.web.forms import FormDep, FormState, optional, with_error
from backrub.web.security import require_form_token
from backrub.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

PROFILE_FIELDS = ("name", "tz", "language")
NAME_HINT = N_(
    "Up to 40 letters or digits; spaces, hyphens (-), underscores (_), full stops (.) and "
    "apostrophes (') are fine, e.g. Alex Smith."
)


def zone_names(now: datetime | None = None) -> list[tuple[str, str]]:
    """Return the zones to offer in a picker with their place and offset now, sorted."""
    return listing.zone_choices(now or clock.now())


def _page(
    request: Request,
    here: Here,
    form: FormState,
    status: int = 200,
    zone_forms: dict[str, FormState] | None = None,
) -> Response:
    found = listing.list_profiles(here.store)
    guesses = {
        key: services.zone_guesses(state.value("tz"))
        for key, state in [("", form), *(zone_forms or {}).items()]
        if state.error("tz")
    }
    context = {
        "profiles": found.profiles,
        "default": found.default,
        "current": here.profile.name,
        "form": form,
        "name_hint": _(NAME_HINT),
        "local_zone": services.local_zone(),
        "zones": zone_names(here.now),
        "zone_forms": zone_forms or {},
        "guesses": guesses,
        "blank": FormState(),
        "restored": _restored(request, found),
        "zone_changed": _named(request, found, "zone_changed"),
        "added": _named(request, found, "added"),
        "renamed": _named(request, found, "renamed"),
        "unchanged": _named(request, found, "unchanged"),
        "deleted": request.query_params.get("deleted", "")[:40] or None,
    }
    return render(request, "profiles.html", context, status=status, profile_name=here.profile.name)


def _restored(request: Request, found: listing.ProfileList) -> dict[str, object] | None:
    name = request.query_params.get("imported")
    if not name or name not in found.names():
        return None
    return {"name": name, "replaced": request.query_params.get("as") == "replaced"}


def _named(request: Request, found: listing.ProfileList, key: str) -> dict[str, str] | None:
    """Return the profile a query parameter names after a change, if it exists."""
    name = request.query_params.get(key)
    match = [p for p in found.profiles if p.name == name]
    return {"name": match[0].name, "tz": match[0].tz} if match else None


def _to(path: str, **query: str) -> RedirectResponse:
    return RedirectResponse(f"{path}?{urlencode(query)}" if query else path, status_code=303)


@router.get("/profiles")
def profiles(request: Request, here: HereDep) -> Response:
    return _page(request, here, FormState())


@router.post("/profiles")
def add_profile(request: Request, here: HereDep, form: FormDep) -> Response:
    """Create a profile and switch this browser to it.

    The zone field comes filled with the suggested zone; one emptied is refused
    next to it, as the command line and the API refuse an empty zone. A form
    without the field (a script) gets the suggested zone.
    """
    tz = form.value("tz") if "tz" in form.values else None
    try:
        created = listing.create_profile(
            here.store,
            form.value("name"),
            tz=tz,
            now=here.now,
            language=form.value("language") if "language" in form.values else None,
        )
    except InvalidInput as error:
        return _page(request, here, with_error(form, error, PROFILE_FIELDS), status=422)
    return remember_profile(_to("/profiles", added=created.name), created)


# Where the zone page returns to after a change, by the name its link gives (review 10,
# m6: a stop whose zone names no country links here, and comes back with the number).
BACK = {"screening": "/screening", "today": "/"}


def _back(value: str | None) -> str | None:
    """Return the name of the page to return to, or None for one not in ``BACK``."""
    return value if value in BACK else None


def _zone_page(
    request: Request,
    here: Here,
    form: FormState,
    status: int = 200,
    changed: bool = False,
    back: str | None = None,
) -> Response:
    """The page of one's own time zone (the clinic server's client has no profiles page)."""
    context = {
        "form": form,
        "here": here,
        "zones": zone_names(here.now),
        "guesses": services.zone_guesses(form.value("tz")) if form.error("tz") else (),
        "changed": changed,
        "back": back,
        "back_to": BACK.get(back or ""),
    }
    return render(
        request, "profile_zone.html", context, status=status, profile_name=here.profile.name
    )


@router.get("/profiles/zone")
def zone_form(request: Request, here: HereDep) -> Response:
    """Show the time zone of the profile in use, to change it."""
    changed = request.query_params.get("changed") == "1"
    back = _back(request.query_params.get("back"))
    return _zone_page(request, here, FormState(), changed=changed, back=back)


@router.post("/profiles/zone")
def change_zone(request: Request, here: HereDep, form: FormDep) -> Response:
    """Change a profile's time zone; a zone that does not exist comes back next to its field.

    On the clinic server it is always the signed-in client's own profile, whatever
    the form names. A form that came from a stop's link (``back``) returns there,
    where the zone's emergency number now shows.
    """
    back = _back(optional(form, "back"))
    if here.backend.settings.clinic or back is not None:
        try:
            services.set_zone(here.store, here.profile, form.value("tz"))
        except InvalidInput as error:
            failed = with_error(form, error, ("tz",))
            return _zone_page(request, here, failed, status=422, back=back)
        return _to(BACK[back]) if back is not None else _to("/profiles/zone", changed="1")
    name = form.value("name")
    try:
        # The profile in use may not be saved yet (the first run): set_zone saves it.
        target = (
            here.profile if name == here.profile.name else listing.get_profile(here.store, name)
        )
        services.set_zone(here.store, target, form.value("tz"))
    except InvalidInput as error:
        state = with_error(form, error, ("tz",))
        return _page(request, here, FormState(), status=422, zone_forms={name: state})
    return _to("/profiles", zone_changed=name)


@router.post("/profiles/use")
def use_profile(here: HereDep, form: FormDep) -> Response:
    """Switch this browser to a profile (another browser and the command line keep theirs)."""
    chosen = listing.get_profile(here.store, form.value("name"))  # an unknown name is 404
    return remember_profile(RedirectResponse("/", status_code=303), chosen)


def _rename_page(
    request: Request, here: Here, name: str, form: FormState, status: int = 200
) -> Response:
    profile = listing.get_profile(here.store, name)  # an unknown name is 404
    context = {"target": profile, "form": form, "name_hint": _(NAME_HINT)}
    return render(
        request, "profile_rename.html", context, status=status, profile_name=here.profile.name
    )


@router.get("/profiles/rename")
def rename_form(request: Request, here: HereDep, name: str = "") -> Response:
    form = FormState(values={"new_name": name})  # the current name, to edit rather than retype
    return _rename_page(request, here, name, form)


@router.post("/profiles/rename")
def rename(request: Request, here: HereDep, form: FormDep) -> Response:
    """Rename a profile; this browser keeps using it under its new name."""
    old = form.value("name")
    before = listing.get_profile(here.store, old)  # an unknown name is 404
    try:
        renamed = listing.rename_profile(here.store, old, form.value("new_name"))
    except InvalidInput as error:
        state = with_error(form, error, ("new_name",), {"new name": "new_name"})
        return _rename_page(request, here, old, state, status=422)
    if renamed.name == before.name:
        return _to("/profiles", unchanged=renamed.name)
    response = _to("/profiles", renamed=renamed.name)
    if here.profile.id == before.id:
        remember_profile(response, renamed)  # a name cookie from an earlier version
    return response


def _delete_page(
    request: Request, here: Here, name: str, form: FormState, status: int = 200
) -> Response:
    profile = listing.get_profile(here.store, name)  # an unknown name is 404
    context = {
        "target": profile,
        "form": form,
        "last": listing.is_last_profile(here.store, profile.name),
        "backup": f"/profiles/backup?{urlencode({'name': profile.name})}",
    }
    return render(
        request, "profile_delete.html", context, status=status, profile_name=here.profile.name
    )


@router.get("/profiles/delete")
def delete_form(request: Request, here: HereDep, name: str = "") -> Response:
    """Ask before deleting, with the profile's backup offered first."""
    return _delete_page(request, here, name, FormState())


@router.post("/profiles/delete")
def delete(request: Request, here: HereDep, form: FormDep) -> Response:
    """Delete a profile and all its records; the only profile needs its name typed."""
    name = form.value("name")
    try:
        deleted = listing.delete_profile(here.store, name, confirm_name=optional(form, "confirm"))
    except InvalidInput as error:
        return _delete_page(request, here, name, with_error(form, error, ("confirm",)), status=422)
    if listing.list_profiles(here.store).profiles:
        return _to("/profiles", deleted=deleted.name)
    return RedirectResponse("/welcome", status_code=303)


@router.get("/profiles/backup")
def backup(here: HereDep, name: str = "") -> Response:
    """Download one profile's backup (offered before deleting it)."""
    from backrub.web.routes.backup import attachment

    profile = listing.get_profile(here.store, name)  # an unknown name is 404
    text = services.export_json(here.store, profile, now=here.now)
    filename = f"backrub-{profile.name}-{here.today.isoformat()}.json"
    return Response(text, media_type="application/json", headers=attachment(filename))
