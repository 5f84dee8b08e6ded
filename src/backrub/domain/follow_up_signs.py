"""The warning signs a follow-up asks, and what a "yes" to them means (pure; review S6-3).

Every follow-up asks the screening's single questions of tier EMERGENCY and
SAME_DAY (``backrub.domain.red_flags``), and whether the client has been told
of cancer since (``active_cancer``, worded ``NEW_CANCER``, review CLIN-8 M5; unless
the stored screening says so already: a cancer found during the follow-up must
reach the cancer combinations, review CLIN-7 item 3);
the first questionnaires on or after weeks 12 and 24 also ask the "possible cancer" signs
``LATER_SIGNS`` (weight loss without trying, night pain). It also asks the parts of an emergency
or same-day *combination* that the client's stored screening makes relevant: a
combination is relevant when the stored screening answered "yes" to one of its
parts (a history of cancer, a past blood clot, a weakened immune system...);
its symptoms, and its other parts not yet "yes", are then asked. With a cancer
history that is new or worsening leg weakness, numbness or pain below the knee
of metastatic spinal cord compression (an emergency), and the worsening or
constant back pain, and the new or unassessed upper-back, night or straining
pain (``spinal_pain_new``, review CLIN-8 S1) of a possible spread to the spine
(same day). A "yes" on the form itself to a part that makes a
combination relevant (cancer now) adds its questions to the same form
(``services.follow_up_safety.signs_of``).

The answers are judged by the screening itself (``screen``) over the stored
answers with the follow-up's added: a stored "yes" is never taken back by a
follow-up "no" (a follow-up lowers nothing; only a new screening after being
seen does). What counts is the findings a follow-up "yes" takes part in; the
most urgent of them is the follow-up's verdict. A verdict that stops is kept as
a new screening, so the client's own plan stops as a screening would stop it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from backrub.domain.follow_up import STUDY_WEEKS
from backrub.domain.questions import Answer, Combination, Question, Tier
from backrub.domain.red_flags import COMBINATIONS, POSITION, QUESTIONS, QUESTIONS_BY_ID
from backrub.domain.screening import Screening, reread, screen
from backrub.domain.verdicts import TIER_VERDICT, Verdict
from backrub.errors import InvalidInput
from backrub.i18n import N_

__all__ = [
    "ALWAYS_ASKED",
    "ASKED_TIERS",
    "LATER_SIGNS",
    "Judged",
    "asks_later_signs",
    "judge",
    "parts",
    "signs_to_ask",
    "triggered",
]

ASKED_TIERS = (Tier.EMERGENCY, Tier.SAME_DAY)
# Asked on every follow-up (unless the stored screening said "yes"): a new cancer makes
# the cancer combinations relevant (nice-ng234; review CLIN-7 item 3).
ALWAYS_ASKED = ("active_cancer",)
# Asked at the 12- and 24-week questionnaires: "possible cancer" signs of gcare-red-flags,
# when "failure to improve after 1 month" may have come too (review CLIN-7 item 3).
LATER_SIGNS = ("unexplained_weight_loss", "night_pain_unrelieved")


def asks_later_signs(due: date, first_session: date, others: Collection[date]) -> bool:
    """Return whether a questionnaire due on ``due`` (the client's local day) asks
    ``LATER_SIGNS``: the first one on or after week 12, and again the first on or after
    week 24, whatever the schedule (review CLIN-8 M4); ``others``: the days the
    client's other questionnaires are due (one due the same day asks them too)."""
    for weeks in sorted(STUDY_WEEKS, reverse=True):
        mark = first_session + timedelta(weeks=weeks)
        if due >= mark:
            return not any(mark <= other < due for other in others)
    return False


def parts(combination: Combination) -> tuple[str, ...]:
    """Return every question a combination is made of."""
    return (*combination.needs_all, *combination.needs_any, *combination.needs_also)


def _to_ask(combination: Combination, yes: Collection[str]) -> tuple[str, ...]:
    """The parts of ``combination`` to ask, given the answers already "yes": the
    symptoms (``needs_also``) always, so the form does not change once one is "yes";
    the others while not yet "yes" (a history of cancer is not asked again)."""
    found = [qid for qid in combination.needs_all if qid not in yes]
    if combination.needs_any and not any(qid in yes for qid in combination.needs_any):
        found += combination.needs_any
    return (*found, *combination.needs_also)


def triggered(yes_here: Collection[str]) -> tuple[str, ...]:
    """Return the parts of every urgent combination that a "yes" on the form itself
    makes relevant (cancer now: the signs of spread to the spine), to ask on that form."""
    found: list[str] = []
    for combination in COMBINATIONS:
        if combination.tier in ASKED_TIERS and set(combination.needs_any) & set(yes_here):
            found += (*combination.needs_all, *combination.needs_also)
    return tuple(found)


def signs_to_ask(
    stored: Mapping[str, Answer], already: Collection[str] = (), *, later: bool = False
) -> tuple[Question, ...]:
    """Return the questions a follow-up asks a client whose latest screening is ``stored``
    (no screening: ``{}``), in the screening's order; ``already`` (the ones this form
    asked before) stay asked; ``later``: a 12- or 24-week questionnaire."""
    asked = {q.id for q in QUESTIONS if q.tier in ASKED_TIERS} | set(already)
    yes = {qid for qid, value in stored.items() if value is True}
    asked.update(qid for qid in ALWAYS_ASKED if qid not in yes)
    if later:
        asked.update(qid for qid in LATER_SIGNS if qid not in yes)
    for combination in COMBINATIONS:
        if combination.tier not in ASKED_TIERS or not yes.intersection(parts(combination)):
            continue
        asked.update(_to_ask(combination, yes))
    ids = sorted((qid for qid in asked if qid in QUESTIONS_BY_ID), key=POSITION.__getitem__)
    return tuple(_as_asked_here(QUESTIONS_BY_ID[qid], since=bool(stored)) for qid in ids)


# The follow-up asks about cancer since the last answers (review CLIN-8 M5): a cancer found
# and removed during the 24 weeks is not "cancer now", but it must reach the cancer
# combinations. A "yes" is kept as ``active_cancer``, the more cautious of the two (the
# same tier as a past cancer, and the cancer team says which massage is safe).
NEW_CANCER = N_(
    "Since your last answers, have you been told you have cancer, or been treated for it?"
)


def _as_asked_here(question: Question, *, since: bool) -> Question:
    """The question as the follow-up words it (``since``: there are earlier answers)."""
    if since and question.id == "active_cancer":
        return replace(question, text=NEW_CANCER)
    return question


@dataclass(frozen=True, slots=True)
class Judged:
    """What the follow-up's "yes" answers found, with the screening they make.

    ``findings`` are question and combination ids a follow-up "yes" takes part in;
    ``verdict`` the most urgent of them (CLEAR when none).
    """

    findings: tuple[str, ...]
    verdict: Verdict
    screening: Screening


def judge(stored: Mapping[str, Answer], said: Mapping[str, bool], *, today: date) -> Judged:
    """Judge a follow-up's answers ``said`` (question id -> yes) with the stored screening."""
    merged = dict(stored)
    for qid, value in said.items():
        if merged.get(qid) is not True:
            merged[qid] = value
    try:
        screening = screen(merged, today=today)
    except InvalidInput:
        # The stored screening is incomplete or older than today's questions: the same
        # judgement over what is known, a missing answer never read as "no".
        screening = reread(merged, today=today)
    yes = {qid for qid, value in said.items() if value}
    findings: list[str] = []
    verdict = Verdict.CLEAR
    for reason in screening.reasons:
        combination = next((c for c in COMBINATIONS if c.id == reason.question_id), None)
        involved = parts(combination) if combination is not None else (reason.question_id,)
        if not yes.intersection(involved):
            continue
        findings.append(reason.question_id)
        candidate = TIER_VERDICT[reason.tier]
        if candidate.severity > verdict.severity:
            verdict = candidate
    return Judged(tuple(findings), verdict, screening)
