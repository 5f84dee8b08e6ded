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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from backrub.domain.inputs import parse_date, parse_text
from backrub.domain.restrictions import Restriction
from backrub.domain.rules import PRODUCT_DEFAULT
from backrub.errors import InvalidInput

NOT_A_MEDICAL_DEVICE = (
    "backrub informs and records; it does not diagnose or treat, "
    "and it does not replace a doctor, physiotherapist or other clinician."
)

YES_OR_NO = "choose yes or no"

# Sources of the device and massage contraindications: evidence.md §5.4 calls
# this list a conservative design choice; its rationale cites the haematoma and
# pulmonary embolism reports (ernst-2003) and the rhabdomyolysis case (chen-2021).
_DESIGN_CHOICE = (PRODUCT_DEFAULT, "ernst-2003", "chen-2021")


class Group(StrEnum):
    """What a question screens for."""

    CAUDA_EQUINA = "cauda_equina"
    CANCER = "cancer"
    INFECTION = "infection"
    FRACTURE = "fracture"
    NEURO = "neuro"
    CONTRAINDICATION = "contraindication"
    EPISODE = "episode"


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
class Question:
    """One yes/no screening question.

    ``finding`` names a "yes" in a few words. ``restrictions`` and ``because``
    apply only to contraindications: what a "yes" takes away from the plan, and
    why, in plain words.
    """

    id: str
    text: str
    finding: str
    group: Group
    sources: tuple[str, ...]
    restrictions: frozenset[Restriction] = frozenset()
    because: str = ""
    required: bool = True


def _q(
    id: str,
    text: str,
    finding: str,
    group: Group,
    sources: tuple[str, ...],
    restrictions: Iterable[Restriction] = (),
    because: str = "",
) -> Question:
    return Question(id, text, finding, group, sources, frozenset(restrictions), because)


_NO_GUN = Restriction.NO_MASSAGE_GUN
_NO_DEEP = Restriction.NO_DEEP_PRESSURE

QUESTIONS: tuple[Question, ...] = (
    # Possible cauda equina syndrome: gcare-red-flags A, ahcpr-1994, wording bass-2018.
    _q(
        "bladder_bowel_change",
        "Since your back pain started, have you had any new trouble with your bladder or "
        "bowels? For example not being able to pee, leaking, or not feeling when you need "
        "to go.",
        "New trouble with bladder or bowel control",
        Group.CAUDA_EQUINA,
        ("gcare-red-flags", "ahcpr-1994", "bass-2018"),
    ),
    _q(
        "saddle_numbness",
        "Is there numbness, tingling or a strange feeling around your genitals, back "
        "passage or inner thighs (the area that would touch a saddle)?",
        "Numbness or odd feeling around the genitals or back passage",
        Group.CAUDA_EQUINA,
        ("gcare-red-flags", "ahcpr-1994", "bass-2018"),
    ),
    _q(
        "both_legs_weak_or_numb",
        "Do both of your legs feel weak, numb or painful at the same time?",
        "Weakness, numbness or pain in both legs",
        Group.CAUDA_EQUINA,
        ("gcare-red-flags", "bass-2018"),
    ),
    _q(
        # gcare-red-flags and ahcpr-1994 list a severe or progressive deficit in the
        # legs, or a change in walking, under possible cauda equina: so an emergency.
        "progressive_weakness",
        "Is weakness in a leg or foot getting worse, or has your walking changed? For "
        "example your foot slaps or drops, or you trip more than usual.",
        "Leg or foot weakness that is getting worse, or a change in walking",
        Group.CAUDA_EQUINA,
        ("gcare-red-flags", "ahcpr-1994"),
    ),
    # Possible cancer.
    _q(
        "history_of_cancer",
        "Have you ever had cancer?",
        "A past cancer",
        Group.CANCER,
        ("gcare-red-flags", "ahcpr-1994"),
    ),
    _q(
        "unexplained_weight_loss",
        "Have you lost weight recently without trying?",
        "Weight loss without trying",
        Group.CANCER,
        ("gcare-red-flags", "ahcpr-1994"),
    ),
    _q(
        "night_pain_unrelieved",
        "Do you have pain at night that does not ease when you change position?",
        "Night pain that does not ease with a change of position",
        Group.CANCER,
        ("gcare-red-flags", "ahcpr-1994"),
    ),
    _q(
        "age_under_20_or_over_50_new_pain",
        "Are you under 20 or over 50, and is this back pain new for you?",
        "New back pain under 20 or over 50",
        Group.CANCER,
        ("gcare-red-flags", "ahcpr-1994"),
    ),
    # Possible infection.
    _q(
        "fever_or_chills",
        "Have you had a fever, chills or shivering fits along with the back pain?",
        "Fever, chills or shivering fits",
        Group.INFECTION,
        ("gcare-red-flags", "ahcpr-1994"),
    ),
    _q(
        "iv_drug_use_or_immunosuppressed",
        "Do you inject drugs, or is your immune system weakened? For example by HIV, an "
        "organ transplant, chemotherapy or long-term steroid tablets.",
        "Injecting drugs or a weakened immune system",
        Group.INFECTION,
        ("gcare-red-flags", "ahcpr-1994"),
    ),
    _q(
        "recent_bacterial_infection",
        "Have you recently had a bacterial infection, such as a urine infection, or a wound "
        "that went deep into the skin?",
        "A recent bacterial infection or deep wound",
        Group.INFECTION,
        ("gcare-red-flags", "ahcpr-1994"),
    ),
    # Possible fracture.
    _q(
        "major_trauma",
        "Did the pain start suddenly after a serious accident or fall, such as a car crash "
        "or a fall from a height?",
        "Pain that began after a serious accident or fall",
        Group.FRACTURE,
        ("gcare-red-flags", "ahcpr-1994"),
    ),
    _q(
        "minor_trauma_with_osteoporosis_or_steroids",
        "Did the pain start after a small fall, knock or lift, and do you have thin bones "
        "(osteoporosis) or take steroid tablets?",
        "Pain after a small fall or lift, with thin bones or steroid tablets",
        Group.FRACTURE,
        ("gcare-red-flags", "ahcpr-1994"),
    ),
    # Nerve problems that are not an emergency on their own.
    _q(
        "numbness_or_weakness_in_leg",
        "Is there numbness, pins and needles or weakness in one of your legs or feet?",
        "Numbness, pins and needles or weakness in one leg",
        Group.NEURO,
        ("gcare-red-flags", "ahcpr-1994"),
    ),
    # Contraindications: a conservative design choice (evidence.md §5.4).
    _q(
        "anticoagulants_or_bleeding_disorder",
        "Do you take blood thinners (such as warfarin, apixaban, rivaroxaban or clopidogrel) "
        "or have a condition that makes you bleed or bruise easily?",
        "Blood thinners or a bleeding disorder",
        Group.CONTRAINDICATION,
        _DESIGN_CHOICE,
        (_NO_GUN, _NO_DEEP),
        "you bleed or bruise more easily, and firm pressure or a massage gun can cause "
        "bruising and bleeding under the skin",
    ),
    _q(
        "dvt_or_clot_history",
        "Have you ever had a blood clot in a vein (a DVT) or in the lungs, or do you think "
        "you might have one now?",
        "A blood clot now or in the past",
        Group.CONTRAINDICATION,
        _DESIGN_CHOICE,
        (Restriction.NO_SELF_MASSAGE, Restriction.NO_PROFESSIONAL_MASSAGE),
        "massage over a clot could move it; a clot reaching the lungs after massage has "
        "been reported, so no massage of any kind until a clinician says it is safe",
    ),
    _q(
        "osteoporosis",
        "Have you been told you have thin bones (osteoporosis), or have you broken a bone "
        "from a small fall?",
        "Thin bones (osteoporosis)",
        Group.CONTRAINDICATION,
        (*_DESIGN_CHOICE, "gcare-red-flags"),
        (_NO_GUN, _NO_DEEP),
        "thin bones can break under hard pressure or percussion",
    ),
    _q(
        "pregnancy",
        "Are you pregnant, or might you be?",
        "Pregnancy",
        Group.CONTRAINDICATION,
        _DESIGN_CHOICE,
        (_NO_GUN,),
        "no massage gun while pregnant; professional massage only from a therapist you "
        "have told about the pregnancy",
    ),
    _q(
        "active_cancer",
        "Do you have cancer now, or are you being treated for it?",
        "Cancer now or under treatment",
        Group.CONTRAINDICATION,
        _DESIGN_CHOICE,
        (Restriction.CLINICIAN_FIRST,),
        "with cancer now or under treatment, your cancer team should say which kinds of "
        "massage are safe before you start",
    ),
    _q(
        "recent_surgery",
        "Have you had an operation in the last three months?",
        "An operation in the last three months",
        Group.CONTRAINDICATION,
        _DESIGN_CHOICE,
        (Restriction.CLINICIAN_FIRST,),
        "no massage near the operation site until your surgeon or clinician says it has "
        "healed enough",
    ),
    _q(
        "implanted_electronic_device",
        "Do you have an implanted electronic device, such as a pacemaker, defibrillator, "
        "nerve stimulator or pump?",
        "An implanted electronic device",
        Group.CONTRAINDICATION,
        _DESIGN_CHOICE,
        (_NO_GUN,),
        "a massage gun's vibration may disturb an implanted device",
    ),
    _q(
        "reduced_sensation",
        "Is feeling reduced anywhere on your back, buttocks or legs, for example from "
        "diabetes or nerve damage?",
        "Reduced feeling in the back, buttocks or legs",
        Group.CONTRAINDICATION,
        _DESIGN_CHOICE,
        (_NO_GUN, _NO_DEEP),
        "where you cannot feel well you cannot tell when pressure is too much",
    ),
    # Not a warning sign: it classifies the episode (see backrub.domain.episodes).
    _q(
        "leg_pain_below_knee",
        "Does your pain spread down a leg to below the knee?",
        "Leg pain below the knee",
        Group.EPISODE,
        ("nice-ng59",),
    ),
)

QUESTIONS_BY_ID: Mapping[str, Question] = {q.id: q for q in QUESTIONS}


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


def is_plan_allowed(screening: Screening, clearances: Iterable[Clearance]) -> bool:
    """Return whether a plan may be made after ``screening``.

    A stop stands until a clearance dated on or after the screening day: a
    clearance from before the warning signs were reported says nothing about them.
    """
    if not screening.is_stop:
        return True
    return any(c.cleared_on >= screening.screened_on for c in clearances)
