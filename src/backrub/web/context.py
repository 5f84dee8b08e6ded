"""What a request works with: the app's store and clock, and the person's profile.

``Backend`` is built once by ``create_app`` and kept on ``app.state``; ``Here``
is made per request by the ``here`` dependency. Routes call services with
``here.store`` and ``here.profile`` and nothing below them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Request

from backrub import services
from backrub.domain.records import Profile
from backrub.store import Store
from backrub.web.pagecache import PageCache
from backrub.web.settings import WebSettings

Clock = Callable[[], datetime]


@dataclass
class Backend:
    """The app's long-lived parts. ``profile_name`` changes when the person switches."""

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


def current_profile(app: Backend, now: datetime) -> Profile:
    """Return the profile the app shows; on a first run an unsaved "me" that a write saves."""
    name = app.profile_name

    def look_up() -> Profile:
        return services.current_profile(app.store, name, create=True, now=now)

    profile = app.cache.get(("profile", name), look_up)
    if profile.id is None:
        # Not saved yet: its created_at is "now", so never hand out a kept one.
        profile = look_up()
    return profile


async def here(request: Request) -> Here:
    """Return the request's profile and time (async: one cached look-up, no thread hop)."""
    app = backend(request)
    now = app.clock()
    return Here(app, current_profile(app, now), now)


HereDep = Annotated[Here, Depends(here)]
BackendDep = Annotated[Backend, Depends(backend)]
