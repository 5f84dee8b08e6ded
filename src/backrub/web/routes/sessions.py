"""Log massage sessions after the fact: professional ones and self-massage.

Guided self-massage (with the governor and its timer) is a separate part that
joins later; these forms record what was already done.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub import services
from backrub.domain.records import Technique, Tool, Zone
from backrub.domain.routines import zone_label
from backrub.domain.rules import Rule
from backrub.errors import InvalidInput
from backrub.evidence import load_rules
from backrub.web.context import Here, HereDep
from backrub.web.forms import FormDep, FormState, optional, with_error
from backrub.web.routes.today import recent
from backrub.web.security import require_form_token
from backrub.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

PRO_FIELDS = (
    "technique",
    "minutes",
    "at",
    "cost",
    "currency",
    "therapist",
    "subjective",
    "objective",
    "assessment",
    "plan",
)
SELF_FIELDS = (
    "tool",
    "zones",
    "seconds",
    "level",
    "pain_before",
    "pain_during",
    "pain_after",
    "at",
    "note",
)
# Rules shown beside the self-massage form, each with its source.
SELF_RULES = ("self_massage_cap_min", "zone_seconds_default", "zone_seconds_max")


def _label(value: str) -> str:
    return value.replace("_", " ")


def options(enum: Any) -> list[tuple[str, str]]:
    """Return (value, words) for each member; zones in the words the body pages use."""
    if enum is Zone:
        return [(member.value, zone_label(member)) for member in Zone]
    return [(member.value, _label(member.value)) for member in enum]


LEFT_OUT = " (left out by your screening answers)"


def allowed_options(here: Here) -> dict[str, list[tuple[str, str]]]:
    """Return the tool and zone choices, marking those screening leaves out.

    The same rule as the plan and the governor (``services.allowed_now``); a
    left-out choice stays on the form so a session already done can still be
    recorded, with an override and a reason.
    """
    allowed = services.allowed_now(here.store, here.profile)
    zones = {zone for tool_zones in allowed.zones.values() for zone in tool_zones}
    tools = [
        (tool.value, _label(tool.value) + ("" if allowed.allows(tool) else LEFT_OUT))
        for tool in Tool
    ]
    zone_options = [
        (zone.value, _label(zone.value) + ("" if zone in zones else LEFT_OUT)) for zone in Zone
    ]
    return {"tools": tools, "zones": zone_options}


def _rules() -> list[Rule]:
    rules = load_rules()
    return [rules[rule_id] for rule_id in SELF_RULES if rule_id in rules]


@router.get("/sessions")
def sessions(request: Request, here: HereDep) -> Response:
    """Show the two ways to log a session and the last weeks' sessions."""
    history = recent(here, days=28)
    context = {"recent": history, "days": 28, "here": here}
    return render(request, "sessions.html", context, profile_name=here.profile.name)


def _pro_page(request: Request, here: Here, form: FormState, status: int = 200) -> Response:
    context = {"form": form, "techniques": options(Technique), "here": here}
    return render(
        request, "session_pro.html", context, status=status, profile_name=here.profile.name
    )


def _self_page(request: Request, here: Here, form: FormState, status: int = 200) -> Response:
    context = {"form": form, **allowed_options(here), "rules": _rules(), "here": here}
    return render(
        request, "session_self.html", context, status=status, profile_name=here.profile.name
    )


@router.get("/sessions/pro")
def pro_form(request: Request, here: HereDep) -> Response:
    return _pro_page(request, here, FormState())


@router.post("/sessions/pro")
def log_pro(request: Request, here: HereDep, form: FormDep) -> Response:
    """Record a professional session; a bad value comes back next to its field."""
    try:
        services.log_pro_session(
            here.store,
            here.profile,
            now=here.now,
            technique=form.value("technique"),
            duration_min=form.value("minutes"),
            **{name: optional(form, name) for name in PRO_FIELDS[2:]},
        )
    except InvalidInput as error:
        return _pro_page(request, here, with_error(form, error, PRO_FIELDS), status=422)
    return RedirectResponse("/sessions?saved=pro", status_code=303)


@router.get("/sessions/self")
def self_form(request: Request, here: HereDep) -> Response:
    return _self_page(request, here, FormState())


@router.post("/sessions/self")
def log_self(request: Request, here: HereDep, form: FormDep) -> Response:
    """Record a self-massage done without the guided timer."""
    try:
        services.log_self_session(
            here.store,
            here.profile,
            now=here.now,
            tool=form.value("tool"),
            zones=",".join(form.chosen("zones")),
            seconds=optional(form, "seconds"),
            gun_level=optional(form, "level"),
            pain_before=optional(form, "pain_before"),
            pain_during=optional(form, "pain_during"),
            pain_after=optional(form, "pain_after"),
            at=optional(form, "at"),
            note=optional(form, "note"),
        )
    except InvalidInput as error:
        return _self_page(request, here, with_error(form, error, SELF_FIELDS), status=422)
    return RedirectResponse("/sessions?saved=self", status_code=303)
