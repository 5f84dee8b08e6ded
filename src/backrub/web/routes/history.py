"""History: the person's records, newest first, a window at a time."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backrub import services
from backrub.domain.inputs import parse_date
from backrub.domain.screening import QUESTIONS
from backrub.errors import InvalidInput
from backrub.i18n import _
from backrub.services.addenda import addenda_by_session
from backrub.web.context import Here, HereDep
from backrub.web.routes.bodymap import LABELS
from backrub.web.routes.corrections import answered, done_line
from backrub.web.routes.today import empty_history
from backrub.web.routes.words import day
from backrub.web.templating import render_kept_in_thread
from backrub.web.wording import for_people

router = APIRouter(include_in_schema=False)

# Windows a person can pick; five years of three check-ins a day is too much for one page.
WINDOWS = {"7": 7, "30": 30, "90": 90, "365": 365}
DEFAULT_WINDOW = "30"


def _words(here: Here) -> dict[str, object]:
    """Return what the page words records with, and who wrote each therapist's session.

    A session a clinic's therapist wrote is marked, and is not the person's to correct.
    """
    return {
        "day": day,
        "answered": answered,
        "region_words": {region: _(words) for region, words in LABELS.items()},
        "findings": {q.id: q.shown_finding for q in QUESTIONS},
        "authors": {} if here.is_new else services.session_authors(here.store, here.profile),
        # A therapist's corrections of their own notes, shown under the session.
        "addenda": {} if here.is_new else addenda_by_session(here.store, here.profile),
    }


@router.get("/history")
async def history(
    request: Request,
    here: HereDep,
    days: str = DEFAULT_WINDOW,
    since: str | None = None,
    done: str | None = None,
    kind: str | None = None,
    at: str | None = None,
) -> Response:
    """Show records from ``since`` (a date) or the last ``days`` days (7, 30, 90, 365).

    A mistyped date is said next to the field, with what was typed kept, and the
    default window shown meanwhile. ``done``, ``kind`` and ``at`` word the line
    shown after a correction ("Correction saved: check-in of …").
    """
    if days not in WINDOWS:
        raise InvalidInput("days", days, _("choose one of: %(days)s", days=", ".join(WINDOWS)))
    since_error = None
    start = here.today - timedelta(days=WINDOWS[days] - 1)
    if since is not None and since.strip():
        try:
            start = parse_date("since", since)
        except InvalidInput as error:
            since_error = for_people(error)
            since = since[:100]
    else:
        since = None
    status = done_line(here.profile.tz, done, kind, at)

    def page() -> dict[str, object]:
        data = (
            empty_history(here)
            if here.is_new
            else services.history(here.store, here.profile, since=start.isoformat())
        )
        return {
            "recent": data,
            "start": start,
            "days": days,
            "windows": WINDOWS,
            "since": since,
            "since_error": since_error,
            "status": status,
            **_words(here),
            # The view, so Edit comes back to it after a correction.
            "view_query": urlencode(
                {"since": since} if since and not since_error else {"days": days}
            ),
        }

    # Async, and the page is kept until the next write: a kept page is answered on the
    # event loop, a page worked out afresh in a worker thread (see render_kept_in_thread).
    key = (start, days, since, since_error, status)
    response = await render_kept_in_thread(request, here, key, "history.html", page)
    if since_error is not None:
        response.status_code = 422
    return response
