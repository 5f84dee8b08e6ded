"""The shape of a questionnaire or measurement: items, scales, scoring, bands and codes.

The instruments themselves are data in ``backrub.domain.instrument_items``;
``backrub.domain.instruments`` looks them up by id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from backrub.domain.rules import Rules, number

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


def loinc(code: str, display: str) -> Code:
    return Code(LOINC, code, display)


def local(code: str, display: str) -> Code:
    return Code(PROJECT_CODES, code, display)


# The scales several instruments share.
TICK = Scale(0, 1, labels=("not ticked", "ticked"))
FREQUENCY = Scale(
    0, 3, labels=("Not at all", "Several days", "More than half the days", "Nearly every day")
)
AGREE = Scale(0, 1, labels=("Disagree", "Agree"))
BOTHER = Scale(0, 4, labels=("Not at all", "Slightly", "Moderately", "Very much", "Extremely"))
ODI_SECTION = Scale(0, 5)
