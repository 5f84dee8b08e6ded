"""The mood screens backrub records (PHQ-2, GAD-2, PHQ-9, GAD-7), as data.

Their item wording is in ``backrub.domain.mood``; the shape of an instrument is
``backrub.domain.instrument_model``.
"""

from __future__ import annotations

from backrub.domain.instrument_model import (
    FREQUENCY,
    Band,
    Direction,
    Instrument,
    Item,
    Licence,
    Missing,
    Scoring,
    local,
    loinc,
)
from backrub.domain.mood import FREQUENCY_QUESTION, GAD7_ITEMS, PHQ9_ITEMS
from backrub.i18n import N_

PFIZER_NOTICE = N_(
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc. "
    "No permission required to reproduce, translate, display or distribute."
)

# roland-fairbank-2000: the English original. Statement 9 reads "more slowly than
# usual": the rmdq.org "English (original)" file prints "then", a misprint of
# "than" (statements 3, 22 and 23 use "than usual"); nothing else is changed.


def screen_item(link_id: str, code: str, text: str) -> Item:
    return Item(link_id, text, FREQUENCY, loinc(code, text))


MOOD_SCREENS: tuple[Instrument, ...] = (
    Instrument(
        id="phq2",
        name_en=N_("Patient Health Questionnaire-2 (PHQ-2)"),
        items=(
            screen_item("phq2-1", "44250-9", N_("Little interest or pleasure in doing things")),
            screen_item("phq2-2", "44255-8", N_("Feeling down, depressed, or hopeless")),
        ),
        scoring=Scoring.SUM,
        missing=Missing.ALL_REQUIRED,
        score_low=0,
        score_high=6,
        direction=Direction.HIGHER_IS_WORSE,
        sources=("kroenke-2003",),
        licence=Licence.FREE_WITH_CITATION,
        notice_en=PFIZER_NOTICE,
        instructions_en=N_(
            "Over the last 2 weeks, how often have you been bothered by any of the following "
            "problems?"
        ),
        panel_code=loinc("55757-9", "Patient Health Questionnaire 2 item (PHQ-2) [Reported]"),
        score_code=loinc("55758-7", "Patient Health Questionnaire 2 item (PHQ-2) total score"),
        change_note_en=N_("kroenke-2003: a screener; no minimal important change (use the PHQ-9)"),
        screen_cutoff=3,
        urgent_total=6,  # product default: "nearly every day" to both questions
        next_step="phq9",
    ),
    Instrument(
        id="gad2",
        name_en=N_("Generalized Anxiety Disorder-2 (GAD-2)"),
        items=(
            screen_item("gad2-1", "69725-0", N_("Feeling nervous, anxious or on edge")),
            screen_item("gad2-2", "68509-9", N_("Not being able to stop or control worrying")),
        ),
        scoring=Scoring.SUM,
        missing=Missing.ALL_REQUIRED,
        score_low=0,
        score_high=6,
        direction=Direction.HIGHER_IS_WORSE,
        sources=("kroenke-2007",),
        licence=Licence.FREE_WITH_CITATION,
        notice_en=PFIZER_NOTICE,
        instructions_en=N_(
            "Over the last 2 weeks, how often have you been bothered by the following problems?"
        ),
        # No LOINC code for the GAD-2 total exists; never invent one.
        score_code=local("gad2-total", "GAD-2 total score"),
        change_note_en=N_("kroenke-2007: a screener; no minimal important change (use the GAD-7)"),
        screen_cutoff=3,
        next_step="gad7",
    ),
    Instrument(
        id="phq9",
        name_en=N_("Patient Health Questionnaire-9 (PHQ-9)"),
        items=tuple(
            Item(f"phq9-{n}", text, FREQUENCY, None if code is None else loinc(code, text))
            for n, (code, text) in enumerate(PHQ9_ITEMS, start=1)
        ),
        scoring=Scoring.SUM,
        missing=Missing.ALL_REQUIRED,
        score_low=0,
        score_high=27,
        direction=Direction.HIGHER_IS_WORSE,
        sources=("kroenke-2001",),
        licence=Licence.FREE_WITH_CITATION,
        notice_en=PFIZER_NOTICE,
        instructions_en=FREQUENCY_QUESTION,
        panel_code=loinc("44249-1", "PHQ-9 quick depression assessment panel [Reported.PHQ]"),
        score_code=loinc("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score"),
        bands=(
            Band(4, N_("minimal")),
            Band(9, N_("mild depression")),
            Band(14, N_("moderate depression")),
            Band(19, N_("moderately severe depression")),
            Band(27, N_("severe depression")),
        ),
        change_note_en=N_("kroenke-2001: severity bands 5, 10, 15, 20; 10 or more is worth a talk"),
        screen_cutoff=10,
        urgent_item=9,
    ),
    Instrument(
        id="gad7",
        name_en=N_("Generalized Anxiety Disorder-7 (GAD-7)"),
        items=tuple(
            Item(f"gad7-{n}", text, FREQUENCY, None if code is None else loinc(code, text))
            for n, (code, text) in enumerate(GAD7_ITEMS, start=1)
        ),
        scoring=Scoring.SUM,
        missing=Missing.ALL_REQUIRED,
        score_low=0,
        score_high=21,
        direction=Direction.HIGHER_IS_WORSE,
        sources=("spitzer-2006",),
        licence=Licence.FREE_WITH_CITATION,
        notice_en=PFIZER_NOTICE,
        instructions_en=FREQUENCY_QUESTION,
        panel_code=loinc("69737-5", "Generalized anxiety disorder 7 item (GAD-7)"),
        score_code=loinc("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score"),
        bands=(
            Band(4, N_("minimal")),
            Band(9, N_("mild anxiety")),
            Band(14, N_("moderate anxiety")),
            Band(21, N_("severe anxiety")),
        ),
        change_note_en=N_("spitzer-2006: severity bands 5, 10, 15; 10 or more is worth a talk"),
        screen_cutoff=10,
    ),
)
