"""Progress: is it helping? Changes against both thresholds, trend, days compared, dose, trials.

Everything comes from ``services.progress`` (the numbers of ``backrub
progress``); the charts are the report's (``backrub.reports.charts`` via
``services.report_data``), made safe for the page's CSP by ``inline_svg``.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from backrub import services
from backrub.domain.instruments import INSTRUMENTS
from backrub.domain.progress import NOT_A_PREDICTION, NOT_RANDOMISED, Change
from backrub.domain.words import counted
from backrub.errors import NotFound
from backrub.reports.charts import (
    Chart,
    minutes_chart,
    pain_chart,
    score_caption,
    score_chart,
    svg_element,
)
from backrub.web.context import Here, HereDep
from backrub.web.routes.citations import linked
from backrub.web.routes.inline_svg import csp_safe_svg
from backrub.web.templating import render

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Figure:
    title: str
    svg: Markup
    caption: str


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
    charts: list[tuple[str, Chart, str]] = []
    if data.checkins:
        charts.append(
            (
                "Pain and soreness",
                pain_chart(data.checkins, data.pro_sessions),
                "Pain and soreness, 0–10, from your check-ins; dotted lines mark professional "
                "sessions.",
            )
        )
    charts += [
        (row.name, score_chart(row), score_caption(row)) for row in data.instruments if row.series
    ]
    if data.self_sessions:
        charts.append(
            (
                "Self-massage minutes per day",
                minutes_chart(data.self_sessions, data.cap),
                f"The dashed line is the daily limit for ball and roller, {data.cap.value:g} min "
                f"({data.cap.cite()}).",
            )
        )
    return [
        Figure(title, csp_safe_svg(svg_element(chart, id_prefix=f"c{n}-"), label=title), words)
        for n, (title, chart, words) in enumerate(charts, start=1)
    ]


@router.get("/progress")
def progress_page(request: Request, here: HereDep) -> Response:
    """Show whether things are getting better, with every threshold's source and caveat."""
    result = services.progress(here.store, here.profile, now=here.now)
    context = {
        "here": here,
        "result": result,
        "figures": figures(here),
        "name_of": instrument_name,
        "change_words": change_words,
        "counted": counted,
        "linked": linked,
        "not_a_prediction": NOT_A_PREDICTION,
        "not_randomised": NOT_RANDOMISED,
        "review": services.review_notes(here.store, here.profile, today=here.today),
    }
    return render(request, "progress.html", context, profile_name=here.profile.name)
