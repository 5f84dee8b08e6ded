"""The questions that limit massage rather than stop it, and the episode's leg pain.

A "yes" takes kinds of massage out of the plan (a conservative design choice,
evidence.md §5.4). ``backrub.domain.red_flags`` puts every question together.
"""

from __future__ import annotations

from backrub.domain.questions import (
    BLEEDING,
    CLOT,
    DESIGN_CHOICE,
    NO_DEEP,
    NO_GUN,
    NO_MASSAGE,
    RED_FLAGS,
    THIN_BONES,
    Group,
    Question,
    Tier,
    question,
)
from backrub.domain.restrictions import Restriction

_E, _D, _S, _R, _N = Tier.EMERGENCY, Tier.SAME_DAY, Tier.SOON, Tier.RESTRICT, Tier.NONE

MASSAGE_LIMITS: tuple[Question, ...] = (
    # --- massage with limits: a conservative design choice (evidence.md §5.4).
    question(
        "blood_thinners",
        "Do you take a medicine that thins the blood, such as warfarin, apixaban, "
        "rivaroxaban, clopidogrel or aspirin?",
        "Blood-thinning medicine",
        Group.CONTRAINDICATION,
        _R,
        DESIGN_CHOICE,
        (NO_GUN, NO_DEEP),
        BLEEDING,
    ),
    question(
        "bleeding_disorder",
        "Do you have a condition that makes you bleed or bruise easily?",
        "A bleeding disorder",
        Group.CONTRAINDICATION,
        _R,
        DESIGN_CHOICE,
        (NO_GUN, NO_DEEP),
        BLEEDING,
    ),
    question(
        "past_blood_clot",
        "Have you ever had a blood clot in a vein (a DVT) or in the lungs?",
        "A blood clot in the past",
        Group.CONTRAINDICATION,
        _R,
        DESIGN_CHOICE,
        NO_MASSAGE,
        CLOT,
    ),
    question(
        "osteoporosis",
        "Have you been told you have thin bones (osteoporosis)?",
        "Thin bones (osteoporosis)",
        Group.CONTRAINDICATION,
        _R,
        (*DESIGN_CHOICE, "gcare-red-flags"),
        (NO_GUN, NO_DEEP),
        THIN_BONES,
    ),
    question(
        "fragility_fracture",
        "Have you ever broken a bone from a small fall, such as a fall from standing?",
        "A bone broken in a small fall",
        Group.CONTRAINDICATION,
        _R,
        (*DESIGN_CHOICE, "gcare-red-flags"),
        (NO_GUN, NO_DEEP),
        THIN_BONES,
    ),
    question(
        "pregnancy",
        "Are you pregnant, or might you be?",
        "Pregnancy",
        Group.CONTRAINDICATION,
        _R,
        DESIGN_CHOICE,
        (NO_GUN, Restriction.NO_FACE_DOWN),
        "no massage gun and no lying face down or pressure on the belly while pregnant; ask "
        "your midwife or doctor first, and have professional massage only from a therapist "
        "you have told about the pregnancy",
    ),
    question(
        "active_cancer",
        "Do you have cancer now, or are you being treated for it?",
        "Cancer now or under treatment",
        Group.CONTRAINDICATION,
        # At least "within days": a past cancer alone is (gcare-red-flags), so cancer
        # now cannot be less. Its restriction stays once a clinician has cleared it.
        _S,
        (*DESIGN_CHOICE, *RED_FLAGS),
        (Restriction.CLINICIAN_FIRST,),
        "with cancer now or under treatment, your cancer team should say which kinds of "
        "massage are safe before you start",
    ),
    question(
        "recent_surgery",
        "Have you had an operation in the last three months?",
        "An operation in the last three months",
        Group.CONTRAINDICATION,
        _R,
        DESIGN_CHOICE,
        (Restriction.CLINICIAN_FIRST,),
        "no massage near the operation site until your surgeon or clinician says it has "
        "healed enough",
    ),
    question(
        "implanted_electronic_device",
        "Do you have an implanted electronic device, such as a pacemaker, defibrillator, "
        "nerve stimulator or pump?",
        "An implanted electronic device",
        Group.CONTRAINDICATION,
        _R,
        DESIGN_CHOICE,
        (NO_GUN,),
        "a massage gun's vibration may disturb an implanted device",
    ),
    question(
        "reduced_sensation",
        "Is feeling reduced anywhere on your back, buttocks or legs, for example from "
        "diabetes or nerve damage?",
        "Reduced feeling in the back, buttocks or legs",
        Group.CONTRAINDICATION,
        _R,
        DESIGN_CHOICE,
        (NO_GUN, NO_DEEP),
        "where you cannot feel well you cannot tell when pressure is too much",
    ),
    # Not a warning sign: it classifies the episode (see backrub.domain.episodes).
    question(
        "leg_pain_below_knee",
        "Does your pain spread down a leg to below the knee?",
        "Leg pain below the knee",
        Group.EPISODE,
        _N,
        ("nice-ng59",),
    ),
)
