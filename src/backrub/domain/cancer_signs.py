"""The questions that count only with cancer now or in the past (pure).

They are the parts of the combinations of a possible spread of cancer to the
spine (``backrub.domain.red_flags``: ``cancer_with_nerve_signs``, an emergency,
and ``cancer_with_spinal_pain``, the same day; nice-ng234, CG75 before it). No
tier alone: a "yes" counts only with ``history_of_cancer`` or ``active_cancer``.
``backrub.domain.warning_signs`` asks them in its order, under their own heading.

Each is a plain question followed by NOT_YET_SEEN (review CLIN-7 item 2, CLIN-8
S1 and M1): a stable sign a doctor has seen (sciatica known for years, a
diabetic numbness, a cough that has always hurt the back) is answered "no", so
a past cancer with ordinary back pain is not an emergency or same-day stop at
every screening and follow-up (these stops cannot be cleared in the app),
while a sign that is new, getting worse or not yet seen still is. The plain
questions without the time frame (``leg_weakness``, ``night_pain_unrelieved``...)
keep their own "within days" tier.
"""

from __future__ import annotations

from backrub.domain.questions import NOT_YET_SEEN, Group, Question, Tier, question
from backrub.domain.rules import PRODUCT_DEFAULT
from backrub.i18n import N_

__all__ = ["CANCER_SIGNS", "HEADING", "NERVE_SIGNS", "SPINAL_SIGNS"]

# Said above them on the web form and on a terminal (review CLIN-8 M3): every answer is
# needed, but they count only with cancer.
HEADING = N_("Only if you have cancer now or had it in the past (if not, answer no)")

_SOURCES = ("nice-ng234", PRODUCT_DEFAULT)  # the time frame is the product default

# Metastatic spinal cord compression: an emergency with cancer.
NERVE_SIGNS = ("leg_weakness_new", "leg_numbness_new", "leg_pain_below_knee_new")
# A possible spread to the spine: the same day with cancer.
SPINAL_SIGNS = ("back_pain_worsening", "spinal_pain_new")


def _ask(qid: str, stem: str, finding: str) -> Question:
    return question(qid, stem + " " + NOT_YET_SEEN, finding, Group.WITH_CANCER, Tier.NONE, _SOURCES)


CANCER_SIGNS: tuple[Question, ...] = (
    _ask(
        "leg_weakness_new",
        N_("Is one of your legs or feet weak?"),
        N_("Weakness in a leg or foot that is new, getting worse or not yet seen by a doctor"),
    ),
    _ask(
        "leg_numbness_new",
        N_("Is there numbness or pins and needles in one of your legs or feet?"),
        N_(
            "Numbness or pins and needles in a leg that is new, getting worse or not yet "
            "seen by a doctor"
        ),
    ),
    _ask(
        "leg_pain_below_knee_new",
        N_("Does your pain spread down a leg to below the knee?"),
        N_("Pain down a leg below the knee that is new, getting worse or not yet seen by a doctor"),
    ),
    _ask(
        "back_pain_worsening",
        N_(
            "Is your back pain getting steadily worse, or severe and there all the time, "
            "day and night?"
        ),
        N_("Back pain getting steadily worse, or severe and there all the time"),
    ),
    # nice-ng234 / CG75: thoracic pain, nocturnal spinal pain preventing sleep, spinal
    # pain aggravated by straining. One question, so the burden stays small.
    _ask(
        "spinal_pain_new",
        N_(
            "Is there pain between your shoulder blades, pain at night that stops you "
            "sleeping, or back pain that is worse when you cough, sneeze or strain?"
        ),
        N_(
            "Pain between the shoulder blades, at night stopping sleep, or worse on coughing "
            "or straining, that is new, getting worse or not yet seen by a doctor"
        ),
    ),
)
