"""Questionnaires: the list, a form per instrument, the score with its band or risk.

Item text is shown only where its owner allows it (``Instrument.ships_item_text``).
The ODI and the STarT Back tool ask first for the clinic's licensed item file
(TOML, see ``backrub.domain.licensed``); the file's text then travels with the
form as a hidden field and is checked again when the answers are saved, so
the server keeps nothing between the two requests.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from backrub import services
from backrub.domain.inputs import with_decimal_point
from backrub.domain.instrument_model import Direction
from backrub.domain.instruments import INSTRUMENTS, Instrument, get_instrument
from backrub.domain.licensed import LicensedForm
from backrub.domain.mood import URGENT_SOURCES, urgent_help_words
from backrub.domain.scoring import Unanswered, parse_answers, urgent_despite_total
from backrub.errors import InvalidInput, NotFound
from backrub.i18n import _
from backrub.i18n.formats import number
from backrub.services.licensed import MAX_ITEMS_FILE_BYTES, items_text, licensed_form
from backrub.web.context import Here, HereDep
from backrub.web.forms import FormDep, FormState, optional
from backrub.web.routes.citations import linked
from backrub.web.routes.words import tr
from backrub.web.security import require_form_token
from backrub.web.templating import render
from backrub.web.wording import for_people

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])


def instrument_of(instrument_id: str) -> Instrument:
    """Return the instrument an address names; an unknown one is a page that is not there."""
    try:
        return get_instrument(instrument_id)
    except InvalidInput:
        said = _("no questionnaire %(name)s", name=repr(instrument_id))
        raise NotFound(f"questionnaire: {said}") from None


def answer_field(index: int) -> str:
    """Return the form field of the 1-based item ``index``."""
    return f"answer_{index}"


def field_for(error: InvalidInput, instrument: Instrument) -> str:
    """Return the form field an error from the services belongs to."""
    name = error.field.lstrip("-")
    if name.startswith("answers[") and name.endswith("]"):
        return answer_field(int(name[len("answers[") : -1]))
    if name == "answers" and instrument.id == "psfs":
        return "activities"
    if name in ("activities", "at") or name.startswith("activity_"):
        return name
    if name == "items-file" or name.startswith("items") or name in ("file", "instrument"):
        return "items_file"
    return "form"


def answers_text(instrument: Instrument, form: FormState) -> tuple[str, str | None]:
    """Return the answers as 'A,B,...' ('-' = missing) and PSFS activities as 'a;b;c'."""
    if instrument.id == "psfs":
        rows = []
        for n in range(1, instrument.max_items + 1):
            name = form.value(f"activity_{n}").strip()
            rating = form.value(answer_field(n)).strip()
            if name or rating:
                rows.append((n, name, rating or "-"))
        for n, name, _rating in rows:
            if not name:
                raise InvalidInput(f"activity_{n}", "", _("name the activity you rated"))
            if ";" in name:
                raise InvalidInput(f"activity_{n}", name, _("write it without ';'"))
        ratings = ",".join(_token(n, rating) for n, _name, rating in rows)
        return ratings, ";".join(name for _n, name, _rating in rows)
    tokens = []
    for n in range(1, instrument.max_items + 1):
        raw = form.value(answer_field(n)).strip()
        if instrument.id == "rmdq":
            raw = "1" if raw == "1" else "0"  # an unticked statement is "no" (roland-fairbank-2000)
        tokens.append(_token(n, raw or "-"))
    if all(token == "-" for token in tokens):
        # An empty form is a slip, not a response: keep nothing (the RMDQ never gets here,
        # as an unticked statement is an answer).
        raise InvalidInput("answers", "", _("answer at least one question"))
    return ",".join(tokens), None


def item_errors(instrument: Instrument, form: FormState) -> dict[str, str]:
    """Return the error of each answer that is wrong on its own, so all are shown at once."""
    errors: dict[str, str] = {}
    if instrument.id in ("psfs", "rmdq"):
        return errors  # rated activities are checked in rows; RMDQ boxes cannot be wrong
    for n in range(1, instrument.max_items + 1):
        raw = form.value(answer_field(n)).strip()
        if not raw:
            continue
        tokens = ["-"] * instrument.max_items
        tokens[n - 1] = raw.replace(",", ";")  # a comma is its own mistake, said below
        try:
            parse_answers(instrument, ",".join(tokens))
        except InvalidInput as error:
            if not isinstance(error, Unanswered):
                errors[answer_field(n)] = for_people(error)
    return errors


def _token(n: int, raw: str) -> str:
    token = with_decimal_point(raw)  # "12,5" is 12.5: the answers are joined with commas
    if token is None:
        raise InvalidInput(f"answers[{n}]", raw, _("use one decimal point or comma, e.g. 12.5"))
    return token


def _context(
    here: Here,
    instrument: Instrument,
    form: FormState,
    licensed: LicensedForm | None,
    urgent: bool = False,
) -> dict[str, Any]:
    return {
        "urgent": urgent,
        "urgent_help": urgent_help_words(asks_about_self_harm=True),
        "tr": tr,
        "urgent_sources": URGENT_SOURCES,
        "here": here,
        "instrument": instrument,
        "form": form,
        "licensed": licensed,
        "answer_field": answer_field,
        "scale": tuple(range(11)),
    }


def _form_page(
    request: Request,
    here: Here,
    instrument: Instrument,
    form: FormState,
    licensed: LicensedForm | None = None,
    status: int = 200,
    urgent: bool = False,
) -> Response:
    name = "questionnaire.html"
    if not instrument.ships_item_text and licensed is None:
        name = "questionnaire_licensed.html"
    context = _context(here, instrument, form, licensed, urgent)
    return render(request, name, context, status=status, profile_name=here.profile.name)


@router.get("/questionnaires")
def index(request: Request, here: HereDep) -> Response:
    """List the instruments with their sources and licences."""
    context = {"instruments": list(INSTRUMENTS.values()), "here": here, "tr": tr}
    return render(request, "questionnaires.html", context, profile_name=here.profile.name)


@router.get("/questionnaires/{instrument_id}")
def questionnaire(request: Request, here: HereDep, instrument_id: str) -> Response:
    """Show the form of one instrument (or, for a licensed one, ask for the item file)."""
    return _form_page(request, here, instrument_of(instrument_id), FormState())


@router.post("/questionnaires/{instrument_id}/items")
async def upload_items(request: Request, here: HereDep, instrument_id: str) -> Response:
    """Read the clinic's licensed item file and show the form with its wording."""
    instrument = instrument_of(instrument_id)
    form = await request.form()
    upload = form.get("items_file")
    try:
        if upload is None or isinstance(upload, str) or not upload.filename:
            raise InvalidInput("items_file", None, _("choose the file your clinic gave you"))
        raw = await upload.read(MAX_ITEMS_FILE_BYTES + 1)
        text = items_text(raw, upload.filename)
        licensed = licensed_form(instrument, text)
    except InvalidInput as error:
        state = FormState(errors={"items_file": for_people(error)})
        return _form_page(request, here, instrument, state, status=422)
    finally:
        await form.close()
    return _form_page(request, here, instrument, FormState({"items_text": text}), licensed)


@router.post("/questionnaires/{instrument_id}")
def answer(request: Request, here: HereDep, instrument_id: str, form: FormDep) -> Response:
    """Score and keep the answers; an error comes back next to its item, nothing saved."""
    instrument = instrument_of(instrument_id)
    licensed = None
    try:
        if not instrument.ships_item_text:  # the file's text came back with the answers
            licensed = licensed_form(instrument, form.value("items_text"))
        answers, activities = answers_text(instrument, form)
        _response, result = services.record_response(
            here.store,
            here.profile,
            instrument_id=instrument.id,
            answers=answers,
            labels=activities,
            at=optional(form, "at"),
            now=here.now,
            form=licensed,
        )
    except Unanswered as error:
        # Missing is missing: 4xx, nothing kept, the error beside every unanswered item.
        unanswered = (
            _("No answer to this statement yet.")
            if instrument.id == "rmdq"
            else _("No answer to this question yet.")
        )
        errors = {answer_field(n): unanswered for n in error.items}
        errors["form"] = error.allowed[0].upper() + error.allowed[1:] + "."
        # An answer that calls for urgent help is shown first, even on a refusal.
        state = FormState(form.values, form.lists, errors)
        return _form_page(request, here, instrument, state, licensed, 422, error.urgent_help)
    except InvalidInput as error:
        where = field_for(error, instrument)
        errors = {**item_errors(instrument, form), where: for_people(error)}
        state = FormState(form.values, form.lists, errors)
        if where == "items_file" and licensed is None:
            state = FormState(errors={"items_file": for_people(error)})
        return _form_page(request, here, instrument, state, licensed, status=422)
    context = {
        "instrument": instrument,
        "result": result,
        "here": here,
        "score_words": score_words,
        "low_but_urgent": urgent_despite_total(instrument, result) is not None,
        "linked": linked,
        "urgent_help": urgent_help_words(asks_about_self_harm=instrument.urgent_item is not None),
        "urgent_sources": URGENT_SOURCES,
        "next_step": INSTRUMENTS.get(instrument.next_step or ""),
        "tr": tr,
    }
    return render(request, "questionnaire_result.html", context, profile_name=here.profile.name)


def score_words(instrument_id: str, score: Any) -> str:
    """Return the score on its scale, e.g. '12 out of 24, lower is better (moderate …)'."""
    instrument = instrument_of(instrument_id)
    if score.score is None:
        return _("no score: %(reason)s", reason=tr(score.reason))
    unit = {"%": "%", "cm": " cm"}.get(instrument.unit, "")
    text = f"{number(score.score)}{unit}"
    if not unit and instrument.score_low == 0:
        text = _("%(score)s out of %(high)s", score=text, high=number(instrument.score_high))
    if score.positive_screen is None:  # a screener says positive or negative instead
        if instrument.direction is Direction.HIGHER_IS_WORSE:
            text += ", " + _("lower is better")
        else:
            text += ", " + _("higher is better")
    urgent = urgent_despite_total(instrument, score)
    if urgent is not None:  # not "minimal" or "negative" under the urgent-help box
        return f"{text}. {urgent}."
    if score.band:
        text += f" ({tr(score.band)})"
    if score.risk:
        text += " " + _("(%(risk)s risk)", risk=tr(score.risk))
    if score.positive_screen is not None:
        text += " " + (_("(positive screen)") if score.positive_screen else _("(negative screen)"))
    return text
