"""Answers typed into a follow-up form: each checked on its own, or all for scoring.

The form names an answer ``answer_N`` (N from 1, as the app's questionnaire
pages do) and a warning sign ``flag_<question id>`` ("yes" or "no"). An RMDQ
statement left unticked is "no" (roland-fairbank-2000), once the form is finished.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from backrub.domain.inputs import with_decimal_point
from backrub.domain.instruments import Instrument
from backrub.domain.questions import Question
from backrub.domain.scoring import Answer, parse_answers, score
from backrub.errors import InvalidInput
from backrub.i18n import _
from backrub.services.invitations import Problems

YES_NO = ("yes", "no")


def answer_field(n: int) -> str:
    return f"answer_{n}"


def flag_field(question_id: str) -> str:
    return f"flag_{question_id}"


def _token(instrument: Instrument, n: int, raw: str) -> str:
    token = with_decimal_point(raw)
    if token is None:
        words = _("use one decimal point or comma, e.g. 12.5")
        raise InvalidInput(answer_field(n), raw, words)
    tokens = ["-"] * instrument.max_items
    tokens[n - 1] = token
    try:
        parse_answers(instrument, ",".join(tokens))
    except InvalidInput as error:
        raise InvalidInput(answer_field(n), raw, error.allowed) from None
    return token


def _given(instrument: Instrument, given: Mapping[str, str]) -> dict[int, str]:
    found = {}
    for n in range(1, instrument.max_items + 1):
        raw = str(given.get(answer_field(n), "")).strip()
        # An RMDQ box sends "1" or nothing; anything else is refused by its field below.
        if raw:
            found[n] = raw
    return found


def check_part(
    instrument: Instrument, questions: Sequence[Question], given: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Return the answers and warning signs given so far, as typed; every bad one at once."""
    errors: list[InvalidInput] = []
    answers: dict[str, str] = {}
    for n, raw in _given(instrument, given).items():
        try:
            answers[str(n)] = _token(instrument, n, raw)
        except InvalidInput as error:
            errors.append(error)
    flags: dict[str, str] = {}
    for question in questions:
        raw = str(given.get(flag_field(question.id), "")).strip()
        if raw in YES_NO:
            flags[question.id] = raw
        elif raw:
            errors.append(InvalidInput(flag_field(question.id), raw, _("choose yes or no")))
    if errors:
        raise Problems(errors)
    if not answers and not flags:
        raise Problems([InvalidInput(answer_field(1), None, _("answer at least one question"))])
    return answers, flags


def answers_of(
    instrument: Instrument, given: Mapping[str, str], errors: list[InvalidInput]
) -> tuple[Answer, ...] | None:
    """Return the answers, scored as complete; problems go to ``errors`` instead."""
    tokens = ["-"] * instrument.max_items
    wrong: set[int] = set()
    for n, raw in _given(instrument, given).items():
        try:
            tokens[n - 1] = _token(instrument, n, raw)
        except InvalidInput as error:
            errors.append(error)
            wrong.add(n)
    if instrument.id == "rmdq":
        tokens = ["0" if t == "-" else t for t in tokens]
    if all(t == "-" for t in tokens) and not wrong:
        errors.append(InvalidInput(answer_field(1), None, _("answer at least one question")))
        return None
    parsed = parse_answers(instrument, ",".join(tokens))
    result = score(instrument, parsed)
    if result.score is None and result.missing:
        for n in result.missing:
            if n not in wrong:
                errors.append(InvalidInput(answer_field(n), None, _("answer this question")))
        return None
    if wrong:
        return None
    return parsed


def flags_of(
    questions: Sequence[Question], given: Mapping[str, str], errors: list[InvalidInput]
) -> dict[str, bool]:
    """Return each warning sign's answer; one not answered goes to ``errors``."""
    flags: dict[str, bool] = {}
    for question in questions:
        raw = str(given.get(flag_field(question.id), "")).strip()
        if raw not in YES_NO:
            errors.append(InvalidInput(flag_field(question.id), raw or None, _("choose yes or no")))
        else:
            flags[question.id] = raw == "yes"
    return flags


__all__ = ["Problems", "answer_field", "answers_of", "check_part", "flag_field", "flags_of"]
