"""Use cases for measuring: questionnaires, and progress that tells the truth."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from backrub import i18n
from backrub.domain.change import first_and_last_week
from backrub.domain.inputs import parse_text
from backrub.domain.instrument_languages import translation_notes
from backrub.domain.instruments import Instrument, get_instrument
from backrub.domain.licensed import LicensedForm
from backrub.domain.plan_model import Plan
from backrub.domain.progress import (
    Change,
    Comparison,
    Dose,
    TrialComparison,
    change,
    compare_days,
    compare_with_trials,
    dose,
)
from backrub.domain.records import CheckIn, Profile, ProSession, Response, SelfSession
from backrub.domain.scoring import (
    Answer,
    Score,
    Unanswered,
    check_answers,
    parse_answers,
    score,
)
from backrub.domain.trend import Trend, trend
from backrub.errors import InvalidInput, NotFound
from backrub.evidence import load_rules
from backrub.i18n import N_, _
from backrub.services.licensed import licensed_form
from backrub.services.reading import once_per_reading
from backrub.services.records import _moment, saved
from backrub.store import Store


def score_text(instrument_id: str, answers: str) -> Score:
    """Score answers typed as 'A,B,...' ('-' = missing) without saving anything."""
    instrument = get_instrument(instrument_id)
    return score(instrument, parse_answers(instrument, answers))


def parse_labels(instrument: Instrument, labels: object, count: int) -> tuple[str, ...]:
    """Return the activity names PSFS needs, one per answer; other instruments take none."""
    if instrument.id != "psfs":
        if labels:
            raise InvalidInput(
                "activities", labels, _("%(id)s names no activities", id=instrument.id)
            )
        return ()
    parts = [p.strip() for p in str(labels or "").split(";") if p.strip()]
    if len(parts) != count:
        raise InvalidInput(
            "activities",
            labels,
            _("name one activity per answer (%(count)s), separated by ';'", count=count),
        )
    return tuple(parse_text("activities", p, max_len=80) or "" for p in parts)


def record_response(
    store: Store,
    profile: Profile,
    *,
    instrument_id: str,
    answers: str | Sequence[Answer],
    labels: object = None,
    at: object = None,
    now: datetime,
    form: LicensedForm | None = None,
) -> tuple[Response, Score]:
    """Validate, score and keep one completed questionnaire."""
    instrument = get_instrument(instrument_id)
    if form is None:  # a licensed instrument needs its file (the faces check it first)
        licensed_form(instrument, None)
    if isinstance(answers, str):
        parsed = parse_answers(instrument, answers)
    else:
        parsed = check_answers(instrument, answers)
    if all(a is None for a in parsed):
        raise InvalidInput("answers", answers, _("answer at least one question"))
    names = parse_labels(instrument, labels, len(parsed))
    result = score(instrument, parsed)
    if result.score is None and result.missing:
        # Missing is missing: answers the instrument cannot score are not kept as if
        # they were a result (a green "saved" for 1 of 3 PEG answers misleads).
        raise Unanswered(
            result.missing,
            result.reason or _("answer every question"),
            urgent_help=result.urgent_help,
        )
    response = Response(
        at=_moment(profile, at, now),
        tz=profile.tz,
        instrument=instrument.id,
        answers=tuple(parsed),
        labels=names,
        language=i18n.recorded(),
    )
    return store.add_response(saved(store, profile), response), result


def response_score(response: Response) -> Score:
    return score(get_instrument(response.instrument), response.answers)


@dataclass(frozen=True, slots=True)
class Compared:
    """What counts as baseline and latest for one instrument, and on which days.

    The one rule for progress, the report and the "not improving" note: pain
    (NRS) compares the median of the first and of the last 7 days with a
    check-in (``first_and_last_week``; fewer than 14 such days compare
    nothing); a questionnaire compares its first and its last scored response,
    once there are two and the instrument has a minimal important change.
    """

    instrument_id: str
    baseline: float
    latest: float
    baseline_on: date
    latest_on: date


def baseline_and_latest(
    daily_pain: Mapping[date, float], scored: Mapping[str, Sequence[tuple[date, float]]]
) -> tuple[Compared, ...]:
    """Return baseline and latest per instrument (see ``Compared``), pain first.

    ``daily_pain`` is the mean pain per local day; ``scored`` each instrument's
    scores, oldest first, with the local day they were answered.
    """
    found: list[Compared] = []
    weeks = first_and_last_week(daily_pain)
    if weeks is not None:
        days = sorted(daily_pain)
        found.append(Compared("nrs", weeks[0], weeks[1], days[0], days[-1]))
    for instrument_id, points in sorted(scored.items()):
        if len(points) < 2 or get_instrument(instrument_id).mic_rule_id is None:
            continue
        (first_on, first), (last_on, last) = points[0], points[-1]
        found.append(Compared(instrument_id, first, last, first_on, last_on))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Progress:
    """Everything ``progress`` shows; ``to_json`` is its public shape.

    ``compared`` says which records each change compares (not in the JSON).
    """

    as_of: date
    changes: tuple[Change, ...]
    pain_trend: Trend | None
    days_compared: Comparison | None
    dose: Dose | None
    trials: tuple[TrialComparison, ...]
    due: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    compared: tuple[Compared, ...] = ()
    # a change on answers given in an unvalidated translation (not in the JSON)
    translation_notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "changes": [c.to_json() for c in self.changes],
            "pain_trend": None if self.pain_trend is None else self.pain_trend.to_json(),
            "days_compared": None if self.days_compared is None else self.days_compared.to_json(),
            "dose": None if self.dose is None else self.dose.to_json(),
            "trials": [t.to_json() for t in self.trials],
            "assessments": list(self.due),
        }


@lru_cache(maxsize=1 << 15)  # five years of records, read again after each write
def local_day(at: datetime, tz: str) -> date:
    return at.astimezone(ZoneInfo(tz)).date()


def daily_pain(checkins: Iterable[CheckIn]) -> dict[date, float]:
    """Return the mean pain of each local day with a check-in, oldest first."""
    pain_by_day: dict[date, list[float]] = defaultdict(list)
    for c in checkins:
        pain_by_day[local_day(c.at, c.tz)].append(c.pain)
    return {day: sum(v) / len(v) for day, v in sorted(pain_by_day.items())}


def scored_by_day(responses: Iterable[Response]) -> dict[str, list[tuple[date, float]]]:
    """Return each instrument's scores with their local day, oldest first; no score, no point."""
    scored: dict[str, list[tuple[date, float]]] = defaultdict(list)
    for r in sorted(responses, key=lambda r: r.at):
        value = response_score(r).score
        if value is not None:
            scored[r.instrument].append((local_day(r.at, r.tz), float(value)))
    return dict(scored)


@once_per_reading  # the progress page asks twice (itself and via report_data)
def progress(store: Store, profile: Profile, *, now: datetime) -> Progress:
    """Compare baseline and latest, describe the trend, and compare days, honestly.

    Only records whose time has come count (``at <= now``): one dated a few
    hours ahead, say from another zone, is kept and listed in the history but
    counts from its own time on. "Today" is ``now``'s date in the profile's zone.
    """
    today = now.astimezone(ZoneInfo(profile.tz)).date()
    if profile.id is None:
        return Progress(today, (), None, None, None, ())
    rules = load_rules()
    daily = daily_pain(c for c in store.checkins(profile.id) if c.at <= now)
    by_instrument: dict[str, list[Response]] = defaultdict(list)
    for r in store.responses(profile.id):
        if r.at <= now:
            by_instrument[r.instrument].append(r)
    compared = baseline_and_latest(
        daily, scored_by_day(r for answered in by_instrument.values() for r in answered)
    )
    changes = tuple(
        change(get_instrument(c.instrument_id), baseline=c.baseline, latest=c.latest, rules=rules)
        for c in compared
    )
    pain_trend = (
        trend(((d, p) for d, p in daily.items()), label="pain", higher_is_worse=True)
        if daily
        else None
    )
    pros = [s for s in store.pro_sessions(profile.id) if s.at <= now]
    selfs = [s for s in store.self_sessions(profile.id) if s.at <= now]
    massage_days = {local_day(s.at, s.tz) for s in pros} | {local_day(s.at, s.tz) for s in selfs}
    return Progress(
        today,
        changes,
        pain_trend,
        compare_days(daily, massage_days) if daily else None,
        _dose(store, profile, now=now, today=today, daily=daily, pros=pros, selfs=selfs),
        tuple(compare_with_trials(c) for c in changes if c.instrument_id == "rmdq"),
        assessments_due(
            store, profile, today=today, now=now, pain_days=set(daily), by=by_instrument
        ),
        compared,
        _translation_notes(compared, by_instrument),
    )


def _translation_notes(
    compared: Sequence[Compared], by_instrument: Mapping[str, Sequence[Response]]
) -> tuple[str, ...]:
    """Return the notes for changes judged on answers given in an unvalidated translation."""
    return translation_notes(
        (c.instrument_id, r.language)
        for c in compared
        for r in by_instrument.get(c.instrument_id, ())
    )


def _dose(
    store: Store,
    profile: Profile,
    *,
    now: datetime,
    today: date,
    daily: Mapping[date, float],
    pros: Sequence[ProSession],
    selfs: Sequence[SelfSession],
) -> Dose | None:
    """Return the dose received since the first record: sessions planned and done, minutes."""
    from backrub.services.planning import current_plan

    massage_days = {local_day(s.at, s.tz) for s in pros} | {local_day(s.at, s.tz) for s in selfs}
    start = min([*daily, *(sorted(massage_days)[:1])], default=None)
    if start is None:
        return None
    count = None
    with contextlib.suppress(NotFound):  # no plan yet: nothing was planned
        count = current_plan(store, profile, today=today, now=now).adherence.professional
    return dose(
        sessions=count,
        sessions_done=len(pros),
        self_massage_min=[
            (local_day(s.at, s.tz), s.total_seconds / 60)
            for s in selfs
            if start <= local_day(s.at, s.tz) <= today
        ],
        overrides=sum(1 for s in selfs if s.override_reason),
        start=start,
        today=today,
    )


# The plan's assessments ask for these instruments (elder-2017 measured at baseline,
# 12 and 24 weeks); a response within assessment_window_days either side counts.
ASSESSMENT_INSTRUMENTS = ("peg", "rmdq")


def assessments_due(
    store: Store,
    profile: Profile,
    *,
    today: date,
    now: datetime,
    pain_days: set[date],
    by: dict[str, list[Response]],
) -> tuple[dict[str, Any], ...]:
    """Return what is due or overdue: daily pain, weekly PEG, the plan's assessments."""
    from backrub.services.planning import current_plan

    out = routine_due(today=today, pain_days=pain_days, by=by)
    try:
        plan = current_plan(store, profile, today=today, now=now).plan
    except NotFound:
        return out
    return out + plan_assessments_due(plan, today=today, by=by)


def routine_due(
    *, today: date, pain_days: set[date], by: dict[str, list[Response]]
) -> tuple[dict[str, Any], ...]:
    """Return the daily pain check-in and the weekly PEG when they are due ``today``."""
    peg_every = load_rules()["peg_every_days"]
    out: list[dict[str, Any]] = []
    if today not in pain_days:
        out.append(
            {
                "what": N_("pain check-in"),
                "instrument": "nrs",
                "on": today.isoformat(),
                "status": "due",
                "source": N_("product default, not evidence"),
            }
        )
    peg_days = [local_day(r.at, r.tz) for r in by.get("peg", [])]
    if not peg_days or (today - max(peg_days)).days >= peg_every.value:
        out.append(
            {
                "what": N_("weekly PEG"),
                "instrument": "peg",
                "on": today.isoformat(),
                "status": "due",
                "source": peg_every.cite(),
            }
        )
    return tuple(out)


def plan_assessments_due(
    plan: Plan, *, today: date, by: dict[str, list[Response]]
) -> tuple[dict[str, Any], ...]:
    """Return the plan's assessments not yet answered within their window, from ``today``."""
    window = int(load_rules()["assessment_window_days"].value)
    out: list[dict[str, Any]] = []
    for assessment in plan.assessments:
        for instrument_id in ASSESSMENT_INSTRUMENTS:
            answered = [local_day(r.at, r.tz) for r in by.get(instrument_id, [])]
            if any(abs((d - assessment.on).days) <= window for d in answered):
                continue
            gap = (assessment.on - today).days
            if gap > window:
                continue
            status = "overdue" if gap < -window else "due"
            out.append(
                {
                    "what": f"{get_instrument(instrument_id).name} {_when(assessment.weeks)}",
                    "instrument": instrument_id,
                    "on": assessment.on.isoformat(),
                    "status": status,
                    "source": ", ".join(assessment.evidence),
                }
            )
    return tuple(out)


def due_words(entry: dict[str, Any]) -> str:
    """Return what a due entry asks for in the person's language (its "what" stays English)."""
    what = str(entry["what"])
    if what in ("pain check-in", "weekly PEG"):
        return _(what)
    name = get_instrument(str(entry["instrument"])).name
    weeks = what.removeprefix(name).strip().removeprefix("at week ")
    if weeks == "at the start":
        return _("%(name)s at the start", name=name)
    return _("%(name)s at week %(weeks)s", name=name, weeks=weeks) if weeks.isdigit() else what


def _when(weeks: int) -> str:
    """Return when an assessment falls in words: "at the start", "at week 12"."""
    return "at the start" if weeks == 0 else f"at week {weeks}"
