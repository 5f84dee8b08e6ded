"""Turn a person's answers into a score, purely.

``parse_answers`` reads the CLI form ``"A,B,..."`` ('-' = missing) and
``score`` applies the instrument's published rule:

- NRS, sleep, FFD: the one answer.
- PEG (krebs-2009), PSFS (stratford-1995): the mean; every answer required.
- PHQ-2 (kroenke-2003), GAD-2 (kroenke-2007): the sum; 3 or more is a
  positive screen; both answers required.
- PHQ-9 (kroenke-2001), GAD-7 (spitzer-2006): the sum with its severity
  band (5/10/15/20 and 5/10/15); 10 or more is a positive screen; every
  answer required. PHQ-9 item 9 above 0 calls for urgent-help wording
  whatever the total (``needs_urgent_help``).
- RMDQ (roland-fairbank-2000): the number of ticks. On the form an
  unticked statement is a "no" (0), by the authors' design; a statement
  marked not answered ('-') is not a "no", so any unanswered statement
  means no score (2 ticks and 22 blanks are not a score of 2).
- ODI (fairbank-pynsent-2000): sum / (5 x sections answered) x 100; one
  missing section shrinks the denominator, two or more give no score.
- STarT Back (hill-2008): items 1-8 count 1 for "agree"; item 9 counts 1
  only for "very much" or "extremely"; total 0-9, psychosocial subscale
  items 5-9; low (total <= 3), medium (total >= 4, subscale <= 3), high
  (subscale >= 4); every item required.

A score the missing-item rule forbids is ``None``; ``Score.missing`` lists
the unanswered items (1-based) and ``Score.reason`` says in one line what is
missing and why, so a person sees what to fill in rather than a wrong number.
``Unanswered`` is the refusal a service raises when such answers would be
kept: it names every unanswered item.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from backrub.domain.inputs import MAX_DIGITS
from backrub.domain.instruments import Band, Instrument, Missing, Scale, Scoring
from backrub.errors import InvalidInput
from backrub.i18n import N_, _

Answer = int | float | None

_WHOLE = re.compile(r"[+-]?[0-9]+")  # ASCII digits: int() also reads "３"
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")

# hill-2008: item 9 (bothersomeness) counts only for "very much" (3) or "extremely" (4).
STARTBACK_BOTHER_COUNTS_FROM = 3
STARTBACK_PSYCHOSOCIAL = range(4, 9)  # items 5-9, 0-based
STARTBACK_LOW_TOTAL_MAX = 3
STARTBACK_HIGH_SUBSCALE_MIN = 4


@dataclass(frozen=True, slots=True)
class Score:
    instrument: str
    score: int | float | None
    answered: int
    band: str | None = None
    risk: str | None = None
    positive_screen: bool | None = None
    subscales: Mapping[str, int | float] = field(default_factory=lambda: MappingProxyType({}))
    reason: str | None = None  # why there is no score
    urgent_help: bool = False  # show the urgent-help wording (``needs_urgent_help``)
    missing: tuple[int, ...] = ()  # unanswered items, 1-based
    band_published: str | None = None  # the published band label behind ``band``

    @property
    def shown_band(self) -> str | None:
        """Return ``band`` (kept in English for exports) in the current language."""
        return None if self.band is None else _(self.band)

    def to_json(self) -> dict[str, object]:
        """Return the public JSON shape of ``backrub score INSTRUMENT --json``.

        Every key is always present, ``null`` where the instrument defines no
        band, risk group or screen, so scripts can rely on one shape.
        """
        return {
            "instrument": self.instrument,
            "score": self.score,
            "answered": self.answered,
            "band": self.band,
            "risk": self.risk,
            "positive_screen": self.positive_screen,
            "subscales": dict(self.subscales),
            "reason": self.reason,
            "urgent_help": self.urgent_help,
            "missing": list(self.missing),
            "band_published": self.band_published,
        }


class Unanswered(InvalidInput):
    """Answers the instrument's missing-item rule cannot score; names each unanswered item.

    ``urgent_help`` carries ``Score.urgent_help``: a refusal for a blank item
    must still show the urgent-help wording (PHQ-9 item 9 above 0).
    """

    def __init__(self, items: tuple[int, ...], allowed: str, *, urgent_help: bool = False) -> None:
        super().__init__(_field(items[0] - 1), None, allowed)
        self.items = items
        self.urgent_help = urgent_help


def parse_answers(instrument: Instrument, text: str) -> tuple[Answer, ...]:
    """Read ``"A,B,..."`` into answers; '-' marks a missing one.

    Refuses a wrong number of answers (PSFS: 3 to 5), values outside an
    item's scale and anything that is not a number, naming ``answers`` or
    ``answers[N]`` (N counts from 1) in the error.
    """
    tokens = [token.strip() for token in str(text).split(",")]
    _check_count(instrument, len(tokens), text)
    return tuple(_parse_one(instrument, index, token) for index, token in enumerate(tokens))


def score(instrument: Instrument, answers: Sequence[Answer]) -> Score:
    """Score ``answers`` (one per item, ``None`` = missing) by the instrument's rule."""
    checked = check_answers(instrument, answers)
    answered = sum(answer is not None for answer in checked)
    urgent = needs_urgent_help(instrument, checked)
    reason = missing_reason(instrument, checked)
    if reason is not None:
        gaps = tuple(n for n, answer in enumerate(checked, start=1) if answer is None)
        return Score(instrument.id, None, answered, reason=reason, missing=gaps, urgent_help=urgent)
    given = [answer for answer in checked if answer is not None]
    match instrument.scoring:
        case Scoring.SINGLE:
            return Score(instrument.id, given[0], answered)
        case Scoring.MEAN:
            return Score(instrument.id, round(sum(given) / len(given), 2), answered)
        case Scoring.SUM:
            total = int(sum(given))
            cutoff = instrument.screen_cutoff
            positive = None if cutoff is None else total >= cutoff
            severity = find_band(instrument, total)
            return Score(
                instrument.id,
                total,
                answered,
                band=None if severity is None else severity.shown_en,
                positive_screen=positive,
                urgent_help=urgent,
                band_published=None if severity is None else severity.label,
            )
        case Scoring.COUNT:
            return Score(instrument.id, int(sum(given)), answered)
        case Scoring.ODI_PERCENT:
            percent = round(sum(given) / (5 * len(given)) * 100, 2)
            band = find_band(instrument, percent)
            return Score(
                instrument.id,
                percent,
                answered,
                band=None if band is None else band.shown_en,
                band_published=None if band is None else band.label,
            )
        case Scoring.STARTBACK:
            return _score_startback(instrument, [int(a) for a in given])


def urgent_despite_total(instrument: Instrument, result: Score) -> str | None:
    """Return, in the current language, what replaces a reassuring band or negative screen.

    When the urgent-help wording shows but the total is low (PHQ-9 item 9 above
    0 with a "minimal" total and a negative screen), calling the result
    minimal or negative under the urgent-help box would reassure wrongly: the
    words say the total is low but the answer needs attention now. None when
    there is no urgent help, or the screen is already positive.
    """
    if not result.urgent_help or result.positive_screen or result.score is None:
        return None
    if instrument.urgent_item is None:
        return _("Total score low, but your answers need attention now")
    return _(
        "Total score low, but your answer to question %(num)d needs attention now",
        num=instrument.urgent_item,
    )


def needs_urgent_help(instrument: Instrument, answers: Sequence[Answer]) -> bool:
    """Return whether the answers call for the urgent-help wording, missing answers or not.

    PHQ-9 item 9 (thoughts of being better off dead or of self-harm) above 0
    does, whatever the total and even when other items are blank; so does a
    PHQ-2 of 6, the highest total (product default). The wording and where to
    get help: nhs-lpft-need-help-now.
    """
    item = instrument.urgent_item
    if item is not None and len(answers) >= item:
        answer = answers[item - 1]
        if answer is not None and answer > 0:
            return True
    if instrument.urgent_total is not None and all(a is not None for a in answers):
        return sum(a for a in answers if a is not None) >= instrument.urgent_total
    return False


def check_answers(instrument: Instrument, answers: Sequence[Answer]) -> tuple[Answer, ...]:
    """Return ``answers`` as a tuple after checking their count and each item's scale."""
    _check_count(instrument, len(answers), answers)
    for index, answer in enumerate(answers):
        if answer is None:
            continue
        scale = instrument.item_scale(index)
        if not _fits(scale, answer):
            raise InvalidInput(_field(index), answer, _allowed(scale))
    return tuple(answers)


def find_band(instrument: Instrument, value: float) -> Band | None:
    """Return the published band that ``value`` falls in, or ``None`` if it has none."""
    for band in instrument.bands:
        if value <= band.high:
            return band
    return None


def _score_startback(instrument: Instrument, given: list[int]) -> Score:
    counted = [*given[:8], int(given[8] >= STARTBACK_BOTHER_COUNTS_FROM)]
    total = sum(counted)
    psychosocial = sum(counted[i] for i in STARTBACK_PSYCHOSOCIAL)
    if total <= STARTBACK_LOW_TOTAL_MAX:
        risk = "low"
    elif psychosocial >= STARTBACK_HIGH_SUBSCALE_MIN:
        risk = "high"
    else:
        risk = "medium"
    return Score(
        instrument.id,
        total,
        len(given),
        risk=risk,
        subscales=MappingProxyType({"psychosocial": psychosocial}),
    )


def missing_reason(instrument: Instrument, answers: Sequence[Answer]) -> str | None:
    """Return one line naming what is unanswered, or ``None`` if the rule allows a score."""
    gaps = [n for n, answer in enumerate(answers, start=1) if answer is None]
    if not gaps:
        return None
    source = instrument.sources[0]
    match instrument.missing:
        case Missing.ONE_MAY_BE_MISSING:
            if len(gaps) <= 1:
                return None
            return _(
                "%(missing)s; the %(name)s allows at most 1 unanswered section for a score "
                "(%(source)s)",
                missing=_listed("section", gaps),
                name=instrument.name,
                source=source,
            )
        case Missing.ALL_REQUIRED:
            return _(
                "%(missing)s; the %(name)s needs all %(total)d answers for a score (%(source)s)",
                missing=_listed(_item_noun(instrument), gaps),
                name=instrument.name,
                total=len(answers),
                source=source,
            )


def _item_noun(instrument: Instrument) -> str:
    if instrument.scoring is Scoring.COUNT:
        return "statement"
    if instrument.id == "psfs":
        return "activity"
    return "question"


def _listed(noun: str, numbers: Sequence[int]) -> str:
    """Return ``question 3 is unanswered`` or ``questions 2 and 3 are unanswered``."""
    if len(numbers) == 1:
        return _(_ONE[noun], num=numbers[0])
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [
        _("%(first)d to %(last)d", first=r[0], last=r[-1])
        if len(r) >= 3
        else ", ".join(map(str, r))
        for r in runs
    ]
    if len(parts) == 1 and len(runs[0]) >= 3:
        return _(_MANY[noun], numbers=parts[0])
    items = ", ".join(parts).split(", ")
    joined = _("%(some)s and %(last)s", some=", ".join(items[:-1]), last=items[-1])
    return _(_MANY[noun], numbers=joined)


_ONE = {
    "section": N_("section %(num)d is unanswered"),
    "statement": N_("statement %(num)d is unanswered"),
    "activity": N_("activity %(num)d is unanswered"),
    "question": N_("question %(num)d is unanswered"),
}
_MANY = {
    "section": N_("sections %(numbers)s are unanswered"),
    "statement": N_("statements %(numbers)s are unanswered"),
    "activity": N_("activities %(numbers)s are unanswered"),
    "question": N_("questions %(numbers)s are unanswered"),
}


def _check_count(instrument: Instrument, count: int, value: object) -> None:
    low, high = instrument.fewest_items, instrument.max_items
    if low <= count <= high:
        return
    if low == high:
        allowed = _(
            "give exactly %(high)d answers separated by commas, '-' for a missing one", high=high
        )
    else:
        allowed = _(
            "give %(low)d to %(high)d answers separated by commas, '-' for a missing one",
            low=low,
            high=high,
        )
    raise InvalidInput("answers", value, allowed)


def _parse_one(instrument: Instrument, index: int, token: str) -> Answer:
    if token == "-":
        return None
    scale = instrument.item_scale(index)
    pattern = _WHOLE if scale.whole else _DECIMAL
    if not pattern.fullmatch(token):
        raise InvalidInput(_field(index), token, _allowed(scale))
    if len(token.lstrip("+-").lstrip("0")) > MAX_DIGITS:
        raise InvalidInput(_field(index), token, _allowed(scale))  # int() could not even read it
    value: int | float = int(token) if scale.whole else float(token)
    if not _fits(scale, value):
        raise InvalidInput(_field(index), token, _allowed(scale))
    return value


def _fits(scale: Scale, value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if scale.whole and not isinstance(value, int):
        return False
    return math.isfinite(value) and scale.low <= value <= scale.high


def _field(index: int) -> str:
    return f"answers[{index + 1}]"


def _allowed(scale: Scale) -> str:
    return _("use %(scale)s, or '-' for a missing answer", scale=scale.describe())
