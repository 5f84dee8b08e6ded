"""A screening answer as typed: yes/no in several spellings, or the age band.

``backrub.domain.screening`` re-exports ``parse_answer``; it lives here so the
screening module stays one sitting long.
"""

from __future__ import annotations

from backrub.domain.red_flags import AGE_BAND, AgeBand, Answer
from backrub.domain.verdicts import AGE_CHOICES, YES_OR_NO
from backrub.errors import InvalidInput

__all__ = ["parse_answer"]

_AGE_SPELLINGS = {
    "under 18": AgeBand.UNDER_18,
    "under18": AgeBand.UNDER_18,
    "18-19": AgeBand.AGE_18_19,
    "18 or 19": AgeBand.AGE_18_19,
    "20-50": AgeBand.AGE_20_50,
    "20 to 50": AgeBand.AGE_20_50,
    "over 50": AgeBand.OVER_50,
    "over50": AgeBand.OVER_50,
}


def parse_answer(question_id: str, text: object) -> Answer:
    """Return the answer typed for ``question_id``.

    Yes/no questions take yes/no, y/n, true/false or 1/0; the age band takes
    one of its values (``under_18``, ``18_19``, ``20_50``, ``over_50``).
    """
    if question_id == AGE_BAND:
        word = str(text).strip().lower()
        for band in AgeBand:
            if word == band.value:
                return band.value
        if word in _AGE_SPELLINGS:
            return _AGE_SPELLINGS[word].value
        raise InvalidInput(question_id, text, AGE_CHOICES)
    if isinstance(text, bool):
        return text
    word = str(text).strip().lower()
    if word in ("yes", "y", "true", "1"):
        return True
    if word in ("no", "n", "false", "0"):
        return False
    raise InvalidInput(question_id, text, YES_OR_NO)
