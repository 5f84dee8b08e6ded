"""The language switcher at the foot of every page."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub import i18n, services
from backrub.domain.records import Profile
from backrub.errors import InvalidInput
from backrub.web.context import Backend, BackendDep, chosen_profile, current_profile
from backrub.web.forms import FormDep
from backrub.web.language import LANGUAGE_COOKIE
from backrub.web.security import require_form_token

router = APIRouter(dependencies=[Depends(require_form_token)])


def back_to(target: str) -> str:
    """Return the page to go back to, query and all: a path on this site only.

    Never another site: not "//host", not "/\\host" (browsers read a backslash
    as a slash), no control characters.
    """
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(char) < 32 or ord(char) == 127 for char in target):
        return "/"
    return target[:2000]


@router.post("/language", include_in_schema=False)
def switch_language(request: Request, backend: BackendDep, form: FormDep) -> Response:
    """Show everything in the chosen language from now on, and go back to the page.

    A saved profile keeps the choice (the command line then speaks it too); this
    browser keeps it as well, for pages shown before a profile is saved. On the
    clinic server the signed-in client's own profile keeps it; staff and people
    not signed in keep it in this browser only.
    """
    code = i18n.parse_language(form.value("language"))
    if code is None or code not in i18n.LANGUAGES:
        raise InvalidInput(
            "language", form.value("language"), i18n._("use en (English) or vi (Tiếng Việt)")
        )
    profile = _shown_profile(request, backend)
    if profile is not None and profile.id is not None:
        services.set_language(backend.store, profile, code)
    response = RedirectResponse(back_to(form.value("next") or "/"), status_code=303)
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        path="/",
        httponly=True,
        samesite="strict",
        max_age=400 * 24 * 3600,
    )
    return response


def _shown_profile(request: Request, backend: Backend) -> Profile | None:
    """Return the profile whose pages this browser shows: a clinic client's own, or none."""
    if backend.settings.clinic:
        found: Profile | None = getattr(request.state, "client_profile", None)
        return found
    return current_profile(backend, backend.clock(), chosen_profile(request))
