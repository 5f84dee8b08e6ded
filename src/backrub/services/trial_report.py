"""What a trial shows: its days with pain and massage recorded, adherence, the analysis.

The days counted are the whole days so far (``TrialRecord.last_counted``). A
day's pain is the mean of its check-ins; a day had massage when a self-massage
or a professional session was recorded that day (each in its own zone's date).
The analysis (``domain.nof1_analysis``, issue 15) leaves the washout days out of
the primary analysis and keeps every day in the sensitivity analysis. Beside it,
described and not tested: each period (``domain.nof1_periods``), the secondary
outcomes (sleep, weekly PEG) and the CENT 2015 lines (``domain.nof1_cent``) from
what ``services.trial_records`` gathers.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from markupsafe import Markup

from backrub.domain import nof1_cent as cent
from backrub.domain.governor import local_date
from backrub.domain.nof1_analysis import TrialAnalysis, analyse
from backrub.domain.nof1_days import TrialDay
from backrub.domain.nof1_design import Arm, Schedule
from backrub.domain.nof1_periods import ArmMean, PeriodSummary, period_summaries, sleep_by_arm
from backrub.domain.nof1_plain import how_sure_lines, plain_sentence
from backrub.domain.nof1_trial import RED_FLAG, Adherence, ReportDay, TrialRecord, adherence
from backrub.domain.nof1_words import EXPECTATION_CAVEAT, result_lines
from backrub.domain.records import Profile
from backrub.errors import InvalidInput
from backrub.i18n import _
from backrub.reports.nof1_report import CentLines, TrialSection
from backrub.services.trial_records import TrialRecords, trial_records
from backrub.services.trials import latest_trial, trials_of
from backrub.store import Store

CSV_COLUMNS = (
    "date",
    "pair",
    "period",
    "arm",
    "washout",
    "pain",
    "massage_recorded",
    "sleep",
    "peg",
    "professional_sessions",
    "self_massage_min",
)


@dataclass(frozen=True, slots=True)
class TrialReport:
    """A trial as a person or their clinician reads it."""

    trial: TrialRecord
    schedule: Schedule
    days: tuple[ReportDay, ...]
    adherence: Adherence
    analysis: TrialAnalysis | None  # None before any pain was recorded
    lines: tuple[str, ...]
    today: date
    records: TrialRecords
    periods: tuple[PeriodSummary, ...]
    sleep: dict[Arm, ArmMean]
    plain: str | None = None  # the result's opening sentence (people review 8, F6)
    how_sure: tuple[str, ...] = ()  # what the interval and the randomisation test are

    @property
    def caveat(self) -> str:
        """What the result cannot tell (expectation, carry-over): said right after the
        plain sentence it qualifies, not at the end of the statistics (review S9)."""
        return _(EXPECTATION_CAVEAT)

    @property
    def statistics(self) -> tuple[str, ...]:
        """The result's lines under "How sure is this?": all but the caveat."""
        return tuple(line for line in self.lines if line != self.caveat)

    @property
    def secondary(self) -> tuple[str, ...]:
        """The secondary outcomes in words, as the report gives them (sleep, weekly PEG)."""
        return cent.secondary_lines(self.sleep, [v for p in self.periods for _on, v in p.peg])

    @property
    def state_words(self) -> str:
        t = self.trial
        if t.ended_early and t.ended_on is not None:
            why = _("a screening said stop") if t.ended_why == RED_FLAG else _("you stopped it")
            return _("Ended early on %(day)s: %(why)s.", day=t.ended_on.isoformat(), why=why)
        if self.today > self.schedule.last_day:
            return _("Completed on %(day)s.", day=self.schedule.last_day.isoformat())
        if self.today < t.first_day:
            return _("Starts on %(day)s.", day=t.first_day.isoformat())
        return _("Running until %(day)s.", day=self.schedule.last_day.isoformat())


def _recorded(
    store: Store, profile_id: int, first: date
) -> tuple[dict[date, list[int]], set[date]]:
    since = datetime.combine(first - timedelta(days=1), time(), UTC)
    pains: dict[date, list[int]] = defaultdict(list)
    for c in store.checkins(profile_id, since=since):
        pains[local_date(c.at, c.tz)].append(c.pain)
    massage = {local_date(s.at, s.tz) for s in store.self_sessions(profile_id, since=since)}
    massage |= {local_date(s.at, s.tz) for s in store.pro_sessions(profile_id, since=since)}
    return pains, massage


def trial_report(store: Store, profile: Profile, *, now: datetime) -> TrialReport:
    """Return the latest trial's report as of ``now``; NotFound without a trial."""
    from zoneinfo import ZoneInfo

    trial = latest_trial(store, profile)
    assert profile.id is not None
    today = now.astimezone(ZoneInfo(profile.tz)).date()
    found = trial.schedule
    pains, massage = _recorded(store, profile.id, trial.first_day)
    starts = {p.first: n for n, p in enumerate(found.periods, start=1)}
    days: list[ReportDay] = []
    period = 0
    for day in found.days(until=trial.last_counted(today)):
        period = starts.get(day.on, period)
        values = pains.get(day.on)
        pain = sum(values) / len(values) if values else None
        days.append(ReportDay(day, period, pain, day.on in massage))
    kept = adherence([d.scheduled for d in days], massage)
    running = trial.is_running(today)
    analysis, lines = _analysis(trial, days, kept, running=running)
    records = trial_records(store, profile, trial, {d.scheduled.on for d in days})
    periods = period_summaries(found.periods, days, records.recorded)
    sleep = sleep_by_arm(days, records.recorded)
    plain = (
        None
        if analysis is None
        else plain_sentence(analysis, adherence=kept.share, running=running)
    )
    how_sure = () if analysis is None else tuple(how_sure_lines(analysis))
    return TrialReport(
        trial,
        found,
        tuple(days),
        kept,
        analysis,
        tuple(lines),
        today,
        records,
        periods,
        sleep,
        plain,
        how_sure,
    )


def _analysis(
    trial: TrialRecord, days: list[ReportDay], kept: Adherence, *, running: bool
) -> tuple[TrialAnalysis | None, list[str]]:
    if not days:
        return None, [
            _("A trial day counts once it is over: no complete trial day yet, nothing to analyse.")
        ]
    if not any(d.pain is not None for d in days):
        return None, [_("No pain recorded on a trial day yet: nothing to analyse.")]
    trial_days = [
        TrialDay(
            d.scheduled.index, d.scheduled.pair, d.scheduled.arm, d.scheduled.day_in_period, d.pain
        )
        for d in days
    ]
    analysis = analyse(trial_days, washout_days=trial.washout_days, seed=trial.seed)
    return analysis, list(result_lines(analysis, adherence=kept.share, running=running))


def adherence_words(kept: Adherence) -> str:
    """Adherence in words, saying how it is counted."""
    if kept.days == 0:
        return _("Adherence: a trial day counts once it is over; no complete trial day yet.")
    return _(
        "Adherence: %(followed)d of %(days)d days followed the schedule (%(a)d of %(na)d "
        "massage days with a massage recorded, %(b)d of %(nb)d days without massage with "
        "none recorded).",
        followed=kept.followed,
        days=kept.days,
        a=kept.massage_days_followed,
        na=kept.massage_days,
        b=kept.rest_days_followed,
        nb=kept.rest_days,
    )


def trial_csv(report: TrialReport) -> str:
    """Return the trial's days as CSV: one row a whole day, in ``CSV_COLUMNS``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    got = report.records.recorded
    for d in report.days:
        s = d.scheduled
        sleep = got.day_sleep(s.on)
        writer.writerow(
            [
                s.on.isoformat(),
                s.pair + 1,
                d.period,
                s.arm,
                "yes" if s.washout else "no",
                "" if d.pain is None else f"{d.pain:g}",
                "yes" if d.massage else "no",
                "" if sleep is None else f"{sleep:g}",
                " ".join(f"{v:g}" for v in got.peg.get(s.on, ())),
                got.pro_sessions.get(s.on, 0),
                got.self_seconds.get(s.on, 0) // 60,
            ]
        )
    return out.getvalue()


def report_json(report: TrialReport) -> dict[str, Any]:
    """Return the report's public JSON shape (``trial show --json``, ``trial report --json``)."""
    t, k = report.trial, report.adherence
    return {
        "pairs": t.pairs,
        "period_days": t.period_days,
        "washout_days": t.washout_days,
        "seed": t.seed,
        "first_day": t.first_day.isoformat(),
        "last_day": report.schedule.last_day.isoformat(),
        "sha256": t.sha256,
        "state": t.state,
        "ended_on": None if t.ended_on is None else t.ended_on.isoformat(),
        "ended_why": t.ended_why,
        "periods": [
            {
                "pair": p.pair + 1,
                "arm": p.arm,
                "first": p.first.isoformat(),
                "last": p.last.isoformat(),
            }
            for p in report.schedule.periods
        ],
        "adherence": {
            "massage_days": k.massage_days,
            "massage_days_followed": k.massage_days_followed,
            "rest_days": k.rest_days,
            "rest_days_followed": k.rest_days_followed,
            "share": k.share,
        },
        "analysis": None if report.analysis is None else report.analysis.to_json(),
        "lines": list(report.lines),
        "by_period": [_period_json(p) for p in report.periods],
        "secondary_sleep": {
            arm: {"days": m.days, "mean": m.mean} for arm, m in report.sleep.items()
        },
    }


def _period_json(p: PeriodSummary) -> dict[str, Any]:
    """One period, described (not tested): CENT 2015 items 5 and 17, the secondary outcomes."""
    return {
        "period": p.number,
        "arm": p.arm,
        "days": p.days,
        "pain_days": p.pain.days,
        "mean_pain": p.pain.mean,
        "sleep_days": p.sleep.days,
        "mean_sleep": p.sleep.mean,
        "peg": [{"on": on.isoformat(), "score": score} for on, score in p.peg],
        "professional_sessions": p.pro_sessions,
        "self_massage_min": p.self_minutes,
    }


def _cent(report: TrialReport) -> CentLines:
    r, t = report.records, report.trial
    return CentLines(
        condition=(
            cent.condition_line(r.duration, leg_pain=r.leg_pain),
            cent.treatment_line(r.treatments),
            cent.changes_line(len(r.changes)),
        ),
        changes=cent.change_lines(r.changes, report.schedule),
        outcomes=cent.outcome_lines(),
        blinding=cent.blinding_line(),
        methods=cent.methods_line(pairs=t.pairs, washout_days=t.washout_days),
        registration=cent.registration_line(),
        secondary=report.secondary,
        harms=cent.harm_lines(r.harms, report.schedule.periods),
    )


def _result_lines(report: TrialReport) -> tuple[str, ...]:
    """The report's results as the page gives them: the plain sentence and what it cannot
    tell, then how sure."""
    if report.plain is None:
        return report.lines
    return (report.plain, report.caveat, *report.how_sure, *report.statistics)


def _section(report: TrialReport, tz: str) -> TrialSection:
    return TrialSection(
        report.trial,
        report.schedule,
        report.state_words,
        adherence_words(report.adherence),
        _result_lines(report),
        report.analysis,
        report.days,
        fixed_on=local_date(report.trial.started_at, tz),
        periods=report.periods,
        cent=_cent(report),
    )


def trial_document(store: Store, profile: Profile, *, now: datetime, fmt: str) -> bytes:
    """Return the latest trial's own report as HTML or PDF bytes (CENT 2015 items)."""
    from backrub.reports.nof1_report import trial_html, trial_pdf

    if fmt not in ("html", "pdf"):
        raise InvalidInput("out", fmt, _("name a file ending in .html or .pdf"))
    report = trial_report(store, profile, now=now)
    made = report.today
    if fmt == "pdf":
        return trial_pdf(_section(report, profile.tz), person=profile.name, made_on=made)
    return trial_html(_section(report, profile.tz), person=profile.name, made_on=made).encode()


def trial_section_of(store: Store, profile: Profile, *, now: datetime) -> Markup | None:
    """Return the clinician report's trial section, or None when there is no trial."""
    from backrub.reports.nof1_report import trial_section

    if not trials_of(store, profile):
        return None
    return trial_section(_section(trial_report(store, profile, now=now), profile.tz))
