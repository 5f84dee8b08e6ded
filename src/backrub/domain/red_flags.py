"""The screening questions as data: red flags, contraindications and the episode.

Each question has a stable id, plain words of our own, the group it screens
for and the evidence it comes from; contraindications also say what a "yes"
takes away from the plan, and why. ``backrub.domain.screening`` turns answers
into a verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from backrub.domain.restrictions import Restriction
from backrub.domain.rules import PRODUCT_DEFAULT

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
        (_NO_GUN, Restriction.NO_FACE_DOWN),
        "no massage gun and no lying face down or pressure on the belly while pregnant; ask "
        "your midwife or doctor first, and have professional massage only from a therapist "
        "you have told about the pregnancy",
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
