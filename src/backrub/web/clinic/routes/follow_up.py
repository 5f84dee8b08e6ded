"""Follow-up questionnaires (issue 14): the client's link, the therapist's pages.

``/follow-up/{token}`` needs no sign-in and shows one questionnaire, nothing
else: no menu, no name, no link to any other page. "Save and finish later"
keeps the answers so far; the next opening shows them again. A therapist
chooses a client's schedule on ``/clinic/clients/{public_id}/follow-up`` (a
link with a QR code for the clinic too) and sees completion and warning signs
on ``/clinic/follow-up``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub import i18n
from backrub.domain.accounts import Role, WebSession
from backrub.domain.emergency import emergency_number, use_place
from backrub.domain.escalation import shown_escalations
from backrub.domain.follow_up import (
    ANSWER_WINDOW,
    REMINDER_DAYS,
    SOURCES,
    Template,
)
from backrub.domain.instruments import get_instrument
from backrub.domain.red_flags import also_advised, shown_same_day_action, shown_words, stop_words
from backrub.domain.verdicts import VERDICT_MESSAGE, Verdict, verdict_message, verdict_title
from backrub.errors import InvalidInput, NotFound
from backrub.i18n import _, current
from backrub.services import client_record, follow_up, follow_up_view
from backrub.services.follow_up import LinkOpening
from backrub.services.follow_up_answers import answer_field, flag_field
from backrub.services.follow_up_schedule import first_recorded, parse_schedule
from backrub.services.invitations import Problems
from backrub.web.clinic.audit_trail import LISTED
from backrub.web.clinic.who import client_address, staff
from backrub.web.context import backend
from backrub.web.forms import FormDep, FormState, with_errors
from backrub.web.language import from_cookie
from backrub.web.routes.words import tr
from backrub.web.security import require_form_token
from backrub.web.templating import render

router = APIRouter(dependencies=[Depends(require_form_token)], include_in_schema=False)

Therapist = Annotated[WebSession, staff(Role.THERAPIST)]
SCHEDULE_FIELDS = ("template", "instruments", "first_session", "every_weeks", "visits")
# A page of one questionnaire: no menu, nobody named (``render`` adds them otherwise).
ALONE = {"nav": (), "signed_in": None, "profile_name": None}


def _errors(error: InvalidInput) -> list[InvalidInput]:
    return error.errors if isinstance(error, Problems) else [error]


def _gone(request: Request, error: NotFound, status: int) -> Response:
    context = {**ALONE, "message": str(error)}
    return render(request, "clinic/follow_up_gone.html", context, status=status)


def _form_fields(request: Request, opening: LinkOpening) -> tuple[str, ...]:
    instrument = get_instrument(opening.administration.instrument)
    answers = tuple(answer_field(n) for n in range(1, instrument.max_items + 1))
    signs = follow_up.signs_of(backend(request).store, opening)
    return answers + tuple(flag_field(q.id) for q in signs)


def _urgency(verdict: Verdict | None, tz: str, findings: Sequence[str] = ()) -> dict[str, Any]:
    """What the "get help" banner says for the stop a follow-up "yes" called for: the
    signs answered "yes" (review CLIN-7 item 13), then the emergency words, else the
    screening's own title and advice for that stop, with the number of the client's zone."""
    found = emergency_number(tz, current())
    message = ""
    if verdict is not None and found is not None:  # the number follows, as a link
        message = _(VERDICT_MESSAGE[verdict])
    elif verdict is Verdict.STOP_EMERGENCY:  # the number unknown: the examples sentence
        with use_place(tz):
            message = verdict_message(verdict)
    elif verdict is not None:  # not an emergency: no call to a number after the advice
        message = _(VERDICT_MESSAGE[verdict])  # (people review 8, F3)
    if verdict is Verdict.STOP_SAME_DAY:  # the signs of getting worse that fit (review 10, M4)
        message = " ".join((shown_same_day_action(findings), *shown_escalations(findings)))
    elif verdict is not None and (own := stop_words(verdict, findings)) != VERDICT_MESSAGE[verdict]:
        message = _(own)  # a cancer answer alone (review CLIN-8 S5)
    return {
        "urgency": verdict,
        "urgency_title": verdict_title(verdict) if verdict is not None else "",
        "urgency_message": message,
        "urgency_findings": [shown_words(f, f) for f in findings],
        "urgency_also": also_advised(findings),
        "number": found if found is not None else _("the local emergency number"),
        "emergency_number": found,
    }


def _saved_state(opening: LinkOpening) -> FormState:
    """The answers kept so far, as the form shows them."""
    partial = opening.administration.partial
    values = {answer_field(int(n)): v for n, v in partial.get("answers", {}).items()}
    values |= {flag_field(q): v for q, v in partial.get("flags", {}).items()}
    return FormState(values, {k: (v,) for k, v in values.items()})


def _language(request: Request, profile_language: str | None) -> str:
    """This browser's choice of language, else the client's own, else the usual order."""
    if from_cookie(request.scope) is None and profile_language:
        return i18n.parse_language(profile_language) or i18n.current()
    return i18n.current()


def _form_page(
    request: Request, opening: LinkOpening, form: FormState, status: int = 200
) -> Response:
    with i18n.use_language(_language(request, opening.language)):
        return _render_form(request, opening, form, status)


def _render_form(request: Request, opening: LinkOpening, form: FormState, status: int) -> Response:
    a = opening.administration
    context: dict[str, Any] = {
        **ALONE,
        "opening": opening,
        "instrument": get_instrument(opening.administration.instrument),
        "licensed": None,
        "form": form,
        "answer_field": answer_field,
        "flag_field": flag_field,
        "scale": tuple(range(11)),
        "signs": follow_up.signs_of(backend(request).store, opening),
        "added": follow_up.added_signs(opening),
        "tr": tr,
        "saved": request.query_params.get("saved") == "1",
        # A warning sign answered "yes" that stops (kept at once): what to do, on every
        # page of the link until it is finished.
        **_urgency(a.urgency, opening.tz, a.red_flags),
    }
    return render(request, "clinic/follow_up_form.html", context, status=status)


@router.get("/follow-up/{token}")
def questionnaire(request: Request, token: str) -> Response:
    app = backend(request)
    with follow_up.link_scope(app.store, token):
        return _questionnaire(request, token)


def _questionnaire(request: Request, token: str) -> Response:
    app = backend(request)
    try:
        opening = follow_up.open_form(app.store, token, app.clock())
    except follow_up.LinkUnknown as error:
        return _gone(request, error, 404)
    except follow_up.LinkDone as error:
        return _gone(request, error, 410)
    return _form_page(request, opening, _saved_state(opening))


@router.post("/follow-up/{token}")
def answer(request: Request, form: FormDep, token: str) -> Response:
    app = backend(request)
    with follow_up.link_scope(app.store, token):
        return _answer(request, form, token)


def _answer(request: Request, form: FormState, token: str) -> Response:
    app = backend(request)
    now = app.clock()
    given = dict(form.values)
    # A question answered twice (only an edited post can): a warning sign with a "yes"
    # among its answers reads as yes, the safe way; the form is then refused (attack
    # review 8, F4: the first answer, a "no", was kept).
    twice = sorted(
        name
        for name, values in form.lists.items()
        if len(set(values)) > 1 and name.startswith(("flag_", "answer_"))
    )
    for name in twice:
        if name.startswith("flag_") and "yes" in form.lists[name]:
            given[name] = "yes"
    # An emergency warning sign answered "yes" is kept first, whatever else the form
    # holds (a wrong answer elsewhere must not lose it); a gone link is answered below.
    with contextlib.suppress(follow_up.LinkUnknown, follow_up.LinkDone):
        follow_up.keep_warning_signs(app.store, token, given, now)
    try:
        if twice:
            raise Problems([InvalidInput(n, None, _("choose one answer")) for n in twice])
        if form.value("action") == "later":
            follow_up.save_part(app.store, token, given, now)
            return RedirectResponse(f"/follow-up/{token}?saved=1", status_code=303)
        shown_in = form.value("language")
        finished = follow_up.finish(app.store, token, given, now, language=shown_in)
    except follow_up.LinkUnknown as error:
        return _gone(request, error, 404)
    except follow_up.LinkDone as error:
        return _gone(request, error, 410)
    except InvalidInput as error:
        try:
            opening = follow_up.opening(app.store, token, now)
        except follow_up.LinkDone as gone:
            return _gone(request, gone, 410)
        state = with_errors(form, _errors(error), _form_fields(request, opening))
        return _form_page(request, opening, state, status=422)
    with i18n.use_language(_language(request, finished.language)):
        said = _urgency(finished.urgency, finished.tz, finished.findings)
        context = {**ALONE, "finished": finished, **said}
        return render(request, "clinic/follow_up_thanks.html", context)


@router.get("/clinic/follow-up")
def overview(request: Request, who: Therapist) -> Response:
    """Warning signs first, then overdue questionnaires, then completion per client."""
    app = backend(request)
    found = follow_up_view.overview(app.store, who.account, app.clock())
    setattr(request.state, LISTED, tuple(line.public_id for line in found.clients))
    context = {"overview": found, "instrument_name": _instrument_name, "days": REMINDER_DAYS}
    return render(request, "clinic/follow_up.html", context)


def _instrument_name(instrument_id: str) -> str:
    return tr(get_instrument(instrument_id).name)


def _client_page(
    request: Request, who: WebSession, public_id: str, form: FormState, **more: Any
) -> Response:
    app = backend(request)
    client = client_record.client_of(app.store, who.account, public_id)
    now = app.clock()
    recorded = first_recorded(app.store, client.profile.id or 0)
    if recorded is not None and not form.values:  # day 0 as the cohort counts it
        form = FormState(values={"first_session": recorded.isoformat()})
    context = {
        "client": client,
        "public_id": public_id,
        "follow_up": follow_up.of_client(app.store, client),
        "first_recorded": recorded,
        "template_options": [(t.value, t.words) for t in Template],
        "instrument_options": [(i.id, tr(i.name)) for i in follow_up.instruments()],
        "form": form,
        "now": now,
        "tz": client.profile.tz,
        "reminder_days": REMINDER_DAYS,
        "window_days": ANSWER_WINDOW.days,
        "sources": SOURCES,
        "instrument_name": _instrument_name,
        "link": None,
        "qr": None,
        "linked_id": None,
        **more,
    }
    return render(request, "clinic/follow_up_client.html", context, status=more.get("status", 200))


@router.get("/clinic/clients/{public_id}/follow-up")
def client_follow_up(request: Request, who: Therapist, public_id: str) -> Response:
    return _client_page(request, who, public_id, FormState())


@router.post("/clinic/clients/{public_id}/follow-up")
def choose(request: Request, who: Therapist, form: FormDep, public_id: str) -> Response:
    app = backend(request)
    client = client_record.client_of(app.store, who.account, public_id)
    try:
        choice = parse_schedule(
            template=form.value("template"),
            instruments=form.chosen("instruments"),
            first_session=form.value("first_session"),
            every_weeks=form.value("every_weeks"),
            visits=form.value("visits"),
            today=app.clock().date(),
        )
        count = follow_up.choose_schedule(
            app.store,
            client,
            choice,
            therapist=who.account,
            now=app.clock(),
            address=client_address(request.scope),
        )
    except InvalidInput as error:
        state = with_errors(form, _errors(error), SCHEDULE_FIELDS)
        return _client_page(request, who, public_id, state, status=422)
    where = f"/clinic/clients/{public_id}/follow-up?saved={count}"
    return RedirectResponse(where, status_code=303)


@router.post("/clinic/clients/{public_id}/follow-up/link")
def link(request: Request, who: Therapist, form: FormDep, public_id: str) -> Response:
    """Make a new link to one open questionnaire, with a QR code, shown once."""
    import segno

    app = backend(request)
    client = client_record.client_of(app.store, who.account, public_id)
    try:
        token = follow_up.new_link(app.store, client, form.value("administration"), app.clock())
    except InvalidInput as error:
        state = with_errors(FormState(), [error], ("administration",))
        return _client_page(request, who, public_id, state, status=422)
    # The configured public address (BACKRUB_PUBLIC_URL, as the e-mails use) when set:
    # behind a proxy the request's own address may be http://127.0.0.1:... (S6-25).
    base = app.settings.public_url.rstrip("/") or str(request.base_url).rstrip("/")
    address = f"{base}/follow-up/{token}"
    qr = segno.make(address, error="m").svg_data_uri(scale=4, border=2)
    # The page holds the token: the app's pages are sent with Cache-Control: no-store.
    linked = form.value("administration")
    return _client_page(request, who, public_id, FormState(), link=address, qr=qr, linked_id=linked)
