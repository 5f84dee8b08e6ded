"""Define the questionnaires and measurements backrub records, as data.

Each ``Instrument`` says what a person answers (items and their scales), how
the answers become a score (``Scoring`` plus the ``Missing`` rule), which way
is better, the bands or risk groups its developers published, the rule ids
of its minimal important change, its codes for FHIR, and its licence.

Item text is shipped only where the owner allows it (NRS, PEG, RMDQ, PHQ-2,
GAD-2, PHQ-9, GAD-7, PSFS, sleep, FFD). The ODI and the STarT Back tool are scoring only:
their ``Item.text`` is ``None`` and a clinic that holds a licence loads the
wording with ``backrub.domain.licensed``. Facts come from
``reference/instruments.md``; every instrument names its evidence ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from backrub.domain.mood import FREQUENCY_QUESTION, GAD7_ITEMS, PHQ9_ITEMS
from backrub.domain.rules import PRODUCT_DEFAULT, Rules, number
from backrub.errors import InvalidInput

LOINC = "http://loinc.org"
PROJECT_CODES = "https://backrub.example/fhir/CodeSystem/instruments"
SNOMED = "http://snomed.info/sct"


class Direction(StrEnum):
    HIGHER_IS_WORSE = "higher_is_worse"
    HIGHER_IS_BETTER = "higher_is_better"


class Scoring(StrEnum):
    """How the answers become one score."""

    SINGLE = "single"  # the one answer is the score
    MEAN = "mean"
    SUM = "sum"
    COUNT = "count"  # number of ticked statements
    ODI_PERCENT = "odi_percent"  # sum / (5 x answered) x 100
    STARTBACK = "startback"  # total 0-9 plus psychosocial subscale and risk group


class Missing(StrEnum):
    """What a missing answer does to the score.

    The RMDQ is ALL_REQUIRED too: on its paper form an unticked statement is a
    "no" (roland-fairbank-2000), and the web form's checkboxes send exactly
    that, but an answer marked '-' (not answered) is not a "no" and is never
    counted as one.
    """

    ALL_REQUIRED = "all_required"  # any missing answer: no score
    ONE_MAY_BE_MISSING = "one_may_be_missing"  # ODI: the denominator shrinks by 5


class Licence(StrEnum):
    UNOWNED = "unowned"  # generic scale or physical test, no owner
    FREE_WITH_CITATION = "free_with_citation"
    PROBABLY_FREE = "probably_free"  # widely treated as free; owner not confirmed
    NON_COMMERCIAL = "non_commercial"  # item text not shipped
    PERMISSION_REQUIRED = "permission_required"  # item text not shipped


@dataclass(frozen=True, slots=True)
class Code:
    system: str
    code: str
    display: str


@dataclass(frozen=True, slots=True)
class Scale:
    """The answers one item allows: ``low..high``; ``labels`` name each whole value."""

    low: float
    high: float
    whole: bool = True
    labels: tuple[str, ...] = ()
    anchors: tuple[str, str] | None = None  # words for ``low`` and ``high``
    unit: str | None = None

    def describe(self) -> str:
        kind = "a whole number" if self.whole else "a number"
        unit = f" {self.unit}" if self.unit else ""
        return f"{kind} from {_show(self.low)} to {_show(self.high)}{unit}"


@dataclass(frozen=True, slots=True)
class Item:
    link_id: str
    text: str | None  # None: licensed wording, loaded from the clinic's file
    scale: Scale
    code: Code | None = None


@dataclass(frozen=True, slots=True)
class Band:
    """A published band: a score up to ``high`` (inclusive) gets ``label``.

    ``label`` is the published wording, kept for the scoring reference;
    ``words`` is what a person reads, in neutral words where the published
    label is not (the ODI's "crippled", "exaggerating").
    """

    high: float
    label: str
    words: str = ""

    @property
    def shown(self) -> str:
        return self.words or self.label


@dataclass(frozen=True, slots=True)
class Instrument:
    id: str
    name: str
    items: tuple[Item, ...]
    scoring: Scoring
    missing: Missing
    score_low: float
    score_high: float
    direction: Direction
    sources: tuple[str, ...]
    licence: Licence
    notice: str
    score_code: Code
    panel_code: Code | None = None
    instructions: str | None = None
    bands: tuple[Band, ...] = ()
    mic_rule_id: str | None = None  # mic_/mdc_/sdc_: minimal important or detectable change
    relative_rule_id: str | None = None  # the >=30% change rule, where a source supports it
    change_note: str = ""
    change_caveat: str = ""  # said wherever a change on this instrument is interpreted
    words_name: str = ""  # the name in a sentence, where it differs from ``name``
    screen_cutoff: int | None = None  # total at or above which a screen is positive
    min_items: int | None = None  # PSFS: the person names 3 to 5 activities
    risk_codes: Mapping[str, Code] = field(default_factory=lambda: MappingProxyType({}))
    unit: str = "{score}"
    # Urgent-help wording (nhs-lpft-need-help-now) shows when the answer to item
    # ``urgent_item`` (1-based) is above 0, or the total reaches ``urgent_total``.
    urgent_item: int | None = None
    urgent_total: int | None = None
    next_step: str | None = None  # the fuller questionnaire a positive screen leads to

    @property
    def short_name(self) -> str:
        """Return the name as it reads in a sentence ("Pain", "Roland-Morris ...")."""
        return self.words_name or self.name

    @property
    def change_is_detectable(self) -> bool:
        """Return whether the change threshold is a detectable (not important) change."""
        return self.mic_rule_id is not None and not self.mic_rule_id.startswith("mic_")

    @property
    def ships_item_text(self) -> bool:
        return self.licence not in (Licence.NON_COMMERCIAL, Licence.PERMISSION_REQUIRED)

    @property
    def max_items(self) -> int:
        return len(self.items)

    @property
    def fewest_items(self) -> int:
        return self.min_items if self.min_items is not None else len(self.items)

    def item_scale(self, index: int) -> Scale:
        """Return the scale of the item at 0-based ``index`` (PSFS items share one)."""
        return self.items[min(index, len(self.items) - 1)].scale


def minimal_change(instrument: Instrument, rules: Rules) -> float | None:
    """Return the absolute minimal important change (or SDC) in score points, if any."""
    if instrument.mic_rule_id is None:
        return None
    return number(rules, instrument.mic_rule_id)


def _show(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _loinc(code: str, display: str) -> Code:
    return Code(LOINC, code, display)


def _local(code: str, display: str) -> Code:
    return Code(PROJECT_CODES, code, display)


def _screen_item(link_id: str, loinc: str, text: str) -> Item:
    return Item(link_id, text, FREQUENCY, _loinc(loinc, text))


ZERO_TO_TEN = Scale(0, 10)
TICK = Scale(0, 1, labels=("not ticked", "ticked"))
FREQUENCY = Scale(
    0, 3, labels=("Not at all", "Several days", "More than half the days", "Nearly every day")
)
AGREE = Scale(0, 1, labels=("Disagree", "Agree"))
BOTHER = Scale(0, 4, labels=("Not at all", "Slightly", "Moderately", "Very much", "Extremely"))
ODI_SECTION = Scale(0, 5)

PFIZER_NOTICE = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc. "
    "No permission required to reproduce, translate, display or distribute."
)

# roland-fairbank-2000: the English original. Statement 9 reads "more slowly than
# usual": the rmdq.org "English (original)" file prints "then", a misprint of
# "than" (statements 3, 22 and 23 use "than usual"); nothing else is changed.
RMDQ_STATEMENTS = (
    "I stay at home most of the time because of my back.",
    "I change position frequently to try and get my back comfortable.",
    "I walk more slowly than usual because of my back.",
    "Because of my back I am not doing any of the jobs that I usually do around the house.",
    "Because of my back, I use a handrail to get upstairs.",
    "Because of my back, I lie down to rest more often.",
    "Because of my back, I have to hold on to something to get out of an easy chair.",
    "Because of my back, I try to get other people to do things for me.",
    "I get dressed more slowly than usual because of my back.",
    "I only stand for short periods of time because of my back.",
    "Because of my back, I try not to bend or kneel down.",
    "I find it difficult to get out of a chair because of my back.",
    "My back is painful almost all the time.",
    "I find it difficult to turn over in bed because of my back.",
    "My appetite is not very good because of my back pain.",
    "I have trouble putting on my socks (or stockings) because of the pain in my back.",
    "I only walk short distances because of my back.",
    "I sleep less well because of my back.",
    "Because of my back pain, I get dressed with help from someone else.",
    "I sit down for most of the day because of my back.",
    "I avoid heavy jobs around the house because of my back.",
    "Because of my back pain, I am more irritable and bad tempered with people than usual.",
    "Because of my back, I go upstairs more slowly than usual.",
    "I stay in bed most of the time because of my back.",
)

NRS_CODE = _loinc("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
_INTERFERES = ("Does not interfere", "Completely interferes")

_ALL = (
    Instrument(
        id="nrs",
        name="Pain numeric rating scale (0-10)",
        words_name="Pain",
        items=(
            Item(
                "nrs",
                "How bad is your low back pain right now?",
                Scale(0, 10, anchors=("No pain", "Worst pain imaginable")),
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
        notice="Generic numeric rating scale; no owner.",
        score_code=NRS_CODE,
        mic_rule_id="mic_nrs_points",
        relative_rule_id="mic_relative_pct",
        change_note="ostelo-2008: 2 points or 30% from baseline",
    ),
    Instrument(
        id="peg",
        name="PEG (Pain, Enjoyment of life, General activity)",
        words_name="The PEG pain and interference score",
        items=(
            Item(
                "peg-p",
                "What number best describes your pain on average in the past week?",
                Scale(0, 10, anchors=("No pain", "Pain as bad as you can imagine")),
            ),
            Item(
                "peg-e",
                "What number best describes how, during the past week, pain has interfered "
                "with your enjoyment of life?",
                Scale(0, 10, anchors=_INTERFERES),
            ),
            Item(
                "peg-g",
                "What number best describes how, during the past week, pain has interfered "
                "with your general activity?",
                Scale(0, 10, anchors=_INTERFERES),
            ),
        ),
        scoring=Scoring.MEAN,
        missing=Missing.ALL_REQUIRED,  # krebs-2009 publishes no imputation rule
        score_low=0,
        score_high=10,
        direction=Direction.HIGHER_IS_WORSE,
        sources=("krebs-2009", "reed-2024"),
        licence=Licence.PROBABLY_FREE,
        notice=(
            "PEG: Krebs EE et al., J Gen Intern Med 2009;24:733-738. The items are adapted "
            "from the Brief Pain Inventory (C.S. Cleeland); widely reused as free, not yet "
            "confirmed by the authors."
        ),
        panel_code=_loinc("91148-7", "PEG 3 item pain scale"),
        score_code=_loinc("91147-9", "PEG 3 item pain scale mean score"),
        mic_rule_id="mic_peg_points",
        change_note="reed-2024: about 1 point (anchor-based 1.0-1.75)",
    ),
    Instrument(
        id="rmdq",
        name="Roland-Morris Disability Questionnaire (RMDQ-24)",
        words_name="The Roland-Morris Disability Questionnaire score",
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
        notice=(
            "Roland M, Morris R. Spine 1983;8:141-144. Roland M, Fairbank J. Spine "
            "2000;25:3115-3124: when used in the form reproduced there, no permission is "
            "required from the authors or from Spine."
        ),
        instructions=(
            "When you read a sentence that describes you today, put a tick against it. If the "
            "sentence does not describe you, then leave the space blank and go on to the next "
            "one. Remember, only tick the sentence if you are sure it describes you today."
        ),
        score_code=_local("rmdq-total", "RMDQ-24 total (number of statements ticked)"),
        mic_rule_id="mic_rmdq_points",
        relative_rule_id="mic_relative_pct",
        change_note="ostelo-2008: 5 points or 30% from baseline",
    ),
    Instrument(
        id="odi",
        name="Oswestry Disability Index (ODI v2.1a)",
        words_name="The Oswestry Disability Index",
        items=tuple(Item(f"odi-{n}", None, ODI_SECTION) for n in range(1, 11)),
        scoring=Scoring.ODI_PERCENT,
        missing=Missing.ONE_MAY_BE_MISSING,
        score_low=0,
        score_high=100,
        direction=Direction.HIGHER_IS_WORSE,
        sources=("fairbank-pynsent-2000", "ostelo-2008"),
        licence=Licence.PERMISSION_REQUIRED,
        notice=(
            "ODI © Jeremy Fairbank, 1980. All Rights Reserved. Distributed by Mapi Research "
            "Trust; the item text needs a user agreement and is not shipped with backrub."
        ),
        score_code=_loinc("97909-6", "Oswestry disability index score ODI"),
        bands=(
            # fairbank-pynsent-2000 labels, kept as published; people read ``words``.
            Band(20, "minimal disability"),
            Band(40, "moderate disability"),
            Band(60, "severe disability"),
            Band(80, "crippled", "very severe disability"),
            Band(100, "bed-bound or exaggerating", "the highest band: disability in most of life"),
        ),
        mic_rule_id="mic_odi_points",
        relative_rule_id="mic_relative_pct",
        change_note="ostelo-2008: 10 points or 30% from baseline",
        unit="%",
    ),
    Instrument(
        id="startback",
        name="Keele STarT Back Screening Tool (9 items)",
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
        notice=(
            "Copyright (©2021) University of Keele. No license is required for non-commercial "
            "use; commercial use needs permission from Keele University Impact Accelerator "
            "Unit. The item text is not shipped with backrub."
        ),
        score_code=_local("startback-total", "STarT Back total score (0-9)"),
        change_note="hill-2008: a prognostic stratification tool; no minimal important change",
        risk_codes=MappingProxyType(
            {  # UK SNOMED CT extension, as listed on Keele's calculator page
                "low": Code(SNOMED, "945621000000107", "STarT Back low risk"),
                "medium": Code(SNOMED, "45641000000100", "STarT Back medium risk"),
                "high": Code(SNOMED, "45601000000103", "STarT Back high risk"),
            }
        ),
    ),
    Instrument(
        id="phq2",
        name="Patient Health Questionnaire-2 (PHQ-2)",
        items=(
            _screen_item("phq2-1", "44250-9", "Little interest or pleasure in doing things"),
            _screen_item("phq2-2", "44255-8", "Feeling down, depressed, or hopeless"),
        ),
        scoring=Scoring.SUM,
        missing=Missing.ALL_REQUIRED,
        score_low=0,
        score_high=6,
        direction=Direction.HIGHER_IS_WORSE,
        sources=("kroenke-2003",),
        licence=Licence.FREE_WITH_CITATION,
        notice=PFIZER_NOTICE,
        instructions=(
            "Over the last 2 weeks, how often have you been bothered by any of the following "
            "problems?"
        ),
        panel_code=_loinc("55757-9", "Patient Health Questionnaire 2 item (PHQ-2) [Reported]"),
        score_code=_loinc("55758-7", "Patient Health Questionnaire 2 item (PHQ-2) total score"),
        change_note="kroenke-2003: a screener; no minimal important change (use the PHQ-9)",
        screen_cutoff=3,
        urgent_total=6,  # product default: "nearly every day" to both questions
        next_step="phq9",
    ),
    Instrument(
        id="gad2",
        name="Generalized Anxiety Disorder-2 (GAD-2)",
        items=(
            _screen_item("gad2-1", "69725-0", "Feeling nervous, anxious or on edge"),
            _screen_item("gad2-2", "68509-9", "Not being able to stop or control worrying"),
        ),
        scoring=Scoring.SUM,
        missing=Missing.ALL_REQUIRED,
        score_low=0,
        score_high=6,
        direction=Direction.HIGHER_IS_WORSE,
        sources=("kroenke-2007",),
        licence=Licence.FREE_WITH_CITATION,
        notice=PFIZER_NOTICE,
        instructions=(
            "Over the last 2 weeks, how often have you been bothered by the following problems?"
        ),
        # No LOINC code for the GAD-2 total exists; never invent one.
        score_code=_local("gad2-total", "GAD-2 total score"),
        change_note="kroenke-2007: a screener; no minimal important change (use the GAD-7)",
        screen_cutoff=3,
        next_step="gad7",
    ),
    Instrument(
        id="phq9",
        name="Patient Health Questionnaire-9 (PHQ-9)",
        items=tuple(
            Item(f"phq9-{n}", text, FREQUENCY, None if code is None else _loinc(code, text))
            for n, (code, text) in enumerate(PHQ9_ITEMS, start=1)
        ),
        scoring=Scoring.SUM,
        missing=Missing.ALL_REQUIRED,
        score_low=0,
        score_high=27,
        direction=Direction.HIGHER_IS_WORSE,
        sources=("kroenke-2001",),
        licence=Licence.FREE_WITH_CITATION,
        notice=PFIZER_NOTICE,
        instructions=FREQUENCY_QUESTION,
        panel_code=_loinc("44249-1", "PHQ-9 quick depression assessment panel [Reported.PHQ]"),
        score_code=_loinc("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score"),
        bands=(
            Band(4, "minimal"),
            Band(9, "mild depression"),
            Band(14, "moderate depression"),
            Band(19, "moderately severe depression"),
            Band(27, "severe depression"),
        ),
        change_note="kroenke-2001: severity bands 5, 10, 15, 20; 10 or more is worth a talk",
        screen_cutoff=10,
        urgent_item=9,
    ),
    Instrument(
        id="gad7",
        name="Generalized Anxiety Disorder-7 (GAD-7)",
        items=tuple(
            Item(f"gad7-{n}", text, FREQUENCY, None if code is None else _loinc(code, text))
            for n, (code, text) in enumerate(GAD7_ITEMS, start=1)
        ),
        scoring=Scoring.SUM,
        missing=Missing.ALL_REQUIRED,
        score_low=0,
        score_high=21,
        direction=Direction.HIGHER_IS_WORSE,
        sources=("spitzer-2006",),
        licence=Licence.FREE_WITH_CITATION,
        notice=PFIZER_NOTICE,
        instructions=FREQUENCY_QUESTION,
        panel_code=_loinc("69737-5", "Generalized anxiety disorder 7 item (GAD-7)"),
        score_code=_loinc("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score"),
        bands=(
            Band(4, "minimal"),
            Band(9, "mild anxiety"),
            Band(14, "moderate anxiety"),
            Band(21, "severe anxiety"),
        ),
        change_note="spitzer-2006: severity bands 5, 10, 15; 10 or more is worth a talk",
        screen_cutoff=10,
    ),
    Instrument(
        id="psfs",
        name="Patient-Specific Functional Scale (PSFS)",
        words_name="The Patient-Specific Functional Scale score",
        items=tuple(
            Item(
                f"psfs-{n}",
                "How able are you to do this activity today?",
                Scale(0, 10, anchors=("Unable to perform", "Able to perform at prior level")),
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
        notice="Stratford P et al. Physiotherapy Canada 1995;47:258-263.",
        instructions=(
            "Name 3 to 5 activities your back makes difficult, and rate each from 0 to 10. "
            "Later, rate the same activities again."
        ),
        score_code=_local("psfs-mean", "PSFS mean of the rated activities"),
        mic_rule_id="mdc_psfs_points",
        change_note=(
            "stratford-1995: a minimal detectable change of 2 points on the mean "
            "(3 for a single activity); no minimal important change is used"
        ),
        change_caveat=(
            "That figure comes from the form filled in with a clinician (stratford-1995)."
        ),
        min_items=3,
    ),
    Instrument(
        id="sleep",
        name="Sleep quality (0-10)",
        items=(
            Item(
                "sleep",
                "How well did you sleep last night?",
                Scale(0, 10, anchors=("Very badly", "Very well")),
            ),
        ),
        scoring=Scoring.SINGLE,
        missing=Missing.ALL_REQUIRED,
        score_low=0,
        score_high=10,
        direction=Direction.HIGHER_IS_BETTER,
        sources=(PRODUCT_DEFAULT,),
        licence=Licence.UNOWNED,
        notice="A plain 0-10 rating chosen by backrub; not a validated sleep instrument.",
        score_code=_local("sleep-quality", "Sleep quality last night (0-10)"),
        change_note="product default, not evidence: no minimal important change is published",
    ),
    Instrument(
        id="ffd",
        name="Fingertip-to-floor distance",
        words_name="Fingertip-to-floor distance",
        items=(
            Item(
                "ffd",
                "Stand, bend forward as far as you can with straight knees, and measure from "
                "fingertips to floor (0 = touching; negative = reaching below floor level).",
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
        notice="A physical examination procedure; no owner and no item text to licence.",
        instructions=(
            "Clinicians measure this test; the published figure for how much it must change "
            "(9.8 cm) comes from trained clinicians measuring a mixed group of people, so a "
            "measurement at home is a rough guide."
        ),
        score_code=_local("ffd-cm", "Fingertip-to-floor distance"),
        mic_rule_id="sdc_ffd_cm",
        change_note=(
            "robinson-mengshoel-2014: smallest detectable change 9.8 cm; "
            "no anchor-based minimal important change exists"
        ),
        change_caveat=(
            "That figure was measured by trained clinicians in a mixed group of people with "
            "low back pain, pelvic girdle pain or no pain (robinson-mengshoel-2014); "
            "measured at home, the error is likely larger."
        ),
        unit="cm",
    ),
)

INSTRUMENTS: Mapping[str, Instrument] = MappingProxyType({i.id: i for i in _ALL})


def get_instrument(instrument_id: str) -> Instrument:
    """Return the instrument called ``instrument_id`` (case and spaces forgiven)."""
    found = INSTRUMENTS.get(str(instrument_id).strip().lower())
    if found is None:
        raise InvalidInput("instrument", instrument_id, "choose one of: " + ", ".join(INSTRUMENTS))
    return found
