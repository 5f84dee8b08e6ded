"""Which language each request is answered in.

The order: the shown profile's language (a person chose it), else the browser's
``Accept-Language`` (a first visit), else English. The choice is set as the
language of everything the request renders (``backrub.i18n``).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from backrub import i18n


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


class Language:
    """ASGI middleware: set the language of each request before anything renders."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = ""
        for name, value in scope.get("headers", []):
            if name == b"accept-language":
                header = value.decode("latin-1")
        scope.setdefault("state", {})["language"] = code = (
            from_accept_language(header) or i18n.ENGLISH
        )
        with i18n.use_language(code):
            await self.app(scope, receive, send)
