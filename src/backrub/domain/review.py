"""When to look again: screening again, and a plan that is not helping.

Two notes, each with its reason and sources; pure (the caller passes today):

* ``rescreen_due``: the safety questions are asked again every
  ``rescreen_weeks`` (a product default), and at once after a check-in that
  notes new leg symptoms, numbness or weakness on or after the day of the
  last screening (a same-day screening may have come before the check-in, so
  it is not taken to answer it);
* ``not_improving``: after ``not_improving_weeks`` of a plan, average pain
  in the last 7 days has not dropped by the minimal important change
  (``mic_nrs_points``, ostelo-2008) from the week the plan began: see a
  clinician. When to ask is a product default; the guideline behind massage
  (nice-ng59) considers it only as part of a package with exercise, and says
  nothing about this timing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from backrub.domain.records import CheckIn
from backrub.domain.rules import Rules, number, whole

__all__ = ["ReviewNote", "not_improving", "rescreen_due"]


@dataclass(frozen=True, slots=True)
class ReviewNote:
    """Something the person should do, in plain words, with where the rule comes from."""

    kind: str  # "rescreen" or "not_improving"
    words: str
    sources: tuple[str, ...]


def _day(checkin: CheckIn) -> date:
    return checkin.at.astimezone(ZoneInfo(checkin.tz)).date()


def _plural(n: float, word: str) -> str:
    text = f"{n:g}"
    return f"{text} {word}" if text == "1" else f"{text} {word}s"


def rescreen_due(
    *, screened_on: date, checkins: Sequence[CheckIn], today: date, rules: Rules
) -> ReviewNote | None:
    """Return why the safety questions should be answered again now, or ``None``."""
    noted = sorted(
        _day(c) for c in checkins if c.new_leg_symptoms and screened_on <= _day(c) <= today
    )
    if noted:
        return ReviewNote(
            "rescreen",
            f"On {noted[-1].isoformat()} you noted new leg symptoms, numbness or weakness: "
            "please answer the safety questions again now (if you already did after noting "
            "it, there is nothing more to do).",
            ("gcare-red-flags",),
        )
    rule = rules["rescreen_weeks"]
    weeks = whole(rules, rule.id)
    if today >= screened_on + timedelta(weeks=weeks):
        since = (today - screened_on).days // 7
        return ReviewNote(
            "rescreen",
            f"It is {_plural(since, 'week')} since you last answered the safety questions (on "
            f"{screened_on.isoformat()}): please answer them again. backrub asks every "
            f"{_plural(weeks, 'week')} ({rule.cite()}).",
            rule.sources,
        )
    return None


def _mean(values: Sequence[int]) -> float:
    return sum(values) / len(values)


def not_improving(
    *, plan_start: date, checkins: Sequence[CheckIn], today: date, rules: Rules
) -> ReviewNote | None:
    """Return a plain "see a clinician" note when pain has not improved enough, or ``None``.

    The baseline is the mean pain of check-ins in the week before the plan
    began (up to its first day), or failing that its first week; the latest is
    the mean of the last 7 days. Without check-ins in both, nothing is said.
    """
    rule = rules["not_improving_weeks"]
    weeks = whole(rules, rule.id)
    if today < plan_start + timedelta(weeks=weeks):
        return None
    days = [(_day(c), c.pain) for c in checkins if _day(c) <= today]
    before = [p for d, p in days if plan_start - timedelta(days=7) <= d <= plan_start]
    first = [p for d, p in days if plan_start <= d < plan_start + timedelta(days=7)]
    latest = [p for d, p in days if today - timedelta(days=6) <= d <= today]
    baseline = before or first
    if not baseline or not latest:
        return None
    mic = rules["mic_nrs_points"]
    start, now = _mean(baseline), _mean(latest)
    if start - now >= number(rules, mic.id):
        return None
    change = (
        f"from {start:.1f} to {now:.1f} of 10"
        if now < start
        else f"{start:.1f} of 10 then, {now:.1f} now"
    )
    return ReviewNote(
        "not_improving",
        f"After {_plural(weeks, 'week')} of your plan your pain has not improved by "
        f"{_plural(number(rules, mic.id), 'point')}, the smallest change that matters to a "
        f"person ({mic.cite()}): average pain {change} (the week the plan began against the "
        "last 7 days). Please see a doctor, physiotherapist or other clinician to review your "
        f"back pain and the plan. When to ask is a {rule.cite()}; massage is meant to sit "
        "beside exercise (nice-ng59).",
        (*rule.sources, *mic.sources, "nice-ng59"),
    )
