"""The JSON shapes of records, plans and screenings: one place for both faces.

The CLI's ``--json`` output and the web API return these dictionaries, so a
record looks the same whichever face gave it. They are public: scripts depend
on them, so change them only with a migration note in the changelog.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backrub.domain.adherence import Adherence
    from backrub.domain.plan_model import Plan
    from backrub.domain.records import CheckIn, Profile, Response
    from backrub.domain.screening import Screening
    from backrub.services.records import History
    from backrub.services.safety import SafetyState
    from backrub.services.screening_summary import ScreeningSummary

Json = dict[str, Any]


def record_json(record: Any) -> Json:
    """Return a record as JSON-ready data: ISO times in UTC, enums as their values."""
    out: Json = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, datetime | date):
            value = value.isoformat()
        elif isinstance(value, Enum):
            value = value.value
        elif isinstance(value, tuple):
            value = [record_json(v) for v in value]
        out[f.name] = value
    return out


def checkin_json(checkin: CheckIn) -> Json:
    return record_json(checkin) | {"kind": "checkin"}


def response_json(response: Response) -> Json:
    """Return a kept questionnaire: answers in item order (null = missing), no score."""
    return {
        "at": response.at.isoformat(),
        "tz": response.tz,
        "instrument": response.instrument,
        "answers": list(response.answers),
        "labels": list(response.labels),
        "id": response.id,
        "kind": "response",
    }


def profile_json(profile: Profile, *, default: str | None) -> Json:
    return record_json(profile) | {"default": profile.name == default}


def history_json(data: History) -> Json:
    """Return the shape of ``backrub history --json`` and ``GET /api/history``."""
    selfs = []
    for s in data.self_sessions:
        selfs.append(record_json(s) | {"kind": "self_session", "total_seconds": s.total_seconds})
    return {
        "profile": data.profile.name,
        "tz": data.profile.tz,
        "checkins": [checkin_json(c) for c in data.checkins],
        "pro_sessions": [record_json(p) | {"kind": "pro_session"} for p in data.pro_sessions],
        "self_sessions": selfs,
        "pain_spots": [record_json(p) | {"kind": "pain_spot"} for p in data.pain_spots],
        "responses": [response_json(r) for r in data.responses],
        "clearances": [
            {
                "cleared_on": c.cleared_on.isoformat(),
                "cleared_by": c.cleared_by,
                "lifts": None if c.lifts is None else list(c.lifts),
                "note": c.note,
            }
            for c in data.clearances
        ],
    }


def plan_json(plan: Plan, done: Adherence | None) -> Json:
    """Return the shape of ``backrub plan show --json`` and ``GET /api/plan``."""
    from backrub.domain.plans import WEEKDAY_NAMES

    slot = plan.self_massage
    out: Json = {
        "protocol": plan.protocol_id,
        "title": plan.title,
        "evidence": list(plan.evidence),
        "start": plan.start.isoformat(),
        "window_end": plan.window_end.isoformat(),
        "days": [WEEKDAY_NAMES[d].lower() for d in sorted(plan.weekdays)],
        "currency": plan.currency,
        "cost_total": None if plan.cost_total is None else str(plan.cost_total),
        "sessions": [
            {
                "on": s.on.isoformat(),
                "duration_min": s.duration_min,
                "cost": None if s.cost is None else str(s.cost),
                "evidence": list(s.evidence),
                "reason": s.reason,
                "moved_from": s.moved_from.isoformat() if s.moved_from else None,
            }
            for s in plan.sessions
        ],
        "self_massage": {
            "at": slot.at.isoformat(timespec="minutes"),
            "cap_min": slot.cap_min,
            "gun_max_min": slot.gun_max_min,
            "tools": [t.value for t in slot.tools],
            "evidence": list(slot.evidence),
            "reason": slot.reason,
        },
        "activity": {
            "minutes_per_day": plan.activity.minutes_per_day,
            "evidence": list(plan.activity.evidence),
            "reason": plan.activity.reason,
        },
        "assessments": [
            {
                "on": a.on.isoformat(),
                "weeks": a.weeks,
                "evidence": list(a.evidence),
                "reason": a.reason,
            }
            for a in plan.assessments
        ],
        "notes": list(plan.notes),
        "unscheduled": [
            {"was_on": u.was_on.isoformat(), "reason": u.reason} for u in plan.unscheduled
        ],
    }
    if done is not None:
        out["adherence"] = {
            "as_of": done.as_of.isoformat(),
            "professional": done.professional.to_json(),
            "self_massage": {"planned": done.self_massage.planned, "done": done.self_massage.done},
            "missed": [d.isoformat() for d in done.missed],
        }
    return out


def screening_json(result: Screening) -> Json:
    """Return one screening: its verdict, the reasons with their sources, and the answers."""
    return {
        "screened_on": result.screened_on.isoformat(),
        "verdict": result.verdict.value,
        "is_stop": result.is_stop,
        "message": result.message,
        "reasons": [
            {
                "question": r.question_id,
                "tier": r.tier.value,
                "words": r.words,
                "sources": list(r.sources),
            }
            for r in result.reasons
        ],
        "restrictions": sorted(r.value for r in result.restrictions),
        "answers": dict(result.answers),
        "complete": result.complete,
        "unanswered": list(result.unanswered),
        "answered_by": result.answered_by.value,
    }


def screening_summary_json(summary: ScreeningSummary) -> Json:
    """Return the shape of ``backrub screen --json`` and ``POST /api/screening``.

    The screening, the restrictions in force (with clearances and the episode's
    leg pain), the leg-pain advice and the episode's stage in both conventions.
    """
    from backrub.domain.verdicts import NOT_A_MEDICAL_DEVICE

    episode = summary.episode
    leg = summary.leg_pain
    data = screening_json(summary.screening)
    data["restrictions"] = sorted(r.value for r in summary.restrictions)
    data["leg_pain"] = {"possible_sciatica": leg.has_sciatica, "advice": leg.advice}
    data["episode"] = None
    if episode is not None:
        data["episode"] = {
            "weeks": round(episode.duration.duration_weeks, 1),
            "research": episode.duration.research.stage.value,
            "acp": episode.duration.acp.stage.value,
            "acp_changes_advice": episode.duration.acp_changes_advice,
            "words": episode.duration.describe(),
        }
    data["not_a_medical_device"] = NOT_A_MEDICAL_DEVICE
    return data


def safety_json(state: SafetyState) -> Json:
    """Return the safety state as JSON: the screening, the lifts and what still stands."""
    standing = state.standing
    return {
        "screening": None if state.screening is None else screening_json(state.screening),
        "stopped": state.is_stopped,
        "cleared": state.cleared,
        "restrictions": sorted(r.value for r in state.restrictions),
        "lifted": [
            {
                "question": lift.flag.id,
                "words": lift.flag.words,
                "cleared_by": lift.cleared_by,
                "cleared_on": lift.cleared_on.isoformat(),
                "scoped": lift.scoped,
            }
            for lift in standing.lifted
        ],
        "clearable": [flag.id for flag in standing.clearable],
        "needs_new_screening": state.needs_new_screening,
    }
