"""The warning-sign questions as data: emergency now, same day, about you, and soon.

Asked first, in this order, so one emergency "yes" can stop the questions at
once. ``backrub.domain.red_flags`` puts every question together.
"""

from __future__ import annotations

from backrub.domain.cancer_signs import CANCER_SIGNS
from backrub.domain.questions import (
    AGE_BAND,
    NOT_YET_SEEN,
    RED_FLAGS,
    AgeBand,
    Group,
    Question,
    Tier,
    question,
)
from backrub.domain.rules import PRODUCT_DEFAULT
from backrub.i18n import N_

__all__ = ["NOT_YET_SEEN", "WARNING_SIGNS"]

_E, _D, _S, _R, _N = Tier.EMERGENCY, Tier.SAME_DAY, Tier.SOON, Tier.RESTRICT, Tier.NONE

# Every emergency and same-day question ends with NOT_YET_SEEN, a time frame (a product
# default), so that once a doctor has seen the problem, and it is the same or
# better, a truthful "no" is possible at the next screening, while a sign that
# is new, getting worse or not yet seen stops again. Without it, "Did the pain
# start after a serious accident?" would stop someone already seen in A&E at
# every screening, and these tiers cannot be cleared in the app. The ids stay:
# an old "yes" still stops (the safe reading) and an old "no" means no under
# the narrower question too.
WARNING_SIGNS: tuple[Question, ...] = (
    # --- emergency now: asked first, so one "yes" can stop the questions at once.
    # Possible cauda equina syndrome: gcare-red-flags A, ahcpr-1994, bass-2018, nhs-back-pain.
    question(
        "bladder_bowel_change",
        N_(
            "Since your back pain started, have you had any new trouble with your bladder or "
            "bowels? For example not being able to pee, leaking, or not feeling when you need "
            "to go."
        )
        + " "
        + NOT_YET_SEEN,
        N_("New trouble with bladder or bowel control"),
        Group.CAUDA_EQUINA,
        _E,
        (*RED_FLAGS, "bass-2018", "nhs-back-pain"),
    ),
    question(
        "saddle_numbness",
        N_(
            "Is there numbness, tingling or a strange feeling around your genitals, back "
            "passage or inner thighs (the area that would touch a saddle)?"
        )
        + " "
        + NOT_YET_SEEN,
        N_("Numbness or an odd feeling around the genitals, back passage or inner thighs"),
        Group.CAUDA_EQUINA,
        _E,
        (*RED_FLAGS, "bass-2018", "nhs-back-pain"),
    ),
    question(
        "both_legs_weak_or_numb",
        N_("Do both of your legs feel weak, numb or painful at the same time?")
        + " "
        + NOT_YET_SEEN,
        N_("Weakness, numbness or pain in both legs"),
        Group.CAUDA_EQUINA,
        _E,
        ("gcare-red-flags", "bass-2018", "nhs-back-pain"),
    ),
    question(
        # gcare-red-flags and ahcpr-1994 list a severe or progressive deficit in the
        # legs under possible cauda equina: so an emergency.
        "leg_weakness_worsening",
        N_("Is weakness in a leg or foot getting worse?") + " " + NOT_YET_SEEN,
        N_("Leg or foot weakness that is getting worse"),
        Group.CAUDA_EQUINA,
        _E,
        RED_FLAGS,
    ),
    question(
        # gcare-red-flags: gait disturbance; ahcpr-1994: foot drop.
        "walking_changed",
        N_(
            "Has your walking changed since the back pain started? For example your foot "
            "slaps or drops, or you trip more than usual."
        )
        + " "
        + NOT_YET_SEEN,
        N_("A change in walking"),
        Group.CAUDA_EQUINA,
        _E,
        RED_FLAGS,
    ),
    question(
        "new_sexual_dysfunction",
        N_(
            "Since the back pain started, has your sexual function changed? For example "
            "trouble getting an erection or ejaculating, or less feeling in the genitals "
            "during sex."
        )
        + " "
        + NOT_YET_SEEN,
        N_("A new change in sexual function"),
        Group.CAUDA_EQUINA,
        _E,
        ("royal-free-ces",),
    ),
    question(
        "major_trauma",
        N_(
            "Did the pain start after a serious accident or fall, such as a car crash or a "
            "fall from a height?"
        )
        + " "
        + NOT_YET_SEEN,
        N_("Pain that began after a serious accident or fall"),
        Group.INJURY,
        _E,
        ("nhs-back-pain", *RED_FLAGS),
    ),
    question(
        "chest_pain",
        N_("Do you have chest pain?") + " " + NOT_YET_SEEN,
        N_("Chest pain"),
        Group.HEART_OR_LUNGS,
        _E,
        ("nhs-back-pain",),
    ),
    question(
        # Alone: an urgent GP appointment or 111 (nhs-pe), so the same day. With
        # signs of a clot in a leg (nhs-dvt), pain high in the back (nhs-pe) or a
        # past clot it is an emergency (the combinations below).
        "sudden_breathlessness",
        N_("Have you suddenly become short of breath?") + " " + NOT_YET_SEEN,
        N_("Sudden shortness of breath"),
        Group.HEART_OR_LUNGS,
        _D,
        ("nhs-pe", "nhs-dvt"),
    ),
    # --- same day.
    question(
        "fever_or_chills",
        # The 7 days are a product default: a fever that has passed, or that a doctor
        # has seen, is not today's same-day sign.
        N_(
            "In the last 7 days, have you had a high temperature, chills or shivering fits "
            "along with the back pain?"
        )
        + " "
        + NOT_YET_SEEN,
        N_("A high temperature, chills or shivering fits"),
        Group.INFECTION,
        _D,
        ("nhs-back-pain", *RED_FLAGS, PRODUCT_DEFAULT),
    ),
    question(
        "leg_clot_signs",
        N_("Is one of your legs swollen, warm or painful in the calf, in a way you cannot explain?")
        + " "
        + NOT_YET_SEEN,
        N_("A leg that is swollen, warm or painful in the calf: a possible blood clot"),
        Group.CLOT,
        _D,
        ("nhs-dvt",),
    ),
    # --- about you: asked once.
    Question(
        AGE_BAND,
        N_("How old are you?"),
        N_("Age band"),
        Group.AGE,
        _N,
        (*RED_FLAGS, PRODUCT_DEFAULT),
        choices=tuple(AgeBand),
    ),
    # --- soon: see a clinician within days, before any massage.
    question(
        "new_back_pain",
        N_("Is this the first time you have had back pain like this?"),
        N_("Back pain that is new"),
        Group.CANCER,
        _N,
        RED_FLAGS,
    ),
    question(
        "history_of_cancer",
        N_("Have you ever had cancer?"),
        N_("A past cancer"),
        Group.CANCER,
        _S,
        RED_FLAGS,
    ),
    question(
        "unexplained_weight_loss",
        N_("Have you lost weight recently without trying?"),
        N_("Weight loss without trying"),
        Group.CANCER,
        _S,
        (*RED_FLAGS, "nhs-back-pain"),
    ),
    question(
        "night_pain_unrelieved",
        N_("Do you have pain at night that does not ease when you change position?"),
        N_("Night pain that does not ease with a change of position"),
        Group.CANCER,
        _S,
        (*RED_FLAGS, "nhs-back-pain"),
    ),
    question(
        "pain_worse_on_straining",
        N_("Is the pain worse when you cough, sneeze or strain on the toilet?"),
        N_("Pain worse when coughing, sneezing or straining"),
        Group.CANCER,
        _S,
        ("nhs-back-pain",),
    ),
    question(
        "upper_back_pain",
        N_("Is the pain mainly high in your back, between the shoulder blades?"),
        N_("Pain high in the back, between the shoulder blades"),
        Group.STRUCTURE,
        _S,
        ("nhs-back-pain",),
    ),
    question(
        "back_lump_or_swelling",
        N_("Is there a lump or swelling on your back?"),
        N_("A lump or swelling on the back"),
        Group.STRUCTURE,
        _S,
        ("nhs-back-pain",),
    ),
    question(
        "back_shape_changed",
        N_("Has the shape of your back changed?"),
        N_("A change in the shape of the back"),
        Group.STRUCTURE,
        _S,
        ("nhs-back-pain", "gcare-red-flags"),
    ),
    question(
        "minor_fall_or_lift",
        N_("Did this pain start after a small fall, a knock or lifting something?"),
        N_("Pain that began after a small fall, knock or lift"),
        Group.FRACTURE,
        _N,
        RED_FLAGS,
    ),
    question(
        "long_term_steroids",
        N_("Have you taken steroid tablets, such as prednisolone, for a long time?"),
        N_("Long-term steroid tablets"),
        Group.FRACTURE,
        _N,
        RED_FLAGS,
    ),
    question(
        "injects_drugs",
        N_("Do you inject drugs?"),
        N_("Injecting drugs"),
        Group.INFECTION,
        _S,
        RED_FLAGS,
    ),
    question(
        "weakened_immunity",
        N_(
            "Is your immune system weakened, for example by HIV, an organ transplant or "
            "chemotherapy?"
        ),
        N_("A weakened immune system"),
        Group.INFECTION,
        _S,
        RED_FLAGS,
    ),
    question(
        "recent_bacterial_infection",
        N_("Have you recently had a bacterial infection, such as a urine infection?"),
        N_("A recent bacterial infection"),
        Group.INFECTION,
        _S,
        RED_FLAGS,
    ),
    question(
        "deep_wound",
        N_("Have you recently had a wound that went deep into the skin?"),
        N_("A recent deep wound"),
        Group.INFECTION,
        _S,
        ("gcare-red-flags",),
    ),
    question(
        "leg_numbness",
        N_("Is there numbness or pins and needles in one of your legs or feet?"),
        N_("Numbness or pins and needles in one leg"),
        Group.NEURO,
        _S,
        ("gcare-red-flags",),
    ),
    question(
        "leg_weakness",
        N_("Is one of your legs or feet weak?"),
        N_("Weakness in one leg or foot"),
        Group.NEURO,
        _S,
        RED_FLAGS,
    ),
    # --- with cancer: asked only after a cancer "yes" (backrub.domain.cancer_signs).
    *CANCER_SIGNS,
    question(
        "morning_stiffness_over_30_min",
        N_("When you get up in the morning, does your back stay stiff for more than 30 minutes?"),
        N_("Morning stiffness for more than 30 minutes"),
        Group.INFLAMMATORY,
        _N,
        ("rudwaleit-2006",),
    ),
    question(
        "eases_with_movement",
        N_("Does the pain or stiffness ease when you move about?"),
        N_("Pain or stiffness that eases with movement"),
        Group.INFLAMMATORY,
        _N,
        ("rudwaleit-2006", "nice-ng65"),
    ),
    question(
        "began_before_45",
        N_("Did this back pain first start before you were 45?"),
        N_("Back pain that began before 45"),
        Group.INFLAMMATORY,
        _N,
        ("nice-ng65",),
    ),
)
