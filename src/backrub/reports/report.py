"""Render the clinician report: ``ReportData`` in, self-contained HTML or PDF bytes out.

The report is meant to be read in a minute: who, the episode, the screening
(a stop is a red banner at the top whatever sections were chosen), the plan
and how much of it was done, the questionnaires with responder verdicts and
the source of each threshold, charts, sessions, cap overrides with their
reasons, and a reference for every evidence id cited anywhere in it.

The HTML carries its CSS and SVG inline and names no external resource, so
it opens offline and leaks nothing; the PDF is WeasyPrint's rendering of the
same HTML with every URL fetch refused. Nothing here reads the clock or a
database: the day the report was made is ``ReportData.made_on``.
"""

from __future__ import annotations

import os
import threading
import warnings
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from backrub import i18n
from backrub.domain.emergency import use_place
from backrub.domain.records import Addendum, ProSession, SelfSession
from backrub.domain.rules import PRODUCT_DEFAULT
from backrub.domain.screening import NOT_A_MEDICAL_DEVICE, SCRIPTED_NOTE, Verdict
from backrub.domain.words import counted
from backrub.evidence import Catalogue, find_ids, format_citation, load_catalogue
from backrub.i18n import N_, _, formats
from backrub.reports.charts import report_figures, svg_element
from backrub.reports.model import (
    CAPPED_TOOLS,
    SECTION_TITLES,
    InstrumentRow,
    ReportData,
    local_moment,
    parse_sections,
)
from backrub.reports.svgplot import number
from backrub.reports.value_words import value_words

__all__ = [
    "NOT_A_DEVICE_LINE",
    "VERDICT_WORDS",
    "html_to_pdf",
    "not_a_device_line",
    "render_html",
    "render_pdf",
]

NOT_A_DEVICE_LINE = f"backrub is not a medical device. {NOT_A_MEDICAL_DEVICE}"
HONESTY = N_(
    "Massage helps low back pain modestly and mostly in the short term; the evidence is of "
    "low to very-low certainty (furlan-2015). Guidelines consider massage only as part of a "
    "package that includes exercise, never on its own (nice-ng59). The changes below are one "
    "person's; they do not show what caused them, and back pain often eases with time "
    "(qaseem-2017)."
)
VERDICT_WORDS = {
    Verdict.STOP_EMERGENCY: N_(
        "STOP: emergency. Call the local emergency number or go to an emergency department now."
    ),
    Verdict.STOP_SAME_DAY: N_(
        "STOP: get medical help today (an urgent appointment or an out-of-hours service)."
    ),
    Verdict.STOP_SEE_CLINICIAN: N_("STOP: see a clinician within days, before any massage."),
    Verdict.NOT_FOR_UNDER_18: N_(
        "Under 18: backrub is not made for this person; no plan and no self-massage (a product "
        "default)."
    ),
    Verdict.RESTRICTED: N_("Restricted: some kinds of massage are left out of the plan."),
    Verdict.CLEAR: N_("Clear: no warning signs in the answers."),
}


def not_a_device_line() -> str:
    """Return the report's "not a medical device" line in the current language."""
    return _("backrub is not a medical device.") + " " + _(NOT_A_MEDICAL_DEVICE)


def _day(day: date) -> str:
    """Return a day as the report shows it: ISO in English (unambiguous for a clinician,
    as before), the language's own short date otherwise ("2 thg 3, 2026")."""
    return day.isoformat() if i18n.current() == i18n.ENGLISH else formats.short_date(day)


def _page_words() -> Markup:
    """Return the CSS ``content`` of the page footer: "backrub report, page 1 of 3"."""
    words = _("backrub report, page %(page)s of %(pages)s")
    quoted = '"' + words.replace("\\", "").replace('"', "'").replace("<", "") + '"'
    css = quoted.replace("%(page)s", '" counter(page) "').replace("%(pages)s", '" counter(pages) "')
    return Markup(css)  # quotes, backslashes and tags are taken out above


@dataclass(frozen=True, slots=True)
class _Figure:
    title: str
    svg: Markup
    caption: str


@dataclass(frozen=True, slots=True)
class _Reference:
    id: str
    citation: str


def render_html(
    data: ReportData,
    sections: Sequence[str],
    *,
    catalogue: Catalogue | None = None,
    trial: Markup | None = None,  # an N-of-1 trial's section (reports.nof1_report), if any
) -> str:
    """Return the report as one self-contained HTML page with only ``sections``.

    ``sections`` are names from ``SECTIONS`` in any order; an unknown name
    raises ``InvalidInput("--sections", name, "choose from: ...")``. The
    evidence section lists ``format_citation`` for every catalogue id that
    appears in the rendered text, plus ``data.evidence``.
    """
    chosen = parse_sections(sections)
    catalogue = catalogue if catalogue is not None else load_catalogue()
    template = _environment().get_template("report.html.j2")
    context = _context(data, chosen)
    with use_place(data.tz):  # the emergency number of the person's country
        draft = template.render(**context, references=(), trial=trial)
        references = _references(draft, data.evidence, catalogue) if "evidence" in chosen else ()
        return template.render(**context, references=references, trial=trial)


def render_pdf(
    data: ReportData, sections: Sequence[str], *, catalogue: Catalogue | None = None
) -> bytes:
    """Return the report as PDF bytes, rendered by WeasyPrint from ``render_html``'s page."""
    return html_to_pdf(render_html(data, sections, catalogue=catalogue), made_on=data.made_on)


def html_to_pdf(html: str, *, made_on: date) -> bytes:
    """Return the PDF of a page made by ``render_html`` (WeasyPrint, no fetching).

    ``made_on`` is the report's date: the PDF carries no other time.
    """
    with warnings.catch_warnings():
        # Some system builds of Pango lack HarfBuzz-Subset; WeasyPrint still works
        # and only announces a future requirement, which is no concern of a report.
        warnings.filterwarnings("ignore", message=".*HarfBuzz", category=DeprecationWarning)
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher

    # The page names no URL; refusing every fetch keeps it that way if one slips in.
    page = HTML(string=html, base_url=None, url_fetcher=URLFetcher(allowed_protocols=()))
    with _fonts_dated(made_on):
        pdf: bytes = page.write_pdf()
    return pdf


_SOURCE_DATE = "SOURCE_DATE_EPOCH"
_source_date_lock = threading.Lock()


@contextmanager
def _fonts_dated(day: date) -> Iterator[None]:
    """Date the embedded font subsets ``day`` instead of the wall clock.

    fontTools stamps each subset it writes with the current second unless
    SOURCE_DATE_EPOCH is set, so two renders of one report differed whenever a
    second ticked over between them. The lock keeps concurrent renders (the web
    app's worker threads) from restoring each other's value.
    """
    epoch = str(int(datetime.combine(day, time(), tzinfo=UTC).timestamp()))
    with _source_date_lock:
        before = os.environ.get(_SOURCE_DATE)
        os.environ[_SOURCE_DATE] = epoch
        try:
            yield
        finally:
            if before is None:
                del os.environ[_SOURCE_DATE]
            else:
                os.environ[_SOURCE_DATE] = before


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("backrub.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    i18n.install(env)
    env.filters["num"] = _number
    env.filters["words"] = value_words
    env.filters["day"] = _day
    env.filters["cite"] = _cite
    return env


def _number(value: float | None, digits: int | None = None) -> str:
    if value is None:
        return "–"
    return number(value, digits)


def _cite(sources: Iterable[str]) -> str:
    """Return sources as shown to a person, the product default named as such."""
    shown = [_("product default, not evidence") if s == PRODUCT_DEFAULT else s for s in sources]
    return ", ".join(shown)


def _context(data: ReportData, chosen: tuple[str, ...]) -> dict[str, object]:
    screening = data.screening
    return {
        "data": data,
        "chosen": chosen,
        "titles": SECTION_TITLES,
        "stop": screening is not None and screening.is_stop,
        "verdict_words": VERDICT_WORDS,
        "scripted_note": SCRIPTED_NOTE,
        "not_a_device": not_a_device_line(),
        "page_words": _page_words(),
        "honesty": HONESTY,
        "rows": [_row(r) for r in data.instruments],
        "figures": _figures(data) if "charts" in chosen else [],
        "pro_sessions": [
            _pro(s, [a for a in data.addenda if a.session_id == s.id])
            for s in sorted(data.pro_sessions, key=lambda s: s.at)
        ],
        "tools": _tool_totals(data.self_sessions),
        "overrides": _overrides(data),
        "cap_words": _(
            "%(minutes)s min a day for tennis ball and foam roller together (%(source)s)",
            minutes=number(data.cap.value),
            source=data.cap.cite(),
        ),
    }


def _change_words(row: InstrumentRow) -> str:
    points = row.improvement_points
    if points == 0:
        return _("no change")
    amount = counted(abs(points), "cm" if row.unit == "cm" else "point")
    if row.improvement_pct is not None:
        amount += f" ({number(abs(row.improvement_pct), 0)}%)"
    if points > 0:
        return _("improved by %(amount)s", amount=amount)
    return _("got worse by %(amount)s", amount=amount)


def _row(row: InstrumentRow) -> dict[str, object]:
    return {"row": row, "change": _change_words(row)}


def _figures(data: ReportData) -> list[_Figure]:
    """Return the charts, every one the same size, two to a row (as on the progress page)."""
    return [
        _Figure(
            figure.title,
            Markup(svg_element(figure.chart, id_prefix=f"c{n}-")),  # our own SVG, text escaped
            figure.caption,
        )
        for n, figure in enumerate(report_figures(data), start=1)
    ]


def _soap(session: ProSession) -> list[tuple[str, str]]:
    parts = (
        ("S", session.subjective),
        ("O", session.objective),
        ("A", session.assessment),
        ("P", session.plan),
    )
    return [(letter, text) for letter, text in parts if text]


def _pro(session: ProSession, addenda: Sequence[Addendum]) -> dict[str, object]:
    """A session's row: its notes as written, then each addendum (who, on which day, why)."""
    return {
        "on": local_moment(session.at, session.tz).date(),
        "technique": value_words(session.technique),
        "duration_min": session.duration_min,
        "therapist": session.therapist or "–",
        "soap": _soap(session),
        "addenda": [
            {
                "by": a.by,
                "on": local_moment(a.at, session.tz).date(),
                "text": a.text,
                "reason": a.reason,
            }
            for a in addenda
        ],
    }


def _tool_totals(sessions: Sequence[SelfSession]) -> list[dict[str, object]]:
    by_tool: defaultdict[str, list[SelfSession]] = defaultdict(list)
    for session in sessions:
        by_tool[str(session.tool)].append(session)
    totals = []
    for tool, group in sorted(by_tool.items()):
        per_day: defaultdict[date, float] = defaultdict(float)
        for session in group:
            per_day[local_moment(session.at, session.tz).date()] += session.total_seconds / 60
        totals.append(
            {
                "tool": value_words(tool),
                "sessions": len(group),
                "days": len(per_day),
                "minutes": sum(per_day.values()),
                "most_in_a_day": max(per_day.values()),
            }
        )
    return totals


def _overrides(data: ReportData) -> list[dict[str, object]]:
    capped_by_day: defaultdict[date, float] = defaultdict(float)
    for session in data.self_sessions:
        if session.tool in CAPPED_TOOLS:
            capped_by_day[local_moment(session.at, session.tz).date()] += session.total_seconds / 60
    rows = []
    for session in data.overrides:
        day = local_moment(session.at, session.tz).date()
        rows.append(
            {
                "on": day,
                "tool": value_words(session.tool),
                "minutes": session.total_seconds / 60,
                "capped_that_day": capped_by_day.get(day, 0.0),
                "reason": session.override_reason,
            }
        )
    return rows


def _references(text: str, extra: Iterable[str], catalogue: Catalogue) -> tuple[_Reference, ...]:
    """Return a reference per evidence id cited in ``text`` or ``extra``, first cited first."""
    cited = [mention.id for mention in find_ids(text, catalogue.ids)]  # whole tokens only
    found = list(dict.fromkeys([*cited, *extra]))
    return tuple(
        _Reference(
            entry_id,
            format_citation(catalogue.get(entry_id))
            if entry_id in catalogue
            else _("Not in backrub's evidence catalogue."),
        )
        for entry_id in found
        if entry_id != PRODUCT_DEFAULT
    )
