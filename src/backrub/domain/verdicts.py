"""What a screening concludes, and what each conclusion tells the person to do.

The verdict is the most urgent tier any answer calls for (see
``backrub.domain.screening``); each has its own words, with the sources in
brackets. docs/safety.md shows them all.
"""

from __future__ import annotations

from enum import StrEnum

from backrub.domain.emergency import with_number
from backrub.domain.escalation import SAME_DAY_ACTION
from backrub.domain.questions import AgeBand, Tier
from backrub.i18n import N_, _

NOT_A_MEDICAL_DEVICE = N_(
    "backrub informs and records; it does not diagnose or treat, "
    "and it does not replace a doctor, physiotherapist or other clinician."
)

YES_OR_NO = N_("choose yes or no")
AGE_CHOICES = "choose one of: " + ", ".join(b.value for b in AgeBand)
FUTURE_DATE = N_("use a date on or before today")
NAME_THE_CLINICIAN = N_("name the clinician who cleared you")
NOT_A_NO = N_("answer yes or no; an unanswered question is not a no")


class Verdict(StrEnum):
    """The outcome of a screening, from most to least severe."""

    STOP_EMERGENCY = "stop_emergency"
    STOP_SAME_DAY = "stop_same_day"
    STOP_SEE_CLINICIAN = "stop_see_clinician"
    NOT_FOR_UNDER_18 = "not_for_under_18"
    RESTRICTED = "restricted"
    CLEAR = "clear"

    @property
    def severity(self) -> int:
        """Return 5 for an emergency down to 0 for clear; higher is more serious."""
        return SEVERITY[self]

    @property
    def is_stop(self) -> bool:
        return self.severity >= SEVERITY[Verdict.NOT_FOR_UNDER_18]


SEVERITY = {
    Verdict.STOP_EMERGENCY: 5,
    Verdict.STOP_SAME_DAY: 4,
    Verdict.STOP_SEE_CLINICIAN: 3,
    Verdict.NOT_FOR_UNDER_18: 2,
    Verdict.RESTRICTED: 1,
    Verdict.CLEAR: 0,
}

# The title a face puts above a screening's result, one per verdict.
VERDICT_TITLE = {
    Verdict.STOP_EMERGENCY.value: N_("STOP: this may be an emergency"),
    Verdict.STOP_SAME_DAY.value: N_("STOP: get medical help today"),
    Verdict.STOP_SEE_CLINICIAN.value: N_("STOP: see a clinician before any massage"),
    Verdict.NOT_FOR_UNDER_18.value: N_("backrub is not for people under 18"),
    Verdict.RESTRICTED.value: N_("Some kinds of massage are left out for you"),
    Verdict.CLEAR.value: N_("No warning signs"),
}

TIER_VERDICT = {
    Tier.EMERGENCY: Verdict.STOP_EMERGENCY,
    Tier.SAME_DAY: Verdict.STOP_SAME_DAY,
    Tier.SOON: Verdict.STOP_SEE_CLINICIAN,
    Tier.RESTRICT: Verdict.RESTRICTED,
    Tier.NONE: Verdict.CLEAR,
}


class AnsweredBy(StrEnum):
    """Who gave the answers: the person, or a script that answered "no" to all the rest."""

    PERSON = "person"
    SCRIPT = "script"


EMERGENCY_MESSAGE = N_(
    "Call your local emergency number now, or go to an emergency department. Do not wait "
    "to see if it passes, and do not massage. With back pain, any one of these can mean the "
    "nerves at the base of the spine are being squeezed (cauda equina syndrome): a change in "
    "bladder or bowel control; numbness around the genitals or back passage; weakness, "
    "numbness or pain in both legs; weakness that is getting worse; a change in walking; a "
    "new change in sexual function. (nhs-back-pain, bass-2018, royal-free-ces, "
    "gcare-red-flags) With cancer now or in the past, weakness, numbness or pain in a leg "
    "that is new, getting worse or not yet seen by a doctor can mean the spinal cord or "
    "nerves are being pressed on (metastatic spinal cord compression). (nice-ng234) Help is "
    "needed now for any one of these: back pain after a serious accident or fall; chest "
    "pain; sudden breathlessness with a swollen painful leg, with pain high in the back, or "
    "after a blood clot in the past, as a clot may have reached the lungs. (nhs-back-pain, "
    "gcare-red-flags, nhs-dvt, nhs-pe)"
)

# The emergency words in parts, for a banner that shows the person's own answers
# first: what to do now, then why (the signs behind it, with the sources), behind a
# "Why" disclosure (people review 8, F5), where the part of the person's own answers
# comes first (review S9; ``backrub.domain.red_flags.emergency_why``). In this order
# they are EMERGENCY_MESSAGE, word for word (tests/test_screening.py).
EMERGENCY_ACTION = N_(
    "Call your local emergency number now, or go to an emergency department. Do not wait "
    "to see if it passes, and do not massage."
)
# The action for an emergency that calls for an ambulance (chest pain, a possible clot
# in the lungs, a serious injury: ``red_flags.CALL_AN_AMBULANCE``): not "or go to an
# emergency department", which would read as "get there yourself" just above "Do not
# drive yourself" (review 10, M2). The CLI, report and JSON keep EMERGENCY_MESSAGE.
EMERGENCY_AMBULANCE_ACTION = N_(
    "Call your local emergency number for an ambulance now. Do not wait to see if it "
    "passes, and do not massage."
)
CAUDA_EQUINA_WHY = N_(
    "With back pain, any one of these can mean the nerves at the base of the spine are being "
    "squeezed (cauda equina syndrome): a change in bladder or bowel control; numbness around "
    "the genitals or back passage; weakness, numbness or pain in both legs; weakness that is "
    "getting worse; a change in walking; a new change in sexual function. (nhs-back-pain, "
    "bass-2018, royal-free-ces, gcare-red-flags)"
)
SPINAL_CORD_WHY = N_(
    "With cancer now or in the past, weakness, numbness or pain in a leg that is new, getting "
    "worse or not yet seen by a doctor can mean the spinal cord or nerves are being pressed "
    "on (metastatic spinal cord compression). (nice-ng234)"
)
OTHER_EMERGENCY_WHY = N_(
    "Help is needed now for any one of these: back pain after a serious accident or fall; "
    "chest pain; sudden breathlessness with a swollen painful leg, with pain high in the "
    "back, or after a blood clot in the past, as a clot may have reached the lungs. "
    "(nhs-back-pain, gcare-red-flags, nhs-dvt, nhs-pe)"
)
EMERGENCY_WHY = (CAUDA_EQUINA_WHY, SPINAL_CORD_WHY, OTHER_EMERGENCY_WHY)

# What a same-day stop says to do today; the lines for getting worse depend on the
# findings, with their own sources (``backrub.domain.escalation``; review 10, M4).
SAME_DAY_MESSAGE = SAME_DAY_ACTION

SEE_CLINICIAN_MESSAGE = N_(
    "Please see a doctor or other clinician soon, within days, before any massage. "
    "Most people with these signs turn out not to have a serious cause, but a clinician "
    "should rule it out first. Bring this list with you. (gcare-red-flags, ahcpr-1994)"
)

UNDER_18_MESSAGE = N_(
    "backrub is made for adults, so it makes no plan and suggests no self-massage for "
    "anyone under 18. Please talk to a parent or carer and a doctor about your back pain. "
    "This age limit is a product default, not evidence."
)

RESTRICTED_MESSAGE = N_(
    "Some kinds of massage are not safe for you right now; backrub leaves them out of "
    "your plan. These limits are a cautious product default, not evidence: no guideline "
    "sets them. Ask your clinician if one of them does not fit you."
)

CLEAR_MESSAGE = N_(
    "No warning signs in your answers. Massage can sit beside staying active and "
    "exercise, not instead of them (nice-ng59). If one of the warning signs the safety "
    "questions ask about starts (for example new numbness, weakness, or trouble with "
    "your bladder or bowels), stop and answer them again."
)

SCRIPTED_NOTE = N_("answered 'no' to all by a script")

VERDICT_MESSAGE = {
    Verdict.STOP_EMERGENCY: EMERGENCY_MESSAGE,
    Verdict.STOP_SAME_DAY: SAME_DAY_MESSAGE,
    Verdict.STOP_SEE_CLINICIAN: SEE_CLINICIAN_MESSAGE,
    Verdict.NOT_FOR_UNDER_18: UNDER_18_MESSAGE,
    Verdict.RESTRICTED: RESTRICTED_MESSAGE,
    Verdict.CLEAR: CLEAR_MESSAGE,
}

# The verdicts whose words tell the person to call the emergency number.
_CALLS_THE_NUMBER = frozenset({Verdict.STOP_EMERGENCY, Verdict.STOP_SAME_DAY})


def verdict_title(verdict: Verdict | str) -> str:
    """Return the title above a screening's result, in the person's language."""
    return _(VERDICT_TITLE[Verdict(verdict).value])


def verdict_message(verdict: Verdict) -> str:
    """Return what the person should do now, in their language, with the local emergency
    number wherever the words say to call it (``backrub.domain.emergency``)."""
    words = _(VERDICT_MESSAGE[verdict])
    return with_number(words) if verdict in _CALLS_THE_NUMBER else words


def verdict_action(verdict: Verdict, *, ambulance: bool = False) -> str:
    """Return what the person should do now, in their language: the emergency's action
    alone (with the number; its signs go under "Why"; for an ``ambulance`` case, no "or
    go to an emergency department"), any other verdict's words whole."""
    if verdict is Verdict.STOP_EMERGENCY:
        return with_number(_(EMERGENCY_AMBULANCE_ACTION if ambulance else EMERGENCY_ACTION))
    return verdict_message(verdict)
