"""Screen for red flags and contraindications before any massage advice.

The questions are data: each has a stable id, plain words, a group and the
evidence it comes from. ``screen`` turns a full set of yes/no answers into a
``Screening`` whose ``Verdict`` is a gate, not a warning:

    STOP_EMERGENCY       possible cauda equina syndrome: emergency department now
    STOP_SEE_CLINICIAN   possible cancer, infection, fracture or nerve problem
    RESTRICTED           a contraindication takes some kinds of massage away
    CLEAR                nothing found

A stop stands until a clinician's ``Clearance`` dated on or after the
screening. An unanswered question is an error, never a "no": a silent default
is how a red flag gets missed.
"""

from __future__ import annotations

__all__ = [
    "EMERGENCY_MESSAGE",
    "NOT_A_MEDICAL_DEVICE",
    "QUESTIONS",
    "QUESTIONS_BY_ID",
    "Clearance",
    "Group",
    "Question",
    "Reason",
    "Screening",
    "Verdict",
    "is_plan_allowed",
    "parse_answer",
    "record_clearance",
    "screen",
    "verdict_of",
]

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from backrub.domain.inputs import parse_date, parse_text
from backrub.domain.red_flags import QUESTIONS, QUESTIONS_BY_ID, Group, Question
from backrub.domain.restrictions import Restriction
from backrub.errors import InvalidInput

NOT_A_MEDICAL_DEVICE = (
    "backrub informs and records; it does not diagnose or treat, "
    "and it does not replace a doctor, physiotherapist or other clinician."
)

YES_OR_NO = "choose yes or no"


class Verdict(StrEnum):
    """The outcome of a screening, from most to least severe."""

    STOP_EMERGENCY = "stop_emergency"
    STOP_SEE_CLINICIAN = "stop_see_clinician"
    RESTRICTED = "restricted"
    CLEAR = "clear"

    @property
    def severity(self) -> int:
        """Return 3 for an emergency down to 0 for clear; higher is more serious."""
        return _SEVERITY[self]

    @property
    def is_stop(self) -> bool:
        return self in (Verdict.STOP_EMERGENCY, Verdict.STOP_SEE_CLINICIAN)


_SEVERITY = {
    Verdict.STOP_EMERGENCY: 3,
    Verdict.STOP_SEE_CLINICIAN: 2,
    Verdict.RESTRICTED: 1,
    Verdict.CLEAR: 0,
}

_GROUP_VERDICT = {
    Group.CAUDA_EQUINA: Verdict.STOP_EMERGENCY,
    Group.CANCER: Verdict.STOP_SEE_CLINICIAN,
    Group.INFECTION: Verdict.STOP_SEE_CLINICIAN,
    Group.FRACTURE: Verdict.STOP_SEE_CLINICIAN,
    Group.NEURO: Verdict.STOP_SEE_CLINICIAN,
    Group.CONTRAINDICATION: Verdict.RESTRICTED,
    Group.EPISODE: Verdict.CLEAR,
}

EMERGENCY_MESSAGE = (
    "Go to an emergency department now. Do not wait to see if it passes, and do not "
    "massage. Back or leg pain together with a change in bladder or bowel control, "
    "numbness around the genitals or back passage, trouble in both legs, or leg weakness "
    "that is getting worse can mean the nerves at the base of the spine are being squeezed "
    "(cauda equina syndrome). That is an emergency. (bass-2018, gcare-red-flags, ahcpr-1994)"
)

SEE_CLINICIAN_MESSAGE = (
    "Please see a doctor or other clinician soon, within days, before any massage. "
    "Most people with these signs turn out not to have a serious cause, but a clinician "
    "should rule it out first. Bring this list with you. (gcare-red-flags, ahcpr-1994)"
)

RESTRICTED_MESSAGE = (
    "Some kinds of massage are not safe for you right now; backrub leaves them out of "
    "your plan. These limits are a cautious product default, not evidence: no guideline "
    "sets them. Ask your clinician if one of them does not fit you."
)

CLEAR_MESSAGE = (
    "No warning signs in your answers. Massage can sit beside staying active and "
    "exercise, not instead of them (nice-ng59). If anything on this list starts, stop "
    "and screen again."
)

_VERDICT_MESSAGE = {
    Verdict.STOP_EMERGENCY: EMERGENCY_MESSAGE,
    Verdict.STOP_SEE_CLINICIAN: SEE_CLINICIAN_MESSAGE,
    Verdict.RESTRICTED: RESTRICTED_MESSAGE,
    Verdict.CLEAR: CLEAR_MESSAGE,
}


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a screening came out as it did: one "yes" answer, in plain words."""

    question_id: str
    words: str
    sources: tuple[str, ...]
    restrictions: frozenset[Restriction] = frozenset()


@dataclass(frozen=True, slots=True)
class Screening:
    """The result of one screening; ``answers`` are in question order."""

    screened_on: date
    answers: tuple[tuple[str, bool], ...]
    verdict: Verdict
    reasons: tuple[Reason, ...]
    restrictions: frozenset[Restriction]

    @property
    def is_stop(self) -> bool:
        return self.verdict.is_stop

    @property
    def message(self) -> str:
        """Return what the person should do now, in plain words with its sources."""
        return _VERDICT_MESSAGE[self.verdict]

    def answer(self, question_id: str) -> bool:
        """Return the answer given to ``question_id``."""
        for qid, value in self.answers:
            if qid == question_id:
                return value
        raise InvalidInput("question", question_id, _known_ids())


@dataclass(frozen=True, slots=True)
class Clearance:
    """A clinician's go-ahead after a stop, as the person recorded it."""

    cleared_on: date
    cleared_by: str
    note: str | None = None


def record_clearance(
    cleared_on: object, cleared_by: object, note: object = None, *, today: date
) -> Clearance:
    """Return a clearance from typed values; a future date or a missing name is refused."""
    day = parse_date("cleared_on", cleared_on)
    if day > today:
        raise InvalidInput("cleared_on", cleared_on, "use a date on or before today")
    who = parse_text("cleared_by", cleared_by, max_len=200)
    if who is None:
        raise InvalidInput("cleared_by", cleared_by, "name the clinician who cleared you")
    return Clearance(day, who, parse_text("note", note))


def _known_ids() -> str:
    return "use one of: " + ", ".join(QUESTIONS_BY_ID)


def parse_answer(question_id: str, text: object) -> bool:
    """Return the answer typed for ``question_id``: yes/no, y/n, true/false or 1/0."""
    if isinstance(text, bool):
        return text
    word = str(text).strip().lower()
    if word in ("yes", "y", "true", "1"):
        return True
    if word in ("no", "n", "false", "0"):
        return False
    raise InvalidInput(question_id, text, YES_OR_NO)


def _reason(question: Question) -> Reason:
    words = question.finding
    if question.because:
        words = f"{words}: {question.because}"
    return Reason(question.id, words, question.sources, question.restrictions)


def screen(answers: Mapping[str, bool], *, today: date) -> Screening:
    """Return the screening for a full set of yes/no answers given on ``today``.

    Every required question must be answered; a missing one raises
    ``InvalidInput`` naming it, and so does an unknown question id or an answer
    that is not a bool. The verdict is the most severe any "yes" calls for.
    """
    for qid in answers:
        if qid not in QUESTIONS_BY_ID:
            raise InvalidInput("question", qid, _known_ids())
    given: list[tuple[str, bool]] = []
    for question in QUESTIONS:
        if question.id not in answers:
            if question.required:
                raise InvalidInput(
                    question.id, None, "answer yes or no; an unanswered question is not a no"
                )
            continue
        value = answers[question.id]
        if not isinstance(value, bool):
            raise InvalidInput(question.id, value, YES_OR_NO)
        given.append((question.id, value))

    verdict = Verdict.CLEAR
    reasons: list[Reason] = []
    restrictions: set[Restriction] = set()
    for qid, value in given:
        question = QUESTIONS_BY_ID[qid]
        if not value or question.group is Group.EPISODE:
            continue
        reasons.append(_reason(question))
        restrictions |= question.restrictions
        candidate = _GROUP_VERDICT[question.group]
        if candidate.severity > verdict.severity:
            verdict = candidate
    # The most urgent reasons first, so a stop is the first thing a person reads.
    reasons.sort(key=lambda r: -_GROUP_VERDICT[QUESTIONS_BY_ID[r.question_id].group].severity)
    return Screening(today, tuple(given), verdict, tuple(reasons), frozenset(restrictions))


def verdict_of(question_id: str) -> Verdict:
    """Return the verdict a "yes" to ``question_id`` calls for on its own.

    ``backrub.domain.clearance`` asks this to tell a stop from a restriction
    and an emergency (never cleared in the app) from the rest.
    """
    if question_id not in QUESTIONS_BY_ID:
        raise InvalidInput("question", question_id, _known_ids())
    return _GROUP_VERDICT[QUESTIONS_BY_ID[question_id].group]


def is_plan_allowed(screening: Screening, clearances: Iterable[Clearance]) -> bool:
    """Return whether a plan may be made after ``screening``.

    A stop stands until a clearance dated on or after the screening day: a
    clearance from before the warning signs were reported says nothing about them.
    """
    if not screening.is_stop:
        return True
    return any(c.cleared_on >= screening.screened_on for c in clearances)
