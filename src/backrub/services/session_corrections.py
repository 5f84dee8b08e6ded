"""Correct a professional or self-massage session: edit or delete it.

Edits go through the parsers of live input (``sessions``); a self-massage
edit is judged by the governor as logging it would be (see ``corrections``
for the rules every correction follows).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from backrub.domain.inputs import parse_choice
from backrub.domain.logged_check import Violation, logged_violations
from backrub.domain.records import Profile, ProSession, SelfSession, Tool
from backrub.errors import InvalidInput, Refusal, Refused
from backrub.evidence import load_rules
from backrub.i18n import N_, _
from backrub.services.corrections import (
    _as_recorded,
    _changes,
    _cost_text,
    _profile_id,
    parse_id,
)
from backrub.services.selfcare import _restrictions, logged_refusal
from backrub.services.selfcare import override_reason as checked_reason
from backrub.services.sessions import PRO_FIELDS, parse_pro_session, parse_self_session

if TYPE_CHECKING:
    from backrub.store import Store

# The governor looks this far back from a session for the day's earlier turns,
# the soreness rule and the gun's level history (as logging does from now).
_GOVERNOR_HISTORY = timedelta(days=60)
SELF_FIELDS = (
    "tool",
    "zones",
    "seconds",
    "gun_level",
    "pain_before",
    "pain_during",
    "pain_after",
    "at",
    "note",
)


# -- professional sessions -------------------------------------------------------------

# A session a clinic's therapist wrote (pro_sessions.therapist_id) is theirs to correct.
THERAPIST_WROTE = "written_by_therapist"
THERAPIST_WROTE_WORDS = N_("Your therapist wrote this session; ask them to correct it.")


def find_pro_session(store: Store, profile: Profile, session_id: object) -> ProSession:
    return store.pro_session(_profile_id(profile), parse_id(session_id))


def session_authors(store: Store, profile: Profile) -> dict[int, str]:
    """Return {session id: therapist's name} for the sessions a clinic's therapist wrote."""
    from backrub.store.session_authors import pro_session_authors

    return pro_session_authors(store, _profile_id(profile))


def therapist_wrote(store: Store, profile: Profile, session_id: object) -> str | None:
    """Return the name of the therapist who wrote the session, or None when the person did."""
    from backrub.store.session_authors import pro_session_authors

    record_id = parse_id(session_id)
    return pro_session_authors(store, _profile_id(profile), record_id).get(record_id)


def only_own_session(store: Store, profile: Profile, session_id: object) -> None:
    """Refuse to change a session a clinic's therapist wrote: the note is theirs."""
    if therapist_wrote(store, profile, session_id) is not None:
        raise Refused(refusal=Refusal(THERAPIST_WROTE, _(THERAPIST_WROTE_WORDS)))


def edit_pro_session(
    store: Store, profile: Profile, session_id: object, *, now: datetime, **changes: object
) -> ProSession:
    """Change some fields of a professional session (``minutes`` for its length).

    A session a clinic's therapist wrote is refused (``written_by_therapist``).
    """
    old = find_pro_session(store, profile, session_id)
    only_own_session(store, profile, session_id)
    given = _changes(changes, PRO_FIELDS)
    if "cost" in given and not str(given["cost"]).strip() and "currency" not in given:
        given["currency"] = ""  # no cost, no currency
    current: dict[str, object] = {
        "technique": old.technique,
        "minutes": old.duration_min,
        "at": old.at,
        "cost": _cost_text(old.cost_cents),
        "currency": old.currency,
        "therapist": old.therapist,
        "subjective": old.subjective,
        "objective": old.objective,
        "assessment": old.assessment,
        "plan": old.plan,
    }
    values = current | given
    new = parse_pro_session(
        _as_recorded(profile, old.tz),
        now=now,
        duration_min=values.pop("minutes"),
        **values,
    )
    return store.replace_pro_session(_profile_id(profile), replace(new, id=old.id))


def delete_pro_session(store: Store, profile: Profile, session_id: object) -> None:
    """Delete a professional session; one a clinic's therapist wrote is refused."""
    find_pro_session(store, profile, session_id)
    only_own_session(store, profile, session_id)
    store.delete_pro_session(_profile_id(profile), parse_id(session_id))


# -- self-massage ----------------------------------------------------------------------


def find_self_session(store: Store, profile: Profile, session_id: object) -> SelfSession:
    return store.self_session(_profile_id(profile), parse_id(session_id))


def _zones_text(session: SelfSession, *, with_seconds: bool) -> str:
    if with_seconds:
        return ",".join(f"{w.zone.value}:{w.seconds}" for w in session.zones)
    return ",".join(w.zone.value for w in session.zones)


def _governor_problems(
    store: Store, profile: Profile, session: SelfSession, *, now: datetime
) -> list[Violation]:
    """Return the rules ``session`` breaks among the profile's other sessions."""
    profile_id = _profile_id(profile)
    since = min(session.at, now) - _GOVERNOR_HISTORY
    others = [s for s in store.self_sessions(profile_id, since=since) if s.id != session.id]
    return logged_violations(
        session,
        now=now,
        tz=profile.tz,
        log=others,
        checkins=store.checkins(profile_id, since=since),
        restrictions=_restrictions(store, profile, guided=False),
        rules=load_rules(),
    )


def edit_self_session(
    store: Store,
    profile: Profile,
    session_id: object,
    *,
    now: datetime,
    override: bool = False,
    override_reason: object = None,
    **changes: object,
) -> SelfSession:
    """Change some fields of a self-massage; the governor judges the edited session.

    An edit that breaks a rule the session did not break before needs ``override``
    with a reason, as logging it would. An edit that leaves the tool, zones,
    seconds, level and time as they were (only pains or the note) keeps the
    session's verdict and any override reason it already has.
    """
    reason = checked_reason(override, override_reason)
    old = find_self_session(store, profile, session_id)
    given = _changes(changes, SELF_FIELDS)
    levels = [w.gun_level for w in old.zones if w.gun_level is not None]
    current: dict[str, object] = {
        "tool": old.tool,
        # New seconds apply to every zone unless the zones are given too.
        "zones": _zones_text(old, with_seconds="seconds" not in given),
        "gun_level": levels[0] if levels else None,
        "pain_before": old.pain_before,
        "pain_during": old.pain_during,
        "pain_after": old.pain_after,
        "at": old.at,
        "note": old.note,
    }
    changes_tool = "tool" in given and "gun_level" not in given
    if changes_tool and parse_choice("tool", given["tool"], Tool) is not Tool.MASSAGE_GUN:
        current["gun_level"] = None
    new = replace(
        parse_self_session(_as_recorded(profile, old.tz), now=now, **(current | given)),
        id=old.id,
        override_reason=old.override_reason,
    )
    if not {"tool", "zones", "seconds", "gun_level"} & set(given):
        # Untouched zones stay exactly as stored (a guided gun session may hold a
        # level per zone, which the one level of the parser would flatten).
        new = replace(new, zones=old.zones)
    if (new.tool, new.zones, new.at) != (old.tool, old.zones, old.at):
        problems = _governor_problems(store, profile, new, now=now)
        if not problems:
            new = replace(new, override_reason=None)
        elif override:
            new = replace(new, override_reason=reason)
        else:
            try:
                before = set(_governor_problems(store, profile, old, now=now))
            except InvalidInput:
                before = set()
            if old.override_reason is None or not set(problems) <= before:
                raise Refused(refusal=logged_refusal(problems))
    elif override:
        new = replace(new, override_reason=reason)
    return store.replace_self_session(_profile_id(profile), new)


def delete_self_session(store: Store, profile: Profile, session_id: object) -> None:
    store.delete_self_session(_profile_id(profile), parse_id(session_id))
