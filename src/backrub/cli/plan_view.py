"""How a plan looks in the terminal (its JSON shape is ``backrub.services.shapes.plan_json``)."""

from __future__ import annotations

import click

from backrub.domain.adherence import Adherence
from backrub.domain.plan_model import Plan
from backrub.domain.plans import day_names

NOT_EVIDENCE = "product default, not evidence"


def _src(evidence: tuple[str, ...]) -> str:
    return ", ".join(evidence) if evidence else NOT_EVIDENCE


def print_plan(plan: Plan, done: Adherence | None) -> None:
    click.secho(f"{plan.title}  ({_src(plan.evidence)})", bold=True)
    click.echo(f"From {plan.start} to {plan.window_end}, on {day_names(plan.weekdays)}.")
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
