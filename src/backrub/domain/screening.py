"""Screen for warning signs and contraindications before any massage advice.

The questions are data (``backrub.domain.red_flags``): each asks one thing,
has a tier of urgency and names its evidence. ``screen`` turns the answers
into a ``Screening`` whose ``Verdict`` is a gate, not a warning; the verdict is
the most urgent tier any answer or combination of answers calls for:

    STOP_EMERGENCY       call the local emergency number or go to an emergency department now
    STOP_SAME_DAY        an urgent appointment or an out-of-hours service today
    STOP_SEE_CLINICIAN   see a clinician within days, before any massage
    NOT_FOR_UNDER_18     backrub is for adults (a product default)
    RESTRICTED           a contraindication takes some kinds of massage away
    CLEAR                nothing found

An unanswered question is an error, never a "no": a silent default is how a
warning sign gets missed. One answer is enough for an emergency, though: a
screening with an emergency answer stands even when other questions are still
unanswered, because nothing else can make it more urgent. A stop stands until
a clinician's ``Clearance`` dated on or after the screening; under 18 no
clearance lifts it.
"""

from __future__ import annotations

__all__ = [
    "CLEAR_MESSAGE",
    "EMERGENCY_MESSAGE",
    "NOT_A_MEDICAL_DEVICE",
    "NOT_A_NO",
    "NO_TO_ALL",
    "QUESTIONS",
    "QUESTIONS_BY_ID",
    "RESTRICTED_MESSAGE",
    "SAME_DAY_MESSAGE",
    "SCRIPTED_NOTE",
    "SEE_CLINICIAN_MESSAGE",
    "UNDER_18_MESSAGE",
    "AgeBand",
    "AnsweredBy",
    "Clearance",
    "Group",
    "Question",
    "Reason",
    "Screening",
    "Tier",
    "Verdict",
    "earlier_verdict",
    "is_emergency",
    "parse_answer",
    "record_clearance",
    "reread",
    "screen",
    "shown_words",
    "verdict_of",
]

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from backrub.domain.inputs import parse_date, parse_text
from backrub.domain.red_flags import (
    AGE_BAND,
    COMBINATIONS,
    KNOWN_BY_ID,
    POSITION,
    QUESTIONS,
    QUESTIONS_BY_ID,
    UNDER_18_REASON,
    AgeBand,
    Answer,
    Combination,
    Group,
    Question,
    Tier,
    also_advised,
    emergency_action,
    emergency_why,
    shown_stop_words,
    shown_words,
    stop_words,
)
from backrub.domain.restrictions import Restriction
from backrub.domain.rules import PRODUCT_DEFAULT
from backrub.domain.typed_answers import parse_answer
from backrub.domain.verdicts import (
    AGE_CHOICES,
    CLEAR_MESSAGE,
    EMERGENCY_MESSAGE,
    FUTURE_DATE,
    NAME_THE_CLINICIAN,
    NOT_A_MEDICAL_DEVICE,
    NOT_A_NO,
    RESTRICTED_MESSAGE,
    SAME_DAY_MESSAGE,
    SCRIPTED_NOTE,
    SEE_CLINICIAN_MESSAGE,
    TIER_VERDICT,
    UNDER_18_MESSAGE,
    YES_OR_NO,
    AnsweredBy,
    Verdict,
    verdict_title,
)
from backrub.errors import InvalidInput

NO_TO_ALL: Mapping[str, Answer] = {
    q.id: AgeBand.AGE_20_50.value if q.is_choice else False for q in QUESTIONS
}
"""Every question answered "no", and the age band with no warning sign (20 to 50):
what ``screen --no-to-all`` gives for a script, and a clear screening in tests."""


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a screening came out as it did: one "yes" (or one combination), in plain words.

    ``question_id`` is the question's id, or the combination's id.
    """

    question_id: str
    words: str
    sources: tuple[str, ...]
    restrictions: frozenset[Restriction] = frozenset()
    tier: Tier = Tier.SOON

    @property
    def shown(self) -> str:
        """Return ``words`` in the person's language."""
        return shown_words(self.question_id, self.words)


@dataclass(frozen=True, slots=True)
class Screening:
    """The result of one screening; ``answers`` are in question order.

    ``complete`` is False when questions were left unanswered: only an
    emergency screening may be, or one stored before the questions changed.
    """

    screened_on: date
    answers: tuple[tuple[str, Answer], ...]
    verdict: Verdict
    reasons: tuple[Reason, ...]
    restrictions: frozenset[Restriction]
    complete: bool = True
    answered_by: AnsweredBy = AnsweredBy.PERSON

    @property
    def is_stop(self) -> bool:
        return self.verdict.is_stop

    @property
    def is_under_18(self) -> bool:
        return dict(self.answers).get(AGE_BAND) == AgeBand.UNDER_18.value

    @property
    def is_scripted(self) -> bool:
        return self.answered_by is AnsweredBy.SCRIPT

    @property
    def message(self) -> str:
        """Return what to do now, in English with its sources (JSON; faces: shown_message)."""
        return stop_words(self.verdict, {r.question_id for r in self.reasons})

    @property
    def shown_message(self) -> str:
        """Return what to do now, in the person's language, with the emergency number
        (and what the findings add: ``red_flags.shown_stop_words``)."""
        return shown_stop_words(self.verdict, {r.question_id for r in self.reasons})

    @property
    def shown_parts(self) -> tuple[str, str]:
        """Return what to do now and why (an emergency's signs, for "Why"; else "")."""
        if self.verdict is not Verdict.STOP_EMERGENCY:
            return self.shown_message, ""
        found = {r.question_id for r in self.reasons}
        return " ".join((emergency_action(found), *also_advised(found))), emergency_why(found)

    @property
    def title(self) -> str:
        """Return the title above this screening's result, in the person's language."""
        return verdict_title(self.verdict)

    @property
    def unanswered(self) -> tuple[str, ...]:
        """Return the ids of today's questions this screening did not answer."""
        given = {qid for qid, _ in self.answers}
        return tuple(q.id for q in QUESTIONS if q.id not in given)

    def answer(self, question_id: str) -> Answer:
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
        raise InvalidInput("cleared_on", cleared_on, FUTURE_DATE)
    who = parse_text("cleared_by", cleared_by, max_len=200)
    if who is None:
        raise InvalidInput("cleared_by", cleared_by, NAME_THE_CLINICIAN)
    return Clearance(day, who, parse_text("note", note))


def _known_ids() -> str:
    return "use one of: " + ", ".join(QUESTIONS_BY_ID)


def _check(question: Question, value: object) -> Answer:
    if question.is_choice:
        if not isinstance(value, str) or value not in {b.value for b in question.choices}:
            raise InvalidInput(question.id, value, AGE_CHOICES)
        return value
    if not isinstance(value, bool):
        raise InvalidInput(question.id, value, YES_OR_NO)
    return value


def _question_reason(question: Question) -> Reason:
    words = question.finding
    if question.because:
        words = f"{words}: {question.because}"
    return Reason(question.id, words, question.sources, question.restrictions, question.tier)


def _combination_reason(combination: Combination) -> Reason:
    return Reason(combination.id, combination.finding, combination.sources, tier=combination.tier)


def _reasons(answers: Mapping[str, Answer], *, earlier: bool = False) -> list[Reason]:
    reasons = [
        _question_reason(KNOWN_BY_ID[qid])
        for qid, value in answers.items()
        if value is True and KNOWN_BY_ID[qid].tier is not Tier.NONE
    ]
    met = [c for c in COMBINATIONS if c.is_met(answers, earlier=earlier)]
    reasons += [_combination_reason(c) for c in met]
    if answers.get(AGE_BAND) == AgeBand.UNDER_18.value:
        reasons.append(
            Reason(
                AGE_BAND,
                UNDER_18_REASON,
                (PRODUCT_DEFAULT,),
                tier=Tier.NONE,
            )
        )
    return reasons


def _verdict(answers: Mapping[str, Answer], reasons: Iterable[Reason]) -> Verdict:
    verdict = Verdict.CLEAR
    for reason in reasons:
        candidate = TIER_VERDICT[reason.tier]
        if candidate.severity > verdict.severity:
            verdict = candidate
    minor = answers.get(AGE_BAND) == AgeBand.UNDER_18.value
    if minor and Verdict.NOT_FOR_UNDER_18.severity > verdict.severity:
        verdict = Verdict.NOT_FOR_UNDER_18
    return verdict


def is_emergency(answers: Mapping[str, Answer]) -> bool:
    """Return whether the answers given so far already call for the emergency stop."""
    return any(r.tier is Tier.EMERGENCY for r in _reasons(_known(answers)))


def _known(answers: Mapping[str, Answer]) -> dict[str, Answer]:
    return {qid: v for qid, v in answers.items() if qid in KNOWN_BY_ID}


def _judge(
    answers: Mapping[str, Answer],
    today: date,
    answered_by: AnsweredBy,
    *,
    complete: bool,
    earlier: bool = False,
) -> Screening:
    given = tuple(sorted(answers.items(), key=lambda item: POSITION[item[0]]))
    reasons = _reasons(dict(given), earlier=earlier)
    # The most urgent reasons first, so a stop is the first thing a person reads.
    reasons.sort(key=lambda r: -r.tier.rank)
    restrictions = frozenset().union(*(r.restrictions for r in reasons))
    verdict = _verdict(answers, reasons)
    return Screening(today, given, verdict, tuple(reasons), restrictions, complete, answered_by)


def screen(
    answers: Mapping[str, Answer],
    *,
    today: date,
    answered_by: AnsweredBy = AnsweredBy.PERSON,
) -> Screening:
    """Return the screening for the answers given on ``today``.

    Every question must be answered, unless an answer already calls for the
    emergency stop: then the screening stands as it is, marked incomplete. A
    missing question otherwise raises ``InvalidInput`` naming it, and so does
    an unknown question id or an answer of the wrong kind. The verdict is the
    most severe any answer or combination calls for.
    """
    checked: dict[str, Answer] = {}
    for qid, value in answers.items():
        if qid not in QUESTIONS_BY_ID:
            raise InvalidInput("question", qid, _known_ids())
        checked[qid] = _check(QUESTIONS_BY_ID[qid], value)
    missing = [q.id for q in QUESTIONS if q.id not in checked]
    if missing and not is_emergency(checked):
        raise InvalidInput(missing[0], None, NOT_A_NO)
    return _judge(checked, today, answered_by, complete=not missing)


def reread(
    answers: Mapping[str, Answer],
    *,
    today: date,
    answered_by: AnsweredBy = AnsweredBy.PERSON,
    told: str | None = None,
) -> Screening:
    """Return a stored screening as today's rules read it.

    Stored answers may name questions earlier versions asked (each keeps the
    tier it had) and may leave today's questions unanswered: the screening is
    then marked incomplete, never read as "no". Unknown ids and wrong kinds of
    answer are refused as in ``screen``.

    ``told`` is the verdict kept with the stored screening (what the person was
    told). A screening kept before a combination's parts changed, which answered
    none of the new parts, is read with the parts it was asked when that reading
    gives the verdict it was told (review CLIN-7 item 2: a cancer history with an
    old leg "yes" stays an emergency stop until a new screening asks the new
    questions). A reading of answers not yet kept passes no ``told``.
    """
    checked: dict[str, Answer] = {}
    for qid, value in answers.items():
        if qid not in KNOWN_BY_ID:
            raise InvalidInput("question", qid, _known_ids())
        checked[qid] = _check(KNOWN_BY_ID[qid], value)
    complete = all(q.id in checked for q in QUESTIONS)
    found = _judge(checked, today, answered_by, complete=complete)
    if told is None or told == found.verdict.value:
        return found
    then = _judge(checked, today, answered_by, complete=complete, earlier=True)
    return then if then.verdict.value == told else found


# Before the tiers of urgency, these were "see a clinician" like every other red flag.
_EARLIER_TIER = {"major_trauma": Tier.SOON, "fever_or_chills": Tier.SOON}


def earlier_verdict(screening: Screening) -> Verdict:
    """Return the verdict the same answers had before the tiers of urgency.

    A backup written then carries that verdict; it is read again with today's.
    """
    tiers = [_EARLIER_TIER.get(r.question_id, r.tier) for r in screening.reasons]
    verdict = Verdict.CLEAR
    for tier in tiers:
        if TIER_VERDICT[tier].severity > verdict.severity:
            verdict = TIER_VERDICT[tier]
    return verdict


def verdict_of(finding_id: str) -> Verdict:
    """Return the verdict a "yes" to ``finding_id`` calls for on its own.

    ``finding_id`` is a question id (today's or a retired one), a
    combination's id, or the age band (whose only finding is under 18).
    ``backrub.domain.clearance`` asks this to tell a stop from a restriction,
    and a stop a clearance may lift from one that needs a new screening.
    """
    if finding_id == AGE_BAND:
        return Verdict.NOT_FOR_UNDER_18
    if finding_id in KNOWN_BY_ID:
        return TIER_VERDICT[KNOWN_BY_ID[finding_id].tier]
    for combination in COMBINATIONS:
        if combination.id == finding_id:
            return TIER_VERDICT[combination.tier]
    raise InvalidInput("question", finding_id, _known_ids())
