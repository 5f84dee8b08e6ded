"""Low mood and anxiety: the PHQ-9 and GAD-7 wording, and the words for urgent help.

The items are as on the Pfizer forms (kroenke-2001, spitzer-2006): public
domain by the owner's statement, kept with its attribution
(``backrub.domain.instruments.PFIZER_NOTICE``): "No permission required to
reproduce, translate, display or distribute."

``URGENT_HELP`` is shown to the person, and ``URGENT_FLAG`` to a clinician,
when ``backrub.domain.scoring.needs_urgent_help`` says so (PHQ-9 item 9 above
0, or a PHQ-2 of 6). Where to get help follows nhs-lpft-need-help-now; when to
show it is a product default. backrub is not a medical device.
"""

from __future__ import annotations

from backrub.domain.emergency import with_number
from backrub.i18n import N_, _

FREQUENCY_QUESTION = N_(
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
# (LOINC item code, text) as on the Pfizer forms; codes as in the US Core PHQ-9 example
# and LOINC's GAD-7 panel listing. GAD-7 items 6 and 7 carry no code here: the
# secondary sources disagree on which code is which, and a wrong code is worse than none.
PHQ9_ITEMS = (
    ("44250-9", N_("Little interest or pleasure in doing things")),
    ("44255-8", N_("Feeling down, depressed, or hopeless")),
    ("44259-0", N_("Trouble falling or staying asleep, or sleeping too much")),
    ("44254-1", N_("Feeling tired or having little energy")),
    ("44251-7", N_("Poor appetite or overeating")),
    (
        "44258-2",
        N_(
            "Feeling bad about yourself - or that you are a failure or have let yourself or "
            "your family down"
        ),
    ),
    (
        "44252-5",
        N_("Trouble concentrating on things, such as reading the newspaper or watching television"),
    ),
    (
        "44253-3",
        N_(
            "Moving or speaking so slowly that other people could have noticed? Or the "
            "opposite - being so fidgety or restless that you have been moving around a lot "
            "more than usual"
        ),
    ),
    (
        "44260-8",
        N_("Thoughts that you would be better off dead or of hurting yourself in some way"),
    ),
)
GAD7_ITEMS: tuple[tuple[str | None, str], ...] = (
    ("69725-0", N_("Feeling nervous, anxious or on edge")),
    ("68509-9", N_("Not being able to stop or control worrying")),
    ("69733-4", N_("Worrying too much about different things")),
    ("69734-2", N_("Trouble relaxing")),
    ("69735-9", N_("Being so restless that it is hard to sit still")),
    (None, N_("Becoming easily annoyed or irritable")),
    (None, N_("Feeling afraid as if something awful might happen")),
)

# Where to get help (nhs-lpft-need-help-now) closes both urgent texts; each text is
# written out whole so that a translator sees one message.
# PHQ-9 item 9 above 0: the person has answered the question about self-harm.
URGENT_HELP = N_(
    "Your answers show thoughts that you would be better off dead or of hurting yourself. "
    "Please get help now. If you might act on these thoughts or your life is at risk, call "
    "your local emergency number or go to an emergency department. Otherwise, today, call an "
    "urgent mental health helpline (in England: NHS 111, the mental health option) or your "
    "doctor, and tell someone you trust."
)
# The highest PHQ-2 (6): the PHQ-2 asks about low mood and loss of interest, never
# about self-harm, so it is not told that it did.
URGENT_HELP_LOW_MOOD = N_(
    "Your answers show very low mood and loss of interest nearly every day. Please talk to "
    "your doctor today. If you have thoughts of harming yourself, please get help now. If you "
    "might act on these thoughts or your life is at risk, call your local emergency number or "
    "go to an emergency department. Otherwise, today, call an urgent mental health helpline "
    "(in England: NHS 111, the mental health option) or your doctor, and tell someone you "
    "trust."
)
URGENT_SOURCES = ("nhs-lpft-need-help-now",)
URGENT_FLAG = N_(
    "needs a clinician's attention now: thoughts of being better off dead or of self-harm"
)
URGENT_FLAG_LOW_MOOD = N_(
    "needs a clinician's attention now: the highest score, low mood and loss of interest "
    "nearly every day"
)


def urgent_help_words(*, asks_about_self_harm: bool) -> str:
    """Return the person's words for an urgent result (self-harm item, or very low mood),
    in their language, with the local emergency number."""
    return with_number(_(URGENT_HELP if asks_about_self_harm else URGENT_HELP_LOW_MOOD))


def urgent_flag(*, asks_about_self_harm: bool) -> str:
    """Return the clinician's words for an urgent result: self-harm item, or very low mood
    (in English, for exports; a report shows ``shown_urgent_flag``)."""
    return URGENT_FLAG if asks_about_self_harm else URGENT_FLAG_LOW_MOOD


def shown_urgent_flag(*, asks_about_self_harm: bool) -> str:
    """Return ``urgent_flag`` in the reader's language."""
    return _(urgent_flag(asks_about_self_harm=asks_about_self_harm))
