"""What an N-of-1 trial asks beside its schedule (clinical review 7, item 5).

Before the first day the person reads "Before you start" (all massage for the
back pauses in the periods without it, why pausing is low-risk, what to do in a
flare, which signs mean the emergency department now (clinical review 8, S3),
keeping other treatments steady) and confirms it: ``trials.start_trial`` starts nothing
without that. During the trial they record, on the day, a pain medicine changed
or another treatment started or stopped (``record_change``); the trial page
lists them and the report reads them with ``changes_for_report``. The clinic's
therapist sees the client's arm today in ``therapist_line``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from backrub.domain.emergency import with_number
from backrub.domain.inputs import parse_date
from backrub.domain.nof1_changes import TrialChange, parse_kind, parse_note
from backrub.domain.nof1_design import Period
from backrub.domain.nof1_trial import TrialRecord
from backrub.domain.records import Profile
from backrub.errors import InvalidInput, NotFound, shown_day
from backrub.i18n import N_, _
from backrub.services import trials
from backrub.store import Store

# Cauda equina signs go to the emergency department at once, not back to the
# questions first (clinical review 8, S3: bass-2018 via Cornwall NHS, nhs-back-pain);
# the other warning signs mean answering the safety questions again today.
EMERGENCY_SIGNS = N_(
    "If you notice a change in bladder or bowel control, numbness around your genitals or "
    "back passage, leg weakness that is new or getting worse, or weakness, numbness or pain "
    "in both legs, call your local emergency number or go to an emergency department now: "
    "do not answer the questions first. For other new signs (numbness or pain in one leg, "
    "a fever, pain that keeps you awake every night), answer the safety questions again "
    "today; a screening that says stop ends the trial."
)
BEFORE_YOU_START = (
    N_(
        "All massage for your back pain pauses in the periods without massage, your "
        "therapist's sessions too: move any appointment that falls in one, and tell your "
        "therapist which weeks those are."
    ),
    N_(
        "Pausing is low-risk: the guideline advises massage only beside exercise "
        "(nice-ng59); a week or two without it is not known to carry any risk beyond a "
        "possible rise in pain for a while (clinical judgement, not a study). Keep up your "
        "exercise and daily activity in every period."
    ),
    N_(
        "If pain flares in a period without massage, keep moving and use the pain relief "
        "you normally use: a flare on its own is not a warning sign. If you take more of it "
        "than usual, record that as a change on the trial page. If it is too much, you may "
        "stop the trial (it is kept as ended early)."
    ),
    EMERGENCY_SIGNS,
    N_(
        "Keep your pain medicines and other treatments as they are during the trial, so "
        "that the comparison is fair. If one changes, record it on the trial page on that "
        "day; the report shows it."
    ),
)
CONFIRM = N_('I have read "Before you start" and will follow it.')


def before_you_start() -> list[str]:
    """The points a person confirms before a trial starts, in the current language; the
    emergency point names the person's emergency number (or examples of it)."""
    return [
        with_number(_(line)) if line == EMERGENCY_SIGNS else _(line) for line in BEFORE_YOU_START
    ]


def require_confirmed(confirmed: bool) -> None:
    """Refuse to start a trial the person has not confirmed "Before you start" for."""
    if not confirmed:
        raise InvalidInput(
            "before_you_start",
            None,
            _('confirm that you have read "Before you start"; nothing was started'),
        )


def _trial_days(trial: TrialRecord, today: date) -> tuple[date, date]:
    last = min(today, trial.schedule.last_day)
    if trial.ended_on is not None:
        last = min(last, trial.ended_on)
    return trial.first_day, last


def record_change(
    store: Store,
    profile: Profile,
    *,
    now: datetime,
    change: object,
    note: object = None,
    day: object = None,
) -> TrialChange:
    """Keep a change of other treatment on a day of the running trial (today unless
    ``day`` says otherwise); refuse without a running trial or on a day outside it."""
    today = trials.local_today(profile, now)
    trial = trials.current_trial(store, profile, today=today)
    if trial is None or trial.id is None or profile.id is None:
        raise NotFound(_("No trial is running."), code="no_trial")
    kind = parse_kind(change)
    text = parse_note(note)
    on = today if day is None or day == "" else parse_date("day", day)
    first, last = _trial_days(trial, today)
    if last < first:
        raise InvalidInput(
            "day",
            on.isoformat(),
            _("the trial starts on %(day)s; record a change from that day", day=shown_day(first)),
        )
    if not first <= on <= last:
        raise InvalidInput(
            "day",
            on.isoformat(),
            _(
                "use a day of the trial from %(first)s to %(last)s",
                first=shown_day(first),
                last=shown_day(last),
            ),
        )
    from backrub.store.trial_rows import add_change

    found = TrialChange(on, kind, text, now)
    add_change(store, profile.id, trial.id, found)
    return found


def changes_for_report(
    store: Store, profile: Profile, trial: TrialRecord
) -> tuple[TrialChange, ...]:
    """Return the changes of other treatment kept on ``trial``'s days, by day (for the
    trial page and the report: CENT 2015 item 4a, concurrent therapies)."""
    from backrub.store.trial_rows import changes_of

    if profile.id is None or trial.id is None:
        return ()
    return tuple(changes_of(store, profile.id, trial.id))


def therapist_line(store: Store, profile: Profile, *, today: date) -> str | None:
    """The client's trial today in words for their therapist: the arm, day N of M and
    until when (no massage in a period without it), and the next period without
    massage; or the first day ahead. None when no trial runs or is about to start."""
    found = trials.assignment_on(store, profile, today)
    trial = found.trial if found is not None else trials.current_trial(store, profile, today=today)
    if trial is None:
        return None
    ahead = _next_without_massage(trial, today)
    if found is None:
        return _(
            "N-of-1 trial: starts on %(day)s; its first period without massage is "
            "%(first)s to %(last)s.",
            day=shown_day(trial.first_day),
            first=shown_day(ahead.first) if ahead else "",
            last=shown_day(_run_end(trial, ahead)) if ahead else "",
        )
    values = {
        "day": found.day_in_period + 1,
        "days": trial.period_days,
        "last": shown_day(found.period.last),
    }
    if not found.massage:
        # Two periods without massage can follow each other (the order is drawn
        # within each pair): the therapist needs the end of the whole run.
        until = _run_end(trial, found.period)
        if until >= trial.schedule.periods[-1].last:
            return _(
                "N-of-1 trial: today is in a period without massage, day %(day)d of "
                "%(days)d. Please give no massage until %(until)s, the trial's last day, "
                "and move any booked session.",
                day=values["day"],
                days=values["days"],
                until=shown_day(until),
            )
        return _(
            "N-of-1 trial: today is in a period without massage, day %(day)d of %(days)d. "
            "Please give no massage until %(until)s, and move any booked session; "
            "massage may resume on %(resume)s.",
            day=values["day"],
            days=values["days"],
            until=shown_day(until),
            resume=shown_day(until + timedelta(days=1)),
        )
    line = _(
        "N-of-1 trial: today is in a massage period, day %(day)d of %(days)d "
        "(until %(last)s). Massage as planned.",
        **values,
    )
    if ahead is None:
        return line
    then = _(
        "Next period without massage: %(first)s to %(last)s.",
        first=shown_day(ahead.first),
        last=shown_day(_run_end(trial, ahead)),
    )
    return f"{line} {then}"


def _next_without_massage(trial: TrialRecord, today: date) -> Period | None:
    for period in trial.schedule.periods:
        if period.arm != "A" and period.first > today:
            return period
    return None


def _run_end(trial: TrialRecord, period: Period) -> date:
    """The last day of the run of periods of ``period``'s arm that ``period`` starts or is in."""
    last = period.last
    for later in trial.schedule.periods:
        if later.first == last + timedelta(days=1) and later.arm == period.arm:
            last = later.last
    return last
