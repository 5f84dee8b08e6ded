"""Progress: is it helping? Changes against both thresholds, trend, days compared, dose, trials.

Everything comes from ``services.progress`` (the numbers of ``backrub
progress``); the charts are the report's (``backrub.reports.charts`` via
``services.report_data``), each with its values as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from backrub import services
from backrub.domain.instruments import INSTRUMENTS
from backrub.domain.progress import NOT_A_PREDICTION, NOT_RANDOMISED, Change
from backrub.domain.words import counted
from backrub.errors import NotFound
from backrub.reports.charts import ChartTable, chart_table, report_figures, svg_element
from backrub.services.reading import one_reading
from backrub.web.context import Here, HereDep
from backrub.web.routes.citations import linked
from backrub.web.templating import render_kept_in_thread

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Figure:
    title: str
    svg: Markup
    caption: str
    table: ChartTable  # the same values as text, for anyone who cannot see the chart


def instrument_name(instrument_id: str) -> str:
    found = INSTRUMENTS.get(instrument_id)
    return found.name if found is not None else instrument_id


def change_words(c: Change) -> str:
    """Return a change in words, never a sign: "improved by 2.5 points (42%)"."""
    points = c.improvement_points
    if points == 0:
        return "no change"
    words = f"{'improved' if points > 0 else 'got worse'} by {counted(abs(points), c.unit)}"
    if c.improvement_pct is not None:
        words += f" ({abs(c.improvement_pct):.0f}%)"
    return words


def figures(here: Here) -> list[Figure]:
    """Return the charts of the last weeks as inline SVG; none before anything is recorded."""
    if here.is_new:
        return []
    try:
        data = services.report_data(here.store, here.profile, now=here.now)
    except NotFound:
        return []
    return [
        Figure(
            figure.title,
            Markup(svg_element(figure.chart, id_prefix=f"c{n}-")),  # our own SVG, text escaped
            figure.caption,
            chart_table(figure.chart),
        )
        for n, figure in enumerate(report_figures(data), start=1)
    ]


def _context(here: Here) -> dict[str, Any]:
    with one_reading():  # progress is worked out once, for the page and its charts
        result = services.progress(here.store, here.profile, now=here.now)
        shown = figures(here)
    return {
        "here": here,
        "result": result,
        "figures": shown,
        "name_of": instrument_name,
        "change_words": change_words,
        "counted": counted,
        "linked": linked,
        "not_a_prediction": NOT_A_PREDICTION,
        "not_randomised": NOT_RANDOMISED,
        "review": services.review_notes(here.store, here.profile, today=here.today),
    }


@router.get("/progress")
async def progress_page(request: Request, here: HereDep) -> Response:
    """Show whether things are getting better, with every threshold's source and caveat.

    The page reads every record, so it is kept until the next write
    (``render_kept_in_thread``): a kept page is served from the event loop, and
    the first visit after a write is worked out in a worker thread, once for all
    the visits that arrive meanwhile.
    """
    return await render_kept_in_thread(
        request, here, here.today, "progress.html", lambda: _context(here)
    )
