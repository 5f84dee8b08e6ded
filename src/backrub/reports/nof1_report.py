"""An N-of-1 trial's report as CENT 2015 asks: a section of the clinician report, or its own.

Data in, HTML (and PDF through ``report.html_to_pdf``) out: the design and its
sources, the registered hash, the schedule diagram (``trial_svg``), the
allocation, adherence, both analyses with the washout sensitivity, each period
described (what was given, mean pain, the secondary outcomes), the CENT lines
(condition, outcomes, blinding, methods, harms, registration) and the daily
values. Nothing here reads the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from markupsafe import Markup

from backrub.domain.nof1_analysis import TrialAnalysis
from backrub.domain.nof1_design import SOURCES, Schedule
from backrub.domain.nof1_periods import PeriodSummary
from backrub.domain.nof1_trial import ReportDay, TrialRecord
from backrub.evidence import find_ids, format_citation, load_catalogue
from backrub.i18n import _
from backrub.reports.report import _environment, html_to_pdf, not_a_device_line
from backrub.reports.trial_svg import schedule_svg

__all__ = ["CentLines", "TrialSection", "trial_html", "trial_pdf", "trial_section"]


@dataclass(frozen=True, slots=True)
class CentLines:
    """The CENT 2015 lines that are not results, in words (``domain.nof1_cent``)."""

    condition: tuple[str, ...] = ()  # 4a
    changes: tuple[str, ...] = ()  # 4a: each recorded change of other treatment
    outcomes: tuple[str, ...] = ()  # 6a
    blinding: str = ""  # 11a
    methods: str = ""  # 12
    registration: str = ""  # 23
    secondary: tuple[str, ...] = ()  # issue 15 item 5
    harms: tuple[str, ...] = ()  # 19


@dataclass(frozen=True, slots=True)
class TrialSection:
    """What the section shows, each part already in words where words are needed."""

    trial: TrialRecord
    schedule: Schedule
    state: str
    adherence: str
    lines: tuple[str, ...]
    analysis: TrialAnalysis | None
    days: Sequence[ReportDay]
    fixed_on: date | None = None  # the day the schedule was kept, in the person's zone
    periods: Sequence[PeriodSummary] = ()
    cent: CentLines = CentLines()


def _named(text: str, cited: dict[str, str]) -> str:
    """Return ``text`` with each evidence id as its short citation ("Ostelo et al. 2008"),
    noting the id in ``cited`` for the section's list of sources (people review 8, F6)."""
    catalogue = load_catalogue()
    pieces: list[str] = []
    done = 0
    for mention in find_ids(text, catalogue.ids):
        entry = catalogue.get(mention.id)
        cited.setdefault(mention.id, format_citation(entry))
        pieces += [text[done : mention.start], entry.short_citation]
        done = mention.end
    return "".join([*pieces, text[done:]])


def _all_named(lines: Iterable[str], cited: dict[str, str]) -> tuple[str, ...]:
    return tuple(_named(line, cited) for line in lines)


def _cent_named(cent: CentLines, cited: dict[str, str]) -> CentLines:
    return replace(
        cent,
        condition=_all_named(cent.condition, cited),
        changes=_all_named(cent.changes, cited),
        outcomes=_all_named(cent.outcomes, cited),
        blinding=_named(cent.blinding, cited),
        methods=_named(cent.methods, cited),
        registration=_named(cent.registration, cited),
        secondary=_all_named(cent.secondary, cited),
        harms=_all_named(cent.harms, cited),
    )


def trial_section(found: TrialSection) -> Markup:
    """Return the trial's section (``<section id="section-trial">``), each source named
    by its short citation and listed in full at its end."""
    cited: dict[str, str] = {}
    cent = _cent_named(found.cent, cited)
    lines = _all_named(found.lines, cited)
    results = []
    if found.analysis is not None:
        results = [
            (_("Primary: washout days left out"), found.analysis.primary),
            (_("Sensitivity: every day"), found.analysis.sensitivity),
        ]
    diagram = schedule_svg(
        [(d.scheduled.arm, d.scheduled.washout, d.pain) for d in found.days],
        found.trial.design.total_days,
        first_day=found.trial.first_day,
        period_days=found.trial.period_days,
    )
    template = _environment().get_template("trial_section.html.j2")
    return Markup(
        template.render(
            t=found.trial,
            fixed_on=found.fixed_on or found.trial.started_at.date(),
            state=found.state,
            sources=_(SOURCES),
            diagram=diagram,
            periods=found.schedule.periods,
            schedule=found.schedule,
            adherence=found.adherence,
            lines=lines,
            results=results,
            days=found.days,
            by_period=found.periods,
            cent=cent,
            cited=tuple(cited.values()),
        )
    )


def trial_html(found: TrialSection, *, person: str, made_on: date) -> str:
    """Return the trial's own report: one self-contained HTML page."""
    template = _environment().get_template("trial_report.html.j2")
    return template.render(
        person=person,
        made_on=made_on,
        section=trial_section(found),
        not_a_device=not_a_device_line(),
    )


def trial_pdf(found: TrialSection, *, person: str, made_on: date) -> bytes:
    return html_to_pdf(trial_html(found, person=person, made_on=made_on), made_on=made_on)
