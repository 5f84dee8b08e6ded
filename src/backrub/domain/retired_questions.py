"""The questions earlier versions asked, kept so a stored screening still reads.

They are never asked again. Each keeps the tier and the limits it had then,
so an old screening means what it meant when it was answered.
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
    Group,
    Question,
    Tier,
    question,
)
from backrub.i18n import N_

_E, _S, _R = Tier.EMERGENCY, Tier.SOON, Tier.RESTRICT

RETIRED: tuple[Question, ...] = (
    question(
        "progressive_weakness",
        N_("Is weakness in a leg or foot getting worse, or has your walking changed?"),
        N_("Leg or foot weakness that is getting worse, or a change in walking"),
        Group.CAUDA_EQUINA,
        _E,
        RED_FLAGS,
    ),
    question(
        "age_under_20_or_over_50_new_pain",
        N_("Are you under 20 or over 50, and is this back pain new for you?"),
        N_("New back pain under 20 or over 50"),
        Group.CANCER,
        _S,
        RED_FLAGS,
    ),
    question(
        "iv_drug_use_or_immunosuppressed",
        N_("Do you inject drugs, or is your immune system weakened?"),
        N_("Injecting drugs or a weakened immune system"),
        Group.INFECTION,
        _S,
        RED_FLAGS,
    ),
    question(
        "minor_trauma_with_osteoporosis_or_steroids",
        N_(
            "Did the pain start after a small fall, knock or lift, and do you have thin bones "
            "(osteoporosis) or take steroid tablets?"
        ),
        N_("Pain after a small fall or lift, with thin bones or steroid tablets"),
        Group.FRACTURE,
        _S,
        RED_FLAGS,
    ),
    question(
        "numbness_or_weakness_in_leg",
        N_("Is there numbness, pins and needles or weakness in one of your legs or feet?"),
        N_("Numbness, pins and needles or weakness in one leg"),
        Group.NEURO,
        _S,
        RED_FLAGS,
    ),
    question(
        "anticoagulants_or_bleeding_disorder",
        N_("Do you take blood thinners or have a condition that makes you bleed or bruise easily?"),
        N_("Blood thinners or a bleeding disorder"),
        Group.CONTRAINDICATION,
        _R,
        DESIGN_CHOICE,
        (NO_GUN, NO_DEEP),
        BLEEDING,
    ),
    question(
        "dvt_or_clot_history",
        N_(
            "Have you ever had a blood clot in a vein or in the lungs, or do you think you "
            "might have one now?"
        ),
        N_("A blood clot now or in the past"),
        Group.CONTRAINDICATION,
        _R,
        DESIGN_CHOICE,
        NO_MASSAGE,
        CLOT,
    ),
)
