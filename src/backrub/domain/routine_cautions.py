"""What every self-massage routine says beside its steps: the places never to press,
what a tool leaves out and why, and the gentle-pressure words (product choices; see
``backrub.domain.routines``). English, marked for translation: ``build_routine``
gives them in the current language.
"""

from __future__ import annotations

from backrub.domain.records import Tool
from backrub.i18n import N_

# Where the zone lists leave something out, this says why (product choices).
OMITTED: dict[Tool, str] = {
    Tool.FOAM_ROLLER: N_(
        "The foam roller is not used on the lower back itself: lying across it arches the "
        "spine over a hard edge. Use the tennis ball or your hands there."
    ),
    Tool.MASSAGE_GUN: N_(
        "The gun is kept off the waist muscle (quadratus lumborum), which lies next to the "
        "kidneys, and off the deep hip and the front of the hip, where nerves and blood "
        "vessels run close to the surface."
    ),
}

AVOID: tuple[str, ...] = (
    N_(
        "Never press on the spine itself or on the bony bumps down the middle of your back: "
        "work only on the muscles beside them."
    ),
    N_(
        "Keep away from the soft area at your sides, below the ribs and above the hips, where "
        "the kidneys are."
    ),
    N_(
        "Keep off bony points such as the hip bones, the tailbone and the flat bone at the base "
        "of the spine (sacrum), and off the back of the knee."
    ),
    N_("Keep off bruises, broken skin, rashes, swollen or inflamed areas and varicose veins."),
    N_("Stop if pain becomes sharp, or you feel numbness, tingling or weakness in a leg."),
)

GUN_AVOID: tuple[str, ...] = (
    N_(
        "Stop using the gun and contact a doctor the same day if you notice new bruising, "
        "unusual muscle pain or dark, tea-coloured urine afterwards (a rare but serious "
        "reaction has been reported: chen-2021)."
    ),
)

GENTLE = N_(
    "Your screening answers ask for gentle pressure only (product default, not evidence: "
    "harms such as bruising, bleeding and nerve damage are reported with forceful massage, "
    "ernst-2003). Take most of your weight on your hands and feet on the roller, and press "
    "softly with your hands. The deep buttock (piriformis) is left out: the sciatic nerve "
    "runs beneath it, and pressing there is never gentle."
)

# In gentle mode every step's own feel words give way to these (product default).
GENTLE_FEEL = N_(
    "Light pressure only: you should feel a gentle press, never a deep ache. If you feel "
    "tingling, numbness or pain running down the leg, move off at once."
)

BESIDE_ACTIVITY = N_(
    "Self-massage goes beside staying active and exercise, never instead of it (source: nice-ng59)."
)
