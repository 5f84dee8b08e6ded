"""Use cases for self-massage: one governor for every path (guided, logged, web).

Finishing a guided session lives in ``services.guided``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from backrub.domain.allowed import Allowance, allowance, routine_for
from backrub.domain.governor import Decision, decide
from backrub.domain.inputs import parse_choice, parse_text
from backrub.domain.logged_check import Violation, logged_violations
from backrub.domain.records import Profile, SelfSession, Tool
from backrub.domain.restrictions import Restriction
from backrub.domain.routines import Routine
from backrub.errors import InvalidInput, Refusal, Refused, SafetyStop, frozen, shown_day
from backrub.evidence import load_rules
from backrub.i18n import _
from backrub.services.records import saved
from backrub.services.safety import require_safe, safety_state
from backrub.services.sessions import parse_self_session
from backrub.services.trials import no_massage_refusal
from backrub.store import Store

# A day of history is enough for every rule the governor applies (today, and the
# morning after the last session); the gun's level history needs the last sessions.
_HISTORY = timedelta(days=60)


def _restrictions(store: Store, profile: Profile, *, guided: bool) -> frozenset[Restriction]:
    if guided:
        return require_safe(store, profile, what="self-massage").restrictions
    state = safety_state(store, profile)
    if state.is_stopped:
        raise SafetyStop(
            _(
                "screening: your last screening says stop; no self-massage until a clinician "
                "has cleared you."
            ),
            code="clearance_needed",
        )
    return state.restrictions


def allowed_now(store: Store, profile: Profile) -> Allowance:
    """Return the tools and zones screening allows now; a standing stop allows none."""
    state = safety_state(store, profile)
    if state.is_stopped:
        return allowance(frozenset({Restriction.NO_SELF_MASSAGE}))
    return allowance(state.restrictions)


def _history(store: Store, profile: Profile, now: datetime) -> tuple[list[SelfSession], list]:  # type: ignore[type-arg]
    if profile.id is None:
        return [], []
    since = now - _HISTORY
    return (
        store.self_sessions(profile.id, since=since),
        store.checkins(profile.id, since=since),
    )


@dataclass(frozen=True, slots=True)
class SessionPlan:
    """What a guided session may do now: the governor's decision and the routine's words."""

    decision: Decision
    routine: Routine


def plan_session(store: Store, profile: Profile, tool: object, *, now: datetime) -> SessionPlan:
    """Return the session the governor allows now, or raise Refused with the reasons."""
    chosen = parse_choice("tool", tool, Tool)
    restrictions = _restrictions(store, profile, guided=True)
    trial_day = no_massage_refusal(store, profile, now=now)  # an N-of-1 trial without massage
    if trial_day is not None:
        raise Refused(refusal=trial_day)
    rules = load_rules()
    routine = routine_for(chosen, restrictions=restrictions, rules=rules)
    log, checkins = _history(store, profile, now)
    decision = decide(
        chosen,
        now=now,
        tz=profile.tz,
        log=log,
        checkins=checkins,
        restrictions=restrictions,
        rules=rules,
    )
    lifted = [
        _(
            "Cleared by %(who)s on %(day)s: %(what)s.",
            who=lift.cleared_by,
            day=shown_day(lift.cleared_on),
            what=lift.flag.shown,
        )
        for lift in safety_state(store, profile).standing.lifted
    ]
    if lifted:  # what a clinician cleared, and who, beside the governor's own reasons
        decision = replace(decision, reasons=(*decision.reasons, *lifted))
    if not decision.allowed:
        raise Refused(
            refusal=Refusal(
                "self_massage_not_now",
                " ".join(decision.reasons),
                ("tool",),
                possible_at=decision.next_possible,
            )
        )
    return SessionPlan(decision, routine)


OVERRIDE_CODE = "self_massage_rule"


def logged_refusal(violations: Sequence[Violation]) -> Refusal:
    """Return the refusal of a logged session that breaks rules: an override may save it.

    ``allowed`` holds the most seconds the broken time rules allow (in all
    that day, or per zone), when a time rule is among them.
    """
    fields = tuple(dict.fromkeys(v.field for v in violations))
    most: dict[str, int] = {}
    for violation in violations:
        if violation.allowed_seconds is None:
            continue
        key = violation.limit
        most[key] = min(violation.allowed_seconds, most.get(key, violation.allowed_seconds))
    return Refusal(
        OVERRIDE_CODE,
        " ".join(v.text for v in violations),
        fields,
        frozen(most) if most else None,
        override=True,
    )


def override_reason(override: bool, reason: object) -> str | None:
    """Return the override's reason; an override needs one, and a reason needs an override."""
    text = parse_text("reason", reason, max_len=500)
    if override and text is None:
        raise InvalidInput("reason", None, _("an override needs a reason, in a few words"))
    if text is not None and not override:
        raise InvalidInput("reason", text, _("a reason goes with an override"))
    return text


def log_self_session(
    store: Store,
    profile: Profile,
    *,
    now: datetime,
    override: bool = False,
    **values: object,
) -> SelfSession:
    """Record a self-massage done without the timer; the governor's rules still apply.

    Over the cap, on a rest day or above the gun's level is refused, unless
    ``override`` is set with a reason: then it is saved with the reason, and
    history and reports show it.
    """
    reason = override_reason(override, values.pop("override_reason", None))
    session = parse_self_session(profile, now=now, **values)
    restrictions = _restrictions(store, profile, guided=False)
    log, checkins = _history(store, profile, now)
    problems = logged_violations(
        session,
        now=now,
        tz=profile.tz,
        log=log,
        checkins=checkins,
        restrictions=restrictions,
        rules=load_rules(),
    )
    if problems and not override:
        raise Refused(refusal=logged_refusal(problems))
    if problems:
        session = replace(session, override_reason=reason)
    return store.add_self_session(saved(store, profile), session)
