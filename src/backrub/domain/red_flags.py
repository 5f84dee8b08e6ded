"""The screening questions as data: warning signs, contraindications and the episode.

Each question asks one thing, in plain words of our own, and names the
evidence it comes from. ``tier`` says how urgent a "yes" is on its own:

    EMERGENCY   call the local emergency number or go to an emergency department now
    SAME_DAY    an urgent appointment or an out-of-hours service today
    SOON        see a clinician within days, before any massage
    RESTRICT    massage is allowed with limits (``restrictions``, ``because``)
    NONE        no tier alone: the answer counts in a ``Combination`` or the episode

A ``Combination`` is a warning sign that needs two or more answers together
(a suspected clot with breathlessness; new pain under 20 or over 50). The age
band is the one question that is not yes/no. ``RETIRED`` keeps the questions
older versions asked, with the tier they had, so a stored screening still reads.
``backrub.domain.screening`` turns answers into a verdict.
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
_RED_FLAGS = ("gcare-red-flags", "ahcpr-1994")


class Group(StrEnum):
    """What a question screens for."""

    CAUDA_EQUINA = "cauda_equina"
    INJURY = "injury"
    HEART_OR_LUNGS = "heart_or_lungs"
    CLOT = "clot"
    INFECTION = "infection"
    AGE = "age"
    CANCER = "cancer"
    FRACTURE = "fracture"
    STRUCTURE = "structure"
    NEURO = "neuro"
    INFLAMMATORY = "inflammatory"
    CONTRAINDICATION = "contraindication"
    EPISODE = "episode"


class Tier(StrEnum):
    """How urgent a finding is, from most to least."""

    EMERGENCY = "emergency"
    SAME_DAY = "same_day"
    SOON = "soon"
    RESTRICT = "restrict"
    NONE = "none"

    @property
    def rank(self) -> int:
        """Return 4 for an emergency down to 0 for no tier; higher is more urgent."""
        return _RANK[self]


_RANK = {Tier.EMERGENCY: 4, Tier.SAME_DAY: 3, Tier.SOON: 2, Tier.RESTRICT: 1, Tier.NONE: 0}


class AgeBand(StrEnum):
    """The age bands screening asks for once; the red flags use under 20 and over 50."""

    UNDER_18 = "under_18"
    AGE_18_19 = "18_19"
    AGE_20_50 = "20_50"
    OVER_50 = "over_50"

    @property
    def words(self) -> str:
        return _AGE_WORDS[self]


_AGE_WORDS = {
    AgeBand.UNDER_18: "Under 18",
    AgeBand.AGE_18_19: "18 or 19",
    AgeBand.AGE_20_50: "20 to 50",
    AgeBand.OVER_50: "Over 50",
}

AGE_BAND = "age_band"
Answer = bool | str
"""A yes/no answer, or for the age band an ``AgeBand`` value."""


@dataclass(frozen=True, slots=True)
class Question:
    """One screening question.

    ``finding`` names a "yes" in a few words. ``restrictions`` and ``because``
    apply only to contraindications: what a "yes" takes away from the plan, and
    why, in plain words. ``choices`` is set only for the age band.
    """

    id: str
    text: str
    finding: str
    group: Group
    tier: Tier
    sources: tuple[str, ...]
    restrictions: frozenset[Restriction] = frozenset()
    because: str = ""
    choices: tuple[AgeBand, ...] = ()

    @property
    def is_choice(self) -> bool:
        return bool(self.choices)


@dataclass(frozen=True, slots=True)
class Combination:
    """A warning sign made of several answers: all of ``needs_all`` "yes", at least
    one of ``needs_any`` "yes" (when given), and the age band in ``ages`` (when given)."""

    id: str
    finding: str
    tier: Tier
    sources: tuple[str, ...]
    needs_all: tuple[str, ...]
    needs_any: tuple[str, ...] = ()
    ages: frozenset[AgeBand] = frozenset()

    def is_met(self, answers: Mapping[str, Answer]) -> bool:
        """Return whether the answers given so far make this sign; missing is not "yes"."""
        if not all(answers.get(qid) is True for qid in self.needs_all):
            return False
        if self.needs_any and not any(answers.get(qid) is True for qid in self.needs_any):
            return False
        return not self.ages or answers.get(AGE_BAND) in self.ages


def _q(
    id: str,
    text: str,
    finding: str,
    group: Group,
    tier: Tier,
    sources: tuple[str, ...],
    restrictions: Iterable[Restriction] = (),
    because: str = "",
) -> Question:
    return Question(id, text, finding, group, tier, sources, frozenset(restrictions), because)


_NO_GUN = Restriction.NO_MASSAGE_GUN
_NO_DEEP = Restriction.NO_DEEP_PRESSURE
_NO_MASSAGE = (Restriction.NO_SELF_MASSAGE, Restriction.NO_PROFESSIONAL_MASSAGE)
_BLEEDING = (
    "you bleed or bruise more easily, and firm pressure or a massage gun can cause "
    "bruising and bleeding under the skin"
)
_THIN_BONES = "thin bones can break under hard pressure or percussion"
_CLOT = (
    "massage over a clot could move it; a clot reaching the lungs after massage has "
    "been reported, so no massage of any kind until a clinician says it is safe"
)
_E, _D, _S, _R, _N = Tier.EMERGENCY, Tier.SAME_DAY, Tier.SOON, Tier.RESTRICT, Tier.NONE

QUESTIONS: tuple[Question, ...] = (
    # --- emergency now: asked first, so one "yes" can stop the questions at once.
    # Possible cauda equina syndrome: gcare-red-flags A, ahcpr-1994, bass-2018, nhs-back-pain.
    _q(
        "bladder_bowel_change",
        "Since your back pain started, have you had any new trouble with your bladder or "
        "bowels? For example not being able to pee, leaking, or not feeling when you need "
        "to go.",
        "New trouble with bladder or bowel control",
        Group.CAUDA_EQUINA,
        _E,
        (*_RED_FLAGS, "bass-2018", "nhs-back-pain"),
    ),
    _q(
        "saddle_numbness",
        "Is there numbness, tingling or a strange feeling around your genitals, back "
        "passage or inner thighs (the area that would touch a saddle)?",
        "Numbness or odd feeling around the genitals or back passage",
        Group.CAUDA_EQUINA,
        _E,
        (*_RED_FLAGS, "bass-2018", "nhs-back-pain"),
    ),
    _q(
        "both_legs_weak_or_numb",
        "Do both of your legs feel weak, numb or painful at the same time?",
        "Weakness, numbness or pain in both legs",
        Group.CAUDA_EQUINA,
        _E,
        ("gcare-red-flags", "bass-2018", "nhs-back-pain"),
    ),
    _q(
        # gcare-red-flags and ahcpr-1994 list a severe or progressive deficit in the
        # legs under possible cauda equina: so an emergency.
        "leg_weakness_worsening",
        "Is weakness in a leg or foot getting worse?",
        "Leg or foot weakness that is getting worse",
        Group.CAUDA_EQUINA,
        _E,
        _RED_FLAGS,
    ),
    _q(
        # gcare-red-flags: gait disturbance; ahcpr-1994: foot drop.
        "walking_changed",
        "Has your walking changed since the back pain started? For example your foot "
        "slaps or drops, or you trip more than usual.",
        "A change in walking",
        Group.CAUDA_EQUINA,
        _E,
        _RED_FLAGS,
    ),
    _q(
        "new_sexual_dysfunction",
        "Since the back pain started, has your sexual function changed? For example "
        "trouble getting an erection or ejaculating, or less feeling in the genitals "
        "during sex.",
        "A new change in sexual function",
        Group.CAUDA_EQUINA,
        _E,
        ("royal-free-ces",),
    ),
    _q(
        "major_trauma",
        "Did the pain start after a serious accident or fall, such as a car crash or a "
        "fall from a height?",
        "Pain that began after a serious accident or fall",
        Group.INJURY,
        _E,
        ("nhs-back-pain", *_RED_FLAGS),
    ),
    _q(
        "chest_pain",
        "Do you have chest pain?",
        "Chest pain",
        Group.HEART_OR_LUNGS,
        _E,
        ("nhs-back-pain",),
    ),
    _q(
        # With signs of a clot in a leg this is an emergency (nhs-dvt); alone, same
        # day is our cautious choice: no source sets a tier for it with back pain.
        "sudden_breathlessness",
        "Have you suddenly become short of breath?",
        "Sudden shortness of breath",
        Group.HEART_OR_LUNGS,
        _D,
        (PRODUCT_DEFAULT, "nhs-dvt"),
    ),
    # --- same day.
    _q(
        "fever_or_chills",
        "Have you had a high temperature, chills or shivering fits along with the back pain?",
        "A high temperature, chills or shivering fits",
        Group.INFECTION,
        _D,
        ("nhs-back-pain", *_RED_FLAGS),
    ),
    _q(
        "leg_clot_signs",
        "Is one of your legs swollen, warm or painful in the calf, in a way you cannot explain?",
        "A leg that is swollen, warm or painful in the calf: a possible blood clot",
        Group.CLOT,
        _D,
        ("nhs-dvt",),
    ),
    # --- about you: asked once.
    Question(
        AGE_BAND,
        "How old are you?",
        "Age band",
        Group.AGE,
        _N,
        (*_RED_FLAGS, PRODUCT_DEFAULT),
        choices=tuple(AgeBand),
    ),
    # --- soon: see a clinician within days, before any massage.
    _q(
        "new_back_pain",
        "Is this the first time you have had back pain like this?",
        "Back pain that is new",
        Group.CANCER,
        _N,
        _RED_FLAGS,
    ),
    _q(
        "history_of_cancer",
        "Have you ever had cancer?",
        "A past cancer",
        Group.CANCER,
        _S,
        _RED_FLAGS,
    ),
    _q(
        "unexplained_weight_loss",
        "Have you lost weight recently without trying?",
        "Weight loss without trying",
        Group.CANCER,
        _S,
        (*_RED_FLAGS, "nhs-back-pain"),
    ),
    _q(
        "night_pain_unrelieved",
        "Do you have pain at night that does not ease when you change position?",
        "Night pain that does not ease with a change of position",
        Group.CANCER,
        _S,
        (*_RED_FLAGS, "nhs-back-pain"),
    ),
    _q(
        "upper_back_pain",
        "Is the pain mainly high in your back, between the shoulder blades?",
        "Pain high in the back, between the shoulder blades",
        Group.STRUCTURE,
        _S,
        ("nhs-back-pain",),
    ),
    _q(
        "back_lump_or_swelling",
        "Is there a lump or swelling on your back?",
        "A lump or swelling on the back",
        Group.STRUCTURE,
        _S,
        ("nhs-back-pain",),
    ),
    _q(
        "back_shape_changed",
        "Has the shape of your back changed?",
        "A change in the shape of the back",
        Group.STRUCTURE,
        _S,
        ("nhs-back-pain", "gcare-red-flags"),
    ),
    _q(
        "minor_fall_or_lift",
        "Did this pain start after a small fall, a knock or lifting something?",
        "Pain that began after a small fall, knock or lift",
        Group.FRACTURE,
        _N,
        _RED_FLAGS,
    ),
    _q(
        "long_term_steroids",
        "Have you taken steroid tablets, such as prednisolone, for a long time?",
        "Long-term steroid tablets",
        Group.FRACTURE,
        _N,
        _RED_FLAGS,
    ),
    _q("injects_drugs", "Do you inject drugs?", "Injecting drugs", Group.INFECTION, _S, _RED_FLAGS),
    _q(
        "weakened_immunity",
        "Is your immune system weakened, for example by HIV, an organ transplant or chemotherapy?",
        "A weakened immune system",
        Group.INFECTION,
        _S,
        _RED_FLAGS,
    ),
    _q(
        "recent_bacterial_infection",
        "Have you recently had a bacterial infection, such as a urine infection?",
        "A recent bacterial infection",
        Group.INFECTION,
        _S,
        _RED_FLAGS,
    ),
    _q(
        "deep_wound",
        "Have you recently had a wound that went deep into the skin?",
        "A recent deep wound",
        Group.INFECTION,
        _S,
        ("gcare-red-flags",),
    ),
    _q(
        "leg_numbness",
        "Is there numbness or pins and needles in one of your legs or feet?",
        "Numbness or pins and needles in one leg",
        Group.NEURO,
        _S,
        ("gcare-red-flags",),
    ),
    _q(
        "leg_weakness",
        "Is one of your legs or feet weak?",
        "Weakness in one leg or foot",
        Group.NEURO,
        _S,
        _RED_FLAGS,
    ),
    _q(
        "morning_stiffness_over_30_min",
        "When you get up in the morning, does your back stay stiff for more than 30 minutes?",
        "Morning stiffness for more than 30 minutes",
        Group.INFLAMMATORY,
        _N,
        ("rudwaleit-2006",),
    ),
    _q(
        "eases_with_movement",
        "Does the pain or stiffness ease when you move about?",
        "Pain or stiffness that eases with movement",
        Group.INFLAMMATORY,
        _N,
        ("rudwaleit-2006", "nice-ng65"),
    ),
    _q(
        "began_before_45",
        "Did this back pain first start before you were 45?",
        "Back pain that began before 45",
        Group.INFLAMMATORY,
        _N,
        ("nice-ng65",),
    ),
    # --- massage with limits: a conservative design choice (evidence.md §5.4).
    _q(
        "blood_thinners",
        "Do you take a medicine that thins the blood, such as warfarin, apixaban, "
        "rivaroxaban, clopidogrel or aspirin?",
        "Blood-thinning medicine",
        Group.CONTRAINDICATION,
        _R,
        _DESIGN_CHOICE,
        (_NO_GUN, _NO_DEEP),
        _BLEEDING,
    ),
    _q(
        "bleeding_disorder",
        "Do you have a condition that makes you bleed or bruise easily?",
        "A bleeding disorder",
        Group.CONTRAINDICATION,
        _R,
        _DESIGN_CHOICE,
        (_NO_GUN, _NO_DEEP),
        _BLEEDING,
    ),
    _q(
        "past_blood_clot",
        "Have you ever had a blood clot in a vein (a DVT) or in the lungs?",
        "A blood clot in the past",
        Group.CONTRAINDICATION,
        _R,
        _DESIGN_CHOICE,
        _NO_MASSAGE,
        _CLOT,
    ),
    _q(
        "osteoporosis",
        "Have you been told you have thin bones (osteoporosis)?",
        "Thin bones (osteoporosis)",
        Group.CONTRAINDICATION,
        _R,
        (*_DESIGN_CHOICE, "gcare-red-flags"),
        (_NO_GUN, _NO_DEEP),
        _THIN_BONES,
    ),
    _q(
        "fragility_fracture",
        "Have you ever broken a bone from a small fall, such as a fall from standing?",
        "A bone broken in a small fall",
        Group.CONTRAINDICATION,
        _R,
        (*_DESIGN_CHOICE, "gcare-red-flags"),
        (_NO_GUN, _NO_DEEP),
        _THIN_BONES,
    ),
    _q(
        "pregnancy",
        "Are you pregnant, or might you be?",
        "Pregnancy",
        Group.CONTRAINDICATION,
        _R,
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
        _R,
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
        _R,
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
        _R,
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
        _R,
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
        _N,
        ("nice-ng59",),
    ),
)

COMBINATIONS: tuple[Combination, ...] = (
    Combination(
        "clot_with_breathlessness",
        "A possible blood clot in a leg with sudden shortness of breath: a clot may have "
        "reached the lungs",
        _E,
        ("nhs-dvt",),
        needs_all=("leg_clot_signs", "sudden_breathlessness"),
    ),
    Combination(
        "fever_with_drugs_or_weak_immunity",
        "A high temperature or chills with injected drugs or a weakened immune system: "
        "a possible spinal infection",
        _D,
        (*_RED_FLAGS, "nhs-back-pain"),
        needs_all=("fever_or_chills",),
        needs_any=("injects_drugs", "weakened_immunity"),
    ),
    Combination(
        "new_pain_under_20_or_over_50",
        "Back pain that is new, under 20 or over 50",
        _S,
        _RED_FLAGS,
        needs_all=("new_back_pain",),
        ages=frozenset({AgeBand.UNDER_18, AgeBand.AGE_18_19, AgeBand.OVER_50}),
    ),
    Combination(
        "small_fall_with_thin_bones_or_steroids",
        "Pain after a small fall, knock or lift, with thin bones or long-term steroid "
        "tablets: a possible fracture",
        _S,
        _RED_FLAGS,
        needs_all=("minor_fall_or_lift",),
        needs_any=("osteoporosis", "fragility_fracture", "long_term_steroids"),
    ),
    Combination(
        "inflammatory_back_pain",
        "Morning stiffness over 30 minutes that eases with movement, in back pain that "
        "began before 45: features of inflammatory back pain (such as axial "
        "spondyloarthritis)",
        _S,
        ("nice-ng65", "rudwaleit-2006"),
        needs_all=("morning_stiffness_over_30_min", "eases_with_movement", "began_before_45"),
    ),
)

# Questions earlier versions asked. They are never asked again, but a stored
# screening that answered them keeps the tier and limits they had then.
RETIRED: tuple[Question, ...] = (
    _q(
        "progressive_weakness",
        "Is weakness in a leg or foot getting worse, or has your walking changed?",
        "Leg or foot weakness that is getting worse, or a change in walking",
        Group.CAUDA_EQUINA,
        _E,
        _RED_FLAGS,
    ),
    _q(
        "age_under_20_or_over_50_new_pain",
        "Are you under 20 or over 50, and is this back pain new for you?",
        "New back pain under 20 or over 50",
        Group.CANCER,
        _S,
        _RED_FLAGS,
    ),
    _q(
        "iv_drug_use_or_immunosuppressed",
        "Do you inject drugs, or is your immune system weakened?",
        "Injecting drugs or a weakened immune system",
        Group.INFECTION,
        _S,
        _RED_FLAGS,
    ),
    _q(
        "minor_trauma_with_osteoporosis_or_steroids",
        "Did the pain start after a small fall, knock or lift, and do you have thin bones "
        "(osteoporosis) or take steroid tablets?",
        "Pain after a small fall or lift, with thin bones or steroid tablets",
        Group.FRACTURE,
        _S,
        _RED_FLAGS,
    ),
    _q(
        "numbness_or_weakness_in_leg",
        "Is there numbness, pins and needles or weakness in one of your legs or feet?",
        "Numbness, pins and needles or weakness in one leg",
        Group.NEURO,
        _S,
        _RED_FLAGS,
    ),
    _q(
        "anticoagulants_or_bleeding_disorder",
        "Do you take blood thinners or have a condition that makes you bleed or bruise easily?",
        "Blood thinners or a bleeding disorder",
        Group.CONTRAINDICATION,
        _R,
        _DESIGN_CHOICE,
        (_NO_GUN, _NO_DEEP),
        _BLEEDING,
    ),
    _q(
        "dvt_or_clot_history",
        "Have you ever had a blood clot in a vein or in the lungs, or do you think you "
        "might have one now?",
        "A blood clot now or in the past",
        Group.CONTRAINDICATION,
        _R,
        _DESIGN_CHOICE,
        _NO_MASSAGE,
        _CLOT,
    ),
)

QUESTIONS_BY_ID: Mapping[str, Question] = {q.id: q for q in QUESTIONS}
KNOWN_BY_ID: Mapping[str, Question] = {q.id: q for q in (*QUESTIONS, *RETIRED)}
