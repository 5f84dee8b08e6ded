"""Which language each request is answered in.

The order: the shown profile's language (a person chose it), else this
browser's choice (the ``backrub_lang`` cookie, set by the switcher when no
saved profile is shown), else the browser's ``Accept-Language`` (a first
visit), else English. The choice is set as the language of everything the
request renders (``backrub.i18n``), errors included.
"""

from __future__ import annotations

from collections.abc import Callable
from http.cookies import SimpleCookie

from starlette.types import ASGIApp, Receive, Scope, Send

from backrub import i18n

LANGUAGE_COOKIE = "backrub_lang"


def from_accept_language(header: str) -> str | None:
    """Return the first language of ``header`` (by its q weights) that backrub speaks."""
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _sep, params = part.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if tag and weight > 0:
            choices.append((-weight, index, tag))
    for _weight, _index, tag in sorted(choices):
        code = i18n.parse_language(tag)
        if code is not None:
            return code
    return None


def _header(scope: Scope, wanted: bytes) -> str:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return bytes(value).decode("latin-1")
    return ""


def from_cookie(scope: Scope) -> str | None:
    """Return the language this browser chose with the switcher, if any (checked)."""
    raw = _header(scope, b"cookie")
    if LANGUAGE_COOKIE not in raw:
        return None
    try:
        morsel = SimpleCookie(raw).get(LANGUAGE_COOKIE)
    except Exception:
        return None
    return None if morsel is None else i18n.parse_language(morsel.value)


def choose(scope: Scope, profile_language: str | None) -> str:
    """Return the language of a request: the profile's, this browser's, then its header's."""
    if profile_language in i18n.available():
        return profile_language
    return (
        from_cookie(scope)
        or from_accept_language(_header(scope, b"accept-language"))
        or i18n.ENGLISH
    )


class Language:
    """ASGI middleware: set the language of each request before anything renders.

    ``profile_language`` returns the language the shown profile chose (None: not chosen).
    """

    def __init__(self, app: ASGIApp, profile_language: Callable[[Scope], str | None]) -> None:
        self.app = app
        self.profile_language = profile_language

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            chosen = self.profile_language(scope)
        except Exception:
            chosen = None
        code = choose(scope, chosen)
        with i18n.use_language(code):
            await self.app(scope, receive, send)
