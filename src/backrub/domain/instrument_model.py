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
from backrub.i18n import N_, _

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
    """The answers one item allows: ``low..high``; ``labels`` name each whole value.

    The ``*_en`` fields hold the English source (what exports and the JSON API
    give); ``labels`` and ``anchors`` are the same words in the current language.
    """

    low: float
    high: float
    whole: bool = True
    labels_en: tuple[str, ...] = ()
    anchors_en: tuple[str, str] | None = None  # words for ``low`` and ``high``
    unit: str | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(_(label) for label in self.labels_en)

    @property
    def anchors(self) -> tuple[str, str] | None:
        if self.anchors_en is None:
            return None
        return _(self.anchors_en[0]), _(self.anchors_en[1])

    def describe(self) -> str:
        low, high = _show(self.low), _show(self.high)
        if self.unit:
            if self.whole:
                return _(
                    "a whole number from %(low)s to %(high)s %(unit)s",
                    low=low,
                    high=high,
                    unit=self.unit,
                )
            return _(
                "a number from %(low)s to %(high)s %(unit)s", low=low, high=high, unit=self.unit
            )
        if self.whole:
            return _("a whole number from %(low)s to %(high)s", low=low, high=high)
        return _("a number from %(low)s to %(high)s", low=low, high=high)


@dataclass(frozen=True, slots=True)
class Item:
    """One item; ``text_en`` is the English source, ``text`` the current language's."""

    link_id: str
    text_en: str | None  # None: licensed wording, loaded from the clinic's file
    scale: Scale
    code: Code | None = None

    @property
    def text(self) -> str | None:
        return None if self.text_en is None else _(self.text_en)


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
    def shown_en(self) -> str:
        """Return what a person reads, in English (what a score keeps and exports)."""
        return self.words or self.label

    @property
    def shown(self) -> str:
        """Return what a person reads, in the current language."""
        return _(self.shown_en)


@dataclass(frozen=True, slots=True)
class Instrument:
    """One instrument. Each ``*_en`` field holds the English source, kept for the
    exports and the JSON API; the property of the same name without ``_en``
    (``name``, ``notice``, ``instructions``, ``change_note``, ``change_caveat``,
    ``short_name``) is what a person reads, in the current language."""

    id: str
    name_en: str
    items: tuple[Item, ...]
    scoring: Scoring
    missing: Missing
    score_low: float
    score_high: float
    direction: Direction
    sources: tuple[str, ...]
    licence: Licence
    notice_en: str
    score_code: Code
    panel_code: Code | None = None
    instructions_en: str | None = None
    bands: tuple[Band, ...] = ()
    mic_rule_id: str | None = None  # mic_/mdc_/sdc_: minimal important or detectable change
    relative_rule_id: str | None = None  # the >=30% change rule, where a source supports it
    change_note_en: str = ""
    change_caveat_en: str = ""  # said wherever a change on this instrument is interpreted
    words_name_en: str = ""  # the name in a sentence, where it differs from ``name``
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
    def name(self) -> str:
        return _(self.name_en)

    @property
    def notice(self) -> str:
        return _(self.notice_en)

    @property
    def instructions(self) -> str | None:
        return None if self.instructions_en is None else _(self.instructions_en)

    @property
    def change_note(self) -> str:
        return words(self.change_note_en) if self.change_note_en else ""

    @property
    def change_caveat(self) -> str:
        return _(self.change_caveat_en) if self.change_caveat_en else ""

    @property
    def short_name(self) -> str:
        """Return the name as it reads in a sentence ("Pain", "Roland-Morris ...")."""
        return _(self.words_name_en) if self.words_name_en else self.name

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


def words(text: str) -> str:
    """Return ``text`` in the current language, for a message with a literal ``%``.

    A literal ``%`` ("30% from baseline") is marked for translation as ``%%``
    (``N_("... 30%% from ...").replace("%%", "%")``) so the catalogue's placeholder
    check holds; this looks the doubled form up and formats it back.
    """
    if "%" not in text:
        return _(text)
    return _(text.replace("%", "%%")) % {}


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
TICK = Scale(0, 1, labels_en=(N_("not ticked"), N_("ticked")))
FREQUENCY = Scale(
    0,
    3,
    labels_en=(
        N_("Not at all"),
        N_("Several days"),
        N_("More than half the days"),
        N_("Nearly every day"),
    ),
)
AGREE = Scale(0, 1, labels_en=(N_("Disagree"), N_("Agree")))
BOTHER = Scale(
    0,
    4,
    labels_en=(
        N_("Not at all"),
        N_("Slightly"),
        N_("Moderately"),
        N_("Very much"),
        N_("Extremely"),
    ),
)
ODI_SECTION = Scale(0, 5)
