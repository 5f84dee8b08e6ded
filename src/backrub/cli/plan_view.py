"""How a plan looks in the terminal (its JSON shape is ``backrub.services.shapes.plan_json``)."""

from __future__ import annotations

import click

from backrub.cli.shown import clock, day, money, weekday_day
from backrub.domain.adherence import Adherence
from backrub.domain.plan_model import Plan
from backrub.domain.plans import day_names
from backrub.i18n import N_, _

NOT_EVIDENCE = N_("product default, not evidence")


def _src(evidence: tuple[str, ...]) -> str:
    return ", ".join(evidence) if evidence else _(NOT_EVIDENCE)


def print_plan(plan: Plan, done: Adherence | None) -> None:
    click.secho(f"{_(plan.title)}  ({_src(plan.evidence)})", bold=True)
    click.echo(
        _(
            "From %(start)s to %(end)s, on %(days)s.",
            start=day(plan.start),
            end=day(plan.window_end),
            days=day_names(plan.weekdays),
        )
    )
    for note in plan.notes:
        click.echo(f"  ! {note}")
    _print_sessions(plan)
    slot = plan.self_massage
    click.echo("\n" + _("Daily self-massage:"))
    if slot.tools:
        tools = ", ".join(t.value for t in slot.tools)
        click.echo(
            "  "
            + _(
                "at %(at)s with %(tools)s; at most %(cap)s min for ball and roller",
                at=clock(slot.at),
                tools=tools,
                cap=slot.cap_min,
            )
        )
    click.echo("  " + _("why: %(reason)s", reason=slot.reason) + f" ({_src(slot.evidence)})")
    click.echo("\n" + _("Staying active:"))
    activity = plan.activity
    click.echo(
        "  "
        + _(
            "%(minutes)s min a day. %(reason)s",
            minutes=activity.minutes_per_day,
            reason=activity.reason,
        )
        + f" ({_src(activity.evidence)})"
    )
    click.echo("\n" + _("Assessments:"))
    for a in plan.assessments:
        words = _("%(day)s  week %(num)d: %(reason)s", day=day(a.on), num=a.weeks, reason=a.reason)
        click.echo(f"  {words} ({_src(a.evidence)})")
    for u in plan.unscheduled:
        click.echo("  ! " + _("missed %(day)s: %(reason)s", day=day(u.was_on), reason=u.reason))
    if done is not None:
        click.echo("\n" + _("So far: %(words)s", words=done.professional.words))
        click.echo(
            _(
                "Self-massage: %(done)s of %(planned)s days up to today.",
                done=done.self_massage.done,
                planned=done.self_massage.planned,
            )
        )


def _print_sessions(plan: Plan) -> None:
    click.echo("\n" + _("Professional sessions:"))
    if not plan.sessions:
        click.echo("  " + _("none in this plan"))
    for s in plan.sessions:
        cost = f", {money(s.cost, plan.currency)}" if s.cost is not None else ""
        moved = " " + _("(moved from %(day)s)", day=day(s.moved_from)) if s.moved_from else ""
        click.echo(f"  {weekday_day(s.on)}  {s.duration_min} min{cost}{moved}")
    if plan.sessions:
        first = plan.sessions[0]
        click.echo("  " + _("why: %(reason)s", reason=first.reason) + f" ({_src(first.evidence)})")
