"""Log massage sessions after the fact: professional ones and self-massage.

Guided self-massage (with the governor and its timer) is a separate part that
joins later; these forms record what was already done.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub import services
from backrub.domain.records import Technique, Tool, Zone
from backrub.domain.routines import zone_label, zones_for
from backrub.domain.rules import Rule
from backrub.errors import InvalidInput, Refused, SafetyStop
from backrub.evidence import load_rules
from backrub.i18n import N_, _
from backrub.i18n.formats import number
from backrub.services.sessions import PRO_FIELDS as SERVICE_PRO_FIELDS
from backrub.services.trials import off_schedule_note
from backrub.web.context import Here, HereDep
from backrub.web.forms import FormDep, FormState, all_errors, optional, with_errors
from backrub.web.routes.today import recent
from backrub.web.routes.words import technique_name, tool_name, tr
from backrub.web.security import require_form_token
from backrub.web.templating import render
from backrub.web.wording import refusal_errors

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

# The professional-session form's fields are the names the services use: one list.
PRO_FIELDS = SERVICE_PRO_FIELDS
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
# The self-massage form with its override: a refused session can be saved with a reason.
SELF_LOG_FIELDS = (*SELF_FIELDS, "reason")
# Rules shown beside the self-massage form, in words, each with its source.
SELF_RULES = {
    "self_massage_cap_min": N_(
        "Tennis ball and foam roller together: at most %(value)s min a day."
    ),
    "zone_seconds_default": N_("About %(value)s seconds on each zone."),
    "zone_seconds_max": N_("At most %(value)s seconds on one zone."),
}


def _label(value: str) -> str:
    return value.replace("_", " ")


def zone_words(zone: Zone) -> str:
    """Return the zone's name for people, in their language."""
    return tr(zone_label(zone))


def options(enum: Any) -> list[tuple[str, str]]:
    """Return (value, words) for each member; zones in the words the body pages use."""
    if enum is Zone:
        return [(member.value, zone_words(member)) for member in Zone]
    if enum is Tool:
        return [(member.value, tool_name(member)) for member in Tool]
    if enum is Technique:
        return [(member.value, technique_name(member)) for member in Technique]
    return [(member.value, _label(member.value)) for member in enum]


LEFT_OUT = N_(" (left out by your screening answers)")


def allowed_options(here: Here) -> dict[str, list[tuple[str, str]]]:
    """Return the tool and zone choices, marking those screening leaves out.

    The same rule as the plan and the governor (``services.allowed_now``); a
    left-out choice stays on the form so a session already done can still be
    recorded, with an override and a reason.
    """
    allowed = services.allowed_now(here.store, here.profile)
    zones = {zone for tool_zones in allowed.zones.values() for zone in tool_zones}
    tools = [
        (tool.value, tool_name(tool) + ("" if allowed.allows(tool) else _(LEFT_OUT)))
        for tool in Tool
    ]
    zone_options = [
        (zone.value, zone_words(zone) + ("" if zone in zones else _(LEFT_OUT))) for zone in Zone
    ]
    return {"tools": tools, "zones": zone_options}


def tool_limits() -> list[tuple[str, str, str]]:
    """Return (tool words, its routine's page, the zones it leaves out) for each such tool."""
    limits = []
    for tool in Tool:
        out = [zone_words(zone) for zone in Zone if zone not in zones_for(tool)]
        if out:
            limits.append((tool_name(tool), f"/guided/plan?tool={tool.value}", ", ".join(out)))
    return limits


def _rules() -> list[tuple[str, Rule]]:
    """Return each rule beside the form as a sentence, with the rule for its source."""
    rules = load_rules()
    return [
        (_(words, value=number(rules[rule_id].value)), rules[rule_id])
        for rule_id, words in SELF_RULES.items()
        if rule_id in rules
    ]


def pro_arguments(typed: Mapping[str, str | None]) -> dict[str, str | None]:
    """Return the service's arguments from the professional-session form's fields."""
    arguments = {name: typed.get(name) for name in PRO_FIELDS}
    arguments["technique"] = arguments["technique"] or ""
    arguments["duration_min"] = arguments.pop("minutes") or ""
    return arguments


def self_values(form: FormState) -> dict[str, str | None]:
    """Return the self-massage form's typed values by field (zones as 'a,b')."""
    values = {name: optional(form, name) for name in SELF_FIELDS}
    values["zones"] = ",".join(form.chosen("zones")) or None
    return values


def self_errors(
    here: Here, values: Mapping[str, str | None], first: InvalidInput
) -> list[InvalidInput]:
    """Return ``first`` and the other mistakes of a self-massage form, checked without saving."""

    def check(typed: Mapping[str, str | None]) -> object:
        arguments = dict(typed)
        arguments["gun_level"] = arguments.pop("level")
        return services.parse_self_session(here.profile, now=here.now, **arguments)

    # Stand-ins that agree with what was typed: a level typed means the gun.
    known = values["tool"] in {tool.value for tool in Tool}
    gun = values["tool"] == Tool.MASSAGE_GUN.value or (not known and values["level"] is not None)
    stand_ins = {
        "tool": Tool.MASSAGE_GUN.value if gun else Tool.HANDS.value,
        "zones": next(iter(Zone)).value,
        "seconds": "60",
        **({"level": "1"} if gun else {}),
    }
    return all_errors(first, check, values, stand_ins, {"gun_level": "level"})


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


def _self_page(
    request: Request, here: Here, form: FormState, status: int = 200, *, override: bool = False
) -> Response:
    """Render the self-massage form; ``override`` offers to record it anyway, with a reason."""
    offer = override or bool(form.value("reason")) or form.error("reason") is not None
    context = {"form": form, **allowed_options(here), "rules": _rules(), "offer_override": offer}
    context["here"] = here
    context["tool_limits"] = tool_limits()
    return render(
        request, "session_self.html", context, status=status, profile_name=here.profile.name
    )


@router.get("/sessions/pro")
def pro_form(request: Request, here: HereDep) -> Response:
    return _pro_page(request, here, FormState())


@router.post("/sessions/pro")
def log_pro(request: Request, here: HereDep, form: FormDep) -> Response:
    """Record a professional session; a bad value comes back next to its field."""
    values = {name: optional(form, name) for name in PRO_FIELDS}

    def check(typed: Mapping[str, str | None]) -> object:
        return services.parse_pro_session(here.profile, now=here.now, **pro_arguments(typed))

    try:
        kept = services.log_pro_session(
            here.store, here.profile, now=here.now, **pro_arguments(values)
        )
    except InvalidInput as error:
        errors = all_errors(error, check, values, {"technique": "other", "minutes": "60"})
        return _pro_page(request, here, with_errors(form, errors, PRO_FIELDS), status=422)
    off = off_schedule_note(here.store, here.profile, at=kept.at, tz=kept.tz)
    return RedirectResponse(
        "/sessions?saved=pro" + ("&trial_day=off" if off else ""), status_code=303
    )


@router.get("/sessions/self")
def self_form(request: Request, here: HereDep) -> Response:
    return _self_page(request, here, FormState())


@router.post("/sessions/self")
def log_self(request: Request, here: HereDep, form: FormDep) -> Response:
    """Record a self-massage done without the guided timer.

    When a rule says no, the same page comes back with everything typed kept,
    the reason next to the fields it concerns, and an offer to record it
    anyway with a reason (kept and shown in history and reports).
    """
    try:
        services.log_self_session(
            here.store,
            here.profile,
            now=here.now,
            override=form.value("override") == "yes",
            override_reason=optional(form, "reason"),
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
        errors = self_errors(here, self_values(form), error)
        state = with_errors(form, errors, SELF_LOG_FIELDS, {"gun_level": "level"})
        return _self_page(request, here, state, status=422)
    except (Refused, SafetyStop) as error:
        refusal = error.refusal
        state = FormState(form.values, form.lists, refusal_errors(refusal, SELF_FIELDS))
        return _self_page(request, here, state, status=409, override=refusal.override)
    return RedirectResponse("/sessions?saved=self", status_code=303)
