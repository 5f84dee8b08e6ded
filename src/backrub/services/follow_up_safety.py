"""A follow-up's warning signs, judged with the client's own screening (review S6-3).

Which questions a follow-up asks, and what a "yes" means, is decided by
``backrub.domain.follow_up_signs`` over the client's latest stored screening.
A "yes" that stops (emergency, same day, or see a clinician first) is kept on
the questionnaire with the verdict, and kept as a new screening of the client,
answered by the client: their own plan stops as their own screening would stop
it, and stays stopped until they are seen (a clearance, or a new screening).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from backrub.domain.follow_up import STUDY_WEEKS, Administration
from backrub.domain.follow_up_signs import asks_later_signs, judge, signs_to_ask, triggered
from backrub.domain.questions import Answer, Question
from backrub.domain.records import ScreeningRecord
from backrub.domain.red_flags import COMBINATIONS
from backrub.domain.verdicts import Verdict
from backrub.store import follow_up_flags as flags
from backrub.store import follow_up_rows as rows
from backrub.store.follow_up_rows import LinkOpening
from backrub.store.repository import Store

__all__ = ["added_here", "keep", "signs_of", "stored_answers"]


def stored_answers(store: Store, profile_id: int) -> dict[str, Answer]:
    """Return the answers of the client's latest screening ({} when none)."""
    found = store.screenings(profile_id)
    return dict(found[-1].answers) if found else {}


def _yes_here(administration: Administration) -> set[str]:
    """The warning signs this form answered "yes" (kept, or saved for later)."""
    saved = administration.partial.get("flags", {})
    return {q for q, v in saved.items() if v == "yes"} | set(administration.red_flags)


def added_here(administration: Administration) -> frozenset[str]:
    """The questions a "yes" on this form added to it (cancer now: the spine signs)."""
    return frozenset(triggered(_yes_here(administration)))


def later_signs_due(store: Store, opening: LinkOpening) -> bool:
    """Whether the link's questionnaire asks the 12- and 24-week signs: the first one on
    or after week 12 of the client's schedule, and the first on or after week 24, whatever
    the template (review CLIN-8 M4; the days in the client's zone)."""
    a = opening.administration
    plan = rows.current_schedule(store, opening.clinic_id, a.profile_id)
    if plan is None:  # no schedule (it was stopped): the questionnaire's own label
        return a.why in {f"week {w}" for w in STUDY_WEEKS}
    zone = ZoneInfo(opening.tz)
    found = rows.of_client(store, opening.clinic_id, a.profile_id)
    others = [x.due_at.astimezone(zone).date() for x in found if x.id != a.id]
    return asks_later_signs(a.due_at.astimezone(zone).date(), plan.first_session, others)


def signs_of(store: Store, administration: Administration, *, later: bool) -> tuple[Question, ...]:
    """Return the warning signs the questionnaire's form asks its client: what the
    client's screening makes relevant, and what this form asked before (a "yes" kept
    as a screening must not take its question off the form)."""
    saved = administration.partial.get("flags", {})
    before = {*saved, *administration.red_flags}
    # A kept combination keeps its symptoms on the form; its "any of" parts (a cancer
    # history) stay only if the form asked them (they are in ``saved`` then).
    before |= {q for c in COMBINATIONS if c.id in before for q in (*c.needs_all, *c.needs_also)}
    # The form's own answers, kept as a screening, do not add questions to the same form
    # (the client would be refused for questions they never saw), but for one: a "yes"
    # that makes a combination relevant (cancer now) adds its parts, asked before the
    # form can be sent (review CLIN-7 item 3; docs/follow-up.md).
    before |= added_here(administration)
    stored = stored_answers(store, administration.profile_id)
    unseen = {q: v for q, v in stored.items() if q not in before}
    return signs_to_ask(unseen, before, later=later)


def _most_urgent(*verdicts: Verdict | None) -> Verdict | None:
    found = [v for v in verdicts if v is not None]
    return max(found, key=lambda v: v.severity) if found else None


def keep(
    store: Store, a: Administration, said: Mapping[str, bool], *, tz: str, now: datetime
) -> dict[str, object]:
    """Judge the warning signs ``said`` (question id -> "yes") and keep what stops.

    Return the questionnaire's values for its warning signs ({} when none was ever
    "yes"); when a new "yes" stops, they are written here with the screening it
    makes, in one transaction. A sign kept stays kept: a later "no" lowers nothing.
    """
    today = now.astimezone(ZoneInfo(tz)).date()
    judged = judge(stored_answers(store, a.profile_id), said, today=today)
    new = judged.findings if judged.verdict.is_stop else ()
    findings = sorted(set(a.red_flags) | set(new))
    if not findings:
        return {}
    urgency = _most_urgent(a.urgency, judged.verdict if new else None)
    assert urgency is not None
    values: dict[str, object] = {
        "red_flags": json.dumps(findings),
        "red_flag_at": a.red_flag_at or now,
        "red_flag_verdict": urgency.value,
    }
    if set(new) - set(a.red_flags):
        # A newer "yes" is a new alert: a contact recorded about the older one no longer
        # covers it (the audit log keeps that the contact was recorded).
        values |= dict.fromkeys(("contacted_at", "contacted_by_id", "contacted_by"), None)
        values["contact_note"] = None
        s = judged.screening
        record = ScreeningRecord(
            screened_on=s.screened_on,
            answers=s.answers,
            verdict=s.verdict.value,
            restrictions=tuple(sorted(r.value for r in s.restrictions)),
            answered_by=s.answered_by.value,
        )
        flags.keep_red_flags(store, a, values, record)
        # A screening stop ends a running N-of-1 trial early, as the client's own
        # screening would (services/safety.py).
        from backrub.services.trials import end_trial_of

        end_trial_of(store, a.profile_id, today=today)
    return values
