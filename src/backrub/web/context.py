"""What a request works with: the app's store and clock, and the person's profile.

``Backend`` is built once by ``create_app`` and kept on ``app.state``; ``Here``
is made per request by the ``here`` dependency. Routes call services with
``here.store`` and ``here.profile`` and nothing below them.

The profile is the browser's own: a cookie marks the one it chose by its id
and the second it was made (see ``remember_profile``), so a rename made
elsewhere follows it, and a profile deleted and then added again under the same
name is not taken for the old one. The cookie is checked against the store on
every request: a forged or stale mark falls back to the app's profile: the one
``serve --profile`` named, else the command line's default. A cookie from an
earlier version holds a name and still works (until the next switch writes a
mark). Choosing a profile in one browser changes neither another browser nor
the command line.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated
from urllib.parse import quote, unquote
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from fastapi.responses import Response

from backrub import services
from backrub.domain.emergency import set_place
from backrub.domain.records import Profile
from backrub.store import Store
from backrub.web.pagecache import PageCache
from backrub.web.settings import WebSettings

Clock = Callable[[], datetime]

PROFILE_COOKIE = "backrub_profile"


@dataclass
class Backend:
    """The app's long-lived parts; ``profile_name`` is the profile a browser starts with."""

    settings: WebSettings
    store: Store
    clock: Clock
    profile_name: str | None
    cache: PageCache


@dataclass(frozen=True, slots=True)
class Here:
    """One request's view: the store, the profile (maybe not saved yet) and the time."""

    backend: Backend
    profile: Profile
    now: datetime

    @property
    def store(self) -> Store:
        return self.backend.store

    @property
    def today(self) -> date:
        return self.now.astimezone(ZoneInfo(self.profile.tz)).date()

    @property
    def is_new(self) -> bool:
        """Return whether this is the first run: the profile has not been saved yet."""
        return self.profile.id is None


def backend(request: Request) -> Backend:
    found: Backend = request.app.state.backend
    return found


def current_profile(app: Backend, now: datetime, chosen: str | None = None) -> Profile:
    """Return the profile the browser chose, if it exists; else the app's profile.

    On a first run that is an unsaved "me" that a write saves.
    """
    if chosen:
        from backrub.services.profiles import all_profiles, find_profile

        def look_up_chosen() -> Profile | None:
            if not chosen.startswith("#"):
                return find_profile(app.store, chosen)  # a name, from an earlier version
            return next((p for p in all_profiles(app.store) if profile_mark(p) == chosen), None)

        found = app.cache.get(("chosen", chosen), look_up_chosen)
        if found is not None:
            return found
    name = app.profile_name

    def look_up() -> Profile:
        return services.current_profile(app.store, name, create=True, now=now)

    profile = app.cache.get(("profile", name), look_up)
    if profile.id is None:
        # Not saved yet: its created_at is "now", so never hand out a kept one.
        profile = look_up()
    return profile


def profile_mark(profile: Profile) -> str:
    """Return what a cookie holds for ``profile``: "#" (no name has one), its id and second made."""
    made = profile.created_at
    if made.tzinfo is None:  # stored as UTC
        made = made.replace(tzinfo=UTC)
    return f"#{profile.id}.{int(made.timestamp())}"


def chosen_profile(request: Request) -> str | None:
    """Return the profile mark (or old name) this browser's cookie holds (unchecked), if any."""
    raw = request.cookies.get(PROFILE_COOKIE)
    if not raw or len(raw) > 400:
        return None
    return unquote(raw)


def remember_profile(response: Response, profile: Profile) -> Response:
    """Make ``profile`` (a saved one) this browser's profile from the next request on."""
    response.set_cookie(
        PROFILE_COOKIE,
        quote(profile_mark(profile) if profile.id is not None else profile.name, safe=""),
        path="/",
        httponly=True,
        samesite="strict",
        max_age=400 * 24 * 3600,  # the longest a browser keeps a cookie
    )
    return response


def shown_profile_key(app: Backend, request: Request) -> tuple[int | None, str]:
    """Return the id and name of the profile ``request`` is shown, as ``here`` resolves it."""
    profile = current_profile(app, app.clock(), chosen_profile(request))
    return (profile.id, profile.name)


async def here(request: Request) -> Here:
    """Return the request's profile and time (async: one cached look-up, no thread hop).

    The clinic server puts its own in ``app.state.here`` (``web/clinic``): the signed-in
    client's profile. A FastAPI dependency override would do the same, but FastAPI then
    inspects every dependency's signature again on every request.
    """
    other: Callable[[Request], Awaitable[Here]] | None = getattr(request.app.state, "here", None)
    if other is not None:
        return await other(request)
    app = backend(request)
    now = app.clock()
    profile = current_profile(app, now, chosen_profile(request))
    set_place(profile.tz)  # every emergency wording names this profile's number
    return Here(app, profile, now)


HereDep = Annotated[Here, Depends(here)]
BackendDep = Annotated[Backend, Depends(backend)]


async def shown_name(request: Request) -> str | None:
    """Return the name a page's header shows, for pages anyone may open (the evidence).

    On the clinic server: the signed-in client's name, or none for staff; locally the
    browser's profile, as ``here`` resolves it.
    """
    app = backend(request)
    if app.settings.clinic:
        profile = getattr(request.state, "client_profile", None)
        return None if profile is None else str(profile.name)
    return current_profile(app, app.clock(), chosen_profile(request)).name


ShownNameDep = Annotated[str | None, Depends(shown_name)]
