"""The screening questions as data: warning signs, contraindications and the episode.

Each question asks one thing, in plain words of our own, has a tier of
urgency (``backrub.domain.questions``) and names the evidence it comes from;
contraindications also say what a "yes" takes away from the plan, and why.
``COMBINATIONS`` are warning signs made of several answers (a suspected clot
with breathlessness; new pain under 20 or over 50). ``RETIRED`` questions are
older versions' (``backrub.domain.retired_questions``). docs/safety.md lists
them all; ``backrub.domain.screening`` turns answers into a verdict.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from backrub.domain.cancer_signs import NERVE_SIGNS, SPINAL_SIGNS
from backrub.domain.emergency import with_number
from backrub.domain.escalation import SAME_DAY_ACTION, same_day_parts, shown_escalations
from backrub.domain.massage_limits import MASSAGE_LIMITS
from backrub.domain.questions import (
    AGE_BAND,
    RED_FLAGS,
    AgeBand,
    Answer,
    Combination,
    Group,
    Question,
    Tier,
)
from backrub.domain.retired_questions import RETIRED
from backrub.domain.rules import PRODUCT_DEFAULT
from backrub.domain.verdicts import (
    CAUDA_EQUINA_WHY,
    EMERGENCY_WHY,
    OTHER_EMERGENCY_WHY,
    SPINAL_CORD_WHY,
    VERDICT_MESSAGE,
    Verdict,
    verdict_action,
    verdict_message,
)
from backrub.domain.warning_signs import NOT_YET_SEEN, WARNING_SIGNS
from backrub.i18n import N_, _

__all__ = [
    "AGE_BAND",
    "BREATHLESS_NOW_LINE",
    "CANCER_ALONE_MESSAGE",
    "CANCER_SPINE_LINE",
    "CANCER_TEAM_LINE",
    "COMBINATIONS",
    "KNOWN_BY_ID",
    "NOT_YET_SEEN",
    "POSITION",
    "QUESTIONS",
    "QUESTIONS_BY_ID",
    "RETIRED",
    "UNDER_18_REASON",
    "AgeBand",
    "Answer",
    "Combination",
    "Group",
    "Question",
    "Tier",
    "also_advised",
    "answered_labels",
    "cancer_alone",
    "emergency_why",
    "shown_same_day_action",
    "shown_stop_words",
    "shown_words",
    "stop_words",
]

_E, _D, _S, _R, _N = Tier.EMERGENCY, Tier.SAME_DAY, Tier.SOON, Tier.RESTRICT, Tier.NONE

QUESTIONS: tuple[Question, ...] = (*WARNING_SIGNS, *MASSAGE_LIMITS)

_CANCER = ("history_of_cancer", "active_cancer")

COMBINATIONS: tuple[Combination, ...] = (
    Combination(
        # nice-ng234 (and CG75 before it): with cancer, limb weakness, radicular pain,
        # walking difficulty or sensory loss is an oncological emergency. Asked as new,
        # getting worse or not yet seen (review CLIN-7 item 2): a stable, assessed sign is
        # not "suggestive of MSCC". Walking and bladder changes are emergencies alone.
        "cancer_with_nerve_signs",
        N_(
            "Cancer now or in the past with weakness, numbness or pain down a leg that is new, "
            "getting worse or not yet seen by a doctor: the spinal cord or nerves may be "
            "pressed on (metastatic spinal cord compression)"
        ),
        _E,
        ("nice-ng234",),
        needs_all=(),
        needs_any=_CANCER,
        needs_also=NERVE_SIGNS,
        # A screening kept before these questions, told "emergency" for one of these
        # answers, stays so until a new screening asks the new ones (docs/safety.md).
        earlier_also=("leg_weakness", "leg_numbness", "leg_pain_below_knee", "reduced_sensation"),
        label=N_("Cancer now or in the past, with weakness, numbness or pain in a leg"),
    ),
    Combination(
        # nice-ng234: with cancer, thoracic pain, progressive or severe unremitting lower
        # spinal pain, night pain preventing sleep or pain worse on straining needs the
        # specialist team within 24 hours: the same day. Localised tenderness is left
        # out: a person cannot examine their own spine (docs/safety.md).
        "cancer_with_spinal_pain",
        N_(
            "Cancer now or in the past with back pain that is getting worse or there all the "
            "time, or with pain between the shoulder blades, at night or on coughing or "
            "straining that is new, getting worse or not yet seen by a doctor: a possible "
            "spread of cancer to the spine"
        ),
        _D,
        ("nice-ng234",),
        needs_all=(),
        needs_any=_CANCER,
        # Asked as new, getting worse or not yet seen (review CLIN-8 S1): pain on coughing
        # or at night is common in ordinary back pain, and a same-day stop cannot be
        # cleared; the plain questions keep their own "within days" tier.
        needs_also=SPINAL_SIGNS,
        # A screening kept before spinal_pain_new, told "same day" for one of these
        # answers, stays so until a new screening asks the new one (docs/safety.md).
        earlier_also=("upper_back_pain", "night_pain_unrelieved", "pain_worse_on_straining"),
        label=N_("Cancer now or in the past, with back pain that is new or getting worse"),
    ),
    Combination(
        "clot_with_breathlessness",
        N_(
            "A possible blood clot in a leg with sudden shortness of breath: a clot may have "
            "reached the lungs"
        ),
        _E,
        ("nhs-dvt",),
        needs_all=("leg_clot_signs", "sudden_breathlessness"),
        label=N_("A possible blood clot in a leg, with sudden shortness of breath"),
    ),
    Combination(
        "breathlessness_with_upper_back_pain",
        N_(
            "Sudden shortness of breath with pain high in the back: a clot in the lungs is possible"
        ),
        _E,
        ("nhs-pe",),
        needs_all=("sudden_breathlessness", "upper_back_pain"),
        label=N_("Sudden shortness of breath, with pain high in the back"),
    ),
    Combination(
        # nhs-pe does not name a past clot: emergency is a cautious product default.
        "breathlessness_with_past_clot",
        N_(
            "Sudden shortness of breath after a blood clot in the past: a clot may have "
            "come back and reached the lungs"
        ),
        _E,
        ("nhs-pe", PRODUCT_DEFAULT),
        needs_all=("sudden_breathlessness", "past_blood_clot"),
        label=N_("Sudden shortness of breath, after a blood clot in the past"),
    ),
    Combination(
        "fever_with_drugs_or_weak_immunity",
        N_(
            "A high temperature or chills with injected drugs or a weakened immune system: "
            "a possible spinal infection"
        ),
        _D,
        (*RED_FLAGS, "nhs-back-pain"),
        needs_all=("fever_or_chills",),
        needs_any=("injects_drugs", "weakened_immunity"),
        label=N_("A high temperature or chills, with injected drugs or a weakened immune system"),
    ),
    Combination(
        "new_pain_under_20_or_over_50",
        N_("Back pain that is new, under 20 or over 50"),
        _S,
        RED_FLAGS,
        needs_all=("new_back_pain",),
        ages=frozenset({AgeBand.UNDER_18, AgeBand.AGE_18_19, AgeBand.OVER_50}),
    ),
    Combination(
        "small_fall_with_thin_bones_or_steroids",
        N_(
            "Pain after a small fall, knock or lift, with thin bones or long-term steroid "
            "tablets: a possible fracture"
        ),
        _S,
        RED_FLAGS,
        needs_all=("minor_fall_or_lift",),
        needs_any=("osteoporosis", "fragility_fracture", "long_term_steroids"),
        label=N_("Pain after a small fall, knock or lift, with thin bones or steroid tablets"),
    ),
    Combination(
        "inflammatory_back_pain",
        N_(
            "Morning stiffness over 30 minutes that eases with movement, in back pain that "
            "began before 45: features of inflammatory back pain (such as axial "
            "spondyloarthritis)"
        ),
        _S,
        ("nice-ng65", "rudwaleit-2006"),
        needs_all=("morning_stiffness_over_30_min", "eases_with_movement", "began_before_45"),
        label=N_(
            "Long morning stiffness that eases with movement, in back pain that began before 45"
        ),
    ),
)

# Questions earlier versions asked. They are never asked again, but a stored
# screening that answered them keeps the tier and limits they had then.
QUESTIONS_BY_ID: Mapping[str, Question] = {q.id: q for q in QUESTIONS}
KNOWN_BY_ID: Mapping[str, Question] = {q.id: q for q in (*QUESTIONS, *RETIRED)}
# Where each question comes in the order every version asked them.
POSITION: Mapping[str, int] = {qid: n for n, qid in enumerate(KNOWN_BY_ID)}

UNDER_18_REASON = N_("Under 18: backrub is not made for you")

# nice-ng234: with cancer, signs of spinal cord compression go to the acute oncology or
# MSCC team at once; beside the emergency number (review CLIN-7 item 12).
CANCER_TEAM_LINE = N_(
    "If your cancer team gave you a 24-hour number, call it as well (nice-ng234)."
)
# nice-ng234 (CG75 key priorities): with cancer and spinal pain, the MSCC coordinator or
# acute oncology team within 24 hours, and tell the person which symptoms of spinal cord
# compression mean acting at once (review CLIN-8 S4).
CANCER_SPINE_LINE = N_(
    "If your cancer team gave you a 24-hour number, call it today and tell them about this "
    "back pain. If weakness, numbness, pain down a leg, difficulty walking, or a change in "
    "bladder or bowel control starts, call your local emergency number now (nice-ng234)."
)
# Sudden breathlessness alone is a same-day stop (an urgent GP appointment or 111); the
# NHS page says 999 or A&E if breathing is severely difficult or the heart beats very
# fast (nhs-pe; review 10, M5). With a sign of a clot it is an emergency already.
BREATHLESS_NOW_LINE = N_(
    "If your breathing is very hard now, or your heart is beating very fast, do not wait: "
    "call your local emergency number now (nhs-pe)."
)
_BREATHLESS_EMERGENCIES = frozenset(
    {
        "clot_with_breathlessness",
        "breathlessness_with_upper_back_pain",
        "breathlessness_with_past_clot",
    }
)
# A "yes" to cancer, and no other stop: not "most people with these signs turn out not to
# have a serious cause" (review CLIN-8 S5); the restriction of active_cancer says why.
CANCER_ALONE_MESSAGE = N_(
    "Please see your cancer team, your doctor or another clinician soon, within days, "
    "before any massage: tell them about your back pain, and ask them which kinds of "
    "massage are safe for you. backrub leaves massage out until a clinician has cleared "
    "it. (gcare-red-flags, nice-ng234)"
)


# Emergencies where the ambulance services say to call, not to make your own way to an
# emergency department: chest pain, a possible clot in the lungs, a serious injury
# (review S9-1). For the others (cauda equina, a spread of cancer to the spine) the
# NHS says to call the number or go to an emergency department.
CALL_AN_AMBULANCE = frozenset(
    {
        "chest_pain",
        "major_trauma",
        "clot_with_breathlessness",
        "breathlessness_with_upper_back_pain",
        "breathlessness_with_past_clot",
    }
)


def call_an_ambulance(findings: Collection[str]) -> bool:
    """Return whether these findings call for an ambulance rather than a lift to hospital."""
    return not CALL_AN_AMBULANCE.isdisjoint(findings)


def also_advised(findings: Collection[str]) -> tuple[str, ...]:
    """Return the advice some findings add to their verdict's words, in the person's
    language: the cancer team's 24-hour line beside the emergency number, and with a
    possible spread to the spine which symptoms mean calling it now; with sudden
    breathlessness alone, when not to wait for the same-day appointment (both, if both)."""
    return tuple(_(line) for line in _advised(findings))


def _advised(findings: Collection[str]) -> tuple[str, ...]:
    """``also_advised``'s lines in English (the JSON's ``message``)."""
    lines = []
    if "cancer_with_nerve_signs" in findings:
        lines.append(CANCER_TEAM_LINE)
    elif "cancer_with_spinal_pain" in findings:
        lines.append(CANCER_SPINE_LINE)
    if "sudden_breathlessness" in findings and _BREATHLESS_EMERGENCIES.isdisjoint(findings):
        lines.append(BREATHLESS_NOW_LINE)
    return tuple(lines)


def _tier_of(finding_id: str) -> Tier | None:
    if finding_id in KNOWN_BY_ID:
        return KNOWN_BY_ID[finding_id].tier
    return next((c.tier for c in COMBINATIONS if c.id == finding_id), None)


def cancer_alone(findings: Collection[str]) -> bool:
    """Return whether a "within days" stop stands on a cancer answer alone (no other
    sign of that tier or above): its words are then CANCER_ALONE_MESSAGE."""
    stops = {f for f in findings if (t := _tier_of(f)) is not None and t.rank >= Tier.SOON.rank}
    return bool(stops) and stops <= set(_CANCER)


def stop_words(verdict: Verdict, findings: Collection[str]) -> str:
    """Return what a verdict tells the person to do, in English with its sources: the
    verdict's own words; for a cancer answer alone CANCER_ALONE_MESSAGE; for a same-day
    stop its action and the signs of getting worse that fit the findings (escalation)."""
    if verdict is Verdict.STOP_SEE_CLINICIAN and cancer_alone(findings):
        return CANCER_ALONE_MESSAGE
    if verdict is Verdict.STOP_SAME_DAY:
        action, *worse = same_day_parts(findings, _same_day_sources(findings))
        return " ".join((action, *_advised(findings), *worse))  # as shown_stop_words
    return VERDICT_MESSAGE[verdict]


def shown_stop_words(verdict: Verdict, findings: Collection[str]) -> str:
    """Return what a verdict tells the person to do, in their language, with the
    emergency number wherever the words say to call it, and the advice the findings add
    (``also_advised``); a same-day stop with its own signs of getting worse (review 10, M4)."""
    if verdict is Verdict.STOP_SAME_DAY:
        said = (shown_same_day_action(findings), *also_advised(findings))
        return with_number(" ".join((*said, *shown_escalations(findings))))
    own = stop_words(verdict, findings)
    words = verdict_message(verdict) if own == VERDICT_MESSAGE[verdict] else _(own)
    return " ".join((words, *also_advised(findings)))


def shown_same_day_action(findings: Collection[str]) -> str:
    """Return what a same-day stop says to do today, in the person's language, cited
    with the sources of the findings that stop the same day (not the lines for getting
    worse: ``escalation.shown_escalations``)."""
    sources = _same_day_sources(findings)
    action = _(SAME_DAY_ACTION)
    return f"{action} ({', '.join(sources)})" if sources else action


def _same_day_sources(findings: Collection[str]) -> tuple[str, ...]:
    known = {c.id: c.sources for c in COMBINATIONS} | {k: q.sources for k, q in KNOWN_BY_ID.items()}
    same_day = sorted((f for f in findings if _tier_of(f) is Tier.SAME_DAY), key=str)
    return tuple(dict.fromkeys(s for f in same_day for s in known[f] if s != PRODUCT_DEFAULT))


def _why_part(finding_id: str) -> str:
    if finding_id == "cancer_with_nerve_signs":
        return SPINAL_CORD_WHY
    known = KNOWN_BY_ID.get(finding_id)
    return CAUDA_EQUINA_WHY if known and known.group is Group.CAUDA_EQUINA else OTHER_EMERGENCY_WHY


def emergency_why(findings: Collection[str]) -> str:
    """Return why an emergency stops, in the person's language: the signs of each kind
    of emergency with their sources, the kinds of the person's own emergency answers
    first (review S9: not cauda equina first after a "yes" to chest pain alone)."""
    own = {_why_part(f) for f in findings if _tier_of(f) is Tier.EMERGENCY}
    ordered = sorted(EMERGENCY_WHY, key=lambda part: part not in own)  # stable
    return " ".join(_(part) for part in ordered)


def emergency_action(findings: Collection[str]) -> str:
    """Return what an emergency says to do now, in the person's language, with the number:
    for chest pain, a clot in the lungs or an injury, an ambulance only (review 10, M2)."""
    return verdict_action(Verdict.STOP_EMERGENCY, ambulance=call_an_ambulance(findings))


def answered_labels(findings: Sequence[str]) -> tuple[str, ...]:
    """Return a stop's findings in a few words each, in the person's language and in
    the order given: what a stop's banner lists under "You answered yes to:". A
    combination is named by its label, and an answer that is part of a combination
    listed is not listed again (review S9); the clinical terms are said under "Why"."""
    met = {c.id: c for c in COMBINATIONS if c.id in findings}
    inside = frozenset().union(*(c.parts for c in met.values()))
    return tuple(_label(f, met) for f in findings if f not in inside)


def _label(finding_id: str, met: Mapping[str, Combination]) -> str:
    if finding_id in met:
        return met[finding_id].shown_label
    if finding_id in KNOWN_BY_ID:
        return KNOWN_BY_ID[finding_id].shown_finding
    return shown_words(finding_id, finding_id)


def shown_words(finding_id: str, words: str) -> str:
    """Return the words of a finding (a question, a combination or under 18) in the
    person's language; ``words`` are its English words, shown as they are if unknown."""
    if finding_id == AGE_BAND:
        return _(UNDER_18_REASON)
    if finding_id in KNOWN_BY_ID:
        return KNOWN_BY_ID[finding_id].shown_reason
    for combination in COMBINATIONS:
        if combination.id == finding_id:
            return combination.shown_finding
    return _(words)
