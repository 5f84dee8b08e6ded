"""Render pages and fragments: the Jinja environment and what every page is given.

Every page gets the navigation, the profile, the CSRF token for its forms and
the not-a-medical-device line. A request made by htmx (``HX-Request``) gets
only the fragment it asked for.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.concurrency import run_in_threadpool

from backrub import __version__, i18n
from backrub.domain.emergency import current_number, place_has_no_country, way_there
from backrub.domain.instrument_languages import translation_notice
from backrub.domain.routines import zone_label
from backrub.domain.rules import PRODUCT_DEFAULT
from backrub.domain.screening import NOT_A_MEDICAL_DEVICE
from backrub.domain.words import minutes, money, seconds
from backrub.evidence import load_catalogue
from backrub.i18n import N_, _, formats
from backrub.services.reading import one_reading
from backrub.web.citations import linked, source_link
from backrub.web.context import Here
from backrub.web.moments import quick_moments
from backrub.web.navigation import NAV, STAFF_NAV, in_more
from backrub.web.pictures import step_pictures
from backrub.web.record_rows import record_rows
from backrub.web.security import CSRF_FIELD, csrf_token
from backrub.web.wording import thing_words, zone_words

TEMPLATES = Path(__file__).parent / "templates"
NOT_EVIDENCE = N_("product default, not evidence")
NOT_IN_CATALOGUE = N_("a source not in the catalogue")

# Stands in for the browser's CSRF token in a kept page. Random per process, so no
# record can contain it; each response swaps in that browser's own token.
_TOKEN_SLOT = secrets.token_urlsafe(32)


def _english() -> bool:
    """Return whether dates and numbers are written as the English pages always wrote them."""
    return i18n.current() != i18n.VIETNAMESE


def _local(moment: datetime, tz: str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Return ``moment`` in zone ``tz``: "2026-03-02 09:30" in English, "2 thg 3, 2026 09:30"
    in Vietnamese (``fmt`` is the English pattern; one without the hour gives the day alone)."""
    local = moment.astimezone(ZoneInfo(tz))
    if _english():
        return local.strftime(fmt)
    if "%H" not in fmt:
        return formats.short_date(local.date())
    return f"{formats.short_date(local.date())} {formats.clock_time(local)}"


def _long_day(day: date) -> str:
    """Return a day with its weekday: "Monday 02 March 2026", "Thứ Hai, 02 tháng 3, 2026"."""
    return day.strftime("%A %d %B %Y") if _english() else formats.long_date(day)


def _weekday_day(day: date) -> str:
    """Return a day with its weekday, without the year: "Monday 02 March", "Thứ Hai, 02 tháng 3"."""
    if _english():
        return day.strftime("%A %d %B")
    return format_date(day, "EEEE, dd MMMM", locale=formats.babel_locale())


def _day(day: date) -> str:
    """Return a day without its weekday: "2026-03-02", "2 thg 3, 2026"."""
    return day.isoformat() if _english() else formats.short_date(day)


def _clock(moment: datetime) -> str:
    """Return the time of day, "09:30" in every language."""
    return moment.strftime("%H:%M") if _english() else formats.clock_time(moment)


def tr(text: str) -> str:
    """Return a fixed English string from code (marked N_ where it is defined) in the
    current language; the template escapes it like any value. An empty text stays empty
    (gettext would answer it with the catalogue's header)."""
    return _(text) if text else text


def _twin(moment: datetime, tz: str) -> str:
    """Return ' (summer time)' or ' (winter time)' for a local time that happens twice, else ''.

    In the hour the clocks go back the same wall time names two moments: History
    labels both so they can be told apart.
    """
    local = moment.astimezone(ZoneInfo(tz))
    other = local.replace(fold=1 - local.fold)
    if other.utcoffset() == local.utcoffset():
        return ""
    return " " + (_("(summer time)") if local.dst() else _("(winter time)"))


def _number(value: float) -> str:
    if not _english():
        return formats.number(value)
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def source_links(ids: Iterable[str]) -> list[tuple[str, str | None]]:
    """Return (text, link) for each source id: the short citation ("Furlan et al. 2015")
    links to its evidence page; product defaults and unknown ids get no link."""
    catalogue = load_catalogue()
    out: list[tuple[str, str | None]] = []
    for source in ids:
        if source == PRODUCT_DEFAULT:
            out.append((_(NOT_EVIDENCE), None))
        elif source in catalogue:
            out.append((catalogue.get(source).short_citation, f"/evidence/{source}"))
        else:
            out.append((_(NOT_IN_CATALOGUE), None))
    return out or [(_(NOT_EVIDENCE), None)]


def make_templates() -> Jinja2Templates:
    """Return the app's templates; undefined names are errors, so a typo cannot hide."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates ship with the package and do not change while it runs:
        # without this every render would stat each template file it uses.
        auto_reload=False,
    )
    i18n.install(env)
    env.filters["local"] = _local
    env.filters["num"] = _number
    env.filters["twin"] = _twin
    env.filters["long_day"] = _long_day
    env.filters["weekday_day"] = _weekday_day
    env.filters["day"] = _day
    env.filters["clock"] = _clock
    env.globals.update(
        nav=NAV,
        clinic=False,  # the clinic server sets it (web.clinic.install)
        languages=i18n.LANGUAGES,
        in_more=in_more,
        source_links=source_links,
        not_a_medical_device=NOT_A_MEDICAL_DEVICE,
        version=__version__,
        csrf_field=CSRF_FIELD,
        zone_label=zone_label,
        record_rows=record_rows,
        linked=linked,
        local_number=current_number,  # the profile's zone's emergency number, or None
        no_country=place_has_no_country,  # the zone names no country (UTC): say how to set one
        way_there=way_there,  # how to get to the emergency department (also the CLI's)
        source_link=source_link,
        zone_words=zone_words,
        step_pictures=step_pictures,
        quick_moments=quick_moments,
        tr=tr,
        thing_words=thing_words,
        translation_notice=translation_notice,
        minutes=minutes,
        seconds=seconds,
        money=money,
    )
    return Jinja2Templates(env=env)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def path_and_query(request: Request) -> str:
    """Return the page's path with its query ("/guided/plan?tool=hands"), to come back to."""
    query = request.url.query
    return f"{request.url.path}?{query}" if query else request.url.path


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
    profile_name: str | None = None,
) -> HTMLResponse:
    """Render the template ``name`` with the common context."""
    templates: Jinja2Templates = request.app.state.templates
    full: dict[str, Any] = {
        "request": request,
        "path": request.url.path,
        "path_and_query": path_and_query(request),
        "csrf_token": csrf_token(request),
        "profile_name": profile_name,
    }
    if templates.env.globals.get("clinic"):
        full.update(clinic_header(request))
    full.update(context or {})
    return templates.TemplateResponse(request, name, full, status_code=status)


def clinic_header(request: Request) -> dict[str, Any]:
    """Return who the clinic server's header names, and staff's menu (not the client's).

    A client's pages name them by ``profile_name`` (their display name), kept pages too.
    """
    from backrub.domain.accounts import Role

    who = getattr(request.state, "who", None)
    if who is None or not who.complete:
        return {"nav": ()}  # signing in: no menu of pages that need it
    found: dict[str, Any] = {"signed_in": who.account.display_name}
    if who.account.role is not Role.CLIENT:
        found["nav"] = STAFF_NAV.get(who.account.role.value, ())
    return found


def _kept_page(
    request: Request, here: Here, name: str, context: Callable[[], Mapping[str, Any]]
) -> Callable[[], str]:
    """Return how to render a page to keep: with a stand-in for the browser's CSRF token."""
    templates: Jinja2Templates = request.app.state.templates
    path = request.url.path
    back = path_and_query(request)

    def page() -> str:
        full: dict[str, Any] = {
            "path": path,
            "path_and_query": back,
            "csrf_token": _TOKEN_SLOT,
            "profile_name": here.profile.name,
        }
        with one_reading():  # each use case and table once for the page (services/reading.py)
            full.update(context())
        return templates.get_template(name).render(full)

    return page


def _kept_key(request: Request, here: Here, name: str, key: Hashable) -> Hashable:
    # A kept page is in one language: the same page in another is another page.
    language = i18n.current()
    # The language switcher goes back to the page with its query: a page per query.
    where = path_and_query(request)
    return ("page", (name, where, here.profile.id, here.profile.name, language, key))


def render_kept(
    request: Request,
    here: Here,
    key: Hashable,
    name: str,
    context: Callable[[], Mapping[str, Any]],
) -> HTMLResponse:
    """Render ``name`` like ``render``, keeping the page until the database next changes.

    ``key`` must hold every input of ``context()`` besides the profile (already in
    the key) and the stored records. The template gets no ``request``: a page that
    varies per request cannot be kept, and StrictUndefined makes that an error.
    """
    page = _kept_page(request, here, name, context)
    if here.is_new:
        html = page()  # the unsaved first-run profile has no id to key on
    else:
        html = here.backend.cache.get(_kept_key(request, here, name, key), page)
    return HTMLResponse(html.replace(_TOKEN_SLOT, csrf_token(request)))


async def render_kept_in_thread(
    request: Request,
    here: Here,
    key: Hashable,
    name: str,
    context: Callable[[], Mapping[str, Any]],
) -> HTMLResponse:
    """Like ``render_kept``, for a page that takes long to work out.

    A kept page is answered on the event loop; otherwise the page is worked out
    in a worker thread, so the loop keeps answering other requests, and only
    once for all the requests that ask for it meanwhile (``PageCache.get``).
    """
    page = _kept_page(request, here, name, context)
    if here.is_new:
        html = await run_in_threadpool(page)
    else:
        cache = here.backend.cache
        kept = _kept_key(request, here, name, key)
        found = cache.peek(kept)
        html = found if isinstance(found, str) else await run_in_threadpool(cache.get, kept, page)
    return HTMLResponse(html.replace(_TOKEN_SLOT, csrf_token(request)))
