"""History: the person's records, newest first, a window at a time."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backrub import services
from backrub.domain.inputs import parse_date
from backrub.domain.screening import QUESTIONS
from backrub.errors import InvalidInput
from backrub.web.context import HereDep
from backrub.web.routes.corrections import answered
from backrub.web.routes.today import empty_history
from backrub.web.templating import render_kept

router = APIRouter(include_in_schema=False)

# Windows a person can pick; five years of three check-ins a day is too much for one page.
WINDOWS = {"7": 7, "30": 30, "90": 90, "365": 365}
DEFAULT_WINDOW = "30"


@router.get("/history")
async def history(
    request: Request, here: HereDep, days: str = DEFAULT_WINDOW, since: str | None = None
) -> Response:
    """Show records from ``since`` (a date) or the last ``days`` days (7, 30, 90, 365)."""
    if days not in WINDOWS:
        raise InvalidInput("days", days, "choose one of: " + ", ".join(WINDOWS))
    start = parse_date("since", since) if since else here.today - timedelta(days=WINDOWS[days] - 1)

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
            "answered": answered,
            "findings": {q.id: q.finding for q in QUESTIONS},
        }

    # Async, and the page is kept until the next write (see render_kept).
    return render_kept(request, here, (start, days, since), "history.html", page)
