"""Use case for the clinician report: gather the records, run the domain, render."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from backrub.domain.episodes import classify_episode
from backrub.domain.instrument_languages import translation_notes
from backrub.domain.instruments import get_instrument
from backrub.domain.records import Episode, Profile, ProfileData
from backrub.domain.rules import Rules
from backrub.domain.screening import Clearance
from backrub.errors import InvalidInput, NotFound
from backrub.evidence import load_rules
from backrub.i18n import _
from backrub.reports.model import (
    InstrumentRow,
    ReportData,
    ResultLine,
    parse_sections,
    result_line,
    row_from_change,
    screen_flags,
)
from backrub.services.addenda import addenda_of
from backrub.services.measures import Progress, local_day, progress, response_score
from backrub.services.planning import current_plan
from backrub.services.review import review_notes
from backrub.services.safety import safety_state
from backrub.services.steps import StepCallback, tick
from backrub.store import Store


def report_data(store: Store, profile: Profile, *, now: datetime) -> ReportData:
    """Return everything the report shows for ``profile`` as of ``now``.

    Like progress, the report counts and lists only records whose time has come.
    """
    if profile.id is None:
        raise NotFound(_("profile: no profile yet; record a check-in first."), code="no_profile")
    rules = load_rules()
    data = _until(store.load(profile), now)
    zone = ZoneInfo(profile.tz)
    today = now.astimezone(zone).date()
    episode = data.episodes[-1] if data.episodes else None
    state = safety_state(store, profile)
    clearance = None
    if data.clearances:
        last = data.clearances[-1]
        clearance = Clearance(last.cleared_on, last.cleared_by, last.note)
    plan = adherence = None
    with contextlib.suppress(NotFound):
        view = current_plan(store, profile, today=today, now=now)
        plan, adherence = view.plan, view.adherence
    measured = progress(store, profile, now=now)

    # A clinician reads the recent course (report_window_weeks); baseline and
    # change still come from all the data.
    window_weeks = int(rules["report_window_weeks"].value)
    start = today - timedelta(weeks=window_weeks)
    since = datetime.combine(start, time(), zone).astimezone(UTC)
    rows = _instrument_rows(data, measured, zone=zone, since=since.date())
    results, flags = _results(data, measured, zone=zone)
    return ReportData(
        person=profile.name,
        made_on=today,
        cap=rules["self_massage_cap_min"],
        tz=profile.tz,
        episode=episode,
        classification=_classification(episode, today, rules),
        screening=state.screening,
        clearance=clearance,
        lifted=state.standing.lifted,
        still_stopped=state.is_stopped if state.screening is not None else None,
        review=review_notes(store, profile, today=today),
        plan=plan,
        adherence=adherence,
        instruments=tuple(rows),
        trend=measured.pain_trend,
        comparison=measured.days_compared,
        dose=measured.dose,
        trials=measured.trials,
        checkins=tuple(c for c in data.checkins if c.at >= since),
        pro_sessions=tuple(p for p in data.pro_sessions if p.at >= since),
        addenda=tuple(a for a in addenda_of(store, profile) if a.at <= now),
        self_sessions=tuple(s for s in data.self_sessions if s.at >= since),
        window_weeks=window_weeks,
        results=results,
        flags=flags,
        translation_notes=_translation_notes(data),
    )


def _translation_notes(data: ProfileData) -> tuple[str, ...]:
    """Return the unvalidated-translation notes for the questionnaires in the report."""
    # Each response is stored with the language it was answered in (migration 0008).
    return translation_notes((r.instrument, r.language) for r in data.responses)


def _classification(episode: Episode | None, today: date, rules: Rules) -> str | None:
    """Return the latest episode's duration class and leg-pain advice, in words."""
    if episode is None:
        return None
    classes = classify_episode(episode, today, rules)
    return f"{classes.duration.describe()} {classes.leg_pain.advice}"


def _results(
    data: ProfileData, measured: Progress, *, zone: ZoneInfo
) -> tuple[tuple[ResultLine, ...], tuple[ResultLine, ...]]:
    """Return the results shown on their own, and the flagged ones (from every result)."""
    scored = [
        (get_instrument(r.instrument), r.at.astimezone(zone).date(), response_score(r))
        for r in data.responses
    ]
    lines = [result_line(instrument, on, result) for instrument, on, result in scored]
    changed = {change.instrument_id for change in measured.changes}
    # Every result appears: with its change in the table, or here on its own (a single
    # administration, or one its missing-item rule leaves without a score).
    alone = tuple(
        line
        for (_, _, result), line in zip(scored, lines, strict=True)
        if line.instrument_id not in changed or result.score is None
    )
    return alone, screen_flags(lines)


def _instrument_rows(
    data: ProfileData, measured: Progress, *, zone: ZoneInfo, since: date
) -> list[InstrumentRow]:
    """Return a row per change: baseline, latest and their days, and the recent series."""
    series: dict[str, list[tuple[date, float]]] = defaultdict(list)
    for c in data.checkins:
        series["nrs"].append((local_day(c.at, zone.key), float(c.pain)))
    for r in data.responses:
        value = response_score(r).score
        if value is not None:
            series[r.instrument].append((r.at.astimezone(zone).date(), float(value)))
    rows = []
    # Which records count as baseline and latest: the one rule of ``measures.Compared``.
    for change, compared in zip(measured.changes, measured.compared, strict=True):
        points = series.get(change.instrument_id, [])
        recent = _daily(points) if change.instrument_id == "nrs" else points
        rows.append(
            row_from_change(
                change,
                get_instrument(change.instrument_id),
                baseline_on=compared.baseline_on,
                latest_on=compared.latest_on,
                series=[p for p in recent if p[0] >= since],
            )
        )
    return rows


def _until(data: ProfileData, now: datetime) -> ProfileData:
    """Return ``data`` without the records dated after ``now``."""
    return replace(
        data,
        checkins=tuple(c for c in data.checkins if c.at <= now),
        pro_sessions=tuple(p for p in data.pro_sessions if p.at <= now),
        self_sessions=tuple(s for s in data.self_sessions if s.at <= now),
        responses=tuple(r for r in data.responses if r.at <= now),
        pain_spots=tuple(p for p in data.pain_spots if p.at <= now),
    )


def _daily(points: list[tuple[date, float]]) -> list[tuple[date, float]]:
    by_day: dict[date, list[float]] = defaultdict(list)
    for day, value in points:
        by_day[day].append(value)
    return [(day, sum(v) / len(v)) for day, v in sorted(by_day.items())]


# Two pages a clinician reads in a minute: who, what was found, what changed and
# how (the summary lists every instrument with its responder status).
DEFAULT_SECTIONS: tuple[str, ...] = ("summary", "screening", "charts")


def render_report(
    store: Store,
    profile: Profile,
    *,
    now: datetime,
    fmt: str,
    sections: object = None,
    progress: StepCallback | None = None,
) -> bytes:
    """Return the report as HTML or PDF bytes with the chosen sections.

    Steps for ``progress``: gather the data, lay out the page, and for a PDF
    typeset it (the longest).
    """
    from backrub.reports.report import html_to_pdf, render_html

    if fmt not in ("html", "pdf"):
        raise InvalidInput("out", fmt, _("name a file ending in .html or .pdf"))
    if sections is None:
        chosen = DEFAULT_SECTIONS
    elif str(sections).strip().lower() == "all":
        chosen = parse_sections(None)
    else:
        chosen = parse_sections(str(sections))
    steps = 3 if fmt == "pdf" else 2
    from backrub.services.trial_report import trial_section_of

    data = report_data(store, profile, now=now)
    tick(progress, 1, steps)
    html = render_html(data, chosen, trial=trial_section_of(store, profile, now=now))
    tick(progress, 2, steps)
    if fmt != "pdf":
        return html.encode()
    pdf = html_to_pdf(html, made_on=data.made_on)
    tick(progress, 3, steps)
    return pdf
