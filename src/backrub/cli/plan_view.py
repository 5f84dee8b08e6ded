"""How a plan looks in the terminal and as JSON (``plan show --json``, a public shape)."""

from __future__ import annotations

from typing import Any

import click

from backrub.domain.adherence import Adherence
from backrub.domain.plans import Plan

NOT_EVIDENCE = "product default, not evidence"


def plan_json(plan: Plan, done: Adherence | None) -> dict[str, Any]:
    slot = plan.self_massage
    out: dict[str, Any] = {
        "protocol": plan.protocol_id,
        "title": plan.title,
        "evidence": list(plan.evidence),
        "start": plan.start.isoformat(),
        "window_end": plan.window_end.isoformat(),
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


def _src(evidence: tuple[str, ...]) -> str:
    return ", ".join(evidence) if evidence else NOT_EVIDENCE


def print_plan(plan: Plan, done: Adherence | None) -> None:
    click.secho(f"{plan.title}  ({_src(plan.evidence)})", bold=True)
    click.echo(f"From {plan.start} to {plan.window_end}.")
    for note in plan.notes:
        click.echo(f"  ! {note}")
    click.echo("\nProfessional sessions:")
    if not plan.sessions:
        click.echo("  none in this plan")
    for s in plan.sessions:
        cost = f", {s.cost} {plan.currency}" if s.cost is not None else ""
        moved = f" (moved from {s.moved_from})" if s.moved_from else ""
        click.echo(f"  {s.on:%a %Y-%m-%d}  {s.duration_min} min{cost}{moved}")
    if plan.sessions:
        click.echo(f"  why: {plan.sessions[0].reason} ({_src(plan.sessions[0].evidence)})")
    slot = plan.self_massage
    click.echo("\nDaily self-massage:")
    if slot.tools:
        tools = ", ".join(t.value for t in slot.tools)
        click.echo(
            f"  at {slot.at:%H:%M} with {tools}; at most {slot.cap_min} min for ball and roller"
        )
    click.echo(f"  why: {slot.reason} ({_src(slot.evidence)})")
    click.echo("\nStaying active:")
    activity = plan.activity
    click.echo(
        f"  {activity.minutes_per_day} min a day. {activity.reason} ({_src(activity.evidence)})"
    )
    click.echo("\nAssessments:")
    for a in plan.assessments:
        click.echo(f"  {a.on}  week {a.weeks}: {a.reason} ({_src(a.evidence)})")
    for u in plan.unscheduled:
        click.echo(f"  ! missed {u.was_on}: {u.reason}")
    if done is not None:
        click.echo(f"\nSo far: {done.professional.words}")
        click.echo(
            f"Self-massage: {done.self_massage.done} of {done.self_massage.planned} days "
            "up to today."
        )
