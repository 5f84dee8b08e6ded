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
from backrub.i18n import N_

_E, _D, _S, _R, _N = Tier.EMERGENCY, Tier.SAME_DAY, Tier.SOON, Tier.RESTRICT, Tier.NONE

MASSAGE_LIMITS: tuple[Question, ...] = (
    # --- massage with limits: a conservative design choice (evidence.md §5.4).
    question(
        "blood_thinners",
        N_(
            "Do you take a medicine that thins the blood, such as warfarin, apixaban, "
            "rivaroxaban, clopidogrel or aspirin?"
        ),
        N_("Blood-thinning medicine"),
        Group.CONTRAINDICATION,
        _R,
        DESIGN_CHOICE,
        (NO_GUN, NO_DEEP),
        BLEEDING,
    ),
    question(
        "bleeding_disorder",
        N_("Do you have a condition that makes you bleed or bruise easily?"),
        N_("A bleeding disorder"),
        Group.CONTRAINDICATION,
        _R,
        DESIGN_CHOICE,
        (NO_GUN, NO_DEEP),
        BLEEDING,
    ),
    question(
        "past_blood_clot",
        N_("Have you ever had a blood clot in a vein (a DVT) or in the lungs?"),
        N_("A blood clot in the past"),
        Group.CONTRAINDICATION,
        _R,
        DESIGN_CHOICE,
        NO_MASSAGE,
        CLOT,
    ),
    question(
        "osteoporosis",
        N_("Have you been told you have thin bones (osteoporosis)?"),
        N_("Thin bones (osteoporosis)"),
        Group.CONTRAINDICATION,
        _R,
        (*DESIGN_CHOICE, "gcare-red-flags"),
        (NO_GUN, NO_DEEP),
        THIN_BONES,
    ),
    question(
        "fragility_fracture",
        N_("Have you ever broken a bone from a small fall, such as a fall from standing?"),
        N_("A bone broken in a small fall"),
        Group.CONTRAINDICATION,
        _R,
        (*DESIGN_CHOICE, "gcare-red-flags"),
        (NO_GUN, NO_DEEP),
        THIN_BONES,
    ),
    question(
        "pregnancy",
        N_("Are you pregnant, or might you be?"),
        N_("Pregnancy"),
        Group.CONTRAINDICATION,
        _R,
        DESIGN_CHOICE,
        (NO_GUN, Restriction.NO_FACE_DOWN),
        N_(
            "no massage gun and no lying face down or pressure on the belly while pregnant; ask "
            "your midwife or doctor first, and have professional massage only from a therapist "
            "you have told about the pregnancy"
        ),
    ),
    question(
        "active_cancer",
        N_("Do you have cancer now, or are you being treated for it?"),
        N_("Cancer now or under treatment"),
        Group.CONTRAINDICATION,
        # At least "within days": a past cancer alone is (gcare-red-flags), so cancer
        # now cannot be less. Its restriction stays once a clinician has cleared it.
        _S,
        (*DESIGN_CHOICE, *RED_FLAGS),
        (Restriction.CLINICIAN_FIRST,),
        N_(
            "with cancer now or under treatment, your cancer team should say which kinds of "
            "massage are safe before you start"
        ),
    ),
    question(
        "recent_surgery",
        N_("Have you had an operation in the last three months?"),
        N_("An operation in the last three months"),
        Group.CONTRAINDICATION,
        _R,
        DESIGN_CHOICE,
        (Restriction.CLINICIAN_FIRST,),
        N_(
            "no massage near the operation site until your surgeon or clinician says it has "
            "healed enough"
        ),
    ),
    question(
        "implanted_electronic_device",
        N_(
            "Do you have an implanted electronic device, such as a pacemaker, defibrillator, "
            "nerve stimulator or pump?"
        ),
        N_("An implanted electronic device"),
        Group.CONTRAINDICATION,
        _R,
        DESIGN_CHOICE,
        (NO_GUN,),
        N_("a massage gun's vibration may disturb an implanted device"),
    ),
    question(
        "reduced_sensation",
        N_(
            "Is feeling reduced anywhere on your back, buttocks or legs, for example from "
            "diabetes or nerve damage?"
        ),
        N_("Reduced feeling in the back, buttocks or legs"),
        Group.CONTRAINDICATION,
        _R,
        DESIGN_CHOICE,
        (NO_GUN, NO_DEEP),
        N_("where you cannot feel well you cannot tell when pressure is too much"),
    ),
    # Not a warning sign: it classifies the episode (see backrub.domain.episodes).
    question(
        "leg_pain_below_knee",
        N_("Does your pain spread down a leg to below the knee?"),
        N_("Leg pain below the knee"),
        Group.EPISODE,
        _N,
        ("nice-ng59",),
    ),
)
