"""Progress: is it helping? Changes against both thresholds, trend, days compared, dose, trials.

Everything comes from ``services.progress`` (the numbers of ``backrub
progress``); the charts are the report's (``backrub.reports.charts`` via
``services.report_data``), each with its values as a table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
from backrub.i18n import N_, _, current
from backrub.i18n.formats import number
from backrub.reports.charts import ChartTable, chart_table, report_figures, svg_element
from backrub.services.reading import one_reading
from backrub.web.context import Here, HereDep
from backrub.web.routes.citations import linked
from backrub.web.routes.words import day_month_year, tr
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
        return _("no change")
    amount = counted(abs(points), c.unit)
    if points > 0:
        words = _("improved by %(amount)s", amount=amount)
    else:
        words = _("got worse by %(amount)s", amount=amount)
    if c.improvement_pct is not None:
        words += f" ({abs(c.improvement_pct):.0f}%)"
    return words


# The statistics' words, said for a person (the report and the command line keep the terms).
# ``%(part)s`` is what the pattern's group caught (a range, a number of weeks).
_PLAIN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\(95% interval: ([^()]*?)\)"), N_("(most likely somewhere from %(part)s)")),
    (
        re.compile(r"from (\d+) weekly medians"),
        N_("judged from the middle reading of each of %(part)s weeks"),
    ),
    (re.compile(r"beyond measurement error"), N_("bigger than the score's everyday ups and downs")),
    (re.compile(r"measurement error"), N_("the score's everyday ups and downs")),
)
IN_SHORT = N_("In short: %(conclusion)s.")


def plainly(text: str) -> str:
    """Return ``text`` with the statistics' terms in plain words (sources kept as ids)."""
    for pattern, words in _PLAIN:
        text = pattern.sub(_plain_words(words), text)
    return text


def _plain_words(words: str) -> Callable[[re.Match[str]], str]:
    """Return the replacement of a statistics' term: ``words`` with the part it caught."""

    def replace(match: re.Match[str]) -> str:
        return _(words, part=match.group(1)) if "%(part)s" in words else _(words)

    return replace


def change_sentences(c: Change) -> Markup:
    """Return a change in words, its "In short" sentence first, statistics in plain words."""
    head, short, tail = c.words.partition(IN_SHORT % {"conclusion": c.conclusion})
    if not short:  # the domain said it in the person's language
        head, short, tail = c.words.partition(_(IN_SHORT, conclusion=c.conclusion))
    upper = c.conclusion[:1].upper() + c.conclusion[1:]
    first = _(IN_SHORT, conclusion=upper) if short else ""
    return Markup("<strong>{}</strong> {}").format(
        linked(plainly(first)), linked(plainly(f"{head}{tail}".strip()))
    )


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
        "change_sentences": change_sentences,
        "plainly": plainly,
        "counted": counted,
        "linked": linked,
        "not_a_prediction": _(NOT_A_PREDICTION),
        "not_randomised": _(NOT_RANDOMISED),
        "as_of_words": day_month_year(result.as_of),
        "decimal": lambda value: number(value, 1),
        "tr": tr,
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
        request, here, (here.today, current()), "progress.html", lambda: _context(here)
    )
