"""A therapist's pages: the client list, a client's timeline, session notes, the report.

Therapists only (``staff(Role.THERAPIST)``): administrators do not read clinical
data. A client page opens only for the therapist the client is assigned to, in
the same clinic; anything else is the same 404 as an unknown id
(``services.client_record.client_of``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub.domain.accounts import Role, WebSession
from backrub.domain.caseload import STOP_ACTIONS, Concern
from backrub.domain.caseload_follow_up import STOP_LIFTED_AFTER_EMERGENCY
from backrub.domain.emergency import emergency_number
from backrub.domain.follow_up import Administration
from backrub.domain.instruments import get_instrument
from backrub.domain.records import Technique
from backrub.domain.red_flags import shown_words
from backrub.domain.restrictions import Restriction
from backrub.domain.verdicts import VERDICT_TITLE, Verdict
from backrub.errors import InvalidInput
from backrub.i18n import N_, _, current
from backrub.i18n.formats import number
from backrub.reports.model import SECTION_TITLES
from backrub.reports.value_words import value_words
from backrub.services import addenda, caseload, client_record, follow_up_view, safety, trial_care
from backrub.services.client_record import ClientRecord
from backrub.services.reporting import render_report
from backrub.services.safety import SafetyState
from backrub.web.clinic import client_rows
from backrub.web.clinic.audit_trail import LISTED
from backrub.web.clinic.client_rows import Helpers
from backrub.web.clinic.who import staff
from backrub.web.context import Here, backend
from backrub.web.forms import FormDep, FormState, all_errors, optional, with_errors
from backrub.web.routes.corrections import answered
from backrub.web.routes.report import FORMATS, MEDIA
from backrub.web.routes.sessions import options, pro_arguments
from backrub.web.routes.words import tr
from backrub.web.security import require_form_token
from backrub.web.templating import render
from backrub.web.wording import for_people

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

Therapist = Annotated[WebSession, staff(Role.THERAPIST)]
SOAP_FIELDS = ("technique", "minutes", "at", "subjective", "objective", "assessment", "plan")
KINDS = {
    "checkin": N_("check-in"),
    "pro": N_("massage"),
    "self": N_("self-massage"),
    "questionnaire": N_("questionnaire"),
    "screening": N_("screening"),
    "clearance": N_("clearance"),
    "follow_up_sign": N_("follow-up"),
}
# The emergency and same-day stops: "contact the client now / today" on the list.
STOP_CONTACTS = tuple(STOP_ACTIONS[v][1] for v in (Verdict.STOP_EMERGENCY, Verdict.STOP_SAME_DAY))


def _client(request: Request, who: WebSession, public_id: str) -> tuple[ClientRecord, Here]:
    """The assigned client of ``who`` and its view (the client's zone); else NotFound."""
    app = backend(request)
    client = client_record.client_of(app.store, who.account, public_id)
    return client, Here(app, client.profile, app.clock())


def _verdict_title(verdict: Verdict) -> str:
    return _(VERDICT_TITLE[verdict.value])


SIGN_TITLES = {
    Verdict.STOP_EMERGENCY: N_("Emergency sign"),
    Verdict.STOP_SAME_DAY: N_("Warning sign for a doctor today"),
}


def _sign_title(urgency: Verdict | None) -> str:
    """A follow-up "yes" on the timeline: how urgent, in words."""
    return _(SIGN_TITLES.get(urgency or Verdict.STOP_EMERGENCY, N_("Warning sign")))


def _sign_words(a: Administration) -> str:
    """The warning signs a follow-up "yes" found, in words."""
    return ", ".join(shown_words(f, f) for f in a.red_flags)


def _instrument_name(instrument_id: str) -> str:
    return tr(get_instrument(instrument_id).name)


def _words(concern: Concern, tz: str, time: str, day: str) -> str:
    """A concern in the reader's language: what to do, with the emergency number of the
    client's zone, when it was noted (``time`` or ``day``, already in words), a positive
    screen's name and score, the restrictions in words."""
    score = number(concern.score) if concern.score is not None else ""
    name = _instrument_name(concern.name) if concern.name is not None else ""
    found = emergency_number(tz, current())
    return _(
        concern.words,
        name=name,
        score=score,
        time=time,
        day=day,
        number=found if found is not None else _("the local emergency number"),
        restrictions=", ".join(value_words(r) for r in concern.restrictions),
        who=concern.who or "",
        note=concern.note or "",
    )


# What the client list's rows are worded with (web/clinic/client_rows.py).
ROW_HELPERS = Helpers(
    {
        "words": _words,
        "instrument_name": _instrument_name,
        "stop_actions": STOP_CONTACTS,
        "lifted_after_emergency": STOP_LIFTED_AFTER_EMERGENCY,
    }
)


@dataclass(frozen=True, slots=True)
class SafetyWords:
    """The client's safety state with what the therapist's pages say of it, in words."""

    state: SafetyState
    stops: tuple[str, ...]  # the answers that stop massage
    restrictions: str  # the restrictions in force, in words ("" when none)
    no_professional_massage: str  # why professional massage is ruled out ("" if not)


def _safety(here: Here) -> SafetyWords:
    state = safety.safety_state(here.store, here.profile)
    remaining = state.standing.remaining
    kept = tuple(r for r in Restriction if r in state.restrictions)
    ruled_out = [
        shown_words(f.id, f.words)
        for f in remaining
        if Restriction.NO_PROFESSIONAL_MASSAGE in f.restrictions
    ]
    return SafetyWords(
        state=state,
        stops=tuple(shown_words(f.id, f.words) for f in remaining if f.stops),
        restrictions=", ".join(value_words(r.value) for r in kept),
        no_professional_massage="; ".join(ruled_out),
    )


@router.get("/clinic/clients")
def client_list(request: Request, who: Therapist) -> Response:
    """The therapist's clients: urgent first, then questionnaires due, then the longest
    since a check-in."""
    app = backend(request)
    lines = caseload.client_list(app.store, who.account, app.clock())
    # The audit log records one read per client shown (web/clinic/audit_trail.py).
    setattr(request.state, LISTED, tuple(line.public_id for line in lines))
    # An emergency warning sign answered "yes" on a follow-up link: on the list too,
    # not only on the follow-up page (review S6-2).
    alerts = follow_up_view.alerts(app.store, who.account, app.clock())
    env = request.app.state.templates.env
    context = {
        "lines": lines,
        "rows": client_rows.rows(env, lines, follow_up_view.contact_state(alerts), ROW_HELPERS),
        "follow_up_alerts": alerts,
    }
    return render(request, "clinic/clients.html", context)


@router.get("/clinic/clients/{public_id}")
def timeline(request: Request, who: Therapist, public_id: str, days: str = "30") -> Response:
    """The client's records, newest first, a window at a time with an "earlier" link."""
    client, here = _client(request, who, public_id)
    data = client_record.timeline(here.store, client, now=here.now, days=client_record.window(days))
    context = {
        "client": client,
        "public_id": public_id,
        "timeline": data,
        "kinds": {kind: _(words) for kind, words in KINDS.items()},
        "answered": answered,
        "verdict_title": _verdict_title,
        "sign_title": _sign_title,
        "sign_words": _sign_words,
        "here": here,
        "safety": _safety(here),
        "addenda": addenda.addenda_by_session(here.store, here.profile),
        "own_sessions": addenda.session_public_ids(here.store, here.profile, who.account),
        # The client's N-of-1 trial today, so no massage is given in a period without it.
        "trial_line": trial_care.therapist_line(here.store, here.profile, today=here.today),
    }
    return render(request, "clinic/client.html", context)


def _session_page(
    request: Request, here: Here, public_id: str, form: FormState, status: int = 200
) -> Response:
    context = {
        "form": form,
        "techniques": options(Technique),
        "here": here,
        "public_id": public_id,
        "safety": _safety(here),
        "verdict_title": _verdict_title,
    }
    return render(request, "clinic/client_session.html", context, status=status)


@router.get("/clinic/clients/{public_id}/sessions/new")
def session_form(request: Request, who: Therapist, public_id: str) -> Response:
    here = _client(request, who, public_id)[1]
    return _session_page(request, here, public_id, FormState())


@router.post("/clinic/clients/{public_id}/sessions/new")
def session_save(request: Request, who: Therapist, public_id: str, form: FormDep) -> Response:
    """Save a professional session with SOAP notes; a bad value comes back by its field."""
    client, here = _client(request, who, public_id)
    values = {name: optional(form, name) for name in SOAP_FIELDS}

    def check(typed: Mapping[str, str | None]) -> object:
        from backrub.services.sessions import parse_pro_session

        return parse_pro_session(here.profile, now=here.now, **pro_arguments(typed))

    try:
        client_record.write_session(
            here.store, who.account, client, now=here.now, **pro_arguments(values)
        )
    except InvalidInput as error:
        errors = all_errors(error, check, values, {"technique": "other", "minutes": "60"})
        state = with_errors(form, errors, SOAP_FIELDS)
        return _session_page(request, here, public_id, state, status=422)
    return RedirectResponse(f"/clinic/clients/{public_id}?saved=session", status_code=303)


def _report_page(
    request: Request, here: Here, public_id: str, form: FormState, status: int = 200
) -> Response:
    context = {
        "form": form,
        "sections": [(name, _(title)) for name, title in SECTION_TITLES.items()],
        "formats": [(value, _(label)) for value, label in FORMATS],
        "here": here,
        "public_id": public_id,
    }
    return render(request, "clinic/client_report.html", context, status=status)


@router.get("/clinic/clients/{public_id}/report")
def report_page(request: Request, who: Therapist, public_id: str) -> Response:
    here = _client(request, who, public_id)[1]
    start = FormState({"format": "pdf"}, {"sections": tuple(SECTION_TITLES)})
    return _report_page(request, here, public_id, start)


@router.get("/clinic/clients/{public_id}/report/download")
def report_download(request: Request, who: Therapist, public_id: str) -> Response:
    """The client's report, as the client's own Report page makes it."""
    here = _client(request, who, public_id)[1]
    chosen = tuple(request.query_params.getlist("sections"))
    fmt = request.query_params.get("format", "")
    form = FormState({"format": fmt}, {"sections": chosen})
    try:
        if fmt not in MEDIA:
            raise InvalidInput("format", fmt, _("choose pdf or html"))
        if not chosen:
            raise InvalidInput("sections", None, _("choose at least one section"))
        data = render_report(
            here.store, here.profile, now=here.now, fmt=fmt, sections=",".join(chosen)
        )
    except InvalidInput as error:
        where = "sections" if error.field.lstrip("-") == "sections" else "format"
        state = FormState(form.values, form.lists, {where: for_people(error)})
        return _report_page(request, here, public_id, state, 422)
    # No name in the file's name: a display name may not fit a header (and is personal).
    name = f"backrub-report-{here.today.isoformat()}.{fmt}"
    return Response(
        data,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
