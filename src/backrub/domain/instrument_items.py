"""The pain, function and sleep measures backrub records, as data (see ``instrument_model``).

The mood screens are in ``backrub.domain.mood_instruments``.

Item text is shipped only where the owner allows it; the ODI and the STarT Back
tool are scoring only (``backrub.domain.licensed`` loads a clinic's wording).
"""

from __future__ import annotations

from types import MappingProxyType

from backrub.domain.instrument_model import (
    AGREE,
    BOTHER,
    ODI_SECTION,
    SNOMED,
    TICK,
    Band,
    Code,
    Direction,
    Instrument,
    Item,
    Licence,
    Missing,
    Scale,
    Scoring,
    local,
    loinc,
)
from backrub.domain.rules import PRODUCT_DEFAULT
from backrub.i18n import N_

RMDQ_STATEMENTS = (
    N_("I stay at home most of the time because of my back."),
    N_("I change position frequently to try and get my back comfortable."),
    N_("I walk more slowly than usual because of my back."),
    N_("Because of my back I am not doing any of the jobs that I usually do around the house."),
    N_("Because of my back, I use a handrail to get upstairs."),
    N_("Because of my back, I lie down to rest more often."),
    N_("Because of my back, I have to hold on to something to get out of an easy chair."),
    N_("Because of my back, I try to get other people to do things for me."),
    N_("I get dressed more slowly than usual because of my back."),
    N_("I only stand for short periods of time because of my back."),
    N_("Because of my back, I try not to bend or kneel down."),
    N_("I find it difficult to get out of a chair because of my back."),
    N_("My back is painful almost all the time."),
    N_("I find it difficult to turn over in bed because of my back."),
    N_("My appetite is not very good because of my back pain."),
    N_("I have trouble putting on my socks (or stockings) because of the pain in my back."),
    N_("I only walk short distances because of my back."),
    N_("I sleep less well because of my back."),
    N_("Because of my back pain, I get dressed with help from someone else."),
    N_("I sit down for most of the day because of my back."),
    N_("I avoid heavy jobs around the house because of my back."),
    N_("Because of my back pain, I am more irritable and bad tempered with people than usual."),
    N_("Because of my back, I go upstairs more slowly than usual."),
    N_("I stay in bed most of the time because of my back."),
)

NRS_CODE = loinc("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
_INTERFERES = (N_("Does not interfere"), N_("Completely interferes"))

FIRST: tuple[Instrument, ...] = (
    Instrument(
        id="nrs",
        name_en=N_("Pain numeric rating scale (0-10)"),
        words_name_en=N_("Pain"),
        items=(
            Item(
                "nrs",
                N_("How bad is your low back pain right now?"),
                Scale(0, 10, anchors_en=(N_("No pain"), N_("Worst pain imaginable"))),
                NRS_CODE,
            ),
        ),
        scoring=Scoring.SINGLE,
        missing=Missing.ALL_REQUIRED,
        score_low=0,
        score_high=10,
        direction=Direction.HIGHER_IS_WORSE,
        sources=("ostelo-2008",),
        licence=Licence.UNOWNED,
        notice_en=N_("Generic numeric rating scale; no owner."),
        score_code=NRS_CODE,
        mic_rule_id="mic_nrs_points",
        relative_rule_id="mic_relative_pct",
        change_note_en=N_("ostelo-2008: 2 points or 30%% from baseline").replace("%%", "%"),
    ),
    Instrument(
        id="peg",
        name_en=N_("PEG (Pain, Enjoyment of life, General activity)"),
        words_name_en=N_("The PEG pain and interference score"),
        items=(
            Item(
                "peg-p",
                N_("What number best describes your pain on average in the past week?"),
                Scale(0, 10, anchors_en=(N_("No pain"), N_("Pain as bad as you can imagine"))),
            ),
            Item(
                "peg-e",
                N_(
                    "What number best describes how, during the past week, pain has interfered "
                    "with your enjoyment of life?"
                ),
                Scale(0, 10, anchors_en=_INTERFERES),
            ),
            Item(
                "peg-g",
                N_(
                    "What number best describes how, during the past week, pain has interfered "
                    "with your general activity?"
                ),
                Scale(0, 10, anchors_en=_INTERFERES),
            ),
        ),
        scoring=Scoring.MEAN,
        missing=Missing.ALL_REQUIRED,  # krebs-2009 publishes no imputation rule
        score_low=0,
        score_high=10,
        direction=Direction.HIGHER_IS_WORSE,
        sources=("krebs-2009", "reed-2024"),
        licence=Licence.PROBABLY_FREE,
        notice_en=N_(
            "PEG: Krebs EE et al., J Gen Intern Med 2009;24:733-738. The items are adapted "
            "from the Brief Pain Inventory (C.S. Cleeland); widely reused as free, not yet "
            "confirmed by the authors."
        ),
        panel_code=loinc("91148-7", "PEG 3 item pain scale"),
        score_code=loinc("91147-9", "PEG 3 item pain scale mean score"),
        mic_rule_id="mic_peg_points",
        change_note_en=N_(
            "reed-2024: about 1 point (1.0 to 1.75 in people who said they felt better)"
        ),
    ),
    Instrument(
        id="rmdq",
        name_en=N_("Roland-Morris Disability Questionnaire (RMDQ-24)"),
        words_name_en=N_("The Roland-Morris Disability Questionnaire score"),
        items=tuple(
            Item(f"rmdq-{n}", text, TICK) for n, text in enumerate(RMDQ_STATEMENTS, start=1)
        ),
        scoring=Scoring.COUNT,
        missing=Missing.ALL_REQUIRED,
        score_low=0,
        score_high=24,
        direction=Direction.HIGHER_IS_WORSE,
        sources=("roland-fairbank-2000", "ostelo-2008"),
        licence=Licence.FREE_WITH_CITATION,
        notice_en=N_(
            "Roland M, Morris R. Spine 1983;8:141-144. Roland M, Fairbank J. Spine "
            "2000;25:3115-3124: when used in the form reproduced there, no permission is "
            "required from the authors or from Spine."
        ),
        instructions_en=N_(
            "When you read a sentence that describes you today, put a tick against it. If the "
            "sentence does not describe you, then leave the space blank and go on to the next "
            "one. Remember, only tick the sentence if you are sure it describes you today."
        ),
        score_code=local("rmdq-total", "RMDQ-24 total (number of statements ticked)"),
        mic_rule_id="mic_rmdq_points",
        relative_rule_id="mic_relative_pct",
        change_note_en=N_("ostelo-2008: 5 points or 30%% from baseline").replace("%%", "%"),
    ),
    Instrument(
        id="odi",
        name_en=N_("Oswestry Disability Index (ODI v2.1a)"),
        words_name_en=N_("The Oswestry Disability Index"),
        items=tuple(Item(f"odi-{n}", None, ODI_SECTION) for n in range(1, 11)),
        scoring=Scoring.ODI_PERCENT,
        missing=Missing.ONE_MAY_BE_MISSING,
        score_low=0,
        score_high=100,
        direction=Direction.HIGHER_IS_WORSE,
        sources=("fairbank-pynsent-2000", "ostelo-2008"),
        licence=Licence.PERMISSION_REQUIRED,
        notice_en=N_(
            "ODI © Jeremy Fairbank, 1980. All Rights Reserved. Distributed by Mapi Research "
            "Trust; the item text needs a user agreement and is not shipped with backrub."
        ),
        score_code=loinc("97909-6", "Oswestry disability index score ODI"),
        bands=(
            # fairbank-pynsent-2000 labels, kept as published; people read ``words``.
            Band(20, N_("minimal disability")),
            Band(40, N_("moderate disability")),
            Band(60, N_("severe disability")),
            Band(80, "crippled", N_("very severe disability")),
            Band(
                100, "bed-bound or exaggerating", N_("the highest band: disability in most of life")
            ),
        ),
        mic_rule_id="mic_odi_points",
        relative_rule_id="mic_relative_pct",
        change_note_en=N_("ostelo-2008: 10 points or 30%% from baseline").replace("%%", "%"),
        unit="%",
    ),
    Instrument(
        id="startback",
        name_en=N_("Keele STarT Back Screening Tool (9 items)"),
        items=(
            *(Item(f"startback-{n}", None, AGREE) for n in range(1, 9)),
            Item("startback-9", None, BOTHER),
        ),
        scoring=Scoring.STARTBACK,
        missing=Missing.ALL_REQUIRED,
        score_low=0,
        score_high=9,
        direction=Direction.HIGHER_IS_WORSE,
        sources=("hill-2008",),
        licence=Licence.NON_COMMERCIAL,
        notice_en=N_(
            "Copyright (©2021) University of Keele. No license is required for non-commercial "
            "use; commercial use needs permission from Keele University Impact Accelerator "
            "Unit. The item text is not shipped with backrub."
        ),
        score_code=local("startback-total", "STarT Back total score (0-9)"),
        change_note_en=N_(
            "hill-2008: a prognostic stratification tool; no minimal important change"
        ),
        risk_codes=MappingProxyType(
            {  # UK SNOMED CT extension, as listed on Keele's calculator page
                "low": Code(SNOMED, "945621000000107", "STarT Back low risk"),
                "medium": Code(SNOMED, "45641000000100", "STarT Back medium risk"),
                "high": Code(SNOMED, "45601000000103", "STarT Back high risk"),
            }
        ),
    ),
)

# After the mood screens in every list (the order people meet them in).
LATER: tuple[Instrument, ...] = (
    Instrument(
        id="psfs",
        name_en=N_("Patient-Specific Functional Scale (PSFS)"),
        words_name_en=N_("The Patient-Specific Functional Scale score"),
        items=tuple(
            Item(
                f"psfs-{n}",
                N_("How able are you to do this activity today?"),
                Scale(
                    0,
                    10,
                    anchors_en=(N_("Unable to perform"), N_("Able to perform at prior level")),
                ),
            )
            for n in range(1, 6)
        ),
        scoring=Scoring.MEAN,
        missing=Missing.ALL_REQUIRED,
        score_low=0,
        score_high=10,
        direction=Direction.HIGHER_IS_BETTER,
        sources=("stratford-1995",),
        licence=Licence.FREE_WITH_CITATION,
        notice_en=N_("Stratford P et al. Physiotherapy Canada 1995;47:258-263."),
        instructions_en=N_(
            "Name 3 to 5 activities your back makes difficult, and rate each from 0 to 10. "
            "Later, rate the same activities again."
        ),
        score_code=local("psfs-mean", "PSFS mean of the rated activities"),
        mic_rule_id="mdc_psfs_points",
        change_note_en=N_(
            "stratford-1995: a minimal detectable change of 2 points on the mean "
            "(3 for a single activity); no minimal important change is used"
        ),
        change_caveat_en=N_(
            "That figure comes from the form filled in with a clinician (stratford-1995)."
        ),
        min_items=3,
    ),
    Instrument(
        id="sleep",
        name_en=N_("Sleep quality (0-10)"),
        items=(
            Item(
                "sleep",
                N_("How well did you sleep last night?"),
                Scale(0, 10, anchors_en=(N_("Very badly"), N_("Very well"))),
            ),
        ),
        scoring=Scoring.SINGLE,
        missing=Missing.ALL_REQUIRED,
        score_low=0,
        score_high=10,
        direction=Direction.HIGHER_IS_BETTER,
        sources=(PRODUCT_DEFAULT,),
        licence=Licence.UNOWNED,
        notice_en=N_("A plain 0-10 rating chosen by backrub; not a validated sleep instrument."),
        score_code=local("sleep-quality", "Sleep quality last night (0-10)"),
        change_note_en=N_(
            "product default, not evidence: no minimal important change is published"
        ),
    ),
    Instrument(
        id="ffd",
        name_en=N_("Fingertip-to-floor distance"),
        words_name_en=N_("Fingertip-to-floor distance"),
        items=(
            Item(
                "ffd",
                N_(
                    "Stand, bend forward as far as you can with straight knees, and measure "
                    "from fingertips to floor (0 = touching; negative = reaching below floor "
                    "level)."
                ),
                Scale(-30, 80, whole=False, unit="cm"),
            ),
        ),
        scoring=Scoring.SINGLE,
        missing=Missing.ALL_REQUIRED,
        score_low=-30,
        score_high=80,
        direction=Direction.HIGHER_IS_WORSE,
        sources=("robinson-mengshoel-2014",),
        licence=Licence.UNOWNED,
        notice_en=N_("A physical examination procedure; no owner and no item text to licence."),
        instructions_en=N_(
            "Clinicians measure this test; the published figure for how much it must change "
            "(9.8 cm) comes from trained clinicians measuring a mixed group of people, so a "
            "measurement at home is a rough guide."
        ),
        score_code=local("ffd-cm", "Fingertip-to-floor distance"),
        mic_rule_id="sdc_ffd_cm",
        change_note_en=N_(
            "robinson-mengshoel-2014: smallest detectable change 9.8 cm; "
            "no study has yet asked people what size of change mattered to them"
        ),
        change_caveat_en=N_(
            "That figure was measured by trained clinicians in a mixed group of people with "
            "low back pain, pelvic girdle pain or no pain (robinson-mengshoel-2014); "
            "measured at home, the error is likely larger."
        ),
        unit="cm",
    ),
)
