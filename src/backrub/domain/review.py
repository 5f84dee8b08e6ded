"""When to look again: screening again, and a plan that is not helping.

Two notes, each with its reason and sources; pure (the caller passes today):

* ``rescreen_due``: the safety questions are asked again every
  ``rescreen_weeks`` (a product default), and at once after a check-in that
  notes new leg symptoms, numbness or weakness on or after the day of the
  last screening (a same-day screening may have come before the check-in, so
  it is not taken to answer it);
* ``not_improving``: after ``not_improving_weeks`` (4, gcare-red-flags:
  "no improvement after 1 month") of a plan, pain has improved by neither 2
  points nor 30% (ostelo-2008), comparing the median of the first and of the
  last 7 check-in days since the plan began (the windows progress uses): see
  a clinician. The guideline behind massage (nice-ng59) considers it only as
  part of a package with exercise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from backrub.domain.change import change, first_and_last_week
from backrub.domain.instruments import get_instrument
from backrub.domain.records import CheckIn
from backrub.domain.rules import Rules, number, whole
from backrub.domain.words import counted
from backrub.domain.words import day as day_words
from backrub.domain.words import number as number_words
from backrub.i18n import N_, _

__all__ = ["LEG_SYMPTOMS_EMERGENCY", "ReviewNote", "not_improving", "rescreen_due"]

# Said at once after a check-in that notes new leg symptoms, on every face (CLI,
# web): the cauda equina signs that cannot wait for a new screening
# (gcare-red-flags, nhs-back-pain, bass-2018).
LEG_SYMPTOMS_EMERGENCY = N_(
    "If both legs are affected, weakness is getting worse, your walking has changed, your "
    "bladder or bowel control has changed, or you feel numb around your genitals or back "
    "passage, call your local emergency number or go to an emergency department now."
)

# From a baseline under 2 of 10 a 2-point drop is impossible, and a percent of
# so little says nothing: no "not improving" note (product default).
_LOWEST_BASELINE = 2.0


@dataclass(frozen=True, slots=True)
class ReviewNote:
    """Something the person should do, in plain words, with where the rule comes from."""

    kind: str  # "rescreen" or "not_improving"
    words: str
    sources: tuple[str, ...]


def _day(checkin: CheckIn) -> date:
    return checkin.at.astimezone(ZoneInfo(checkin.tz)).date()


def _plural(n: float, word: str) -> str:
    return counted(n, word)


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
            _(
                "On %(day)s you noted new leg symptoms, numbness or weakness: please answer "
                "the safety questions again now (if you already did after noting it, there "
                "is nothing more to do).",
                day=day_words(noted[-1]),
            ),
            ("gcare-red-flags",),
        )
    rule = rules["rescreen_weeks"]
    weeks = whole(rules, rule.id)
    if today >= screened_on + timedelta(weeks=weeks):
        since = (today - screened_on).days // 7
        return ReviewNote(
            "rescreen",
            _(
                "It is %(since)s since you last answered the safety questions (on %(day)s): "
                "please answer them again. backrub asks every %(weeks)s (%(cite)s).",
                since=_plural(since, "week"),
                day=day_words(screened_on),
                weeks=_plural(weeks, "week"),
                cite=rule.cite(),
            ),
            rule.sources,
        )
    return None


def not_improving(
    *, plan_start: date, checkins: Sequence[CheckIn], today: date, rules: Rules
) -> ReviewNote | None:
    """Return a plain "see a clinician" note when pain has not improved enough, or ``None``.

    Baseline and latest are the windows progress uses (``first_and_last_week``):
    the median of the first and of the last 7 days with a check-in since the
    plan began (each day the mean of its check-ins). "Not improved" means
    neither the minimal important change (2 points) nor the 30% rule
    (ostelo-2008), judged by ``backrub.domain.change.change``. Fewer than 14
    check-in days, or a baseline under 2 (where 2 points cannot be lost), say
    nothing.
    """
    rule = rules["not_improving_weeks"]
    weeks = whole(rules, rule.id)
    if today < plan_start + timedelta(weeks=weeks):
        return None
    by_day: dict[date, list[int]] = defaultdict(list)
    for c in checkins:
        if plan_start <= _day(c) <= today:
            by_day[_day(c)].append(c.pain)
    windows = first_and_last_week({d: sum(p) / len(p) for d, p in by_day.items()})
    if windows is None or windows[0] < _LOWEST_BASELINE:
        return None
    judged = change(get_instrument("nrs"), baseline=windows[0], latest=windows[1], rules=rules)
    if judged.is_responder_absolute or judged.is_responder_relative:
        return None
    mic, relative = judged.threshold, judged.relative
    by = f"{_plural(number(rules, mic.id), 'point')} ({mic.cite()})"
    if relative is not None:
        by = _(
            "%(points)s or %(percent)s%% (%(cite)s)",
            points=by,
            percent=number_words(number(rules, relative.id)),
            cite=relative.cite(),
        )
    return ReviewNote(
        "not_improving",
        _(
            "After %(weeks)s of your plan your pain has not improved by %(by)s, the smallest "
            "change that matters to a person. %(movement)s (The middle value of your first 7 "
            "days with a check-in since the plan began, against your last 7.) Please see a "
            "doctor, physiotherapist or other clinician to review your back pain and the "
            "plan. When to ask: %(cite)s; massage is meant to sit beside exercise "
            "(nice-ng59).",
            weeks=_plural(weeks, "week"),
            by=by,
            movement=judged.movement,
            cite=rule.cite(),
        ),
        (*rule.sources, *mic.sources, "nice-ng59"),
    )
